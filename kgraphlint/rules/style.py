"""KG4xx: code Keras accepts that does not do what it looks like."""

from __future__ import annotations

from ..diagnostics import Edit, Fix
from ..dims import format_shape, is_int
from .base import Rule, iter_nodes, node_span
from .locate import keyword

ACTIVATION_LAYERS = {"Activation": None, "ReLU": "relu", "Softmax": "softmax", "LeakyReLU": "leaky_relu",
                     "ELU": "elu", "PReLU": "prelu"}


def activation_of(node) -> str | None:
    """The activation a node applies by name, or None (linear or unknown)."""
    if node.cls in ACTIVATION_LAYERS:
        fixed = ACTIVATION_LAYERS[node.cls]
        value = fixed or node.args.get("activation")
    else:
        value = node.args.get("activation")
    return value if isinstance(value, str) and value != "linear" else None


class SoftmaxSingleUnit(Rule):
    code = "KG401"
    name = "softmax-single-unit"
    severity = "warning"
    summary = "softmax over a last axis of size 1, which always outputs 1.0."
    fixable = "unsafe"

    def check(self, analysis, context):
        for model, node in iter_nodes(analysis):
            if activation_of(node) != "softmax" or len(node.output_shapes) != 1:
                continue
            shape = node.output_shapes[0]
            if not isinstance(shape, tuple) or not shape or not (is_int(shape[-1]) and shape[-1] == 1):
                continue
            if node.cls == "Softmax" and node.args.get("axis", -1) not in (-1, len(shape) - 1):
                continue
            yield context.report(
                node_span(node),
                f"{node.cls} applies softmax to {format_shape(shape)}: over one unit it always outputs 1.0, "
                f"so nothing is learned; use activation='sigmoid' for one binary output, or one unit per class",
                model=model,
                fix=self._fix(analysis, node),
            )

    @staticmethod
    def _fix(analysis, node):
        """A one-string edit: ``ast`` positions are enough, libcst is not needed."""
        if node.origin:  # written in another module: nothing here to edit
            return None
        syntax = analysis.syntax
        call = syntax.call_at(node.span)
        arg = keyword(call, "activation") if call is not None else None
        value = arg.value if arg is not None else None
        if value is None and call is not None and node.cls == "Activation" and call.args:
            value = call.args[0]
        if value is None:
            return None
        text = analysis.text.segment(value)
        if text.strip("'\"") != "softmax":
            return None
        quote = text[0]
        s = syntax.span(value)
        return Fix("unsafe", "Use sigmoid", (Edit(s.line, s.column, s.end_line, s.end_column, f"{quote}sigmoid{quote}"),))


class DoubleActivation(Rule):
    code = "KG402"
    name = "double-activation"
    severity = "warning"
    summary = "An activation applied twice in a row (Dense(..., activation='relu') then ReLU())."

    def check(self, analysis, context):
        for model, node in iter_nodes(analysis):
            if node.cls not in ACTIVATION_LAYERS or len(node.inputs) != 1:
                continue
            before = model.node(node.inputs[0].node)
            if before.cls in ACTIVATION_LAYERS or before.kind != "layer":
                continue
            first, second = activation_of(before), activation_of(node)
            if first is None or second is None:  # linear, or not known by name (a function, a layer: KG303)
                continue
            again = "again" if first == second else "on top of it"
            yield context.report(
                node_span(node),
                f"{before.cls} already applies activation={first!r}; this {node.cls} applies {second!r} {again}. "
                f"Keep one activation: drop the layer or the `activation=` argument",
                model=model,
            )


RULES = (SoftmaxSingleUnit, DoubleActivation)
