"""`kgraphlint summary`: model.summary() for every model in the files, statically.

Never imports TensorFlow and never runs the user's file: extraction and
inference only. Symbolic dimensions and counts print as their expressions,
unknown ones as ``?``; a model whose inference stopped shows ``≥`` totals and
the node where it stopped.
"""

from __future__ import annotations

import json

import click

from ..dims import UNKNOWN, Expr, Unknown, format_shape, is_int, shape_to_json
from ..infer import count_text
from ..table import box_table


def _count_json(value):
    if is_int(value):
        return value
    if isinstance(value, Expr):
        return str(value)
    return "?"


def layer_params(node):
    """A row's count: an int, a symbolic string, or "?"."""
    if node.kind == "model" or not node.weights:
        value = node.params
        if node.stopped and not is_int(value):
            return "?"
        return _count_json(value)
    text = count_text(node.weights)
    return int(text) if text.isdigit() else text


def _place(notebook, line):
    """(cell, line in cell) of a module line in a notebook, else (None, line)."""
    where = notebook.locate(line) if notebook is not None and line else None
    return where if where is not None else (None, line)


def _at(notebook, line) -> str:
    cell, row = _place(notebook, line)
    return f"cell {cell}, line {row}" if cell else f"line {row}"


def _reason_json(notebook, line, why) -> dict:
    cell, row = _place(notebook, line)
    return {**({"cell": cell} if notebook is not None else {}), "line": row, "reason": why}


def model_json(model, notebook=None) -> dict:
    """The summary as JSON; in a notebook, lines are within the ``cell`` given."""
    # Keras reports an unbuilt model's layers with no weights: 0 params, "?" shapes.
    total, trainable, non_trainable = model.totals() if model.built else (0, 0, 0)
    shapes = model.built
    last_shapes = model.row_output_shapes()
    reasons = model.unknown_reasons()
    if model.built and not model.totals_known():  # a total that may be wrong is never given as a number
        total = trainable = non_trainable = UNKNOWN
    cell, line = _place(notebook, model.line)
    return {
        "path": model.path,
        **({"cell": cell} if notebook is not None else {}),
        "line": line,
        "name": model.name,
        "keras_name": model.keras_name if isinstance(model.keras_name, str) else None,
        "kind": model.kind,
        "inputs": [shape_to_json(_shape(model, r)) for r in model.inputs],
        "outputs": [shape_to_json(_shape(model, r)) for r in model.outputs],
        "total_params": _count_json(total),
        "trainable_params": _count_json(trainable),
        "non_trainable_params": _count_json(non_trainable),
        "exact": not reasons,
        "unknown_reasons": [_reason_json(notebook, at, why) for at, why in reasons],
        "layers": [
            {
                "name": n.name,
                "class": n.cls,
                **({"cell": _place(notebook, n.span.line if n.span else None)[0]} if notebook is not None else {}),
                "line": _place(notebook, n.span.line)[1] if n.span else None,
                "output_shape": shape_to_json(last_shapes[n.layer_key]) if shapes and model.shape_known(n) else "?",
                "params": (layer_params(n) if model.params_known(n) else "?") if model.built else 0,
                "exact": model.row_exact(n) or not model.built,
            }
            for n in model.rows()
        ],
    }


def _shape(model, ref):
    node = model.node(ref.node)
    if ref.index < len(node.output_shapes):
        return node.output_shapes[ref.index]
    return None


def readable_size(params) -> str:
    """Keras's readable_memory_size for float32 weights."""
    size = float(params * 4)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _total_text(value, lower_bound: bool, known=None) -> str:
    if is_int(value):
        return ("≥ " if lower_bound else "") + f"{value:,} ({readable_size(value)})"
    if isinstance(value, Unknown) or value is None:
        return f"≥ {known:,} (some layers unknown)" if lower_bound and known is not None else "?"
    return ("≥ " if lower_bound else "") + str(value)


def _maybe(text: str) -> str:
    return text if text.endswith("?") else text + "?"


def _known_part(model, attr: str) -> int:
    """The concrete part of a count whose full value is unknown: a lower bound."""
    return sum(v for v in (getattr(n, attr) for n in model.rows()) if is_int(v))


def _connected(model, node, names: dict) -> str:
    calls = [n for n in model.nodes() if n.layer_key == node.layer_key]
    parts = []
    for call in calls:
        for ref in call.inputs:
            src = model.node(ref.node)
            index = [n.id for n in model.nodes() if n.layer_key == src.layer_key].index(src.id)
            parts.append(f"{names.get(src.id, src.name)}[{index}][{ref.index}]")
    return ", ".join(parts) or "-"


def model_text(model, notebook=None) -> str:
    rows = model.rows()
    last_shapes = model.row_output_shapes()
    functional = model.kind == "functional"
    header = ["Layer (type)", "Output Shape", "Param #"] + (["Connected to"] if functional else [])
    names = {n.id: n.name for n in model.nodes()}
    body = []
    for n in rows:
        if not model.built:
            shape, params = "?", "0 (unbuilt)"
        else:
            shape, params = format_shape(last_shapes[n.layer_key]), layer_params(n)
            params = f"{params:,}" if is_int(params) else str(params)
            # a value ending in ? is what it would be, were this path the one Keras takes
            shape = shape if model.shape_known(n) else _maybe(shape)
            params = params if model.params_known(n) else _maybe(params)
        row = [f"{n.name} ({n.cls})", shape, params]
        if functional:
            row.append(_connected(model, n, names))
        body.append(row)
    title = model.keras_name or model.name
    cell, row = _place(notebook, model.line)
    where = f"{model.path}:{f'cell {cell}:' if cell else ''}{row}"
    out = [f'Model: "{title}"  ({model.name}, {model.kind}, {where}'
           + (f", in {model.function}()" if model.function else "") + ")"]
    out += box_table(header, body, min_widths=(31, 22, 13, 20), right=(2,))
    total, trainable, non_trainable = model.totals() if model.built else (0, 0, 0)
    reasons = model.unknown_reasons()
    # The known part is a lower bound only when the graph itself is certain and
    # only some layers' counts are missing; a guessed path may add or remove layers.
    certain = model.structure_certain()
    lower = model.built and certain and not model.totals_known()
    if model.built and not model.totals_known():
        total = trainable = non_trainable = UNKNOWN
    known_t = _known_part(model, "trainable_params")
    known_n = _known_part(model, "non_trainable_params")
    out.append(f" Total params: {_total_text(total, lower, known_t + known_n)}")
    out.append(f" Trainable params: {_total_text(trainable, lower, known_t)}")
    out.append(f" Non-trainable params: {_total_text(non_trainable, lower, known_n)}")
    if not model.built:
        out.append(" (unbuilt: no input shape is given, so Keras has not created the weights yet)")
    if reasons:
        guessed = any(n.approximate for n in rows)
        out.append(" Not exact" + (" (a value ending in ? is what it would be on the path analysed)" if guessed else "")
                   + ":")
    for at, why in reasons[:8]:
        out.append(f"  {_at(notebook, at)}: {why}" if at else f"  {why}")
    if len(reasons) > 8:
        out.append(f"  … and {len(reasons) - 8} more")
    for n in model.nodes():
        if n.error is not None:
            out.append(f" error at {n.name} ({n.cls}): {n.error.message}")
    return "\n".join(out)


def summarize(paths) -> tuple:
    """(models, messages, number of files summarized, {path: Notebook} for the notebooks)."""
    from ..engine import analyze
    from ..notebook import NotebookError, load
    from .inputs import project_modules

    modules = project_modules(paths)
    models, messages, ok, notebooks = [], [], 0, {}
    for path in paths:
        try:
            source, notebook = load(path)
        except (OSError, UnicodeDecodeError) as exc:
            messages.append(f"{path}: cannot read: {exc}")
            continue
        except NotebookError as exc:
            messages.append(f"{path}:{exc.line}:{exc.column}: {exc}")
            continue
        try:
            extraction = analyze(source, path, modules=modules)
        except Exception as exc:  # reported with its file; the other files still get their summary
            messages.append(f"{path}: internal error: {type(exc).__name__}: {exc}; please report this")
            continue
        if extraction.internal_error:
            messages.append(f"{path}: {extraction.internal_error}")
        if extraction.syntax_error is not None:
            err = extraction.syntax_error
            cell, line = _place(notebook, err.span.line) if err.span else (None, "?")
            where = f"{f'cell {cell}:' if cell else ''}{line}:{err.span.column}" if err.span else "?"
            messages.append(f"{path}:{where}: {err.message}")
            continue
        ok += 1
        models.extend(extraction.models)
        if notebook is not None:
            notebooks[path] = notebook
    return models, messages, ok, notebooks


HEADER_HELP = """\b
Each model starts with a header:
  Model: "sequential"  (model, sequential, net.py:12, in build())
  - "sequential": the name Keras gives the model (its name= or Keras's default)
  - model: the variable (or function, class) the model is bound to
  - sequential: its kind: sequential, functional or subclass
  - net.py:12: where it is built, and the function it is built in, if any
"""


@click.command("summary", epilog=HEADER_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--model", "model_name", help="Only this model (variable or Keras name).")
def command(paths, fmt, model_name):
    """Print model.summary() for every model in PATHS (files or directories),
    without running them.

    Exit codes: 0 printed, 2 a path that does not exist, no file could be
    read, no Keras model found, or no model named as --model asks."""
    from .. import keras_source
    from .inputs import fail, select_models, source_files

    files = source_files(paths)
    models, messages, ok, notebooks = summarize(files)
    for message in messages:
        click.echo(message, err=True)
    note = keras_source.version_note() if keras_source.shared().used else None
    if note:  # the numbers are those of the Keras whose source is read
        click.echo(note, err=True)
    if ok == 0:
        fail("no file could be analysed")
    models = select_models(models, model_name, paths)
    if fmt == "json":
        rows = [model_json(m, notebooks.get(m.path)) for m in models]
        click.echo(json.dumps({"models": rows}, indent=2, ensure_ascii=False))
    else:
        click.echo("\n\n".join(model_text(m, notebooks.get(m.path)) for m in models))
