"""Convolution catalogue entries against Keras (tests/layers/oracle.py)."""

from __future__ import annotations

import inspect

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraphlint.dims import UNKNOWN, Expr, sym
from kgraphlint.layers import LayerError, lookup
from kgraphlint.layers.base import REQUIRED
from tests.layers.oracle import compare, keras

# name -> (rank, kind)
ENTRIES = {
    "Conv1D": (1, "conv"),
    "Conv2D": (2, "conv"),
    "Conv3D": (3, "conv"),
    "Conv1DTranspose": (1, "transpose"),
    "Conv2DTranspose": (2, "transpose"),
    "Conv3DTranspose": (3, "transpose"),
    "SeparableConv1D": (1, "separable"),
    "SeparableConv2D": (2, "separable"),
    "DepthwiseConv1D": (1, "depthwise"),
    "DepthwiseConv2D": (2, "depthwise"),
}
ALIASES = {
    "Convolution1D": "Conv1D",
    "Convolution2D": "Conv2D",
    "Convolution3D": "Conv3D",
    "Convolution1DTranspose": "Conv1DTranspose",
    "Convolution2DTranspose": "Conv2DTranspose",
    "Convolution3DTranspose": "Conv3DTranspose",
    "SeparableConvolution1D": "SeparableConv1D",
    "SeparableConvolution2D": "SeparableConv2D",
}
ALL_NAMES = list(ENTRIES) + list(ALIASES)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def per_axis(rank, values, bad_length=False):
    """An int or a tuple of ``rank`` ints (of the wrong length when ``bad_length``)."""
    one = st.sampled_from(values)
    n = rank + 1 if bad_length else rank
    tup = st.lists(one, min_size=n, max_size=n).map(tuple)
    return tup if bad_length else st.one_of(one, tup)


FAULTS = ["filters", "kernel_size", "strides", "padding", "data_format", "groups", "output_padding",
          "depth_multiplier", "activation", "rank", "channels"]


@st.composite
def conv_case(draw, name):
    """Mostly valid configurations (the input may still be too small); in
    about a third of the cases exactly one argument or the input is wrong."""
    rank, kind = ENTRIES[ALIASES.get(name, name)]
    fault = draw(st.sampled_from([None] * 20 + FAULTS))

    def pick(arg, good, bad):
        return draw(st.sampled_from(bad if fault == arg else good))

    kw = {}
    if kind != "depthwise":
        kw["filters"] = pick("filters", [1, 2, 3, 4, 6, 8, 16], [0, -2, None, 4.0])
    kw["kernel_size"] = draw(per_axis(rank, [0, 2, -1] if fault == "kernel_size" else [1, 2, 3, 3, 5],
                                      bad_length=fault == "kernel_size" and draw(st.booleans())))
    strides = draw(per_axis(rank, [0] if fault == "strides" else [1, 1, 2, 3]))
    dilation = draw(per_axis(rank, [1, 1, 2, 3]))
    if fault != "strides" and kind != "depthwise" and kind != "separable":
        big = lambda v: max(v) if isinstance(v, tuple) else v
        if big(strides) > 1 and big(dilation) > 1:  # that combination is a fault of its own
            dilation = 1
    if draw(st.booleans()) or fault == "strides":
        kw["strides"] = strides
    if draw(st.booleans()) or fault == "strides":
        kw["dilation_rate"] = dilation
    kw["padding"] = pick("padding", ["valid", "same", "SAME"] + ["causal"] * (name in ("Conv1D", "Convolution1D")),
                         ["causal", "full", None])
    kw["data_format"] = pick("data_format", ["channels_last", "channels_first", None], ["NHWC", "channels_middle"])
    if kind == "conv" and (draw(st.booleans()) or fault == "groups"):
        kw["groups"] = pick("groups", [1, 1, 2, 4], [0, -1, 3])
    if kind == "transpose" and (draw(st.booleans()) or fault == "output_padding"):
        s = kw.get("strides", 1)
        s = s if isinstance(s, tuple) else (s,) * rank
        good = st.tuples(*[st.integers(0, max(v - 1, 0)) for v in s])
        if fault == "output_padding":
            kw["output_padding"] = draw(per_axis(rank, [3, -1]))
        else:
            kw["output_padding"] = draw(st.one_of(good, st.just(0) if min(s) > 0 else good))
    if kind in ("depthwise", "separable") and (draw(st.booleans()) or fault == "depth_multiplier"):
        kw["depth_multiplier"] = pick("depth_multiplier", [1, 2, 3], [0, -1])
    kw["use_bias"] = draw(st.booleans())
    kw["activation"] = pick("activation", [None, "relu", "linear", "relu6"], ["nope", 3])
    if draw(st.integers(0, 9)) == 0:
        kw["trainable"] = False
    if kind == "conv" and draw(st.integers(0, 9)) == 0:
        kw["lora_rank"] = draw(st.sampled_from([0, 1, 2]))
    # The input: the right rank unless that is the fault; small sizes make
    # 'valid' windows overflow now and then.
    in_rank = rank + 2 + (draw(st.sampled_from([-1, 1])) if fault == "rank" else 0)
    sizes = [1, 2, 3, 4, 5, 7, 9] if rank == 3 else [1, 2, 3, 5, 8, 13, 21, 40]
    dims = [draw(st.sampled_from(sizes + [0, None] * (draw(st.integers(0, 4)) == 0))) for _ in range(in_rank - 2)]
    c = draw(st.sampled_from([None, 0] if fault == "channels" else [1, 2, 3, 4, 6, 8]))
    batch = draw(st.sampled_from([None, None, 1, 2]))
    cf = kw["data_format"] == "channels_first"
    shape = (batch, c, *dims) if cf else (batch, *dims, c)
    return kw, [shape]


@pytest.mark.parametrize("name", ALL_NAMES)
def test_against_keras(name):
    @SETTINGS
    @given(case=conv_case(name))
    def run(case):
        kwargs, shapes = case
        compare(name, kwargs, shapes)

    run()


def test_positional_arguments():
    compare("Conv2D", {}, [(None, 9, 9, 3)], args=(8, 3, 2, "same"))
    compare("Conv3DTranspose", {}, [(None, 4, 4, 4, 2)], args=(2, 3, 2, "same", "channels_last", 1))
    compare("DepthwiseConv2D", {}, [(None, 9, 9, 3)], args=(3, 1, "valid", 2))
    compare("SeparableConv1D", {}, [(None, 9, 3)], args=(4, 3, 1, "valid", None, 1, 2))


# -- signatures and aliases ---------------------------------------------------------


def _literal(v):
    return v is None or isinstance(v, (bool, int, float, str, tuple))


@pytest.mark.parametrize("name", list(ENTRIES))
def test_signature_matches_keras(name):
    params = [
        p for p in inspect.signature(getattr(keras.layers, name).__init__).parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    ]
    entry = lookup(name)
    assert [p for p, _ in entry.signature] == [p.name for p in params]
    for (pname, default), p in zip(entry.signature, params):
        if p.default is inspect.Parameter.empty:
            assert default is REQUIRED, pname
        elif _literal(p.default):
            assert default == p.default and type(default) is type(p.default), pname


@pytest.mark.parametrize("name", list(ENTRIES))
def test_aliases_are_keras_aliases(name):
    cls = getattr(keras.layers, name)
    exported = {a for a in dir(keras.layers) if getattr(keras.layers, a) is cls} - {name}
    assert set(lookup(name).aliases) == exported
    for alias in exported:
        assert lookup(alias) is lookup(name)


# -- symbolic values never crash and stay exact ------------------------------------------


def static(name, kwargs, shape):
    entry = lookup(name)
    bound, problems = entry.bind([], kwargs)
    assert not problems
    layer = entry(bound)
    layer.validate()
    out = layer.compute_output_shape([shape])
    weights = layer.build([shape])
    return out, sum(w.size for w in weights)


def test_symbolic_filters_and_length():
    f, n = sym("filters"), sym("n")
    out, params = static("Conv1D", {"filters": f, "kernel_size": 3}, (None, n, 4))
    assert out == [(None, n - 2, f)]
    assert params == 12 * f + f
    out, _ = static("Conv2D", {"filters": 8, "kernel_size": 3, "strides": 2}, (None, n, None, 3))
    assert out[0][0] is None and isinstance(out[0][1], Expr) and out[0][2] is None and out[0][3] == 8


def test_transpose_symbolic():
    n = sym("n")
    out, params = static("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (None, n, 5, 2))
    assert out == [(None, 2 * n, 10, 4)]
    assert params == 3 * 3 * 4 * 2 + 4


def test_unknown_shapes_and_arguments():
    assert static("Conv2D", {"filters": 4, "kernel_size": 3}, UNKNOWN)[0] == [UNKNOWN]
    out, _ = static("Conv2D", {"filters": 4, "kernel_size": UNKNOWN, "padding": UNKNOWN}, (None, 8, 8, 3))
    assert out[0][0] is None and out[0][-1] == 4
    out, _ = static("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": sym("m")}, (None, 8, 8, 3))
    assert out == [(None, 6, 6, 3 * sym("m"))]


SYMBOLIC = st.sampled_from([UNKNOWN, sym("a"), sym("b") + 1])


@SETTINGS
@given(case=st.sampled_from(ALL_NAMES).flatmap(lambda n: st.tuples(st.just(n), conv_case(n))), data=st.data())
def test_symbolic_values_never_crash(case, data):
    """Replace some arguments / dims with symbols: LayerError or a result, never a crash."""
    name, (kwargs, shapes) = case
    kwargs = {k: (data.draw(SYMBOLIC) if data.draw(st.integers(0, 3)) == 0 else v) for k, v in kwargs.items()}
    shape = shapes[0]
    if data.draw(st.integers(0, 4)) == 0:
        shape = UNKNOWN
    else:
        shape = tuple(data.draw(SYMBOLIC) if data.draw(st.integers(0, 3)) == 0 else d for d in shape)
    try:
        static(name, kwargs, shape)
    except LayerError:
        pass


def test_messages_name_the_axis():
    with pytest.raises(LayerError) as err:
        static("Conv2D", {"filters": 4, "kernel_size": 5}, (None, 28, 3, 1))
    assert err.value.kind == "dimension" and "axis 2" in err.value.message
    with pytest.raises(LayerError) as err:
        static("Conv2D", {"filters": 4, "kernel_size": 5}, (None, 28, 1))
    assert err.value.kind == "rank" and "(None, 28, 1)" in err.value.message
