"""Shape and parameter propagation over a ModelIR.

Walks the graph in topological order, asks the catalogue for each call's
output shapes and weights, and records them on the nodes. Nothing here
raises on user input: a catalogue ``LayerError`` is stored on the node (the
rules report it) and a layer the catalogue does not know stops inference on
that path, recorded in ``Node.stopped``.
"""

from __future__ import annotations

import copy
from typing import Any

from .dims import UNKNOWN, Unknown, dim_prod, is_int
from .graph import ModelIR, Node
from .layers import LayerError, lookup
from .layers.base import check_name
from .layers.core import input_shape_from_args
from .ops import output_shapes


def weight_count(weights, trainable: bool):
    total: Any = 0
    for w in weights:
        if w.trainable == trainable:
            size = dim_prod(w.shape)
            total = total + (UNKNOWN if size is None else size)  # a None axis in a weight: Keras fails to build it
    return total


def count_text(weights) -> str:
    """A layer's count as Keras would print it, or its symbolic sum.

    Symbolic counts keep one term per weight (``784*units + units``) so a
    reader can see kernel and bias; concrete counts are one number.
    """
    sizes = [dim_prod(w.shape) for w in weights]
    if any(isinstance(s, Unknown) or s is None for s in sizes):
        return "?"
    if all(is_int(s) for s in sizes):
        return str(sum(s for s in sizes if isinstance(s, int)))
    return " + ".join(str(s) for s in sizes if s != 0) or "0"


def make_layer(node: Node):
    """The catalogue instance for a layer node, wrappers included."""
    entry = node.entry or lookup(node.cls)
    if entry is None:
        return None
    args = dict(node.args)
    if node.inner is not None:
        inner = make_layer(node.inner)
        if inner is None:
            return None
        args["layer"] = inner
        backward = args.get("backward_layer")
        if isinstance(backward, Node):
            args["backward_layer"] = make_layer(backward)
    layer = entry(args)
    layer.call_kwargs = dict(node.call_kwargs)
    return layer


def infer(model: ModelIR, input_shapes: list | None = None) -> ModelIR:
    """Fill shapes and counts in place; ``input_shapes`` overrides the inputs
    (used when a model is called as a layer on another tensor)."""
    layers: dict = {}  # layer_key -> catalogue instance (shared weights)
    built: set = set()
    overrides = dict(zip([r.node for r in model.inputs], input_shapes or []))
    for node in model.nodes():
        node.input_shapes = [_shape_of(model, ref) for ref in node.inputs]
        node.error = None
        node.stopped = None
        guessed = node.approximate or next(
            (model.node(r.node).approximate for r in node.inputs if model.node(r.node).approximate), False)
        node.approximate = guessed
        try:
            _infer_node(model, node, layers, built, overrides)
        except LayerError as exc:
            if guessed:  # on a guessed path an error is not a fact: stop instead
                node.stopped = f"{exc.message} (on a path analysed without knowing an `if` condition)"
            else:
                node.error = exc
            node.output_shapes = [UNKNOWN] * max(1, len(node.output_shapes))
        except RecursionError:
            node.stopped = "the model is nested too deeply to analyse"
            node.output_shapes = [UNKNOWN]

    return model


def _shape_of(model: ModelIR, ref):
    node = model.node(ref.node)
    if ref.index < len(node.output_shapes):
        return node.output_shapes[ref.index]
    return UNKNOWN


def _infer_node(model, node: Node, layers: dict, built: set, overrides: dict):
    if node.kind == "input":
        check_name("Input", node.args.get("name"))
        if node.id in overrides:
            node.output_shapes = [tuple(overrides[node.id]) if not isinstance(overrides[node.id], Unknown) else UNKNOWN]
        else:
            node.output_shapes = [input_shape_from_args(node.args)]
        node.weights = []
        node.trainable_params = node.non_trainable_params = 0
        return

    if node.kind == "model":
        sub = node.submodel
        if sub is None:
            node.stopped = f"the nested model {node.name or node.cls} could not be analysed"
            node.output_shapes = [UNKNOWN]
            node.trainable_params = node.non_trainable_params = UNKNOWN
            return
        if node.layer_key not in layers:
            layers[node.layer_key] = sub
        clone = copy.deepcopy(sub)
        infer(clone, node.input_shapes if node.input_shapes else None)
        node.submodel = clone
        node.output_shapes = [_shape_of(clone, ref) for ref in clone.outputs]
        _, trainable, non_trainable = clone.totals()
        node.weights = []
        if node.layer_key in built:
            node.trainable_params = node.non_trainable_params = 0
        else:
            built.add(node.layer_key)
            node.trainable_params, node.non_trainable_params = trainable, non_trainable
        if clone.stopped_at():
            node.stopped = f"inside {sub.name}: " + (clone.stopped_at()[0].stopped or "")
        return

    if node.kind == "op":
        node.weights = []
        node.trainable_params = node.non_trainable_params = 0
        if node.op is not None:  # the op catalogue; OpError is a LayerError
            node.output_shapes = output_shapes(node.op, node.input_shapes)
            if any(isinstance(sh, Unknown) for sh in node.output_shapes):
                node.stopped = node.stopped or f"the output shape of `{node.cls}` is not known statically"
            return
        shape = _elementwise_shape(node)
        if shape is not None:
            node.output_shapes = [shape]
            return
        node.stopped = node.stopped or f"`{node.cls}` is not a Keras layer; its output shape is unknown"
        node.output_shapes = [UNKNOWN]
        return

    if _reuse(node, built):
        return
    layer = layers.get(node.layer_key)
    if layer is None:
        layer = make_layer(node)
        if layer is None:
            node.stopped = f"{node.cls} is not in the catalogue; shapes and counts after it are unknown"
            node.output_shapes = [UNKNOWN]
            node.weights = []
            node.trainable_params = node.non_trainable_params = UNKNOWN
            return
        layer.validate()
        check_name(node.cls, node.args.get("name"))
        layers[node.layer_key] = layer
    layer.call_kwargs = dict(node.call_kwargs)
    shapes = list(node.input_shapes)
    if layer.arity == 1 and len(shapes) > 1 and "return_state" in layer.parameter_names():
        shapes = shapes[:1]  # the others are `initial_state` tensors
    elif layer.arity == 1 and len(shapes) != 1:
        node.stopped = f"{node.cls} takes one input tensor but is called on {len(shapes)}; its output is unknown"
        node.output_shapes = [UNKNOWN]
        return
    asked = _question(node, built)
    node.output_shapes = list(layer.compute_output_shape(shapes))
    stop = getattr(layer, "stop_reason", None)  # a custom call() not followed
    node.stopped = node.stopped or stop
    if node.layer_key in built:
        weights = None
    else:
        built.add(node.layer_key)
        weights = layer.build(shapes)
    _answer(node, weights)
    if asked is not None:
        node.memo = (asked, list(node.output_shapes), stop, weights)


def _question(node: Node, built: set):
    """What a catalogue layer's answer for this call depends on, or None when
    it may depend on more (a custom layer's or a wrapper's own state)."""
    if node.entry is not None or node.inner is not None or Node in map(type, node.args.values()):
        return None
    return (list(node.input_shapes), node.layer_key not in built, dict(node.args), dict(node.call_kwargs))


def _reuse(node: Node, built: set) -> bool:
    """Take the answer the same call got at call time (extract/calltime.py),
    when everything it depends on is unchanged: each layer call is computed
    once, not again for every model it belongs to. Arguments changed since
    (a layer frozen at the end of the file) or another first build (a layer
    shared with an earlier model) ask the catalogue again."""
    memo = node.memo
    if memo is None:
        return False
    asked = _question(node, built)
    if asked is None or asked != memo[0]:
        return False
    _, output_shapes, stop, weights = memo
    node.output_shapes = list(output_shapes)
    node.stopped = node.stopped or stop
    if weights is not None:
        built.add(node.layer_key)
    _answer(node, weights)
    return True


def _answer(node: Node, weights) -> None:
    """Weights and counts of a call: ``None`` when an earlier call built the layer."""
    if weights is None:
        node.weights = []
        node.trainable_params = node.non_trainable_params = 0
        return
    node.weights = list(weights)
    node.trainable_params = weight_count(weights, True)
    node.non_trainable_params = weight_count(weights, False)


def _elementwise_shape(node: Node):
    """Python arithmetic on tensors (`x + 3.0`, `a * b`): a scalar operand keeps
    the shape, equal shapes stay; anything needing real broadcasting is left
    unknown rather than guessed."""
    if not node.call_kwargs.get("elementwise") or not node.input_shapes:
        return None
    shapes = node.input_shapes
    if any(isinstance(s, Unknown) for s in shapes):
        return UNKNOWN
    if all(s == shapes[0] for s in shapes):
        return shapes[0]
    return None


def total_text(value) -> str:
    if isinstance(value, Unknown) or value is None:
        return "?"
    return str(value)


__all__ = ["count_text", "infer", "make_layer", "total_text"]
