"""libcst lookups the rules need beyond the IR: calls and attributes by
position, and the edits fixes are made of. Built lazily, once per file, and
only for a file with a finding to fix: libcst is never imported otherwise."""

from __future__ import annotations

from functools import cached_property

from ..diagnostics import Edit
from ..graph import Span


class CstIndex:
    def __init__(self, module):
        from libcst.metadata import MetadataWrapper, PositionProvider

        self.module = module
        self.wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self.positions = self.wrapper.resolve(PositionProvider)
        self._by_kind: dict = {}

    def span(self, node) -> Span:
        r = self.positions[node]
        return Span(r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)

    def edit(self, node, content: str) -> Edit:
        s = self.span(node)
        return Edit(s.line, s.column, s.end_line, s.end_column, content)

    def code(self, node) -> str:
        return self.module.code_for_node(node)

    @cached_property
    def _all(self) -> list:
        return sorted(self.positions, key=lambda n: (self.positions[n].start.line, self.positions[n].start.column))

    def nodes_of(self, kind) -> list:
        if kind not in self._by_kind:
            self._by_kind[kind] = [n for n in self._all if isinstance(n, kind)]
        return self._by_kind[kind]

    def call_at(self, span: Span | None):
        """The Call at ``span`` (``locate.node_at``)."""
        import libcst as cst

        from .locate import node_at

        return node_at(self.nodes_of(cst.Call), self.span, span)

    def statement_of(self, node):
        """The simple statement line holding ``node`` (for inserting before it)."""
        import libcst as cst

        target = self.span(node)
        for stmt in self.nodes_of(cst.SimpleStatementLine):
            s = self.span(stmt)
            if (s.line, s.column) <= (target.line, target.column) and (target.end_line, target.end_column) <= (s.end_line, s.end_column):
                return stmt
        return None


class NoCst:
    """The index of a file libcst cannot parse safely: nothing is found."""

    def call_at(self, span):
        return None

    def nodes_of(self, kind) -> list:
        return []

    def statement_of(self, node):
        return None


def keyword(call, name: str):
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def without_arg(call, target):
    """The call with one argument removed, keeping the trailing-comma style."""
    args = list(call.args)
    i = args.index(target)
    del args[i]
    if args and i == len(args):  # removed the last one: its comma style moves up
        args[-1] = args[-1].with_changes(comma=target.comma)
    return call.with_changes(args=args)


def callee_prefix(call) -> str:
    """``layers.`` for ``layers.Dense(...)``, ``""`` for ``Dense(...)``."""
    import libcst as cst

    func = call.func
    if isinstance(func, cst.Attribute):
        return cst.Module([]).code_for_node(func.value) + "."
    return ""
