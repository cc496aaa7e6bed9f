"""Neural-network ops that change shape: attention, image resizing,
normalisation along axes (``ops.normalize``) keeps it."""

from __future__ import annotations

from ..dims import is_int
from .base import KERAS, TF_IMAGE, TF_NN, _Unknown, op, shape_of


def _shape(x):
    s = shape_of(x)
    if not isinstance(s, tuple):
        raise _Unknown
    return s


@op("dot_product_attention", spaces=KERAS + ("keras.ops.nn.",))
def dot_product_attention(query, key, value, *_, **__):
    q, v = _shape(query), _shape(value)
    _shape(key)
    return (*q[:-1], v[-1])


@op("normalize", "l2_normalize", spaces=KERAS)
def normalize(x, *_, **__):
    return _shape(x)


@op("moments", spaces=TF_NN)
def moments(x, axes, *_, keepdims=False, **__):
    s = _shape(x)
    axes = {a % len(s) for a in axes}
    out = tuple(1 if i in axes else d for i, d in enumerate(s)) if keepdims else tuple(
        d for i, d in enumerate(s) if i not in axes)
    return [out, out]


@op("resize", spaces=("keras.ops.image.",) + TF_IMAGE)
def resize(images, size, *_, data_format=None, **__):
    s = _shape(images)
    if not isinstance(size, (list, tuple)) or len(size) != 2 or not all(is_int(d) for d in size):
        raise _Unknown
    if len(s) not in (3, 4):
        raise _Unknown
    if data_format == "channels_first":
        return (*s[:-2], *size)
    return (*s[:-3], *size, s[-1])
