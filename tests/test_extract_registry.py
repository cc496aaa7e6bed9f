"""The registry of Keras API objects (kgraphlint/extract/registry.py) and the
one direction of imports inside kgraphlint/extract/ (issue 10, "the house")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kgraphlint.engine import analyze
from kgraphlint.extract import registry
from kgraphlint.extract.imports import canonical, classify

EXTRACT = Path(registry.__file__).resolve().parent
# The interpreter's parts: each written against base.Machine, none importing another.
PARTS = {"expressions", "calls", "models", "subclass"}


def _local_imports(module: str) -> set:
    tree = ast.parse((EXTRACT / f"{module}.py").read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            out |= {node.module} if node.module else {alias.name for alias in node.names}
    return out


@pytest.mark.parametrize("module", sorted(PARTS | {"registry"}))
def test_imports_run_one_way(module):
    imported = _local_imports(module)
    assert "interpreter" not in imported
    assert not imported & (PARTS - {module}), f"{module} imports another part: {imported & PARTS}"
    if module == "registry":
        assert "calls" not in imported  # calls.py consults the registry, never the reverse


def test_the_registry_is_consulted_first_hand_by_call_ref():
    assert "calls" not in _local_imports("registry")
    assert "registry" in _local_imports("calls")


def test_entries_are_canonical_keras_paths():
    for path in registry.BY_PATH:
        assert canonical(path) == path, path
    for prefix, _ in registry.BY_PREFIX:
        assert canonical(prefix.rstrip(".")) == prefix.rstrip(".")


def test_every_kind_classify_gives_is_answered_or_left_to_the_fallback():
    """A kind without an entry is one Keras has but the analysis does not
    model: a call of it on tensors is an unknown op, never a layer."""
    kinds = {classify(p)[0] for p in ("keras.Input", "keras.layers.Dense", "keras.layers.add", "keras.Sequential",
                                      "keras.Model", "keras.applications.VGG16", "keras.ops.relu")}
    assert kinds <= set(registry.BY_KIND)
    assert {classify(p)[0] for p in ("keras.layers.Layer", "keras.layers", "keras.utils.plot_model")} \
        & set(registry.BY_KIND) == set()


def _model(source: str):
    return next(m for m in analyze(source, "program.py").models if m.name == "model")


PROGRAM = ("import keras\nfrom keras import layers\n\ninputs = keras.Input((4,))\n"
           "x = layers.Dense(keras.backend.int_shape(inputs)[-1] * 2)(inputs)\n"
           "x = keras.ops.relu(x)\nx = layers.add([x, x])\nmodel = keras.Model(inputs, x)\n")


def test_each_step_answers_its_calls():
    model = _model(PROGRAM)
    assert [(n.name, n.cls) for n in model.rows()] == [
        ("input_layer", "InputLayer"), ("dense", "Dense"), ("relu", "Relu"), ("add", "Add")]
    assert model.totals()[0] == 40  # Dense(int_shape(inputs)[-1] * 2) on 4 features: 4*8 + 8
    assert model.unknown_reasons() == []


def test_adding_an_object_is_adding_one_entry(monkeypatch):
    """One line makes `keras.backend.int_shape` answer a different width:
    the Dense built from it follows, so the table is what call_ref reads."""
    monkeypatch.setitem(registry.BY_PATH, "keras.backend.int_shape", lambda m, c: (None, 16))
    assert _model(PROGRAM).totals()[0] == 4 * 32 + 32  # Dense(32) on the 4 features it is really given


def test_a_handler_may_leave_a_call_to_the_next_step(monkeypatch):
    monkeypatch.setitem(registry.BY_PATH, "keras.layers.Dense", lambda m, c: registry.NOT_HANDLED)
    assert [n.cls for n in _model(PROGRAM).rows()][1] == "Dense"  # answered by the "layer" kind


def test_what_is_not_keras():
    source = ("import keras\nimport tensorflow as tf\nimport some_lib\n\ninputs = keras.Input((4, 3))\n"
              "x = tf.reduce_mean(inputs, axis=1)\nblock = some_lib.Block(8)\nx = block(x)\n"
              "model = keras.Model(inputs, x)\n")
    model = _model(source)
    mean = next(n for n in model.nodes() if n.cls == "reduce_mean")
    assert mean.output_shapes == [(None, 3)]  # TensorFlow's function, from the op catalogue
    assert [n.cls for n in model.rows()][-1] == "some_lib.Block"  # a third-party layer, never a Keras class
    assert model.unknown_reasons()
