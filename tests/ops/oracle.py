"""Compare one op of the catalogue with real Keras / TensorFlow.

``compare(path, args, kwargs)``: every ``Spec`` among the arguments is a
tensor of that shape. Keras ops run on ``KerasTensor``s (what a Functional
model is built from); TensorFlow ops are traced by ``tf.function`` on
``TensorSpec``s (what a custom layer's ``call`` sees). Both must accept or
both reject; when both accept the shapes must be equal. A shape TensorFlow
only knows partly (unknown rank) must be unknown in the catalogue too.
"""

from __future__ import annotations

import operator
import warnings
from collections import Counter

import pytest

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

from kgraphlint.dims import Unknown
from kgraphlint.ops import OpError, Spec, evaluate

STATS: Counter = Counter()


def _map(value, fn):
    if isinstance(value, Spec):
        return fn(value)
    if isinstance(value, list):
        return [_map(v, fn) for v in value]
    if isinstance(value, tuple):
        return tuple(_map(v, fn) for v in value)
    if isinstance(value, dict):
        return {k: _map(v, fn) for k, v in value.items()}
    return value


def _specs(value) -> list:
    out: list = []
    _map(value, lambda s: out.append(s) or s)
    return out


def _function(path: str):
    space, _, name = path.rpartition(".")
    if space == "operator":
        return getattr(operator, name)
    if space == "keras.backend" and not hasattr(keras.backend, name):
        # Keras 2's K.* functions: Keras 3 keeps them, written in TF, in keras.src.legacy.backend
        from keras.src.legacy import backend as legacy

        return getattr(legacy, name)
    root = {"keras": keras, "tensorflow": tf}[space.split(".")[0]]
    obj = root
    for part in space.split(".")[1:] + [name]:
        obj = getattr(obj, part)
    return obj


def _shape(tensor):
    """A KerasTensor's shape (a tuple), or a traced tensor's (None if its rank is unknown)."""
    shape = tensor.shape
    if hasattr(shape, "rank"):
        return None if shape.rank is None else tuple(shape.as_list())
    return tuple(shape)


def _shapes(out):
    return [_shape(o) for o in (list(out) if isinstance(out, (list, tuple)) else [out])]


def real_result(path: str, args: list, kwargs: dict, dtype="float32"):
    """[shapes] (None for an unknown rank) or the exception raised."""
    out = real_output(path, args, kwargs, dtype)
    return out if isinstance(out, Exception) else _shapes(out)


def real_dtype(path: str, args: list, kwargs: dict):
    """The dtype name of the op's (first) output, or the exception raised."""
    out = real_output(path, args, kwargs)
    if isinstance(out, Exception):
        return out
    first = out[0] if isinstance(out, (list, tuple)) else out
    return keras.backend.standardize_dtype(first.dtype)


def real_output(path: str, args: list, kwargs: dict, dtype="float32"):
    """What the op gives on tensors of these specs, or the exception raised."""
    fn = _function(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if path.startswith(("tensorflow.", "keras.backend.")):  # TF code: traced on TensorSpecs
                specs = _specs((args, kwargs))
                signature = [tf.TensorSpec(s.shape, s.dtype or dtype) for s in specs]

                def traced(*tensors):
                    it = iter(tensors)
                    a, k = _map((args, kwargs), lambda _: next(it))
                    return fn(*a, **k)

                out = tf.function(traced).get_concrete_function(*signature).structured_outputs
            else:
                a, k = _map((args, kwargs), lambda s: keras.KerasTensor(s.shape, dtype=s.dtype or dtype))
                out = fn(*a, **k)
    except Exception as exc:  # the op rejects these shapes: a result too
        return exc
    return out


def static_result(path: str, args: list, kwargs: dict):
    try:
        result = evaluate(path, args, kwargs)
    except OpError as exc:
        return exc
    if isinstance(result, Unknown):
        return result
    return [None if isinstance(r, Unknown) else r for r in (result if isinstance(result, list) else [result])]


def compare(path: str, args: list, kwargs: dict | None = None, dtype="float32"):
    kwargs = kwargs or {}
    real = real_result(path, args, kwargs, dtype)
    ours = static_result(path, args, kwargs)
    call = f"{path}({args!r}, {kwargs!r})"
    if isinstance(real, Exception):
        STATS[path, "rejected"] += 1
        assert isinstance(ours, OpError), f"{call}: Keras/TF raises {real!r} but the catalogue gives {ours!r}"
        return
    STATS[path, "accepted"] += 1
    assert not isinstance(ours, OpError), f"{call}: the catalogue raises {ours.message!r}; real gives {real}"
    if isinstance(ours, Unknown):
        assert any(r is None for r in real), f"{call}: real gives {real}, the catalogue does not know it"
        return
    assert ours == real, f"{call}: real {real}, catalogue {ours}"
