"""Shapes at each layer call, as Keras's KerasTensors carry them.

When the program applies a layer, an op or a model to symbolic tensors, the
call's output shapes and weights are computed right then, with the same
catalogue ``infer`` uses. The interpreter can therefore answer what real
code reads while it builds (``x.shape[-1]``, ``K.int_shape(x)``,
``model.output_shape``) and decide conditions on it as Keras would.

Layers are built on their first call, once per file, as Keras builds a layer
object once. ``infer`` later recomputes each model on its own; these values
serve the interpretation only.
"""

from __future__ import annotations

from ..dims import UNKNOWN, Unknown
from ..layers import LayerError


class CallTime:
    def __init__(self, tape):
        self.tape = tape
        self.layers: dict = {}  # layer_key -> catalogue instance, built on first call
        self.built: set = set()

    def shape(self, ref):
        """The shape of one output of a recorded call, or UNKNOWN."""
        node = self.tape.nodes.get(ref.node)
        if node is None or ref.index >= len(node.output_shapes):
            return UNKNOWN
        return node.output_shapes[ref.index]

    def called(self, node, submodel=None) -> None:
        """Fill ``node``'s shapes and weights now. ``submodel`` stands in for a
        nested model whose own IR is only completed at the end of the file."""
        from ..infer import _infer_node

        node.input_shapes = [self.shape(r) for r in node.inputs]
        if not node.approximate:
            node.approximate = next((n.approximate for n in self._producers(node) if n.approximate), False)
        real = node.submodel
        if submodel is not None:
            node.submodel = submodel
        try:
            _infer_node(None, node, self.layers, self.built, {})
        except LayerError as exc:
            node.error = exc
            node.output_shapes = [UNKNOWN] * max(1, len(node.output_shapes))
        except (Exception, RecursionError):  # an odd call costs its own shape only
            node.output_shapes = [UNKNOWN]
        finally:
            node.submodel = real

    def _producers(self, node):
        return [self.tape.nodes[r.node] for r in node.inputs if r.node in self.tape.nodes]


def known_shape(shape) -> bool:
    return isinstance(shape, tuple) and not isinstance(shape, Unknown)


# A catalogue error's kind -> the rule that reports it (rules/shapes.py).
_ERROR_RULES = {"merge": "KG202", "rank": "KG203", "dimension": "KG204"}


def inner_errors(nodes: list, owner: str, caller_line) -> list:
    """(code, span, message) for each error Keras would raise inside a custom
    layer's ``call`` or a Lambda's function, on a path known for certain; the
    message names the caller, since the line is inside the class."""
    out = []
    for node in nodes:
        error = node.error
        code = _ERROR_RULES.get(getattr(error, "kind", None) or "")
        if code is None or node.approximate:
            continue
        shapes = ", ".join(repr(s) for s in node.input_shapes)
        where = f"in {owner}, called at line {caller_line}" if caller_line else f"in {owner}"
        out.append((code, node.call_span or node.span, f"{node.cls} receives {shapes}: {error.message} ({where})"))
    return out
