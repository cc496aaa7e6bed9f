"""Syntactic facts gathered before interpretation."""

from __future__ import annotations

import libcst as cst


class _Binders(cst.CSTVisitor):
    """Every name bound anywhere in the file, whatever the scope."""

    def __init__(self):
        self.names: set = set()

    def _target(self, node) -> None:
        if isinstance(node, cst.Name):
            self.names.add(node.value)
        elif isinstance(node, (cst.Tuple, cst.List)):
            for el in node.elements:
                self._target(el.value)
        elif isinstance(node, cst.StarredElement):
            self._target(node.value)

    def visit_AssignTarget(self, node):
        self._target(node.target)

    def visit_AnnAssign(self, node):
        self._target(node.target)

    def visit_AugAssign(self, node):
        self._target(node.target)

    def visit_For(self, node):
        self._target(node.target)

    def visit_CompFor(self, node):
        self._target(node.target)

    def visit_NamedExpr(self, node):
        self._target(node.target)

    def visit_AsName(self, node):
        self._target(node.name)

    def visit_Param(self, node):
        self.names.add(node.name.value)

    def visit_FunctionDef(self, node):
        self.names.add(node.name.value)

    def visit_ClassDef(self, node):
        self.names.add(node.name.value)

    def visit_ImportAlias(self, node):
        if node.asname is None:
            name = node.name
            while isinstance(name, cst.Attribute):
                name = name.value
            if isinstance(name, cst.Name):
                self.names.add(name.value)

    def visit_Global(self, node):
        for item in node.names:
            self.names.add(item.name.value)

    def visit_Nonlocal(self, node):
        for item in node.names:
            self.names.add(item.name.value)

    def visit_MatchAs(self, node):
        if node.name is not None:
            self.names.add(node.name.value)


def bound_names(module: cst.Module) -> set:
    visitor = _Binders()
    module.visit(visitor)
    return visitor.names
