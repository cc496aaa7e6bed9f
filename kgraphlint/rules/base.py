"""What a rule sees and how it reports: the ``Rule`` contract, the per-file
``Analysis`` (one parse, one inference, shared by every rule) and helpers to
turn spans and nodes into diagnostics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from ..diagnostics import Diagnostic, Fix
from ..graph import Span


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""  # kebab-case
    severity: ClassVar[str] = "error"  # error | warning | info
    summary: ClassVar[str] = ""  # one line, for `rule --all` and SARIF
    fixable: ClassVar[str | None] = None  # None | "safe" | "unsafe" | "sometimes"
    default_enabled: ClassVar[bool] = True  # False: runs only when selected explicitly

    def check(self, analysis: Analysis, context: Context) -> Iterable[Diagnostic]:
        return ()


@dataclass
class Analysis:
    """Everything known about one file; rules read, never mutate."""

    source: str
    path: str
    extraction: object = None
    #: build each fix's edits; False: only say that a fix exists (its
    #: applicability and message), so that a plain ``check`` never loads libcst
    fix_edits: bool = True

    @cached_property
    def lines(self) -> list:
        return self.source.splitlines()

    @property
    def models(self) -> list:
        return list(getattr(self.extraction, "models", None) or [])

    @property
    def facts(self) -> list:
        return list(getattr(self.extraction, "facts", None) or [])

    def facts_with(self, code: str) -> list:
        found = [f for f in self.facts if f.code == code]
        for model in self.models:
            found += [f for f in getattr(model, "findings", []) if f.code == code]
        return found

    @cached_property
    def tree(self):
        """Python's ``ast`` of the file (the one extraction read, when it ran)."""
        tree = getattr(self.extraction, "tree", None)
        if tree is None:
            from ..pyast import parse

            tree = parse(self.source)
        return tree

    @cached_property
    def text(self):
        """Character positions and source text of ``ast`` nodes."""
        from ..pyast import SourceText

        return SourceText(self.source)

    @cached_property
    def syntax(self):
        """Calls, keywords and statements found by position on ``ast``."""
        from .locate import AstIndex

        return AstIndex(self.tree, self.text)

    def fix(self, applicability: str, message: str, build) -> Fix | None:
        """A fix whose edits ``build()`` makes (with libcst) only when they are
        wanted; else a fix without edits, for the `[*]` marker and the count.
        Call it only once the fix is known to exist."""
        if not self.fix_edits:
            return Fix(applicability, message, None)
        edits = build()
        return Fix(applicability, message, tuple(edits)) if edits else None

    @cached_property
    def module(self):
        """The libcst module, parsed only when a fix needs exact edits."""
        from ..pyast import parse_cst

        return parse_cst(self.source)

    @cached_property
    def cst(self):
        """Exact syntax for fixes; a file libcst cannot take gets an index
        that finds nothing, so its findings come without fixes."""
        from .cst import CstIndex, NoCst

        try:
            return CstIndex(self.module)
        except Exception:  # pyast.TooDeepForCst, or libcst refusing what Python's parser took
            return NoCst()

    def release(self) -> None:
        """Drop the trees and the shared walks rules cached here. Some of them
        point back at the analysis; left as a cycle, the file's whole syntax
        tree would wait for the garbage collector, which then walks all of it."""
        for model in self.models:
            model.release()
        self.__dict__.clear()

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


@dataclass
class Context:
    """Binds a rule to a file so ``report`` fills code, name, severity, path."""

    rule: Rule
    path: str
    extra: dict = field(default_factory=dict)

    def report(self, span: Span | None, message: str, *, model=None, fix: Fix | None = None) -> Diagnostic:
        span = span or Span(1, 1, 1, 1)
        return Diagnostic(
            code=self.rule.code,
            name=self.rule.name,
            severity=self.rule.severity,
            message=message,
            path=self.path,
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            model=getattr(model, "name", model),
            fix=fix,
        )


def node_span(node, prefer_call: bool = True) -> Span | None:
    """Where to point for a node: its call (functional) or its construction."""
    if prefer_call and node.call_span is not None:
        return node.call_span
    return node.span or node.call_span


def iter_nodes(analysis: Analysis):
    """(model, node) for every node of every top-level model."""
    for model in analysis.models:
        for node in model.nodes():
            yield model, node


def after_invalid_arguments(analysis: Analysis, models=None) -> set:
    """(id(model), node id) of every node after a layer whose arguments Keras
    rejects (KG302/KG303): Keras stops at that layer, so what flows out of
    it is a guess, and the shape rules say nothing about it. (What flows
    into the layer itself is still known.)"""
    spans = [f.span for code in ("KG302", "KG303") for f in analysis.facts_with(code) if f.span is not None]
    found = set()
    for model in analysis.models if models is None else models:
        for node in model.nodes():
            invalid = getattr(node.error, "kind", None) in ("argument", "value")
            if invalid or (node.span is not None and any(_within(s, node.span) for s in spans)):
                found |= {(id(model), n) for n in _descendants(model, node.id)}
    return found


def _descendants(model, node_id) -> set:
    import networkx as nx

    return nx.descendants(model.graph, node_id) if node_id in model.graph else set()


def _within(inner: Span, outer: Span) -> bool:
    return (inner.line, inner.column) >= (outer.line, outer.column) and \
        (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)


def fact_diagnostics(analysis: Analysis, context: Context, code: str, describe=None):
    """Diagnostics for the extractor's findings carrying this rule's code;
    ``describe(finding)`` words the message from ``finding.data``."""
    for finding in analysis.facts_with(code):
        message = (describe(finding) if describe else None) or finding.message or code
        yield context.report(finding.span, message, model=finding.data.get("model"), fix=_as_fix(finding.fix))


def _as_fix(fix):
    if fix is None or isinstance(fix, Fix):
        return fix
    return None
