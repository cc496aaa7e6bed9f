"""Element-wise ops: one tensor in, the same shape out; two or three
tensors in, their broadcast shape out (Python operators included)."""

from __future__ import annotations

from ..dims import is_int
from .base import ACTIVATIONS, BACKEND, KERAS, OPERATOR, TF, TF_NN, OpError, _Unknown, axes_of, broadcast_all, op, shape_of

_UNARY = [
    "abs", "absolute", "negative", "sign", "square", "sqrt", "rsqrt", "exp", "expm1", "log", "log1p",
    "log2", "log10", "sin", "cos", "tan", "tanh", "sinh", "cosh", "arcsin", "arccos", "arctan", "floor",
    "ceil", "round", "erf", "reciprocal", "logical_not", "isnan", "isinf", "isfinite", "sigmoid", "relu",
    "relu6", "gelu", "silu", "swish", "elu", "selu", "softplus", "softsign", "hard_sigmoid", "hard_swish",
    "hard_silu", "leaky_relu", "mish", "log_sigmoid", "tanh_shrink", "stop_gradient", "cast",
    "convert_to_tensor", "copy", "real", "imag", "conj", "nan_to_num", "ones_like", "zeros_like",
    "full_like", "sparse_plus", "squareplus", "celu"
]
_TF_UNARY = [
    "abs", "negative", "sign", "square", "sqrt", "rsqrt", "exp", "expm1", "log", "log1p", "sin", "cos",
    "tan", "tanh", "sinh", "cosh", "asin", "acos", "atan", "floor", "ceil", "round", "erf", "reciprocal",
    "logical_not", "is_nan", "is_inf", "is_finite", "sigmoid", "cast", "convert_to_tensor", "stop_gradient",
    "identity", "ones_like", "zeros_like", "clip_by_value", "ensure_shape", "softplus", "softsign",
    "saturate_cast"
]
_TF_NN_UNARY = [
    "relu", "relu6", "gelu", "silu", "swish", "elu", "selu", "softplus", "softsign", "sigmoid", "tanh",
    "leaky_relu"
]
_BINARY = [
    "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "mod", "power", "maximum",
    "minimum", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
    "logical_or", "logical_xor", "arctan2", "hypot", "squared_difference", "divide_no_nan"
]
_TF_BINARY = [
    "add", "subtract", "multiply", "divide", "truediv", "floordiv", "floormod", "mod", "pow", "maximum",
    "minimum", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
    "logical_or", "logical_xor", "atan2", "squared_difference", "divide_no_nan", "multiply_no_nan"
]

def same(x, *_, **__):
    s = shape_of(x)
    if not isinstance(s, tuple):
        raise _Unknown
    return s


def pair(x1, x2, *_, **__):
    return broadcast_all(shape_of(x1), shape_of(x2))


for _name in _UNARY:
    op(_name, spaces=KERAS + BACKEND + ACTIVATIONS)(same)
for _name in _TF_UNARY:
    op(_name, spaces=TF)(same)
for _name in _TF_NN_UNARY:
    op(_name, spaces=TF_NN + ACTIVATIONS)(same)
for _name in _BINARY:
    op(_name, spaces=KERAS + BACKEND)(pair)
for _name in _TF_BINARY:
    op(_name, spaces=TF)(pair)
for _name in ("add", "sub", "mul", "truediv", "floordiv", "pow", "mod",
              "eq", "ne", "lt", "le", "gt", "ge", "and_", "or_", "xor"):
    op(_name, spaces=OPERATOR)(pair)
for _name in ("neg", "pos", "invert", "abs"):
    op(_name, spaces=OPERATOR)(same)


@op("where", spaces=KERAS + TF)
def where(condition, x1=None, x2=None, *_, **__):
    if x1 is None and x2 is None:
        raise _Unknown  # the indices of the true entries: as many as the data has
    return broadcast_all(shape_of(condition), shape_of(x1), shape_of(x2))


@op("clip", spaces=KERAS + BACKEND)
def clip(x, x_min=None, x_max=None, *_, **__):
    return same(x)


@op("add_n", spaces=TF)
def add_n(inputs, *_, **__):
    """TensorFlow's AddN merges shapes (no broadcasting): one rank, each
    axis None or one size."""
    shapes = [shape_of(i) for i in inputs]
    if not shapes or any(not isinstance(s, tuple) for s in shapes):
        raise _Unknown
    if len({len(s) for s in shapes}) > 1:
        raise OpError(f"add_n: shapes {shapes} differ in rank")
    out = []
    for dims in zip(*shapes):
        known = {d for d in dims if d is not None}
        if any(not is_int(d) for d in known):
            raise _Unknown
        if len(known) > 1:
            raise OpError(f"add_n: shapes {shapes} differ")
        out.append(known.pop() if known else None)
    return tuple(out)


@op("softmax", "log_softmax", spaces=KERAS + BACKEND + ACTIVATIONS + TF_NN)
def softmax(x, axis=-1, *_, **__):
    s = same(x)
    axes_of(axis if axis is not None else -1, len(s))  # a scalar has no axis to normalise over
    return s
