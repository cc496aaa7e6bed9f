"""What every command reads and the exit codes they share for it.

All commands find files as ``check`` does (``discovery``: directories walked,
excludes, .gitignore) and treat the same situations the same way:

- a path that does not exist: an error naming it, exit 2;
- a file that cannot be read (a notebook, a broken link...): a warning on
  stderr naming it and why, the others still processed;
- no Keras model in the files, or no model named as ``--model`` asks: an
  error on stderr, exit 2 (``check`` alone is content with no model: a file
  without one is clean).
"""

from __future__ import annotations

import os
import sys

import click

EXIT_USAGE = 2


def fail(message: str):
    click.echo(f"kgraphlint: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def require_existing(paths) -> None:
    """Exit 2 naming the first path that does not exist."""
    for path in paths:
        if not os.path.exists(path):
            what = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
            fail(f"{path}: {what}")


def source_files(paths) -> list:
    """The files under ``paths`` to analyse; each one skipped is said on stderr."""
    from ..config import ConfigError, load_settings
    from ..discovery import discover

    require_existing(paths)
    try:
        entries = discover(paths, load_settings(paths))
    except ConfigError as exc:
        fail(str(exc))
    files = []
    for entry in entries:
        if entry.reason:
            click.echo(f"kgraphlint: warning: skipped {entry.path}: {entry.reason}", err=True)
        else:
            files.append(entry.path)
    return files


def select_models(models: list, name: str | None, paths) -> list:
    """The models a command works on: all of them, or in each file the one
    ``name`` is bound to (its last binding, as in Python; a Keras ``name=``
    works too). Exits 2 when there is none."""
    if not models:
        fail(f"no Keras model found in {', '.join(paths)}")
    if name is None:
        return models
    found = [m for m in models if name in (m.name, m.keras_name)]
    if not found:
        known = ", ".join(sorted({m.name for m in models}))
        fail(f"no model named {name!r} (models: {known})")
    last = {m.path: m for m in found}
    return [m for m in found if last[m.path] is m]


def project_modules(paths):
    """Where the project's own imports are read from, with the `src` roots of
    the `[tool.kgraphlint]` settings that apply to ``paths``."""
    from ..config import ConfigError, load_settings
    from ..runner import project_modules as for_settings

    try:
        return for_settings(load_settings(paths))
    except ConfigError:
        return for_settings(None)  # a bad config file is `check`'s to report
