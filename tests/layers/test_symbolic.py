"""Symbolic arguments and dims never crash an entry: it answers or raises LayerError."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraphlint.dims import UNKNOWN, sym
from kgraphlint.layers import REQUIRED, LayerError
from tests.layers.strategies import FEW
from tests.layers.test_signatures import ENTRIES

# A plausible concrete value for each required argument, so that symbols are
# mixed with values an entry can actually work with.
REQUIRED_VALUES = {
    "units": 4, "activation": "relu", "equation": "abc,cd->abd", "output_shape": (None, 4), "function": UNKNOWN,
    "input_dim": 10, "output_dim": 4, "rate": 0.5, "stddev": 0.1, "target_shape": (-1,), "dims": (2, 1),
    "n": 3, "pool_size": 2, "axes": 1, "num_heads": 2, "key_dim": 4, "scale": 0.5, "height": 4, "width": 4,
    "factor": 0.1, "height_factor": 0.1, "width_factor": 0.1, "mode": "horizontal",
}

symbolic = st.sampled_from([UNKNOWN, sym("k"), sym("n") + 1])
dim = st.one_of(st.integers(1, 6), st.none(), symbolic)


@st.composite
def symbolic_case(draw, entry):
    args = {}
    for name, default in entry.signature + entry.base_kwargs:
        value = REQUIRED_VALUES.get(name, UNKNOWN) if default is REQUIRED else default
        if draw(st.integers(0, 3)) == 0:
            value = draw(symbolic)
        args[name] = value
    n_inputs = {1: 1, "list": 2, 3: 2, 0: 0}.get(entry.arity, 1)
    rank = draw(st.integers(2, 5))
    inputs = [UNKNOWN if draw(st.integers(0, 5)) == 0 else (None, *(draw(dim) for _ in range(rank - 1)))
              for _ in range(n_inputs)]
    return args, inputs


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda c: c.name)
def test_symbolic_values_never_crash(entry):
    @FEW
    @given(symbolic_case(entry))
    def run(case):
        args, inputs = case
        layer = entry(args)
        layer.call_kwargs = {}
        try:
            layer.validate()
            layer.compute_output_shape(inputs)
            layer.build(inputs)
        except LayerError:
            pass

    run()
