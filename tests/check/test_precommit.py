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


def hook_repository(tmp_path) -> Path:
    """A git copy of the project (pre-commit needs one), so the test passes in
    a checkout without .git too."""
    repo = tmp_path / "kgraphlint"
    ignore = shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", ".kgraphlint_cache", "build")
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, repo / name)
    shutil.copytree(ROOT / "kgraphlint", repo / "kgraphlint", ignore=ignore)
    run("git", "init", "-q", cwd=repo)
    run("git", "add", "-A", cwd=repo)
    run("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "copy", cwd=repo)
    return repo


def test_hook_fails_then_passes(tmp_path):
    hooks = hook_repository(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    run("git", "init", "-q", cwd=project)
    (project / "model.py").write_text(BUGGY)
    run("git", "add", "model.py", cwd=project)
    failed = run("pre-commit", "try-repo", str(hooks), "kgraphlint", "--all-files", cwd=project)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "KG106" in failed.stdout
    (project / "model.py").write_text(FIXED)
    run("git", "add", "model.py", cwd=project)
    passed = run("pre-commit", "try-repo", str(hooks), "kgraphlint", "--all-files", cwd=project)
    assert passed.returncode == 0, passed.stdout + passed.stderr
