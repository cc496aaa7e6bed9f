"""Ops that make a tensor from a shape rather than from a tensor
(``ops.zeros((4, 8))``, ``ops.arange(10)``): their result is a constant, not a
symbolic tensor of the model, so it takes no node; it is a ``Spec`` the
other ops can broadcast against."""

from __future__ import annotations

from ..dims import is_int
from .base import BACKEND, KERAS, TF, OpError, Spec, _Unknown, op


def _dims(shape):
    """A shape argument; None is a size read from a symbolic tensor
    (``ops.shape(x)[0]``), which the traced result does not know either."""
    dims = (shape,) if is_int(shape) else tuple(shape) if isinstance(shape, (list, tuple)) else None
    if dims is None or not all(is_int(d) or d is None for d in dims):
        raise _Unknown
    return dims


@op("zeros", "ones", "empty", spaces=KERAS + BACKEND + TF)
def zeros(shape, *_, **__):
    return _dims(shape)


@op("full", spaces=KERAS)
@op("fill", spaces=TF)
def full(shape, *_, **__):
    return _dims(shape)


@op("eye", "identity", spaces=KERAS)
def eye(n, m=None, *_, **__):
    return _dims((n, n if m is None else m))


@op("arange", spaces=KERAS + BACKEND)
@op("range", spaces=TF)
def arange(start, stop=..., step=1, *_, **__):
    if start is None or stop is None or step is None:
        return (None,)  # a bound read from a symbolic tensor (ops.shape(x)[-1]): so is the length
    if stop is ...:
        start, stop = 0, start
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (start, stop, step)) or not step:
        raise _Unknown
    if (step > 0 and start > stop) or (step < 0 and start < stop):
        raise OpError(f"range({start}, {stop}, {step}) runs the wrong way: TensorFlow rejects it", "value")
    return (len(range(int(start), int(stop), int(step))) if all(is_int(v) for v in (start, stop, step))
            else max(0, int(-(-(stop - start) // step))),)


@op("linspace", spaces=KERAS + TF)
def linspace(start, stop, num=50, *_, **__):
    if not is_int(num):
        raise _Unknown
    return (num,)


CREATION = ("zeros", "ones", "empty", "full", "fill", "eye", "identity", "arange", "range", "linspace",
            "uniform", "normal", "truncated_normal", "constant", "array")


@op("uniform", "normal", "truncated_normal", spaces=("tensorflow.random.", "keras.random."))
def random(shape, *_, **__):
    return _dims(shape)


@op("constant", "convert_to_tensor", spaces=TF)
@op("array", "convert_to_numpy", "convert_to_tensor", spaces=KERAS)
def constant(value, *_, shape=None, **__):
    if shape is not None:
        return _dims(shape)
    return _literal(value)


def _literal(value):
    if isinstance(value, (bool, int, float)):
        return ()
    if isinstance(value, Spec):
        return value.shape
    if isinstance(value, (list, tuple)) and value:
        inner = [_literal(v) for v in value]
        if all(s == inner[0] for s in inner):
            return (len(value), *inner[0])
    raise _Unknown
