"""Activation layers (keras/src/layers/activations) and the activation-name
check every layer with an ``activation`` argument shares."""

from __future__ import annotations

import difflib

from ..dims import UNKNOWN, Expr, Unknown
from . import register
from .base import BASE_KWARGS, REQUIRED, Layer, LayerError, Weight, is_literal

# keras.activations.get(str) looks names up in ALL_OBJECTS_DICT (function
# __name__s plus the "swish"/"hard_swish" aliases); the lookup is case-sensitive.
ACTIVATION_NAMES = frozenset({
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid",
    "hard_silu", "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid",
    "log_softmax", "mish", "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink",
    "softmax", "softplus", "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax",
    "squareplus", "swish", "tanh", "tanh_shrink", "threshold",
})
ACTIVATION_ARGS = ("activation", "recurrent_activation")  # the layer arguments that take one


def layer_as_activation(cls: str, argument: str, value) -> str | None:
    """``Activation(dense)``: Keras takes any callable as an activation, so the
    layer is silently called inside it and summary() keeps the input shape."""
    if not isinstance(getattr(value, "cls", None), str):
        return None
    return (f"{cls} is given the layer `{value.name}` ({value.cls}) as `{argument}`: Keras accepts any callable "
            f"there, so the layer is called inside the activation while summary() reports the input's shape for it; "
            f"apply the layer to the tensor instead (`x = {value.name}(x)`) or pass an activation name")


def check_activation(layer: Layer, value, arg: str = "activation") -> None:
    """Raise LayerError('value') when keras.activations.get(value) would fail.

    None means linear; dicts are deserialised (not checked here); symbols and
    UNKNOWN (e.g. a function object we cannot see) pass.
    """
    if value is None or isinstance(value, (dict, Expr, Unknown)) or hasattr(value, "cls"):
        return  # a layer object is callable: Keras accepts it (KG303 calls it a misuse)
    if isinstance(value, str):
        if value in ACTIVATION_NAMES:
            return
        close = difflib.get_close_matches(value.lower(), ACTIVATION_NAMES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise LayerError("value", f"{layer.name}: unknown activation {value!r}{hint}", arg)
    if isinstance(value, (int, float, complex, bytes, tuple, list, set)):  # bool is an int
        raise LayerError("value", f"{layer.name}: `{arg}` must be an activation name or function, got {value!r}", arg)
    # anything else is a function or object the analysis holds by reference
    # (keras.activations.gelu, keras.ops.gelu, a user's function): maybe callable


def check_range(layer: Layer, arg: str, value, low=None, high=None, *, allow_none=False):
    """Keras's ``if not low <= value <= high: raise``; a literal that is not a
    number fails the comparison (TypeError) so Keras rejects it too."""
    if not is_literal(value) or (allow_none and value is None):
        return
    if not isinstance(value, (int, float)):
        raise LayerError("value", f"{layer.name}: `{arg}` must be a number, got {value!r}", arg)
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise LayerError("value", f"{layer.name}: `{arg}` must be in [{lo}, {hi}], got {value!r}", arg)


@register
class Activation(Layer):
    name = "Activation"
    signature = (("activation", REQUIRED),)

    def validate(self):
        check_activation(self, self.args["activation"])


@register
class ReLU(Layer):
    name = "ReLU"
    signature = (("max_value", None), ("negative_slope", 0.0), ("threshold", 0.0))

    def validate(self):
        check_range(self, "max_value", self.args["max_value"], 0.0, allow_none=True)
        check_range(self, "negative_slope", self.args["negative_slope"], 0.0)
        check_range(self, "threshold", self.args["threshold"], 0.0)


@register
class LeakyReLU(Layer):
    name = "LeakyReLU"
    signature = (("negative_slope", 0.3),)
    # the deprecated `alpha` keyword still overrides negative_slope
    base_kwargs = BASE_KWARGS + (("alpha", None),)

    def validate(self):
        slope = self.args["negative_slope"]
        if self.args.get("alpha") is not None:
            slope = self.args["alpha"]
        check_range(self, "negative_slope", slope, 0.0)


@register
class ELU(Layer):
    name = "ELU"
    signature = (("alpha", 1.0),)


@register
class Softmax(Layer):
    name = "Softmax"
    signature = (("axis", -1),)


@register
class PReLU(Layer):
    name = "PReLU"
    signature = (
        ("alpha_initializer", "Zeros"),
        ("alpha_regularizer", None),
        ("alpha_constraint", None),
        ("shared_axes", None),
    )

    def _shared_axes(self):
        axes = self.args["shared_axes"]
        if axes is None or isinstance(axes, (list, tuple)):
            return axes
        return [axes]

    def build(self, inputs):
        (x,) = inputs
        axes = self._shared_axes()
        if isinstance(x, Unknown):
            return [Weight("alpha", (UNKNOWN,), self.trainable)]
        param = list(x[1:])
        if axes is not None:
            if not all(isinstance(a, int) for a in axes):
                return [Weight("alpha", (UNKNOWN,), self.trainable)]
            for i in axes:
                # Keras writes param_shape[i - 1]: Python indexing, so 0 and
                # negatives wrap around instead of failing
                if not -len(param) <= i - 1 < len(param):
                    raise LayerError("value", f"PReLU: shared axis {i} is out of range for input {x}", "shared_axes")
                param[i - 1] = 1
        if None in param:
            raise LayerError("dimension", f"PReLU: the alpha weight needs every non-shared axis known, got {x}")
        return [Weight("alpha", tuple(param), self.trainable)]

    def compute_output_shape(self, inputs):
        self.build(inputs)  # the weight shape is where PReLU can fail
        return [inputs[0]]
