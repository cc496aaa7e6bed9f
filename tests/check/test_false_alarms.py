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
    "KG302/fire_lstm_return_sequence.py",  # no KG203 on the LSTM after the misspelled keyword
    "KG303/ok_build_two_inputs.py",  # build([(None, 20), (None, 50)]) on a two-input subclass
    "KG303/ok_builder_default_guarded.py",  # a default the builder's own guard rejects
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


def test_findings_about_a_built_subclass_input_point_at_build():
    """The inputs made by ``model.build(shapes)`` are placed at that call, not
    at the class body; Keras's build of a subclass never raises on a bad
    shape (it warns and makes no weights), so nothing is reported for it."""
    from kgraphlint.engine import analyze

    path = ROOT / "KG303/ok_build_two_inputs.py"
    (model,) = analyze(path.read_text(), str(path)).models
    # TwoTower has no build() of its own: Keras 3's default build() marks it
    # built and creates no weight (summary() prints 0 params), as here.
    assert model.built is False and not model.unknown_reasons()
    assert lint_source(path.read_text(), "m.py") == []
    source = path.read_text().replace("[(None, 20), (None, 50)]", "(None, -8)")
    assert lint_source(source, "m.py") == []
