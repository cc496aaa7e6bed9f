"""The Keras API objects the interpreter can meet, and what a call of each does.

A call of a dotted path (``layers.Dense(8)``, ``keras.ops.shape(x)``,
``tf.reduce_mean(x)``) is answered here, by the first of:

1. ``BY_PATH``: one Keras object, by canonical path (``keras.ops.shape``);
2. ``BY_PREFIX``: Keras's own Python for a namespace (``keras.applications.*``);
3. ``BY_KIND``: every object of a kind ``imports.classify`` names (each layer
   class, each op...), after Keras 1/2 spellings are read as meant;
4. what is not Keras: TensorFlow's functions, then any other library.

A handler answers ``NOT_HANDLED`` to let the next step answer. Adding a Keras
API object is adding one entry. Handlers are written against ``Machine``
(base.py), like the interpreter's parts, and this module imports no part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..dims import UNKNOWN
from ..ops import knows
from .base import Args, Machine
from .imports import canonical, classify, is_tensorflow_op
from .legacy_calls import read_legacy
from .values import Foreign, OpaqueModel, Tensor

NOT_HANDLED = object()


@dataclass(frozen=True)
class KerasCall:
    path: str  # as the imports spell it: tensorflow.keras.layers.Dense
    canon: str | None  # keras.layers.Dense; None when not Keras
    args: Args
    node: Any  # the ast.Call
    env: Any  # base.Env
    kind: str = ""  # imports.classify's kind, once read as meant
    name: str = ""  # the class or function it names (Dense, concatenate...)

    @property
    def values(self) -> list:
        return self.args.positional + list(self.args.keywords.values())

    @property
    def last(self) -> str:
        return self.path.rsplit(".", 1)[-1]


Handler = Callable[[Machine, KerasCall], Any]


def _constant(value) -> Handler:
    """A Keras setting read as a number (only its kind matters to shapes)."""
    return lambda m, c: value if not c.args.positional else NOT_HANDLED


def _reads(attribute: str) -> Handler:
    """A function reading one static fact of a symbolic tensor."""
    def handler(m: Machine, c: KerasCall):
        p = c.args.positional
        return m.tensor_attribute(p[0], attribute, c.node) if len(p) == 1 and isinstance(p[0], Tensor) else NOT_HANDLED
    return handler


BY_PATH: dict[str, Handler] = {
    "keras.backend.epsilon": _constant(1e-7),
    "keras.config.epsilon": _constant(1e-7),
    "keras.backend.int_shape": _reads("shape"),
    "keras.ops.shape": _reads("shape"),
    "keras.ops.ndim": _reads("ndim"),
    "keras.backend.ndim": _reads("ndim"),
    "keras.ops.dtype": _reads("dtype"),
    "keras.models.clone_model": lambda m, c: m.clone_model(c.args, c.node, c.env),  # extract/cloning.py
}


def _applications_source(m: Machine, c: KerasCall):
    """Keras's own builder, read from the vendored source, with the caller's
    arguments as they are: ``weights`` too, since ``weights="imagenet"``
    changes what some builders make (EfficientNet adds a Rescaling). Nothing
    is downloaded or loaded: the loading calls are not followed, and loading
    never changes the numbers."""
    fn = m.keras_function(c.canon or "", c.node)
    if fn is None:
        return NOT_HANDLED
    return m.call_function(fn, list(c.args.positional), dict(c.args.keywords), c.node)


BY_PREFIX: tuple[tuple[str, Handler], ...] = (
    ("keras.applications.", _applications_source),
)


def _application(m: Machine, c: KerasCall):
    """An application without vendored source: a model of unknown graph."""
    explicit = c.args.keywords.get("name")
    return OpaqueModel(c.name, m.new_key(c.name), explicit if isinstance(explicit, str) else c.name.lower(),
                       m.span(c.node))


def _op(m: Machine, c: KerasCall):
    """A Keras op: from the op catalogue when it knows it; a Keras op on
    tensors takes an auto name either way."""
    if knows(c.canon or ""):
        return m.tensor_op(_op_class(c.canon or "", c.name), [], c.node, counted=True,
                           op=(c.canon or "", *_op_args(c.args)))
    if c.args.has_tensors():
        return m.tensor_op(_camel(c.name), c.values, c.node, counted=True)
    return NOT_HANDLED


BY_KIND: dict[str, Handler] = {
    "input": lambda m, c: m.make_input(c.args, c.node, c.env),
    "layer": lambda m, c: m.make_layer(c.name, c.args, c.node, c.env),
    "merge": lambda m, c: m.merge_function(c.name, c.args, c.node, c.env),
    "sequential": lambda m, c: m.make_sequential(c.args, c.node, c.env),
    "model": lambda m, c: m.make_functional(c.args, c.node, c.env),
    "application": _application,
    "op": _op,
}


def _keras_unmodelled(m: Machine, c: KerasCall):
    """A Keras function not modelled (``preprocess_input``): its result
    depends on the tensors it is given."""
    return m.tensor_op(m.callee_text(c.node), c.values, c.node) if c.args.has_tensors() else UNKNOWN


def _tensorflow_function(m: Machine, c: KerasCall):
    """``tf.reduce_mean`` and friends: ops on tensors, never layers."""
    if knows(c.path):
        return m.tensor_op(c.last, [], c.node, op=(c.path, *_op_args(c.args)))
    return m.tensor_op(c.last, c.values, c.node) if c.args.has_tensors() else UNKNOWN


# Libraries whose functions read what they are given without changing a model.
_READ_ONLY_ROOTS = frozenset({"numpy", "np", "matplotlib", "plt", "pandas", "pd", "math", "os", "sys", "json",
                              "logging", "tensorflow", "tf", "time", "random", "pickle", "pathlib", "warnings",
                              "copy", "itertools", "functools", "collections", "typing", "pprint", "print"})


def _library_function(m: Machine, c: KerasCall):
    """Another library's function: it may change what it is handed; a
    capitalised name may be a third-party layer class."""
    if c.path.split(".")[0] not in _READ_ONLY_ROOTS:
        m.may_change(c.args, c.node)
    if c.args.has_tensors():
        return m.tensor_op(m.callee_text(c.node), c.values, c.node)
    return Foreign(c.path, m.span(c.node)) if c.last[:1].isupper() else UNKNOWN


def call(m: Machine, path: str, args: Args, node, env):
    """The value of calling ``path`` with ``args``, as Keras would give it."""
    c = KerasCall(path, canonical(path), args, node, env)
    if c.canon is None:
        return (_tensorflow_function if is_tensorflow_op(path) else _library_function)(m, c)
    steps = [BY_PATH.get(c.canon)] + [handler for prefix, handler in BY_PREFIX if c.canon.startswith(prefix)]
    for handler in steps:
        result = handler(m, c) if handler is not None else NOT_HANDLED
        if result is not NOT_HANDLED:
            return result
    (kind, name), read = read_legacy(path, classify(path), args, m, node, env)  # Keras 1/2 spellings, as meant
    c = KerasCall(c.path, c.canon, read, c.node, c.env, kind, name)  # dataclasses.replace costs 5x more
    handler = BY_KIND.get(kind)
    result = handler(m, c) if handler is not None else NOT_HANDLED
    return _keras_unmodelled(m, c) if result is NOT_HANDLED else result


def _op_args(args: Args) -> tuple:
    return list(args.positional), dict(args.keywords)


# Keras ops whose Operation class is not the function's name in CamelCase
# (the summary row's class, and its auto name in snake case: `silu`, `re_lu`)
_OP_CLASSES = {"swish": "Silu", "hard_swish": "HardSilu", "abs": "Absolute", "conj": "Conjugate"}


def _op_class(path: str, name: str) -> str:
    if not path.startswith("keras."):
        return _camel(name)
    if path == "keras.activations.relu":
        return "ReLU"
    return _OP_CLASSES.get(name, _camel(name))


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_")) or "Op"
