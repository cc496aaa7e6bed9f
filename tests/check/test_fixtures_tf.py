"""TensorFlow confirms the claims: every error fixture fails in Keras with
the error its rule names; every warning or info fixture shows the fact its
message states (the ``# tf-check:`` expressions); clean fixtures run."""


import pytest

from kgraphlint.rules import get_rule
from tests.check.fixtures import FIXTURES, confirm_in_tensorflow, rule_of, tf_checks

pytestmark = pytest.mark.slow

# What Keras (or Python) says for each error rule.
KERAS_SAYS = {
    "KG001": r"SyntaxError|IndentationError",
    "KG101": r"isn't built|has no defined (inputs|outputs|input shape|output shape)|must be KerasTensors|"
             r"Only input tensors may be passed",
    "KG102": r"not connected to `inputs`|Graph disconnected",
    "KG106": r"AttributeError: .*has never been called",
    "KG202": r"incompatible shapes|matching shapes except for the concatenation axis",
    "KG203": r"is incompatible with the layer: expected (min_)?ndim|Kernel shape must have the same length as input",
    "KG204": r"zero or negative|total size of the (new array|tensor) must be unchanged|negative dimensions|would be 0",
    "KG301": r"NameError",
    "KG302": r"Unrecognized keyword arguments|unexpected keyword|missing 1 required positional argument",
    "KG303": r"Could not interpret activation|`padding` argument|argument `rate`|`units`|to a shape",
    "KG304": r"is used 2 times|unique names",
    "KG601": r"No module named|cannot import name|module 'keras.optimizers' has no attribute 'rmsprop'",
    "KG602": r"Unrecognized keyword arguments|not recognized|unexpected keyword|missing 1 required positional argument",
    "KG603": r"Unrecognized keyword arguments|unexpected keyword",
    "KG605": r"has no attribute '(fit_generator|evaluate_generator|predict_classes|reset_states|get_input_shape_at)'",
    "KG606": r"has no attribute '(merge|TimeDistributedDense)'",
    "KG609": r"module 'keras.backend' has no attribute '(set_image_dim_ordering|sqrt|mean|int_shape|ndim)'",
    "KG607": r"Unrecognized keyword arguments passed to \w+: \{'batch_input_shape'",
    "KG107": r"takes 1 positional argument|does not have a `call|NotImplementedError|AttributeError",
    "KG305": r"unexpected keyword argument|Only instances of `keras.Layer`|Unrecognized keyword arguments passed to "
             r"Model|Argument\(s\) not recognized",
}


@pytest.fixture(scope="module")
def keras_results():
    return confirm_in_tensorflow(FIXTURES)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_keras_agrees(path, keras_results):
    import re

    result = keras_results[str(path)]
    code = rule_of(path)
    if path.stem.startswith("fire_") and get_rule(code).severity == "error":
        assert result["error"], "Keras built this fixture without complaint"
        assert re.search(KERAS_SAYS[code], result["error"]), result["error"]
    else:
        assert result["error"] is None, result["error"]
        assert result["checks"] == [True] * len(tf_checks(path)), result["checks"]
    if path.stem.startswith("fire_") and get_rule(code).severity != "error":
        assert tf_checks(path), "a warning fixture must state a fact for TensorFlow to check"
