"""How often each Keras 1/2 spelling occurs in real old code, and how much of
it the migration rules (KG6xx) report.

    python bench/legacy_frequency.py                  # the sample in bench/corpus/legacy
    python bench/legacy_frequency.py --mirror DIR     # where fetched repositories are (default /work/.mirror)
    python bench/legacy_frequency.py --json out.json  # also write the table

The sample (bench/corpus/legacy/, see its README): short snippets reduced from
GitHub issues and Stack Overflow questions, each citing its URL, and files of
old repositories (Keras's own 1.2.2 and 2.2.4 examples and documentation, the
first edition of Deep Learning with Python) named by URL and commit in
``repositories.json``. Those files are read from a local git snapshot of the
repository (``<mirror>/<owner>+<name>/repo``) and never committed here; without
the snapshot they are left out and the script says so.

Each unit (a file, a notebook's code cells, a documentation page's Python
blocks in order) is counted twice:

- independently, with Keras 3 as the oracle: every import of a Keras module or
  name that Keras 3.15.1 does not have, every keyword a Keras 3 class or model
  method does not accept, every attribute of ``keras.backend``/``keras.layers``
  that is gone, Keras 1's positional kernels, and files importing from two Keras
  packages. This walks the syntax itself and imports Keras to ask it; it uses
  nothing from kgraphlint;
- with kgraphlint: ``lint_source`` with the KG6 family selected.

An occurrence is covered when a KG6 finding of kgraphlint starts within its
span (the keyword, the import, the attribute; for a file mixing two Keras
packages, its line). The table lists each spelling by frequency with its coverage; the
targets are: every spelling seen more than once covered, and at least 95% of
occurrences. This is a script, not a test: it imports Keras (about 10 s).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "corpus", "legacy")
sys.path.insert(0, os.path.dirname(HERE))

# Roots under which a Keras 3 name is looked up (tf.keras is Keras 3 since TF 2.16).
KERAS3 = {"keras": "keras", "tensorflow.keras": "keras", "tf.keras": "keras"}
# Keras 2 packages that still exist as such: only their mixing with Keras 3 is counted.
KERAS2 = ("tf_keras", "tensorflow.python.keras")
# Keras 2.2.4 Model/Sequential methods (keras/engine/training.py, sequential.py,
# network.py); the ones Keras 3's Model lacks are the removed methods.
KERAS2_MODEL_METHODS = (
    "add", "pop", "compile", "fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch",
    "fit_generator", "evaluate_generator", "predict_generator", "predict_classes", "predict_proba", "summary",
    "save", "save_weights", "load_weights", "to_json", "to_yaml", "get_layer", "get_weights", "set_weights",
    "reset_states", "count_params", "get_config", "get_input_at", "get_output_at", "get_input_shape_at",
    "get_output_shape_at", "get_input_mask_at", "get_output_mask_at", "get_updates_for", "get_losses_for",
    "run_internal_graph", "compute_output_shape",
)
FIT_LIKE = {"fit_generator": "fit", "evaluate_generator": "evaluate", "predict_generator": "predict"}
# Keras 1's Convolution*D(filters, rows, cols[, depth]): the kernel in positional arguments.
POSITIONAL_CONV = {"Convolution2D": 2, "Deconvolution2D": 2, "AtrousConvolution2D": 2,
                   "SeparableConvolution2D": 2, "Convolution3D": 3, "Conv2D": 2, "Conv3D": 3}


@dataclass(frozen=True)
class Occurrence:
    """A spelling at a span of the source (1-based columns, as kgraphlint's)."""

    line: int
    column: int
    end_line: int
    end_column: int
    kind: str
    spelling: str

    def holds(self, line: int, column: int) -> bool:
        if self.kind == "mixed":  # a file-level fact: its line
            return line == self.line
        return (self.line, self.column) <= (line, column) <= (self.end_line, self.end_column)


@dataclass
class Unit:
    """One piece of old code: a file, a notebook's code cells or a documentation block."""

    url: str
    source: str
    text: str


# -- the sample -------------------------------------------------------------------------
def code_blocks(markdown: str) -> list:
    return [m.group(1) for m in re.finditer(r"```(?:python)?[^\n]*\n(.*?)```", markdown, re.S)]


def notebook_code(raw: str) -> str:
    cells = json.loads(raw).get("cells", [])
    lines = []
    for cell in cells:
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else source
            lines += [line for line in text.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return "\n".join(lines) + "\n"


def mentions_keras(text: str) -> bool:
    return "keras" in text or re.search(r"\b(Dense|Sequential|Convolution2D|LSTM|model\.fit)\b", text) is not None


def parses(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


def load_sample(mirror: str) -> tuple:
    """(units, files left out per set, documentation blocks that are not Python)."""
    units, missing, skipped = [], Counter(), 0
    snippets = os.path.join(SAMPLE, "snippets")
    for name in sorted(os.listdir(snippets)):
        if name.endswith(".py"):
            text = Path(snippets, name).read_text(encoding="utf-8")
            url = text.splitlines()[0].removeprefix("# Source:").strip()
            units.append(Unit(url, "GitHub issues and Stack Overflow (snippets/)", text))
    for entry in json.loads(Path(SAMPLE, "repositories.json").read_text(encoding="utf-8")):
        git = os.path.join(mirror, entry["repo"].replace("/", "+"), "repo")
        try:
            raw = subprocess.run(["git", "-C", git, "show", f"{entry['commit']}:{entry['path']}"],
                                 capture_output=True, text=True, check=True).stdout
        except (subprocess.CalledProcessError, FileNotFoundError):
            missing[entry["set"]] += 1
            continue
        if entry["path"].endswith(".md"):  # a page's blocks in order, as a reader runs them
            blocks = [b for b in code_blocks(raw) if mentions_keras(b)]
            kept = [b for b in blocks if parses(b)]
            skipped += len(blocks) - len(kept)
            if kept:
                units.append(Unit(entry["url"], entry["set"], "\n".join(kept)))
        elif entry["path"].endswith(".ipynb"):
            units.append(Unit(entry["url"], entry["set"], notebook_code(raw)))
        else:
            units.append(Unit(entry["url"], entry["set"], raw))
    return units, missing, skipped


# -- the independent count ----------------------------------------------------------------
class Keras3:
    """Answers from the installed Keras 3: does this module, name or keyword exist?"""

    def __init__(self):
        import keras

        self.keras = keras
        self.modules: dict = {}

    def module(self, path: str):
        if path not in self.modules:
            try:
                self.modules[path] = importlib.import_module(path)
            except ImportError:
                self.modules[path] = None
        return self.modules[path]

    def nearest(self, path: str):
        """A name reached through a module Keras 3 dropped, looked up in the
        enclosing package (``keras.layers.core.Dense`` -> ``keras.layers.Dense``):
        how a reader finds its keywords."""
        parts = path.split(".")
        for cut in range(len(parts) - 2, 0, -1):
            ok, obj = self.resolve(".".join([*parts[:cut], parts[-1]]))
            if ok:
                return True, obj
        return False, None

    def resolve(self, path: str):
        """(found, object) for a dotted Keras 3 path; (False, missing part) if gone."""
        parts = path.split(".")
        for cut in range(len(parts), 0, -1):
            module = self.module(".".join(parts[:cut]))
            if module is not None:
                obj = module
                for i, part in enumerate(parts[cut:], cut):
                    if not hasattr(obj, part):
                        return False, ".".join(parts[: i + 1])
                    obj = getattr(obj, part)
                return True, obj
        return False, parts[0]

    def keywords(self, obj):
        """(accepted, ignored) keywords of ``obj``: ``accepted`` None when it takes
        any; ``ignored`` the ones it accepts only to drop (popped from ``**kwargs``
        with a warning), or ALL when ``**kwargs`` swallows whatever it is given."""
        layer, optimizer = self.keras.layers.Layer, self.keras.optimizers.Optimizer
        if obj is self.keras.Model:  # Model(...) with inputs and outputs builds a Functional
            from keras.src.models.functional import Functional

            obj = Functional
        if inspect.isclass(obj):
            names, ignored, strict = set(), set(), issubclass(obj, (layer, optimizer))
            for klass in obj.__mro__:
                init = klass.__dict__.get("__init__")
                if init is None:
                    continue
                try:
                    params = inspect.signature(init).parameters.values()
                except (TypeError, ValueError):
                    return None, set()
                names |= {p.name for p in params if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}
                taken, warned = popped(init)
                names |= taken
                ignored |= warned
                if not strict and any(p.kind == p.VAR_KEYWORD for p in params) and klass is not object:
                    return None, set()
            if issubclass(obj, layer):
                names |= {"input_shape", "input_dim"}  # Layer.__init__ pops these two: they still work
                ignored -= {"input_shape", "input_dim"}
            return names, ignored
        if callable(obj):
            try:
                params = list(inspect.signature(obj).parameters.values())
            except (TypeError, ValueError):
                return None, set()
            names = {p.name for p in params if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}
            rest = [p.name for p in params if p.kind == p.VAR_KEYWORD]
            if rest:
                if getattr(obj, "__module__", "").startswith("keras.src.layers"):
                    return names | self.keywords(layer)[0], set()  # merge functions pass **kwargs to their layer
                try:
                    body = inspect.getsource(obj)
                except (OSError, TypeError):
                    return None, set()
                if body.count(rest[0]) == 1:  # named in the signature, never used: swallowed
                    return names, ALL
                return None, set()
            return names, set()
        return None, set()


ALL = frozenset({"*"})  # every keyword not in the signature is dropped


def popped(function) -> tuple:
    """(keywords a constructor takes out of ``**kwargs`` itself, those of them
    followed by a warning: deprecated ones it accepts and drops, as Embedding's
    ``input_length``)."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return set(), set()
    taken, warned = set(), set()
    for m in re.finditer(r"kwargs\.pop\(\s*[\"'](\w+)[\"']", source):
        taken.add(m.group(1))
        if "warn" in source[m.end(): m.end() + 300]:
            warned.add(m.group(1))
    return taken, warned


def dotted(expr, names: dict) -> str | None:
    parts = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name) or expr.id not in names:
        return None
    return ".".join([names[expr.id], *reversed(parts)])


def keras_root(path: str):
    """(Keras 3 path, root as written) for a path under a Keras 3 root, else (None, root or None)."""
    for root, home in KERAS3.items():
        if path == root or path.startswith(root + "."):
            return home + path[len(root):], root
    for root in KERAS2:
        if path == root or path.startswith(root + "."):
            return None, root
    return None, None


def independent(tree, keras3: Keras3) -> list:
    """Every spelling Keras 3 rejects or reads differently, found by asking Keras 3."""
    found, names, roots = [], {}, {}

    def add(node, kind, spelling):
        found.append(Occurrence(node.lineno, node.col_offset + 1, node.end_lineno or node.lineno,
                                (node.end_col_offset or 0) + 1, kind, spelling))

    def note_root(path, node):
        _, root = keras_root(path)
        if root is not None:
            flavour = {"tf.keras": "tensorflow.keras"}.get(root, root)
            roots.setdefault(flavour, node.lineno)

    imports = sorted((n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))),
                     key=lambda n: (n.lineno, n.col_offset))
    for node in imports:
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
                note_root(alias.name, node)
                modern, _ = keras_root(alias.name)
                if modern and keras3.module(modern) is None:
                    add(node, "import", f"import {modern}")
            continue
        if not node.module or node.level:
            continue
        note_root(node.module, node)
        modern, _ = keras_root(node.module)
        for alias in node.names:
            if alias.name != "*":
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        if modern is None:
            continue
        if keras3.module(modern) is None:
            add(node, "import", f"from {modern} import ...")
            continue
        for alias in node.names:
            if alias.name != "*" and keras3.module(f"{modern}.{alias.name}") is None \
                    and not hasattr(keras3.module(modern), alias.name):
                add(alias if hasattr(alias, "lineno") else node, "import", f"from {modern} import {alias.name}")

    calls = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset))
    seen_attributes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            path = dotted(node, names)
            if path:
                note_root(path, node)
            modern = keras_root(path)[0] if path else None
            if modern and "." in modern and keras3.module(modern.rsplit(".", 1)[0]) is not None:
                ok, _ = keras3.resolve(modern)
                if not ok and id(node) not in seen_attributes:
                    seen_attributes.add(id(node))
                    add(node, "name", f"{modern.rsplit('.', 2)[-2]}.{modern.rsplit('.', 1)[1]}")
    for call in calls:
        path = dotted(call.func, names)
        modern = keras_root(path)[0] if path else None
        if modern:
            ok, obj = keras3.resolve(modern)
            if not ok:  # the import (or attribute) of the name is the occurrence; its keywords still count
                ok, obj = keras3.nearest(modern)
            if not ok:
                continue  # the import or the attribute above is the occurrence
            written = path.rsplit(".", 1)[-1]
            dims = POSITIONAL_CONV.get(written)
            if dims and len(call.args) == 1 + dims and not any(isinstance(a, ast.Starred) for a in call.args) \
                    and not {k.arg for k in call.keywords} & {"kernel_size", "strides"}:
                if written.startswith("Conv") and not written.startswith("Convolution"):
                    spelling = f"{written}(filters, k, k) positional kernel (Keras 2 spelling)"
                else:
                    spelling = f"{written}(filters, rows, cols) positional kernel"
                add(call.args[1], "positional", spelling)
            accepted, ignored = keras3.keywords(obj)
            for kw in call.keywords:
                if not kw.arg:
                    continue
                if kw.arg in ignored or (ignored is ALL and accepted is not None and kw.arg not in accepted):
                    add(kw, "ignored", f"{written}({kw.arg}=)")
                elif accepted is not None and kw.arg not in accepted:
                    add(kw, "keyword", f"{written}({kw.arg}=)")
        elif isinstance(call.func, ast.Attribute) and path is None:
            method = call.func.attr
            # A method Keras 3's layers kept (an RNN's reset_states) counts only on a plain name:
            # `model.layers[0].reset_states()` is a layer's call, and fine.
            layer_kept = hasattr(keras3.keras.layers.LSTM, method)
            if method in KERAS2_MODEL_METHODS and not hasattr(keras3.keras.Sequential, method) \
                    and (not layer_kept or isinstance(call.func.value, ast.Name)):
                add(call.func, "method", f".{method}()")
            target = FIT_LIKE.get(method, method)
            if target in ("fit", "evaluate", "predict", "compile") and (method in FIT_LIKE or any(
                    kw.arg in ("nb_epoch", "samples_per_epoch", "nb_val_samples", "show_accuracy") for kw in call.keywords)):
                accepted, _ = keras3.keywords(getattr(keras3.keras.Model, target))
                for kw in call.keywords:
                    if kw.arg and accepted is not None and kw.arg not in accepted and kw.arg != "generator":
                        add(kw, "keyword", f".{method}({kw.arg}=)")
    keras_flavours = set(roots)
    if len(keras_flavours) > 1:
        line = max(roots.values())
        found.append(Occurrence(line, 1, line, 1, "mixed", " + ".join(sorted(keras_flavours))))
    return found


# -- kgraphlint's count ---------------------------------------------------------------------
def kgraphlint_findings(text: str) -> list:
    from kgraphlint.config import Layer, Settings
    from kgraphlint.rules import lint_source

    migration = Settings(layers=(Layer(select=("KG6",)),))  # as `check --select KG6`
    return [d for d in lint_source(text, "<sample>.py", migration) if d.code.startswith("KG6")]


# -- the table ---------------------------------------------------------------------------------
def measure(units: list, keras3: Keras3) -> dict:
    occurrences, covered = Counter(), Counter()
    examples: dict = {}
    sets: dict = defaultdict(Counter)
    own_codes, unmatched = Counter(), []
    unparsed = []
    for unit in units:
        try:
            tree = ast.parse(unit.text)
        except SyntaxError:
            unparsed.append(unit.url)
            continue
        found = independent(tree, keras3)
        findings = kgraphlint_findings(unit.text)
        own_codes.update(d.code for d in findings)
        for occ in found:
            key = (occ.kind, occ.spelling)
            occurrences[key] += 1
            sets[unit.source][key] += 1
            hit = any(occ.holds(d.line, d.column) for d in findings)
            covered[key] += hit
            if not hit:
                examples.setdefault(key, f"{unit.url} line {occ.line}")
        for d in findings:
            if not any(o.holds(d.line, d.column) for o in found):
                unmatched.append(f"{unit.url} line {d.line}: {d.code} {d.message}")
    return {"units": len(units), "unparsed": unparsed, "occurrences": occurrences, "covered": covered,
            "uncovered_example": examples, "sets": sets, "kgraphlint_codes": own_codes,
            "kgraphlint_only": unmatched}


def report(result: dict, missing: Counter, skipped: int) -> bool:
    occurrences, covered = result["occurrences"], result["covered"]
    total, hits = sum(occurrences.values()), sum(covered.values())
    print(f"units: {result['units']} ({len(result['unparsed'])} not parseable as Python, left out; "
          f"{skipped} documentation blocks that are not Python left out)")
    for url in result["unparsed"]:
        print(f"  not parseable: {url}")
    for name, count in sorted(missing.items()):
        print(f"  left out, no local snapshot: {count} files of {name}")
    by_set = {name: sum(c.values()) for name, c in result["sets"].items()}
    print("occurrences by source: " + ", ".join(f"{n} {c}" for n, c in sorted(by_set.items())))
    print(f"\n{'count':>5} {'covered':>7}  kind        spelling")
    for (kind, spelling), count in sorted(occurrences.items(), key=lambda kv: (-kv[1], kv[0])):
        mark = "" if covered[(kind, spelling)] == count else "   <- " + result["uncovered_example"][(kind, spelling)]
        print(f"{count:>5} {covered[(kind, spelling)]:>7}  {kind:<10}  {spelling}{mark}")
    spellings = len(occurrences)
    full = sum(1 for k, c in occurrences.items() if covered[k] == c)
    repeated = [k for k, c in occurrences.items() if c > 1]
    repeated_full = sum(1 for k in repeated if covered[k] == occurrences[k])
    share = hits / total if total else 1.0
    print(f"\noccurrences: {total}, reported by kgraphlint: {hits} ({share:.1%})")
    print(f"spellings: {spellings}, fully covered: {full}; seen more than once: {len(repeated)}, "
          f"fully covered: {repeated_full}")
    print("kgraphlint findings by code: " + ", ".join(f"{c} {n}" for c, n in sorted(result["kgraphlint_codes"].items())))
    if result["kgraphlint_only"]:
        print(f"kgraphlint findings on lines the independent count has nothing on: {len(result['kgraphlint_only'])}")
        for line in result["kgraphlint_only"]:
            print("  " + line)
    met = share >= 0.95 and repeated_full == len(repeated)
    print("target (every spelling seen twice covered, >= 95% of occurrences): " + ("met" if met else "NOT met"))
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirror", default="/work/.mirror", help="directory of fetched repositories")
    parser.add_argument("--json", help="write the counts here")
    args = parser.parse_args()
    units, missing, skipped = load_sample(args.mirror)
    result = measure(units, Keras3())
    met = report(result, missing, skipped)
    if args.json:
        rows = [{"kind": k, "spelling": s, "count": c, "covered": result["covered"][(k, s)]}
                for (k, s), c in result["occurrences"].most_common()]
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"units": result["units"], "rows": rows}, out, indent=1)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
