"""Output formats. ``render`` turns diagnostics into the text one format
prints; every formatter is a function ``(diagnostics, sources) -> str``.

``sources`` maps a diagnostic's path to the file's text (for source lines
in ``full`` and for fingerprints); missing files read as empty. A notebook's
findings carry ``cell`` and lines within it: ``concise``/``full`` print
``nb.ipynb:cell 4:3:5:``, ``json`` has ``cell``, and the formats that can only
name lines of a file (GitHub, SARIF, GitLab) point at the line of the
``.ipynb`` JSON that holds the cell's line (``Sources.file_region``).
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._notebooks: dict = {}  # path -> Notebook, parsed from the text held

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

    def line_of(self, d) -> str:
        """The source line a diagnostic points at, in its cell for a notebook."""
        notebook = self.notebook(d.path) if d.cell is not None else None
        if notebook is None:
            return self.line(d.path, d.line)
        from ..notebook import split_lines

        cell = next((c for c in notebook.cells if c.number == d.cell), None)
        lines = split_lines(cell.source) if cell else []
        return lines[d.line - 1].rstrip("\r\n") if 0 < d.line <= len(lines) else ""

    def notebook(self, path: str):
        """The parsed notebook at ``path`` (None if it cannot be read), kept per text."""
        text = self[path]
        cached = self._notebooks.get(path)
        if cached is not None and cached.text is text:
            return cached
        from ..notebook import NotebookError, read_notebook

        try:
            notebook = read_notebook(text)
        except NotebookError:
            return None
        self._notebooks[path] = notebook
        return notebook

    def file_region(self, d) -> tuple:
        """(line, column, end_line, end_column) of a diagnostic in the file itself:
        for a notebook, inside the JSON strings that hold the cell's characters."""
        end_line, end_column = max(d.end_line, d.line), max(d.end_column, 1)
        notebook = self.notebook(d.path) if d.cell is not None else None
        if notebook is None:
            return d.line, d.column, end_line, end_column
        try:
            start = notebook.file_position(d.cell, d.line, d.column)
            end = notebook.file_position(d.cell, end_line, end_column)
        except ValueError:  # the file changed under us: its first line is still in it
            return 1, 1, 1, 1
        return (*start, *max(start, end))


def render(fmt: str, diagnostics, sources: Sources | None = None) -> str:
    return FORMATS[fmt](list(diagnostics), sources if sources is not None else Sources())
