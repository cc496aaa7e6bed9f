"""Layer calls that no model contains.

Keras computes a layer call's output shape when the call runs, so
``Add()([a, b])`` on (56, 56, 32) and (112, 112, 32) raises on that line even
if no ``Model(...)`` is ever built from it (a notebook cell, a helper that
returns a tensor). The extractor records every call on its file-wide tape;
here the calls that reach no model are cut into one graph and inferred like a
model, so the shape rules can check them too.
"""

from __future__ import annotations

from ..graph import ModelIR, Span, TensorRef
from .base import after_invalid_arguments


def dangling_nodes(analysis) -> list:
    """(graph, node) for every layer call outside all models, inferred once
    per analysis."""
    cached = analysis.__dict__.get("_dangling")
    if cached is None:
        cached = analysis.__dict__["_dangling"] = _loose_calls(analysis)
    return cached


def _loose_calls(analysis) -> list:
    from ..extract.tape import fill_ir
    from ..infer import infer

    tape = getattr(analysis.extraction, "tape", None)
    if tape is None or not tape.nodes:
        return []
    in_models = set()
    for model in analysis.models:
        in_models.update(model.graph.nodes)
    loose = {nid for nid, node in tape.nodes.items()
             if nid not in in_models and node.kind != "input" and not node.internal}
    if not loose:
        return []
    consumed = {ref.node for node in tape.nodes.values() for ref in node.inputs}
    sinks = [TensorRef(nid) for nid in tape.nodes if nid in loose and nid not in consumed]
    graph = ModelIR(name="", kind="functional", path=analysis.path, span=Span(1, 1, 1, 1))
    fill_ir(graph, tape, [], sinks)
    infer(graph)
    after = {node_id for _, node_id in after_invalid_arguments(analysis, [graph])}  # Keras stopped before them
    return [(graph, node) for node in graph.nodes() if node.id in loose and node.id not in after]
