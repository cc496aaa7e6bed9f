"""`check --fix` over the whole fixture tree (issue 6): every fixed file
parses, a second `--fix` changes nothing, and a file without a safe fix does
not change by a byte."""

import ast
import json
import os
import shutil
from pathlib import Path

from cli_runner import CliRunner

from kgraphlint.cli import cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def snapshot(root: Path) -> dict:
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*.py"))}


def run_check(root: Path, *args):
    old = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, ["check", "--no-cache", "--exit-zero", *args, "."])
    finally:
        os.chdir(old)


def parses(data: bytes) -> bool:
    try:
        ast.parse(data)
    except (SyntaxError, ValueError):
        return False
    return True


def test_fix_over_the_fixture_tree(tmp_path):
    root = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, root)
    before = snapshot(root)

    report = run_check(root, "--output-format", "json")
    assert report.exit_code == 0, report.output
    fixable = {Path(row["path"]) for row in json.loads(report.stdout) if row["fix"] and row["fix"]["applicability"] == "safe"}
    assert fixable, "the fixture tree has safe fixes to apply"

    first = run_check(root, "--fix")
    assert first.exit_code == 0, first.output
    after = snapshot(root)

    changed = {path for path in before if after[path] != before[path]}
    assert changed, "--fix changed nothing"
    assert changed <= fixable, f"files without a safe fix changed: {sorted(map(str, changed - fixable))}"
    for path in changed:
        assert parses(after[path]), f"{path} no longer parses after --fix"

    second = run_check(root, "--fix")
    assert second.exit_code == 0, second.output
    assert snapshot(root) == after, "a second --fix changed files again"
