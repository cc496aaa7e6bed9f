from hypothesis import given
from hypothesis import strategies as st

from kgraphlint.ops import Spec
from tests.layers.strategies import SETTINGS
from tests.ops.oracle import compare
from tests.ops.strategies import shape

_index = st.one_of(
    st.integers(-4, 4),
    st.builds(slice, st.one_of(st.none(), st.integers(-4, 4)), st.one_of(st.none(), st.integers(-4, 6)),
              st.sampled_from([None, None, 1, 2, -1])),
    st.just(slice(None)),
    st.none(),
    st.just(Ellipsis),
)


@SETTINGS
@given(shape, st.lists(_index, min_size=1, max_size=4))
def test_getitem(s, key):
    key = tuple(key) if len(key) > 1 else key[0]
    if key is None or key is Ellipsis or isinstance(key, slice):
        key = (key,)  # a bare key: Keras's GetItem takes ints and tuples
    compare("operator.getitem", [Spec(s), key])


@SETTINGS
@given(shape, st.sampled_from([(slice(None), 0), (Ellipsis, None), (slice(None), -1, slice(None)),
                               (slice(None), slice(None, None, -1)), (0,), (slice(None), slice(1, None))]))
def test_common_getitem(s, key):
    compare("operator.getitem", [Spec(s), key])
