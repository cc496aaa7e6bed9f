from hypothesis import given
from hypothesis import strategies as st

from tests.layers.oracle import compare
from tests.layers.strategies import MANY, data_format_mostly, mostly, shape_of_rank

POOLS = [
    (f"{kind}{n}D", alias, n)
    for n in (1, 2, 3)
    for kind, alias in (("MaxPooling", f"MaxPool{n}D"), ("AveragePooling", f"AvgPool{n}D"))
]
GLOBALS = [
    (f"Global{kind}Pooling{n}D", f"Global{short}Pool{n}D", n)
    for n in (1, 2, 3)
    for kind, short in (("Max", "Max"), ("Average", "Avg"))
]


def window(n):
    good = st.one_of(st.integers(1, 4), st.lists(st.integers(1, 4), min_size=n, max_size=n))
    return mostly(good, st.one_of(st.integers(-1, 0), st.lists(st.integers(0, 3), max_size=4)))


@st.composite
def pooling_case(draw):
    name, alias, n = draw(st.sampled_from(POOLS))
    kwargs = {"pool_size": draw(window(n))}
    if draw(st.booleans()):
        kwargs["strides"] = draw(st.one_of(st.none(), window(n)))
    kwargs["padding"] = draw(mostly(st.sampled_from(["valid", "same"]), st.sampled_from(["SAME", "causal"])))
    kwargs["data_format"] = draw(data_format_mostly)
    s = draw(shape_of_rank(n + 2))
    return draw(st.sampled_from([name, alias])), kwargs, s


@MANY  # twelve layer names share each test
@given(pooling_case())
def test_pooling(case):
    name, kwargs, s = case
    compare(name, kwargs, [s])


@MANY  # twelve layer names share each test
@given(st.sampled_from(GLOBALS), st.booleans(), data_format_mostly, st.booleans(), st.data())
def test_global_pooling(entry, use_alias, fmt, keepdims, data):
    name, alias, n = entry
    s = data.draw(shape_of_rank(n + 2))
    compare(alias if use_alias else name, {"data_format": fmt, "keepdims": keepdims}, [s])
