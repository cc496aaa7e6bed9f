"""The contract every catalogue entry follows.

Keras splits a layer into three phases and so do we:
  * ``validate()``         — the constructor's argument checks
  * ``build(inputs)``      — the weights created from the input shapes
  * ``compute_output_shape(inputs)`` — the shape mapping

A catalogue entry never imports Keras. Argument values are Python literals
(int, float, str, bool, None, tuple, list, dict), ``Expr`` symbols, or
``UNKNOWN``; input shapes are tuples of dims (see ``dims``) or ``UNKNOWN``
when the rank is unknown. An entry raises ``LayerError`` only when it is
certain Keras would fail; anything it cannot decide stays symbolic/unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..dims import UNKNOWN, Expr, Unknown, dim_prod, is_int


class Required:
    """Marks a constructor parameter without a default."""

    def __repr__(self):
        return "<required>"


REQUIRED = Required()


class LayerError(Exception):
    """Keras would reject this layer, its arguments or its inputs.

    ``kind`` maps to a rule:
      rank      -> KG203 layer-input-rank
      dimension -> KG204 non-positive-dimension (also Reshape size mismatch)
      merge     -> KG202 merge-shape-mismatch
      value     -> KG303 invalid-argument-value
      argument  -> KG302 unknown-layer-argument / missing required argument
    """

    def __init__(self, kind: str, message: str, argument: str | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.argument = argument

    def __reduce__(self):  # deepcopy/pickle (nested models are copied; workers pickle)
        return (LayerError, (self.kind, self.message, self.argument))


@dataclass
class Weight:
    name: str
    shape: tuple
    trainable: bool = True

    @property
    def size(self):
        return dim_prod(self.shape)


# Keyword arguments every Keras layer accepts (keras/src/layers/layer.py).
BASE_KWARGS: tuple = (
    ("activity_regularizer", None),
    ("trainable", True),
    ("dtype", None),
    ("autocast", True),
    ("name", None),
    ("input_shape", None),
    ("input_dim", None),
)


class Layer:
    """Base class of a catalogue entry; one instance per layer object."""

    #: canonical Keras class name, as ``model.summary()`` prints it
    name: ClassVar[str] = ""
    #: other names Keras exports for the same class (Convolution2D, MaxPool2D, ...)
    aliases: ClassVar[tuple] = ()
    #: the constructor's own parameters in Keras's positional order
    signature: ClassVar[tuple] = ()
    #: False for layers that forward unknown kwargs nowhere (all of them in Keras 3)
    base_kwargs: ClassVar[tuple] = BASE_KWARGS
    #: how many tensor inputs the call takes: 1, or "list" for merge layers
    arity: ClassVar[Any] = 1

    #: Keras classes whose auto names (``softmax_3``) this layer takes from the
    #: global counters for layers it creates inside itself, when it is
    #: constructed and when its first call builds it (tests/test_auto_names.py).
    made_at_init: ClassVar[tuple] = ()
    made_at_build: ClassVar[tuple] = ()

    def __init__(self, args: dict):
        # args: every signature parameter, defaults filled in by ``bind``.
        self.args = args

    @classmethod
    def made_inside(cls, args: dict, phase: str) -> tuple:
        """Class names of the auto-named layers (and ops) Keras creates inside
        this layer at ``phase`` ("init" or "build"), in creation order."""
        return cls.made_at_init if phase == "init" else cls.made_at_build

    # -- phase 1 ---------------------------------------------------------
    def validate(self) -> None:
        """Raise LayerError('value', ...) for arguments Keras rejects."""

    # -- phase 2 ---------------------------------------------------------
    def build(self, inputs: list) -> list:
        """Weights created for these input shapes (list of Weight)."""
        return []

    # -- phase 3 ---------------------------------------------------------
    def compute_output_shape(self, inputs: list) -> list:
        """Output shapes, one per output tensor. Default: identity."""
        return [inputs[0]]

    # -- helpers ---------------------------------------------------------
    @property
    def trainable(self) -> bool:
        return self.args.get("trainable", True) is not False

    @classmethod
    def parameter_names(cls) -> list:
        return [p for p, _ in cls.signature] + [p for p, _ in cls.base_kwargs]

    @classmethod
    def bind(cls, positional: list, keywords: dict) -> tuple:
        """Map call arguments onto the signature like Python would.

        Returns (args, problems): problems is a list of LayerError for unknown
        keywords, too many positionals and missing required arguments; the
        caller decides how to report them.
        """
        problems = []
        args: dict = {}
        names = [p for p, _ in cls.signature]
        for i, value in enumerate(positional):
            if i < len(names):
                args[names[i]] = value
            else:
                problems.append(
                    LayerError(
                        "argument",
                        f"{cls.name}() takes {len(names)} positional arguments but {len(positional)} were given",
                    )
                )
                break
        allowed = set(cls.parameter_names())
        for key, value in keywords.items():
            if key not in allowed:
                problems.append(LayerError("argument", f"{cls.name}() got an unexpected keyword argument {key!r}", key))
                continue
            if key in args:
                problems.append(LayerError("argument", f"{cls.name}() got multiple values for argument {key!r}", key))
            args[key] = value
        for p, default in cls.signature + cls.base_kwargs:
            if p not in args:
                if default is REQUIRED:
                    problems.append(
                        LayerError("argument", f"{cls.name}() missing required argument {p!r}", p)
                    )
                    args[p] = UNKNOWN
                else:
                    args[p] = default
        return args, problems


# -- shared helpers for catalogue entries ---------------------------------

def check_name(class_name: str, name) -> None:
    """Keras's Operation rejects names containing '/' (keras/src/ops/operation.py)."""
    if isinstance(name, str) and "/" in name:
        raise LayerError("value", f"{class_name}: layer names cannot contain '/', got name={name!r}", "name")


def rank(shape) -> int | None:
    if shape is None or isinstance(shape, Unknown):
        return None
    return len(shape)


def require_rank(layer: Layer, shape, *, exact=None, minimum=None, maximum=None, what="input"):
    """Raise a 'rank' LayerError when a known rank is outside the bounds."""
    r = rank(shape)
    if r is None:
        return
    from ..dims import format_shape

    if exact is not None and r != exact:
        raise LayerError(
            "rank",
            f"{layer.name} expects a rank-{exact} {what} (batch included), got {format_shape(shape)} of rank {r}",
        )
    if minimum is not None and r < minimum:
        raise LayerError(
            "rank",
            f"{layer.name} expects an {what} of rank >= {minimum}, got {format_shape(shape)} of rank {r}",
        )
    if maximum is not None and r > maximum:
        raise LayerError(
            "rank",
            f"{layer.name} expects an {what} of rank <= {maximum}, got {format_shape(shape)} of rank {r}",
        )


def check_positive(layer: Layer, arg: str, value, *, allow_zero=False):
    """Raise a 'value' error when a concrete int argument is not positive."""
    if is_int(value) and (value < 0 or (value == 0 and not allow_zero)):
        bound = ">= 0" if allow_zero else "> 0"
        raise LayerError("value", f"{layer.name}: `{arg}` must be {bound}, got {value}", arg)


def normalize_tuple(layer: Layer, value, n: int, arg: str) -> tuple:
    """Keras's ``standardize_tuple``: an int becomes an n-tuple."""
    if is_int(value) or isinstance(value, (Expr, Unknown)):
        return (value,) * n
    if isinstance(value, (tuple, list)):
        if len(value) != n:
            raise LayerError("value", f"{layer.name}: `{arg}` must be an int or a tuple of {n} ints, got {value!r}", arg)
        return tuple(value)
    if value is None:
        return (None,) * n
    raise LayerError("value", f"{layer.name}: `{arg}` must be an int or a tuple of {n} ints, got {value!r}", arg)


def normalize_padding(layer: Layer, value, allowed=("valid", "same")) -> Any:
    if isinstance(value, str):
        v = value.lower()
        if v not in allowed:
            raise LayerError(
                "value",
                f"{layer.name}: `padding` must be one of {', '.join(repr(a) for a in allowed)}, got {value!r}",
                "padding",
            )
        return v
    return value  # symbol or unknown: keep


def normalize_data_format(layer: Layer, value) -> Any:
    if value is None:
        return "channels_last"
    if isinstance(value, str):
        v = value.lower()
        if v not in ("channels_last", "channels_first"):
            raise LayerError(
                "value",
                f"{layer.name}: `data_format` must be 'channels_last' or 'channels_first', got {value!r}",
                "data_format",
            )
        return v
    return value


@dataclass
class CallResult:
    """What inference records for one call of a layer."""

    outputs: list
    weights: list = field(default_factory=list)


def conv_output_length(length, kernel_size, padding="valid", stride=1, dilation=1, *, layer=None):
    """Output length of one spatial axis of a convolution or pooling window.

    Keras's ``compute_conv_output_shape`` / ``compute_pooling_output_shape``
    (keras/src/ops/operation_utils.py), one axis at a time:

      * ``valid``:            (length - dilation*(kernel_size-1) - 1) // stride + 1
      * ``same`` / ``causal``: (length - 1) // stride + 1

    ``length`` may be an int, ``None`` (stays ``None``), an ``Expr`` (the
    result stays an exact polynomial when the division is exact, e.g. stride 1,
    otherwise an opaque ``(...)//s`` atom) or ``UNKNOWN`` (absorbs everything).
    ``kernel_size``, ``stride`` and ``dilation`` may be symbolic too. A padding
    that is not a known string (symbol, UNKNOWN) gives ``UNKNOWN`` unless the
    answer does not depend on it. Pooling is ``dilation=1``.

    With ``layer`` given, a concrete result <= 0 raises
    ``LayerError("dimension", ...)`` like Keras's "Computed output size would
    be zero or negative"; without it the raw (possibly non-positive) int is
    returned and the caller decides.
    """
    from ..dims import dim_add, dim_mul, dim_sub

    if length is None:
        return None
    if isinstance(stride, int) and not isinstance(stride, bool) and stride <= 0:
        return UNKNOWN  # Keras divides by zero here; callers validate strides
    if padding == "valid":
        effective = dim_add(dim_mul(dilation, dim_sub(kernel_size, 1)), 1)
        out = dim_add(_floordiv(dim_sub(length, effective), stride), 1)
    elif padding in ("same", "causal"):
        out = dim_add(_floordiv(dim_sub(length, 1), stride), 1)
    else:
        return UNKNOWN
    if layer is not None and is_int(out) and out <= 0:
        raise LayerError(
            "dimension",
            f"{layer.name}: computed output size would be {out} (input length {length}, "
            f"window {kernel_size}, stride {stride}, dilation {dilation}, padding {padding!r})",
        )
    return out


def _floordiv(a, b):
    """Floor division that also works when ``a`` is a negative int (Python's
    ``//`` already floors, matching numpy's ``floor``), and keeps ``x // 1 == x``."""
    if b == 1:
        return a
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return UNKNOWN
    return a // b


def deconv_output_length(length, kernel_size, padding="valid", stride=1, dilation=1, output_padding=None):
    """Output length of one spatial axis of a transposed convolution.

    Keras's ``compute_conv_transpose_output_shape`` (TF padding rules,
    keras/src/backend/common/backend_utils.py), with k = dilation*(kernel-1)+1:

      * ``valid``: (length-1)*stride + k + (max(k, stride) - k  if output_padding is None)
      * ``same``:  length*stride if output_padding is None,
                   else (length-1)*stride + k % 2 + output_padding

    ``None`` stays ``None``; symbols propagate; an unknown padding (or a
    symbolic kernel under ``same`` with output_padding, or a symbolic max())
    gives ``UNKNOWN``. The result can be 0 or negative: Keras accepts 0 and
    only fails on a negative size, so the caller decides.
    """
    from ..dims import dim_add, dim_mul, dim_sub

    if length is None:
        return None
    k = dim_add(dim_mul(dilation, dim_sub(kernel_size, 1)), 1)
    if padding == "valid":
        if output_padding is None:
            if is_int(k) and is_int(stride):
                output_padding = max(k, stride) - k
            elif is_int(stride) and stride == 1:
                output_padding = 0  # max(k, 1) == k for any positive k
            else:
                return UNKNOWN
        return dim_add(dim_add(dim_mul(dim_sub(length, 1), stride), k), output_padding)
    if padding == "same":
        if output_padding is None:
            return dim_mul(length, stride)
        if not is_int(k):
            return UNKNOWN
        return dim_add(dim_add(dim_mul(dim_sub(length, 1), stride), k % 2), output_padding)
    return UNKNOWN


def check_weight_shapes(layer: Layer, weights: list) -> list:
    """Keras refuses to create a variable whose shape has a ``None``, a
    negative or a non-integer size ("Shapes used to initialize variables must be fully-defined").
    Returns ``weights`` so a ``build`` can end with ``return check_weight_shapes(...)``."""
    from ..dims import format_shape

    for w in weights:
        for d in w.shape:
            if d is None or (is_int(d) and d < 0) or isinstance(d, (float, str, bool)):
                why = (
                    "an undefined (None) size" if d is None
                    else f"a negative size {d}" if is_int(d)
                    else f"a non-integer size {d!r}"
                )
                raise LayerError(
                    "dimension",
                    f"{layer.name}: weight `{w.name}` would have shape {format_shape(tuple(w.shape))} "
                    f"with {why}; the input axis it is built from must be defined and positive",
                )
    return weights


def is_literal(value) -> bool:
    """False for values known only symbolically (``Expr``, ``UNKNOWN``)."""
    return not isinstance(value, (Expr, Unknown))


def standardize_tuple(layer: Layer, value, n: int, arg: str, allow_zero=False) -> tuple:
    """Keras's ``argument_validation.standardize_tuple``: an int becomes an
    n-tuple, an iterable must have n int-like items, and every concrete item
    must be > 0 (>= 0 with ``allow_zero``). Symbolic items pass through;
    a symbolic whole value becomes n UNKNOWNs."""
    def bad(why=""):
        return LayerError("value", f"{layer.name}: `{arg}` must be an int or a tuple of {n} ints{why}, got {value!r}", arg)

    if isinstance(value, (Expr, Unknown)):
        return (value,) * n
    if is_int(value) or isinstance(value, bool):
        items = (value,) * n
    elif isinstance(value, (tuple, list, str)):
        items = tuple(value)
        if len(items) != n:
            raise bad()
        for v in items:
            if is_literal(v) and not isinstance(v, (int, float)):
                raise bad()
    else:
        raise bad()
    for v in items:
        if is_literal(v) and (v < 0 or (v == 0 and not allow_zero)):
            raise bad(" >= 0" if allow_zero else " > 0")
    return items


def standardize_data_format(layer: Layer, value):
    """Keras's ``backend.standardize_data_format``: None is channels_last
    (the default image_data_format), anything else goes through str().lower()."""
    if value is None:
        return "channels_last"
    if not is_literal(value):
        return value
    v = str(value).lower()
    if v not in ("channels_last", "channels_first"):
        raise LayerError(
            "value", f"{layer.name}: `data_format` must be 'channels_last' or 'channels_first', got {value!r}", "data_format"
        )
    return v


def spatial_axes(data_format, ndim: int) -> list:
    """Indices of the spatial axes of a rank-``ndim`` batch shape."""
    return list(range(2, ndim)) if data_format == "channels_first" else list(range(1, ndim - 1))


def channel_axis(data_format, ndim: int) -> int:
    return 1 if data_format == "channels_first" else ndim - 1
