"""Every rule has a page and every page a rule; the pages' code blocks are tests."""

from pathlib import Path

import pytest
from cli_runner import CliRunner

from kgraphlint.cli import cli
from kgraphlint.fixes import fix_source
from kgraphlint.rules import all_rules, lint_source
from kgraphlint.rules.docs import code_blocks, page, page_name, pages, section
from tests.check.fixtures import SelectAll, known_gap

RULES = all_rules()
SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


def test_pages_and_rules_match():
    assert pages() == sorted(page_name(r) for r in RULES)
    top = Path(__file__).resolve().parents[2] / "rules"
    assert sorted(p.name for p in top.glob("*.md")) == pages()


@pytest.mark.parametrize("rule", [pytest.param(r, marks=known_gap(r.code)) for r in RULES], ids=lambda r: r.code)
def test_page(rule):
    text = page(rule)
    assert text.startswith(f"# {rule.code} {rule.name}\n")
    for title in SECTIONS:
        assert section(text, title), f"{rule.code}: no '{title}' section"
    invalid, valid, fixed = (code_blocks(text, tag) for tag in ("invalid", "valid", "fixed"))
    if rule.code != "KG000":
        assert invalid and valid, rule.code
    for block in invalid:
        assert rule.code in {d.code for d in lint_source(block, "example.py", SelectAll())}, block
    for block in valid:
        found = lint_source(block, "example.py", SelectAll())
        assert rule.code not in {d.code for d in found}, found
        assert not [d for d in found if d.severity == "error"], found
    assert bool(fixed) == (rule.fixable is not None), "fixable rules show their fix, others do not"
    for before, after in zip(invalid, fixed):
        new, applied, _ = fix_source(before, "example.py", SelectAll(), unsafe=True)
        assert applied[rule.code] and new == after


def test_rule_command_prints_the_page_and_lists_all():
    runner = CliRunner()
    result = runner.invoke(cli, ["rule", "KG201"])
    assert result.exit_code == 0 and result.output.startswith("# KG201 dense-rank")
    listing = runner.invoke(cli, ["rule", "--all"]).output.splitlines()
    assert listing[0].split() == ["code", "name", "severity", "fix"]
    assert any(line.split()[:4] == ["KG106", "sequential-input-attribute", "error", "safe"] for line in listing)
    assert len(listing) == len(RULES) + 1
    assert runner.invoke(cli, ["rule", "KG999"]).exit_code == 2
