"""Reductions: ``ops.mean(x, axis=-1, keepdims=True)``, ``tf.reduce_sum``,
``argmax``: the reduced axes go (or stay as 1 with ``keepdims``)."""

from __future__ import annotations

from ..dims import dim_prod
from .base import BACKEND, KERAS, TF, _Unknown, axes_of, op, shape_of

_KERAS = "mean sum max min prod std var any all logsumexp amax amin median nanmean nansum count_nonzero".split()
_TF = "reduce_mean reduce_sum reduce_max reduce_min reduce_prod reduce_std reduce_variance reduce_any " \
      "reduce_all reduce_logsumexp count_nonzero reduce_euclidean_norm".split()


def reduce_shape(shape, axis=None, keepdims=False):
    if not isinstance(shape, tuple):
        raise _Unknown
    if axis is None:
        return tuple(1 for _ in shape) if keepdims else ()
    axes = set(axes_of(axis, len(shape)))
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


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
def tf_arg(input, axis=None, *_, **__):  # noqa: A002 - TensorFlow's own argument name
    return reduce_shape(shape_of(input), 0 if axis is None else axis, False)


@op("norm", spaces=KERAS + TF)
def norm(x, ord=None, axis=None, keepdims=False, *_, **__):  # noqa: A002
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
