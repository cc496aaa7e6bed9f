"""Dimensions: an int, ``None`` (Keras's unknown batch or free axis), a symbol
known only by name (``units``), or ``UNKNOWN`` where inference stopped.

Symbols are polynomials with integer coefficients, so ``784*units + units``
can be printed and added exactly; anything that is not a polynomial (a floor
division that does not divide evenly) becomes an opaque atom named by its
own text, which keeps it exact without a computer-algebra dependency.
"""

from __future__ import annotations

from collections.abc import Iterable

Monomial = tuple  # sorted tuple of atom names, with repetition for powers


class Unknown:
    """A value inference could not determine. Absorbs every operation."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "?"

    def _absorb(self, *_):
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _absorb
    __floordiv__ = __rfloordiv__ = __neg__ = _absorb

    def __reduce__(self):
        return (Unknown, ())


UNKNOWN = Unknown()


class Expr:
    """An integer polynomial over named atoms; immutable and hashable."""

    __slots__ = ("_hash", "terms")

    def __init__(self, terms: dict):
        self.terms = {m: c for m, c in terms.items() if c != 0}
        self._hash = None

    @staticmethod
    def symbol(name: str) -> Expr:
        return Expr({(name,): 1})

    # -- arithmetic ------------------------------------------------------
    @staticmethod
    def _lift(other) -> Expr | None:
        if isinstance(other, Expr):
            return other
        if isinstance(other, bool):
            return None
        if isinstance(other, int):
            return Expr({(): other})
        return None

    def __add__(self, other):
        o = Expr._lift(other)
        if o is None:
            return NotImplemented
        terms = dict(self.terms)
        for m, c in o.terms.items():
            terms[m] = terms.get(m, 0) + c
        return simplify(Expr(terms))

    __radd__ = __add__

    def __neg__(self):
        return Expr({m: -c for m, c in self.terms.items()})

    def __sub__(self, other):
        o = Expr._lift(other)
        if o is None:
            return NotImplemented
        return self + (-o)

    def __rsub__(self, other):
        o = Expr._lift(other)
        if o is None:
            return NotImplemented
        return o + (-self)

    def __mul__(self, other):
        o = Expr._lift(other)
        if o is None:
            return NotImplemented
        terms: dict = {}
        for m1, c1 in self.terms.items():
            for m2, c2 in o.terms.items():
                m = tuple(sorted(m1 + m2))
                terms[m] = terms.get(m, 0) + c1 * c2
        return simplify(Expr(terms))

    __rmul__ = __mul__

    # A floor division that does not divide evenly is an atom printed whole and
    # parenthesised, so that the printed formula means the same in Python:
    # `10*(units//2)`, never `10*(units)//2` (which Python reads as (10*units)//2).
    def __floordiv__(self, other):
        if isinstance(other, int) and not isinstance(other, bool) and other > 0:
            if all(c % other == 0 for c in self.terms.values()):
                return simplify(Expr({m: c // other for m, c in self.terms.items()}))
            return Expr.symbol(f"({_operand(self)}//{other})")
        o = Expr._lift(other)
        if o is None:
            return NotImplemented
        return Expr.symbol(f"({_operand(self)}//{_operand(o)})")

    def __rfloordiv__(self, other):
        o = Expr._lift(other)
        if o is None:
            return NotImplemented
        return Expr.symbol(f"({_operand(o)}//{_operand(self)})")

    # -- identity --------------------------------------------------------
    def __eq__(self, other):
        o = Expr._lift(other)
        return o is not None and o.terms == self.terms

    def __hash__(self):
        if self._hash is None:
            self._hash = hash(frozenset(self.terms.items()))
        return self._hash

    @property
    def atoms(self) -> set:
        return {a for m in self.terms for a in m}

    def __repr__(self) -> str:
        return format_expr(self)

    __str__ = __repr__


def _operand(e: Expr) -> str:
    """``e`` as an operand of ``//``: bare when it is one name or atom."""
    text = format_expr(e)
    if len(e.terms) == 1 and next(iter(e.terms.values())) == 1 and len(next(iter(e.terms))) == 1:
        return text
    if text.lstrip("-").isdigit():
        return text if not text.startswith("-") else f"({text})"
    return f"({text})"


def _format_monomial(m: Monomial, c: int) -> str:
    parts = []
    i = 0
    while i < len(m):
        j = i
        while j < len(m) and m[j] == m[i]:
            j += 1
        parts.append(m[i] if j - i == 1 else f"{m[i]}**{j - i}")
        i = j
    body = "*".join(parts)
    if not body:
        return str(c)
    if c == 1:
        return body
    if c == -1:
        return "-" + body
    return f"{c}*{body}"


def format_expr(e: Expr) -> str:
    if not e.terms:
        return "0"
    # Highest degree first, constants last: `784*units + units`, `units + 1`.
    order = sorted(e.terms.items(), key=lambda mc: (-len(mc[0]), mc[0]))
    out = ""
    for i, (m, c) in enumerate(order):
        text = _format_monomial(m, abs(c) if i else c)
        if i == 0:
            out = text
        else:
            out += (" - " if c < 0 else " + ") + text
    return out


def simplify(e: Expr):
    """Collapse a constant polynomial to a plain int."""
    if not e.terms:
        return 0
    if len(e.terms) == 1 and () in e.terms:
        return e.terms[()]
    return e


Dim = int | None | Expr | Unknown
Shape = tuple | None | Unknown  # tuple of Dim; None never used for shapes


def sym(name: str) -> Expr:
    return Expr.symbol(name)


def is_int(v) -> bool:
    return type(v) is int or (isinstance(v, int) and not isinstance(v, bool))  # the common case first


def is_known(v) -> bool:
    """True for a concrete int."""
    return is_int(v)


def is_symbolic(v) -> bool:
    return isinstance(v, Expr)


def dim_add(a: Dim, b: Dim) -> Dim:
    if a is None or b is None:
        return None
    return a + b


def dim_sub(a: Dim, b: Dim) -> Dim:
    if a is None or b is None:
        return None
    return a - b


def dim_mul(a: Dim, b: Dim) -> Dim:
    if a is None or b is None:
        return None
    return a * b


def dim_floordiv(a: Dim, b: Dim) -> Dim:
    if a is None or b is None:
        return None
    return a // b


def dim_prod(dims: Iterable[Dim]) -> Dim:
    out: Dim = 1
    for d in dims:
        out = dim_mul(out, d)
    return out


def dims_equal(a: Dim, b: Dim) -> bool | None:
    """True/False when decidable, None when either side is not concrete."""
    if is_int(a) and is_int(b):
        return a == b
    if isinstance(a, Expr) and isinstance(b, Expr) and a == b:
        return True
    return None


def format_dim(d: Dim) -> str:
    if d is None:
        return "None"
    return str(d)


def format_shape(shape) -> str:
    """Format like Keras's summary: ``(None, 28, 10)``; lists for multi-output."""
    if isinstance(shape, list):
        return "[" + ", ".join(format_shape(s) for s in shape) + "]"
    if shape is None or isinstance(shape, Unknown):
        return "?"
    if len(shape) == 1:
        return f"({format_dim(shape[0])},)"
    return "(" + ", ".join(format_dim(d) for d in shape) + ")"


def dim_to_json(d: Dim):
    """``null`` for None, int as is, string for symbols and ``"?"``."""
    if d is None or is_int(d):
        return d
    return str(d)


def shape_to_json(shape):
    if isinstance(shape, list):
        return [shape_to_json(s) for s in shape]
    if shape is None or isinstance(shape, Unknown):
        return "?"
    return [dim_to_json(d) for d in shape]
