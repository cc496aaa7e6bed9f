"""Turn resolved argument values into Python source, and nothing else.

The generated program must never contain text the user wrote: every value
goes through ``to_source``, which accepts only plain literals of exact
built-in types (a ``str`` subclass could override ``__repr__``) and writes
them with ``repr``. Anything else raises ``NotLiteral``.
"""

from __future__ import annotations

import math

from ..dims import Expr, Unknown, is_int


class NotLiteral(Exception):
    """A value that cannot be written as a plain literal."""


class Unresolved(Exception):
    """A symbol (or UNKNOWN) with no default the analysis knows."""

    def __init__(self, symbols):
        self.symbols = sorted(symbols)
        super().__init__(", ".join(self.symbols) or "?")


def to_source(value) -> str:
    kind = type(value)
    if value is None or kind in (bool, int, str, bytes):
        return repr(value)
    if kind is float:
        return repr(value) if math.isfinite(value) else f"float({str(value)!r})"
    if kind is tuple:
        items = [to_source(v) for v in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if kind is list:
        return "[" + ", ".join(to_source(v) for v in value) + "]"
    if kind is dict:
        return "{" + ", ".join(f"{to_source(k)}: {to_source(v)}" for k, v in value.items()) + "}"
    raise NotLiteral(type(value).__name__)


def substitute(value, defaults: dict):
    """``value`` with every symbol replaced by its known default.

    Raises ``Unresolved`` naming the symbols that have none.
    """
    if isinstance(value, Unknown):
        raise Unresolved(["?"])
    if isinstance(value, Expr):
        missing = {a for a in value.atoms if not is_int(defaults.get(a))}
        if missing:
            raise Unresolved(missing)
        total = 0
        for monomial, coeff in value.terms.items():
            term = coeff
            for atom in monomial:
                term *= defaults[atom]
            total += term
        return total
    if type(value) in (tuple, list):
        return type(value)(substitute(v, defaults) for v in value)
    if type(value) is dict:
        return {k: substitute(v, defaults) for k, v in value.items()}
    return value


def has_symbols(value) -> bool:
    if isinstance(value, (Expr, Unknown)):
        return True
    if isinstance(value, (tuple, list)):
        return any(has_symbols(v) for v in value)
    return False
