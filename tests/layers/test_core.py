from hypothesis import given
from hypothesis import strategies as st

from kgraphlint.dims import UNKNOWN, sym
from kgraphlint.layers import lookup
from tests.layers.oracle import compare, static_result
from tests.layers.strategies import FEW, SETTINGS, mostly, shape

acts = mostly(st.sampled_from([None, "relu", "softmax", "swish"]), st.sampled_from(["rleu", "Relu", 1]))


@SETTINGS
@given(mostly(st.integers(1, 5), st.sampled_from([0, -1, 2.5])), acts, st.booleans(),
       st.sampled_from([None, 0, 2]), st.booleans(), shape(min_rank=1, max_rank=4))
def test_dense(units, act, use_bias, lora_rank, frozen, s):
    kwargs = {"units": units, "activation": act, "use_bias": use_bias, "lora_rank": lora_rank}
    if frozen:
        kwargs["trainable"] = False
    compare("Dense", kwargs, [s])


EQUATIONS = [
    "ab,bc->ac", "abc,cd->abd", "abc,cde->abde", "abc,dce->abde", "abc,cd->ad",
    "...b,bc->...c", "...bc,cd->...bd", "ab...,bc->ac...", "abc...,cd->abd...",
    "ab,bc->ad", "ab,cd->ac", "ab->b", "abc,cd->abd,x",
]


@st.composite
def einsum_case(draw):
    eq = draw(st.sampled_from(EQUATIONS))
    out_spec = eq.split("->")[-1].replace("...", "")
    n = max(len(out_spec) - 1, 1)
    size = mostly(st.integers(1, 5), st.none(), weight=6)
    out = draw(st.one_of(st.lists(size, min_size=n, max_size=n), st.lists(size, min_size=1, max_size=4), st.integers(1, 5)))
    bias = draw(st.one_of(st.none(), st.sampled_from(["c", "d", "e", "bd", "de", "b", "x"])))
    s = draw(shape(min_rank=2, max_rank=4, dims=mostly(st.integers(1, 5), st.none(), weight=6)))
    ins, _, outs = eq.replace(",", " ").replace("->", " ").split()[:3] if "->" in eq and "," in eq else ("", "", "")
    if ins and "." not in eq and draw(mostly(st.just(True), st.just(False))):
        # a consistent case: the input has the equation's rank and the
        # output_shape repeats the input's sizes on shared axes
        s = (s[0], *(draw(st.integers(1, 5)) for _ in ins[1:]))
        sizes = dict(zip(ins, s))
        out = [sizes[c] if c in sizes else draw(st.integers(1, 5)) for c in outs[1:]]
        bias = draw(st.one_of(st.none(), st.sampled_from(list(outs[1:]) or [None])))
    return eq, out, bias, s


@SETTINGS
@given(einsum_case(), st.sampled_from([None, 2]), acts)
def test_einsum_dense(case, lora_rank, act):
    eq, out, bias, s = case
    compare("EinsumDense", {"equation": eq, "output_shape": out, "bias_axes": bias,
                            "lora_rank": lora_rank, "activation": act}, [s])


@FEW
@given(shape())
def test_identity(s):
    compare("Identity", {}, [s])


@FEW
@given(st.floats(-1, 1), shape())
def test_masking(v, s):
    compare("Masking", {"mask_value": v}, [s])


@FEW
@given(st.lists(st.integers(1, 5), max_size=3).map(tuple), shape())
def test_lambda_with_output_shape(out, s):
    compare("Lambda", {"function": lambda x: x, "output_shape": out}, [s])


def test_lambda_without_output_shape_is_unknown():
    layer = lookup("Lambda")({"function": UNKNOWN, "output_shape": None})
    assert layer.compute_output_shape([(None, 3)]) == [UNKNOWN]


@SETTINGS
@given(mostly(st.integers(1, 50), st.sampled_from([0, -3, 2.0, True])), mostly(st.integers(1, 8), st.sampled_from([0, 1.5])),
       st.booleans(), st.sampled_from([None, 2]), st.booleans(), shape(min_rank=1, max_rank=4))
def test_embedding(input_dim, output_dim, mask_zero, lora_rank, frozen, s):
    kwargs = {"input_dim": input_dim, "output_dim": output_dim, "mask_zero": mask_zero, "lora_rank": lora_rank}
    if frozen:
        kwargs["trainable"] = False
    compare("Embedding", kwargs, [s])


def test_symbolic_arguments_propagate():
    units = sym("units")
    shapes, trainable, _ = static_result("Dense", (), {"units": units}, [(None, 784)])
    assert shapes == [(None, units)] and trainable == 785 * units
    shapes, trainable, _ = static_result("Embedding", (), {"input_dim": sym("vocab"), "output_dim": 8}, [(None, sym("n"))])
    assert shapes == [(None, sym("n"), 8)] and trainable == 8 * sym("vocab")
    dense = lookup("Dense")({"units": 3, "use_bias": True})
    assert dense.compute_output_shape([UNKNOWN]) == [UNKNOWN]


input_dim = mostly(st.one_of(st.integers(0, 9), st.none()), st.sampled_from([-1, True, False, 2.0, "28", (2,)]))


@SETTINGS
@given(st.lists(input_dim, min_size=0, max_size=4), st.sampled_from(["shape", "batch_shape"]),
       st.sampled_from([None, 3]))
def test_input_shape(dims, keyword, batch_size):
    """``keras.Input``: which shapes Keras accepts, and the batch shape it makes."""
    import keras

    from kgraphlint.layers import LayerError
    from kgraphlint.layers.core import input_shape_from_args

    args = {keyword: tuple(dims)}
    if keyword == "shape":
        args["batch_size"] = batch_size
    try:
        expected = tuple(keras.Input(**args).shape)
    except Exception as exc:
        expected = exc
    try:
        got = input_shape_from_args(args)
    except LayerError as exc:
        got = exc
    if isinstance(expected, Exception):
        assert isinstance(got, LayerError), (args, expected, got)
    else:
        assert got == expected, (args, expected, got)
