"""Notebooks end to end: `check` (every output format, --fix, --diff, bad
input), `summary`, `graph` and `rewrite` on the fixture notebook."""

import json
import os
import shutil
from pathlib import Path

import jsonschema
import nbformat
import pytest
from cli_runner import CliRunner

from kgraphlint.cli import cli

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "fixtures" / "notebooks" / "fashion_mnist.ipynb"
SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
TYPO_LINE = "    \"model.add(keras.layers.Dense(100, activaiton='sigmoid'))  # 은닉층\""


def run(*args, cwd):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)


@pytest.fixture
def project(tmp_path):
    shutil.copy(NOTEBOOK, tmp_path / "fashion.ipynb")
    return tmp_path


def test_check_discovers_the_notebook_and_reports_both_findings_in_cells(project):
    result = run("check", "--no-cache", cwd=project)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("fashion.ipynb:cell 5:4:11: KG201 Dense(100) receives (None, 28, 28)")
    assert lines[1].startswith("fashion.ipynb:cell 5:4:35: KG302 [*] Dense() does not accept `activaiton=`")
    assert "KG001" not in result.stdout  # %%time, !pip, %matplotlib and `Dense?` are not syntax errors
    full = run("check", "--no-cache", "--output-format", "full", cwd=project).stdout
    assert "4 | model.add(keras.layers.Dense(100, activaiton='sigmoid'))  # 은닉층" in full


def test_json_gives_the_cell_and_the_line_within_it(project):
    rows = json.loads(run("check", "--no-cache", "--output-format", "json", cwd=project).stdout)
    assert [(r["code"], r["cell"], r["line"], r["column"]) for r in rows] == [("KG201", 5, 4, 11), ("KG302", 5, 4, 35)]
    assert rows[1]["fix"]["edits"] == [{"content": "activation", "line": 4, "column": 35, "end_line": 4,
                                        "end_column": 45}]


def test_ci_formats_point_at_the_notebooks_own_lines(project):
    file_lines = (project / "fashion.ipynb").read_text(encoding="utf-8").splitlines()
    row = file_lines.index(TYPO_LINE) + 1
    column = TYPO_LINE.index("activaiton") + 1
    github = run("check", "--no-cache", "--output-format", "github", cwd=project).stdout.splitlines()
    assert github[0] == (f"::error file=fashion.ipynb,line={row},col={column},endLine={row},"
                         f"endColumn={column + len('activaiton')},title=kgraphlint (KG302)::cell 5:4:35: KG302 "
                         "Dense() does not accept `activaiton=`; Keras raises an error when constructing it; "
                         "did you mean `activation=`?")
    log = json.loads(run("check", "--no-cache", "--output-format", "sarif", cwd=project).stdout)
    jsonschema.validate(log, json.loads(SCHEMA.read_text()))
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "KG302")
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("fashion.ipynb")
    assert (location["region"]["startLine"], location["region"]["startColumn"]) == (row, column)
    assert result["properties"] == {"cell": 5, "cellLine": 4, "cellColumn": 35}
    assert result["message"]["text"].startswith("cell 5:4:35: ")
    gitlab = json.loads(run("check", "--no-cache", "--output-format", "gitlab", cwd=project).stdout)
    assert {(g["location"]["path"], g["location"]["lines"]["begin"]) for g in gitlab} == {("fashion.ipynb", row)}
    assert len({g["fingerprint"] for g in gitlab}) == 2


def test_fix_repairs_the_keyword_and_changes_nothing_else(project):
    path = project / "fashion.ipynb"
    before = path.read_text(encoding="utf-8")
    result = run("check", "--no-cache", "--fix", cwd=project)
    assert result.exit_code == 1  # KG201 has no fix and remains
    assert "fashion.ipynb:cell 5:4:11: KG201" in result.stdout and "1 fixed, 1 remaining" in result.stdout
    after = path.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [(TYPO_LINE, TYPO_LINE.replace("activaiton", "activation"))]
    assert len(before) == len(after) and after.endswith("}\n")
    nbformat.validate(nbformat.reads(after, as_version=nbformat.NO_CONVERT))
    old, new = json.loads(before), json.loads(after)
    for a, b in zip(old["cells"], new["cells"]):  # outputs, metadata, execution counts untouched
        assert {k: v for k, v in a.items() if k != "source"} == {k: v for k, v in b.items() if k != "source"}
    run("check", "--no-cache", "--fix", cwd=project)
    assert path.read_text(encoding="utf-8") == after  # idempotent


def test_diff_shows_the_changed_cell_only(project):
    before = (project / "fashion.ipynb").read_bytes()
    result = run("check", "--no-cache", "--diff", cwd=project)
    assert result.stdout.startswith("--- a/fashion.ipynb:cell 5\n+++ b/fashion.ipynb:cell 5\n")
    assert "+model.add(keras.layers.Dense(100, activation='sigmoid'))" in result.stdout
    assert (project / "fashion.ipynb").read_bytes() == before


def test_cached_results_keep_their_cells(project):
    first = run("check", "--cache-dir", str(project / "cache"), "--output-format", "json", cwd=project).stdout
    second = run("check", "--cache-dir", str(project / "cache"), "--output-format", "json", cwd=project).stdout
    assert first == second and json.loads(second)[0]["cell"] == 5


MALFORMED = {
    "broken.ipynb": ('{\n "cells": [\n  {"cell_type": "code",\n', "not a notebook: invalid JSON"),
    "nocells.ipynb": ('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "missing an expected key: cells"),
    "old.ipynb": ('{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": []}]}',
                  "nbformat 3 notebook"),
}


def test_malformed_notebooks_are_reported_and_the_other_files_checked(project):
    for name, (text, _) in MALFORMED.items():
        (project / name).write_text(text, encoding="utf-8")
    (project / "latin1.ipynb").write_bytes('{"cells": ["가"]}'.encode("euc-kr"))
    shutil.copy(ROOT / "fixtures" / "rules" / "KG201" / "fire_sequential.py", project / "dense.py")
    result = run("check", "--no-cache", "--output-format", "json", cwd=project)
    assert result.exit_code == 1 and "Traceback" not in result.output
    rows = json.loads(result.stdout)
    for name, (_, message) in MALFORMED.items():
        (row,) = [r for r in rows if r["path"] == name]
        assert row["code"] == "KG001" and message in row["message"] and row["cell"] is None
    assert {r["code"] for r in rows if r["path"] in ("dense.py", "fashion.ipynb")} == {"KG201", "KG302"}
    (latin1,) = [r for r in rows if r["path"] == "latin1.ipynb"]
    assert latin1["code"] == "KG001" and "invalid UTF-8" in latin1["message"]
    broken = next(r for r in rows if r["path"] == "broken.ipynb")
    assert (broken["line"], broken["column"]) == (4, 1)


def test_a_notebook_without_keras_or_in_another_language_is_clean(tmp_path):
    plain = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("%matplotlib inline\nprint(1)")])
    (tmp_path / "plain.ipynb").write_text(nbformat.writes(plain), encoding="utf-8")
    r = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("library(keras)\nmodel <- keras_model_sequential()")],
                                 metadata={"language_info": {"name": "R"}})
    (tmp_path / "r.ipynb").write_text(nbformat.writes(r), encoding="utf-8")
    result = run("check", "--no-cache", cwd=tmp_path)
    assert result.exit_code == 0 and result.stderr == "", result.output


def test_summary_and_graph_read_the_notebook(project):
    text = run("summary", "fashion.ipynb", cwd=project)
    assert text.exit_code == 0
    assert 'Model: "sequential"  (model, sequential, fashion.ipynb:cell 5:2)' in text.stdout
    assert "Total params: 3,910" in text.stdout
    (model,) = json.loads(run("summary", "--format", "json", "fashion.ipynb", cwd=project).stdout)["models"]
    assert (model["cell"], model["line"], model["total_params"]) == (5, 2, 3910)
    assert [(layer["cell"], layer["line"]) for layer in model["layers"]] == [(5, 4), (6, 1)]
    graph = run("graph", "fashion.ipynb", cwd=project)
    assert graph.exit_code == 0 and "(None, 28, 100)" in graph.stdout
    (project / "bad.ipynb").write_text("{", encoding="utf-8")
    bad = run("summary", "bad.ipynb", cwd=project)
    assert bad.exit_code == 2 and "invalid JSON" in bad.stderr and "Traceback" not in bad.output


def test_rewrite_writes_only_the_changed_cells(project):
    path = project / "fashion.ipynb"
    before = json.loads(path.read_text(encoding="utf-8"))
    shown = run("rewrite", "--to", "functional", "fashion.ipynb", cwd=project)
    assert shown.exit_code == 0, shown.output
    assert "--- a/fashion.ipynb:cell 5" in shown.stdout and "cell 5:line 2: sequential model `model`" in shown.stderr
    written = run("rewrite", "--to", "functional", "--write", "fashion.ipynb", cwd=project)
    assert written.exit_code == 0, written.output
    text = path.read_text(encoding="utf-8")
    nbformat.validate(nbformat.reads(text, as_version=nbformat.NO_CONVERT))
    after = json.loads(text)
    changed = [i for i, (a, b) in enumerate(zip(before["cells"], after["cells"])) if a != b]
    assert changed == [4, 5]  # cells 5 and 6 (1-based): the model's statements
    for a, b in zip(before["cells"], after["cells"]):
        assert {k: v for k, v in a.items() if k != "source"} == {k: v for k, v in b.items() if k != "source"}
    assert after["cells"][4]["source"][0] == "%%time\n"  # the magic is kept
    summary = json.loads(run("summary", "--format", "json", "fashion.ipynb", cwd=project).stdout)
    assert summary["models"][0]["kind"] == "functional" and summary["models"][0]["total_params"] == 3910


def test_rewrite_goes_on_past_an_unreadable_notebook(project):
    (project / "a_broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    result = run("rewrite", "--to", "functional", "--write", ".", cwd=project)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "a_broken.ipynb:1:12: not a notebook: invalid JSON" in result.stderr
    assert "keras.Model(" in (project / "fashion.ipynb").read_text(encoding="utf-8")


def test_summary_places_what_is_not_exact_in_its_cell(tmp_path):
    branch = ("inputs = keras.Input(shape=(32,))\nif random.random() > 0.5:\n    x = keras.layers.Dense(8)(inputs)\n"
              "else:\n    x = keras.layers.Dense(16)(inputs)\nmodel = keras.Model(inputs, x)")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import random\nfrom tensorflow import keras"),
                                         nbformat.v4.new_code_cell(branch)])
    (tmp_path / "branch.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    text = run("summary", "branch.ipynb", cwd=tmp_path).stdout
    assert "  cell 2, line 2: the condition `random.random() > 0.5` is not known statically" in text
    (model,) = json.loads(run("summary", "--format", "json", "branch.ipynb", cwd=tmp_path).stdout)["models"]
    assert [(r["cell"], r["line"]) for r in model["unknown_reasons"]] == [(2, 2)] and not model["exact"]
