"""Rules the framework itself raises: KG000 (a rule crashed) and KG001 (the
file does not parse). They have pages and codes like any other rule."""

from __future__ import annotations

from .base import Rule


class InternalError(Rule):
    code = "KG000"
    name = "internal-error"
    severity = "error"
    summary = "A rule crashed on this file; the other rules still ran."


class SyntaxErrorRule(Rule):
    code = "KG001"
    name = "syntax-error"
    severity = "error"
    summary = "The file does not parse as Python, so nothing in it was checked."


RULES = (InternalError, SyntaxErrorRule)
