"""The hooks in .pre-commit-hooks.yaml, run by pre-commit itself."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

BUGGY = "from keras import Input, Model, Sequential, layers\n\nbase = Sequential([Input(shape=(8,)), layers.Dense(4)])\nfeatures = Model(base.input, base.output)\n"
FIXED = "from keras import Input, Model, Sequential, layers\n\nbase = Sequential([Input(shape=(8,)), layers.Dense(4)])\nfeatures = base\n"


def run(*args, cwd):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=900, check=False)


def test_hook_fails_then_passes(tmp_path):
    pytest.importorskip("kgraphlint.runner", reason="kgraphlint.runner (file discovery) is not there yet")
    run("git", "init", "-q", cwd=tmp_path)
    (tmp_path / "model.py").write_text(BUGGY)
    run("git", "add", "model.py", cwd=tmp_path)
    failed = run("pre-commit", "try-repo", str(ROOT), "kgraphlint", "--all-files", cwd=tmp_path)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "KG106" in failed.stdout
    (tmp_path / "model.py").write_text(FIXED)
    run("git", "add", "model.py", cwd=tmp_path)
    passed = run("pre-commit", "try-repo", str(ROOT), "kgraphlint", "--all-files", cwd=tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
