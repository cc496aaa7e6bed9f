"""The 40 constructors of ``keras.applications``, read statically.

For each, ``model = keras.applications.<Name>()`` (default arguments, so
``weights="imagenet"``: kgraphlint reads Keras's vendored source and never
downloads) is analysed, and its total, trainable and non-trainable counts and
output shape are compared with the model Keras really builds with
``weights=None``, all in one TensorFlow subprocess.

    python bench/applications.py            # all 40
    python bench/applications.py VGG16 ...  # some
    python bench/applications.py --keras-figures keras.json  # keep Keras's side
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgraphlint.engine import analyze
from kgraphlint.extract.keras_names import APPLICATIONS


def static_figures(name: str) -> dict:
    """kgraphlint's figures for ``keras.applications.<name>()``."""
    analysis = analyze(f"import keras\n\nmodel = keras.applications.{name}()\n", f"<{name}>")
    models = [m for m in analysis.models if m.name == "model"]
    if not models:
        return {"exact": False, "reasons": ["no model found"]}
    model = models[-1]
    total, trainable, non_trainable = model.totals()
    shapes = [model.node(r.node).output_shapes[r.index] for r in model.outputs]
    reasons = [f"line {line}: {why}" for line, why in model.unknown_reasons()]
    return {"total": total, "trainable": trainable, "non_trainable": non_trainable,
            "output_shape": [list(s) if isinstance(s, tuple) else str(s) for s in shapes],
            "exact": not reasons and model.totals_known(), "reasons": reasons}


KERAS_SIDE = r"""
import json, os, sys, warnings
os.environ["KERAS_BACKEND"] = "tensorflow"
warnings.simplefilter("ignore")
import keras
out = {}
for name in json.load(sys.stdin):
    try:
        model = getattr(keras.applications, name)(weights=None)
        trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
        non_trainable = sum(int(w.numpy().size) for w in model.non_trainable_weights)
        out[name] = {"total": model.count_params(), "trainable": trainable, "non_trainable": non_trainable,
                     "output_shape": [list(t.shape) for t in model.outputs]}
    except Exception as exc:
        out[name] = {"error": f"{type(exc).__name__}: {exc}"}
    keras.backend.clear_session()
json.dump(out, sys.stdout)
"""


def keras_figures(names) -> dict:
    """Keras's own figures for each name (``weights=None``), in one subprocess.
    With ``--keras-figures FILE`` they are kept in FILE and read from it next time."""
    saved = _saved_figures()
    if saved is not None and os.path.exists(saved):
        with open(saved) as f:
            figures = json.load(f)
        if set(names) <= set(figures):
            return figures
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    proc = subprocess.run([sys.executable, "-c", KERAS_SIDE], input=json.dumps(sorted(names)),
                          capture_output=True, text=True, env=env)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-2000:])
    figures = json.loads(proc.stdout)
    if saved is not None:
        with open(saved, "w") as f:
            json.dump(figures, f, indent=1)
    return figures


def _saved_figures():
    if "--keras-figures" in sys.argv[:-1]:
        return sys.argv[sys.argv.index("--keras-figures") + 1]
    return None


_COMPARED = ("total", "trainable", "non_trainable", "output_shape")


def verdict(ours: dict, truth: dict) -> str:
    """exact (all four figures Keras's, marked exact), not exact (marked so),
    or wrong (marked exact but a figure differs)."""
    same = "error" not in truth and all(ours.get(k) == truth.get(k) for k in _COMPARED)
    if ours["exact"]:
        return "exact" if same else "WRONG"
    return "not exact"


def main(names=None) -> int:
    names = sorted(names or APPLICATIONS)
    start = time.perf_counter()
    static = {n: static_figures(n) for n in names}
    seconds = time.perf_counter() - start
    real = keras_figures(names)
    counts = {"exact": 0, "not exact": 0, "WRONG": 0}
    print(f"| {'application':<20} | {'total':>12} | {'trainable':>12} | {'non-trainable':>13} | "
          f"{'output shape':<20} | kgraphlint |")
    print(f"|{'-' * 22}|{'-' * 14}|{'-' * 14}|{'-' * 15}|{'-' * 22}|------------|")
    for name in names:
        ours, truth = static[name], real.get(name, {"error": "not built"})
        result = verdict(ours, truth)
        counts[result] += 1
        if "error" in truth:
            print(f"| {name:<20} | {truth['error'][:60]} | {result} |")
            continue
        shape = ", ".join(str(tuple(s)).replace("None", "None") for s in truth["output_shape"])
        print(f"| {name:<20} | {truth['total']:>12,} | {truth['trainable']:>12,} | {truth['non_trainable']:>13,} | "
              f"{shape:<20} | {result:<10} |")
        if result != "exact":
            for reason in ours["reasons"][:3]:
                print(f"|   {reason}")
            if result == "WRONG":
                print(f"|   kgraphlint: {ours}")
    print(f"\n{counts['exact']}/{len(names)} exact, {counts['not exact']} not exact, {counts['WRONG']} wrong; "
          f"static analysis of all {len(names)} took {seconds:.2f} s")
    return 1 if counts["WRONG"] else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--keras-figures" in args:
        i = args.index("--keras-figures")
        del args[i:i + 2]
    sys.exit(main(args))
