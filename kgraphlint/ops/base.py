"""What the op catalogue is made of: tensor specs, the registry, axes and
broadcasting, written as Keras's ``compute_output_spec`` writes them.

An op entry is a plain function called with the op's own arguments, in
which every tensor has been replaced by a ``Spec`` (its shape). It returns
the output shape, or a list of shapes for an op with several outputs, or
``UNKNOWN`` when the shape depends on data (``tf.boolean_mask``). It raises
``OpError`` only where Keras itself raises on these shapes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..dims import UNKNOWN, Expr, Unknown, is_int
from ..layers.base import LayerError

REGISTRY: dict = {}  # "keras.ops.mean" -> entry
# "keras.ops.tile" -> check(*args, **kwargs): why TensorFlow cannot trace that call, or None
UNTRACEABLE: dict = {}

# Where each family's names live; an entry registers the spellings it answers to.
KERAS = ("keras.ops.", "keras.ops.numpy.", "keras.ops.core.", "keras.ops.nn.", "keras.ops.math.",
         "keras.ops.linalg.")
BACKEND = ("keras.backend.",)
ACTIVATIONS = ("keras.activations.",)
TF = ("tensorflow.", "tensorflow.math.")
TF_NN = ("tensorflow.nn.",)
TF_LINALG = ("tensorflow.linalg.",)
TF_IMAGE = ("tensorflow.image.",)
OPERATOR = ("operator.",)


class OpError(LayerError):
    """Keras raises for these shapes (``ops.add`` of (2, 3) and (4,)). A
    LayerError, so the rules report it as they report a layer's: ``merge``
    (operands that do not fit together), ``rank`` (an axis or index beyond the
    rank), ``dimension`` (a reshape that changes the size)."""

    def __init__(self, message: str, kind: str = "merge"):
        super().__init__(kind, message)


@dataclass(frozen=True)
class Slot:
    """Where the op's i-th input tensor goes among its arguments."""

    index: int


@dataclass(frozen=True)
class Spec:
    """A tensor as an op sees it: a shape (and a dtype when known)."""

    shape: tuple
    dtype: str | None = None


def op(*names, spaces=KERAS):
    """Register ``fn`` as ``<space><name>`` for every space and name."""

    def register(fn):
        for space in spaces:
            for name in names or (fn.__name__.strip("_"),):
                REGISTRY[space + name] = fn
        return fn

    return register


def shape_of(value):
    """The shape of an op argument: a Spec's, a Python number's ``()``, a
    nested list of numbers' own; ``UNKNOWN`` for anything else."""
    if isinstance(value, Spec):
        return value.shape
    if isinstance(value, (bool, int, float)) or value is None:
        return ()
    if isinstance(value, (list, tuple)):
        inner = [shape_of(v) for v in value]
        if inner and all(s == inner[0] for s in inner) and not isinstance(inner[0], Unknown):
            return (len(value), *inner[0])
        return UNKNOWN if inner else (0,)
    return UNKNOWN


def known(shape) -> bool:
    return isinstance(shape, tuple)


def axis_of(axis, rank: int) -> int:
    """Keras's ``canonicalize_axis``: a negative axis counts from the end."""
    if not is_int(axis):
        raise _Unknown
    if not -rank <= axis < rank:
        raise OpError(f"axis {axis} is out of bounds for a tensor of rank {rank}", "rank")
    return axis % rank if rank else 0


def axes_of(axis, rank: int) -> tuple:
    if isinstance(axis, (list, tuple)):
        return tuple(axis_of(a, rank) for a in axis)
    return (axis_of(axis, rank),)


class _Unknown(Exception):
    """An argument is not known statically: the op's shape is unknown."""


def broadcast(a: tuple, b: tuple) -> tuple:
    """``operation_utils.broadcast_shapes``, with symbols compared as equal
    only when they are the same expression."""
    left, right = list(a), list(b)
    if len(left) < len(right):
        left = [1] * (len(right) - len(left)) + left
    if len(right) < len(left):
        right = [1] * (len(left) - len(right)) + right
    out: list = []
    for x, y in zip(left, right):
        if isinstance(x, Unknown) or isinstance(y, Unknown):
            if x == 1 or y == 1:  # the other decides, known or not
                out.append(y if x == 1 else x)
            else:
                out.append(UNKNOWN)
        elif x == 1:
            out.append(y)
        elif x is None:
            out.append(None if y == 1 else y)
        elif y == 1 or y is None or x == y:
            out.append(x)
        elif isinstance(x, Expr) or isinstance(y, Expr):
            out.append(UNKNOWN)  # `units` against 4: equal only for some values
        else:
            raise OpError(f"cannot broadcast shapes {a} and {b}: {x} against {y}")
    return tuple(out)


def broadcast_all(*shapes) -> tuple:
    out = ()
    for s in shapes:
        if not known(s):
            raise _Unknown
        out = broadcast(out, s)
    return out


def evaluate(path: str, args: list, kwargs: dict):
    """The output shape(s) of op ``path`` on these arguments, or UNKNOWN.
    Raises OpError where Keras raises."""
    entry = REGISTRY.get(path)
    if entry is None:
        return UNKNOWN
    try:
        return entry(*args, **kwargs)
    except _Unknown:
        return UNKNOWN
    except OpError:
        raise
    except (TypeError, ValueError, IndexError, KeyError, AttributeError, ZeroDivisionError):
        return UNKNOWN  # arguments of a form the entry does not follow


def untraceable(call) -> str | None:
    """Why TensorFlow cannot run this op while Keras traces a layer's
    ``call`` on symbolic tensors (to find its output shape), or None. Outside
    a traced call the same op may run eagerly on data, where it works."""
    path, args, kwargs = call
    check = UNTRACEABLE.get(path)
    if check is None:
        return None
    try:
        return check(*args, **kwargs)
    except TypeError:  # arguments of a form the check does not read
        return None


def fill(value, specs: list):
    """``value`` with every Slot replaced by its input's Spec."""
    if isinstance(value, Slot):
        return specs[value.index]
    if isinstance(value, list):
        return [fill(v, specs) for v in value]
    if isinstance(value, tuple):
        return tuple(fill(v, specs) for v in value)
    if isinstance(value, dict):
        return {k: fill(v, specs) for k, v in value.items()}
    if isinstance(value, slice):
        return slice(fill(value.start, specs), fill(value.stop, specs), fill(value.step, specs))
    return value


def output_shapes(call, input_shapes: list) -> list:
    """The shapes an op node puts out: ``call`` is (path, args, kwargs) with
    Slots where its input tensors go."""
    path, args, kwargs = call
    specs = [Spec(s) for s in input_shapes]
    result = evaluate(path, fill(list(args), specs), fill(dict(kwargs), specs))
    if isinstance(result, list):
        return [r if isinstance(r, tuple) else UNKNOWN for r in result] or [UNKNOWN]
    return [result if isinstance(result, tuple) else UNKNOWN]
