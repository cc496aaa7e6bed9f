"""Each catalogue entry's signature and aliases match Keras exactly."""

import inspect

import pytest

from kgraphlint.layers import REQUIRED, all_layers
from tests.layers.oracle import keras

MY_FAMILIES = {
    "core", "activations", "regularization", "reshaping", "pooling",
    "normalization", "merging", "attention", "preprocessing",
}
ENTRIES = sorted(
    {cls for cls in all_layers().values() if cls.__module__.rsplit(".", 1)[-1] in MY_FAMILIES},
    key=lambda c: c.name,
)
ALIASES = sorted((alias, cls) for cls in ENTRIES for alias in cls.aliases)


def _simple(v):
    return isinstance(v, (int, float, str, bool, type(None), tuple))


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda c: c.name)
def test_signature_matches_keras(entry):
    cls = getattr(keras.layers, entry.name)
    params = [
        p for p in inspect.signature(cls.__init__).parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    assert [n for n, _ in entry.signature] == [p.name for p in params]
    for (name, default), p in zip(entry.signature, params):
        if p.default is p.empty:
            assert default is REQUIRED, name
        elif _simple(p.default):
            assert default == p.default and type(default) is type(p.default), name
    has_kwargs = any(p.kind == p.VAR_KEYWORD for p in inspect.signature(cls.__init__).parameters.values())
    # layers without **kwargs must not accept the base keywords
    if not has_kwargs:
        extra = {n for n, _ in entry.base_kwargs} - {p.name for p in params}
        assert not extra, f"{entry.name} has no **kwargs but accepts {extra}"


@pytest.mark.parametrize("alias,entry", ALIASES, ids=[a for a, _ in ALIASES])
def test_alias_is_keras_export(alias, entry):
    assert getattr(keras.layers, alias) is getattr(keras.layers, entry.name)


def test_every_keras_alias_is_known():
    for entry in ENTRIES:
        cls = getattr(keras.layers, entry.name)
        exported = {n for n in dir(keras.layers) if getattr(keras.layers, n) is cls} - {entry.name}
        assert exported == set(entry.aliases), entry.name
