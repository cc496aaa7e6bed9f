from hypothesis import given
from hypothesis import strategies as st

from tests.layers.oracle import compare
from tests.layers.strategies import SETTINGS, batch

merge_dim = st.sampled_from([1, 2, 3, None])


@st.composite
def merge_inputs(draw, n_min=2, n_max=4, same_rank=False):
    n = draw(st.integers(n_min, n_max))
    r = draw(st.integers(2, 4))
    b = draw(batch)
    out = []
    base = [draw(merge_dim) for _ in range(r - 1)]
    for _ in range(n):
        rr = r if same_rank else draw(st.integers(max(2, r - 1), r))
        # mostly reuse the base dims so that many configurations are valid
        dims = [d if draw(st.integers(0, 4)) else draw(merge_dim) for d in base[len(base) - (rr - 1):]]
        out.append((b if draw(st.integers(0, 5)) else draw(batch), *dims))
    return out


@SETTINGS
@given(st.sampled_from(["Add", "Multiply", "Average", "Maximum", "Minimum"]), merge_inputs())
def test_elementwise(name, inputs):
    compare(name, {}, inputs)


@SETTINGS
@given(merge_inputs(n_min=2, n_max=3))
def test_subtract(inputs):
    compare("Subtract", {}, inputs)


@SETTINGS
@given(st.integers(-4, 3), merge_inputs(n_min=2, n_max=4))
def test_concatenate(axis, inputs):
    compare("Concatenate", {"axis": axis}, inputs)


@SETTINGS
@given(
    st.one_of(st.integers(-3, 3), st.tuples(st.integers(-3, 3), st.integers(-3, 3)), st.just([1, 2, 3]), st.just("x")),
    st.booleans(),
    merge_inputs(n_min=2, n_max=2),
)
def test_dot(axes, normalize, inputs):
    compare("Dot", {"axes": axes, "normalize": normalize}, inputs)


def test_functional_forms_match_keras():
    import inspect

    from kgraphlint.layers.merging import FUNCTIONAL_FORMS
    from tests.layers.oracle import keras

    exported = {n for n in dir(keras.layers) if n.islower() and n in {
        "concatenate", "add", "subtract", "multiply", "average", "maximum", "minimum", "dot"}}
    assert exported == set(FUNCTIONAL_FORMS)
    for fn_name, (cls_name, params) in FUNCTIONAL_FORMS.items():
        sig = inspect.signature(getattr(keras.layers, fn_name))
        from kgraphlint.layers import REQUIRED

        positional = [(p.name, REQUIRED if p.default is p.empty else p.default)
                      for p in sig.parameters.values() if p.kind == p.POSITIONAL_OR_KEYWORD]
        assert positional == list(params), fn_name
        assert hasattr(keras.layers, cls_name)
