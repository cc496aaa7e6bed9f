"""``kgraphlint diff [BASE] [PATHS]`` and ``kgraphlint diff --files OLD NEW``:
how each model's parameters, output shapes and layers changed.

The working tree is compared with git revision BASE (default ``HEAD``);
only files git reports as changed are read, the old side with ``git show``
(see ``kgraphlint.gitfiles``). Exit 0, or 1 with ``--fail-on-growth PCT``
when a model's total params grew by more than PCT percent; 2 on errors.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

import click


@dataclass
class Side:
    """The models of one version, and the files that could not be analysed."""

    snapshots: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (path, reason)

    def add(self, source: str, path: str, label: str) -> None:
        from ..engine import analyze
        from ..modeldiff import snapshot
        from ..prescan import may_use_keras

        if not may_use_keras(source.encode("utf-8", "surrogateescape")):
            return
        extraction = analyze(source, path)
        if extraction.syntax_error is not None:
            err = extraction.syntax_error
            where = f":{err.span.line}" if err.span else ""
            self.skipped.append((path, f"{label}{where}: {err.message}; its models are not compared"))
            return
        self.snapshots += [snapshot(m, path) for m in extraction.models]


def _from_files(old_path: str, new_path: str) -> tuple:
    old, new = Side(), Side()
    for side, path in ((old, old_path), (new, new_path)):
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            side.add(f.read(), path, path)
    # Two files: models pair by variable (and Keras name), whatever the paths.
    return old, new, {old_path: new_path}, f"{old_path} → {new_path}"


def _from_git(base: str, paths: list) -> tuple:
    from .. import gitfiles

    top = gitfiles.toplevel(os.getcwd())
    commit = gitfiles.resolve(base, top)
    prefixes = [gitfiles.repo_relative(p, top) for p in paths]
    old, new = Side(), Side()
    renames = {}
    for change in gitfiles.changed_files(commit, top):
        if not any(p and p.endswith(".py") and gitfiles.under(p, prefixes) for p in (change.old, change.new)):
            continue
        if change.old:
            old.add(gitfiles.show(commit, change.old, top), change.old, f"{change.old} at {base}")
        if change.new:
            try:
                with open(os.path.join(top, change.new), encoding="utf-8", errors="surrogateescape") as f:
                    new.add(f.read(), change.new, change.new)
            except OSError as exc:
                new.skipped.append((change.new, f"cannot read: {exc.strerror}"))
        if change.status == "R":
            renames[change.old] = change.new
    return old, new, renames, f"kgraphlint diff {base} ({commit[:10]}) → working tree"


def _split(args: tuple) -> tuple:
    """(BASE, PATHS): the first argument is BASE unless it is an existing path."""
    if args and not os.path.exists(args[0]):
        return args[0], list(args[1:])
    return "HEAD", list(args)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("args", nargs=-1)
@click.option("--files", is_flag=True, help="Compare two files: kgraphlint diff --files OLD NEW.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="markdown is made to be posted as a pull-request comment.")
@click.option("--fail-on-growth", type=click.FloatRange(min=0), metavar="PCT",
              help="Exit 1 when a model's total params grow by more than PCT percent.")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the report here.")
def command(args, files, fmt, fail_on_growth, output_file):
    """Compare the models in the working tree with those at git revision BASE
    (default HEAD), or two files with --files.

    ARGS are [BASE] [PATHS]: the first is BASE unless it is an existing path.
    Put -- before a revision: kgraphlint diff -- "$BASE_SHA".
    """
    from ..gitfiles import GitError
    from ..modeldiff import compare, worst_growth
    from ..report.modeldiff import FORMATS

    try:
        if files:
            if len(args) != 2:
                raise click.UsageError("--files takes exactly two files: OLD NEW")
            old, new, renames, title = _from_files(*args)
        else:
            base, paths = _split(args)
            old, new, renames, title = _from_git(base, paths)
    except click.UsageError:
        raise
    except (GitError, OSError) as exc:
        click.echo(f"kgraphlint: error: {exc}", err=True)
        sys.exit(2)

    skipped = old.skipped + new.skipped
    # A file unreadable on one side is left out on both: its models did not vanish.
    left_out = {renames.get(p, p) for p, _ in old.skipped} | {p for p, _ in new.skipped}
    changes = compare([s for s in old.snapshots if renames.get(s.path, s.path) not in left_out],
                      [s for s in new.snapshots if s.path not in left_out], renames)
    for _, reason in skipped:
        click.echo(f"kgraphlint: warning: {reason}", err=True)
    report = FORMATS[fmt](changes, title, skipped)
    if output_file:
        with open(output_file, "w", encoding="utf-8") as f:
            f.write(report)
    else:
        click.echo(report, nl=False)

    if fail_on_growth is None:
        sys.exit(0)
    worst, not_exact = worst_growth(changes)
    for change in not_exact:
        why = change.count("total").why_not_exact
        click.echo(f"kgraphlint: warning: the growth of `{change.current.variable}` ({change.current.path}) "
                   f"is not exact ({why}); --fail-on-growth cannot judge it", err=True)
    if worst is not None and worst[0] * 100 > fail_on_growth:
        rel, change = worst
        click.echo(f"kgraphlint: `{change.current.variable}` ({change.current.path}) grew by {rel:.2%}, "
                   f"more than --fail-on-growth {fail_on_growth:g}%", err=True)
        sys.exit(1)
    sys.exit(0)
