"""Ops TensorFlow cannot run while Keras traces a layer's ``call`` (issue 11).

Keras 3 finds a custom layer's (a Lambda's, a subclassed model's) output by
tracing ``call`` on symbolic tensors. ``ops.tile`` with ``repeats`` held in a
tensor iterates over that tensor on TensorFlow, which a trace refuses, so the
call fails in Keras (bench: keras.io's TransformerDecoder causal mask). Each
program in fixtures/untraceable/ is run in TensorFlow to confirm the failure;
kgraphlint must not give any of its models as exact, and must say why at the
``ops.tile`` line. The same op with ``repeats`` as a Python list traces
(fixtures/models/custom_layer_tile_list.py, compared with Keras in
tests/test_programs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraphlint.commands.summary import model_json
from kgraphlint.engine import analyze
from kgraphlint.ops import Slot, Spec, untraceable
from tests.harness import run_keras

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = sorted((ROOT / "fixtures" / "untraceable").glob("*.py"))

# What Keras raises for each: a Lambda wraps the trace's failure in its own message.
KERAS_ERRORS = {
    "causal_mask_tiled_by_batch.py": "OperatorNotAllowedInGraphError",
    "lambda_tile_repeats_tensor.py": "could not automatically infer the shape of the Lambda's output",
    "subclass_cls_token_tiled.py": "OperatorNotAllowedInGraphError",
}


def tile_line(program: Path) -> int:
    return next(i for i, line in enumerate(program.read_text(encoding="utf-8").splitlines(), 1)
                if "ops.tile(" in line)


@pytest.fixture(scope="module")
def keras_results():
    return run_keras([{"path": str(p), "builders": []} for p in PROGRAMS])


def test_every_program_is_listed():
    assert sorted(p.name for p in PROGRAMS) == sorted(KERAS_ERRORS)


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.stem)
def test_keras_rejects_the_call(program, keras_results):
    error = keras_results[str(program)]["error"]
    assert error is not None and KERAS_ERRORS[program.name] in error, error


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.stem)
def test_no_model_is_given_as_exact(program):
    models = [model_json(m) for m in analyze(program.read_text(encoding="utf-8"), str(program)).models]
    assert models, "kgraphlint found no model"
    line = tile_line(program)
    for model in models:
        assert not model["exact"], model["name"]
        reasons = model["unknown_reasons"] or []
        assert any("ops.tile" in r["reason"] and (r["line"] == line or f"(line {line})" in r["reason"])
                   for r in reasons), (model["name"], reasons)


def test_only_a_tensor_of_repeats_is_untraceable():
    assert untraceable(("keras.ops.tile", [Slot(0), Spec((3,))], {})) is not None
    assert untraceable(("keras.ops.tile", [Slot(0)], {"repeats": Slot(1)})) is not None
    assert untraceable(("keras.ops.tile", [Slot(0), [1, 2, 1]], {})) is None
    assert untraceable(("keras.ops.tile", [Slot(0), 2], {})) is None
    assert untraceable(("tensorflow.tile", [Slot(0), Spec((3,))], {})) is None  # tf.tile takes a tensor


def test_eager_tile_on_data_is_not_marked():
    """Outside a traced call ``ops.tile`` runs eagerly, where a tensor of repeats works."""
    source = ("import keras\nfrom keras import layers, ops\n\n"
              "reps = ops.convert_to_tensor([2, 1])\ngrid = ops.tile(ops.ones((2, 3)), reps)\n"
              "inputs = keras.Input(shape=(3,))\nmodel = keras.Model(inputs, layers.Dense(2)(inputs))\n")
    (model,) = [model_json(m) for m in analyze(source, "eager.py").models]
    assert model["exact"] and model["total_params"] == 8
