"""Glob patterns with .gitignore (gitwildmatch) semantics, shared by
``.gitignore`` files, ``exclude`` and ``per-file-ignores``.

``*`` and ``?`` stop at ``/``, ``**`` crosses it; a pattern without a slash
matches a name at any depth, one with a slash is anchored to its base
directory; a trailing ``/`` matches directories only. Written here rather
than depending on pathspec: it is ~80 lines and on the start-up path.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern
    negate: bool
    dir_only: bool


@lru_cache(maxsize=1024)
def compile_pattern(line: str) -> Pattern | None:
    """One .gitignore line; None for blanks and comments."""
    line = line.rstrip("\n\r")
    if line.startswith("#"):
        return None
    # Trailing spaces are ignored unless escaped.
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        stripped += " "
    line = stripped
    negate = line.startswith("!")
    if negate or line.startswith(("\\!", "\\#")):
        line = line[1:]
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    body = _translate(line)
    prefix = "" if anchored else "(?:.*/)?"
    return Pattern(re.compile(f"^{prefix}{body}$", re.DOTALL), negate, dir_only)


def _translate(glob: str) -> str:
    out = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if c == "*":
            if glob.startswith("**", i):
                before_ok = i == 0 or glob[i - 1] == "/"
                after = glob[i + 2:i + 3]
                if before_ok and after == "/":  # "**/": zero or more directories
                    out.append("(?:.*/)?")
                    i += 3
                    continue
                if before_ok and after == "":  # trailing "/**": everything inside
                    out.append(".*")
                    i += 2
                    continue
            out.append("[^/]*")
            while i < n and glob[i] == "*":
                i += 1
            continue
        if c == "?":
            out.append("[^/]")
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(glob[i]))
        elif c == "[":
            end = glob.find("]", i + 2 if glob[i + 1:i + 2] in ("!", "^", "]") else i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                inner = glob[i + 1:end]
                if inner[:1] in ("!", "^"):
                    inner = "^" + inner[1:]
                out.append("[" + inner.replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def match(pattern: Pattern, rel: str, is_dir: bool) -> bool:
    return (is_dir or not pattern.dir_only) and pattern.regex.match(rel) is not None


def _relative(path: str, root: str) -> str:
    rel = os.path.relpath(os.path.abspath(path), root)
    if rel.startswith(".." + os.sep) or rel == "..":
        return os.path.abspath(path).lstrip(os.sep)  # outside the project: match on the absolute path
    return rel.replace(os.sep, "/")


@lru_cache(maxsize=16384)
def matches_path(glob: str, path: str, root: str) -> bool:
    """Whether ``glob`` (an exclude or per-file-ignores pattern) matches
    ``path`` or one of its parent directories below ``root``: excluding
    ``tests/`` excludes everything inside it."""
    pattern = compile_pattern(glob)
    if pattern is None:
        return False
    rel = _relative(path, root)
    parts = rel.split("/")
    if match(pattern, rel, os.path.isdir(path)):
        return True
    return any(match(pattern, "/".join(parts[:i]), True) for i in range(1, len(parts)))
