from hypothesis import given
from hypothesis import strategies as st

from kgraphlint.ops import Spec
from tests.layers.strategies import SETTINGS
from tests.ops.oracle import compare
from tests.ops.strategies import nonscalar


@st.composite
def axis_arg(draw, rank):
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return None
    if kind == 1 or rank < 2:
        return draw(st.integers(-rank - 1, rank))
    return tuple(draw(st.lists(st.integers(-rank, rank - 1), min_size=1, max_size=rank, unique=True)))


@st.composite
def reduction(draw):
    s = draw(nonscalar)
    return Spec(s), draw(axis_arg(len(s))), draw(st.booleans())


@SETTINGS
@given(st.sampled_from(["mean", "sum", "max", "min", "prod", "std", "var", "any", "all", "logsumexp"]), reduction())
def test_keras_reductions(name, r):
    x, axis, keepdims = r
    compare(f"keras.ops.{name}", [x], {"axis": axis, "keepdims": keepdims})


@SETTINGS
@given(st.sampled_from(["reduce_mean", "reduce_sum", "reduce_max", "math.reduce_min", "reduce_prod",
                        "math.reduce_std", "reduce_logsumexp"]), reduction())
def test_tensorflow_reductions(name, r):
    x, axis, keepdims = r
    if isinstance(axis, tuple) and len({a % len(x.shape) for a in axis}) < len(axis):
        return  # TensorFlow's duplicate-axis behaviour is not Keras's business
    compare(f"tensorflow.{name}", [x], {"axis": axis, "keepdims": keepdims})


@SETTINGS
@given(reduction())
def test_argmax_argmin(r):
    x, axis, keepdims = r
    if isinstance(axis, tuple):
        axis = axis[0]
    compare("keras.ops.argmax", [x], {"axis": axis, "keepdims": keepdims})
    compare("keras.ops.argmin", [x], {"axis": axis})
    if axis is not None and -len(x.shape) <= axis < len(x.shape):  # TF traces a bad axis without complaint
        compare("tensorflow.argmax", [x], {"axis": axis})
    else:
        compare("tensorflow.math.argmin", [x])


@SETTINGS
@given(reduction())
def test_cumulative(r):
    x, axis, _ = r
    if isinstance(axis, tuple):
        axis = axis[0]
    compare("keras.ops.cumsum", [x], {"axis": axis})
    compare("tensorflow.cumsum", [x], {"axis": 0 if axis is None else axis})
