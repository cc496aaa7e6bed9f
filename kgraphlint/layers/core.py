"""Core layers (keras/src/layers/core): Input, Dense, EinsumDense, Identity,
Lambda, Masking, Embedding."""

from __future__ import annotations

from ..dims import UNKNOWN, Unknown, is_int
from . import register
from .base import REQUIRED, Layer, LayerError, Weight, check_positive, require_rank

INPUT_SIGNATURE = (
    ("shape", None),
    ("batch_size", None),
    ("dtype", None),
    ("sparse", None),
    ("ragged", None),
    ("batch_shape", None),
    ("name", None),
    ("tensor", None),
    ("optional", False),
)


def input_shape_from_args(args: dict):
    """The batch shape an ``Input``/``InputLayer`` produces.

    Raises LayerError like Keras does when neither shape is given.
    """
    shape = args.get("shape")
    if shape is None:
        shape = args.get("input_shape")
    batch_shape = args.get("batch_shape")
    if batch_shape is None:
        batch_shape = args.get("batch_input_shape")
    if shape is not None and batch_shape is not None:
        raise LayerError("value", "You cannot pass both `shape` and `batch_shape` at the same time.", "shape")
    if isinstance(batch_shape, (tuple, list)):
        return tuple(batch_shape)
    if isinstance(shape, Unknown) or isinstance(batch_shape, Unknown):
        return UNKNOWN
    if shape is None:
        if batch_shape is None:
            raise LayerError("argument", "Input needs a `shape` argument (or `batch_shape`).", "shape")
        return UNKNOWN
    if is_int(shape):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)):
        return UNKNOWN
    return (args.get("batch_size"), *shape)


@register
class InputLayer(Layer):
    name = "InputLayer"
    signature = (
        ("shape", None),
        ("batch_size", None),
        ("dtype", None),
        ("sparse", None),
        ("ragged", None),
        ("batch_shape", None),
        ("input_tensor", None),
        ("optional", False),
        ("name", None),
    )
    base_kwargs = (("input_shape", None), ("batch_input_shape", None))
    arity = 0

    def compute_output_shape(self, inputs):
        return [input_shape_from_args(self.args)]


@register
class Dense(Layer):
    name = "Dense"
    signature = (
        ("units", REQUIRED),
        ("activation", None),
        ("use_bias", True),
        ("kernel_initializer", "glorot_uniform"),
        ("bias_initializer", "zeros"),
        ("kernel_regularizer", None),
        ("bias_regularizer", None),
        ("activity_regularizer", None),
        ("kernel_constraint", None),
        ("bias_constraint", None),
        ("lora_rank", None),
        ("lora_alpha", None),
        ("quantization_config", None),
    )

    def validate(self):
        units = self.args["units"]
        if isinstance(units, float) or (is_int(units) and units <= 0):
            raise LayerError(
                "value", f"Dense: `units` must be a positive integer, got {units!r}", "units"
            )

    def build(self, inputs):
        (x,) = inputs
        if isinstance(x, Unknown):
            last = UNKNOWN
        else:
            last = x[-1]
        units = self.args["units"]
        weights = [Weight("kernel", (last, units), self.trainable)]
        if self.args["use_bias"] is not False:
            weights.append(Weight("bias", (units,), self.trainable))
        return weights

    def compute_output_shape(self, inputs):
        (x,) = inputs
        require_rank(self, x, minimum=2)
        if isinstance(x, Unknown):
            return [UNKNOWN]
        return [(*x[:-1], self.args["units"])]
