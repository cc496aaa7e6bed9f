"""Output formats. ``render`` turns diagnostics into the text one format
prints; every formatter is a function ``(diagnostics, sources) -> str``.

``sources`` maps a diagnostic's path to the file's text (for source lines
in ``full`` and for fingerprints); missing files read as empty.
"""

from __future__ import annotations

import os

from . import ci, text

FORMATS = {
    "concise": text.concise,
    "full": text.full,
    "json": ci.json_format,
    "github": ci.github,
    "sarif": ci.sarif,
    "gitlab": ci.gitlab,
}


def relative(path: str, root: str | None = None) -> str:
    """``path`` relative to ``root`` (the current directory), with ``/``."""
    root = root or os.getcwd()
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, root)
    if rel.startswith(".."):
        rel = absolute
    return rel.replace(os.sep, "/")


class Sources(dict):
    """path -> text, read from disk on first use."""

    def __missing__(self, path):
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            text = ""
        self[path] = text
        return text

    def line(self, path: str, line: int) -> str:
        lines = self[path].splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def render(fmt: str, diagnostics, sources: Sources | None = None) -> str:
    return FORMATS[fmt](list(diagnostics), sources if sources is not None else Sources())
