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
    out = dict(ok=True, names=[], bound={{}}, entries={{}})
    keras.backend.clear_session()  # auto names from zero, as when the module runs on its own
    try:
        sys.path.insert(0, os.path.dirname(req["path"]))
        ns = runpy.run_path(req["path"], run_name="__kgraphlint_exec__")
    except BaseException as exc:
        return dict(ok=False, error=f"{{type(exc).__name__}}: {{exc}}"[:2000])
    finally:
        del sys.path[0]
    out["names"] = sorted(ns)
    for name, value in ns.items():
        found = models_in(value)
        if found:
            out["bound"][name] = dict(single=isinstance(value, keras.Model), models=[describe(m) for m in found])
    # Functions the module never calls, called as the static pass read them: with no arguments.
    for fn in req["entries"]:
        try:
            out["entries"][fn] = [describe(m) for m in models_in(ns[fn]())]
        except BaseException as exc:
            out["entries"][fn] = f"{{type(exc).__name__}}: {{exc}}"[:500]
    return out


print(P, "ready", flush=True)
for i in map(int, sys.argv[2:]):
    print(P, "start", i, flush=True)
    print(P, "result", i, json.dumps(run_one(reqs[i])), flush=True)
'''


def run_files(files: list, timeout: float, progress=None) -> list:
    """Harness payloads for ``files`` (``(path, [ModelIR])``), one process
    for all of them; a file that hangs or crashes is isolated by ``run``."""
    requests = [{"path": os.path.abspath(path), "entries": sorted({m.entry for m in models if m.entry})}
                for path, models in files]
    payloads = run(HARNESS, len(files), timeout, progress, argv_extra=[json.dumps(requests)])
    return [payloads[i] for i in range(len(files))]


def compare_file(path: str, items: list, payload: dict) -> tuple:
    """(one ModelResult per static model of ``items`` ((ModelIR, symbols)), in
    order; one per model the module builds that the static pass missed).

    A model is compared with the model the module's own statements leave in
    the variable it is bound to, so a builder is compared with the arguments
    the module gives it. A function the module never calls is called with
    no arguments, as the static pass read it; no other function is called.
    """
    if not payload.get("ok"):
        why = "timed out" if payload.get("timeout") else payload.get("error") or payload.get("crashed")
        return [ModelResult(path, m.line, m.name, NOT_VERIFIABLE, f"running the module failed: {why}")
                for m, _ in items], []
    results = []
    used = set()  # ids of the runtime models compared
    pairs = _pairs([m for m, _ in items], payload)
    for (model, symbols), (got, why) in zip(items, pairs):
        result = ModelResult(path, model.line, model.name, NOT_VERIFIABLE, why)
        results.append(result)
        if got is None:
            continue
        used.add(got["id"])
        try:
            model, _ = concretize(model, symbols)
        except NotVerifiable as exc:
            result.notes.append(f"compared symbolically: {exc}")
        _compare_rows(model, got, result)
    # A model the static pass found but could not pair (in a dict, say) keeps its Keras name.
    static_names = {m.name for m, _ in items if m.module_level} | {m.keras_name for m, _ in items}
    missed = []
    for name, bound in payload["bound"].items():
        for got in bound["models"]:
            if got["id"] not in used and name not in static_names and got["name"] not in static_names:
                used.add(got["id"])
                missed.append(ModelResult(path, 1, name, DISAGREE,
                                          "the module builds this model; the static pass did not find it"))
    return results, missed


def _pairs(models: list, payload: dict) -> list:
    """(runtime model or None, why not) for each static model, in order."""
    bound, entries = payload["bound"], payload["entries"]
    out = []
    for model in models:
        if model.entry:
            out.append(_from_entry(model, [m for m in models if m.entry == model.entry], entries.get(model.entry)))
        elif not model.module_level:
            where = f"inside {model.function}()" if model.function else "by the module"
            out.append((None, f"built {where} but not bound to a module-level variable, so not compared"))
        else:
            same = [m for m in models if m.module_level and m.name == model.name]
            out.append(_from_variable(model, same, bound.get(model.name), model.name in payload["names"]))
    return out


def _from_variable(model, same: list, got: dict | None, defined: bool) -> tuple:
    if got is None:
        if not defined:
            return None, f"after running the module, `{model.name}` is not defined at module level"
        return None, f"after running the module, `{model.name}` holds no keras.Model"
    runtime = got["models"]
    if got["single"] or len(same) == 1:  # a rebound variable holds its last model
        if model is not same[-1]:
            return None, f"`{model.name}` is bound again later in the module"
        if len(runtime) != 1:
            return None, f"`{model.name}` holds {len(runtime)} models after running the module"
        return runtime[0], ""
    if len(same) != len(runtime):  # a list of models: compared one by one, in order
        return None, f"`{model.name}` holds {len(runtime)} models, the static pass found {len(same)}"
    return runtime[same.index(model)], ""


def _from_entry(model, same: list, got) -> tuple:
    call = f"{model.entry}()"
    if isinstance(got, str):
        return None, f"calling {call} with no arguments, as the static pass read it, failed: {got}"
    got = got or []
    if len(same) == 1 and len(got) == 1:
        return got[0], ""
    named = [g for g in got if g["name"] == model.keras_name]
    if len(named) == 1:
        return named[0], ""
    return None, f"{call} does not return this model (it returns {len(got)})"


def _compare_rows(model, got: dict, result: ModelResult):
    rows = model.rows()
    diffs = result.differences
    theirs = got["layers"]
    if [n.cls for n in rows] != [g["cls"] for g in theirs]:
        # Other layers: pairing them row by row would compare unrelated layers.
        diffs.append(Difference("(layers)", "", "layer classes", " ".join(n.cls for n in rows),
                                " ".join(g["cls"] for g in theirs)))
    else:
        for node, g in zip(rows, theirs):
            check_layer(result, node, g["shape"], [g["trainable"], g["non_trainable"]])
    check_totals(result, model, got["totals"])
    result.reason = ""
    result.status = DISAGREE if diffs else AGREE
