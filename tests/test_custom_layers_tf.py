"""Custom layers, each case on its own and confirmed by TensorFlow (issue 11):

- a layer whose ``call`` cannot be followed (``tf.signal.rfft``) but that
  defines ``compute_output_shape``: Keras takes the shape from it, and so
  does kgraphlint; the model is exact;
- layers of layers of layers (a wrapper passing ``**kwargs`` to a Conv2D,
  inside a residual unit, inside a stack with its own ``add_weight``): each
  level's parameters are counted once, the model is exact;
- a layer returning a dict (keys not in sorted order): its entries are its
  outputs in Keras's order (sorted keys), read by key as plain Python; the
  model is exact.

One TensorFlow subprocess runs the three programs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraphlint.commands.summary import model_json
from kgraphlint.engine import analyze
from tests.harness.exactness import all_exact, never_wrong
from tests.harness.tf_programs import run_programs

ROOT = Path(__file__).resolve().parent.parent
FALLBACK = ROOT / "fixtures" / "models" / "custom_layer_output_shape_fallback.py"
NESTED = ROOT / "fixtures" / "models" / "custom_layer_nested.py"
DICT_RETURN = ROOT / "fixtures" / "models" / "custom_layer_dict_return.py"


def static(path: Path) -> dict:
    return {m.name: model_json(m) for m in analyze(path.read_text(encoding="utf-8"), str(path)).models}


@pytest.fixture(scope="module")
def keras_models():
    pytest.importorskip("keras")
    real = run_programs([{"path": str(p)} for p in (FALLBACK, NESTED, DICT_RETURN)])
    for path, result in real.items():
        assert result["error"] is None, f"{path} itself fails in Keras: {result['error']}"
    return {Path(p).name: result["models"] for p, result in real.items()}


def test_compute_output_shape_is_used_when_call_cannot_be_followed(keras_models):
    ours = static(FALLBACK)["model"]
    assert not all_exact(ours, keras_models[FALLBACK.name]["model"])
    row = next(r for r in ours["layers"] if r["class"] == "SpectrumFeatures")
    assert row["output_shape"] == [None, 16, 20]


def test_nested_custom_layers_count_each_level_once(keras_models):
    ours = static(NESTED)["model"]
    real = keras_models[NESTED.name]["model"]
    assert not all_exact(ours, real)
    # ScaledStack: 2 x (16*8+8 + 3*3*8*8+8 + 8*16+16) + its own 16 scales
    assert next(r["params"] for r in ours["layers"] if r["class"] == "ScaledStack") == 2 * (136 + 584 + 144) + 16


def test_dict_return_entries_are_the_layers_outputs(keras_models):
    ours = static(DICT_RETURN)["model"]
    real = keras_models[DICT_RETURN.name]["model"]
    assert not all_exact(ours, real)
    row = next(r for r in ours["layers"] if r["class"] == "TwoHeads")
    assert row["output_shape"] == [[None, 5], [None, 1]]  # "logits" before "score", as tree.flatten sorts
    assert row["params"] == 24 * 5 + 5 + 24 + 1


def test_comparators_would_catch_a_wrong_count(keras_models):
    ours = static(NESTED)["model"]
    broken = dict(ours, total_params=ours["total_params"] + 1)
    assert all_exact(broken, keras_models[NESTED.name]["model"])
    assert never_wrong(broken, keras_models[NESTED.name]["model"])
