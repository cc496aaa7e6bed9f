"""Shared helpers for the extractor tests."""

from __future__ import annotations

import textwrap

from kgraphlint.engine import analyze


def run(source: str, path: str = "t.py"):
    return analyze(textwrap.dedent(source), path)


def model(source: str, name: str | None = None):
    extraction = run(source)
    models = extraction.models if name is None else [m for m in extraction.models if m.name == name]
    assert models, [m.name for m in extraction.models]
    return models[0]


def rows(m) -> list:
    return [(n.name, n.cls, n.output_shape, n.params) for n in m.rows()]


def facts(source: str, code: str) -> list:
    return [f for f in run(source).facts if f.code == code]
