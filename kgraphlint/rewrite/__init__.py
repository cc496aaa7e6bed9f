"""Rewrite models between the Sequential, Functional and subclass styles.

``rewrite_source`` is pure (text in, text out); the command and the KG501 rule
sit on top of it. Only the statements of a rewritten model change: libcst
prints everything else back byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from . import to_functional
from .apply import apply
from .context import Context, Outcome, Refused

__all__ = ["Outcome", "Refused", "RewriteResult", "parse_shape", "rewrite_source"]


@dataclass
class RewriteResult:
    source: str
    new_source: str
    outcomes: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new_source != self.source


def rewrite_source(source: str, to: str, model: str | None = None, input_shape=None, analysis=None) -> RewriteResult:
    """Rewrite every model (or the one bound to ``model``) into style ``to``."""
    if analysis is None:
        analysis = _analyze(source)
    ctx = Context(source, input_shape=input_shape, analysis=analysis)
    outcomes = []
    if to not in ("functional", "sequential"):
        raise ValueError(f"unknown style {to!r}")
    from . import subclass, to_sequential

    for owner, body in list(ctx.blocks()):
        if to == "functional":
            outcomes += to_functional.rewrite(ctx, body, model, owner)
            outcomes += subclass.rewrite(ctx, body, model)
        else:
            outcomes += to_sequential.rewrite(ctx, body, model, owner)
    new = apply(ctx)
    if new != source:
        cst.parse_module(new)  # a rewrite that does not parse is a bug: fail loudly
    return RewriteResult(source, new, sorted(outcomes, key=lambda o: o.line))


def _analyze(source: str):
    """The engine's view of the file: which calls are models, their inferred shapes."""
    from ..engine import analyze

    try:
        found = analyze(source)
    except Exception:  # extraction failing must not stop a syntactic rewrite
        return None
    return None if getattr(found, "syntax_error", None) else found


def parse_shape(text: str) -> tuple:
    """``28,28`` -> (28, 28); ``None`` or ``?`` for a free axis."""
    dims = []
    for part in text.replace("(", "").replace(")", "").split(","):
        part = part.strip()
        if not part:
            continue
        dims.append(None if part in ("None", "?") else int(part))
    if not dims:
        raise ValueError("an input shape needs at least one dimension")
    return tuple(dims)


def rewrite_file(path: str, to: str, model=None, input_shape=None) -> RewriteResult:
    """Read ``path`` exactly (newlines kept) and rewrite it; nothing is written."""
    with open(path, encoding="utf-8", newline="") as f:
        source = f.read()
    return rewrite_source(source, to, model=model, input_shape=input_shape)
