"""One walk over a file's imports, assignments and calls for the whole KG6xx family."""

from __future__ import annotations

import ast

from ..diagnostics import Edit
from ..graph import Span
from .migration_calls import CallFindings
from .migration_imports import ImportFindings
from .migration_syntax import Finding, nodes_by_kind


class Scan(ImportFindings, CallFindings):
    """Every legacy spelling of one file: its imports, then its calls."""

    def __init__(self, analysis):
        self.analysis = analysis
        self.text = analysis.text
        self.tree = analysis.tree
        self.names: dict = {}  # local name -> dotted path it was imported as
        self.findings: list = []
        self.roots: dict = {}  # Keras flavour -> first line importing it
        # A removed name -> the names its fixed calls use; None once a call has no fix.
        self.replacements: dict = {}
        # One walk for the four kinds of node the rules read.
        self.import_nodes, self.try_nodes, self.call_nodes, self.assign_nodes = [], [], [], []
        kinds = {ast.Import: self.import_nodes, ast.ImportFrom: self.import_nodes, ast.Try: self.try_nodes,
                 ast.Call: self.call_nodes, ast.Assign: self.assign_nodes}
        nodes_by_kind(self.tree, kinds)
        self._imports()
        self._bind_objects()
        self._calls()
        self._removed_imports()
        self._mixed()

    def span(self, node, part: str = "") -> Span:
        line, column, end_line, end_column = self.text.position(node, part)
        return Span(line, column, end_line, end_column)

    def edit(self, node, content: str, part: str = "") -> Edit:
        s = self.span(node, part)
        return Edit(s.line, s.column, s.end_line, s.end_column, content)

    def add(self, code, node, message, fix=None, part=""):
        self.findings.append(Finding(code, self.span(node, part), message, fix))

    def dotted(self, expr) -> str | None:
        """The imported path a name or attribute chain stands for (``L.Dense`` ->
        ``keras.layers.Dense``), or None for names not bound by an import."""
        parts = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name) or expr.id not in self.names:
            return None
        return ".".join([self.names[expr.id], *reversed(parts)])


def scan(analysis) -> Scan:
    """The file's scan, made once and shared by every rule of the family."""
    cached = analysis.__dict__.get("_migration_scan")
    if cached is None:
        cached = analysis.__dict__["_migration_scan"] = Scan(analysis)
    return cached
