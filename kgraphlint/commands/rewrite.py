"""``kgraphlint rewrite --to functional|sequential FILES``: print a diff, or
write in place with --write. Exit 0 when every model found was rewritten (or
was already in the style asked for, which is said), 1 when some were
refused, 2 on errors, when no model is found or none is named ``--model``.

A notebook is rewritten as the module of its code cells; only the cells the
rewrite changes are written back (validated with nbformat), and its diff is
shown per cell."""

from __future__ import annotations

import difflib
import sys

import click


def _untouched(path: str, source: str, to: str, model: str | None, notebook=None) -> list:
    """Why the models of a file that produced no outcome were left alone:
    [(model IR, message)], empty when the file has no model."""
    from ..engine import analyze

    found = []
    for ir in analyze(source, path).models:
        if model is not None and model not in (ir.name, ir.keras_name):
            continue
        state = f"already {to}" if ir.kind == to else f"{ir.kind}, which this rewrite does not turn into {to}"
        where = _line_in(notebook, ir.line)
        found.append((ir, f"{path}:{where}: {ir.kind} model `{ir.name}`: nothing to do: {state}"))
    return found


def _line_in(notebook, line: int) -> str:
    """``line 5``, or ``cell 3:line 2`` in a notebook."""
    where = notebook.locate(line) if notebook is not None else None
    return f"cell {where[0]}:line {where[1]}" if where else f"line {line}"


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
    from ..notebook import NotebookError, is_notebook, read_notebook

    refused = found = unreadable = 0
    for path in source_files(paths):
        notebook = None
        try:
            if is_notebook(path):
                with open(path, encoding="utf-8", newline="") as f:
                    notebook = read_notebook(f.read())
                result = _rewrite_notebook(notebook, to, model, shape)
            else:
                result = rewrite_file(path, to, model=model, input_shape=shape)
        except (NotebookError, UnicodeDecodeError) as exc:
            if notebook is None:  # cannot be read: said, and the other files are still rewritten
                where = f":{exc.line}:{exc.column}" if isinstance(exc, NotebookError) else ""
                click.echo(f"kgraphlint: error: {path}{where}: {exc}", err=True)
                unreadable += 1
            else:  # the rewrite cannot be put back into the cells
                click.echo(f"{path}: not rewritten: {exc}", err=True)
                found += 1
                refused += 1
            continue
        except Exception as exc:  # a tool failure is exit 2, never a traceback
            click.echo(f"kgraphlint: error: {path}: {type(exc).__name__}: {exc}", err=True)
            sys.exit(2)
        if not result.outcomes:
            source = notebook.source if notebook is not None else result.source
            for _, message in _untouched(path, source, to, model, notebook):
                found += 1
                click.echo(message, err=True)
        for outcome in result.outcomes:
            found += 1
            refused += not outcome.rewritten
            click.echo(f"{path}:{_described(notebook, outcome)}", err=True)
        if not result.changed:
            continue
        if write:
            from ..fixes import FileChangedError, write_atomic

            try:
                write_atomic(path, result.new_source, result.source)
            except FileChangedError as exc:
                click.echo(f"kgraphlint: error: {exc}", err=True)
                sys.exit(2)
        elif notebook is not None:
            click.echo(notebook.diff(notebook.changes_to(read_notebook(result.new_source)), path), nl=False)
        else:
            diff = difflib.unified_diff(
                result.source.splitlines(keepends=True),
                result.new_source.splitlines(keepends=True),
                fromfile=f"a/{path}",
                tofile=f"b/{path}",
            )
            click.echo("".join(diff), nl=False)
    if unreadable:
        sys.exit(2)
    if not found:
        fail(f"no model named {model!r} in {', '.join(paths)}" if model else f"no Keras model found in {', '.join(paths)}")
    sys.exit(1 if refused else 0)


def _rewrite_notebook(notebook, to, model, shape):
    """The RewriteResult over the notebook file's text: the module of the code
    cells is rewritten and the changed cells are put back."""
    from dataclasses import replace

    from ..notebook import validate
    from ..rewrite import rewrite_source

    text = notebook.text
    result = rewrite_source(notebook.source, to, model=model, input_shape=shape)
    new_text = notebook.with_sources(notebook.split(result.new_source)) if result.changed else text
    if new_text != text:
        validate(new_text)
    return replace(result, source=text, new_source=new_text)


def _described(notebook, outcome) -> str:
    """The outcome's description, its line given within its cell in a notebook."""
    where = notebook.locate(outcome.line) if notebook is not None else None
    if where is None:
        return outcome.describe()
    from dataclasses import replace

    return f"cell {where[0]}:" + replace(outcome, line=where[1]).describe()
