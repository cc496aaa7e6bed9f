"""Neural-network ops that change shape: attention, image resizing,
normalisation along axes (``ops.normalize``) keeps it."""

from __future__ import annotations

from ..dims import is_int
from .base import KERAS, TF_IMAGE, TF_NN, OpError, _Unknown, op, shape_of


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


@op("l2_normalize", spaces=TF_NN)
def tf_l2_normalize(x, axis=None, *_, **__):
    s = _shape(x)
    for a in axis if isinstance(axis, (list, tuple)) else [] if axis is None else [axis]:
        if not is_int(a):
            raise _Unknown
        if not -len(s) <= a < len(s):
            raise OpError(f"l2_normalize: axis {a} is out of bounds for a tensor of rank {len(s)}", "rank")
    return s


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


def _conv_size(d, k, stride, dilation, padding):
    if d is None:
        return None
    if not all(is_int(v) for v in (d, k, stride, dilation)):
        raise _Unknown
    if padding.lower() == "same":
        return -(-d // stride)
    size = -(-(d - (k - 1) * dilation) // stride)
    if size <= 0:
        raise OpError(f"the window ({k} with dilation {dilation}) is larger than the input ({d})", "dimension")
    return size


def _per_axis(value, n):
    if is_int(value):
        return [value] * n
    value = list(value)
    if len(value) == n + 2:  # TensorFlow's [1, s, s, 1]
        value = value[1:-1]
    if len(value) == 1:
        value = value * n
    if len(value) != n:
        raise _Unknown
    return value


@op("conv2d", "conv1d", "convolution", spaces=TF_NN)
def tf_conv(input, filters, strides=1, padding="VALID", data_format=None, dilations=None, *_, **__):
    x, k = _shape(input), _shape(filters)
    n = len(x) - 2
    if n < 1 or len(k) != n + 2 or not isinstance(padding, str) or data_format not in (None, "NHWC", "NWC", "NDHWC"):
        raise _Unknown
    if is_int(x[-1]) and is_int(k[-2]):
        if x[-1] % k[-2]:
            raise OpError(f"the input has {x[-1]} channels, the filters expect a multiple of {k[-2]}", "merge")
        groups = x[-1] // k[-2]  # grouped: every group gets as many filters
        if is_int(k[-1]) and k[-1] % groups:
            raise OpError(f"{k[-1]} filters do not divide into {groups} groups of input channels", "merge")
    steps, rates = _per_axis(strides, n), _per_axis(1 if dilations is None else dilations, n)
    spatial = [_conv_size(d, w, s, r, padding) for d, w, s, r in zip(x[1:-1], k[:-2], steps, rates)]
    return (x[0], *spatial, k[-1])


@op("conv", spaces=KERAS)
def keras_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1, *_, **__):
    if data_format == "channels_first":
        raise _Unknown
    x, k = _shape(inputs), _shape(kernel)
    if x and k and is_int(x[-1]) and is_int(k[-2]) and x[-1] != k[-2]:  # Keras has no grouped form here
        raise OpError(f"the input has {x[-1]} channels, the kernel expects {k[-2]}", "merge")
    return tf_conv(inputs, kernel, strides, padding, None, dilation_rate)
