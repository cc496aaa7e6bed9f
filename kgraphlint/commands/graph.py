"""`kgraphlint graph FILE`: draw a model as Mermaid, DOT or SVG (no Graphviz).
FILE may be a notebook: its code cells, in order, are the program."""

from __future__ import annotations

import sys

import click


def pick(models: list, name: str | None, fmt: str) -> list:
    """The models to draw; a name rebound later means its last model, as in Python."""
    if name is not None:
        found = [m for m in models if name in (m.name, m.keras_name)]
        if not found:
            known = ", ".join(sorted({m.name for m in models})) or "none"
            raise click.UsageError(f"no model named {name!r} (models: {known})")
        return found[-1:]
    if fmt == "svg" and len(models) > 1:
        known = ", ".join(m.name for m in models)
        raise click.UsageError(f"the file has {len(models)} models ({known}); choose one with --model")
    return models


@click.command("graph")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot", "svg"]), default="mermaid", show_default=True)
@click.option("--model", "model_name", help="Draw only this model (variable or Keras name).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def command(file, fmt, model_name, output):
    """Draw each model of FILE: layer names, classes, output shapes and
    parameter counts; nested models as labelled clusters."""
    from ..engine import analyze
    from ..notebook import NotebookError, load
    from ..render import render

    try:
        source, _ = load(file)
    except (OSError, UnicodeDecodeError, NotebookError) as exc:
        click.echo(f"{file}: cannot read: {exc}", err=True)
        sys.exit(2)
    models = analyze(source, file).models
    if not models:
        click.echo(f"{file}: no Keras model found", err=True)
        sys.exit(2)
    text = "\n".join(render(m, fmt) for m in pick(models, model_name, fmt))
    if output:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        click.echo(text, nl=False)
