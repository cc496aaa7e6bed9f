"""Finding syntax by position on Python's ``ast``, for rules that must know
whether a fix exists without paying for libcst (``cst`` builds the edits
that need exact formatting). Positions are 1-based characters, as findings'."""

from __future__ import annotations

import ast
from functools import cached_property

from ..graph import Span


class AstIndex:
    def __init__(self, tree: ast.AST, text):
        self.tree = tree
        self.text = text  # pyast.SourceText

    def span(self, node, part: str = "") -> Span | None:
        where = self.text.position(node, part)
        return Span(*where) if where is not None else None

    @cached_property
    def cst_can_parse(self) -> bool:
        """False where ``pyast.parse_cst`` refuses (libcst would overflow its stack)."""
        from ..pyast import MAX_CST_DEPTH, nesting_depth

        return nesting_depth(self.tree) <= MAX_CST_DEPTH

    @cached_property
    def calls(self) -> list:
        return [n for n in ast.walk(self.tree) if isinstance(n, ast.Call)]

    def call_at(self, span: Span | None):
        """The Call at ``span`` (see ``node_at``)."""
        return node_at(self.calls, self.span, span)

    def keyword_at(self, span: Span | None):
        """(call, keyword) whose keyword's name is exactly at ``span``."""
        call = self.call_at(span)
        for kw in call.keywords if call is not None else ():
            if kw.arg is not None and self.span(kw, "name") == span:
                return call, kw
        return None

    def attribute_at(self, line: int, column: int, names) -> ast.Attribute | None:
        """The first ``x.name`` (``name`` in ``names``) whose extent holds the position."""
        found = []
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Attribute) and node.attr in names:
                s = self.span(node)
                if (s.line, s.column) <= (line, column) <= (s.end_line, s.end_column):
                    found.append((s.line, s.column, node))
        return min(found, key=lambda f: f[:2])[2] if found else None

    def add_call_around(self, call: ast.Call) -> ast.Call | None:
        """The ``x.add(call)`` call, when ``call`` is its only argument."""
        for outer in self.calls:
            func = outer.func
            values = [*outer.args, *(kw.value for kw in outer.keywords)]
            if isinstance(func, ast.Attribute) and func.attr == "add" and values == [call]:
                return outer
        return None

    def simple_statement_of(self, node) -> ast.stmt | None:
        """The simple statement holding ``node`` when it stands on lines of its
        own (libcst's ``SimpleStatementLine``); None inside a compound
        statement's header or a one-line suite (``if x: model.add(...)``)."""
        target = self.span(node)
        holder, block = None, None
        for parent in ast.walk(self.tree):
            for name in ("body", "orelse", "finalbody"):
                stmts = getattr(parent, name, None)
                if not isinstance(stmts, list):
                    continue
                for stmt in stmts:
                    s = self.span(stmt)
                    if _inside(target, s) and (holder is None or _inside(s, self.span(holder))):
                        holder, block = stmt, stmts  # statements nest: the innermost wins
        if holder is None or hasattr(holder, "body"):
            return None
        first = block[0]
        before = self.text.lines[first.lineno - 1].encode("utf-8")[: first.col_offset]
        return holder if not before.strip() else None

    def import_from_binding(self, name: str) -> tuple:
        """(``Input`` already bound by a from-import, the from-import that binds
        ``name`` without an alias or None)."""
        home = None
        for imp in ast.walk(self.tree):
            if not isinstance(imp, ast.ImportFrom) or any(a.name == "*" for a in imp.names):
                continue
            for alias in imp.names:
                bound = alias.asname or alias.name
                if bound == "Input":
                    return True, None
                if bound == name and alias.asname is None and home is None:
                    home = imp
        return False, home


def node_at(nodes, span_of, span: Span | None):
    """The node of ``nodes`` at ``span``: an exact match, else the innermost
    containing its start (for ``Dense(10)(x)`` that is the constructor
    ``Dense(10)``). Shared by the ``ast`` and the libcst index, so a fix is
    built on the node its existence was decided on."""
    if span is None:
        return None
    best, best_key = None, None
    for node in nodes:
        s = span_of(node)
        if s == span:
            return node
        if (s.line, s.column) <= (span.line, span.column) < (s.end_line, s.end_column):
            key = (s.line, s.column, -s.end_line, -s.end_column)
            if best_key is None or key > best_key:
                best, best_key = node, key
    return best


def _inside(inner: Span, outer: Span) -> bool:
    return (outer.line, outer.column) <= (inner.line, inner.column) and (
        (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column))


def keyword(call: ast.Call, name: str) -> ast.keyword | None:
    return next((kw for kw in call.keywords if kw.arg == name), None)
