"""Hypothesis strategies for op arguments: shapes near each other so that
broadcasting, joining and contracting succeed often and fail sometimes."""

from hypothesis import strategies as st

from kgraphlint.ops import Spec

dim = st.integers(0, 4).flatmap(lambda i: st.none() if i == 0 else st.integers(1, 5))
shape = st.lists(dim, min_size=0, max_size=4).map(tuple)
nonscalar = st.lists(dim, min_size=1, max_size=4).map(tuple)


@st.composite
def related(draw, base):
    """A shape like ``base``: a suffix of it, with some axes turned to 1 or None
    or to another size."""
    keep = draw(st.integers(0, len(base)))
    out = []
    for d in base[len(base) - keep:]:
        choice = draw(st.integers(0, 9))
        out.append(d if choice < 6 else 1 if choice < 8 else None if choice < 9 else draw(dim))
    return tuple(out)


@st.composite
def pair(draw):
    a = draw(shape)
    b = draw(related(a))
    return (Spec(a), Spec(b)) if draw(st.booleans()) else (Spec(b), Spec(a))


def axis_for(rank: int, extra: int = 0):
    """An axis of a tensor of ``rank`` (sometimes one out of bounds)."""
    r = rank + extra
    return st.integers(-r - 1, r) if r else st.just(0)


@st.composite
def same_but_axis(draw, n_min=1, n_max=3):
    """Tensors to join: equal except (mostly) on one axis."""
    base = draw(nonscalar)
    axis = draw(axis_for(len(base)))
    out = []
    for _ in range(draw(st.integers(n_min, n_max))):
        s = list(base)
        if -len(s) <= axis < len(s):
            s[axis] = draw(dim)
        if draw(st.integers(0, 9)) == 0 and s:
            s[draw(st.integers(0, len(s) - 1))] = draw(dim)
        out.append(Spec(tuple(s)))
    return out, axis
