"""Small syntax helpers of the migration rules (KG6xx): where a finding is,
which Keras root a dotted path is under, what a literal argument holds."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..diagnostics import Fix
from ..extract.imports import KERAS_ROOTS
from ..graph import Span

# Roots that are Keras 3 today (tf.keras since TensorFlow 2.16). tf_keras and
# tensorflow.python.keras are Keras 2: their keras.engine & co. still exist.
KERAS3_ROOTS = ("keras", "tensorflow.keras", "tensorflow._api.v2.keras")


@dataclass(frozen=True)
class Finding:
    code: str
    span: Span
    message: str
    fix: Fix | None = None


def split_root(path: str, roots=KERAS_ROOTS):
    """(root, rest) of a path under Keras as written (rest "" for the root)."""
    for root in roots:
        if path == root:
            return root, ""
        if path.startswith(root + "."):
            return root, path[len(root) + 1:]
    return None


def literal(node):
    try:
        return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False, None

# Nodes that hold no import, try or call below them: not worth visiting.
_LEAVES = (ast.Name, ast.Constant, ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop,
           ast.alias, ast.arg)


def nodes_by_kind(tree, kinds: dict) -> None:
    """Append every node whose type is a key of ``kinds`` to its list, in source
    order. A hand-rolled walk: ``ast.walk`` visits every leaf and took twice as long
    on the keras tree."""
    stack = [tree]
    while stack:
        node = stack.pop()
        found = kinds.get(type(node))
        if found is not None:
            found.append(node)
        for field in node._fields:
            value = getattr(node, field, None)
            if type(value) is list:
                stack.extend(v for v in value if isinstance(v, ast.AST) and not isinstance(v, _LEAVES))
            elif isinstance(value, ast.AST) and not isinstance(value, _LEAVES):
                stack.append(value)
    for found in kinds.values():
        found.sort(key=lambda n: (n.lineno, n.col_offset))


def leftmost_name(expr) -> str | None:
    while isinstance(expr, ast.Attribute):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None


def cst_keyword(call, name):
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None
