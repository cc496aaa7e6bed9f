"""Which tensor ops real model code calls, and how many of those call sites
the op catalogue (``kgraphlint/ops``) covers.

Corpus: the keras-hub and keras-cv wheels (``pip download --no-deps`` into
``bench/.cache/ops``, gitignored) plus any ``*.py`` under
``bench/corpus/keras_io``. A call site counts when its callee resolves, through
the file's imports, to ``keras.ops.*``, ``keras.backend.*``,
``keras.activations.*`` or ``tensorflow.*`` (TensorFlow's layer and model
classes excluded: they are not ops). Prints the ops by frequency and the
share of call sites covered. Figures only: nothing here asserts.

    python bench/op_coverage.py [--top 60] [--no-download]
"""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
import zipfile
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, ".cache", "ops")
PACKAGES = ("keras-hub", "keras-cv")

# Import roots -> the namespace the catalogue knows them by.
_ROOTS = {
    "keras.ops": "keras.ops", "keras.src.ops": "keras.ops", "keras_cv.backend.ops": "keras.ops",
    "keras_hub.src.backend.ops": "keras.ops", "keras.backend": "keras.backend",
    "tensorflow.keras.backend": "keras.backend", "keras.activations": "keras.activations",
    "tensorflow.keras.activations": "keras.activations", "tensorflow": "tensorflow",
}
_NOT_OPS = ("keras", "data", "io", "saved_model", "distribute", "config", "test", "summary", "debugging",
            "autograph", "compat", "experimental", "random_normal_initializer", "Variable", "Module",
            "function", "TensorSpec", "py_function", "print", "device", "GradientTape", "name_scope")


def download() -> None:
    os.makedirs(CACHE, exist_ok=True)
    have = os.listdir(CACHE)
    for pkg in PACKAGES:
        if not any(f.startswith(pkg.replace("-", "_")) for f in have):
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", pkg, "-d", CACHE],
                           check=False)


def sources():
    """(name, text) of every Python file of the corpus."""
    for fname in sorted(os.listdir(CACHE)) if os.path.isdir(CACHE) else []:
        if fname.endswith(".whl"):
            with zipfile.ZipFile(os.path.join(CACHE, fname)) as zf:
                for member in zf.namelist():
                    if member.endswith(".py") and "_test" not in member and "/tests/" not in member:
                        yield f"{fname}/{member}", zf.read(member).decode("utf-8", "replace")
    extra = os.path.join(HERE, "corpus", "keras_io")
    for directory, _, names in os.walk(extra):
        for name in sorted(names):
            if name.endswith(".py"):
                with open(os.path.join(directory, name), encoding="utf-8") as fh:
                    yield os.path.join(directory, name), fh.read()


def _aliases(tree) -> dict:
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                out[(a.asname or a.name).split(".")[0] if not a.asname else a.asname] = (
                    a.name if a.asname else a.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def op_path(dotted: str, aliases: dict):
    """``keras.ops.mean`` style name of a callee, or None if not an op."""
    head, _, rest = dotted.partition(".")
    full = aliases.get(head, head) + ("." + rest if rest else "")
    for root in sorted(_ROOTS, key=len, reverse=True):
        if full.startswith(root + "."):
            tail = full[len(root) + 1:]
            if not tail or tail.split(".")[0] in _NOT_OPS or (tail[:1].isupper() and "." not in tail):
                return None
            return f"{_ROOTS[root]}.{tail}"
    return None


# Calls under the op namespaces that make no tensor: configuration and
# string helpers. Printed apart, not counted as op call sites.
_HELPERS = ("keras.activations.get", "keras.activations.serialize", "keras.activations.deserialize",
            "keras.backend.get_uid", "keras.backend.standardize_dtype", "keras.backend.floatx",
            "keras.backend.backend", "keras.backend.epsilon", "keras.backend.image_data_format",
            "keras.backend.is_keras_tensor", "keras.backend.clear_session", "keras.ops.is_tensor",
            "tensorflow.executing_eagerly", "tensorflow.nest.", "tensorflow.strings.", "tensorflow.dtypes.",
            "tensorflow.as_dtype", "tensorflow.is_tensor", "tensorflow.get_static_value",
            "tensorflow.random.set_seed", "tensorflow.TensorShape", "tensorflow.lookup.")


def is_helper(path: str) -> bool:
    return any(path == h or (h.endswith(".") and path.startswith(h)) for h in _HELPERS)


def count(texts) -> Counter:
    sites: Counter = Counter()
    for _, text in texts:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        aliases = _aliases(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                dotted = _dotted(node.func)
                path = op_path(dotted, aliases) if dotted else None
                if path is not None:
                    sites[path] += 1
    return sites


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--no-download", action="store_true")
    opts = parser.parse_args(argv)
    if not opts.no_download:
        download()
    from kgraphlint.ops import covers

    every = count(sources())
    helpers = Counter({p: n for p, n in every.items() if is_helper(p)})
    sites = Counter({p: n for p, n in every.items() if not is_helper(p)})
    total = sum(sites.values())
    if not total:
        print("no corpus: run without --no-download (needs PyPI)")
        return 2
    covered = sum(n for path, n in sites.items() if covers(path))
    print(f"{'op':<44} {'sites':>6} {'cum %':>6}  covered")
    running = 0
    for path, n in sites.most_common(opts.top):
        running += n
        print(f"{path:<44} {n:>6} {100 * running / total:>5.1f}%  {'yes' if covers(path) else 'no'}")
    missing = Counter({p: n for p, n in sites.items() if not covers(p)})
    print(f"\n{len(sites)} distinct ops, {total} call sites; covered: {covered} ({100 * covered / total:.1f}%)")
    print(f"not counted: {sum(helpers.values())} calls of helpers that make no tensor "
          f"({', '.join(p for p, _ in helpers.most_common(6))}, ...)")
    print("most frequent not covered:", ", ".join(f"{p} ({n})" for p, n in missing.most_common(15)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
