"""Pictures of a model: Mermaid, DOT and a self-drawn SVG (``kgraphlint graph``)."""

from __future__ import annotations

from .dot import to_dot
from .flat import flatten, flatten_all
from .mermaid import to_mermaid
from .svg import to_svg

WRITERS = {"mermaid": to_mermaid, "dot": to_dot, "svg": to_svg}


def render(model, fmt: str) -> str:
    return WRITERS[fmt](flatten(model))


def render_all(models: list, fmt: str, title: str) -> str:
    """One picture of several models (one document, one graph, one SVG)."""
    return WRITERS[fmt](flatten_all(models, title))
