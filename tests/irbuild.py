"""Build ModelIRs by hand, as the extractor would, for tests that must not
depend on extraction."""

from __future__ import annotations

from kgraphlint.graph import ModelIR, NameCounter, Node, Span, TensorRef
from kgraphlint.infer import infer
from kgraphlint.layers import lookup
from kgraphlint.layers.core import INPUT_SIGNATURE


class IR:
    def __init__(self, name="model", kind="functional", path="model.py", line=1):
        self.model = ModelIR(name=name, kind=kind, path=path, span=Span(line, 1, line, 2))
        self.names = NameCounter()
        self.n = 0

    def _id(self):
        self.n += 1
        return f"n{self.n}"

    def input(self, shape, name=None, **kw) -> TensorRef:
        args = dict(INPUT_SIGNATURE)
        args.update(shape=tuple(shape), name=name, **kw)
        node = Node(self._id(), "input", "InputLayer", layer_key=f"k{self.n}", args=args,
                    name=name or self.names.next("input_layer"), explicit_name=name is not None)
        self.model.add_node(node)
        ref = TensorRef(node.id)
        self.model.inputs.append(ref)
        return ref

    def layer(self, cls, inputs, *positional, shared=None, **kwargs) -> TensorRef:
        """Call a new layer (or the layer of ``shared``, a TensorRef) on ``inputs``."""
        inputs = inputs if isinstance(inputs, list) else [inputs]
        if shared is not None:
            first = self.model.node(shared.node)
            node = Node(self._id(), "layer", first.cls, first.layer_key, name=first.name,
                        args=first.args, inputs=inputs)
        else:
            args, problems = lookup(cls).bind(list(positional), kwargs)
            assert not problems, problems
            name = kwargs.get("name")
            node = Node(self._id(), "layer", cls, layer_key=f"k{self.n}", args=args, inputs=inputs,
                        name=name or self.names.next(cls), explicit_name=name is not None)
        self.model.add_node(node)
        return TensorRef(node.id)

    def nested(self, sub: ModelIR, inputs, name=None) -> TensorRef:
        inputs = inputs if isinstance(inputs, list) else [inputs]
        node = Node(self._id(), "model", "Functional", layer_key=f"k{self.n}", inputs=inputs,
                    submodel=sub, name=name or sub.keras_name or sub.name)
        self.model.add_node(node)
        return TensorRef(node.id)

    def done(self, outputs) -> ModelIR:
        self.model.outputs = outputs if isinstance(outputs, list) else [outputs]
        return infer(self.model)


def multi_input() -> ModelIR:
    """Two Inputs, Dense branches, a concatenate, two outputs: the model of
    fixtures/graph/multi_input.py, built without extraction."""
    b = IR("model", path="fixtures/graph/multi_input.py", line=8)
    title = b.input((4,), name="title")
    body = b.input((8,), name="body")
    t = b.layer("Dense", title, 8, activation="relu", name="title_dense")
    x = b.layer("Dense", body, 8, activation="relu", name="body_dense_1")
    x = b.layer("Dense", x, 12, activation="relu", name="body_dense_2")
    merged = b.layer("Concatenate", [t, x], name="merge")
    h = b.layer("Dense", merged, 16, activation="relu", name="hidden")
    priority = b.layer("Dense", h, 1, activation="sigmoid", name="priority")
    department = b.layer("Dense", h, 4, activation="softmax", name="department")
    return b.done([priority, department])


def nested() -> ModelIR:
    """An encoder model called inside another model, with a skip connection."""
    e = IR("encoder", line=2)
    i = e.input((8,), name="enc_in")
    h = e.layer("Dense", i, 16, activation="relu", name="enc_hidden")
    encoder = e.done(e.layer("Dense", h, 8, name="enc_out"))
    encoder.keras_name = "encoder"
    b = IR("model", line=6)
    x = b.input((8,), name="features")
    z = b.nested(encoder, x, name="encoder")
    s = b.layer("Add", [x, z], name="skip")
    return b.done(b.layer("Dense", s, 4, name="head"))


def deep(n=50) -> ModelIR:
    """``n`` layers: a Dense chain with a residual Add every 5 layers and a
    wide fan-out in the middle, for the layout's sake."""
    b = IR("deep", line=1)
    x = b.input((32,), name="x")
    count = 1
    while count < n - 1:
        skip = x
        for _ in range(4):
            x = b.layer("Dense", x, 32, activation="relu")
            count += 1
        x = b.layer("Add", [skip, x])
        count += 1
        if count == 11:  # a fan-out of six branches, merged again
            heads = [b.layer("Dense", x, 32) for _ in range(6)]
            x = b.layer("Average", heads)
            count += 7
    return b.done(b.layer("Dense", x, 10, activation="softmax", name="classes"))
