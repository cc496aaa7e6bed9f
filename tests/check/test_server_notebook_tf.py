"""TensorFlow confirms the numbers tests/test_server_notebook.py reads from
the server's hovers: the notebook's code cells run in order (the magics
masked as for the analysis) fail in Keras on the typo'd keyword, and once
the code action has repaired it give the shapes and counts hovered; the
imported block gives each total the importer's hover showed, for each text
of the block (the editor's unsaved ones and the file)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kgraphlint.notebook import Notebook
from tests.check.test_fixtures_tf import KERAS_SAYS
from tests.test_server_notebook import BLOCKS, CELLS, CODE, TRAIN

pytestmark = pytest.mark.slow


def test_keras_agrees_with_the_hovers(tmp_path):
    pytest.importorskip("tensorflow")
    sources = [(n, text) for n, (kind, text) in enumerate(CELLS, start=1) if kind == CODE]
    jobs = []
    for name, cells in (("before", sources), ("after", [(n, t.replace("activaton", "activation")) for n, t in sources])):
        (tmp_path / f"{name}.py").write_text(Notebook.from_cells(cells).source, encoding="utf-8")
    checks = ["model.layers[1].output.shape == (None, 28, 128)", "model.layers[1].count_params() == 3712",
              "model.output.shape == (None, 28, 10)", "model.count_params() == 5002"]
    jobs = [{"path": str(tmp_path / "before.py"), "checks": []}, {"path": str(tmp_path / "after.py"), "checks": checks}]
    project = {"units * 2": 705, "8": 177, "units": 353}
    for i, (units, total) in enumerate(project.items()):
        block = BLOCKS.replace("Dense(units,", f"Dense({units},")
        program = tmp_path / f"project{i}.py"  # the block and its importer in one file: runpy runs one
        program.write_text(block + TRAIN.replace("from blocks import dense_block\n", ""), encoding="utf-8")
        jobs.append({"path": str(program), "checks": [f"model.count_params() == {total}"]})
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    proc = subprocess.run([sys.executable, str(Path(__file__).with_name("tf_confirm.py"))], input=json.dumps(jobs),
                          capture_output=True, text=True, timeout=600, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout)
    assert re.search(KERAS_SAYS["KG302"], results[jobs[0]["path"]]["error"] or ""), results[jobs[0]["path"]]
    for job in jobs[1:]:
        assert results[job["path"]] == {"error": None, "checks": [True] * len(job["checks"])}, job
