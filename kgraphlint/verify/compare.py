"""Compare what Keras built with what the static analysis said."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..dims import format_shape
from ..graph import ModelIR
from .literal import has_symbols

AGREE, DISAGREE, NOT_VERIFIABLE = "agree", "disagree", "not verifiable"


@dataclass
class Difference:
    layer: str  # layer name (or "model" for totals)
    cls: str
    what: str  # "output shape", "trainable params", "non-trainable params", "build", "layers"
    static: str
    keras: str


@dataclass
class ModelResult:
    path: str
    line: int
    name: str
    status: str
    reason: str = ""
    differences: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    checked: int = 0  # layer calls compared

    def to_json(self) -> dict:
        return asdict(self)


def shape_text(shapes) -> str:
    """Static ``[(None, 4)]`` or Keras ``[[None, 4]]`` printed the same way."""
    shapes = [tuple(s) if isinstance(s, list) else s for s in shapes]
    return format_shape(shapes[0] if len(shapes) == 1 else shapes)


def check_layer(result: ModelResult, node, shapes, counts) -> None:
    """Compare one layer call with what Keras reported (``shapes`` as lists,
    ``counts`` = [trainable, non_trainable]); either may be None (not known)."""
    result.checked += 1
    name = node.name or node.id
    if shapes is None:
        pass
    elif any(has_symbols(s) for s in node.output_shapes):
        result.notes.append(f"{name}: static output shape {format_shape(node.output_shape)} is not concrete")
    elif shape_text(node.output_shapes) != shape_text(shapes):
        result.differences.append(
            Difference(name, node.cls, "output shape", shape_text(node.output_shapes), shape_text(shapes)))
    for what, mine, theirs in zip(("trainable params", "non-trainable params"),
                                  (node.trainable_params, node.non_trainable_params), counts or ()):
        if mine != theirs:
            result.differences.append(Difference(name, node.cls, what, str(mine), str(theirs)))


def check_totals(result: ModelResult, model: ModelIR, totals) -> None:
    _, trainable, non_trainable = model.totals()
    if [trainable, non_trainable] != list(totals):
        result.differences.append(Difference("(totals)", "", "params (trainable / non-trainable)",
                                             f"{trainable} / {non_trainable}", "{} / {}".format(*totals)))


def compare(model: ModelIR, index: dict, payload: dict, result: ModelResult) -> ModelResult:
    """Fill ``result`` from one program payload (see ``codegen``)."""
    diffs = result.differences
    if payload.get("timeout"):
        result.status, result.reason = NOT_VERIFIABLE, "building the model in TensorFlow timed out"
        return result
    if "crashed" in payload:
        result.status, result.reason = NOT_VERIFIABLE, f"TensorFlow crashed: {payload['crashed']}"
        return result
    nodes = model.nodes()
    static_error = next((n for n in nodes if n.error is not None), None)
    shapes, counts = payload.get("shapes", {}), payload.get("counts", {})
    seen = set()
    for i, node in enumerate(nodes):
        if static_error is not None and node is static_error:
            break
        got = shapes.get(str(i))
        if got is None:
            break  # Keras stopped before this call
        first = node.layer_key not in seen
        seen.add(node.layer_key)
        check_layer(result, node, got, counts.get(str(index["keys"][node.layer_key])) if first else None)
    if static_error is not None:
        where = static_error.name or static_error.id
        at = payload.get("at")
        if payload.get("ok"):
            diffs.append(Difference(where, static_error.cls, "build", f"rejected: {static_error.error}", "built"))
        elif at != index["nodes"][static_error.id]:
            diffs.append(Difference(where, static_error.cls, "build", f"rejected: {static_error.error}",
                                    f"{_where(nodes, at)[0]}: {payload.get('error')}"))
        else:
            result.notes.append(f"Keras rejects {where} too: {payload.get('error')}")
    elif not payload.get("ok"):
        at = payload.get("at")
        diffs.append(Difference(*_where(nodes, at), "build", "builds", payload.get("error", "")))
    elif payload.get("totals") is not None:
        check_totals(result, model, payload["totals"])
    result.status = DISAGREE if diffs else AGREE
    return result


def _where(nodes, at) -> tuple:
    """(layer, class) where the generated program stopped."""
    if at == "model":
        return "keras.Model(...)", ""
    if isinstance(at, int) and 0 <= at < len(nodes):
        return nodes[at].name or nodes[at].id, nodes[at].cls
    return "?", ""
