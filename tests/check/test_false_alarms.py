"""The false alarms found on real code (issue 13) stay fixed: each of these
fixtures (all run by TensorFlow in test_fixtures_tf.py) gets exactly the
findings its header expects from the default selection, and nothing else."""

from pathlib import Path

import pytest

from kgraphlint.rules import lint_source
from tests.check.fixtures import ROOT, expected

CASES = [
    "KG101/ok_sublayer_in_layer.py",  # a Sequential sub-layer, built by call()
    "KG101/ok_fit_builds.py",  # built by fit()
    "KG101/ok_helper_returned.py",  # returned by get_model() and called on data
    "KG104/ok_preprocess_input.py",  # the input goes through code the analysis does not follow
    "KG104/ok_get_layer_output.py",  # an output the analysis cannot follow (get_layer(...).output)
    "KG302/fire_lstm_return_sequence.py",  # no KG203 on the LSTM after the misspelled keyword
    "KG303/ok_build_two_inputs.py",  # build([(None, 20), (None, 50)]) on a two-input subclass: no KG303
    "KG303/ok_builder_default_guarded.py",  # a default the builder's own guard rejects
    "KG202/ok_residual_guessed_branch.py",  # a value assigned on a branch taken without knowing its condition
    "KG203/ok_starred_unknown_shape.py",  # (None, *unknown) has an unknown length, not rank 2
    "KG303/ok_classes_from_loop.py",  # a list grown by a loop the analysis does not unroll
    "KG303/ok_stacked_cells_comprehension.py",  # cells the analysis holds as layer objects
]


@pytest.mark.parametrize("name", CASES)
def test_only_the_expected_findings(name):
    path = ROOT / name
    found = sorted((d.code, d.line) for d in lint_source(path.read_text(), str(path)))
    assert found == expected(path)


def test_kg101_stays_an_error_when_the_model_is_used_unbuilt():
    source = ("import keras\nfrom keras import layers\n\n"
              "base = keras.Sequential([layers.Dense(8), layers.Dense(2)])\n"
              "base.summary()\nfeatures = keras.Model(base.inputs, base.layers[0].output)\n")
    (d,) = lint_source(source, "m.py")
    assert (d.code, d.severity, d.line) == ("KG101", "error", 4)
    assert "before line 6 uses `base.inputs`" in d.message


def test_a_build_between_keeps_kg101_silent():
    source = ("import keras\nfrom keras import layers\n\n"
              "base = keras.Sequential([layers.Dense(8), layers.Dense(2)])\n"
              "base.build((None, 4))\nprint(base.output_shape)\n")
    assert lint_source(source, "m.py") == []


def test_cases_exist():
    assert all(Path(ROOT / name).is_file() for name in CASES)


def test_subclass_build_is_read_as_keras_does_it():
    """Keras 3.15 builds a subclassed model's layers from one shape; from a
    list of shapes, or a shape it rejects, its build() only warns and makes
    no weights (checked in TensorFlow: every layer stays unbuilt). So the
    two-input model is unbuilt, with nothing reported, and the input made by
    a one-shape build() sits at that call."""
    from kgraphlint.engine import analyze

    path = ROOT / "KG303/ok_build_two_inputs.py"
    (model,) = analyze(path.read_text(), str(path)).models
    # TwoTower has no build() of its own: Keras 3's default build() marks it
    # built and creates no weight (summary() prints 0 params), with a list of
    # shapes as with one (checked in TensorFlow).
    assert model.built is False and not model.unknown_reasons()
    assert lint_source(path.read_text(), "m.py") == []
    one = path.read_text().replace("[(None, 20), (None, 50)]", "(None, 20)")
    (model,) = analyze(one, "m.py").models
    assert model.built is False
    assert lint_source(one.replace("(None, 20)", "(None, -8)"), "m.py") == []


def test_a_model_whose_outputs_were_lost_claims_no_total(tmp_path):
    import json

    from cli_runner import CliRunner

    from kgraphlint.cli import cli

    # get_layer(...).output is followed: the backbone is Keras's (Conv2D 448, frozen)
    path = ROOT / "KG104/ok_get_layer_output.py"
    result = CliRunner().invoke(cli, ["summary", "--format", "json", "--model", "backbone", str(path)])
    (model,) = json.loads(result.stdout)["models"]
    assert (model["total_params"], model["trainable_params"], model["non_trainable_params"]) == (448, 0, 448)
    # outputs handed back by code the analysis cannot follow: no total is claimed
    lost = tmp_path / "lost.py"
    lost.write_text(path.read_text().replace('encoder.get_layer("backbone_pool").output', "cutter.cut(encoder)")
                    .replace("import keras\n", "import keras\nimport cutter\n"))
    result = CliRunner().invoke(cli, ["summary", "--format", "json", "--model", "backbone", str(lost)])
    (model,) = json.loads(result.stdout)["models"]
    assert model["total_params"] == model["trainable_params"] == "?"
    text = CliRunner().invoke(cli, ["summary", "--model", "backbone", str(lost)]).stdout
    assert "Total params: ≥ 0" in text and "could not follow" in text
