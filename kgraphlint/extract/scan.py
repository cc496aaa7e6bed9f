"""Syntactic facts gathered before interpretation."""

from __future__ import annotations

import ast

# Nodes that bind no name and hold none: not worth visiting.
_LEAVES = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop, ast.Constant)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def bound_names(tree: ast.Module) -> set:
    """Every name bound anywhere in the file, whatever the scope.

    A hand-rolled walk: ``ast.walk`` costs a generator per node and visits
    every ``Load`` context; this runs on whole files (Keras's largest test
    file took a quarter of a second that way, a fifth of it now).
    """
    names: set = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ast.Name:
            if type(node.ctx) is not ast.Load:
                names.add(node.id)
            continue
        if kind is ast.arg:
            names.add(node.arg)
        elif kind in _DEFINITIONS:
            names.add(node.name)
        elif kind is ast.ImportFrom:
            if any(a.name == "*" for a in node.names):
                # Only `keras.layers`'s namespace is known in full: any other star
                # import may bind any name, so record it as the wildcard "*".
                module = node.module or ""
                if not (module.endswith(".layers") or module == "layers") or node.level:
                    names.add("*")
        elif kind is ast.alias:
            if node.name != "*":
                names.add(node.asname or node.name.split(".")[0])
            continue
        elif kind is ast.Global or kind is ast.Nonlocal:
            names.update(node.names)
            continue
        elif kind in (ast.ExceptHandler, ast.MatchAs, ast.MatchStar) and node.name:
            names.add(node.name)
        elif kind is ast.MatchMapping and node.rest:
            names.add(node.rest)
        for field in getattr(node, "_fields", ()):  # lists also hold None and str
            value = getattr(node, field, None)
            if type(value) is list:
                stack.extend(value)
            elif isinstance(value, ast.AST) and not isinstance(value, _LEAVES):
                stack.append(value)
    return names


# Method names that change their receiver (a Sequential, a list, a dict).
_MUTATORS = frozenset({"add", "append", "extend", "insert", "pop", "update", "build", "remove", "clear",
                       "setdefault", "compile"})


def block_effects(body: list) -> tuple:
    """(names bound, receiver expressions possibly changed) by a block we do
    not run: the untaken side of an undecided ``if``, a loop over an unknown.
    Conservative: an object passed to any call may be changed by it."""
    names: set = set()
    receivers: list = []
    stack = list(body)
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ast.Name:
            if type(node.ctx) is not ast.Load:
                names.add(node.id)
            continue
        if kind in _DEFINITIONS:
            names.add(node.name)
            continue  # a definition runs nothing
        if kind is ast.alias:
            names.add(node.asname or node.name.split(".")[0])
            continue
        if kind is ast.Call:
            func = node.func
            if isinstance(func, ast.Attribute):
                receivers.append(func.value)
            receivers.extend(a for a in node.args if isinstance(a, (ast.Name, ast.Attribute)))
            receivers.extend(k.value for k in node.keywords if isinstance(k.value, (ast.Name, ast.Attribute)))
        elif kind in (ast.Attribute, ast.Subscript) and type(node.ctx) is not ast.Load:
            receivers.append(node.value)
        for field in node._fields:  # ast.iter_child_nodes, without its generator
            value = getattr(node, field, None)
            if type(value) is list:
                stack.extend(v for v in value if isinstance(v, ast.AST) and not isinstance(v, _LEAVES))
            elif isinstance(value, ast.AST) and not isinstance(value, _LEAVES):
                stack.append(value)
    return names, receivers
