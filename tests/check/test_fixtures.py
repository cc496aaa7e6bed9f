import pytest

from kgraphlint.rules import all_rules, get_rule, lint_source
from tests.check.fixtures import FIXTURES, SelectAll, expected, known_gap, rule_of


def lint(path):
    return lint_source(path.read_text(), str(path), SelectAll())


def test_every_rule_has_enough_fixtures():
    for rule in all_rules():
        if rule.code == "KG000":
            continue  # fires only on kgraphlint's own bugs
        files = [p for p in FIXTURES if rule_of(p) == rule.code]
        assert len([p for p in files if p.stem.startswith("fire_")]) >= 3, rule.code
        assert len([p for p in files if p.stem.startswith("ok_")]) >= 2, rule.code


@pytest.mark.parametrize(
    "path", [pytest.param(p, marks=known_gap(f"{p.parent.name}/{p.stem}")) for p in FIXTURES],
    ids=lambda p: f"{p.parent.name}/{p.stem}",
)
def test_fixture(path):
    code = rule_of(path)
    found = lint(path)
    assert not [d for d in found if d.code == "KG000"], found
    mine = sorted((d.code, d.line) for d in found if d.code == code)
    if path.stem.startswith("fire_"):
        assert mine == [e for e in expected(path) if e[0] == code], found
        assert get_rule(code).severity != "error" or all(d.severity == "error" for d in found if d.code == code)
    else:
        assert mine == [], found
        assert not [d for d in found if d.severity == "error"], found
