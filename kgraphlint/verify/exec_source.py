"""``--exec-source``: run the user's module and compare the models it really
builds with the static extraction. This RUNS USER CODE (opt-in only), in a
subprocess with the same timeout as a build.

The harness is fixed text; the file path and the builder names reach it as
JSON in ``argv``, never as code.
"""

from __future__ import annotations

import json
import os

from .codegen import PREFIX
from .compare import (
    AGREE,
    DISAGREE,
    NOT_VERIFIABLE,
    Difference,
    ModelResult,
    check_layer,
    check_totals,
)
from .concrete import NotVerifiable, concretize
from .runner import run

WARNING = "warning: --exec-source runs your code (imports each file in a subprocess); use it only on code you trust."

HARNESS = f'''\
# kgraphlint verify --exec-source: runs the user's module, reports its models.
import json, math, os, runpy, sys
P = {PREFIX!r}
try:
    import keras
except ImportError as exc:
    print(P, "missing", exc.name or "keras", flush=True)
    sys.exit(3)
reqs = json.loads(sys.argv[1])


def count(ws):
    return sum(math.prod(int(d) for d in w.shape) for w in ws)


def shape(layer):
    try:
        out = layer.output
    except Exception:
        return None
    outs = out if isinstance(out, (list, tuple)) else [out]
    return [[None if d is None else int(d) for d in t.shape] for t in outs]


def describe(m):
    layers = [dict(name=l.name, cls=type(l).__name__, shape=shape(l), trainable=count(l.trainable_weights),
                   non_trainable=count(l.non_trainable_weights)) for l in m.layers]
    return dict(id=id(m), cls=type(m).__name__, name=m.name, layers=layers,
                totals=[count(m.trainable_weights), count(m.non_trainable_weights)])


def models_in(value):
    if isinstance(value, keras.Model):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, keras.Model)]
    return []


def run_one(req):
    out = dict(ok=True, models={{}}, functions={{}})
    try:
        sys.path.insert(0, os.path.dirname(req["path"]))
        ns = runpy.run_path(req["path"], run_name="__kgraphlint_exec__")
    except BaseException as exc:
        return dict(ok=False, error=f"{{type(exc).__name__}}: {{exc}}"[:2000])
    finally:
        del sys.path[0]
    for name, value in ns.items():
        if isinstance(value, keras.Model):
            out["models"][name] = describe(value)
    for fn in req["functions"]:
        try:
            out["functions"][fn] = [describe(m) for m in models_in(ns[fn]())]
        except BaseException as exc:
            out["functions"][fn] = f"{{type(exc).__name__}}: {{exc}}"[:500]
    return out


print(P, "ready", flush=True)
for i in map(int, sys.argv[2:]):
    print(P, "start", i, flush=True)
    print(P, "result", i, json.dumps(run_one(reqs[i])), flush=True)
'''


def run_files(files: list, timeout: float, progress=None) -> list:
    """Harness payloads for ``files`` (``(path, [ModelIR])``), one process
    for all of them; a file that hangs or crashes is isolated by ``run``."""
    requests = [{"path": os.path.abspath(path), "functions": sorted({m.function for m in models if m.function})}
                for path, models in files]
    payloads = run(HARNESS, len(files), timeout, progress, argv_extra=[json.dumps(requests)])
    return [payloads[i] for i in range(len(files))]


def compare_file(path: str, items: list, payload: dict) -> list:
    """One ModelResult per static model (``items``: (ModelIR, symbols)), plus
    one per module-level model the static pass missed."""
    results = []
    if not payload.get("ok"):
        why = "timed out" if payload.get("timeout") else payload.get("error") or payload.get("crashed")
        return [ModelResult(path, 1, "(module)", NOT_VERIFIABLE, f"running the module failed: {why}")]
    runtime = payload["models"]
    matched_ids = set()
    last = {m.name: m for m, _ in items if not m.function}  # a rebound name holds its last model
    for model, symbols in items:
        result = ModelResult(path, model.line, model.name, NOT_VERIFIABLE)
        results.append(result)
        got = _runtime_model(model, runtime, payload["functions"], last, result)
        if got is None:
            continue
        matched_ids.add(got["id"])
        try:
            model, _ = concretize(model, symbols)
        except NotVerifiable as exc:
            result.notes.append(f"compared symbolically: {exc}")
        _compare_rows(model, got, result)
    for name, got in runtime.items():
        if got["id"] not in matched_ids:
            matched_ids.add(got["id"])
            results.append(ModelResult(path, 1, name, DISAGREE, "the module builds this model; the static pass did not find it"))
    return results


def _runtime_model(model, runtime: dict, functions: dict, last: dict, result):
    if model.function:
        got = functions.get(model.function)
        if isinstance(got, str):
            result.reason = f"calling {model.function}() with its defaults failed: {got}"
            return None
        named = [g for g in got or [] if g["name"] == model.keras_name]
        got = named or got or []
        if len(got) != 1:
            result.reason = f"{model.function}() does not return exactly one matching model"
            return None
        return got[0]
    if last.get(model.name) is not model:
        result.reason = f"`{model.name}` is bound again later in the module"
        return None
    if model.name not in runtime:
        result.status = DISAGREE
        result.reason = f"after running the module, `{model.name}` is not a keras.Model"
        return None
    return runtime[model.name]


def _compare_rows(model, got: dict, result: ModelResult):
    rows = model.rows()
    diffs = result.differences
    theirs = got["layers"]
    if [n.cls for n in rows] != [g["cls"] for g in theirs]:
        diffs.append(Difference("(layers)", "", "layer classes", " ".join(n.cls for n in rows),
                                " ".join(g["cls"] for g in theirs)))
    for node, g in zip(rows, theirs):
        check_layer(result, node, g["shape"], [g["trainable"], g["non_trainable"]])
    check_totals(result, model, got["totals"])
    result.status = DISAGREE if diffs else AGREE
