"""Compare one catalogue entry with real Keras for one configuration.

``compare(class_name, kwargs, input_shapes)`` builds the layer in Keras and
runs the catalogue on the same arguments; it asserts that both accept or
both reject, and when both accept, that every output shape and the
trainable / non-trainable parameter counts agree exactly.
"""

from __future__ import annotations

import warnings

import pytest

keras = pytest.importorskip("keras")

from kgraphlint.layers import LayerError, lookup  # noqa: E402
from kgraphlint.dims import dim_prod  # noqa: E402


def keras_result(class_name, args, kwargs, input_shapes, call_kwargs=None):
    """(output shapes, trainable, non_trainable) or the exception Keras raised."""
    cls = getattr(keras.layers, class_name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            layer = cls(*args, **kwargs)
            tensors = [keras.Input(batch_shape=s) for s in input_shapes]
            if len(tensors) == 1 and not getattr(layer, "_kg_list_input", False):
                out = layer(tensors[0], **(call_kwargs or {}))
            else:
                out = layer(tensors, **(call_kwargs or {}))
    except Exception as exc:  # Keras rejects: that is a result too
        return exc
    outs = out if isinstance(out, (list, tuple)) else [out]
    shapes = [tuple(o.shape) for o in outs]
    trainable = sum(int(w.numpy().size) for w in layer.trainable_weights)
    non_trainable = sum(int(w.numpy().size) for w in layer.non_trainable_weights)
    return shapes, trainable, non_trainable


def static_result(class_name, args, kwargs, input_shapes):
    """The catalogue's answer, or the LayerError it raised."""
    entry = lookup(class_name)
    assert entry is not None, f"{class_name} is not in the catalogue"
    bound, problems = entry.bind(list(args), dict(kwargs))
    if problems:
        return problems[0]
    layer = entry(bound)
    try:
        layer.validate()
        inputs = [tuple(s) for s in input_shapes]
        shapes = layer.compute_output_shape(inputs)
        weights = layer.build(inputs)
    except LayerError as exc:
        return exc
    trainable = sum(dim_prod(w.shape) for w in weights if w.trainable)
    non_trainable = sum(dim_prod(w.shape) for w in weights if not w.trainable)
    return [tuple(s) for s in shapes], trainable, non_trainable


def compare(class_name, kwargs, input_shapes, args=()):
    """Assert the catalogue agrees with Keras for this configuration."""
    expected = keras_result(class_name, args, kwargs, input_shapes)
    got = static_result(class_name, args, kwargs, input_shapes)
    where = f"{class_name}({', '.join(map(repr, args))}{', ' if args and kwargs else ''}{', '.join(f'{k}={v!r}' for k, v in kwargs.items())}) on {input_shapes}"
    if isinstance(expected, Exception):
        assert isinstance(got, LayerError), f"Keras rejects {where} ({expected!r}) but the catalogue gives {got}"
        return
    assert not isinstance(got, LayerError), f"the catalogue rejects {where} ({got.message}) but Keras gives {expected}"
    assert got == expected, f"{where}: catalogue {got} != Keras {expected}"
