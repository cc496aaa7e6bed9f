"""Small syntax helpers of the migration rules (KG6xx): where a finding is,
which Keras root a dotted path is under, what a literal argument holds."""

from __future__ import annotations

import ast
import functools
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


@functools.lru_cache(maxsize=8192)  # the same few paths, asked for every call of a file
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

def leftmost_name(expr) -> str | None:
    while isinstance(expr, ast.Attribute):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None


def cst_keyword(call, name):
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None
