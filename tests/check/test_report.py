import json
import pathlib

import jsonschema
import pytest

from kgraphlint.diagnostics import Diagnostic, Edit, Fix
from kgraphlint.report import Sources, render
from kgraphlint.report.ci import escape_data, escape_property

SCHEMA = pathlib.Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json"
SOURCE = "from keras import layers\nx = layers.Dense(10)(inp)\nx = layers.Dense(10)(inp)\n"


def make(code="KG201", severity="warning", line=2, message="Dense(10) receives (None, 28, 28): add Flatten()?", fix=None, path="pkg/m.py"):
    return Diagnostic(code, "dense-rank", severity, message, path, line, 5, line, 21, model="model", fix=fix)


@pytest.fixture
def sources():
    return Sources({"pkg/m.py": SOURCE})


def test_concise_and_full(sources):
    fix = Fix("safe", "Rename", (Edit(2, 5, 2, 6, "y"),))
    text = render("concise", [make(fix=fix)], sources)
    assert text == "pkg/m.py:2:5: KG201 [*] Dense(10) receives (None, 28, 28): add Flatten()?\n"
    full = render("full", [make()], sources)
    assert "2 | x = layers.Dense(10)(inp)" in full
    assert "  |     " + "^" * 16 + " KG201" in full


def test_json_fields(sources):
    fix = Fix("unsafe", "Use sigmoid", (Edit(2, 5, 2, 6, "y"),))
    (row,) = json.loads(render("json", [make(fix=fix)], sources))
    assert set(row) == {"code", "name", "severity", "message", "path", "cell", "line", "column", "end_line",
                        "end_column", "model", "fix"}
    assert row["cell"] is None  # set for a finding in a notebook cell
    assert row["path"] == "pkg/m.py" and row["fix"]["applicability"] == "unsafe"
    assert row["fix"]["edits"] == [{"content": "y", "line": 2, "column": 5, "end_line": 2, "end_column": 6}]


def test_github_escaping_order_and_limit(sources):
    assert escape_data("50%\r\nx") == "50%25%0D%0Ax"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"
    diags = [make(severity="warning")] + [make(code="KG203", severity="error", message="a, b: 100%\nnext")]
    lines = render("github", diags, sources).splitlines()
    assert lines[0] == ("::error file=pkg/m.py,line=2,col=5,endLine=2,endColumn=21,"
                        "title=kgraphlint (KG203)::KG203 a, b: 100%25%0Anext")
    assert lines[1].startswith("::warning ") and len(lines) == 2
    many = render("github", [make(severity="error")] * 11, sources).splitlines()
    assert "GitHub shows only 10 errors and 10 warnings" in many[-1] and not many[-1].startswith("::")
    info = render("github", [make(severity="info")], sources)
    assert info.startswith("::notice ")


def test_sarif_valid_and_fingerprints_stable(sources):
    schema = json.loads(SCHEMA.read_text())
    diags = [make(), make(line=3), make(code="KG105", severity="info")]
    log = json.loads(render("sarif", diags, sources))
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("pkg/m.py")
    assert {r["level"] for r in run["results"]} == {"warning", "note"}
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "KG201")
    assert "Flatten" in rule["help"]["markdown"]
    prints = [r["partialFingerprints"]["kgraphlint/v1"] for r in run["results"]]
    assert len(set(prints)) == 3  # same line text twice: the occurrence index tells them apart
    moved = Sources({"pkg/m.py": "import os\n\n" + SOURCE})
    shifted = [make(line=4), make(line=5), make(code="KG105", severity="info", line=4)]
    again = json.loads(render("sarif", shifted, moved))["runs"][0]["results"]
    assert [r["partialFingerprints"]["kgraphlint/v1"] for r in again] == prints


def test_gitlab(sources):
    rows = json.loads(render("gitlab", [make(), make(line=3), make(severity="error")], sources))
    assert len({r["fingerprint"] for r in rows}) == 3
    assert rows[0]["location"] == {"path": "pkg/m.py", "lines": {"begin": 2, "end": 2}}
    assert {r["severity"] for r in rows} == {"minor", "major"}
    assert set(rows[0]) == {"description", "check_name", "fingerprint", "severity", "location"}
