"""lint_source never raises on odd text; the run-level cases are in test_check_cli."""

from pathlib import Path

from kgraphlint.rules import lint_source


def test_empty_and_comment_only():
    assert lint_source("", "empty.py") == []
    assert lint_source("# nothing\n", "c.py") == []


def test_null_bytes_are_a_parse_diagnostic():
    (d,) = lint_source("x = 1\x00\n", "bin.py")
    assert d.code == "KG001"


def test_syntax_error_position():
    (d,) = lint_source("from keras import layers\n\nx = layers.Dense(10\ny = 2\n", "s.py")
    assert (d.code, d.line) == ("KG001", 3)


def test_a_crashing_rule_becomes_kg000_and_the_others_run(monkeypatch):
    from kgraphlint.rules import REGISTRY

    def boom(self, analysis, context):
        raise RuntimeError("kaboom")
        yield

    monkeypatch.setattr(type(REGISTRY["KG401"]), "check", boom)
    source = (Path(__file__).resolve().parents[2] / "fixtures/rules/KG201/fire_sequential.py").read_text()
    codes = [d.code for d in lint_source(source, "m.py")]
    assert "KG000" in codes and "KG201" in codes
    (internal,) = [d for d in lint_source(source, "m.py") if d.code == "KG000"]
    assert "KG401" in internal.message and "kaboom" in internal.message
