"""Shared hypothesis strategies for the catalogue-vs-Keras tests."""

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Every property test uses the same modest budget: one Keras build is ~ms.
# KG_EXAMPLES_SCALE=10 multiplies it for a deeper, local run.
_SCALE = float(os.environ.get("KG_EXAMPLES_SCALE", "1"))
SETTINGS = settings(max_examples=int(60 * _SCALE), deadline=None, database=None, print_blob=False, suppress_health_check=list(HealthCheck))
MANY = settings(max_examples=int(150 * _SCALE), deadline=None, database=None, print_blob=False, suppress_health_check=list(HealthCheck))
FEW = settings(max_examples=int(25 * _SCALE), deadline=None, database=None, print_blob=False, suppress_health_check=list(HealthCheck))

batch = st.sampled_from([None, None, 2])
dim = st.sampled_from([None]).flatmap(lambda _: st.integers(0, 3)).flatmap(
    lambda i: st.none() if i == 0 else st.integers(1, 9)
)  # about a quarter None
small_dim = st.integers(1, 6)
data_format = st.sampled_from([None, "channels_last", "channels_first"])
bad_data_format = st.sampled_from([None, "channels_last", "channels_first", "NHWC"])


@st.composite
def shape(draw, min_rank=1, max_rank=5, dims=dim):
    """A batch shape: batch axis first, then rank-1 other axes."""
    r = draw(st.integers(min_rank, max_rank))
    return (draw(batch), *(draw(dims) for _ in range(r - 1)))


def rank_around(r, spread=1):
    """Ranks near ``r`` so that invalid ranks are exercised too."""
    return st.integers(max(1, r - spread), r + spread)


def mostly(good, bad, weight=5):
    """``good`` about weight/(weight+1) of the time, ``bad`` otherwise: keeps
    invalid configurations exercised without drowning the valid ones."""
    # (st.one_of de-duplicates repeated branches, so weight by an index)
    return st.integers(0, weight).flatmap(lambda i: good if i else bad)


data_format_mostly = st.sampled_from([None, "channels_last", "channels_first"] * 3 + ["NHWC"])


@st.composite
def shape_of_rank(draw, r, dims=dim, spread=1):
    """A batch shape of rank ``r`` most of the time, a nearby rank otherwise."""
    rr = draw(mostly(st.just(r), st.integers(max(1, r - spread), r + spread)))
    return (draw(batch), *(draw(dims) for _ in range(rr - 1)))
