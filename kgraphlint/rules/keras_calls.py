"""What a call in the syntax tree is, for rules that check calls the model IR
does not keep (``model.add(...)``'s own arguments, ``compile(...)``,
``Model(input=...)``): which imported Keras name a callee spells, and which
variables hold a model."""

from __future__ import annotations

import ast
import bisect
import operator

from ..extract.imports import canonical, classify, star_names


class KerasNames:
    """One walk of a file's tree, shared by every rule that reads the syntax
    (KG6xx's scan included): its imports and import bindings (every scope; a
    name imported twice keeps its last import), its calls, its ``try``
    statements, its ``name = f(...)`` assignments, its classes and functions;
    and the dotted path an expression spells through the imports."""

    def __init__(self, tree: ast.Module):
        self.bindings: dict = {}
        self.calls: list = []
        self.assigned: list = []  # (variable name, value, Assign node) in any scope
        self.classes: list = []
        self.functions: list = []
        self.imports: list = []
        self.tries: list = []
        self._dotted: dict = {}  # id(expression) -> dotted(); the tree outlives this object
        self._scopes: dict = {}  # line -> scope_of()
        calls, assigned, classes, functions = self.calls, self.assigned, self.classes, self.functions
        imports, tries, leaves = self.imports, self.tries, _LEAVES
        stack = [tree]  # a hand-rolled walk (as in extract/scan.py): a fraction of ast.walk's cost
        while stack:
            node = stack.pop()
            kind = type(node)
            if kind is ast.Call:
                calls.append(node)
            elif kind is ast.Assign:
                assigned += [(t.id, node.value, node) for t in node.targets if type(t) is ast.Name]
            elif kind is ast.ClassDef:
                classes.append(node)
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                functions.append(node)
            elif kind is ast.Import or kind is ast.ImportFrom:
                imports.append(node)
                continue
            elif kind is ast.Try or kind is _TRY_STAR:
                tries.append(node)
            for field in node._fields:
                value = getattr(node, field, None)
                if type(value) is list:
                    for item in value:
                        if type(item) not in leaves and isinstance(item, ast.AST):
                            stack.append(item)
                elif type(value) not in leaves and isinstance(value, ast.AST):
                    stack.append(value)
        for found in (calls, imports, tries, functions):
            found.sort(key=_POSITION)  # source order: the walk pops the last child first
        self._starts = [f.lineno for f in functions]
        for node in imports:
            self._bind(node)

    def _bind(self, node) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                head = alias.name.split(".")[0]
                self.bindings[alias.asname or head] = alias.name if alias.asname else head
        elif node.module and not node.level:
            for alias in node.names:
                if alias.name == "*":
                    self.bindings.update(star_names(node.module))
                else:
                    self.bindings[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def dotted(self, expr) -> str | None:
        """``tf.keras.layers.Dense`` -> ``tensorflow.keras.layers.Dense``
        (asked for the same callee by several rules: kept per node)."""
        key = id(expr)
        if key not in self._dotted:
            self._dotted[key] = spell(expr, self.bindings)
        return self._dotted[key]

    def kind(self, expr):
        """``classify``'s (kind, name) for a Keras name, else None."""
        path = self.dotted(expr)
        return classify(path) if path else None

    def keras_path(self, expr) -> str | None:
        """``keras.<...>`` for any spelling of a Keras name, else None."""
        path = self.dotted(expr)
        return canonical(path) if path else None

    def scope_of(self, node):
        """The innermost function whose lines hold ``node`` (None: module level)."""
        line = node.lineno
        if line not in self._scopes:
            scope = None
            for f in reversed(self.functions[: bisect.bisect_right(self._starts, line)]):  # the nearest first
                if line <= (f.end_lineno or f.lineno):
                    scope = f
                    break
            self._scopes[line] = scope
        return self._scopes[line]

    def is_numpy(self, expr) -> bool:
        path = self.dotted(expr)
        return path is not None and (path == "numpy" or path.startswith("numpy."))


def spell(expr, bindings: dict) -> str | None:
    """The dotted path a name or attribute chain stands for through
    ``bindings`` (local name -> imported path), or None."""
    attrs = []
    while isinstance(expr, ast.Attribute):
        attrs.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name) or expr.id not in bindings:
        return None
    return ".".join([bindings[expr.id], *reversed(attrs)])


# Nodes that hold nothing these rules read: not worth visiting (exact types,
# tested with one set lookup per child).
_LEAVES = frozenset({ast.Name, ast.Constant, ast.alias, ast.Load, ast.Store, ast.Del, str, type(None),
                     *ast.operator.__subclasses__(), *ast.unaryop.__subclasses__(), *ast.cmpop.__subclasses__(),
                     *ast.boolop.__subclasses__()})
_TRY_STAR = getattr(ast, "TryStar", ast.Try)  # Python 3.11's try/except*

_POSITION = operator.attrgetter("lineno", "col_offset")


def keras_names(analysis) -> KerasNames:
    """The file's KerasNames, walked once per analysis."""
    cached = analysis.__dict__.get("_keras_names")
    if cached is None:
        cached = analysis.__dict__["_keras_names"] = KerasNames(analysis.tree)
    return cached


def model_variables(analysis, names: KerasNames) -> dict:
    """Variable name -> "sequential" | "model" for names bound to a model:
    ``m = Sequential(...)``/``Model(...)`` anywhere, or a model the extractor
    found under that name (``model = build()``)."""
    found = {}
    for model in analysis.models:
        if model.name and model.name.isidentifier() and model.kind in ("sequential", "functional"):
            found[model.name] = "sequential" if model.kind == "sequential" else "model"
    for name, value, _ in names.assigned:
        kind = names.kind(value.func) if isinstance(value, ast.Call) else None
        if kind and kind[0] in ("sequential", "model"):
            found[name] = kind[0]
    return found
