"""A subclassed model's ``call`` runs when the model is called (issue 10),
as Keras runs it: the layers it builds take their auto names at that line,
and the shapes and counts after the call are known right away.

The fixtures are built in one TensorFlow subprocess; every model each leaves
in its namespace must be exact, with Keras's names, shapes and counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraphlint.engine import analyze
from tests.test_exactness_tf import fixture_problems

pytestmark = pytest.mark.slow

MODELS = Path(__file__).resolve().parent.parent / "fixtures" / "models"
FIXTURES = (
    "subclass_block_in_functional.py",  # called on a Dense's output, then more layers
    "subclass_siamese_twice.py",  # one encoder called on two inputs
    "subclass_nested_in_subclass.py",  # blocks called inside another subclassed model's call
    "subclass_layer_made_in_call.py",  # call() runs twice on the first call, once on later ones
    "subclass_model.py",
    "subclass_build_without_build_method.py",
    "subclass_build_two_inputs.py",
)


def test_subclassed_models_match_keras():
    problems = fixture_problems([MODELS / name for name in FIXTURES])
    assert not problems, "\n".join(problems)


def _names(source: str) -> dict:
    return {m.name: [n.name for n in m.rows()] for m in analyze(source, "program.py").models}


def test_names_are_taken_at_the_call_not_at_the_end():
    """No TensorFlow: the block's MultiHeadAttention builds its Softmax and
    Dropout when the block is called, so the Dropout after it is dropout_1."""
    names = _names((MODELS / "subclass_block_in_functional.py").read_text(encoding="utf-8"))
    assert names["model"][3] == "dropout_1"


def test_shape_after_the_call_is_known_while_the_program_runs():
    source = (
        "import keras\nfrom keras import layers\n\n"
        "class Block(keras.Model):\n    def __init__(self):\n        super().__init__()\n"
        "        self.d = layers.Dense(6)\n\n    def call(self, x):\n        return self.d(x)\n\n"
        "inputs = keras.Input((4,))\nx = Block()(inputs)\n"
        "if x.shape[-1] == 6:\n    x = layers.Dense(2)(x)\nmodel = keras.Model(inputs, x)\n"
    )
    model = next(m for m in analyze(source, "program.py").models if m.name == "model")
    assert model.unknown_reasons() == []
    assert [n.cls for n in model.rows()][-1] == "Dense"
