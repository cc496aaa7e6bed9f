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


@op("dot", spaces=KERAS + BACKEND)  # keras.backend.dot: Keras 2 (K.dot), read as its author meant
def dot(x1, x2, *_, **__):
    a, b = _shape(x1), _shape(x2)
    if not a or not b:
        return broadcast_all(a, b)
    if len(a) == 1 and len(b) == 1:
        return ()  # Keras does not compare the two lengths
    if len(b) == 1:
        if isinstance(a[-1], (Expr, Unknown)) or isinstance(b[0], (Expr, Unknown)):
            raise _Unknown
        if a[-1] != b[0]:  # None against a size counts as a mismatch here
            raise OpError(f"dot: the last axis of {a} does not match {b}")
        return a[:-1]
    _agree(a[-1], b[-2], "dot")
    return (*a[:-1], *b[:-2], b[-1])


@op("batch_dot", spaces=BACKEND)
def batch_dot(x, y, axes=None, *_, **__):
    """Keras 2's ``K.batch_dot`` (keras.src.legacy.backend) on two rank-3
    tensors over axes (2, 1), its default for them."""
    a, b = _shape(x), _shape(y)
    if len(a) != 3 or len(b) != 3 or (axes is not None and list(axes) != [2, 1]):
        raise _Unknown
    for d, e, what in ((a[2], b[1], "contracted"), (a[0], b[0], "batch")):
        if is_int(d) and is_int(e) and d != e:
            raise OpError(f"batch_dot: the {what} axes of {a} and {b} differ ({d} != {e})")
        if isinstance(d, (Expr, Unknown)) or isinstance(e, (Expr, Unknown)):
            raise _Unknown
    return (a[0] if a[0] is not None else b[0], a[1], b[2])


def _einsum_terms(subscripts, operands):
    if not isinstance(subscripts, str) or "..." in subscripts:
        raise _Unknown
    lhs, arrow, rhs = subscripts.replace(" ", "").partition("->")
    terms = lhs.split(",")
    if len(terms) != len(operands):
        raise OpError(f"einsum `{subscripts}` names {len(terms)} operands but gets {len(operands)}")
    shapes = [_shape(x) for x in operands]
    for term, s in zip(terms, shapes):
        if len(term) != len(s):
            raise OpError(f"einsum term `{term}` has {len(term)} letters for a tensor of rank {len(s)}")
    if not arrow:
        counts = {c: lhs.count(c) for c in set(re.sub(r"[^a-zA-Z]", "", lhs))}
        rhs = "".join(sorted(c for c, n in counts.items() if n == 1))
    return terms, shapes, rhs


@op("einsum", spaces=KERAS)
def einsum(subscripts, *operands, **__):
    """Keras: each operand's output letters (1 where it lacks one), broadcast;
    summed letters are not compared."""
    terms, shapes, rhs = _einsum_terms(subscripts, operands)
    per_operand = [tuple(s[term.index(c)] if c in term else 1 for c in rhs) for term, s in zip(terms, shapes)]
    return broadcast_all(*per_operand)


@op("einsum", spaces=TF + TF_LINALG)
def tf_einsum(equation, *inputs, **__):
    """TensorFlow: a letter has one size everywhere (an unknown takes the known one)."""
    terms, shapes, rhs = _einsum_terms(equation, inputs)
    sizes: dict = {}
    for term, s in zip(terms, shapes):
        for letter, d in zip(term, s):
            sizes[letter] = _merge(sizes[letter], d, letter) if letter in sizes else d
    return tuple(sizes[c] for c in rhs)


def _merge(a, b, letter):
    if a == b or b is None:
        return a
    if a is None:
        return b
    if isinstance(a, (Expr, Unknown)) or isinstance(b, (Expr, Unknown)):
        return UNKNOWN
    raise OpError(f"einsum letter `{letter}` stands for both {a} and {b}")


@op("tensordot", spaces=KERAS)
def tensordot(x1, x2, axes=2, *_, **__):
    """Keras keeps the free axes; it compares the contracted sizes only when
    the axes are given as lists."""
    a, b = list(_shape(x1)), list(_shape(x2))
    if is_int(axes):
        return tuple(a + b) if axes <= 0 else tuple(a[:-axes] + b[axes:])
    left = [axes[0]] if is_int(axes[0]) else list(axes[0])
    right = [axes[1]] if is_int(axes[1]) else list(axes[1])
    for i, j in zip(left, right):
        _agree(a[i], b[j], "tensordot")
    if len(left) != len(right):
        raise OpError("tensordot: the two lists of axes differ in length")
    for i in left:
        a[i] = -1
    for j in right:
        b[j] = -1
    return tuple(d for d in a + b if d != -1)
