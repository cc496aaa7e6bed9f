"""`kgraphlint graph PATHS`: draw models as Mermaid, DOT or SVG (no Graphviz).

Every model found is drawn by default, all in one document of the chosen
format (one Mermaid flowchart, one DOT graph, one SVG), each model a
cluster; ``--model`` draws one."""

from __future__ import annotations

import click


@click.command("graph")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot", "svg"]), default="mermaid", show_default=True)
@click.option("--model", "model_name", help="Draw only this model (variable or Keras name).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def command(paths, fmt, model_name, output):
    """Draw the models of PATHS (files or directories): layer names, classes,
    output shapes and parameter counts; nested models as labelled clusters.
    Several models are drawn side by side in one picture, one cluster each.

    Exit codes: 0 drawn, 2 a path that does not exist, no Keras model found,
    or no model named as --model asks."""
    from ..engine import analyze
    from ..render import render_all
    from .inputs import project_modules, select_models, source_files

    models = []
    modules = project_modules(paths)
    for path in source_files(paths):
        try:
            with open(path, encoding="utf-8") as f:
                models += analyze(f.read(), path, modules=modules).models
        except (OSError, UnicodeDecodeError) as exc:
            click.echo(f"kgraphlint: warning: skipped {path}: cannot read: {exc}", err=True)
    chosen = select_models(models, model_name, paths)
    title = f"{len(chosen)} models in {', '.join(paths)}"
    text = render_all(chosen, fmt, title)
    if output:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        click.echo(text, nl=False)
