"""The op catalogue: what ``keras.ops``, ``keras.backend``, TensorFlow's ops
and Python's operators do to shapes, one module per family, as
``kgraphlint.layers`` is for layers. ``evaluate(path, args, kwargs)`` answers
for an op reached by its dotted path (``keras.ops.mean``,
``tensorflow.reduce_sum``, ``operator.add``)."""

from __future__ import annotations

from . import creation, elementwise, indexing, linalg, nn, reduction, reshaping  # noqa: F401 - they register
from .base import REGISTRY, OpError, Slot, Spec, evaluate, output_shapes, untraceable
from .creation import CREATION

# Helpers model code calls that are not tensor ops; the interpreter answers
# them itself (``K.int_shape``, ``ops.shape``) or their value is not a shape.
NOT_TENSOR_OPS = frozenset({
    "keras.ops.shape", "keras.ops.ndim", "keras.backend.int_shape", "keras.backend.ndim", "keras.ops.dtype",
})


def knows(path: str) -> bool:
    """Whether the catalogue has an entry for this tensor op."""
    return path in REGISTRY


def covers(path: str) -> bool:
    """Whether the catalogue answers for the op at this dotted path."""
    return path in REGISTRY or path in NOT_TENSOR_OPS


def is_creation(path: str) -> bool:
    return path in REGISTRY and path.rsplit(".", 1)[-1] in CREATION


__all__ = ["REGISTRY", "OpError", "Slot", "Spec", "covers", "evaluate", "is_creation", "knows", "output_shapes",
           "untraceable"]
