from hypothesis import given
from hypothesis import strategies as st

from tests.layers.oracle import compare
from tests.layers.strategies import (
    SETTINGS,
    bad_data_format,
    data_format,
    data_format_mostly,
    mostly,
    shape,
    shape_of_rank,
    small_dim,
)

amount = mostly(st.integers(0, 2), st.integers(-3, 4))
pair = st.tuples(amount, amount)
sized = mostly(st.integers(3, 9), st.one_of(st.none(), st.integers(1, 2)))


@SETTINGS
@given(bad_data_format, shape(min_rank=1, max_rank=5))
def test_flatten(fmt, s):
    compare("Flatten", {"data_format": fmt}, [s])


@st.composite
def reshape_case(draw):
    s = draw(shape(min_rank=2, max_rank=4, dims=st.one_of(small_dim, small_dim, st.none())))
    target = list(draw(st.lists(st.sampled_from([1, 2, 3, 4, 6, -1, 0, -2]), min_size=1, max_size=4)))
    if draw(st.booleans()) and None not in s[1:]:
        # a matching target, often with one -1
        size = 1
        for d in s[1:]:
            size *= d
        target = [size] if draw(st.booleans()) else [-1]
        if size % 2 == 0 and draw(st.booleans()):
            target = [2, size // 2] if draw(st.booleans()) else [2, -1]
    return tuple(target), s


@SETTINGS
@given(reshape_case())
def test_reshape(case):
    target, s = case
    compare("Reshape", {"target_shape": target}, [s])


@SETTINGS
@given(mostly(st.integers(1, 4).flatmap(lambda n: st.permutations(list(range(1, n + 1)))), st.sampled_from([(1, 3), (0, 1)])),
       st.data())
def test_permute(dims, data):
    s = data.draw(shape_of_rank(len(dims) + 1))
    compare("Permute", {"dims": tuple(dims)}, [s])


@SETTINGS
@given(mostly(st.integers(1, 4), st.sampled_from([0, -1, 2.0, True])), shape_of_rank(2))
def test_repeat_vector(n, s):
    compare("RepeatVector", {"n": n}, [s])


@SETTINGS
@given(mostly(st.integers(1, 3), st.sampled_from([0, -1, 2.0])), shape_of_rank(3))
def test_upsampling1d(size, s):
    compare("UpSampling1D", {"size": size}, [s])


@SETTINGS
@given(st.sampled_from([2, 3]), mostly(st.integers(1, 3), st.one_of(st.integers(-1, 0), st.lists(st.integers(0, 3), min_size=1, max_size=4))),
       data_format_mostly, st.sampled_from(["nearest", "bilinear", "bicubic", "lanczos3"]), st.data())
def test_upsampling_nd(n, size, fmt, interp, data):
    s = data.draw(shape_of_rank(n + 2))
    if isinstance(size, int) and data.draw(st.booleans()):
        size = (size,) * n  # the tuple form
    kwargs = {"size": size, "data_format": fmt}
    if n == 2:
        kwargs["interpolation"] = interp
    compare(f"UpSampling{n}D", kwargs, [s])


@SETTINGS
@given(st.sampled_from(["ZeroPadding", "Cropping"]), mostly(st.one_of(amount, pair), st.lists(amount, max_size=3)),
       data_format, shape_of_rank(3, dims=sized))
def test_pad_crop_1d(kind, value, fmt, s):
    arg = "padding" if kind == "ZeroPadding" else "cropping"
    kwargs = {arg: value}
    if kind == "ZeroPadding":
        kwargs["data_format"] = fmt
    compare(f"{kind}1D", kwargs, [s])


@SETTINGS
@given(st.sampled_from(["ZeroPadding", "Cropping"]), st.sampled_from([2, 3]),
       st.one_of(amount, st.lists(st.one_of(amount, pair), min_size=1, max_size=4)),
       data_format_mostly, st.data())
def test_pad_crop_nd(kind, n, value, fmt, data):
    s = data.draw(shape_of_rank(n + 2, dims=sized))
    if isinstance(value, list) and data.draw(mostly(st.just(True), st.just(False))):
        value = value[:n] + [value[0]] * (n - len(value))  # mostly the right length
    arg = "padding" if kind == "ZeroPadding" else "cropping"
    compare(f"{kind}{n}D", {arg: value, "data_format": fmt}, [s])
