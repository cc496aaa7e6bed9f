"""State shared by the rewriters of one file: positions, imports, fresh names,
and the statement replacements they plan (applied in one pass at the end)."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from ..pyast import parse_cst
from .imports import ImportPlan
from .names import Imports, reads


@dataclass
class Outcome:
    model: str  # variable, function or class the model is bound to
    line: int
    kind: str  # what it was: sequential | functional | subclass
    to: str
    rewritten: bool
    reason: str | None = None
    located: str = "extractor"  # or "imports": found by our import fallback, not by the extractor

    def describe(self) -> str:
        where = f"line {self.line}: {self.kind} model `{self.model}`"
        if self.rewritten:
            return f"{where} rewritten to {self.to}"
        return f"{where} not rewritten: {self.reason}"


def located(ir) -> str:
    return "imports" if ir is True else "extractor"


class Refused(Exception):
    """A model this rewrite cannot express faithfully; the message says why."""


class Context:
    def __init__(self, source: str, input_shape=None, analysis=None):
        self.source = source
        self.module = parse_cst(source)
        wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
        self.positions = wrapper.resolve(PositionProvider)
        self.imports = Imports(self.module)
        self.import_plan = ImportPlan(self.imports)
        self.scope_used: dict = {}  # id(scope) -> names taken there (read, bound or generated)
        self.input_shape = input_shape  # tuple from --input-shape, or None
        self.analysis = analysis  # the engine's Extraction (models located, shapes inferred) or None
        self.by_call = {}  # (line, column) of the Sequential(/Model( call, or class line -> ModelIR
        for ir in getattr(analysis, "models", None) or []:
            self.by_call[(ir.span.line, ir.span.column if ir.kind != "subclass" else 0)] = ir
        self.replacements: dict = {}  # id(stmt) -> list of statements (may be empty)
        self.after: dict = {}  # id(stmt) -> statements to insert after it

    def line(self, node) -> int:
        return self.positions[node].start.line

    def column(self, node) -> int:
        return self.positions[node].start.column

    def model_ir(self, node, kind: str):
        """The extractor's ModelIR for this call (or class) if it is a ``kind`` model;
        True when only the imports say so (the extractor did not reach this code,
        e.g. a method of a test class); None when it is not a ``kind`` model."""
        key = (self.line(node), 0 if kind == "subclass" else self.column(node) + 1)
        ir = self.by_call.get(key)
        if ir is not None:
            return ir if ir.kind == kind else None
        if isinstance(node, cst.ClassDef):
            found = "model" if any(self.imports.kind(b.value) == "model" for b in node.bases) else None
            return True if found and kind == "subclass" else None
        return True if self.imports.kind(node.func) == {"functional": "model"}.get(kind, kind) else None

    def code(self, node) -> str:
        return self.module.code_for_node(node)

    def fresh(self, names: list, prefix: str, scope=None) -> list:
        """``names`` if none is taken in ``scope`` (a function, else the whole file),
        else ``prefix_``-ed (then numbered). A function's locals cannot clash with
        another function's, and any global it reads is in its own reads."""
        scope = scope if scope is not None else self.module
        used = self.scope_used.get(id(scope))
        if used is None:
            used = self.scope_used[id(scope)] = reads(scope)  # keywords and attributes do not clash
        candidates = [names, [f"{prefix}_{n}" for n in names]]
        n = 2
        while True:
            for group in candidates:
                if not any(g in used for g in group):
                    used.update(group)
                    if scope is not self.module:
                        self.scope_used.setdefault(id(self.module), reads(self.module)).update(group)
                    return group
            candidates = [[f"{prefix}_{g}_{n}" for g in names]]
            n += 1

    def blocks(self):
        """(enclosing function, statement list) for every block; None at module level."""
        stack = [(self.module, None)]
        while stack:
            node, owner = stack.pop()
            if isinstance(node, cst.FunctionDef):
                owner = node
            if isinstance(node, (cst.Module, cst.IndentedBlock)):
                yield owner, node.body
            stack.extend((child, owner) for child in reversed(node.children))
