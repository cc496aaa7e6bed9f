"""Abstract values the interpreter binds names to.

Plain Python literals (int, float, str, bool, None, tuple, list, dict) stand
for themselves; ``Expr`` symbols and ``UNKNOWN`` (kgraphlint.dims) stand for
values known only by name or not at all. The classes below stand for the
Keras objects a program builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..graph import ModelIR, Span, TensorRef


@dataclass(eq=False)
class Ref:
    """A dotted path into an imported module (``tf.keras.layers``)."""

    path: str


@dataclass(eq=False)
class LayerObj:
    """A constructed layer, not yet (or several times) called."""

    cls: str
    key: str
    name: str
    explicit_name: bool
    args: dict
    arg_spans: dict
    arg_sources: Any  # argument -> source text, read lazily (pyast.SourceTexts)
    span: Span | None
    kind: str = "layer"  # "layer" | "input"
    trainable: bool = True
    entry: Any = None  # catalogue-like entry for custom Layer subclasses
    inner: Any = None  # wrapped LayerObj (Bidirectional, TimeDistributed)
    input_arg: tuple | None = None  # ("input_shape"|"input_dim", value, span)
    instance: Any = None  # Instance for custom layers (their attributes)
    calls: list = field(default_factory=list)  # [Tensor] its outputs, one per call
    guess: tuple | None = None  # (line, why) this object may differ (changed on an undecided path)
    _tensor: Any = None  # an InputLayer's output
    called: bool = False  # built by a first call (names of layers made at build)


@dataclass(eq=False)
class Foreign:
    """The result of calling something we cannot see into (a third-party
    class, ``hub.KerasLayer(...)``): applied to a tensor it is a layer of
    unknown class, never taken for a Keras one."""

    path: str
    span: Span | None


@dataclass(eq=False)
class Tensor:
    ref: TensorRef
    guess: tuple | None = None  # (line, why) this variable may hold another tensor (an undecided branch)


class ShapeTuple(tuple):
    """``x.shape`` of a symbolic tensor: a tuple, as Keras 3's KerasTensor
    gives, that also answers TensorFlow's ``as_list()`` and ``rank``."""

    def as_list(self) -> list:
        return list(self)

    @property
    def rank(self) -> int:
        return len(self)


@dataclass(eq=False)
class SeqModel:
    """A Sequential under construction; its IR is filled in at the end."""

    ir: ModelIR
    entries: list = field(default_factory=list)  # LayerObj | model values
    input_layer: LayerObj | None = None
    trainable: bool = True
    named: bool = False
    build_args: dict | None = None  # input from model.build(shape) or a call on an Input
    entries_built: bool = False
    build_named: bool = False  # its first call took the auto names Sequential.build takes
    guess: tuple | None = None  # (line, why) it may differ: changed on an undecided path
    guess_from: int | None = None  # entries from this index on may differ
    module_named: bool = False  # renamed after the module-level variable a builder's result lands in
    sandbox_born: bool = False  # made while reading a function Keras never ran
    _chain: Any = None  # (entries, [TensorRef]) the graph .inputs/.outputs read
    _ir_now: Any = None  # (entries, ModelIR) the graph as it stands, for a call


@dataclass(eq=False)
class FuncModel:
    ir: ModelIR
    inputs: list  # [Tensor] flattened
    outputs: list  # [Tensor] flattened
    key: str = ""
    trainable: bool = True
    named: bool = False
    guess: tuple | None = None
    module_named: bool = False


@dataclass(eq=False)
class OpaqueModel:
    """A model from a callable we cannot see into (keras.applications.VGG16)."""

    cls: str
    key: str
    name: str
    span: Span | None
    trainable: bool = True


@dataclass(eq=False)
class Function:
    node: Any  # ast.FunctionDef | ast.Lambda
    env: Any  # defining Env
    name: str
    bound_self: Any = None
    defaults: dict | None = None  # parameter -> value, evaluated once when `def` ran


@dataclass(eq=False)
class ClassVal:
    node: Any  # ast.ClassDef
    env: Any
    name: str
    role: str  # "model" | "layer" | "plain"
    methods: dict = field(default_factory=dict)  # name -> ast.FunctionDef
    attrs: dict = field(default_factory=dict)  # class-level assignments
    bases: list = field(default_factory=list)  # ClassVal bases defined in the file
    instantiated: bool = False
    keras_base: str | None = None  # a concrete Keras layer it subclasses (Conv2D), its own or a base's


@dataclass(eq=False)
class Instance:
    """An instance of a class defined in the file (subclassed model or plain)."""

    cls: ClassVal
    attrs: dict = field(default_factory=dict)
    layers: list = field(default_factory=list)  # LayerObj / models in assignment order
    ir: Any = None  # ModelIR for a subclassed model
    key: str = ""
    keras_name: str = ""
    input_shape: Any = None  # batch shape when known (build / call on Input)
    input_args: Any = None  # Input arguments (one dict, or one per input)
    build_span: Any = None  # the model.build(...) call that gave input_args
    trainable: bool = True
    graph_built: bool = False
    named: bool = False
    guess: tuple | None = None
    build_only: bool = False  # .build() called on a model without a build(): Keras builds nothing
    module_named: bool = False
    weights: list = field(default_factory=list)  # a custom layer's add_weight()s
    init_args: Any = None  # a custom layer's constructor Args (clone_model runs __init__ again)


@dataclass(eq=False)
class Module:
    """One of the project's own modules, imported: its globals, run once."""

    name: str
    path: str
    env: Any  # base.Env, its globals
    text: Any  # pyast.SourceText of its source


@dataclass(eq=False)
class Method:
    """A bound built-in method (``model.add``, ``list.append``)."""

    owner: Any
    name: str


@dataclass(eq=False)
class Builtin:
    name: str


@dataclass(eq=False)
class Super:
    instance: Any


MODEL_VALUES = (SeqModel, FuncModel, OpaqueModel)


def is_tensor_like(v) -> bool:
    if isinstance(v, Tensor):
        return True
    if isinstance(v, (list, tuple)):
        return any(is_tensor_like(x) for x in v)
    if isinstance(v, dict):
        return any(is_tensor_like(x) for x in v.values())
    return False


def flatten_tensors(v) -> list:
    """Tensors in a nested structure, in order (Keras's tree.flatten)."""
    if isinstance(v, Tensor):
        return [v]
    if isinstance(v, (list, tuple)):
        return [t for x in v for t in flatten_tensors(x)]
    if isinstance(v, dict):  # Keras's tree.flatten visits dict keys sorted
        return [t for k in _sorted_keys(v) for t in flatten_tensors(v[k])]
    return []


def _sorted_keys(d: dict) -> list:
    try:
        return sorted(d)
    except TypeError:
        return list(d)
