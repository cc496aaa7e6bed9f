"""Products: matmul (and ``@``), einsum, dot, tensordot."""

from __future__ import annotations

import re

from ..dims import UNKNOWN, Expr, Unknown, is_int
from .base import BACKEND, KERAS, OPERATOR, TF, TF_LINALG, OpError, _Unknown, broadcast_all, op, shape_of


def _shape(x):
    s = shape_of(x)
    if not isinstance(s, tuple):
        raise _Unknown
    return s


def _agree(a, b, what):
    if is_int(a) and is_int(b) and a != b:
        raise OpError(f"{what}: inner dimensions {a} and {b} differ")


@op("matmul", spaces=KERAS + TF + TF_LINALG + OPERATOR)
def matmul(x1, x2, *_, **__):
    a, b = _shape(x1), _shape(x2)
    if not a or not b:
        raise OpError("matmul does not take scalars")
    a1, b1 = len(a) == 1, len(b) == 1
    a = (1, *a) if a1 else a
    b = (*b, 1) if b1 else b
    _agree(a[-1], b[-2], "matmul")
    batch = broadcast_all(a[:-2], b[:-2])
    out = (*batch, a[-2], b[-1])
    if a1:
        out = out[:-2] + out[-1:]
    if b1:
        out = out[:-1]
    return out


@op("dot", spaces=KERAS)
def dot(x1, x2, *_, **__):
    a, b = _shape(x1), _shape(x2)
    if not a or not b:
        return broadcast_all(a, b)
    if len(b) == 1:
        _agree(a[-1], b[0], "dot")
        return a[:-1]
    _agree(a[-1], b[-2], "dot")
    return (*a[:-1], *b[:-2], b[-1])


@op("batch_dot", spaces=BACKEND)
def batch_dot(x, y, axes=None, *_, **__):
    a, b = _shape(x), _shape(y)
    if axes is None and len(a) == 3 and len(b) == 3:
        _agree(a[2], b[1], "batch_dot")
        return (a[0], a[1], b[2])
    raise _Unknown


@op("einsum", spaces=KERAS + TF + TF_LINALG)
def einsum(subscripts, *operands, **__):
    if not isinstance(subscripts, str) or "..." in subscripts:
        raise _Unknown
    spec = subscripts.replace(" ", "")
    lhs, arrow, rhs = spec.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(operands):
        raise OpError(f"einsum `{subscripts}` names {len(terms)} operands but gets {len(operands)}")
    sizes: dict = {}
    for term, x in zip(terms, operands):
        s = _shape(x)
        if len(term) != len(s):
            raise OpError(f"einsum term `{term}` has {len(term)} letters for a tensor of rank {len(s)}")
        for letter, d in zip(term, s):
            sizes[letter] = _merge(sizes.get(letter, 1), d, letter)
    if not arrow:
        counts = {c: lhs.count(c) for c in set(re.sub(r"[^a-zA-Z]", "", lhs))}
        rhs = "".join(sorted(c for c, n in counts.items() if n == 1))
    return tuple(sizes[c] for c in rhs)


def _merge(a, b, letter):
    if a == 1:
        return b
    if b == 1 or a == b:
        return a
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, (Expr, Unknown)) or isinstance(b, (Expr, Unknown)):
        return UNKNOWN
    raise OpError(f"einsum letter `{letter}` stands for both {a} and {b}")


@op("tensordot", spaces=KERAS + TF)
def tensordot(x1, x2, axes=2, *_, **__):
    a, b = _shape(x1), _shape(x2)
    if is_int(axes):
        left, right = list(range(len(a) - axes, len(a))), list(range(axes))
    else:
        left, right = ([axes[0]] if is_int(axes[0]) else list(axes[0])), (
            [axes[1]] if is_int(axes[1]) else list(axes[1]))
    left = [i % len(a) for i in left]
    right = [i % len(b) for i in right]
    for i, j in zip(left, right):
        _agree(a[i], b[j], "tensordot")
    return (*[d for i, d in enumerate(a) if i not in left], *[d for j, d in enumerate(b) if j not in right])
