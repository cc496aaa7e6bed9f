"""Recurrent catalogue entries and wrappers against Keras (tests/layers/oracle.py)."""

from __future__ import annotations

import inspect

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraphlint.dims import UNKNOWN, sym
from kgraphlint.layers import LayerError, lookup
from kgraphlint.layers.base import REQUIRED
from tests.layers.oracle import LayerSpec, compare, keras

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

RNN_NAMES = ["SimpleRNN", "LSTM", "GRU"]
CONV_LSTM = {"ConvLSTM1D": 1, "ConvLSTM2D": 2, "ConvLSTM3D": 3}
CELLS = ["SimpleRNNCell", "LSTMCell", "GRUCell"]
ALL_ENTRIES = RNN_NAMES + list(CONV_LSTM) + CELLS + ["RNN", "Bidirectional", "TimeDistributed"]


def sometimes(draw, n=4):
    return draw(st.integers(0, n - 1)) == 0


@st.composite
def rnn_kwargs(draw, name, *, faults=True):
    fault = draw(st.sampled_from([None] * 12 + ["units", "activation", "use_cudnn"])) if faults else None
    kw = {"units": draw(st.sampled_from([0, -1, None, 2.0] if fault == "units" else [1, 2, 3, 5, 8]))}
    for flag in ("return_sequences", "return_state", "use_bias"):
        if draw(st.booleans()):
            kw[flag] = draw(st.booleans())
    if sometimes(draw):
        kw["go_backwards"] = True
    if sometimes(draw, 8):
        kw["unroll"] = True
    if sometimes(draw, 8):
        kw["stateful"] = True
    if sometimes(draw, 8):
        kw["trainable"] = False
    if name == "GRU" and draw(st.booleans()):
        kw["reset_after"] = draw(st.booleans())
    if name in ("LSTM", "GRU") and (fault == "use_cudnn" or sometimes(draw, 8)):
        kw["use_cudnn"] = draw(st.sampled_from(["yes"] if fault == "use_cudnn" else ["auto", True, False]))
    if fault == "activation":
        kw["activation"] = "tanhh"
    elif sometimes(draw):
        kw["activation"] = draw(st.sampled_from(["relu", None, "sigmoid"]))
    if sometimes(draw, 6):
        kw["dropout"] = draw(st.sampled_from([0.2, 1.5, -1]))
    return kw


@st.composite
def sequence(draw, rank=3, wrong_rank=True):
    r = draw(st.sampled_from([rank] * 8 + ([rank - 1, rank + 1] if wrong_rank else [])))
    batch = draw(st.sampled_from([None, None, 1, 3]))
    dims = [draw(st.sampled_from([None, 1, 2, 4, 7])) for _ in range(r - 2)]
    features = draw(st.sampled_from([1, 2, 3, 5, 8] + ([None] if sometimes(draw, 10) else [])))
    return (batch, *dims, features)[:r]


@pytest.mark.parametrize("name", RNN_NAMES)
def test_recurrent_against_keras(name):
    @SETTINGS
    @given(kw=rnn_kwargs(name), shape=sequence())
    def run(kw, shape):
        compare(name, kw, [shape])

    run()


@st.composite
def conv_lstm_case(draw, name):
    rank = CONV_LSTM[name]
    fault = draw(st.sampled_from([None] * 12 + ["filters", "kernel_size", "strides", "padding", "data_format", "rank"]))
    kw = {
        "filters": draw(st.sampled_from([0, -1, None] if fault == "filters" else [1, 2, 3])),
        "kernel_size": draw(st.sampled_from([0, (2,) * (rank + 1)] if fault == "kernel_size" else [1, 2, 3, (1, 2, 3)[:rank]])),
        "padding": draw(st.sampled_from(["causal"] if fault == "padding" else ["valid", "same"])),
        "data_format": draw(st.sampled_from(["nchw"] if fault == "data_format" else ["channels_last", "channels_first"])),
        "use_bias": draw(st.booleans()),
    }
    if fault == "strides":
        kw["strides"], kw["dilation_rate"] = draw(st.sampled_from([(0, 1), (2, 2), (-1, 1)]))
    elif draw(st.booleans()):
        kw["strides"] = 2 if draw(st.booleans()) else 1
        kw["dilation_rate"] = 1 if kw["strides"] == 2 else draw(st.sampled_from([1, 2]))
    for flag in ("return_sequences", "return_state"):
        if draw(st.booleans()):
            kw[flag] = draw(st.booleans())
    if sometimes(draw, 8):
        kw["stateful"] = True
    if sometimes(draw, 8):
        kw["trainable"] = False
    r = rank + 3 + (draw(st.sampled_from([-1, 1])) if fault == "rank" else 0)
    batch = draw(st.sampled_from([None, 2]))
    time = draw(st.sampled_from([None, 1, 3]))
    spatial = [draw(st.sampled_from([1, 2, 3, 5, 6] + [None] * sometimes(draw, 8))) for _ in range(r - 3)]
    c = draw(st.sampled_from([1, 2, 3] + [None] * sometimes(draw, 10)))
    step = (c, *spatial) if kw["data_format"] == "channels_first" else (*spatial, c)
    return kw, [(batch, time, *step)]


@pytest.mark.parametrize("name", list(CONV_LSTM))
def test_conv_lstm_against_keras(name):
    @(FEW if name == "ConvLSTM3D" else SETTINGS)
    @given(case=conv_lstm_case(name))
    def run(case):
        compare(name, *case)

    run()


# -- Bidirectional ----------------------------------------------------------------------


@st.composite
def bidirectional_case(draw):
    inner = draw(st.sampled_from(RNN_NAMES))
    kw = draw(rnn_kwargs(inner, faults=sometimes(draw, 6)))
    if not sometimes(draw, 4):
        kw.pop("go_backwards", None)  # go_backwards=True on the wrapped layer is a fault
    kwargs = {"layer": LayerSpec(inner, kw)}
    kwargs["merge_mode"] = draw(st.sampled_from(["concat", "sum", "mul", "ave", None] * 3 + ["max"]))
    if sometimes(draw, 3):
        back = draw(st.sampled_from(RNN_NAMES))
        bkw = {k: v for k, v in kw.items() if k in ("return_sequences", "return_state", "stateful")}
        bkw.update(units=draw(st.sampled_from([kw["units"], 2, 4])), go_backwards=not sometimes(draw, 6))
        if sometimes(draw, 6):  # a differing return flag is a fault
            bkw["return_sequences"] = not kw.get("return_sequences", False)
        if back == "GRU" and "reset_after" in kw:
            bkw["reset_after"] = kw["reset_after"]
        kwargs["backward_layer"] = LayerSpec(back, bkw)
    if sometimes(draw, 8):
        kwargs["trainable"] = False
    if sometimes(draw, 12):
        kwargs["layer"] = LayerSpec("Dense", {"units": 3})
    return kwargs, [draw(sequence())]


@SETTINGS
@given(case=bidirectional_case())
def test_bidirectional_against_keras(case):
    compare("Bidirectional", *case)


@FEW
@given(
    case=conv_lstm_case("ConvLSTM2D"),
    merge_mode=st.sampled_from(["concat", "sum", None]),
)
def test_bidirectional_conv_lstm_against_keras(case, merge_mode):
    kw, shapes = case
    compare("Bidirectional", {"layer": LayerSpec("ConvLSTM2D", kw), "merge_mode": merge_mode}, shapes)


def test_bidirectional_stateful_return_state_fails_in_keras():
    # Keras 3.15's Bidirectional.compute_mask multiplies a generator by 2 here.
    compare("Bidirectional", {"layer": LayerSpec("GRU", {"units": 2, "return_state": True, "stateful": True})}, [(1, 3, 1)])


def test_bidirectional_positional_and_state_order():
    compare("Bidirectional", {}, [(None, 5, 3)], args=(LayerSpec("LSTM", {"units": 4, "return_state": True}), None))
    compare("Bidirectional", {"layer": LayerSpec("LSTM", {"units": 4, "return_state": True, "return_sequences": True})}, [(2, 5, 3)])


# -- TimeDistributed -------------------------------------------------------------------------


@st.composite
def time_distributed_case(draw):
    kind = draw(st.sampled_from(["Dense", "Conv2D", "Conv1D"]))
    batch, time = draw(st.sampled_from([None, 2])), draw(st.sampled_from([None, 1, 4]))
    if kind == "Dense":
        inner = {"units": draw(st.sampled_from([1, 3, 8, 0] if sometimes(draw, 10) else [1, 3, 8])),
                 "use_bias": draw(st.booleans())}
        r = draw(st.sampled_from([2, 3, 3, 3, 4, 5]))
        shape = (batch, time, *[draw(st.sampled_from([2, 3, None])) for _ in range(r - 3)], draw(st.sampled_from([1, 4, 6])))[:r]
    else:
        conv_rank = 2 if kind == "Conv2D" else 1
        inner = {
            "filters": draw(st.sampled_from([1, 4, 6])),
            "kernel_size": draw(st.sampled_from([1, 2, 3, 5])),
            "strides": draw(st.sampled_from([1, 2])),
            "padding": draw(st.sampled_from(["valid", "same"])),
            "data_format": draw(st.sampled_from(["channels_last", "channels_first"])),
        }
        r = conv_rank + 3 + draw(st.sampled_from([0] * 6 + [-1, 1]))
        shape = (batch, time, *[draw(st.sampled_from([1, 2, 4, 9, None])) for _ in range(r - 3)], draw(st.sampled_from([1, 3])))
        if inner["data_format"] == "channels_first" and len(shape) > 3:
            shape = (shape[0], shape[1], shape[-1], *shape[2:-1])
    kwargs = {"layer": LayerSpec(kind, inner)}
    if sometimes(draw, 8):
        kwargs["trainable"] = False
    return kwargs, [shape]


@SETTINGS
@given(case=time_distributed_case())
def test_time_distributed_against_keras(case):
    compare("TimeDistributed", *case)


# -- RNN over cells ------------------------------------------------------------------------------


@st.composite
def cell_spec(draw):
    name = draw(st.sampled_from(CELLS))
    kw = {"units": draw(st.sampled_from([1, 2, 4] + [0] * sometimes(draw, 10))), "use_bias": draw(st.booleans())}
    if name == "GRUCell" and draw(st.booleans()):
        kw["reset_after"] = draw(st.booleans())
    return LayerSpec(name, kw)


@st.composite
def rnn_cell_case(draw):
    stacked = sometimes(draw, 3)
    cell = draw(st.lists(cell_spec(), min_size=2, max_size=3)) if stacked else draw(cell_spec())
    kw = {"cell": cell}
    for flag in ("return_sequences", "return_state", "go_backwards"):
        if draw(st.booleans()):
            kw[flag] = draw(st.booleans())
    if stacked and kw.get("return_state") and any(c.class_name == "LSTMCell" for c in cell):
        kw["return_state"] = False  # nested state lists: not modelled by the catalogue
    return kw, [draw(sequence(wrong_rank=False))]


@SETTINGS
@given(case=rnn_cell_case())
def test_rnn_over_cells_against_keras(case):
    compare("RNN", *case)


def test_rnn_rejects_a_non_cell():
    compare("RNN", {"cell": LayerSpec("Dense", {"units": 3})}, [(None, 5, 3)])


# -- signatures ------------------------------------------------------------------------------------


def _literal(v):
    return v is None or isinstance(v, (bool, int, float, str, tuple))


@pytest.mark.parametrize("name", ALL_ENTRIES)
def test_signature_matches_keras(name):
    cls = getattr(keras.layers, name)
    params = [
        p for p in inspect.signature(cls.__init__).parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    ]
    entry = lookup(name)
    assert [p for p, _ in entry.signature] == [p.name for p in params]
    for (pname, default), p in zip(entry.signature, params):
        if p.default is inspect.Parameter.empty:
            assert default is REQUIRED, pname
        elif _literal(p.default):
            assert default == p.default and type(default) is type(p.default), pname
    exported = {a for a in dir(keras.layers) if getattr(keras.layers, a) is cls} - {name}
    assert set(entry.aliases) == exported


# -- symbolic values -------------------------------------------------------------------------------


def static(name, kwargs, shape):
    entry = lookup(name)
    bound, problems = entry.bind([], kwargs)
    assert not problems
    layer = entry(bound)
    layer.validate()
    return layer.compute_output_shape([shape]), sum(w.size for w in layer.build([shape]))


def bound(name, **kwargs):
    entry = lookup(name)
    args, problems = entry.bind([], kwargs)
    assert not problems
    return entry(args)


def test_symbolic_units_and_dims():
    u, t, f = sym("units"), sym("t"), sym("f")
    out, params = static("LSTM", {"units": u, "return_sequences": True, "return_state": True}, (None, t, f))
    assert out == [(None, t, u), (None, u), (None, u)]
    assert params == 4 * (f * u + u * u + u)
    out, params = static("GRU", {"units": 4}, UNKNOWN)
    assert out == [(UNKNOWN, 4)] and params is UNKNOWN


def test_wrappers_with_symbolic_inner_layers():
    u = sym("units")
    out, params = static("Bidirectional", {"layer": bound("GRU", units=u, return_sequences=True)}, (None, 7, 3))
    assert out == [(None, 7, 2 * u)]
    assert params == 2 * (3 * (3 * u + u * u) + 6 * u)
    assert static("Bidirectional", {"layer": UNKNOWN}, (None, 7, 3)) == ([UNKNOWN], 0)
    out, params = static("TimeDistributed", {"layer": bound("Dense", units=u)}, (None, sym("t"), 5))
    assert out == [(None, sym("t"), u)] and params == 5 * u + u


def test_rank_error_shows_the_shape():
    with pytest.raises(LayerError) as err:
        static("LSTM", {"units": 3}, (None, 28))
    assert err.value.kind == "rank" and "(None, 28)" in err.value.message
    with pytest.raises(LayerError) as err:
        static("ConvLSTM2D", {"filters": 3, "kernel_size": 3}, (None, 4, 28, 28))
    assert err.value.kind == "rank" and "(None, 4, 28, 28)" in err.value.message


def test_wrapped_conv_lstm_trainable_quirk():
    # ConvLSTM(trainable=False) only hides its (cell's) weights at top level.
    inner = LayerSpec("ConvLSTM1D", {"filters": 1, "kernel_size": 1, "trainable": False})
    compare("ConvLSTM1D", inner.kwargs, [(2, 3, 2, 1)])
    compare("Bidirectional", {"layer": inner}, [(2, 3, 2, 1)])
    compare("TimeDistributed", {"layer": inner}, [(2, 4, 3, 2, 1)])
