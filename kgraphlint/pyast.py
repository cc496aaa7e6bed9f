"""Python's own parser, shared: the runner's guards, the syntax check and
extraction all read the same tree; parse it once per file."""

from __future__ import annotations

import ast
import functools
from collections.abc import Mapping
from typing import Any


@functools.lru_cache(maxsize=2)
def parse(source: str) -> ast.Module:
    """``ast.parse`` memoised on the text (errors are raised, never cached)."""
    return ast.parse(source)


# ASDL types that never hold a node worth visiting: names, numbers, and the
# context and operator singletons.
_NOT_NODES = frozenset({"identifier", "string", "constant", "int", "expr_context", "operator", "boolop", "unaryop",
                        "cmpop", "type_ignore"})


def child_fields(cls: Any) -> tuple:  # an ast.AST subclass
    """((field, is_list), ...) of an ``ast`` class that can hold child nodes,
    read from its ASDL signature (``Call(expr func, expr* args, ...)``): a
    walk then skips names, constants and contexts without looking. A class
    whose signature cannot be read keeps all of its fields."""
    found = _CHILD_FIELDS.get(cls)
    if found is None:
        found = _CHILD_FIELDS[cls] = _read_child_fields(cls)
    return found


_CHILD_FIELDS: dict = {}


def _read_child_fields(cls: Any) -> tuple:
    doc = (cls.__doc__ or "").strip()
    if not doc.startswith(cls.__name__ + "(") or not doc.endswith(")"):
        return tuple((f, True) for f in cls._fields)  # is_list=True: every item is type-checked
    out = []
    for part in doc[len(cls.__name__) + 1:-1].split(","):
        words = part.split()
        if len(words) != 2:
            return tuple((f, True) for f in cls._fields)
        kind, field = words
        if kind.rstrip("*?") not in _NOT_NODES:
            out.append((field, kind.endswith("*")))
    if {f for f, _ in out} - set(cls._fields):
        return tuple((f, True) for f in cls._fields)
    return tuple(out)


class SourceText:
    """Positions and source text of ``ast`` nodes, as the user sees them.

    ``ast`` counts columns in UTF-8 bytes; editors, ruff and libcst count
    characters. Lines are split only when a position is first asked for:
    most files report nothing.
    """

    def __init__(self, source: str):
        self.source = source
        self._lines: list | None = None

    @property
    def lines(self) -> list:
        if self._lines is None:
            self._lines = self.source.splitlines(keepends=True)
        return self._lines

    def _line(self, lineno: int) -> str:
        lines = self.lines
        return lines[lineno - 1] if 0 < lineno <= len(lines) else ""

    def column(self, lineno: int, byte_offset: int) -> int:
        """0-based character column of a byte offset in line ``lineno``."""
        line = self._line(lineno)
        if line.isascii():
            return byte_offset
        return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace"))

    def position(self, node, part: str = ""):
        """(line, column, end_line, end_column), 1-based, end exclusive; None
        for nodes without a place in the text."""
        lineno = getattr(node, "lineno", None)
        end_lineno = getattr(node, "end_lineno", None)
        if lineno is None or end_lineno is None:
            return None
        start = self.column(lineno, node.col_offset) + 1
        end = self.column(end_lineno, node.end_col_offset) + 1
        if part == "name" and isinstance(node, ast.keyword) and node.arg:
            return (lineno, start, lineno, start + len(node.arg))
        if part == "name" and isinstance(node, ast.Attribute):
            return (end_lineno, end - len(node.attr), end_lineno, end)
        return (lineno, start, end_lineno, end)

    def segment(self, node) -> str:
        """The source text of ``node`` (without enclosing parentheses)."""
        where = self.position(node)
        if where is None:
            return ""
        line, column, end_line, end_column = where
        if line == end_line:
            return self._line(line)[column - 1 : end_column - 1]
        first = self._line(line)[column - 1 :]
        middle = self.lines[line : end_line - 1]
        return "".join([first, *middle, self._line(end_line)[: end_column - 1]])


class SourceTexts(Mapping):
    """Argument name -> its source text, read only when asked: most layer
    arguments are never quoted in a message. Immutable, so copies share it."""

    __slots__ = ("_nodes", "_read", "_text")

    def __init__(self, nodes: dict, text: SourceText):
        self._nodes = nodes
        self._text = text
        self._read: dict = {}

    def __getitem__(self, key: str) -> str:
        if key not in self._read:
            self._read[key] = self._text.segment(self._nodes[key])
        return self._read[key]

    def __iter__(self):
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):  # pickled (or copied by value) as the plain dict it stands for
        return (dict, (dict(self),))


MAX_CST_DEPTH = 250  # libcst slows quadratically with nesting and segfaults past ~5000


class TooDeepForCst(ValueError):
    """libcst would crash the process on this file (native stack overflow)."""


def parse_cst(source: str):
    """The libcst module for fixes and rewrites, which need exact edits.

    Analysis never needs it, so a clean file never pays libcst's import or
    parse; and a file nested deeper than libcst survives raises instead.
    """
    try:
        depth = nesting_depth(parse(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        depth = 0  # libcst reports its own syntax error
    if depth > MAX_CST_DEPTH:
        raise TooDeepForCst(f"expressions nested {depth} deep (libcst limit {MAX_CST_DEPTH})")
    import libcst

    return libcst.parse_module(source)


def nesting_depth(tree: ast.AST) -> int:
    """Nesting depth as libcst will build it: a chain ``a and b and c`` is
    one ast node but len(values) - 1 nested libcst nodes."""
    deepest = 0
    stack = [(tree, 1)]
    children = ast.iter_child_nodes
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ast.BoolOp):
            depth += len(node.values) - 1
        deepest = max(deepest, depth)
        for child in children(node):
            stack.append((child, depth + 1))
    return deepest
