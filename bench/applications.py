"""How far the static engine gets on Keras's own applications.

For every builder in the installed ``keras/src/applications/`` (VGG16,
ResNet50, ...), analyse its source statically with default arguments and
compare the total parameter count with the model Keras really builds
(``weights=None``, in one TensorFlow subprocess). Prints one line per builder
and what stopped inference where the totals differ.

    python bench/applications.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgraphlint.engine import analyze


def applications_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("keras")
    return Path(spec.origin).parent / "src" / "applications"


PUBLIC = re.compile(r"^@keras_export\(\s*\[?\s*\"keras\.applications\.(?:[a-z_0-9]+\.)?([A-Z]\w*)\"", re.M)


def static_builders(folder: Path) -> dict:
    """public builder name -> (file, total or None, reason).

    Each public builder (``keras.applications.VGG16``...) is analysed by
    appending a call with default arguments (``weights=None``, as Keras must
    be called without downloads) to its own module's source.
    """
    out = {}
    for path in sorted(folder.glob("*.py")):
        if path.name.endswith("_test.py") or path.name in ("__init__.py", "imagenet_utils.py"):
            continue
        source = path.read_text()
        for name in sorted(set(PUBLIC.findall(source))):
            probe = f"{source}\n\n__kg_probe__ = {name}(weights=None)\n"
            analysis = analyze(probe, str(path))
            models = [m for m in analysis.models if m.name == "__kg_probe__"]
            if not models:
                out[name] = (path.name, None, "no model found for the call")
                continue
            model = models[-1]
            total, _, _ = model.totals()
            out[name] = (path.name, total if isinstance(total, int) else None, _reason(model, total))
    return out


def _reason(model, total) -> str:
    for node in model.nodes():
        if node.kind == "input" and not isinstance(node.output_shapes[0], tuple):
            source = node.arg_sources.get("shape") or node.arg_sources.get("batch_shape") or "?"
            return f"input shape unknown statically (shape={source})"
        if node.stopped:
            return f"stopped at {node.cls}: {node.stopped}"
        if node.error:
            return f"catalogue error at {node.cls}: {node.error.message}"
    return f"total {total}"


KERAS_SIDE = r"""
import json, os, sys, warnings
os.environ["KERAS_BACKEND"] = "tensorflow"
warnings.simplefilter("ignore")
import keras
out = {}
for name in json.load(sys.stdin):
    fn = getattr(keras.applications, name, None)
    if fn is None:
        continue
    try:
        model = fn(weights=None)
        out[name] = model.count_params()
    except Exception as exc:
        out[name] = f"{type(exc).__name__}: {exc}"
    keras.backend.clear_session()
json.dump(out, sys.stdout)
"""


def keras_totals(names) -> dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    proc = subprocess.run(
        [sys.executable, "-c", KERAS_SIDE], input=json.dumps(sorted(names)), capture_output=True, text=True, env=env
    )
    if proc.returncode:
        sys.exit(proc.stderr[-2000:])
    return json.loads(proc.stdout)


def main():
    folder = applications_dir()
    start = time.perf_counter()
    static = static_builders(folder)
    static_seconds = time.perf_counter() - start
    real = keras_totals(static)
    exact = 0
    print(f"{'builder':<24} {'Keras':>12} {'kgraphlint':>12}  result")
    for name in sorted(static):
        _file, total, reason = static[name]
        truth = real.get(name)
        ok = isinstance(truth, int) and total == truth
        exact += ok
        shown = "?" if total is None else f"{total:,}"
        truth_shown = f"{truth:,}" if isinstance(truth, int) else str(truth)[:40]
        print(f"{name:<24} {truth_shown:>12} {shown:>12}  {'exact' if ok else reason}")
    print(f"\n{exact}/{len(static)} builders give Keras's exact total; static analysis took {static_seconds:.2f} s")


if __name__ == "__main__":
    main()
