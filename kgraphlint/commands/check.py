"""``kgraphlint check [PATHS]``: lint, report, optionally fix.

Discovery, config and parallelism live in ``config``/``runner``; this module
turns flags into settings, runs, fixes and prints. Exit codes as ruff: 0
clean, 1 findings, 2 usage or tool error (even with --exit-zero).
"""

from __future__ import annotations

import difflib
import sys
from collections import Counter

import click

from ..report import FORMATS, Sources, relative, render


def _codes(values) -> list | None:
    """``--select KG1,KG201 --select KG3`` -> ['KG1', 'KG201', 'KG3']."""
    codes = [c.strip().upper() for v in values for c in v.split(",") if c.strip()]
    return codes or None


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", multiple=True, help="Rule codes or prefixes to enable (replaces the default).")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable.")
@click.option("--extend-select", multiple=True, help="Codes or prefixes to enable on top of the selection.")
@click.option("--output-format", type=click.Choice(sorted(FORMATS)), default="concise", show_default=True)
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the report here instead of stdout.")
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]), default="warning", show_default=True,
              help="The lowest severity whose findings make the exit code 1 (info findings are reported, "
                   "but fail the run only with --fail-level info).")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix/--diff, apply unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print the fixes as a diff instead of writing them.")
@click.option("--show-fixes", is_flag=True, help="List the fixes that were applied.")
@click.option("--force-exclude", is_flag=True, help="Apply exclude settings to paths given explicitly too.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Where to keep the cache.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this pyproject.toml.")
def command(paths, select, ignore, extend_select, output_format, output_file, statistics, exit_zero, fail_level,
            fix, unsafe_fixes, diff, show_fixes, force_exclude, no_cache, cache_dir, config_path):
    """Lint Keras model code in PATHS (default: the current directory).

    Exit codes: 0 no finding at or above --fail-level, 1 findings, 2 a path
    that does not exist, a configuration error or a tool failure (even with
    --exit-zero)."""
    from .. import config, runner
    from .inputs import require_existing

    paths = list(paths) or ["."]
    require_existing(paths)
    overrides = {k: v for k, v in (("select", _codes(select)), ("ignore", _codes(ignore)),
                                   ("extend_select", _codes(extend_select))) if v is not None}
    try:
        settings = config.load_settings(paths, config_path=config_path, overrides=overrides)
        # Only json prints fix edits; --fix/--diff re-lint the files they fix.
        results = runner.run(paths, settings, force_exclude=force_exclude, use_cache=not no_cache,
                             cache_dir=cache_dir, fix_edits=output_format == "json" and not statistics)
    except config.ConfigError as exc:
        click.echo(f"kgraphlint: error: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:
        click.echo(f"kgraphlint: error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(2)

    skipped = [r for r in results if r.skipped]
    for result in skipped:
        click.echo(f"kgraphlint: warning: skipped {relative(result.path)}: {result.skipped}", err=True)

    sources = Sources()
    applied: dict = {}
    pending = 0
    if fix or diff:
        try:
            pending, applied = _fix(results, settings, sources, unsafe_fixes, write=fix and not diff)
        except OSError as exc:
            click.echo(f"kgraphlint: error: {exc}", err=True)
            sys.exit(2)

    diagnostics = sorted((d for r in results for d in r.diagnostics), key=lambda d: d.sort_key())
    if diff:
        sys.exit(1 if pending and not exit_zero else 0)
    text = _statistics(diagnostics) if statistics else render(output_format, diagnostics, sources)
    if output_format in ("concise", "full") and not statistics:
        text += _summary(diagnostics, applied, show_fixes, len(skipped))
    if output_file:
        with open(output_file, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        click.echo(text, nl=False)
    if any(d.code == "KG000" for d in diagnostics):
        sys.exit(2)
    failing = [d for d in diagnostics if SEVERITY_RANK[d.severity] >= SEVERITY_RANK[fail_level]]
    sys.exit(1 if failing and not exit_zero else 0)


SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def _fix(results, settings, sources, unsafe, write) -> tuple:
    """Fix each file with something fixable; print diffs when not writing.

    Returns (number of fixes available or applied, {path: Counter of codes}).
    """
    from ..fixes import applicable, fix_source, write_atomic

    total = 0
    applied = {}
    for result in results:
        if not any(applicable(d.fix, unsafe) for d in result.diagnostics):
            continue
        with open(result.path, encoding="utf-8", newline="") as f:
            old = f.read()
        new, counts, remaining = fix_source(old, result.path, settings, unsafe)
        if new == old:
            continue
        total += sum(counts.values())
        applied[result.path] = counts
        if write:
            write_atomic(result.path, new, old)
            result.diagnostics = remaining
            sources[result.path] = new
        else:
            name = relative(result.path)
            click.echo("".join(difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{name}", f"b/{name}")), nl=False)
    return total, applied


def _statistics(diagnostics) -> str:
    from ..rules import get_rule

    counts = Counter(d.code for d in diagnostics)
    fixable = {d.code for d in diagnostics if d.fix is not None and d.fix.applicability == "safe"}
    lines = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = get_rule(code)
        lines.append(f"{n:>5}\t{code}\t{'[*]' if code in fixable else '[ ]'} {rule.name if rule else ''}")
    return "".join(line + "\n" for line in lines)


def _summary(diagnostics, applied, show_fixes, skipped=0) -> str:
    lines = []
    fixed = sum(sum(c.values()) for c in applied.values())
    if show_fixes and applied:
        lines.append(f"Fixed {fixed} finding{'s' * (fixed != 1)}:")
        for path, counts in sorted(applied.items()):
            lines.append(f"- {relative(path)}:")
            lines += [f"    {n} x {code}" for code, n in sorted(counts.items())]
    if not diagnostics:
        notes = [f"fixed {fixed}"] * bool(fixed) + [f"{skipped} file{'s' * (skipped != 1)} skipped"] * bool(skipped)
        lines.append("All checks passed!" + (f" ({', '.join(notes)})" if notes else ""))
    else:
        n = len(diagnostics)
        line = f"Found {n + fixed} finding{'s' * (n + fixed != 1)}"
        lines.append(line + (f" ({fixed} fixed, {n} remaining)." if fixed else "."))
        fixable = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability == "safe")
        if fixable:
            lines.append(f"[*] {fixable} fixable with the `--fix` option.")
    return "".join(line + "\n" for line in lines)
