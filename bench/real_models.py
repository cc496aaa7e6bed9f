"""kgraphlint's summary on real Keras code it may not edit, checked model by
model against the models TensorFlow builds from the same calls.

Corpus:
- Keras's own applications (the installed ``keras/src/applications/*.py``):
  every public builder, called with ``weights=None`` and, where it takes
  them, a smaller input and a few other arguments.
- Model-building packages from PyPI, fetched with ``pip download --no-deps``
  into ``bench/corpus/.cache/`` (gitignored) and read as unpacked files,
  never installed: their builder functions called with the arguments below.

For each call, the static side analyses the builder's module as it is, with
the call appended (``engine.analyze`` + ``summary.model_json``; the engine
sees that one file only, so what comes from sibling modules is unknown to
it). The Keras side imports the same module in one TensorFlow subprocess,
with sockets disabled, and makes the same call. Each model is then:

- exact: marked exact, and every name, shape and count is Keras's;
- not exact: marked not exact, and nothing given as a fact is wrong;
- wrong: a number given as a fact differs from Keras's (must be 0);
- not found: the engine finds no model for the call;
- crash: the engine raised (it must never: reported apart, as a bug).

    python bench/real_models.py [--only SUBSTRING] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

import re

PUBLIC = re.compile(r"^@keras_export\(\s*\[?\s*\"keras\.applications\.(?:[a-z_0-9]+\.)?([A-Z]\w*)\"", re.M)


def applications_dir() -> Path:
    """The installed Keras's own applications (the builders this bench calls)."""
    import importlib.util

    spec = importlib.util.find_spec("keras")
    return Path(spec.origin).parent / "src" / "applications"

from kgraphlint.commands.summary import model_json
from kgraphlint.engine import analyze
from tests.harness.exactness import differences, never_wrong

CACHE = BENCH / "corpus" / ".cache"
PROBE = "__kg_probe__"

# Arguments for builders that take an input shape: smaller than the 224x224
# default where Keras allows it, so TensorFlow builds them in seconds.
APPLICATION_CALLS = {
    "default": ["weights=None"],
    "small": ["weights=None", "weights=None, input_shape=(96, 96, 3), classes=10",
              "weights=None, include_top=False, pooling='avg'"],
}

# (pip requirement, unpacked module file, importable module, calls). Left out:
# calls Keras 3 itself rejects (keras-unet's attention gates and
# keras-unet-collection's resunet_a call the TF1 `get_shape()`; its vnet_2d
# adds tensors of different widths).
PACKAGES = [
    ("keras-unet==0.1.2", "keras_unet/models/custom_unet.py", "keras_unet.models.custom_unet", [
        "custom_unet(input_shape=(128, 128, 3))",
        "custom_unet((64, 64, 1), num_classes=3, num_layers=2, filters=8, output_activation='softmax')",
        "custom_unet((64, 64, 3), upsample_mode='simple', use_batch_norm=False, dropout_type='standard')",
    ]),
    ("keras-unet==0.1.2", "keras_unet/models/vanilla_unet.py", "keras_unet.models.vanilla_unet", [
        "vanilla_unet(input_shape=(572, 572, 1))",
        "vanilla_unet((256, 256, 3), num_classes=2, filters=16, num_layers=3)",
    ]),
    ("keras-unet==0.1.2", "keras_unet/models/satellite_unet.py", "keras_unet.models.satellite_unet", [
        "satellite_unet(input_shape=(128, 128, 3))",
        "satellite_unet((64, 64, 3), num_classes=2, num_layers=2)",
    ]),
    ("keras-unet==0.1.2", "keras_unet/models/custom_vnet.py", "keras_unet.models.custom_vnet", [
        "custom_vnet((32, 32, 32, 1), num_layers=2, filters=8)",
    ]),
    ("keras-unet-collection==0.1.13", "keras_unet_collection/_model_unet_2d.py",
     "keras_unet_collection._model_unet_2d", [
         "unet_2d((128, 128, 3), [16, 32, 64], n_labels=2)",
         "unet_2d((64, 64, 1), [8, 16, 32, 64], n_labels=3, batch_norm=True, pool='max', unpool=False)",
     ]),
    ("keras-unet-collection==0.1.13", "keras_unet_collection/_model_att_unet_2d.py",
     "keras_unet_collection._model_att_unet_2d", ["att_unet_2d((128, 128, 3), [16, 32, 64], n_labels=2)"]),
    ("keras-unet-collection==0.1.13", "keras_unet_collection/_model_r2_unet_2d.py",
     "keras_unet_collection._model_r2_unet_2d", ["r2_unet_2d((64, 64, 3), [16, 32, 64], n_labels=2)"]),
    ("keras-unet-collection==0.1.13", "keras_unet_collection/_model_unet_plus_2d.py",
     "keras_unet_collection._model_unet_plus_2d", ["unet_plus_2d((64, 64, 3), [16, 32, 64], n_labels=2)"]),
    ("keras-unet-collection==0.1.13", "keras_unet_collection/_model_unet_3plus_2d.py",
     "keras_unet_collection._model_unet_3plus_2d",
     ["unet_3plus_2d((64, 64, 3), n_labels=2, filter_num_down=[16, 32, 64])"]),
    ("keras-tcn==3.5.7", "tcn/tcn.py", "tcn.tcn", [
        ("compiled_tcn(num_feat=3, num_classes=5, nb_filters=16, kernel_size=3, dilations=[1, 2, 4], "
         "nb_stacks=1, max_len=32)"),
        ("compiled_tcn(num_feat=1, num_classes=0, nb_filters=8, kernel_size=2, dilations=[1, 2], nb_stacks=2, "
         "max_len=16, regression=True, output_len=1, return_sequences=False)"),
    ]),
]


# -- the corpus -------------------------------------------------------------------

def application_cases() -> list:
    """(label, module file, importable module, call) for every public builder."""
    folder = applications_dir()
    cases = []
    for path in sorted(folder.glob("*.py")):
        if path.name.endswith("_test.py") or path.name in ("__init__.py", "imagenet_utils.py"):
            continue
        source = path.read_text(encoding="utf-8")
        for name in sorted(set(PUBLIC.findall(source))):
            small = "input_shape" in source and not name.startswith(("NASNetLarge", "ConvNeXtXLarge"))
            for args in APPLICATION_CALLS["small" if small else "default"]:
                module = "keras.src.applications." + path.stem
                cases.append((f"keras/{path.stem}", str(path), module, f"{name}({args})"))
    return cases


def unpacked(requirement: str) -> Path:
    """The package's wheel, downloaded once and unpacked into the cache."""
    folder = CACHE / requirement.replace("==", "-")
    if not folder.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        download = CACHE / "wheels"
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", requirement, "-d", str(download)],
                       check=True)
        stem = requirement.split("==")[0].replace("-", "_")
        version = requirement.split("==")[1]
        wheel = next(download.glob(f"{stem}-{version}-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(folder)
    return folder


def package_cases() -> list:
    cases = []
    for requirement, file, module, calls in PACKAGES:
        folder = unpacked(requirement)
        for call in calls:
            cases.append((requirement, str(folder / file), module, call, str(folder)))
    return cases


# -- the two sides ------------------------------------------------------------------

def static_side(path: str, call: str):
    """(verdict kind or None, the model the engine finds for ``call`` appended
    to the module, or what happened instead)."""
    source = Path(path).read_text(encoding="utf-8")
    try:
        models = [m for m in analyze(f"{source}\n\n{PROBE} = {call}\n", path).models if m.name == PROBE]
    except Exception as exc:  # an engine crash is a result to report, not to hide
        return "crash", f"{type(exc).__name__}: {exc}"
    return (None, model_json(models[-1])) if models else ("not found", "no model found for the call")


KERAS_SIDE = r'''
import contextlib, importlib, io, json, os, socket, sys, warnings
warnings.simplefilter("ignore")
def _no_network(*args, **kwargs):
    raise OSError("network disabled by bench/real_models.py")
socket.socket.connect = _no_network
socket.create_connection = _no_network
# Plotting and image libraries some packages import at the top and never use
# to build a model: empty stand-ins, so that a missing one does not hide a model.
import importlib.abc, importlib.machinery, types
class _StandIns(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    ROOTS = {"matplotlib", "PIL", "cv2"}
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.ROOTS:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__path__ = []
        module.__getattr__ = lambda attr: None
        return module
    def exec_module(self, module):
        pass
sys.meta_path.append(_StandIns())
jobs = json.load(sys.stdin)
sys.path.insert(0, jobs["harness"])
import keras
from keras_models import describe
out = []
for module, call, path in jobs["cases"]:
    if path and path not in sys.path:
        sys.path.insert(0, path)
    try:
        keras.backend.clear_session()
        with contextlib.redirect_stdout(io.StringIO()):
            namespace = vars(importlib.import_module(module))
            out.append({"model": describe(eval(call, dict(namespace)))})
    except Exception as exc:
        out.append({"error": f"{type(exc).__name__}: {str(exc)[:300]}"})
print(json.dumps(out))
'''


def keras_side(cases) -> list:
    jobs = {"harness": str(ROOT / "tests" / "harness"),
            "cases": [(c[2], c[3], c[4] if len(c) > 4 else None) for c in cases]}
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    proc = subprocess.run([sys.executable, "-c", KERAS_SIDE], input=json.dumps(jobs), capture_output=True,
                          text=True, env=env, check=False)
    if proc.returncode != 0:
        sys.exit(f"the TensorFlow side failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def verdict(static, real) -> tuple:
    """("exact" | "not exact" | "wrong", problems)."""
    if static.get("exact") is True:
        problems = differences(static, real)
        return ("exact" if not problems else "wrong"), problems
    # auto names are matched with Keras's by name; an unmatched row is not counted wrong
    problems = never_wrong(static, real, unmatched_exact_rows_are_wrong=False)
    return ("not exact" if not problems else "wrong"), problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the cases whose label or call contains this")
    parser.add_argument("--json", help="write every verdict to this file")
    args = parser.parse_args(argv)
    cases = application_cases() + package_cases()
    if args.only:
        cases = [c for c in cases if args.only in c[0] or args.only in c[3]]
    real = keras_side(cases)
    counts = {"exact": 0, "not exact": 0, "wrong": 0, "not found": 0, "crash": 0, "Keras fails": 0}
    rows, wrongs = [], []
    for case, built in zip(cases, real):
        label, path, _, call = case[:4]
        kind, static = static_side(path, call)
        if "error" in built:
            kind, detail = "Keras fails", built["error"]
        elif kind is not None:
            detail = static
        else:
            kind, problems = verdict(static, built["model"])
            detail = f"{static['total_params']} vs Keras {built['model']['total_params']}"
            if kind == "not exact":
                reasons = static.get("unknown_reasons") or []
                detail += f"; {reasons[0]['reason']} (line {reasons[0]['line']})" if reasons else ""
            if kind == "wrong":
                wrongs.append((label, call, problems))
        counts[kind] += 1
        rows.append({"corpus": label, "call": call, "verdict": kind, "detail": detail})
        print(f"{kind:11} {label:34} {call[:60]:60} {detail[:120]}")
    print()
    for label, call, problems in wrongs:
        print(f"WRONG {label} {call}:")
        for p in problems[:8]:
            print(f"    {p[:300]}")
    print("models: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if args.json:
        Path(args.json).write_text(json.dumps({"counts": counts, "models": rows}, indent=1))
    return 1 if counts["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
