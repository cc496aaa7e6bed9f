"""Reductions: ``ops.mean(x, axis=-1, keepdims=True)``, ``tf.reduce_sum``,
``argmax``: the reduced axes go (or stay as 1 with ``keepdims``)."""

from __future__ import annotations

from ..dims import dim_prod, is_int
from .base import BACKEND, KERAS, TF, OpError, _Unknown, axes_of, op, shape_of

_KERAS = [
    "mean", "sum", "max", "min", "prod", "std", "var", "any", "all", "logsumexp", "amax", "amin", "median",
    "nanmean", "nansum", "count_nonzero"
]
_TF = [
    "reduce_mean", "reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "reduce_std", "reduce_variance",
    "reduce_any", "reduce_all", "reduce_logsumexp", "count_nonzero", "reduce_euclidean_norm"
]


def reduce_shape(shape, axis=None, keepdims=False):
    if not isinstance(shape, tuple):
        raise _Unknown
    if axis is None:
        return tuple(1 for _ in shape) if keepdims else ()
    axes = axes_of(axis, len(shape))
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    out = list(shape)
    try:
        for a in sorted(axes, reverse=True):  # as Keras does it: a repeated axis deletes twice
            del out[a]
    except IndexError:
        raise OpError(f"axis {axis} repeats an axis of a tensor of rank {len(shape)}", "rank") from None
    return tuple(out)


def keras_reduce(x, axis=None, keepdims=False, *_, **__):
    return reduce_shape(shape_of(x), axis, keepdims)


def tf_reduce(input_tensor, axis=None, keepdims=False, *_, **__):
    return reduce_shape(shape_of(input_tensor), axis, keepdims)


for _name in _KERAS:
    op(_name, spaces=KERAS + BACKEND)(keras_reduce)
for _name in _TF:
    op(_name, spaces=TF)(tf_reduce)


@op("argmax", "argmin", spaces=KERAS + BACKEND)
def keras_arg(x, axis=None, keepdims=False, *_, **__):
    return reduce_shape(shape_of(x), axis, keepdims)


@op("argmax", "argmin", spaces=TF)
def tf_arg(input, axis=None, *_, **__):
    s = shape_of(input)
    axis = 0 if axis is None else axis
    if not isinstance(s, tuple) or not is_int(axis) or not -len(s) <= axis < len(s):
        raise _Unknown  # TensorFlow traces an axis out of range without complaint; it fails when run
    return reduce_shape(s, axis, False)


@op("norm", spaces=KERAS + TF)
def norm(x, ord=None, axis=None, keepdims=False, *_, **__):
    return reduce_shape(shape_of(x), axis, keepdims)


@op("cumsum", "cumprod", spaces=KERAS)
def keras_cumulative(x, axis=None, *_, **__):
    s = shape_of(x)
    if not isinstance(s, tuple):
        raise _Unknown
    if axis is None:  # Keras flattens first
        return (None if None in s else dim_prod(s),)
    axes_of(axis, len(s))
    return s


@op("cumsum", "cumprod", spaces=TF)
def tf_cumulative(x, axis=0, *_, **__):
    s = shape_of(x)
    if not isinstance(s, tuple):
        raise _Unknown
    return s
