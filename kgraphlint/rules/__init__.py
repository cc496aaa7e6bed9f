"""The rule catalogue and the pure entry point ``lint_source``.

Each family module (structure KG1xx, shapes KG2xx, arguments KG3xx, style
KG4xx, migration KG6xx) lists its rule classes in ``RULES``; the registry is their union,
ordered by code. ``lint_source`` analyses a file once and runs every selected
rule over that one analysis.
"""

from __future__ import annotations

import traceback
from typing import Any

from ..diagnostics import Diagnostic
from ..graph import Span
from ..pyast import parse as python_ast
from . import api_calls, arguments, internal, migration, rewrite_available, shapes, structure, style, subclass_methods
from .base import Analysis, Context, Rule
from .noqa import Suppressions

REGISTRY: dict = {
    cls.code: cls()
    for cls in sorted(
        internal.RULES + structure.RULES + shapes.RULES + arguments.RULES + style.RULES
        + rewrite_available.RULES + migration.RULES + api_calls.RULES + subclass_methods.RULES,
        key=lambda c: c.code,
    )
}


def get_rule(code: str) -> Rule | None:
    return REGISTRY.get(code.upper())


def all_rules() -> list:
    return list(REGISTRY.values())


def default_codes() -> list:
    """Codes that run when nothing is selected (config's default ``select``)."""
    return [r.code for r in REGISTRY.values() if r.default_enabled]


def _selected(settings, code: str, path: str) -> bool:
    if settings is None:
        return REGISTRY[code].default_enabled
    return settings.is_selected(code, path)


def lint_source(source: str, path: str, settings=None, fix_edits: bool = True, modules=None,
                extraction: Any = None) -> list:
    """Every diagnostic for one file, sorted, after selection and ``# noqa``.

    ``fix_edits=False``: fixes say that they exist (applicability, message)
    without their edits, which some need libcst to make (``Analysis.fix``).
    ``modules`` (``kgraphlint.project.ProjectModules``): the project's own
    imports are followed through it.
    ``extraction``: the file's ``engine.analyze`` result when the caller has
    it already (the language server also hovers on it), so it is not redone.
    """
    syntax = _syntax_error(source, path)
    if syntax is not None:
        return [syntax] if _selected(settings, "KG001", path) else []
    analysis = Analysis(source, path, fix_edits=fix_edits)
    try:
        from ..engine import analyze

        # findings are sorted, so the models need no source order
        analysis.extraction = (extraction if extraction is not None
                               else analyze(source, path, ordered=False, modules=modules))
    except Exception as exc:
        return _internal(path, "the engine", exc) if _selected(settings, "KG000", path) else []
    if getattr(analysis.extraction, "syntax_error", None):
        return [_from_engine_syntax(analysis.extraction.syntax_error, path)]

    found = []
    crash = getattr(analysis.extraction, "internal_error", None)
    if crash and _selected(settings, "KG000", path):
        found.append(Context(REGISTRY["KG000"], path).report(Span(1, 1, 1, 1), crash))
    try:
        for rule in REGISTRY.values():
            if rule.code in ("KG000", "KG001") or not _selected(settings, rule.code, path):
                continue
            try:
                found.extend(rule.check(analysis, Context(rule, path)))
            except Exception as exc:
                if _selected(settings, "KG000", path):
                    found.extend(_internal(path, f"{rule.code} ({rule.name})", exc))
    finally:
        analysis.release()
    return _finish(found, source)


def _finish(found: list, source: str) -> list:
    if not found:
        return found  # most files: no need to tokenize for suppression comments
    suppressions = Suppressions(source)
    seen = set()
    out = []
    for d in sorted(found, key=Diagnostic.sort_key):
        key = (d.code, d.line, d.column, d.message)
        if key in seen or (d.code != "KG000" and suppressions.suppresses(d.code, d.line)):
            continue
        seen.add(key)
        out.append(d)
    return out


def _internal(path: str, what: str, exc: Exception) -> list:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
    rule = REGISTRY["KG000"]
    message = f"{what} crashed: {type(exc).__name__}: {exc}{where}; please report this. Other rules still ran."
    return [Context(rule, path).report(Span(1, 1, 1, 1), message)]


def _syntax_error(source: str, path: str) -> Diagnostic | None:
    try:
        python_ast(source)
    except SyntaxError as exc:
        line = exc.lineno or 1
        col = exc.offset or 1
        return Context(REGISTRY["KG001"], path).report(
            Span(line, col, line, col + 1), f"SyntaxError: {exc.msg}; this file was not checked"
        )
    except ValueError as exc:  # null bytes
        return Context(REGISTRY["KG001"], path).report(Span(1, 1, 1, 1), f"cannot parse: {exc}")
    return None


def _from_engine_syntax(error, path: str) -> Diagnostic:
    line = getattr(error, "line", None) or getattr(error, "raw_line", None) or getattr(error, "lineno", 1) or 1
    col = getattr(error, "column", None) or getattr(error, "raw_column", None) or getattr(error, "offset", 1) or 1
    message = getattr(error, "message", None) or str(error).splitlines()[0]
    return Context(REGISTRY["KG001"], path).report(Span(line, col, line, col + 1), f"SyntaxError: {message}")


__all__ = ["REGISTRY", "Analysis", "Context", "Rule", "all_rules", "get_rule", "lint_source"]
