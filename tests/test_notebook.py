"""kgraphlint.notebook: reading, masking, positions and writing cells back."""

import ast
import json
from json.decoder import scanstring
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from kgraphlint.diagnostics import Diagnostic
from kgraphlint.notebook import (
    Notebook,
    NotebookError,
    read_notebook,
    split_lines,
    validate,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "notebooks" / "fashion_mnist.ipynb"


def notebook_text(*sources, markdown_first=True, **dump):
    cells = [new_markdown_cell("# 제목")] if markdown_first else []
    cells += [new_code_cell(s) for s in sources]
    nb = new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i}"
    if dump:
        return json.dumps(nb, **dump)
    return nbformat.writes(nb) + "\n"


def test_code_cells_in_order_form_one_module():
    nb = read_notebook(FIXTURE.read_text(encoding="utf-8"))
    assert [c.number for c in nb.cells] == [2, 3, 5, 6, 7, 9]  # markdown cells 1, 4, 8 are left out
    ast.parse(nb.source)
    for cell in nb.cells:
        module_lines = split_lines(nb.source)[cell.first_line - 1:cell.first_line - 1 + cell.lines]
        assert len(module_lines) == len(split_lines(cell.source))


MAGICS = [
    "%matplotlib inline",
    "!pip install -q tensorflow",
    "keras.layers.Dense?",
    "keras.layers.Dense??",
    "?keras.layers.Dense",
    "%timeit -n 1 sum(range(3))",
    "%load_ext tensorboard",
    "files = !ls",
    "n = %sx echo 3",
]


@pytest.mark.parametrize("magic", MAGICS)
def test_magics_are_masked_and_the_rest_is_kept(magic):
    source = f"import keras\n{magic}\nx = 1"
    nb = read_notebook(notebook_text(source))
    (cell,) = nb.cells
    ast.parse(nb.source)
    masked = split_lines(cell.masked)
    assert masked[0] == "import keras\n" and masked[2] == "x = 1"
    assert magic not in nb.source


def test_masking_keeps_block_structure_and_leaves_python_alone():
    source = (
        "for i in range(3):\n"
        "    !echo {i}\n"
        "s = '''\n"
        "%not a magic inside a string\n"
        "'''\n"
        "y = 1  # why?\n"
        "!pip install a \\\n"
        "    b\n"
        "z = (1 %\n"
        "     2)\n"
    )
    nb = read_notebook(notebook_text(source))
    ast.parse(nb.source)
    masked = split_lines(nb.cells[0].masked)
    original = split_lines(source)
    kept = [i for i, (a, b) in enumerate(zip(masked, original)) if a == b]
    assert kept == [0, 2, 3, 4, 5, 8, 9]
    assert masked[1].startswith("    pass")


def test_cell_magics():
    timed = read_notebook(notebook_text("%%time\nimport keras\nmodel = keras.Sequential()"))
    assert "model = keras.Sequential()" in timed.source  # %%time runs the cell as Python
    bash = read_notebook(notebook_text("%%bash\nfor f in *; do echo $f; done"))
    assert "echo" not in bash.source and ast.parse(bash.source)  # another language: hidden whole


def test_locate_and_module_line_are_inverse():
    nb = read_notebook(FIXTURE.read_text(encoding="utf-8"))
    for cell in nb.cells:
        for line in range(1, cell.lines + 1):
            module = nb.module_line(cell.number, line)
            assert nb.locate(module) == (cell.number, line)
            assert nb.locate(cell.first_line - 1) is None  # the cell's marker line


def test_whole_file_diagnostic_has_no_cell():
    nb = read_notebook(FIXTURE.read_text(encoding="utf-8"))
    d = nb.map_diagnostic(Diagnostic("KG000", "internal-error", "error", "boom", "nb.ipynb", 1, 1, 1, 1))
    assert d.cell is None and (d.line, d.column) == (1, 1)


@pytest.mark.parametrize("dump", [{}, {"indent": 2, "ensure_ascii": True}, {"indent": 4}])
def test_writing_unchanged_sources_back_is_byte_identical(dump):
    text = notebook_text("import keras\n# 한국어 주석 😀\nx = 1", "", "y = '\\t \"q\"'", **dump)
    nb = read_notebook(text)
    assert nb.with_sources({}) == text
    assert nb.with_sources({c.number: c.source for c in nb.cells}) == text


def test_a_changed_cell_is_the_only_change():
    text = FIXTURE.read_text(encoding="utf-8")
    nb = read_notebook(text)
    new = nb.with_sources({5: nb.cells[2].source.replace("activaiton", "activation")})
    changed = [(a, b) for a, b in zip(text.splitlines(), new.splitlines()) if a != b]
    assert len(changed) == 1 and "activation=" in changed[0][1]
    assert len(text.splitlines()) == len(new.splitlines()) and new.endswith("}\n")
    validate(new)


def test_empty_source_list_takes_the_files_layout():
    text = notebook_text("import keras", "")
    nb = read_notebook(text)
    new = nb.with_sources({3: "x = 1\ny = 2"})
    validate(new)
    assert '   "source": [\n    "x = 1\\n",\n    "y = 2"\n   ]' in new
    assert read_notebook(new).cells[1].source == "x = 1\ny = 2"


def test_file_position_points_inside_the_json_string():
    for dump in ({}, {"indent": 2, "ensure_ascii": True}):
        text = notebook_text("import keras\nx = '한국어 😀 \\t'  # 주석", **dump)
        nb = read_notebook(text)
        cell = nb.cells[0]
        lines = text.splitlines()
        for row, line in enumerate(split_lines(cell.source), start=1):
            for column, char in enumerate(line.rstrip("\n"), start=1):
                file_line, file_column = nb.file_position(cell.number, row, column)
                raw = lines[file_line - 1][file_column - 1:]
                assert scanstring('"' + raw, 1)[0][0] == char  # the JSON there decodes to the cell's character


def test_split_refuses_changes_across_cells_and_to_magics():
    nb = read_notebook(notebook_text("import keras\n%matplotlib inline", "x = 1"))
    lines = split_lines(nb.source)
    with pytest.raises(NotebookError, match="boundary of cell"):
        nb.split("".join(line for line in lines if "<kgraphlint cell 3>" not in line))
    with pytest.raises(NotebookError, match="magic"):
        nb.split(nb.source.replace("pass  # <kgraphlint magic", "x = 2  # <kgraphlint magick"))
    assert nb.split(nb.source.replace("x = 1", "x = 2")) == {3: "x = 2"}
    assert nb.split(nb.source) == {}


@pytest.mark.parametrize("text, message, where", [
    ('{"cells": [', "invalid JSON", (1, 12)),
    ('{\n "nbformat": 4,\n "nbformat_minor": 5,\n "metadata": {}\n}\n', "missing an expected key: cells", (1, 1)),
    ('{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}', "nbformat 3 notebook", (1, 1)),
    ("[1, 2]", "not a notebook object", (1, 1)),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply", (1, 1)),
    ('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code"}]}',
     "missing an expected key: metadata", (1, 1)),
    ('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "metadata": {}, "source": 3}]}',
     "source of cell 1 is not text", (1, 1)),
])
def test_malformed_notebooks_are_a_clear_error(text, message, where):
    with pytest.raises(NotebookError, match=message) as info:
        read_notebook(text)
    assert (info.value.line, info.value.column) == where


def test_a_result_that_does_not_validate_is_refused():
    text = notebook_text("x = 1")
    with pytest.raises(NotebookError, match="does not validate"):
        validate(text.replace('"cell_type": "code"', '"cell_type": "code", "bogus": 1'))


def test_noqa_and_syntax_errors_in_cells():
    model = "from keras import Sequential, Input, layers\nmodel = Sequential([Input((28, 28)), layers.Dense(10)])"
    nb = read_notebook(notebook_text("%matplotlib inline", model))
    (d,) = nb.lint("nb.ipynb")
    assert (d.code, d.cell, d.line) == ("KG201", 3, 2)
    quiet = read_notebook(notebook_text("%matplotlib inline", model + "  # noqa: KG201"))
    assert quiet.lint("nb.ipynb") == []
    broken = read_notebook(notebook_text("import keras", "x = (1,\ny = 2", "z = 3"))
    (error,) = broken.lint("nb.ipynb")
    assert (error.code, error.cell, error.line) == ("KG001", 3, 1)


LINES = st.sampled_from(["import keras", "x = 1", "  %time f()", "!ls", "y = !ls", "Dense?", "%%time", "%%bash",
                         "s = '''", "'''", "# 주석?", "for i in x:", "    !echo", "z = (1,", "2)", "", "😀 = 3"])
CELL = st.lists(LINES, max_size=6).map("\n".join) | st.text(max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CELL, min_size=1, max_size=4), st.sampled_from([{}, {"indent": 2, "ensure_ascii": True}]))
def test_any_cells_read_lint_and_write_back_without_surprise(sources, dump):
    text = notebook_text(*sources, **dump)
    nb = read_notebook(text)
    assert [c.source for c in nb.cells] == sources
    for d in nb.lint("nb.ipynb"):  # never raises; every finding lands in a cell or on the file
        assert d.cell is None or 1 <= d.line <= max(1, nb.cells[d.cell - 2].lines)
    assert nb.with_sources({c.number: c.source for c in nb.cells}) == text
    assert nb.split(nb.source) == {}
    for cell in nb.cells:
        masked, original = split_lines(cell.masked), split_lines(cell.source)
        assert len(masked) == len(original)
        row, _ = nb.file_position(cell.number, 1, 1)
        assert 1 <= row <= len(text.splitlines())


def test_from_cells_matches_the_file():
    nb = read_notebook(FIXTURE.read_text(encoding="utf-8"))
    again = Notebook.from_cells([(c.number, c.source) for c in nb.cells])
    assert again.source == nb.source
    assert [(d.cell, d.line, d.code) for d in again.lint("nb.ipynb")] == [(5, 4, "KG201"), (5, 4, "KG302")]


# -- reading without nbformat's import: the same notebook nbformat reads -----

JSON = st.recursive(st.none() | st.booleans() | st.integers(-2, 5) | st.text(max_size=4),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                    max_leaves=6)
_MISSING = object()


def field(valid):
    """A field as Jupyter writes it, or replaced with any JSON value, or left out."""
    return st.one_of(st.just(valid), st.just(valid), JSON, st.just(_MISSING))


def record(**fields):
    return st.fixed_dictionaries(fields).map(lambda d: {k: v for k, v in d.items() if v is not _MISSING})


OUTPUT = record(output_type=field("stream") | field("display_data") | field("execute_result"),
                text=field(["Epoch 1/5\n", "loss: 0.5"]), data=field({"text/plain": ["<Figure>"]}))
NB_CELL = record(cell_type=st.sampled_from(["code", "markdown", "raw"]) | JSON, metadata=field({}),
                 source=field(["import keras\n", "x = 1"]) | field("y = 2"),
                 attachments=st.just(_MISSING) | field({"a.png": {"image/png": "AAAA"}}),
                 outputs=field([]) | st.lists(OUTPUT, max_size=2))
NOTEBOOK = record(nbformat=field(4) | st.just(4.0), nbformat_minor=field(5), cells=field([]) | st.lists(NB_CELL, max_size=3),
                  metadata=field({"language_info": {"name": "python"}}))


def read_by_nbformat(text):
    """What reading with nbformat itself gives: (language, code cells) or the error's message."""
    from kgraphlint import notebook

    try:
        nb = notebook._read_with_nbformat(text)
        if nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
            return "not version 4 or no cells"
        return notebook._language(nb), notebook._code_cells(nb["cells"])
    except NotebookError as exc:
        return str(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOTEBOOK)
def test_reading_without_nbformat_is_reading_with_it(nb):
    from kgraphlint import notebook

    text = json.dumps(nb)
    plain = notebook._plain_v4(text)
    if plain is None:  # nbformat decides
        return
    expected = read_by_nbformat(text)
    assert not isinstance(expected, str), expected
    try:
        got = notebook._language(plain), notebook._code_cells(plain["cells"])
    except NotebookError as exc:
        got = str(exc)
    assert got == expected


def test_well_formed_notebooks_are_read_without_nbformat():
    from kgraphlint import notebook

    for text in (FIXTURE.read_text(encoding="utf-8"), notebook_text("x = 1", indent=2), notebook_text("%time f()")):
        assert notebook._plain_v4(text) is not None
        nb = read_notebook(text)
        assert (nb.language, nb.cells) == read_by_nbformat(text)
