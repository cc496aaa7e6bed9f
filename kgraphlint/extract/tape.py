"""The file-wide tape of layer calls, and cutting models out of it.

Every call of a layer on a tensor appends a ``Node`` to one tape for the
whole file, as Keras records inbound nodes on its layers. ``Model(inputs,
outputs)`` then walks back from the outputs exactly like Keras's
``_build_map`` / ``map_graph`` (keras/src/ops/function.py), which also gives
the order ``model.summary()`` lists the layers in.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from ..dims import UNKNOWN
from ..graph import ModelIR, Node, TensorRef


class Tape:
    def __init__(self):
        self.nodes: dict = {}
        self._n = 0
        self.guessing: list = []  # reasons, inside branches taken without knowing their condition

    def new_id(self, hint: str) -> str:
        self._n += 1
        return f"{hint}#{self._n}"

    def add(self, node: Node) -> Node:
        if self.guessing and not node.approximate:
            node.approximate = self.guessing[-1]
        self.nodes[node.id] = node
        return node


def source_inputs(tape: Tape, tensor) -> list | None:
    """Keras's ``get_source_inputs``: the Input tensors ``tensor`` is computed
    from, first reached first (keras/src/ops/operation_utils.py); None if a
    tensor on the way may be another one."""
    from .values import Tensor

    found: list = []
    seen: set = set()
    stack = [tensor.ref]
    while stack:
        ref = stack.pop()
        node = tape.nodes.get(ref.node)
        if node is None or node.approximate or ref.node in seen:
            if node is None or node.approximate:
                return None
            continue
        seen.add(ref.node)
        if node.kind == "input":
            found.append(Tensor(ref))
        else:
            stack.extend(reversed(node.inputs))
    return None if getattr(tensor, "guess", None) or not found else found


@dataclass
class Cut:
    order: list  # node ids, post-order (a topological order)
    layer_order: list  # layer keys in Keras's summary order
    stray_inputs: list = field(default_factory=list)  # input nodes reached but not given


def build_map(tape: Tape, inputs: list, outputs: list) -> Cut:
    """Keras's ``_build_map`` + ``map_graph`` over TensorRefs, iteratively."""
    input_set = set(inputs)
    finished: set = set()
    order: list = []
    op_index: dict = {}
    stray: list = []
    for out in outputs:
        stack = [(out, False)]
        while stack:
            ref, done = stack.pop()
            node = tape.nodes.get(ref.node)
            if node is None:
                continue
            if done:
                if node.id not in finished:
                    finished.add(node.id)
                    order.append(node.id)
                continue
            if node.id in finished:
                continue
            op_index.setdefault(node.layer_key, len(op_index))
            stack.append((ref, True))
            if ref in input_set:
                continue
            if node.kind == "input":
                if node.id not in stray:
                    stray.append(node.id)
                continue
            for r in reversed(node.inputs):
                stack.append((r, False))

    node_depth: dict = {}
    op_depth: dict = {}
    for nid in reversed(order):
        node = tape.nodes[nid]
        depth = max(node_depth.setdefault(nid, 0), op_depth.get(node.layer_key, 0))
        op_depth[node.layer_key] = depth
        node_depth[nid] = depth
        if node.kind == "input" or TensorRef(nid) in input_set:
            continue
        for r in node.inputs:
            node_depth[r.node] = max(depth + 1, node_depth.get(r.node, 0))
    for ref in inputs:
        node = tape.nodes.get(ref.node)
        if node is not None and node.layer_key not in op_depth:
            op_depth[node.layer_key] = 0
            op_index[node.layer_key] = -1
    # Keras ops (`x + pos`, `ops.concatenate`, `x[:, 0]`) are rows of Keras 3's summary;
    # other ops (TensorFlow's, which Keras 3 rejects on a KerasTensor) are not.
    kinds = {n.layer_key: ("layer" if getattr(n, "keras_op", False) else n.kind)
             for n in tape.nodes.values() if n.id in finished}
    by_depth: dict = {}
    for key, depth in op_depth.items():
        by_depth.setdefault(depth, []).append(key)
    layer_order = []
    for depth in sorted(by_depth, reverse=True):
        for key in sorted(by_depth[depth], key=lambda k: op_index.get(k, 0)):
            if kinds.get(key) != "op":
                layer_order.append(key)
    return Cut(order=order, layer_order=layer_order, stray_inputs=stray)


def fill_ir(ir: ModelIR, tape: Tape, inputs: list, outputs: list, layer_order=None) -> Cut:
    """Copy the nodes between ``inputs`` and ``outputs`` into ``ir``."""
    cut = build_map(tape, inputs, outputs)
    kept = set(cut.order)
    for ref in inputs:  # an unused input is still part of the model
        if ref.node not in kept and ref.node in tape.nodes:
            cut.order.insert(0, ref.node)
            kept.add(ref.node)
    input_ids = {r.node for r in inputs}
    for nid in cut.order:
        node = copy.copy(tape.nodes[nid])
        node.args = dict(node.args)
        if nid in input_ids and node.kind != "input":
            node = _as_input(node)  # an intermediate tensor given as input
        node.inputs = list(node.inputs)
        for i, ref in enumerate(node.inputs):
            if ref.node not in kept:
                # Reaching outside the model: stand in an input of unknown shape.
                stub = Node(
                    id=ref.node + "@outside", kind="input", cls="InputLayer",
                    layer_key=ref.node + "@outside", args={"shape": UNKNOWN},
                )
                if stub.id not in ir.graph:
                    ir.add_node(stub)
                node.inputs[i] = TensorRef(stub.id)
        ir.add_node(node)
    ir.inputs = [r for r in inputs if r.node in ir.graph]
    ir.outputs = [r for r in outputs if r.node in ir.graph]
    ir.layer_order = list(layer_order) if layer_order is not None else cut.layer_order
    return cut


def _as_input(node: Node) -> Node:
    return Node(
        id=node.id, kind="input", cls="InputLayer", layer_key=node.layer_key,
        span=node.span, call_span=node.call_span, name=node.name, args={"shape": UNKNOWN},
    )
