"""Where a value comes from, for rules that must not stand on a guess.

A builder function is analysed with its parameters' defaults when nothing in
the file calls it (``def ResNet(include_top, classes=None)``). A value
computed from a parameter is then only one of the values callers may pass,
and the guard that rejects the bad ones (``if include_top and not classes:
raise``) is not followed: an error found on it is a guess.
"""

from __future__ import annotations

import ast


def reads_parameter(analysis, span) -> bool:
    """True when the expression at ``span`` is inside a function and reads
    one of its parameters, or a name assigned from one."""
    if span is None:
        return False
    functions = _enclosing_functions(analysis.tree, span.line)
    if not functions:
        return False
    tainted = _tainted_names(functions)
    expression = _expression_at(functions[-1], analysis, span)
    if expression is None:
        return True  # cannot tell what it reads: do not claim it
    return any(isinstance(n, ast.Name) and n.id in tainted for n in ast.walk(expression))


def _enclosing_functions(tree, line: int) -> list:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno <= line <= node.end_lineno:
            found.append(node)
    return sorted(found, key=lambda f: f.lineno)


def _tainted_names(functions) -> set:
    names = set()
    for f in functions:
        args = f.args
        for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if a is not None and a.arg not in ("self", "cls"):
                names.add(a.arg)
    assignments = [n for f in functions for n in ast.walk(f) if isinstance(n, (ast.Assign, ast.AugAssign,
                                                                               ast.AnnAssign, ast.For))]
    for _ in range(3):  # a few rounds reach names computed from computed names
        for node in assignments:
            source = node.iter if isinstance(node, ast.For) else node.value
            if source is None or not any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(source)):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def _expression_at(function, analysis, span):
    for node in ast.walk(function):
        if isinstance(node, ast.expr) and getattr(node, "lineno", None) == span.line:
            position = analysis.text.position(node)
            if position is not None and position[:2] == (span.line, span.column):
                return node
    return None
