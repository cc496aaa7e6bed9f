"""What the server shows on hover: for a layer call, a layer variable or a
model variable, what ``summary`` knows (output shape, params — symbolic or
``?`` with the reason — and the Keras name). Pure: an analysed file and a
1-based (line, character column) in, Markdown out."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..dims import format_shape, is_int
from ..graph import row_known
from ..modeldiff import maybe, ref_shape, row_params, snapshot
from ..pyast import SourceText


@dataclass(frozen=True)
class Target:
    span: tuple  # (line, column, end_line, end_column), 1-based, end exclusive
    model: object  # ModelIR
    node: object = None  # Node, or None for the model itself

    def contains(self, line: int, column: int) -> bool:
        start, end = self.span[:2], self.span[2:]
        return start <= (line, column) < end

    @property
    def size(self) -> tuple:
        return (self.span[2] - self.span[0], self.span[3] - self.span[1] if self.span[0] == self.span[2] else 0)


def _spans(extraction) -> list:
    """Layer calls, layer constructions and model calls, as targets."""
    out = []
    for model in extraction.models:
        if model.span is not None:  # a class: its header line, not the whole body
            span = _tuple(model.span)
            out.append(Target(span if model.kind != "subclass" else (span[0], span[1], span[0] + 1, 1), model))
        for node in model.nodes():
            for span in (node.call_span, node.span):
                # a subclass's implicit input stands on the whole class: not a place to hover
                if span is not None and not (model.kind == "subclass" and span == model.span):
                    out.append(Target(_tuple(span), model, node))
    return out


def _tuple(span) -> tuple:
    return span.line, span.column, span.end_line, span.end_column


def index(extraction, source: str) -> list:
    """Every hover target of the file: the spans above plus each name bound
    to one of them (``dense = Dense(64)``, ``model = keras.Model(...)``),
    wherever the name is read later in the same function."""
    spans = _spans(extraction)
    by_start: dict = {}
    for target in spans:
        by_start.setdefault(target.span[:2], []).append(target)
    text = SourceText(source)
    names: list = []
    tree = getattr(extraction, "tree", None)
    if tree is not None:
        _bind(tree, text, by_start, {}, names, extraction.models)
    return spans + names


_NEVER = object()


def _bind(scope, text, by_start, outer: dict, out: list, models) -> None:
    """Walk one function (or the module) in source order: an assignment
    binds its names to targets once its value has been read (so the ``x``
    in ``x = dense(x)`` is the previous one); reads hover as their binding."""
    bound = dict(outer)  # name -> [Target]
    stack = [scope]
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):  # ("bind", names, targets), after the value
            for name in node[1]:
                # a value we know nothing of: only a model known by this variable
                bound[name] = node[2] or [Target((0, 0, 0, 0), m) for m in models if m.name == name]
            continue
        if node is not scope and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            _bind(node, text, by_start, bound, out, models)
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            where = text.position(node)
            if where and where[:2] in by_start:  # `shared(x)`: the callee hovers as this call
                stack.extend(reversed(node.args + node.keywords))
                continue
        if isinstance(node, ast.Name):
            found: Any = bound.get(node.id, _NEVER) if isinstance(node.ctx, ast.Load) else _NEVER
            if found is _NEVER:  # a model built elsewhere (a builder, a subclass) is known by its variable
                found = [Target((0, 0, 0, 0), m) for m in models if m.name == node.id]
            where = text.position(node)
            if found and where:
                out += [Target(where, t.model, t.node) for t in found]
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            where = text.position(node.value)
            found = by_start.get(where[:2]) if where else None
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            stack.append(("bind", [t.id for t in targets if isinstance(t, ast.Name)], found))
            if found:
                # the targets hover as what they are being bound to
                for t in targets:
                    where = text.position(t) if isinstance(t, ast.Name) else None
                    if where:
                        out += [Target(where, f.model, f.node) for f in found]
                stack.append(node.value)
                continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def hover_markdown(targets: list, line: int, column: int) -> str | None:
    """Markdown for the most specific target at (line, column), or None."""
    here = [t for t in targets if t.contains(line, column)]
    if not here:
        return None
    smallest = min(t.size for t in here)
    here = [t for t in here if t.size == smallest]
    if any(t.node is None or t.node.kind != "input" for t in here):  # a Sequential's implicit input
        here = [t for t in here if t.node is None or t.node.kind != "input"]
    # A construction (or its variable) of a layer called twice: its first call.
    seen: set = set()
    calls = []
    for t in here:
        key = (id(t.model), t.node.layer_key if t.node is not None else None)
        at_call = t.node is not None and t.node.call_span is not None and _tuple(t.node.call_span) == t.span
        if at_call or key not in seen:
            calls.append(t)
        seen.add(key)
    parts = []
    for t in calls:
        part = model_markdown(t.model) if t.node is None else layer_markdown(t.model, t.node)
        if part not in parts:
            parts.append(part)
    return "\n\n---\n\n".join(parts[:3])


def _own_reasons(model, node, texts) -> list:
    """Why this call's own numbers are not exact (empty when they are)."""
    out = []
    if node.approximate:
        line, why = node.approximate if isinstance(node.approximate, tuple) else (None, "")
        out.append(f"line {line}: {why}" if line and why else "it is made on a path taken without knowing its condition")
    if node.stopped:
        out.append(node.stopped)
    if node.error is not None:
        out.append(node.error.message)
    for name, (line, why) in (getattr(model, "unknown_symbols", None) or {}).items():
        if any(re.search(rf"\b{re.escape(name)}\b", t) for t in texts):
            out.append(f"line {line}: {why}" if line else why)
    return out


def _why(model, node, texts) -> str | None:
    """Why a call's shape or count is not exact: its own reasons, or the
    first one upstream of it."""
    own = _own_reasons(model, node, texts)
    if own:
        return "; ".join(own)
    if row_known(node) and all(row_known(model.node(r.node)) for r in node.inputs):
        return None
    upstream = nx.ancestors(model.graph, node.id)
    for other in model.nodes():
        if other.id in upstream:
            why = _own_reasons(model, other, [format_shape(other.output_shape)])
            if why:
                line = other.call_span.line if other.call_span else (other.span.line if other.span else "?")
                return f"upstream, at {other.name} ({other.cls}, line {line}): {'; '.join(why)}"
    return "a value upstream is not known" if not row_known(node) else None


def layer_markdown(model, node) -> str:
    first = next((n for n in model.rows() if n.layer_key == node.layer_key), node)
    shape = format_shape(node.output_shape) if model.built else "?"
    params = row_params(first) if model.built else "0"
    why = _why(model, node, [shape, params]) or (_why(model, first, [params]) if first is not node else None)
    if not model.built:
        why = "the model is unbuilt (no input shape given): Keras has not made its weights"
    elif why or not row_known(node) or not row_known(first):
        shape, params = maybe(shape), maybe(params)
    title = f"**{node.name}** (`{node.cls}`), in {model.kind} model `{model.name}`"
    lines = [f"{title} (Keras name \"{model.keras_name or model.name}\")", "",
             f"- Output shape: `{shape}`", f"- Params: `{params}`"]
    if first is not node:
        lines.append(f"- Shared: this call reuses the weights of `{first.name}` (counted once)")
    if why or "?" in shape or "?" in params:
        lines.append(f"- Not exact: {why or 'a value is unknown'}")
    elif not is_int(first.params):
        lines.append("- Symbolic: the count depends on names whose values are given when the code runs")
    return "\n".join(lines)


def model_markdown(model) -> str:
    snap = snapshot(model)
    lines = [f"**{snap.variable}**: {snap.kind} model (Keras name \"{snap.keras_name}\", line {snap.line})", "",
             f"- Total params: `{snap.total.text()}`", f"- Trainable params: `{snap.trainable.text()}`",
             f"- Non-trainable params: `{snap.non_trainable.text()}`",
             f"- Inputs: `{', '.join(format_shape(ref_shape(model, r)) for r in model.inputs) or '?'}`",
             f"- Outputs: `{', '.join(snap.outputs) or '?'}`", f"- Layers: {len(snap.layers)}"]
    if snap.total.reason:
        lines.append(f"- Not exact: {snap.total.reason}" if not snap.total.exact else f"- Note: {snap.total.reason}")
    return "\n".join(lines)
