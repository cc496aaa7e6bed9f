"""Compare a static summary (``model_json``) with the model Keras built.

Three questions, each answered by a list of problems (empty: it holds):

- ``all_exact``: the model is marked exact, every row too, and every name,
  class, output shape, parameter count and total equals Keras's.
- ``never_wrong``: every number kgraphlint gives as a fact equals Keras's.
  Facts are: everything in a model marked exact, everything in a row marked
  exact, and every plain int anywhere (the JSON contract prints a number that
  is not known as ``"?"`` or a formula, never as a wrong int).
- ``formulas_hold``: every formula, evaluated as Python with the values a
  builder was called with, equals Keras's number for that call.

Rows of a model that is not exact are matched with Keras's layers by name.
"""

from __future__ import annotations

TOTALS = ("total_params", "trainable_params", "non_trainable_params")


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def keras_params(layer) -> int:
    return layer["trainable"] + layer["non_trainable"]


def differences(static, real, names=True) -> list:
    """Every way the static model differs from Keras's, number by number."""
    ours, theirs = static["layers"], real["layers"]
    if [r["class"] for r in ours] != [r["class"] for r in theirs]:
        return [f"layers {[(r['name'], r['class']) for r in ours]} != Keras's {[(r['name'], r['class']) for r in theirs]}"]
    out = []
    if names and [r["name"] for r in ours] != [r["name"] for r in theirs]:
        out.append(f"names {[r['name'] for r in ours]} != Keras's {[r['name'] for r in theirs]}")
    for row, layer in zip(ours, theirs):
        out += _row_differences(row, layer)
    out += [f"{key} {static[key]!r} != Keras's {real[key]}" for key in TOTALS if static[key] != real[key]]
    return out


def _row_differences(row, layer) -> list:
    out = []
    if row["output_shape"] != layer["output_shape"]:
        out.append(f"{row['name']}: output shape {row['output_shape']} != Keras's {layer['output_shape']}")
    if row["params"] != keras_params(layer):
        out.append(f"{row['name']}: params {row['params']!r} != Keras's {keras_params(layer)}")
    return out


def all_exact(static, real) -> list:
    out = []
    if static.get("exact") is not True:
        out.append(f"model not marked exact (exact={static.get('exact')!r}, reasons={static.get('unknown_reasons')})")
    out += [f"{r['name']}: row not marked exact" for r in static["layers"] if r.get("exact") is not True]
    return out + differences(static, real)


def never_wrong(static, real, unmatched_exact_rows_are_wrong=True) -> list:
    exact = static.get("exact")
    out = [] if exact in (True, False) else [f"no exactness given (exact={exact!r})"]
    if exact is True:
        out += differences(static, real)
        if static.get("unknown_reasons"):
            out.append(f"exact, yet with reasons {static['unknown_reasons']}")
    elif exact is False and not static.get("unknown_reasons"):
        out.append("not exact, but no reason given")
    out += [f"{key}: plain int {static[key]} != Keras's {real[key]}"
            for key in TOTALS if is_int(static[key]) and static[key] != real[key]]
    by_name = {layer["name"]: layer for layer in real["layers"]}
    for row in static["layers"]:
        row_exact = row.get("exact")
        if row_exact not in (True, False):
            out.append(f"{row['name']}: no exactness given for the row")
        layer = by_name.get(row["name"])
        if layer is None:
            if row_exact is True and unmatched_exact_rows_are_wrong:
                out.append(f"{row['name']}: an exact row, but Keras has no layer of that name")
            continue
        if row_exact is True:
            if row["class"] != layer["class"]:
                out.append(f"{row['name']}: class {row['class']} != Keras's {layer['class']}")
            out += _row_differences(row, layer)
            continue
        if is_int(row["params"]) and row["params"] != keras_params(layer):
            out.append(f"{row['name']}: plain int params {row['params']} != Keras's {keras_params(layer)}")
        if not _shape_claims_hold(row["output_shape"], layer["output_shape"]):
            out.append(f"{row['name']}: output shape {row['output_shape']} claims what Keras's "
                       f"{layer['output_shape']} contradicts")
    return out


def _marked_unknown(value) -> bool:
    return value == "?" or isinstance(value, str) or (
        isinstance(value, list) and any(_marked_unknown(v) for v in value))


def _shape_claims_hold(ours, theirs) -> bool:
    """A shape not marked exact: each concrete dim it gives must be Keras's."""
    if isinstance(ours, str):  # "?" or a formula
        return True
    if not isinstance(ours, list) or not isinstance(theirs, list) or len(ours) != len(theirs):
        return _marked_unknown(ours)
    return all(_shape_claims_hold(o, t) if isinstance(o, (list, str)) else o == t for o, t in zip(ours, theirs))


def evaluate(formula, values):
    """A printed count or dim as Python with ``values`` for its names, or None
    when it is marked unknown (``?``)."""
    if is_int(formula) or formula is None:
        return formula
    if "?" in formula or "≥" in formula:
        return None
    return eval(formula, {"__builtins__": {}}, dict(values))  # our own formula text, no builtins


def formulas_hold(static, real, values) -> tuple:
    """(problems, number of formulas evaluated) for one builder call."""
    ours, theirs = static["layers"], real["layers"]
    if [r["class"] for r in ours] != [r["class"] for r in theirs]:
        return [f"layers {[r['class'] for r in ours]} != Keras's {[r['class'] for r in theirs]}"], 0
    pairs = [(f"{key}", static[key], real[key]) for key in TOTALS]
    for row, layer in zip(ours, theirs):
        pairs.append((f"{row['name']} params", row["params"], keras_params(layer)))
        if isinstance(row["output_shape"], list) and isinstance(layer["output_shape"], list):
            if len(row["output_shape"]) != len(layer["output_shape"]):
                pairs.append((f"{row['name']} rank", len(row["output_shape"]), len(layer["output_shape"])))
                continue
            for axis, (dim, real_dim) in enumerate(zip(row["output_shape"], layer["output_shape"])):
                if not isinstance(dim, list):
                    pairs.append((f"{row['name']} axis {axis}", dim, real_dim))
    problems, evaluated = [], 0
    for what, formula, expected in pairs:
        value = evaluate(formula, values)
        if value is None and formula is not None:
            continue
        evaluated += isinstance(formula, str)
        if value != expected:
            problems.append(f"{what}: {formula!r} with {values} is {value}, Keras's is {expected}")
    return problems, evaluated
