"""KG5xx: suggestions. KG501 points at `kgraphlint rewrite` for models it can
move to the Functional API; info only, and off unless selected."""

from __future__ import annotations

from typing import ClassVar

from .base import Rule


class RewriteAvailable(Rule):
    code = "KG501"
    name = "rewrite-available"
    severity = "info"
    summary = "A Sequential or subclassed model `kgraphlint rewrite --to functional` can rewrite for you."
    default_enabled: ClassVar[bool] = False  # opt in with --select KG501

    def check(self, analysis, context):
        from ..pyast import TooDeepForCst
        from ..rewrite.candidates import rewrite_candidates

        try:
            candidates = list(rewrite_candidates(analysis))
        except TooDeepForCst:  # libcst cannot hold this file, so no rewrite can be offered
            return
        for model, outcome in candidates:
            style = "subclassed" if model.kind == "subclass" else "Sequential"
            yield context.report(
                model.span,
                f"{style} model `{outcome.model}` can be rewritten with the Functional API, which grows into "
                f"several inputs, outputs and branches: "
                f"kgraphlint rewrite --to functional --model {outcome.model} {analysis.path}",
                model=model,
            )


RULES = (RewriteAvailable,)
