"""Every rewrite fixture is built in TensorFlow, before and after, in ONE
subprocess (importing TensorFlow costs seconds): same layer classes and
configurations (names aside), same weighted layers and parameter count, same
outputs on a random batch after copying the weights. Sequential -> Functional
-> Sequential round trips are checked the same way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraphlint.rewrite import rewrite_source
from tests.test_rewrite import cases, expected_path, options

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests" / "harness" / "rewrite_equiv.py"

pytestmark = pytest.mark.slow


def _jobs(tmp: Path) -> list:
    jobs = []
    for param in cases():
        src, to = param.values
        out = expected_path(src, to)
        if out.read_text() == src.read_text():
            continue  # everything refused: nothing to compare
        jobs.append({"id": param.id, "a": str(src), "b": str(out)})
        back = "sequential" if to == "functional" else "functional"
        source = src.read_text()
        trip = rewrite_source(out.read_text(), back, **options(source)).new_source
        if trip != out.read_text():
            path = tmp / f"{param.id}.roundtrip.py"
            path.write_text(trip)
            jobs.append({"id": f"{param.id}-roundtrip", "a": str(src), "b": str(path)})
    return jobs


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("roundtrip")
    jobs = _jobs(tmp)
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    proc = subprocess.run([sys.executable, str(HARNESS)], input=json.dumps(jobs), capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return jobs, json.loads(proc.stdout)


def test_every_rewrite_builds_the_same_network(results):
    jobs, found = results
    assert len(jobs) >= 25
    failures = {}
    for job in jobs:
        result = found[job["id"]]
        if result["error"]:
            failures[job["id"]] = result["error"]
            continue
        if not result["models"]:
            failures[job["id"]] = "no model was built"
        for name, problems in result["models"].items():
            if problems:
                failures[f"{job['id']}:{name}"] = problems
    compared = sum(len(found[job["id"]]["models"]) for job in jobs)
    print(f"\n{len(jobs)} program pairs, {compared} model pairs compared in TensorFlow")
    assert not failures, json.dumps(failures, indent=1)


def test_moving_the_input_shape_silences_the_keras_warning(results):
    jobs, found = results
    for job in jobs:
        result = found[job["id"]]
        if "input_shape=" not in Path(job["b"]).read_text() and "input_dim=" not in Path(job["b"]).read_text():
            assert result["warnings_b"] == 0, job["id"]
