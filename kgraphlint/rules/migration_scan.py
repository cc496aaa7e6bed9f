"""One walk over a file's imports, assignments and calls for the whole KG6xx family."""

from __future__ import annotations

from ..diagnostics import Edit
from ..graph import Span
from .keras_calls import keras_names, spell
from .migration_calls import CallFindings
from .migration_imports import ImportFindings
from .migration_syntax import Finding


class Scan(ImportFindings, CallFindings):
    """Every legacy spelling of one file: its imports, then its calls."""

    def __init__(self, analysis):
        self.analysis = analysis
        self.text = analysis.text
        self.tree = analysis.tree
        self.names: dict = {}  # local name -> dotted path it was imported as
        self._dotted: dict = {}  # id(expression) -> dotted(), once the imports are read
        self.findings: list = []
        self.roots: dict = {}  # Keras flavour -> first line importing it
        # A removed name -> the names its fixed calls use; None once a call has no fix.
        self.replacements: dict = {}
        # The file's one shared walk, in source order.
        walked = keras_names(analysis)
        self.import_nodes, self.try_nodes, self.call_nodes = walked.imports, walked.tries, walked.calls
        self.assigned = walked.assigned  # (name, value, Assign node), for the names bound to models and layers
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
        key = id(expr)  # several checks ask for the same callee; the tree outlives the scan
        if key not in self._dotted:
            self._dotted[key] = spell(expr, self.names)
        return self._dotted[key]


def scan(analysis) -> Scan:
    """The file's scan, made once and shared by every rule of the family."""
    cached = analysis.__dict__.get("_migration_scan")
    if cached is None:
        cached = analysis.__dict__["_migration_scan"] = Scan(analysis)
    return cached
