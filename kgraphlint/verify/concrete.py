"""Make a statically analysed model concrete enough to build in Keras.

Symbols take the defaults the analysis knows (builder-function defaults);
arguments that cannot change a shape or a count (activations, initializers,
regularizers, constraints, names) fall back to the catalogue default when
they are not plain literals. Anything else makes the model not verifiable.
"""

from __future__ import annotations

import copy

from ..graph import ModelIR, Node
from ..infer import infer
from ..layers import lookup
from ..layers.core import INPUT_SIGNATURE
from .literal import NotLiteral, Unresolved, substitute, to_source


class NotVerifiable(Exception):
    pass


SHAPE_NEUTRAL_SUFFIXES = ("_initializer", "_regularizer", "_constraint")
SHAPE_NEUTRAL = {"activation", "recurrent_activation", "name", "dtype", "activity_regularizer"}


def shape_neutral(arg: str) -> bool:
    return arg in SHAPE_NEUTRAL or arg.endswith(SHAPE_NEUTRAL_SUFFIXES)


def label(node: Node) -> str:
    return f"{node.name or node.id} ({node.cls})"


def defaults_of(node: Node) -> dict:
    if node.kind == "input":
        return dict(INPUT_SIGNATURE)
    entry = lookup(node.cls)
    return dict(entry.signature + entry.base_kwargs) if entry else {}


def _concretize_args(node: Node, symbols: dict, notes: list):
    defaults = defaults_of(node)
    for arg, value in list(node.args.items()):
        if isinstance(value, Node) or (arg == "layer" and node.inner is not None):
            continue  # wrapped layers are generated from ``node.inner``
        try:
            value = substitute(value, symbols)
            to_source(value)
        except (Unresolved, NotLiteral) as exc:
            if shape_neutral(arg) and arg in defaults:
                notes.append(f"{label(node)}: `{arg}` is not a literal; built with its default")
                value = defaults[arg]
            elif isinstance(exc, Unresolved) and exc.symbols != ["?"]:
                raise NotVerifiable(f"unresolved symbol {exc} in `{arg}` of {label(node)}") from None
            else:
                source = node.arg_sources.get(arg)
                shown = f" (`{source}`)" if isinstance(source, str) and len(source) < 60 else ""
                raise NotVerifiable(f"`{arg}` of {label(node)}{shown} is not a literal value") from None
        node.args[arg] = value
    for arg, value in list(node.call_kwargs.items()):
        try:
            node.call_kwargs[arg] = substitute(value, symbols)
            to_source(node.call_kwargs[arg])
        except (Unresolved, NotLiteral):
            raise NotVerifiable(f"call argument `{arg}` of {label(node)} is not a literal value") from None


def _walk(model: ModelIR, symbols: dict, notes: list):
    for node in model.nodes():
        if node.kind == "op":
            raise NotVerifiable(f"`{node.cls}` is not a Keras layer")
        if node.kind == "layer" and lookup(node.cls) is None:
            raise NotVerifiable(f"{node.cls} is not in the catalogue")
        if node.kind == "model":
            if node.submodel is None:
                raise NotVerifiable(f"the nested model {label(node)} could not be analysed")
            _walk(node.submodel, symbols, notes)
            continue
        inner = node.inner
        while inner is not None:
            if lookup(inner.cls) is None:
                raise NotVerifiable(f"{inner.cls} is not in the catalogue")
            _concretize_args(inner, symbols, notes)
            inner = inner.inner
        backward = node.args.get("backward_layer")
        if isinstance(backward, Node):
            _concretize_args(backward, symbols, notes)
        _concretize_args(node, symbols, notes)


def _all_nodes(model: ModelIR):
    for node in model.nodes():
        yield node
        if node.submodel is not None:
            yield from _all_nodes(node.submodel)


def concretize(model: ModelIR, symbols: dict | None = None) -> tuple:
    """(a concrete, re-inferred copy of ``model``, notes) or NotVerifiable."""
    if not model.built:
        raise NotVerifiable("the model has no input shape, so Keras does not build it either")
    if not model.inputs:
        raise NotVerifiable("the model has no Input")
    # LayerError cannot be deep-copied (its __init__ takes two arguments);
    # share the old ones, ``infer`` below recomputes them anyway.
    errors = [n.error for n in _all_nodes(model) if n.error is not None]
    clone = copy.deepcopy(model, memo={id(e): e for e in errors})
    notes: list = []
    _walk(clone, dict(symbols or {}), notes)
    infer(clone)
    for node in clone.nodes():
        if node.stopped:
            raise NotVerifiable(f"at {label(node)}: {node.stopped}")
    return clone, notes
