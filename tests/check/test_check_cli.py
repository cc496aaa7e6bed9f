"""`kgraphlint check` end to end (needs the runner and config modules)."""

import json
import shutil
from pathlib import Path

import pytest
from cli_runner import CliRunner

pytest.importorskip("kgraphlint.runner", reason="kgraphlint.runner (file discovery) is not there yet")
pytest.importorskip("kgraphlint.config", reason="kgraphlint.config is not there yet")

from kgraphlint.cli import cli

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rules"


def check(*args, cwd):
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=cwd):
        pass
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, ["check", "--no-cache", *args])
    finally:
        os.chdir(old)


@pytest.fixture
def project(tmp_path):
    shutil.copy(FIXTURES / "KG106" / "fire_transfer.py", tmp_path / "transfer.py")
    shutil.copy(FIXTURES / "KG201" / "fire_sequential.py", tmp_path / "dense.py")
    shutil.copy(FIXTURES / "KG201" / "ok_pooled.py", tmp_path / "clean.py")
    return tmp_path


def test_exit_codes_and_selection(project):
    assert check("clean.py", cwd=project).exit_code == 0
    assert check(cwd=project).exit_code == 1
    assert check("--exit-zero", cwd=project).exit_code == 0
    only = check("--select", "KG2", "--output-format", "json", cwd=project)
    assert {row["code"] for row in json.loads(only.stdout)} == {"KG201"}
    ignored = check("--ignore", "KG2,KG106", "--output-format", "json", cwd=project)
    assert not {row["code"] for row in json.loads(ignored.stdout)} & {"KG201", "KG106"}


def test_bad_config_is_exit_2(project):
    (project / "pyproject.toml").write_text("[tool.kgraphlint]\nselect = 5\n")
    result = check(cwd=project)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_fix_is_atomic_and_idempotent(project):
    result = check("--fix", "--select", "KG106", cwd=project)
    text = (project / "transfer.py").read_text()
    assert "base.inputs[0], base.outputs[0]" in text, result.output
    again = check("--fix", "--select", "KG106", cwd=project)
    assert (project / "transfer.py").read_text() == text and again.exit_code == 0


def test_diff_does_not_write(project):
    before = (project / "transfer.py").read_text()
    result = check("--diff", "--select", "KG106", cwd=project)
    assert result.exit_code == 1 and "+feature_extractor = Model(base.inputs[0], base.outputs[0])" in result.output
    assert (project / "transfer.py").read_text() == before


def test_bad_inputs_do_not_stop_the_run(project):
    (project / "binary.py").write_bytes(b"\x00\x01\x02\xff")
    (project / "latin1.py").write_bytes("# caf\xe9\nx = 1\n".encode("latin-1"))
    (project / "empty.py").write_text("")
    (project / "broken.py").write_text("from keras import layers\nx = layers.Dense(\n")
    result = check("--output-format", "json", "--exit-zero", cwd=project)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    paths = {row["path"] for row in rows}
    assert {"transfer.py", "dense.py"} <= paths  # the good files were still checked
    assert any(row["path"] == "broken.py" and row["code"] == "KG001" for row in rows)
    for name in ("binary.py", "latin1.py"):
        assert name in paths or name in result.stderr, f"{name}: neither a diagnostic nor a skip reason"


def test_json_after_a_plain_run_has_the_fix_edits(tmp_path):
    """A plain check caches fixes without their edits; a json run, which
    prints edits, does not take such an entry and builds them."""
    import os

    shutil.copy(FIXTURES / "KG105" / "fire_sequential_add.py", tmp_path / "seq.py")
    cache = ["--cache-dir", str(tmp_path / "cache"), "--extend-select", "KG105"]  # info: off by default
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        plain = CliRunner().invoke(cli, ["check", *cache, "seq.py"])
        assert "[*] 1 fixable with the `--fix` option." in plain.stdout
        rows = json.loads(CliRunner().invoke(cli, ["check", *cache, "--output-format", "json", "seq.py"]).stdout)
        again = CliRunner().invoke(cli, ["check", *cache, "seq.py"])
    finally:
        os.chdir(old)
    (row,) = [r for r in rows if r["code"] == "KG105"]
    assert row["fix"]["message"] == "Add an Input first" and row["fix"]["edits"]
    assert again.stdout == plain.stdout
