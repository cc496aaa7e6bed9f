"""Applying fixes: pure text edits, a fix-until-stable loop, and the one
atomic writer every command that rewrites user files goes through."""

from __future__ import annotations

import ast
import os
import tempfile
from collections import Counter


class FileChangedError(Exception):
    """The file on disk is not the text the edits were computed from."""


def _offsets(text: str) -> list:
    """Offset of the start of each 1-based line (index 0 unused)."""
    starts = [0, 0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def apply_edits(text: str, edits) -> str:
    """Apply non-overlapping edits (1-based, end exclusive) to ``text``."""
    starts = _offsets(text)

    def offset(line, column):
        line = min(line, len(starts) - 1)
        return starts[line] + column - 1

    spans = sorted(((offset(e.line, e.column), offset(e.end_line, e.end_column), e.content) for e in edits), reverse=True)
    for start, end, content in spans:
        text = text[:start] + content + text[end:]
    return text


def applicable(fix, unsafe: bool) -> bool:
    return fix is not None and (fix.applicability == "safe" or (unsafe and fix.applicability == "unsafe"))


def apply_fixes(text: str, diagnostics, unsafe: bool = False) -> tuple:
    """One pass: apply every applicable fix that does not overlap an earlier one.

    Returns (new_text, applied diagnostics). A pass whose result does not
    parse is dropped entirely.
    """
    taken: list = []
    chosen = []
    edits = []
    for d in diagnostics:
        if not applicable(d.fix, unsafe):
            continue
        if d.fix.edits is None:
            raise ValueError(f"{d.code} at {d.line}:{d.column}: its fix was not built (lint with fix_edits=True)")
        ranges = [((e.line, e.column), (e.end_line, e.end_column)) for e in d.fix.edits]
        if any(a < y and x < b for a, b in ranges for x, y in taken) or any(
            a == b == x == y for a, b in ranges for x, y in taken
        ):
            continue  # overlaps; the next pass gets it
        taken.extend(ranges)
        chosen.append(d)
        edits.extend(d.fix.edits)
    if not chosen:
        return text, []
    new = apply_edits(text, edits)
    try:
        ast.parse(new)
    except (SyntaxError, ValueError):
        return text, []
    return new, chosen


def fix_source(source: str, path: str, settings=None, unsafe: bool = False, max_passes: int = 10) -> tuple:
    """Lint and fix until nothing applicable is left.

    Returns (fixed_text, Counter of applied codes, remaining diagnostics).
    """
    from .rules import lint_source

    applied: Counter = Counter()
    diagnostics = lint_source(source, path, settings)
    for _ in range(max_passes):
        new, chosen = apply_fixes(source, diagnostics, unsafe)
        if not chosen or new == source:
            break
        applied.update(d.code for d in chosen)
        source = new
        diagnostics = lint_source(source, path, settings)
    return source, applied, diagnostics


def write_atomic(path: str, new_text: str, expected_old_text: str) -> None:
    """Replace ``path`` with ``new_text`` via a temp file and ``os.replace``.

    Refuses (FileChangedError) when the file no longer holds
    ``expected_old_text``: someone edited it since we read it.
    """
    with open(path, encoding="utf-8", newline="") as f:
        if f.read() != expected_old_text:
            raise FileChangedError(f"{path} changed on disk since it was read; not writing")
    directory = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=".kgraphlint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(new_text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
