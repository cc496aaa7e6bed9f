from hypothesis import given
from hypothesis import strategies as st

from tests.layers.oracle import compare
from tests.layers.strategies import FEW, SETTINGS, batch, mostly

size = mostly(st.integers(1, 6), st.none(), weight=6)


@st.composite
def qvk(draw, min_inputs=2, max_inputs=3, ranks=(3, 3)):
    """query/value(/key) shapes that usually agree, sometimes not."""
    n = draw(mostly(st.integers(2, 3), st.integers(min_inputs, max_inputs)))
    b = draw(batch)
    r = draw(st.integers(*ranks))
    inner = [draw(size) for _ in range(r - 2)]
    dim = draw(size)
    shapes = []
    for _ in range(n):
        mid = inner if draw(mostly(st.just(True), st.just(False))) else [draw(size) for _ in range(r - 2)]
        last = dim if draw(st.booleans()) else draw(size)
        shapes.append((b, *mid, last))
    return shapes


@SETTINGS
@given(st.booleans(), mostly(st.sampled_from(["dot", "concat"]), st.just("cosine")), st.booleans(),
       qvk(min_inputs=1, max_inputs=4, ranks=(2, 4)))
def test_attention(use_scale, mode, scores, inputs):
    compare("Attention", {"use_scale": use_scale, "score_mode": mode}, inputs,
            call_kwargs={"return_attention_scores": scores})


@SETTINGS
@given(st.booleans(), st.booleans(), qvk(min_inputs=1, max_inputs=4, ranks=(2, 4)))
def test_additive_attention(use_scale, scores, inputs):
    compare("AdditiveAttention", {"use_scale": use_scale}, inputs, call_kwargs={"return_attention_scores": scores})


@FEW  # a Keras MultiHeadAttention build costs ~0.5 s (five EinsumDense sublayers)
@given(
    mostly(st.integers(1, 4), st.sampled_from([0, -1])),
    mostly(st.integers(1, 5), st.sampled_from([0, -2])),
    st.one_of(st.none(), st.integers(0, 4)),
    st.booleans(),
    st.one_of(st.none(), st.integers(1, 5), st.lists(st.integers(1, 4), max_size=2).map(tuple)),
    st.one_of(st.none(), st.integers(-3, 3), st.lists(st.integers(-3, 3), min_size=1, max_size=2).map(tuple)),
    st.booleans(),
    st.booleans(),
    qvk(ranks=(2, 5)),
)
def test_multi_head_attention(heads, key_dim, value_dim, use_bias, out_shape, axes, use_gate, scores, inputs):
    kwargs = {"num_heads": heads, "key_dim": key_dim, "value_dim": value_dim, "use_bias": use_bias,
              "output_shape": out_shape, "attention_axes": axes, "use_gate": use_gate}
    compare("MultiHeadAttention", kwargs, inputs, call_kwargs={"return_attention_scores": scores})
