from hypothesis import given
from hypothesis import strategies as st

from tests.layers.oracle import compare
from tests.layers.strategies import SETTINGS, mostly, shape

axis = mostly(st.integers(-3, 3), st.one_of(st.integers(-6, 6), st.just("x"), st.just(1.5)))
axis_list = st.one_of(axis, st.lists(st.integers(-3, 3), min_size=1, max_size=3, unique=True))
norm_shape = shape(min_rank=1, max_rank=5, dims=mostly(st.integers(1, 8), st.none(), weight=4))


@SETTINGS
@given(axis, st.booleans(), st.booleans(), st.booleans(), st.booleans(), norm_shape)
def test_batch_normalization(ax, center, scale, renorm, frozen, s):
    kwargs = {"axis": ax, "center": center, "scale": scale, "renorm": renorm}
    if frozen:
        kwargs["trainable"] = False
    compare("BatchNormalization", kwargs, [s])


@SETTINGS
@given(axis_list, st.booleans(), st.booleans(), st.booleans(), norm_shape)
def test_layer_normalization(ax, center, scale, rms, s):
    kwargs = {"axis": ax, "center": center, "scale": scale}
    if rms:
        kwargs["rms_scaling"] = True
    compare("LayerNormalization", kwargs, [s])


@SETTINGS
@given(axis_list, norm_shape)
def test_rms_normalization(ax, s):
    compare("RMSNormalization", {"axis": ax}, [s])


@SETTINGS
@given(axis_list, norm_shape)
def test_unit_normalization(ax, s):
    compare("UnitNormalization", {"axis": ax}, [s])


@SETTINGS
@given(mostly(st.sampled_from([1, 2, 3, 4, -1]), st.sampled_from([0, -2, 2.0, 32])), axis, st.booleans(), st.booleans(),
       shape(min_rank=2, max_rank=5, dims=mostly(st.sampled_from([2, 4, 6, 8, 3]), st.none(), weight=4)))
def test_group_normalization(groups, ax, center, scale, s):
    compare("GroupNormalization", {"groups": groups, "axis": ax, "center": center, "scale": scale}, [s])
