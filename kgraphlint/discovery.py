"""Which files to check: the paths given, directories walked recursively.

Walking finds Python files and Jupyter notebooks (``.ipynb``, as ruff does
since 0.6).

Walking skips the ``exclude`` patterns (ruff's defaults unless configured) and
what ``.gitignore`` files ignore; paths given explicitly are always checked
unless ``force_exclude`` (pre-commit passes every staged file by name).
Symlinked directories are not followed while walking (as ruff and git do), so
a link loop cannot trap the walk; nothing here raises on a bad path — it
yields the path with the reason instead. Output is sorted and de-duplicated.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass

from .globs import compile_pattern, match, matches_path

SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")


@dataclass(frozen=True)
class Entry:
    path: str
    reason: str | None = None  # set when the path cannot be checked


def discover(paths, settings, force_exclude: bool = False) -> list:
    found: dict = {}
    force_exclude = force_exclude or settings.force_exclude
    for given in list(paths) or ["."]:
        path = os.path.normpath(given)
        if force_exclude and any(matches_path(p, path, settings.root) for p in settings.exclude):
            continue
        empty = True
        for entry in _expand(path, settings):
            found.setdefault(entry.path, entry)
            empty = False
        if empty and os.path.isdir(path):
            found.setdefault(path, Entry(path, "no Python files found in this directory"))
    return [found[p] for p in sorted(found)]


def _expand(path: str, settings) -> Iterator[Entry]:
    try:
        st = os.stat(path)
    except OSError as exc:
        yield Entry(path, _describe(exc, path))
        return
    if not _is_dir(st):
        yield Entry(path)  # given explicitly: checked whatever its suffix
        return
    yield from _walk(path, settings)


def _is_dir(st) -> bool:
    import stat

    return stat.S_ISDIR(st.st_mode)


def _walk(top: str, settings) -> Iterator[Entry]:
    excludes = [p for p in (compile_pattern(g) for g in settings.exclude) if p is not None]
    # Each stack item: a directory and the .gitignore rules that apply in it,
    # as (base directory, patterns) from the outermost file inward.
    ignores = _ancestor_gitignores(top) if settings.respect_gitignore else ()
    stack = [(top, ignores)]
    while stack:
        directory, ignores = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Entry(directory, _describe(exc, directory))
            continue
        if settings.respect_gitignore and any(e.name == ".gitignore" for e in entries):
            patterns = _read_gitignore(os.path.join(directory, ".gitignore"))
            if patterns:
                ignores = (*ignores, (directory, patterns))
        subdirs = []
        for e in entries:
            path = os.path.join(directory, e.name) if directory != "." else e.name
            try:
                is_dir = e.is_dir(follow_symlinks=False)
                is_link = e.is_symlink()
            except OSError as exc:
                yield Entry(path, _describe(exc, path))
                continue
            if is_link and not e.name.endswith(SOURCE_SUFFIXES):
                continue  # symlinked directories are not followed
            if not is_dir and not e.name.endswith(SOURCE_SUFFIXES):
                continue
            if _excluded(path, is_dir, excludes, settings.root) or _ignored(path, is_dir, ignores):
                continue
            if is_dir:
                subdirs.append(path)
            elif is_link:
                yield _check_link(path)
            else:
                yield Entry(path)
        # Reversed so that popping visits subdirectories in sorted order.
        stack.extend((d, ignores) for d in reversed(subdirs))


def _check_link(path: str) -> Entry:
    try:
        st = os.stat(path)
    except OSError as exc:
        return Entry(path, _describe(exc, path))
    return Entry(path, "a directory, not a file" if _is_dir(st) else None)


def _excluded(path: str, is_dir: bool, excludes, root: str) -> bool:
    rel = _rel(path, root)
    return any(match(p, rel, is_dir) for p in excludes)


def _ignored(path: str, is_dir: bool, ignores) -> bool:
    ignored = False
    for base, patterns in ignores:
        rel = _rel(path, base)
        if rel.startswith("../"):
            continue
        for p in patterns:
            if match(p, rel, is_dir):
                ignored = not p.negate  # the last matching line wins
    return ignored


def _rel(path: str, base: str) -> str:
    path, base = os.path.abspath(path), os.path.abspath(base).rstrip(os.sep)
    if path.startswith(base + os.sep):  # the usual case, without relpath's component-wise walk
        return path[len(base) + 1:].replace(os.sep, "/")
    return os.path.relpath(path, base or os.sep).replace(os.sep, "/")


def _ancestor_gitignores(top: str) -> tuple:
    """.gitignore files above ``top`` up to the repository root, if any."""
    found = []
    directory = os.path.dirname(os.path.abspath(top))
    while True:
        gitignore = os.path.join(directory, ".gitignore")
        if os.path.isfile(gitignore):
            patterns = _read_gitignore(gitignore)
            if patterns:
                found.append((directory, patterns))
        if os.path.exists(os.path.join(directory, ".git")):
            break
        parent = os.path.dirname(directory)
        if parent == directory:
            return ()  # not in a git repository: the .gitignore files above do not apply
        directory = parent
    return tuple(reversed(found))


def _read_gitignore(path: str) -> tuple:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return ()
    return tuple(p for p in map(compile_pattern, lines) if p is not None)


def _describe(exc: OSError, path: str) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link" if os.path.islink(path) else "no such file or directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied ({exc.strerror})"
    return f"cannot read: {exc.strerror or exc}"
