"""Normalization layers (keras/src/layers/normalization)."""

from __future__ import annotations

from ..dims import UNKNOWN, Unknown, format_shape, is_int
from . import register
from .base import BASE_KWARGS, Layer, LayerError, Weight, is_literal


def _axes(layer, axis, allow_list=True):
    """The axis argument as a list of ints, or None when symbolic."""
    if isinstance(axis, (list, tuple)) and allow_list:
        if not all(is_literal(a) for a in axis):
            return None
        if not all(isinstance(a, int) for a in axis):
            raise LayerError("value", f"{layer.name}: `axis` must be an int or a list of ints, got {axis!r}", "axis")
        return list(axis)
    if not is_literal(axis):
        return None
    if not isinstance(axis, int):
        raise LayerError("value", f"{layer.name}: `axis` must be an int or a list of ints, got {axis!r}", "axis")
    return [axis]


def _check_bounds(layer, axes, x):
    for a in axes:
        if not -len(x) <= a < len(x):
            raise LayerError("value", f"{layer.name}: axis {a} is out of bounds for input {format_shape(x)}", "axis")


def _param_shape(layer, x, axes):
    """Weight shape over ``axes``; Keras cannot create a weight with a None size."""
    if axes is None or isinstance(x, Unknown):
        return (UNKNOWN,)
    _check_bounds(layer, axes, x)
    return tuple(x[a] for a in axes)


def _defined(layer, weights, x):
    """Keras cannot create a weight with a None size (no weight, no problem)."""
    for w in weights:
        if None in w.shape:
            raise LayerError("dimension", f"{layer.name}: the normalized axes of input {format_shape(x)} must have defined sizes")
    return weights


class _Normalization(Layer):
    def _axes(self):
        return _axes(self, self.args["axis"])

    def validate(self):
        self._axes()

    def compute_output_shape(self, inputs):
        (x,) = inputs
        axes = self._axes()
        if axes is not None and not isinstance(x, Unknown):
            _check_bounds(self, axes, x)
        return [x]


@register
class BatchNormalization(_Normalization):
    name = "BatchNormalization"
    signature = (
        ("axis", -1), ("momentum", 0.99), ("epsilon", 0.001), ("center", True), ("scale", True),
        ("beta_initializer", "zeros"), ("gamma_initializer", "ones"),
        ("moving_mean_initializer", "zeros"), ("moving_variance_initializer", "ones"),
        ("beta_regularizer", None), ("gamma_regularizer", None),
        ("beta_constraint", None), ("gamma_constraint", None),
        ("renorm", False), ("renorm_clipping", None), ("renorm_momentum", 0.99), ("synchronized", False),
    )

    def _axes(self):
        # Keras does int(axis), float(momentum), float(epsilon)
        axis = self.args["axis"]
        if not is_literal(axis):
            return None
        try:
            return [int(axis)]
        except (TypeError, ValueError):
            raise LayerError("value", f"BatchNormalization: `axis` must be an int, got {axis!r}", "axis") from None

    def validate(self):
        self._axes()
        for arg in ("momentum", "epsilon"):
            v = self.args[arg]
            if is_literal(v):
                try:
                    float(v)
                except (TypeError, ValueError):
                    raise LayerError("value", f"BatchNormalization: `{arg}` must be a float, got {v!r}", arg) from None
        clip = self.args["renorm_clipping"]
        if self.args["renorm"] and isinstance(clip, dict):
            if set(clip) - {"rmax", "rmin", "dmax"}:
                raise LayerError("value", f"BatchNormalization: invalid `renorm_clipping` keys {sorted(clip)}", "renorm_clipping")

    def build(self, inputs):
        shape = _param_shape(self, inputs[0], self._axes())
        t = self.trainable
        weights = []
        if self.args["scale"]:
            weights.append(Weight("gamma", shape, t))
        if self.args["center"]:
            weights.append(Weight("beta", shape, t))
        weights += [Weight("moving_mean", shape, False), Weight("moving_variance", shape, False)]
        if self.args["renorm"]:
            weights += [Weight(n, shape, False) for n in ("moving_stddev", "renorm_mean", "renorm_stddev")]
        return _defined(self, weights, inputs[0])


@register
class LayerNormalization(_Normalization):
    name = "LayerNormalization"
    signature = (
        ("axis", -1), ("epsilon", 0.001), ("center", True), ("scale", True),
        ("beta_initializer", "zeros"), ("gamma_initializer", "ones"),
        ("beta_regularizer", None), ("gamma_regularizer", None),
        ("beta_constraint", None), ("gamma_constraint", None),
    )
    # deprecated, popped from **kwargs before the base Layer sees them
    base_kwargs = BASE_KWARGS + (("rms_scaling", False),)

    def build(self, inputs):
        axes = self._axes()
        shape = _param_shape(self, inputs[0], sorted(axes) if axes else axes)
        rms = self.args.get("rms_scaling")
        weights = []
        if self.args["scale"] or rms:
            weights.append(Weight("gamma", shape, self.trainable))
        if self.args["center"] and not rms:
            weights.append(Weight("beta", shape, self.trainable))
        return _defined(self, weights, inputs[0])


@register
class RMSNormalization(_Normalization):
    name = "RMSNormalization"
    signature = (("axis", -1), ("epsilon", 1e-06))

    def build(self, inputs):
        axes = self._axes()
        shape = _param_shape(self, inputs[0], sorted(axes) if axes else axes)
        return _defined(self, [Weight("scale", shape, self.trainable)], inputs[0])


@register
class UnitNormalization(_Normalization):
    name = "UnitNormalization"
    signature = (("axis", -1),)


@register
class GroupNormalization(_Normalization):
    name = "GroupNormalization"
    signature = (
        ("groups", 32), ("axis", -1), ("epsilon", 0.001), ("center", True), ("scale", True),
        ("beta_initializer", "zeros"), ("gamma_initializer", "ones"),
        ("beta_regularizer", None), ("gamma_regularizer", None),
        ("beta_constraint", None), ("gamma_constraint", None),
    )

    def _axes(self):
        # build() indexes input_shape[axis]: a list axis cannot work
        return _axes(self, self.args["axis"], allow_list=False)

    def validate(self):
        groups = self.args["groups"]
        if is_literal(groups) and (not isinstance(groups, int) or (groups <= 0 and groups != -1)):
            raise LayerError("value", f"GroupNormalization: `groups` must be a positive int or -1, got {groups!r}", "groups")
        self._axes()

    def build(self, inputs):
        (x,) = inputs
        axes = self._axes()
        shape = _param_shape(self, x, axes)
        dim, groups = shape[0], self.args["groups"]
        if dim is None:  # GroupNormalization checks this even without weights
            raise LayerError("dimension", f"GroupNormalization: axis {axes[0]} of input {format_shape(x)} must be defined")
        if is_int(groups) and groups == -1:
            groups = dim
        if is_int(dim) and is_int(groups):
            if dim < groups or dim % groups:
                raise LayerError(
                    "value",
                    f"GroupNormalization: groups={groups} must divide the {dim} channels of input {format_shape(x)}",
                    "groups",
                )
        weights = []
        if self.args["scale"]:
            weights.append(Weight("gamma", (dim,), self.trainable))
        if self.args["center"]:
            weights.append(Weight("beta", (dim,), self.trainable))
        return _defined(self, weights, inputs[0])
