"""TensorFlow confirms the claims: every error fixture fails in Keras with
the error its rule names; every warning or info fixture shows the fact its
message states (the ``# tf-check:`` expressions); clean fixtures run."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraphlint.rules import get_rule
from tests.check.fixtures import FIXTURES, rule_of, tf_checks

pytestmark = pytest.mark.slow

# What Keras (or Python) says for each error rule.
KERAS_SAYS = {
    "KG001": r"SyntaxError|IndentationError",
    "KG101": r"isn't built|has no defined (inputs|outputs|input shape|output shape)",
    "KG102": r"not connected to `inputs`|Graph disconnected",
    "KG106": r"AttributeError: .*has never been called",
    "KG202": r"incompatible shapes|matching shapes except for the concatenation axis",
    "KG203": r"is incompatible with the layer: expected (min_)?ndim",
    "KG204": r"zero or negative|total size of the (new array|tensor) must be unchanged|negative dimensions|would be 0",
    "KG301": r"NameError",
    "KG302": r"Unrecognized keyword arguments|unexpected keyword|missing 1 required positional argument",
    "KG303": r"Could not interpret activation|`padding` argument|argument `rate`|`units`|to a shape",
    "KG304": r"is used 2 times|unique names",
}


@pytest.fixture(scope="module")
def keras_results():
    pytest.importorskip("tensorflow")
    jobs = [{"path": str(p), "checks": tf_checks(p)} for p in FIXTURES]
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("tf_confirm.py"))],
        input=json.dumps(jobs), capture_output=True, text=True, timeout=900, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


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
