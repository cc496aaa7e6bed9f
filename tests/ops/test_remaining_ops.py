"""The catalogue entries no other test compared with Keras/TF: Keras 2's
``K.*`` helpers (Keras 3 keeps them in ``keras.src.legacy.backend``),
creation ops, ``norm``, ``l2_normalize`` and a few TensorFlow ops."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraphlint.ops import REGISTRY, Spec
from tests.layers.strategies import SETTINGS
from tests.ops.oracle import STATS, compare
from tests.ops.strategies import axis_for, nonscalar, pair, same_but_axis, shape

# Every entry of this file, by the path it is compared under.
PATHS = ["keras.backend.batch_dot", "keras.backend.batch_flatten", "keras.backend.concatenate",
         "keras.backend.flatten", "keras.backend.permute_dimensions", "keras.ops.array", "keras.ops.eye",
         "keras.ops.full", "tensorflow.nn.l2_normalize", "keras.ops.norm", "keras.random.normal",
         "tensorflow.add_n", "tensorflow.boolean_mask", "tensorflow.linalg.band_part", "tensorflow.nn.moments"]


@SETTINGS
@given(nonscalar, st.data())
def test_keras2_backend_reshaping(s, data):
    compare("keras.backend.batch_flatten", [Spec(s)])
    compare("keras.backend.flatten", [Spec(s)])
    pattern = data.draw(st.permutations(range(len(s))))
    compare("keras.backend.permute_dimensions", [Spec(s), tuple(pattern)])


@SETTINGS
@given(same_but_axis())
def test_keras2_backend_concatenate(tensors_axis):
    tensors, axis = tensors_axis
    compare("keras.backend.concatenate", [tensors], {"axis": axis})


@SETTINGS
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.sampled_from([None, 2]), st.data())
def test_keras2_batch_dot(a, b, c, batch, data):
    x = Spec((batch, a, b))
    y = Spec((batch, data.draw(st.sampled_from([b, c])), c))
    compare("keras.backend.batch_dot", [x, y], {"axes": data.draw(st.sampled_from([None, (2, 1), [2, 1]]))})


@SETTINGS
@given(st.lists(st.integers(1, 4), min_size=0, max_size=3).map(tuple), st.integers(1, 5), st.integers(1, 5))
def test_creation(s, n, m):
    compare("keras.ops.full", [s, 1.5])
    compare("keras.ops.eye", [n])
    compare("keras.ops.eye", [n, m])
    compare("keras.random.normal", [s])
    compare("keras.ops.array", [[[1.0] * m] * n])


@SETTINGS
@given(shape, st.data())
def test_norm_and_l2_normalize(s, data):
    axis = data.draw(st.one_of(st.none(), axis_for(len(s))))
    compare("keras.ops.norm", [Spec(s)], {"axis": axis, "keepdims": data.draw(st.booleans())})
    if s:
        compare("tensorflow.nn.l2_normalize", [Spec(s)], {"axis": data.draw(axis_for(len(s)))})


@SETTINGS
@given(pair(), st.data())
def test_tensorflow_ops(xs, data):
    a, b = xs
    compare("tensorflow.add_n", [[a, a]])
    compare("tensorflow.add_n", [[a, b]])
    if len(a.shape) >= 2:
        compare("tensorflow.linalg.band_part", [a, -1, 0])
    if a.shape:
        compare("tensorflow.boolean_mask", [a, Spec(a.shape[:1], "bool")])
        axes = sorted(set(data.draw(st.lists(st.integers(0, len(a.shape) - 1), min_size=1, max_size=2))))
        compare("tensorflow.nn.moments", [a, axes], {"keepdims": data.draw(st.booleans())})


# One fixed case per entry, so each is compared whatever hypothesis draws
# (and whichever xdist worker runs the tests above).
FIXED = {
    "keras.backend.batch_dot": ([Spec((None, 3, 4)), Spec((None, 4, 5))], {}),
    "keras.backend.batch_flatten": ([Spec((2, 3, 4))], {}),
    "keras.backend.concatenate": ([[Spec((None, 3)), Spec((None, 5))]], {}),
    "keras.backend.flatten": ([Spec((2, 3))], {}),
    "keras.backend.permute_dimensions": ([Spec((None, 3, 4)), (0, 2, 1)], {}),
    "keras.ops.array": ([[[1.0, 2.0], [3.0, 4.0]]], {}),
    "keras.ops.eye": ([3, 4], {}),
    "keras.ops.full": ([(2, 3), 0.5], {}),
    "tensorflow.nn.l2_normalize": ([Spec((None, 8))], {"axis": -1}),
    "keras.ops.norm": ([Spec((None, 8))], {"axis": -1, "keepdims": True}),
    "keras.random.normal": ([(4, 2)], {}),
    "tensorflow.add_n": ([[Spec((None, 3)), Spec((2, None))]], {}),
    "tensorflow.boolean_mask": ([Spec((None, 3)), Spec((None,), "bool")], {}),
    "tensorflow.linalg.band_part": ([Spec((None, 4, 4)), -1, 0], {}),
    "tensorflow.nn.moments": ([Spec((None, 5, 3)), [0, 1]], {}),
}


def test_every_entry_is_in_the_catalogue_and_has_a_fixed_case():
    assert all(path in REGISTRY for path in PATHS)
    assert set(FIXED) == set(PATHS)


@pytest.mark.parametrize("path", PATHS)
def test_fixed_case(path):
    args, kwargs = FIXED[path]
    before = sum(n for (p, _), n in STATS.items() if p == path)
    compare(path, args, kwargs)
    assert sum(n for (p, _), n in STATS.items() if p == path) == before + 1
