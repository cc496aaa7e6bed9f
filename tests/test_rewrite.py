"""Rewrite fixtures: fixtures/rewrite/<name>.in.py and, per direction,
<name>.out.py (--to functional) / <name>.to_sequential.out.py (--to sequential),
each with a .log of what was rewritten or refused and why. A line
``# rewrite-args: --input-shape 28,28`` in the .in.py passes that option.
Run ``python tests/test_rewrite.py --update`` to regenerate, then review the diff.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import libcst as cst
import pytest
from cli_runner import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgraphlint.rewrite import parse_shape, rewrite_source  # noqa: E402

FIXTURES = ROOT / "fixtures" / "rewrite"
DIRECTIONS = {"functional": ".out.py", "sequential": ".to_sequential.out.py"}


def inputs():
    return sorted(FIXTURES.glob("*.in.py"))


def options(source: str) -> dict:
    found = re.search(r"#\s*rewrite-args:\s*--input-shape\s+(\S+)", source)
    return {"input_shape": parse_shape(found.group(1))} if found else {}


def expected_path(src: Path, to: str) -> Path:
    return src.with_name(src.name[: -len(".in.py")] + DIRECTIONS[to])


def log_text(result) -> str:
    return "".join(o.describe() + "\n" for o in result.outcomes)


def cases():
    out = []
    for src in inputs():
        for to in DIRECTIONS:
            if expected_path(src, to).exists():
                out.append(pytest.param(src, to, id=f"{src.name[:-6]}-{to}"))
    return out


def test_there_are_enough_fixtures():
    pairs = [c for c in cases()]
    assert len(pairs) >= 25
    assert len([c for c in cases() if c.values[1] == "sequential"]) >= 4


@pytest.mark.parametrize("src,to", cases())
def test_rewrite_matches_fixture(src, to):
    source = src.read_text()
    expected = expected_path(src, to)
    result = rewrite_source(source, to, **options(source))
    assert result.new_source == expected.read_text()
    assert log_text(result) == expected.with_suffix(".log").read_text()
    cst.parse_module(result.new_source)
    again = rewrite_source(result.new_source, to, **options(source))
    assert again.new_source == result.new_source, "rewriting twice changed the file again"


@pytest.mark.parametrize("src", inputs(), ids=lambda p: p.name[:-6])
def test_outside_statements_unchanged(src):
    """Lines outside the rewritten statements survive byte for byte (diff hunks only
    touch model statements and imports)."""
    import difflib

    source = src.read_text()
    for to in DIRECTIONS:
        result = rewrite_source(source, to, **options(source))
        for line in difflib.unified_diff(source.splitlines(), result.new_source.splitlines(), lineterm="", n=0):
            if line.startswith("-") and not line.startswith("---"):
                removed = line[1:]
                assert "summary()" not in removed and ".compile(" not in removed and ".fit(" not in removed


def test_cli_diff_and_write(tmp_path):
    from kgraphlint.cli import cli

    target = tmp_path / "model.py"
    source = (FIXTURES / "mlp_list_from_imports.in.py").read_text()
    target.write_text(source)
    result = CliRunner().invoke(cli, ["rewrite", "--to", "functional", str(target)])
    assert result.exit_code == 0, result.output
    assert "+model = Model(inputs=inputs, outputs=outputs)" in result.stdout
    assert target.read_text() == source  # a diff never writes
    result = CliRunner().invoke(cli, ["rewrite", "--to", "functional", "--write", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text() == (FIXTURES / "mlp_list_from_imports.out.py").read_text()


def test_cli_refusal_exit_code_and_input_shape(tmp_path):
    from kgraphlint.cli import cli

    target = tmp_path / "model.py"
    target.write_text("from keras.models import Sequential\nfrom keras.layers import Dense\n\n"
                      "model = Sequential([Dense(4)])\n")
    result = CliRunner().invoke(cli, ["rewrite", "--to", "functional", str(target)])
    assert result.exit_code == 1
    assert "KG101" in result.stderr and "--input-shape" in result.stderr
    assert result.stdout == ""  # a refused model leaves the file, imports included, alone
    result = CliRunner().invoke(cli, ["rewrite", "--to", "functional", "--input-shape", "3", str(target)])
    assert result.exit_code == 0
    assert "+inputs = Input(shape=(3,))" in result.stdout


def test_cli_model_selection(tmp_path):
    from kgraphlint.cli import cli

    target = tmp_path / "two.py"
    target.write_text((FIXTURES / "several_models.in.py").read_text())
    result = CliRunner().invoke(cli, ["rewrite", "--to", "functional", "--model", "model1", str(target)])
    assert result.exit_code == 0
    assert "+model1 = Model(" in result.stdout and "+model = Model(" not in result.stdout
    result = CliRunner().invoke(cli, ["rewrite", "--to", "functional", "--model", "nope", str(target)])
    assert result.exit_code == 2 and "no model named 'nope'" in result.stderr


def test_write_refuses_a_file_changed_on_disk(tmp_path, monkeypatch):
    from kgraphlint import rewrite as rw
    from kgraphlint.cli import cli

    target = tmp_path / "model.py"
    target.write_text((FIXTURES / "single_layer.in.py").read_text())
    real = rw.rewrite_file

    def racing(path, *args, **kwargs):
        result = real(path, *args, **kwargs)
        Path(path).write_text("# edited meanwhile\n")
        return result

    monkeypatch.setattr(rw, "rewrite_file", racing)
    result = CliRunner().invoke(cli, ["rewrite", "--to", "functional", "--write", str(target)])
    assert result.exit_code == 2
    assert target.read_text() == "# edited meanwhile\n"


def update():
    for src in inputs():
        source = src.read_text()
        for to in DIRECTIONS:
            result = rewrite_source(source, to, **options(source))
            path = expected_path(src, to)
            if result.outcomes:
                path.write_text(result.new_source)
                path.with_suffix(".log").write_text(log_text(result))
            elif path.exists():
                path.unlink()
                path.with_suffix(".log").unlink(missing_ok=True)


if __name__ == "__main__" and "--update" in sys.argv:
    update()


@pytest.mark.parametrize("src,to", cases())
def test_check_finds_nothing_new(src, to):
    from kgraphlint.rules import lint_source

    def found(text):
        return {(d.code, d.message.split("`")[0]) for d in lint_source(text, "m.py") if d.code != "KG501"}

    before = found(src.read_text())
    after = found(expected_path(src, to).read_text())
    assert not after - before


def test_crlf_and_tabs_are_kept():
    source = (FIXTURES / "comments_list.in.py").read_text().replace("\n", "\r\n")
    new = rewrite_source(source, "functional").new_source
    assert "\n" not in new.replace("\r\n", "") and "inputs = Input(" in new
    source = (FIXTURES / "func_builder_comments.in.py").read_text().replace("    ", "\t")
    new = rewrite_source(source, "sequential").new_source
    assert "\tmodel = tf.keras.models.Sequential([" in new
    cst.parse_module(new)
