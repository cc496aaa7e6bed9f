from hypothesis import assume, given
from hypothesis import strategies as st

from kgraphlint.ops import Spec
from tests.layers.strategies import SETTINGS
from tests.ops.oracle import compare
from tests.ops.strategies import axis_for, dim, nonscalar, same_but_axis, shape


@st.composite
def new_shape(draw, s):
    """Mostly a valid target for ``s`` (with -1 or a regrouping), sometimes not."""
    known = [d for d in s if d is not None]
    size = 1
    for d in known:
        size *= d
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return (-1,)
    if kind == 1:
        return (draw(st.sampled_from([None, -1] if None in s else [-1])) if None in s else -1, *known[1:])
    if kind == 2:
        return tuple(draw(st.lists(st.integers(1, 6), min_size=1, max_size=3)))
    return (size, -1) if size else (-1,)


@SETTINGS
@given(st.data())
def test_reshape(data):
    s = data.draw(nonscalar)
    target = data.draw(new_shape(s))
    compare("keras.ops.reshape", [Spec(s), target])
    if None not in target:
        compare("tensorflow.reshape", [Spec(s), list(target)])


@SETTINGS
@given(st.data())
def test_expand_dims_squeeze(data):
    s = data.draw(shape)
    axis = data.draw(axis_for(len(s), extra=1))
    compare("keras.ops.expand_dims", [Spec(s), axis])
    compare("tensorflow.expand_dims", [Spec(s), axis])
    squeezed = data.draw(st.one_of(st.none(), axis_for(len(s))))
    assume(s or squeezed is None)
    compare("keras.ops.squeeze", [Spec(s)], {"axis": squeezed})
    compare("tensorflow.squeeze", [Spec(s)], {"axis": squeezed})


@SETTINGS
@given(st.data())
def test_transpose(data):
    s = data.draw(nonscalar)
    perm = data.draw(st.one_of(st.none(), st.permutations(list(range(len(s)))).map(tuple),
                               st.lists(st.integers(0, len(s)), min_size=len(s) - 1, max_size=len(s) + 1,
                                        unique=True).map(tuple)))
    compare("keras.ops.transpose", [Spec(s)], {"axes": perm})
    if perm is None or sorted(perm) == list(range(len(s))):
        compare("tensorflow.transpose", [Spec(s)], {"perm": perm})


@SETTINGS
@given(same_but_axis())
def test_concatenate(joined):
    xs, axis = joined
    compare("keras.ops.concatenate", [xs], {"axis": axis})
    compare("tensorflow.concat", [xs, axis])


@SETTINGS
@given(same_but_axis(n_min=1, n_max=3), st.integers(-3, 3))
def test_stack(joined, axis):
    xs, _ = joined
    compare("keras.ops.stack", [xs], {"axis": axis})
    compare("tensorflow.stack", [xs], {"axis": axis})


@SETTINGS
@given(st.data())
def test_split_unstack(data):
    s = data.draw(nonscalar)
    axis = data.draw(axis_for(len(s)))
    n = data.draw(st.integers(1, 4))
    compare("keras.ops.split", [Spec(s), n], {"axis": axis})
    compare("tensorflow.split", [Spec(s), n], {"axis": axis})
    cuts = sorted(data.draw(st.lists(st.integers(0, 6), min_size=1, max_size=3)))
    compare("keras.ops.split", [Spec(s), cuts], {"axis": axis})
    compare("keras.ops.unstack", [Spec(s)], {"axis": axis})


@SETTINGS
@given(st.data())
def test_tile_repeat_pad(data):
    s = data.draw(nonscalar)
    reps = tuple(data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=len(s) + 1)))
    compare("keras.ops.tile", [Spec(s), reps])
    if len(reps) == len(s):
        compare("tensorflow.tile", [Spec(s), list(reps)])
    r = data.draw(st.integers(1, 3))
    axis = data.draw(st.one_of(st.none(), axis_for(len(s))))
    compare("keras.ops.repeat", [Spec(s), r], {"axis": axis})
    widths = [tuple(data.draw(st.lists(st.integers(0, 2), min_size=2, max_size=2))) for _ in s]
    compare("keras.ops.pad", [Spec(s), widths])
    compare("tensorflow.pad", [Spec(s), [list(w) for w in widths]])


@SETTINGS
@given(st.data())
def test_broadcast_to_take_one_hot(data):
    s = data.draw(shape)
    target = tuple(data.draw(st.lists(st.integers(1, 5), min_size=len(s), max_size=len(s) + 2)))
    compare("keras.ops.broadcast_to", [Spec(s), target])
    if s:
        idx = data.draw(shape)
        axis = data.draw(st.one_of(st.none(), axis_for(len(s))))
        compare("keras.ops.take", [Spec(s), Spec(idx, "int32")], {"axis": axis})
        compare("tensorflow.gather", [Spec(s), Spec(idx, "int32")], {"axis": axis})
    depth = data.draw(st.integers(1, 5))
    compare("keras.ops.one_hot", [Spec(s, "int32"), depth])
    compare("tensorflow.one_hot", [Spec(s, "int32"), depth])


@SETTINGS
@given(st.data())
def test_constants(data):
    dims = tuple(data.draw(st.lists(st.integers(1, 5), max_size=3)))
    compare("keras.ops.zeros", [dims])
    compare("keras.ops.ones", [dims])
    compare("tensorflow.zeros", [list(dims)])
    n = data.draw(st.integers(-3, 9))
    compare("keras.ops.arange", [n])
    start = data.draw(st.integers(-3, 3))
    step = data.draw(st.sampled_from([1, 2, 3, -1]))
    compare("keras.ops.arange", [start, n, step])
    compare("tensorflow.range", [start, n, step])
    compare("keras.ops.linspace", [0.0, 1.0, data.draw(st.integers(1, 9))])


@SETTINGS
@given(dim, nonscalar)
def test_shape_of(d, s):
    compare("tensorflow.shape", [Spec(s)])
    compare("tensorflow.size", [Spec(s)])
