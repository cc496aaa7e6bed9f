"""The few git questions ``kgraphlint diff`` asks, each one plain subprocess
call with an argument list: no shell, nothing checked out.

A revision may come from a branch name that whoever opens a pull request
chose, so it is resolved with ``rev-parse --verify --end-of-options`` and
only the resulting object id is passed on; paths come from git's own
NUL-separated output, and are filtered here rather than handed back to git
as pathspecs.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass

_OBJECT_ID = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")


class GitError(Exception):
    """git is missing, this is not a repository, or a revision is unknown."""


def _git(args: list, cwd: str) -> bytes:
    # core.fsmonitor would run a configured command; a diff needs none.
    command = ["git", "-c", "core.fsmonitor=false", "-c", "core.quotepath=off", *args]
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, stdin=subprocess.DEVNULL, check=False)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def toplevel(cwd: str) -> str:
    return _git(["rev-parse", "--show-toplevel"], cwd).decode().strip()


def resolve(revision: str, cwd: str) -> str:
    """The commit id ``revision`` names; git never reads it as an option."""
    try:
        out = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], cwd)
    except GitError:
        out = b""
    commit = out.decode().strip()
    if not _OBJECT_ID.match(commit):
        raise GitError(f"unknown revision {revision!r}")
    return commit


@dataclass(frozen=True)
class Changed:
    status: str  # A (added) | D (deleted) | M (modified) | R (renamed)
    old: str | None  # path at the revision, relative to the top level
    new: str | None  # path in the working tree


def changed_files(commit: str, top: str) -> list:
    """Files that differ between ``commit`` and the working tree (staged or
    not, renames detected), plus untracked files that are not ignored."""
    out = _git(["diff", "-z", "--name-status", "--no-ext-diff", "--no-textconv", "-M", commit, "--"], top)
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    changes = []
    i = 0
    while i < len(fields) - 1:
        status = fields[i][:1]
        if status in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            changes.append(Changed("R" if status == "R" else "A", old if status == "R" else None, new))
            continue
        path = fields[i + 1]
        i += 2
        if status == "D":
            changes.append(Changed("D", path, None))
        elif status == "A":
            changes.append(Changed("A", None, path))
        else:  # M, T (type change), U (unmerged)
            changes.append(Changed("M", path, path))
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    for path in untracked.decode("utf-8", "surrogateescape").split("\0"):
        if path:
            changes.append(Changed("A", None, path))
    return changes


def show(commit: str, path: str, top: str) -> str:
    """The text of ``path`` at ``commit`` (``git show COMMIT:path``)."""
    if not _OBJECT_ID.match(commit):
        raise GitError(f"not an object id: {commit!r}")
    return _git(["show", "--no-textconv", f"{commit}:{path}"], top).decode("utf-8", "replace")


def under(path: str, prefixes: list) -> bool:
    """Is repository path ``path`` one of, or inside one of, ``prefixes``
    (repository-relative; an empty list means everything)?"""
    if not prefixes:
        return True
    return any(p in ("", ".") or path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)


def repo_relative(path: str, top: str) -> str:
    rel = os.path.relpath(os.path.abspath(path), top)
    return "" if rel == "." else rel.replace(os.sep, "/")
