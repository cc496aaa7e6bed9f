from hypothesis import given
from hypothesis import strategies as st

from kgraphlint.ops import Spec
from tests.layers.strategies import SETTINGS
from tests.ops.oracle import compare
from tests.ops.strategies import axis_for, dim, nonscalar


@SETTINGS
@given(st.data())
def test_slice_and_updates(data):
    s = data.draw(st.lists(st.integers(1, 6), min_size=1, max_size=4).map(tuple))
    start = [data.draw(st.integers(0, d - 1)) for d in s]
    size = [data.draw(st.integers(1, d - b)) for d, b in zip(s, start)]
    compare("keras.ops.slice", [Spec(s), start, size])
    compare("keras.ops.slice_update", [Spec(s), start, Spec(tuple(size))])


@SETTINGS
@given(st.data())
def test_take_along_axis(data):
    s = data.draw(nonscalar)
    axis = data.draw(axis_for(len(s)))
    idx = tuple(d if data.draw(st.integers(0, 4)) else data.draw(dim) for d in s)
    compare("keras.ops.take_along_axis", [Spec(s), Spec(idx, "int32")], {"axis": axis})


@SETTINGS
@given(st.data())
def test_top_k_tril(data):
    s = data.draw(st.lists(dim, min_size=2, max_size=4).map(tuple))
    compare("keras.ops.top_k", [Spec(s)], {"k": data.draw(st.integers(1, 3))})
    compare("keras.ops.triu", [Spec(s)])
    compare("keras.ops.tril", [Spec(s)], {"k": -1})


@SETTINGS
@given(st.data())
def test_image_resize_and_attention(data):
    s = (data.draw(st.sampled_from([None, 2])), *data.draw(st.lists(dim, min_size=2, max_size=2)), 3)
    size = tuple(data.draw(st.lists(st.integers(1, 9), min_size=2, max_size=2)))
    compare("keras.ops.image.resize", [Spec(s), size])
    compare("tensorflow.image.resize", [Spec(s), list(size)])
    b, t, h, d = (data.draw(st.sampled_from([None, 2])), data.draw(st.integers(1, 5)), data.draw(st.integers(1, 3)),
                  data.draw(st.integers(1, 4)))
    q = Spec((b, t, h, d))
    kv = Spec((b, data.draw(st.integers(1, 5)), h, d))
    compare("keras.ops.dot_product_attention", [q, kv, kv])
