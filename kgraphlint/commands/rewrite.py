"""``kgraphlint rewrite --to functional|sequential FILES``: print a diff, or
write in place with --write. Exit 0 when every model found was rewritten (or
was already in the style asked for, which is said), 1 when some were
refused, 2 on errors, when no model is found or none is named ``--model``."""

from __future__ import annotations

import difflib
import sys

import click


def _untouched(path: str, source: str, to: str, model: str | None) -> list:
    """Why the models of a file that produced no outcome were left alone:
    [(model IR, message)], empty when the file has no model."""
    from ..engine import analyze

    found = []
    for ir in analyze(source, path).models:
        if model is not None and model not in (ir.name, ir.keras_name):
            continue
        state = f"already {to}" if ir.kind == to else f"{ir.kind}, which this rewrite does not turn into {to}"
        found.append((ir, f"{path}:line {ir.line}: {ir.kind} model `{ir.name}`: nothing to do: {state}"))
    return found


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--to", "to", type=click.Choice(["functional", "sequential"]), required=True,
              help="The style to rewrite models into (subclasses go to functional).")
@click.option("--model", "model", help="Only the model bound to this variable, builder or class.")
@click.option("--write", is_flag=True, help="Rewrite the files in place instead of printing a diff.")
@click.option("--input-shape", help="Input shape for models that have none, without the batch axis: 28,28.")
def command(paths, to, model, write, input_shape):
    """Rewrite Keras models in PATHS between Sequential, Functional and subclass style.

    Exit codes: 0 every model rewritten or already in the style asked for,
    1 some refused (the reason is printed), 2 a path that does not exist,
    no Keras model found, or no model named as --model asks."""
    from ..rewrite import parse_shape, rewrite_file
    from .inputs import fail, source_files

    try:
        shape = parse_shape(input_shape) if input_shape else None
    except ValueError as exc:
        click.echo(f"kgraphlint: error: --input-shape: {exc}", err=True)
        sys.exit(2)
    refused = found = 0
    for path in source_files(paths):
        try:
            result = rewrite_file(path, to, model=model, input_shape=shape)
        except Exception as exc:  # a tool failure is exit 2, never a traceback
            click.echo(f"kgraphlint: error: {path}: {type(exc).__name__}: {exc}", err=True)
            sys.exit(2)
        if not result.outcomes:
            for _, message in _untouched(path, result.source, to, model):
                found += 1
                click.echo(message, err=True)
        for outcome in result.outcomes:
            found += 1
            refused += not outcome.rewritten
            click.echo(f"{path}:{outcome.describe()}", err=True)
        if not result.changed:
            continue
        if write:
            from ..fixes import FileChangedError, write_atomic

            try:
                write_atomic(path, result.new_source, result.source)
            except FileChangedError as exc:
                click.echo(f"kgraphlint: error: {exc}", err=True)
                sys.exit(2)
        else:
            diff = difflib.unified_diff(
                result.source.splitlines(keepends=True),
                result.new_source.splitlines(keepends=True),
                fromfile=f"a/{path}",
                tofile=f"b/{path}",
            )
            click.echo("".join(diff), nl=False)
    if not found:
        fail(f"no model named {model!r} in {', '.join(paths)}" if model else f"no Keras model found in {', '.join(paths)}")
    sys.exit(1 if refused else 0)
