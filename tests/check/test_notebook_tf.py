"""TensorFlow confirms what `check` says about the fixture notebook: its code
cells, run in order (magics masked as they are for the analysis), fail in
Keras because of the typo'd keyword; once `--fix` has repaired it they run,
and the Dense on the rank-3 tensor gives the shapes KG201 states."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kgraphlint.fixes import fix_notebook
from kgraphlint.notebook import read_notebook
from tests.check.test_fixtures_tf import KERAS_SAYS

pytestmark = pytest.mark.slow

NOTEBOOK = Path(__file__).resolve().parents[2] / "fixtures" / "notebooks" / "fashion_mnist.ipynb"


def test_keras_agrees_with_the_notebook_findings(tmp_path):
    pytest.importorskip("tensorflow")
    text = NOTEBOOK.read_text(encoding="utf-8")
    fixed, applied, remaining = fix_notebook(text, str(NOTEBOOK))
    assert dict(applied) == {"KG302": 1} and [d.code for d in remaining] == ["KG201"]
    before, after = tmp_path / "before.py", tmp_path / "after.py"
    before.write_text(read_notebook(text).source, encoding="utf-8")
    after.write_text(read_notebook(fixed).source, encoding="utf-8")
    checks = ["model.layers[0].output.shape == (None, 28, 100)", "model.output_shape == (None, 28, 10)"]
    jobs = [{"path": str(before), "checks": []}, {"path": str(after), "checks": checks}]
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    proc = subprocess.run([sys.executable, str(Path(__file__).with_name("tf_confirm.py"))], input=json.dumps(jobs),
                          capture_output=True, text=True, timeout=600, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout)
    assert re.search(KERAS_SAYS["KG302"], results[str(before)]["error"] or ""), results[str(before)]
    assert results[str(after)] == {"error": None, "checks": [True, True]}
