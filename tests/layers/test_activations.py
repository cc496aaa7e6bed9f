from hypothesis import given
from hypothesis import strategies as st

from kgraphlint.layers import LayerError
from kgraphlint.layers.activations import ACTIVATION_NAMES, check_activation
from kgraphlint.layers.core import Dense
from tests.layers.oracle import compare
from tests.layers.strategies import FEW, SETTINGS, shape

number = st.one_of(st.floats(-2, 3, allow_nan=False), st.integers(-2, 3), st.none())


@SETTINGS
@given(st.one_of(st.sampled_from(sorted(ACTIVATION_NAMES)), st.sampled_from(["Relu", "reLU", "foo", "", None, 3])),
       shape(min_rank=1, max_rank=4))
def test_activation(act, s):
    compare("Activation", {"activation": act}, [s])


@SETTINGS
@given(number, st.floats(-1, 2), st.floats(-1, 2), shape())
def test_relu(max_value, slope, threshold, s):
    compare("ReLU", {"max_value": max_value, "negative_slope": slope, "threshold": threshold}, [s])


@SETTINGS
@given(number, shape(), st.booleans())
def test_leaky_relu(slope, s, old_name):
    compare("LeakyReLU", {"alpha" if old_name and slope is not None else "negative_slope": slope}, [s])


@FEW
@given(st.floats(-2, 2), shape())
def test_elu(alpha, s):
    compare("ELU", {"alpha": alpha}, [s])


@FEW
@given(st.integers(-4, 3), shape())
def test_softmax(axis, s):
    compare("Softmax", {"axis": axis}, [s])


@SETTINGS
@given(
    st.one_of(st.none(), st.integers(-2, 5), st.lists(st.integers(-1, 5), min_size=1, max_size=3)),
    shape(min_rank=1, max_rank=5, dims=st.one_of(st.integers(1, 6), st.none()).filter(lambda d: d != 0)),
)
def test_prelu(shared_axes, s):
    compare("PReLU", {"shared_axes": shared_axes}, [s])


def test_activation_names_match_keras():
    from keras.src.activations import ALL_OBJECTS_DICT

    assert frozenset(ALL_OBJECTS_DICT) == ACTIVATION_NAMES


def test_check_activation_suggests():
    layer = Dense({"units": 3, "activation": "rleu", "use_bias": True})
    try:
        check_activation(layer, "rleu")
    except LayerError as exc:
        assert exc.kind == "value" and "relu" in exc.message
    else:
        raise AssertionError("expected a LayerError")
