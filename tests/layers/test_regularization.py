from hypothesis import given
from hypothesis import strategies as st

from tests.layers.oracle import compare
from tests.layers.strategies import FEW, SETTINGS, data_format_mostly, mostly, shape, shape_of_rank

rate = st.one_of(st.floats(-0.5, 1.5, allow_nan=False), st.sampled_from([0, 1, 0.0, 1.0, "0.5", None]))


@SETTINGS
@given(st.sampled_from(["Dropout", "AlphaDropout"]), rate,
       st.one_of(st.none(), st.lists(st.one_of(st.none(), st.integers(-1, 3)), max_size=3), st.just(3)),
       shape())
def test_dropout(name, r, noise_shape, s):
    compare(name, {"rate": r, "noise_shape": noise_shape}, [s])


@SETTINGS
@given(rate, shape())
def test_gaussian_dropout(r, s):
    compare("GaussianDropout", {"rate": r}, [s])


@SETTINGS
@given(rate, shape())
def test_gaussian_noise(r, s):
    compare("GaussianNoise", {"stddev": r}, [s])


@FEW
@given(st.floats(0, 1), st.floats(0, 1), shape())
def test_activity_regularization(l1, l2, s):
    compare("ActivityRegularization", {"l1": l1, "l2": l2}, [s])


@SETTINGS
@given(st.sampled_from([1, 2, 3]), mostly(st.floats(0, 1), rate), data_format_mostly, st.data(),
       mostly(st.just(False), st.just(True)))
def test_spatial_dropout(n, r, fmt, data, trainable_kw):
    s = data.draw(shape_of_rank(n + 2))
    kwargs = {"rate": r}
    if n > 1:
        kwargs["data_format"] = fmt
    if trainable_kw:
        kwargs["trainable"] = False  # no **kwargs: Keras rejects it
    compare(f"SpatialDropout{n}D", kwargs, [s])
