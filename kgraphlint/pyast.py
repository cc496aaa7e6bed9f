"""Python's own parser, shared: the runner's nesting guard, the syntax check
and extraction's name scan all need the same tree; parse it once per file."""

from __future__ import annotations

import ast
import functools


@functools.lru_cache(maxsize=2)
def parse(source: str) -> ast.Module:
    """``ast.parse`` memoised on the text (errors are raised, never cached)."""
    return ast.parse(source)
