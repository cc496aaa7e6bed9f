"""Machine formats: json, GitHub workflow commands, SARIF 2.1.0, GitLab Code Quality."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter

from .. import __version__

GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
GITHUB_LIMIT = 10  # annotations shown per level per step


def _edit(e) -> dict:
    return {"content": e.content, "line": e.line, "column": e.column, "end_line": e.end_line, "end_column": e.end_column}


def json_format(diagnostics, sources) -> str:
    from . import relative

    rows = [
        {
            "code": d.code,
            "name": d.name,
            "severity": d.severity,
            "message": d.message,
            "path": relative(d.path),
            "cell": d.cell,
            "line": d.line,
            "column": d.column,
            "end_line": d.end_line,
            "end_column": d.end_column,
            "model": d.model,
            "fix": None if d.fix is None else {
                "applicability": d.fix.applicability,
                "message": d.fix.message,
                "edits": [_edit(e) for e in d.fix.edits],
            },
        }
        for d in diagnostics
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics, sources) -> str:
    from . import relative

    order = {"error": 0, "warning": 1, "info": 2}
    lines = []
    for d in sorted(diagnostics, key=lambda d: (order.get(d.severity, 3), d.sort_key())):
        line, column, end_line, end_column = sources.file_region(d)
        props = (
            f"file={escape_property(relative(d.path))},line={line},col={column},"
            f"endLine={end_line},endColumn={end_column},title={escape_property(f'kgraphlint ({d.code})')}"
        )
        message = f"{_in_cell(d)}{d.code} {d.message}"
        lines.append(f"::{GITHUB_LEVEL.get(d.severity, 'warning')} {props}::{escape_data(message)}")
    counts = Counter(GITHUB_LEVEL.get(d.severity, "warning") for d in diagnostics)
    if any(n > GITHUB_LIMIT for n in counts.values()):
        found = ", ".join(f"{counts[k]} {k}s" for k in ("error", "warning", "notice") if counts[k])
        lines.append(
            f"kgraphlint found {found}; GitHub shows only {GITHUB_LIMIT} errors and {GITHUB_LIMIT} warnings "
            f"(and {GITHUB_LIMIT} notices) per step, so some are not annotated: run with "
            f"--output-format=full or upload SARIF to see them all"
        )
    return "".join(line + "\n" for line in lines)


def _in_cell(d) -> str:
    """Formats that point at lines of the .ipynb file say the cell position in words."""
    from .text import cell_prefix

    return f"{cell_prefix(d)}{d.line}:{d.column}: " if d.cell is not None else ""


def fingerprints(diagnostics, sources, root=None) -> list:
    """Stable per-diagnostic hashes: code + path + stripped line text + the
    occurrence index among identical (code, path, text), not the line number."""
    seen: Counter = Counter()
    out = []
    for d in diagnostics:
        path = _repo_relative(d.path, root)
        text = sources.line_of(d).strip()
        key = (d.code, path, text)
        index = seen[key]
        seen[key] += 1
        out.append(hashlib.sha256("\0".join((d.code, path, text, str(index))).encode()).hexdigest())
    return out


def repo_root(start: str | None = None) -> str:
    here = os.path.abspath(start or os.getcwd())
    probe = here
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return here
        probe = parent


def _repo_relative(path: str, root: str | None) -> str:
    root = root or repo_root()
    rel = os.path.relpath(os.path.abspath(path), root)
    return rel.replace(os.sep, "/")


def _sarif_rule(rule) -> dict:
    from ..rules.docs import page, section

    text = page(rule) or ""
    full = section(text, "What it does") or rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "help": {"text": full, "markdown": text or full},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {"tags": [rule.name]},
    }


def sarif(diagnostics, sources) -> str:
    from urllib.parse import quote

    from ..rules import all_rules

    root = repo_root()
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for d, fp in zip(diagnostics, fingerprints(diagnostics, sources, root)):
        line, column, end_line, end_column = sources.file_region(d)
        result = {
            "ruleId": d.code,
            "level": SARIF_LEVEL.get(d.severity, "warning"),
            "message": {"text": _in_cell(d) + d.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(_repo_relative(d.path, root)), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column},
                }
            }],
            "partialFingerprints": {"kgraphlint/v1": fp},
        }
        if d.cell is not None:
            result["properties"] = {"cell": d.cell, "cellLine": d.line, "cellColumn": d.column}
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kgraphlint",
                "version": __version__,
                "rules": [_sarif_rule(r) for r in rules],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": "file://" + quote(root.rstrip("/") + "/")}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def gitlab(diagnostics, sources) -> str:
    from . import relative

    used = set()
    rows = []
    for d, fp in zip(diagnostics, fingerprints(diagnostics, sources)):
        while fp in used:  # identical hashes cannot happen by construction; stay unique anyway
            fp = hashlib.sha256(fp.encode()).hexdigest()
        used.add(fp)
        line, _, end_line, _ = sources.file_region(d)
        rows.append({
            "description": f"{_in_cell(d)}{d.code} {d.message}",
            "check_name": d.code,
            "fingerprint": fp,
            "severity": GITLAB_SEVERITY.get(d.severity, "minor"),
            "location": {"path": relative(d.path), "lines": {"begin": line, "end": end_line}},
        })
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
