"""Calls whose result is known without running anything: the few library
functions Keras's own application builders read while building (``math.ceil``
on a width multiplier, ``backend.image_data_format()``...).

``known_result`` answers ``NOT_KNOWN`` for anything it cannot decide, so a
caller falls back to its ordinary handling.
"""

from __future__ import annotations

import copy
import math

from ..dims import Expr, Unknown
from .values import Tensor

NOT_KNOWN = object()

_MATH = {"math.ceil": math.ceil, "math.floor": math.floor, "math.sqrt": math.sqrt}

# Keras's defaults (keras.json absent), the same the layer catalogue assumes.
_KERAS_DEFAULTS = {
    "keras.backend.image_data_format": "channels_last",
    "keras.config.image_data_format": "channels_last",
    "keras.backend.floatx": "float32",
    "keras.config.floatx": "float32",
}


_SOURCE_INPUTS = ("keras.ops.get_source_inputs", "keras.utils.get_source_inputs")


def known_result(path: str, canon: str | None, positional: list, keywords: dict, config_changed: bool,
                 sources=lambda tensor: None):
    """``sources(tensor)``: the ``Input`` tensors it is computed from (Keras's
    get_source_inputs), or None when they are not known."""
    if canon in _SOURCE_INPUTS and len(positional) == 1 and isinstance(positional[0], Tensor):
        found = sources(positional[0])
        return found if found is not None else NOT_KNOWN
    if path in _MATH:
        if len(positional) == 1 and not keywords and _number(positional[0]):
            return _MATH[path](positional[0])
        return NOT_KNOWN
    if path in ("copy.deepcopy", "copy.copy") and len(positional) == 1 and not keywords:
        if _plain_data(positional[0]):
            return copy.deepcopy(positional[0]) if path == "copy.deepcopy" else copy.copy(positional[0])
        return NOT_KNOWN
    if path in ("numpy.linspace", "np.linspace") and not keywords and len(positional) == 3:
        return _linspace(*positional)
    if canon in _KERAS_DEFAULTS and not positional and not keywords:
        return NOT_KNOWN if config_changed else _KERAS_DEFAULTS[canon]
    if canon == "keras.backend.is_keras_tensor" and len(positional) == 1:
        value = positional[0]
        if isinstance(value, Tensor):
            return True
        if value is None or isinstance(value, (int, float, str, tuple, list)):
            return False
    return NOT_KNOWN


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not isinstance(value, (Expr, Unknown))


_PYTHON_TYPES = {"int": int, "float": float, "str": str, "bool": bool, "tuple": tuple, "list": list, "dict": dict}


# keras.layers classes that other keras.layers classes subclass (Keras 3.15.1; tests/test_cloning.py checks).
HAS_SUBCLASSES = frozenset({"Attention", "Dropout", "Embedding", "JaxLayer", "Layer", "RNN", "Wrapper"})


def known_isinstance(value, cls):
    """``isinstance(value, cls)`` when both are known: a plain Python value
    against builtin types, a symbolic tensor against ``np.ndarray``, a Keras
    layer against Keras layer classes. None otherwise."""
    from .values import Builtin, LayerObj, Ref

    classes = cls if isinstance(cls, tuple) else (cls,)
    if isinstance(value, LayerObj):
        answers = [_layer_isinstance(value, c) for c in classes]
        return True if True in answers else (False if all(a is False for a in answers) else None)
    if isinstance(value, Tensor):
        if all(isinstance(c, Ref) and c.path in ("numpy.ndarray", "np.ndarray") for c in classes):
            return False
        return None
    if value is not None and not isinstance(value, (int, float, str, tuple, list, dict)):
        return None
    if isinstance(value, (Expr, Unknown)):
        return None
    if not all(isinstance(c, Builtin) and c.name in _PYTHON_TYPES for c in classes):
        return None
    return isinstance(value, tuple(_PYTHON_TYPES[c.name] for c in classes))


def _layer_isinstance(layer, cls):
    """A layer of a Keras class against a Keras layer class (``for layer in
    base.layers: if isinstance(layer, layers.BatchNormalization)``)."""
    from ..layers import lookup
    from .imports import classify
    from .values import Ref

    kind = classify(cls.path) if isinstance(cls, Ref) else None
    if kind is not None and kind == ("base", "Layer"):
        return True
    if layer.instance is not None or kind is None or kind[0] != "layer" or lookup(layer.cls) is None:
        return None  # a custom layer, or a class that is not a Keras layer class
    entry = lookup(kind[1])
    name = entry.name or kind[1] if entry is not None else kind[1]
    if name == layer.cls:
        return True
    return None if name in HAS_SUBCLASSES else False


def _plain_data(value, depth: int = 0) -> bool:
    """Python data only (numbers, strings, containers of them): copying it
    cannot copy a layer, tensor or unknown the analysis tracks by identity."""
    if depth > 20:
        return False
    if value is None or (isinstance(value, (int, float, str, bool)) and not isinstance(value, (Expr, Unknown))):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain_data(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(_plain_data(k, depth + 1) and _plain_data(v, depth + 1) for k, v in value.items())
    return False


def _linspace(start, stop, num):
    """``np.linspace(start, stop, num)`` as numpy computes it (``i * step + start``,
    the end point exact), for plain numbers; a list stands for the array."""
    if not (_number(start) and _number(stop) and isinstance(num, int) and not isinstance(num, bool)):
        return NOT_KNOWN
    if num <= 0 or num > 100_000:
        return [] if num == 0 else NOT_KNOWN
    if num == 1:
        return [float(start)]
    step = (stop - start) / (num - 1)
    values = [i * step + start for i in range(num)]
    values[-1] = float(stop)
    return [float(v) for v in values]
