"""Compare one catalogue entry with real Keras for one configuration.

``compare(class_name, kwargs, input_shapes)`` builds the layer in Keras and
runs the catalogue on the same arguments; it asserts that both accept or
both reject, and when both accept, that every output shape and the
trainable / non-trainable parameter counts agree exactly.

Wrappers (Bidirectional, TimeDistributed) take a layer as an argument: pass
a ``LayerSpec(class_name, kwargs)`` as that argument value (in ``args`` or
``kwargs``). Keras gets the layer built from it; the catalogue gets the bound
catalogue instance ``entry(args)`` (not validated: the wrapper validates it).
"""

from __future__ import annotations

import warnings
from collections import Counter

import pytest

keras = pytest.importorskip("keras")

from kgraphlint.dims import dim_prod
from kgraphlint.layers import LayerError, lookup


class LayerSpec:
    """An inner layer for a wrapper: a Keras class name plus its arguments."""

    def __init__(self, class_name, kwargs=None, args=()):
        self.class_name = class_name
        self.kwargs = dict(kwargs or {})
        self.args = tuple(args)

    def __repr__(self):
        parts = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{self.class_name}({', '.join(parts)})"


def _map_specs(args, kwargs, make):
    """Replace every LayerSpec value in args / kwargs by ``make(spec)``."""
    def conv(v):  # a stack of cells comes as a list of specs
        if isinstance(v, (list, tuple)):
            return type(v)(conv(x) for x in v)
        return make(v) if isinstance(v, LayerSpec) else v

    return [conv(a) for a in args], {k: conv(v) for k, v in kwargs.items()}


def _keras_layer(spec):
    args, kwargs = _map_specs(spec.args, spec.kwargs, _keras_layer)
    return getattr(keras.layers, spec.class_name)(*args, **kwargs)


class _BindProblem(Exception):
    def __init__(self, error):
        self.error = error


def _catalogue_layer(spec):
    entry = lookup(spec.class_name)
    assert entry is not None, f"{spec.class_name} is not in the catalogue"
    args, kwargs = _map_specs(spec.args, spec.kwargs, _catalogue_layer)
    bound, problems = entry.bind(args, kwargs)
    if problems:
        raise _BindProblem(problems[0])
    return entry(bound)


# (class name, "accepted"/"rejected") -> number of compared configurations, so a
# test run can show that both outcomes are exercised.
STATS: Counter = Counter()

# Layers whose call takes several tensors as separate positional arguments.
POSITIONAL_INPUTS = {"MultiHeadAttention", "GroupedQueryAttention", "GroupQueryAttention"}


def keras_result(class_name, args, kwargs, input_shapes, call_kwargs=None):
    """(output shapes, trainable, non_trainable) or the exception Keras raised."""
    cls = getattr(keras.layers, class_name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            args, kwargs = _map_specs(args, kwargs, _keras_layer)
            layer = cls(*args, **kwargs)
            tensors = [keras.Input(batch_shape=s) for s in input_shapes]
            if class_name in POSITIONAL_INPUTS:  # call(query, value, key)
                out = layer(*tensors, **(call_kwargs or {}))
            elif len(tensors) == 1 and not getattr(layer, "_kg_list_input", False):
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


def static_result(class_name, args, kwargs, input_shapes, call_kwargs=None):
    """The catalogue's answer, or the LayerError it raised."""
    entry = lookup(class_name)
    assert entry is not None, f"{class_name} is not in the catalogue"
    try:
        args, kwargs = _map_specs(args, kwargs, _catalogue_layer)
    except _BindProblem as exc:
        return exc.error
    bound, problems = entry.bind(list(args), dict(kwargs))
    if problems:
        return problems[0]
    layer = entry(bound)
    layer.call_kwargs = dict(call_kwargs or {})
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


def compare(class_name, kwargs, input_shapes, args=(), call_kwargs=None):
    """Assert the catalogue agrees with Keras for this configuration.

    ``call_kwargs`` (e.g. ``{"return_attention_scores": True}``) go to the
    Keras call and are set as ``layer.call_kwargs`` on the catalogue entry.
    """
    expected = keras_result(class_name, args, kwargs, input_shapes, call_kwargs)
    got = static_result(class_name, args, kwargs, input_shapes, call_kwargs)
    where = f"{class_name}({', '.join(map(repr, args))}{', ' if args and kwargs else ''}{', '.join(f'{k}={v!r}' for k, v in kwargs.items())}) on {input_shapes}"
    STATS[class_name, "rejected" if isinstance(expected, Exception) else "accepted"] += 1
    if isinstance(expected, Exception):
        assert isinstance(got, LayerError), f"Keras rejects {where} ({expected!r}) but the catalogue gives {got}"
        return
    assert not isinstance(got, LayerError), f"the catalogue rejects {where} ({got.message}) but Keras gives {expected}"
    assert got == expected, f"{where}: catalogue {got} != Keras {expected}"
