"""The layer catalogue, one module per Keras family (keras/src/layers/*).

``lookup("Conv2D")`` returns the catalogue class for a Keras class name or
alias, or None when the catalogue does not know it. Family modules are
imported on first use so that start-up stays cheap.
"""

from __future__ import annotations

import importlib

from .base import REQUIRED, Layer, LayerError, Weight  # noqa: F401

FAMILIES = (
    "core",
    "activations",
    "regularization",
    "reshaping",
    "pooling",
    "normalization",
    "merging",
    "convolutional",
    "rnn",
    "attention",
    "preprocessing",
)

_REGISTRY: dict = {}
_loaded = False


def register(cls):
    """Class decorator: add a catalogue entry under its name and aliases."""
    for key in (cls.name, *cls.aliases):
        _REGISTRY[key] = cls
    return cls


def _load():
    global _loaded
    if _loaded:
        return
    _loaded = True
    for family in FAMILIES:
        try:
            importlib.import_module(f"{__name__}.{family}")
        except ModuleNotFoundError as exc:  # a family not written yet
            if exc.name != f"{__name__}.{family}":
                raise


def lookup(class_name: str):
    _load()
    return _REGISTRY.get(class_name)


# Layers the catalogue cannot infer yet whose inner layers still take names:
# class -> (made at init, made at build), as ``Layer.made_at_init/_build``.
MADE_INSIDE_UNCATALOGUED = {
    "GroupedQueryAttention": ((), ("Softmax", "Dropout")),
    "GroupQueryAttention": ((), ("Softmax", "Dropout")),
}


def made_inside(class_name: str, args: dict, phase: str) -> tuple:
    """Class names whose Keras name counters constructing (``phase="init"``)
    or first calling (``"build"``) a ``class_name`` layer advances, besides its
    own name: MultiHeadAttention's Softmax and Dropout, ..."""
    entry = lookup(class_name)
    if entry is not None:
        return entry.made_inside(args, phase)
    init, build = MADE_INSIDE_UNCATALOGUED.get(class_name.rsplit(".", 1)[-1], ((), ()))
    return init if phase == "init" else build


def all_layers() -> dict:
    """Every name and alias the catalogue knows, mapped to its entry."""
    _load()
    return dict(_REGISTRY)
