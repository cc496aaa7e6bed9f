"""Which models of an analysed file ``kgraphlint rewrite --to functional``
would rewrite: what KG501 suggests."""

from __future__ import annotations


def rewrite_candidates(analysis) -> list:
    """[(ModelIR, Outcome)] for every Sequential or subclass model the rewrite handles.

    ``analysis`` is the rules' Analysis (source + extraction). Functional models
    are never suggested: the Functional API is the style to grow into.
    """
    from . import rewrite_source

    extraction = getattr(analysis, "extraction", None)
    if extraction is None or not getattr(extraction, "models", None):
        return []
    wanted = [m for m in extraction.models if m.kind in ("sequential", "subclass")]
    if not wanted:
        return []
    result = rewrite_source(analysis.source, "functional", analysis=extraction)
    by_line = {o.line: o for o in result.outcomes if o.rewritten}
    return [(m, by_line[m.span.line]) for m in wanted if m.span.line in by_line]
