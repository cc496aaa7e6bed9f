"""The model IR: one ``networkx.DiGraph`` per model.

A node is one *call* of a layer (or an ``Input``, or a nested model called
as a layer); its payload is a ``Node`` under the ``"node"`` attribute. A layer
object called twice (shared weights) gives two nodes with the same
``layer_key``: rows and parameter counts are per layer object, as in Keras.
The ordered tensor inputs of a node live in ``Node.inputs`` (a layer may take
the same tensor twice); graph edges mirror them for topology and carry
``slot`` (input position) and ``index`` (which output of the source).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .dims import Unknown


class Span:
    """1-based lines and columns, end exclusive, like ruff's output.

    A span can be *lazy*: made from a syntax node (and which ``part`` of it)
    and a resolver that computes the position only when it is first read.
    Most files never need one (a clean file reports nothing), and character
    columns cost a line split, so extraction hands out lazy spans.
    """

    __slots__ = ("_node", "_part", "_resolver", "_values")

    def __init__(self, line=None, column=None, end_line=None, end_column=None, *, node=None, part="",
                 resolver=None):
        self._values = None if resolver is not None else (line, column, end_line, end_column)
        self._node = node
        self._part = part
        self._resolver = resolver

    def _get(self) -> tuple:
        if self._values is None:
            self._values = self._resolver(self._node, self._part) or (1, 1, 1, 1)
            self._resolver = None
        return self._values

    def identity(self):
        """A key that does not force positions: the syntax node, when known."""
        return ("node", id(self._node), self._part) if self._node is not None else self._get()

    line = property(lambda self: self._get()[0])
    column = property(lambda self: self._get()[1])
    end_line = property(lambda self: self._get()[2])
    end_column = property(lambda self: self._get()[3])

    def __eq__(self, other):
        return isinstance(other, Span) and self._get() == other._get()

    def __hash__(self):
        return hash(self._get())

    def __repr__(self):
        return "Span({}, {}, {}, {})".format(*self._get())

    def __reduce__(self):  # pickling and deepcopy resolve to a plain span
        return (Span, self._get())

    def __deepcopy__(self, memo):
        return self if self._values is not None else Span(*self._get())


@dataclass(frozen=True)
class TensorRef:
    node: str
    index: int = 0


@dataclass
class Node:
    id: str
    kind: str  # "input" | "layer" | "model" | "op"
    cls: str  # Keras class name (Dense, InputLayer) or the nested model's class
    layer_key: str  # identity of the layer object: shared calls share it
    span: Span | None = None  # where the layer object is constructed
    call_span: Span | None = None  # where it is applied to a tensor
    name: str | None = None  # explicit ``name=`` if given, else the Keras auto name
    explicit_name: bool = False
    args: dict = field(default_factory=dict)  # bound constructor arguments (values)
    arg_spans: dict = field(default_factory=dict)  # argument -> Span of its source
    arg_sources: dict = field(default_factory=dict)  # argument -> source text
    call_kwargs: dict = field(default_factory=dict)  # non-tensor call arguments
    inputs: list = field(default_factory=list)  # [TensorRef] in call order
    submodel: Any = None  # ModelIR when kind == "model"
    inner: Any = None  # wrapped layer Node for Bidirectional/TimeDistributed
    approximate: Any = False  # (line, why) when made on a path taken without knowing its condition
    entry: Any = None  # catalogue-like factory for a custom Layer subclass (else lookup(cls))
    op: Any = None  # a tensor op's call (path, args, kwargs), its input tensors as ops.Slot(i)
    origin: str | None = None  # "blocks.py:12": made by code of another module, which this call ran
    internal: bool = False  # a call inside a custom layer's call(), or a graph built only to read it
    _multi: bool = False  # its output is a list of tensors (`a, b = ops.split(x, 2)`): `[i]` picks one
    keras_op: bool = False  # a Keras Operation (`x + y`, `ops.mean`): a row of a Functional summary
    # filled by ``infer``
    input_shapes: list = field(default_factory=list)
    output_shapes: list = field(default_factory=list)
    weights: list = field(default_factory=list)
    trainable_params: Any = 0
    non_trainable_params: Any = 0
    error: Any = None  # LayerError from the catalogue
    stopped: str | None = None  # why inference could not continue past this node
    # (inputs, first build, args, call kwargs) -> result of the last catalogue answer (``infer._reuse``)
    memo: Any = field(default=None, repr=False, compare=False)

    @property
    def params(self):
        return self.trainable_params + self.non_trainable_params

    @property
    def output_shape(self):
        """One shape, or the list Keras prints for multi-output layers."""
        if len(self.output_shapes) == 1:
            return self.output_shapes[0]
        return list(self.output_shapes)


@dataclass
class Finding:
    """A problem the extractor or inference noticed, for the rules to report."""

    code: str  # rule code, e.g. "KG301"
    message: str
    span: Span | None
    node: str | None = None
    fix: Any = None
    data: dict = field(default_factory=dict)


@dataclass
class ModelIR:
    name: str  # the variable (or class) the model is bound to
    kind: str  # "sequential" | "functional" | "subclass"
    path: str
    span: Any  # Span of the Sequential(/Model( call, or the class statement
    graph: nx.DiGraph = field(default_factory=nx.DiGraph)
    inputs: list = field(default_factory=list)  # [TensorRef] to input nodes
    outputs: list = field(default_factory=list)  # [TensorRef]
    output_names: list | None = None  # dict-form outputs keep their keys
    keras_name: str | None = None  # ``name=`` of the model, else Keras's auto name
    function: str | None = None  # builder function it was found in
    module_level: bool = False  # ``name`` is a module-level variable (the module's own statements built it)
    entry: str | None = None  # the function the module never calls, read on its own with its defaults
    built: bool = True  # False: a Sequential with no input shape (Keras: unbuilt)
    findings: list = field(default_factory=list)  # [Finding]
    layer_order: list = field(default_factory=list)  # layer_keys in Keras's row order
    reasons: list = field(default_factory=list)  # [(line, why)] the model itself may differ
    unknown_symbols: dict = field(default_factory=dict)  # symbol -> (line, why): names of unknown values
    used_as_layer: bool = False  # called on tensors inside another model or layer
    called_on_data: bool = False  # summary() shows the shapes of a call on data, not followed
    born: str = ""  # the interpreter's key when the model was made ("Model@12"): what came after it

    def release(self) -> None:
        """Drop the views networkx caches on the graph (``in_degree``...): each
        points back at the graph, a cycle only the garbage collector frees.
        They are made again when next read."""
        cached = self.graph.__dict__
        for name in [k for k, v in cached.items() if getattr(v, "_graph", None) is self.graph]:
            del cached[name]

    @property
    def line(self) -> int:
        return self.span.line

    def node(self, node_id: str) -> Node:
        # networkx's own node dict: the NodeView lookup costs three times as
        # much, and this is the hottest read of the analysis.
        return self.graph._node[node_id]["node"]

    def nodes(self) -> list:
        """Nodes in a deterministic topological order (creation order breaks ties).

        Every rule walks every model, so the order is computed once per
        shape of the graph (a rebuilt or grown graph gets a new one).
        """
        graph = self.graph
        # Nodes and edges are only added or replaced, and only by add_node
        # (which counts calls): the count and the graph object name its shape in O(1).
        # networkx's own number_of_edges() walks every node.
        stamp = (self.__dict__.get("_added", 0), len(graph))
        cached = self.__dict__.get("_topological")
        if cached is None or cached[0] is not graph or cached[1] != stamp:
            order = {n: i for i, n in enumerate(graph.nodes)}
            ids = list(nx.lexicographical_topological_sort(graph, key=order.__getitem__))
            cached = self.__dict__["_topological"] = (graph, stamp, [graph.nodes[n]["node"] for n in ids])
        return list(cached[2])

    def add_node(self, node: Node) -> Node:
        self.__dict__["_added"] = self.__dict__.get("_added", 0) + 1
        self.graph.add_node(node.id, node=node)
        for slot, ref in enumerate(node.inputs):
            self.graph.add_edge(ref.node, node.id, slot=slot, index=ref.index)
        return node

    def rows(self) -> list:
        """One node per layer object, in the order ``model.summary()`` lists them.

        Sequential models do not show their InputLayer; Functional ones do.
        """
        seen = set()
        out = []
        nodes = {n.layer_key: n for n in reversed(self.nodes())}  # first call wins
        # a subclassed model lists the layers it tracks, and none when it tracks none
        keys = self.layer_order if self.layer_order or self.kind == "subclass" else [n.layer_key for n in self.nodes()]
        for key in keys:
            if key in seen or key not in nodes:
                continue
            seen.add(key)
            node = nodes[key]
            if node.kind == "input" and self.kind == "sequential":
                continue
            out.append(node)
        return out

    def row_output_shapes(self) -> dict:
        """layer_key -> the output shape ``model.summary()`` prints for it:
        that of the layer's last call (keras/src/utils/summary_utils.py)."""
        return {n.layer_key: n.output_shape for n in self.nodes()}

    def totals(self) -> tuple:
        """(total, trainable, non_trainable), counting each layer object once."""
        trainable = 0
        non_trainable = 0
        for node in self.rows():
            trainable = trainable + node.trainable_params
            non_trainable = non_trainable + node.non_trainable_params
        return trainable + non_trainable, trainable, non_trainable

    def unknown_reasons(self) -> list:
        """[(line, why)] for everything that keeps a number of this model from
        being exact; empty when every shape and count is Keras's."""
        out: list = []

        def add(reason) -> None:
            if reason not in out:
                out.append(reason)

        for reason in self.reasons:
            add(reason)
        if self.outputs_lost:
            add((self.span.line if self.span else None, "the outputs come from code the analysis could not follow"))
        if not self.built:
            return out  # Keras prints an unbuilt model's 0 params and "?" shapes too
        for node in self.nodes():
            line = node.call_span.line if node.call_span else (node.span.line if node.span else None)
            if node.approximate:
                add(node.approximate if isinstance(node.approximate, tuple) else
                    (line, f"{node.name} is made on a path taken without knowing its condition"))
            if node.stopped:
                add((line, node.stopped))
            elif not node.approximate and not row_known(node) and all(
                    row_known(self.node(r.node)) for r in node.inputs):
                add((line, f"{node.name} ({node.cls}): its output shape or parameter count is not known"))
            if self.unknown_symbols:
                for name in sorted(_symbols_in(node)):  # a set: sorted, so the output is the same every run
                    if name in self.unknown_symbols:
                        add(self.unknown_symbols[name])
            if node.kind == "model" and isinstance(node.submodel, ModelIR):
                for reason in node.submodel.unknown_reasons():
                    add(reason)
        return out

    def row_exact(self, node: Node) -> bool:
        """A row is Keras's own when everything about it is known, or known by
        a name that stands for an argument (not for a value nobody knows)."""
        return self.shape_known(node) and self.params_known(node)

    def shape_known(self, node: Node) -> bool:
        if node.approximate or node.stopped:
            return False
        shapes = [s for s in node.output_shapes]
        return not any(isinstance(s, Unknown) or (isinstance(s, tuple) and any(isinstance(d, Unknown) for d in s))
                       for s in shapes) and not self._unknown_names(_symbols_in(node, params=False))

    def params_known(self, node: Node) -> bool:
        """A count is a fact when it is known (or a formula in arguments) on a
        path that is certain; a layer's weights need no output shape."""
        if node.approximate or (node.stopped and node.kind != "op"):
            return False
        if isinstance(node.trainable_params, Unknown) or isinstance(node.non_trainable_params, Unknown):
            return False
        return not self._unknown_names(_symbols_in(node, shapes=False))

    def _unknown_names(self, names: set) -> bool:
        return bool(self.unknown_symbols) and bool(names & set(self.unknown_symbols))

    def structure_certain(self) -> bool:
        """No path of this model was guessed: which layers it has is known."""
        return not self.reasons and not any(n.approximate for n in self.nodes())

    def totals_known(self) -> bool:
        """Totals are facts when the layers are certain and each count is known,
        whatever shapes remain unknown."""
        return (self.structure_certain() and not self.outputs_lost and all(self.params_known(n) for n in self.rows())
                # code not followed on the way (an unknown function of tensors) may hold layers of its own
                and not any(n.kind == "op" and n.stopped for n in self.nodes()))

    def stopped_at(self) -> list:
        """Nodes where inference stopped; totals are then a lower bound."""
        return [n for n in self.nodes() if n.stopped]

    @property
    def outputs_lost(self) -> bool:
        """A functional model whose outputs the analysis could not follow
        (``Model(x, other.get_layer("pool").output)``): its rows are only
        part of the model, so no total is exact."""
        return self.kind == "functional" and (not self.outputs or any(r.node not in self.graph for r in self.outputs))


def _symbols_in(node: Node, shapes: bool = True, params: bool = True) -> set:
    """Names in a call's symbolic shapes and counts (``784*units + units``)."""
    from .dims import Expr

    values = [node.trainable_params, node.non_trainable_params] if params else []
    for shape in node.output_shapes if shapes else ():
        if isinstance(shape, tuple):
            values.extend(shape)
    return {name for v in values if isinstance(v, Expr) for name in re.findall(r"[A-Za-z_]\w*", str(v))}


def row_known(node: Node) -> bool:
    """True when a call's output shapes and parameter counts are all known
    (ints, None axes or symbols): nothing unknown and nothing guessed."""
    from .dims import Unknown

    if node.approximate or node.stopped:
        return False
    if isinstance(node.trainable_params, Unknown) or isinstance(node.non_trainable_params, Unknown):
        return False
    return not any(isinstance(shape, Unknown) or (isinstance(shape, tuple) and any(isinstance(d, Unknown) for d in shape))
                   for shape in node.output_shapes)


def to_snake_case(name: str) -> str:
    """Keras's own rule for auto-naming layers (``ReLU`` -> ``re_lu``)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()


class NameCounter:
    """Keras's per-process auto names: dense, dense_1, ... in creation order."""

    def __init__(self):
        self.counts: dict = {}

    def next(self, class_name: str) -> str:
        base = to_snake_case(class_name)
        n = self.counts.get(base, 0)
        self.counts[base] = n + 1
        return base if n == 0 else f"{base}_{n}"
