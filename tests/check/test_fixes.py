import os
from dataclasses import replace

import pytest

from kgraphlint.diagnostics import Diagnostic, Edit, Fix
from kgraphlint.fixes import FileChangedError, apply_edits, apply_fixes, write_atomic


def diag(fix, line=1):
    return Diagnostic("KG106", "x", "error", "m", "f.py", line, 1, line, 2, fix=fix)


def test_apply_edits_multiline_and_insert():
    text = "ab\ncdé\nef\n"
    out = apply_edits(text, [Edit(2, 3, 2, 4, "E"), Edit(1, 1, 1, 1, ">"), Edit(3, 1, 3, 3, "")])
    assert out == ">ab\ncdE\n\n"


def test_overlapping_fixes_wait_for_the_next_pass():
    a = diag(Fix("safe", "a", (Edit(1, 1, 1, 3, "X"),)))
    b = diag(Fix("safe", "b", (Edit(1, 2, 1, 4, "Y"),)))
    new, chosen = apply_fixes("abcd\n", [a, b])
    assert new == "Xcd\n" and chosen == [a]


def test_unsafe_needs_opt_in_and_unparsable_results_are_dropped():
    u = diag(Fix("unsafe", "u", (Edit(1, 1, 1, 2, "y"),)))
    assert apply_fixes("x = 1\n", [u]) == ("x = 1\n", [])
    assert apply_fixes("x = 1\n", [u], unsafe=True)[0] == "y = 1\n"
    bad = diag(Fix("safe", "b", (Edit(1, 1, 1, 2, "("),)))
    assert apply_fixes("x = 1\n", [bad]) == ("x = 1\n", [])


def test_write_atomic(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("old\r\n", newline="")
    os.chmod(path, 0o640)
    write_atomic(str(path), "new\r\n", "old\r\n")
    assert path.read_bytes() == b"new\r\n"
    assert os.stat(path).st_mode & 0o777 == 0o640
    with pytest.raises(FileChangedError):
        write_atomic(str(path), "newer\n", "old\r\n")
    assert path.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["m.py"]


def test_columns_count_characters_on_non_ascii_lines():
    """``ast`` counts columns in UTF-8 bytes; findings and fixes use characters
    (Korean names and strings are common in our users' code)."""
    from kgraphlint.rules import lint_source

    source = (
        "import keras\nfrom keras import layers\n\n"
        "입력 = keras.Input(shape=(28, 28))\n"
        'x = layers.Dense(10, name="출력층", activaton="relu")(입력)\n'
        "model = keras.Model(입력, x)\n"
    )
    found = {d.code: d for d in lint_source(source, "ko.py")}
    typo = found["KG302"]
    line = source.splitlines()[typo.line - 1]
    assert line[typo.column - 1 : typo.end_column - 1] == "activaton"
    assert found["KG201"].column == line.index("layers.Dense") + 1
    fixed, applied = apply_fixes(source, [typo])
    assert applied == [typo] and 'name="출력층", activation="relu"' in fixed


def test_file_too_deep_for_libcst_keeps_its_findings_without_fixes():
    """libcst's native parser overflows its stack on deep nesting: such a
    file is analysed (on ``ast``) and reported; only the fixes libcst makes
    are dropped, and a plain check does not promise them either. A one-word
    fix (KG302) is made from ``ast`` positions and survives."""
    from kgraphlint.pyast import MAX_CST_DEPTH
    from kgraphlint.rules import lint_source
    from tests.check.fixtures import SelectAll

    source = (
        "import keras\n"
        "m = keras.Sequential([keras.layers.Dense(2, input_shape=(4,), activaton='relu')])\n"
        "table = [[0]]\n"
        "deep = table" + "[0]" * (MAX_CST_DEPTH + 50) + "\n"
    )
    for fix_edits in (True, False):
        found = {d.code: d for d in lint_source(source, "deep.py", SelectAll(), fix_edits=fix_edits)}
        assert sorted(found) == ["KG105", "KG302"]
        assert found["KG105"].fix is None
        assert found["KG302"].fix is not None and found["KG302"].fix.edits


def _fix_plans():
    """Every file with something to fix: the rule fixtures, the example
    programs, the rule pages' invalid blocks, and a few odd placements."""
    from pathlib import Path

    from kgraphlint.rules import all_rules
    from kgraphlint.rules.docs import code_blocks, page

    root = Path(__file__).resolve().parents[2] / "fixtures"
    sources = [p.read_text() for p in sorted(root.glob("rules/*/*.py")) + sorted(root.glob("models/*.py"))]
    sources += [b for rule in all_rules() for b in code_blocks(page(rule), "invalid")]
    head = "from keras import Sequential\nfrom keras.layers import Dense\nm = Sequential()\n"
    sources += [
        head + "if True: m.add(Dense(2, input_shape=(3,)))\n",  # a one-line suite: no statement to insert before
        head + "x = 1; m.add(Dense(2, input_dim=3))\n",
        head + "m.add(layer=Dense(2, input_dim=3))\n",
        head.replace("Dense\n", "Dense as D\n") + "m.add(D(2, input_shape=(3,)))\n",  # no bare Input to import
        "import keras\nm = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])\nm.output\n",
        ("import keras\nx = keras.layers.Activation(activation=r'softmax')\n"
         "m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1), x])\n"),
    ]
    return sources


def test_a_fix_said_to_exist_is_the_fix_that_is_built():
    """``lint_source(fix_edits=False)`` decides on ``ast`` that a fix exists;
    building it (libcst) must agree: same findings, same fixes, same words."""
    from kgraphlint.rules import lint_source
    from tests.check.fixtures import SelectAll

    promised = 0
    for source in _fix_plans():
        built = lint_source(source, "m.py", SelectAll())
        said = lint_source(source, "m.py", SelectAll(), fix_edits=False)
        assert [replace(d, fix=None) for d in said] == [replace(d, fix=None) for d in built], source
        for d, full in zip(said, built):
            assert (d.fix is None) == (full.fix is None), (source, d)
            if d.fix is not None:
                assert d.fix.edits in (None, full.fix.edits) and full.fix.edits, (source, d)
                assert replace(d.fix, edits=None) == replace(full.fix, edits=None)
                promised += d.fix.edits is None
    assert promised >= 10  # the fixes libcst builds (KG105) were only promised
