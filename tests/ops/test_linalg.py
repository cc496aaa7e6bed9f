from hypothesis import given
from hypothesis import strategies as st

from kgraphlint.ops import Spec
from tests.layers.strategies import SETTINGS
from tests.ops.oracle import compare
from tests.ops.strategies import dim, related


@st.composite
def matmul_pair(draw):
    a = tuple(draw(st.lists(dim, min_size=1, max_size=4)))
    inner = a[-1] if draw(st.integers(0, 6)) else draw(dim)
    rank_b = draw(st.integers(1, 4))
    batch = draw(related(a[:-2])) if len(a) > 2 else tuple(draw(st.lists(dim, max_size=2)))
    b = (inner,) if rank_b == 1 else (*batch[: max(0, rank_b - 2)], inner, draw(dim))
    return Spec(a), Spec(b)


@SETTINGS
@given(matmul_pair())
def test_matmul(xs):
    compare("keras.ops.matmul", list(xs))
    compare("operator.matmul", list(xs))
    if len(xs[0].shape) >= 2 and len(xs[1].shape) >= 2 and len(xs[0].shape) == len(xs[1].shape):
        compare("tensorflow.matmul", list(xs))


EINSUMS = [
    ("bij,bjk->bik", 3, 3), ("bqhd,bkhd->bhqk", 4, 4), ("bhqk,bkhd->bqhd", 4, 4), ("ij,jk", 2, 2),
    ("abc,cd->abd", 3, 2), ("bi,bi->b", 2, 2), ("btd,de->bte", 3, 2), ("ij->ji", 2, None),
]


@SETTINGS
@given(st.sampled_from(EINSUMS), st.data())
def test_einsum(case, data):
    eq = case[0]
    lhs = eq.split("->")[0].split(",")
    sizes = {c: data.draw(st.integers(1, 5)) for c in set("".join(lhs))}
    specs = []
    for term in lhs:
        s = [sizes[c] if data.draw(st.integers(0, 7)) else data.draw(dim) for c in term]
        specs.append(Spec(tuple(s)))
    compare("keras.ops.einsum", [eq, *specs])
    compare("tensorflow.einsum", [eq, *specs])


@SETTINGS
@given(matmul_pair())
def test_dot_tensordot(xs):
    compare("keras.ops.dot", list(xs))
    a, b = xs
    if a.shape and b.shape:
        compare("keras.ops.tensordot", [a, b], {"axes": 1})
        compare("keras.ops.tensordot", [a, b], {"axes": [[-1], [0]]})


@SETTINGS
@given(st.data())
def test_convolution(data):
    rank = data.draw(st.integers(1, 2))
    spatial = [data.draw(st.one_of(st.none(), st.integers(1, 9))) for _ in range(rank)]
    channels = data.draw(st.integers(1, 4))
    window = [data.draw(st.integers(1, 4)) for _ in range(rank)]
    in_ch = channels if data.draw(st.integers(0, 5)) else data.draw(st.integers(1, 4))
    filters = data.draw(st.integers(1, 3))
    stride = data.draw(st.integers(1, 3))
    padding = data.draw(st.sampled_from(["SAME", "VALID"]))
    x = Spec((data.draw(st.sampled_from([None, 2])), *spatial, channels))
    k = Spec((*window, in_ch, filters))
    name = "conv2d" if rank == 2 else "conv1d"
    compare(f"tensorflow.nn.{name}", [x, k, stride, padding])
    compare("keras.ops.conv", [x, k], {"strides": stride, "padding": padding.lower()})
