"""Convolution layers (keras/src/layers/convolutional): Conv1D/2D/3D, their
transposed variants, SeparableConv1D/2D and DepthwiseConv1D/2D.

One base class mirrors Keras's BaseConv / BaseConvTranspose /
BaseDepthwiseConv / BaseSeparableConv; the subclasses only differ in rank,
signature order and how weights and output channels follow from the input.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import ClassVar

from ..dims import UNKNOWN, Expr, Unknown, dim_floordiv, dim_mul, format_shape, is_int
from . import register
from .base import (
    BASE_KWARGS,
    REQUIRED,
    Layer,
    LayerError,
    Weight,
    check_weight_shapes,
    conv_output_length,
    deconv_output_length,
    rank,
    require_rank,
)

# -- argument helpers shared with rnn.py ------------------------------------


def check_activation(layer: Layer, value, arg: str = "activation") -> None:
    """Validate an activation argument with activations.check_activation
    (imported lazily: the families load independently)."""
    from .activations import check_activation as check

    check(layer, value, arg)


def _symbolic(v) -> bool:
    return isinstance(v, (Expr, Unknown))


def standardize_tuple(layer: Layer, value, n: int, arg: str, allow_zero: bool = False) -> tuple:
    """Keras's ``standardize_tuple``: an int or n ints, all > 0 (>= 0 with
    ``allow_zero``). Symbols pass; floats and other literals are rejected
    because Keras cannot turn them into a weight shape or a stride."""

    def bad(why):
        return LayerError("value", f"{layer.name}: `{arg}` must be an int or a tuple of {n} ints, got {value!r}{why}", arg)

    if isinstance(value, bool) or is_int(value) or _symbolic(value):
        items = (value,) * n
    elif isinstance(value, (tuple, list)):
        if len(value) != n:
            raise bad("")
        items = tuple(value)
    else:
        raise bad("")
    out = []
    for v in items:
        if isinstance(v, bool):
            v = int(v)
        if not (is_int(v) or _symbolic(v)):
            raise bad(f" (element {v!r} is not an int)")
        if is_int(v) and (v < 0 or (v == 0 and not allow_zero)):
            raise bad(f" (every value must be {'>= 0' if allow_zero else '> 0'})")
        out.append(v)
    return tuple(out)


def standardize_padding(layer: Layer, value, allowed=("valid", "same")):
    if _symbolic(value):
        return value
    if isinstance(value, str) and value.lower() in allowed:
        return value.lower()
    # Keras lets a tuple through the constructor but the shape computation rejects it.
    raise LayerError("value", f"{layer.name}: `padding` must be one of {', '.join(map(repr, allowed))}, got {value!r}", "padding")


def standardize_data_format(layer: Layer, value):
    if value is None:
        return "channels_last"  # Keras's image_data_format() default
    if _symbolic(value):
        return value
    v = str(value).lower()
    if v not in ("channels_last", "channels_first"):
        raise LayerError("value", f"{layer.name}: `data_format` must be 'channels_last' or 'channels_first', got {value!r}", "data_format")
    return v


def check_count(layer: Layer, arg: str, value, *, allow_none=False) -> None:
    """``filters`` / ``depth_multiplier``: Keras only checks ``> 0``, but a
    float or None ends up in a weight shape and fails there."""
    if _symbolic(value) or (value is None and allow_none):
        return
    if isinstance(value, bool) or not is_int(value):
        raise LayerError("value", f"{layer.name}: `{arg}` must be a positive integer, got {value!r}", arg)
    if value <= 0:
        raise LayerError("value", f"{layer.name}: `{arg}` must be a strictly positive integer, got {value}", arg)


def any_above_one(values) -> bool:
    return any(is_int(v) and v > 1 for v in values)


def conv_spatial_output(layer: Layer, shape, spatial_axes, cfg) -> list:
    """Output lengths of the spatial axes of a (non-transposed) convolution;
    raises when Keras's "Computed output size would be zero or negative"."""
    out = []
    for i, axis in enumerate(spatial_axes):
        n = shape[axis]
        k, s, d = cfg.kernel_size[i], cfg.strides[i], cfg.dilation_rate[i]
        length = conv_output_length(n, k, cfg.padding, s, d)
        # 'same' of an empty axis is an empty axis, which Keras accepts.
        if cfg.padding == "valid" and is_int(length) and length <= 0:
            span = d * (k - 1) + 1 if is_int(k) and is_int(d) else k
            raise LayerError(
                "dimension",
                f"{layer.name}: output size along axis {axis} of input {format_shape(shape)} would be {length}: "
                f"the input length {n} is smaller than the {'dilated ' if d != 1 else ''}kernel span {span} "
                f"with padding='valid' (kernel too large, or earlier layers/poolings shrank this axis too much)",
            )
        out.append(length)
    return out


# -- the shared base ---------------------------------------------------------


class BaseConv(Layer):
    """Conv1D/2D/3D (Keras's BaseConv). Subclasses override the hooks below."""

    rank: ClassVar[int] = 2
    paddings: ClassVar[tuple] = ("valid", "same")
    #: Keras rejects strides > 1 together with dilation_rate > 1 (not for depthwise/separable)
    exclusive_stride_dilation: ClassVar[bool] = True
    base_kwargs = BASE_KWARGS + (("lora_rank", None), ("lora_alpha", None))

    def config(self) -> SimpleNamespace:
        """Validated, normalized arguments (cached: validate() and the shape
        phases share it)."""
        cached = self.__dict__.get("_cfg")
        if cached is not None:
            return cached
        a, n = self.args, self.rank
        cfg = SimpleNamespace(
            kernel_size=standardize_tuple(self, a["kernel_size"], n, "kernel_size"),
            strides=standardize_tuple(self, a["strides"], n, "strides"),
            dilation_rate=standardize_tuple(self, a["dilation_rate"], n, "dilation_rate"),
            padding=standardize_padding(self, a["padding"], self.paddings),
            data_format=standardize_data_format(self, a["data_format"]),
        )
        if self.exclusive_stride_dilation and any_above_one(cfg.strides) and any_above_one(cfg.dilation_rate):
            raise LayerError(
                "value",
                f"{self.name}: `strides > 1` is not supported together with `dilation_rate > 1` "
                f"(strides={cfg.strides}, dilation_rate={cfg.dilation_rate})",
                "strides",
            )
        self.extra_config(cfg)
        check_activation(self, a["activation"])
        self._cfg = cfg
        return cfg

    def extra_config(self, cfg) -> None:
        a = self.args
        check_count(self, "filters", a["filters"], allow_none=True)
        groups = a["groups"]
        if not (is_int(groups) or _symbolic(groups)) or (is_int(groups) and groups <= 0):
            raise LayerError("value", f"{self.name}: `groups` must be a positive integer, got {groups!r}", "groups")
        filters = a["filters"]
        if is_int(filters) and is_int(groups) and filters % groups:
            raise LayerError("value", f"{self.name}: `filters` ({filters}) must be divisible by `groups` ({groups})", "filters")

    def validate(self):
        self.config()

    # -- shape helpers --------------------------------------------------------
    def _layout(self, x):
        """(channel axis, spatial axes) of input ``x`` or None when the
        data_format is symbolic."""
        df = self.config().data_format
        if df == "channels_last":
            return len(x) - 1, list(range(1, len(x) - 1))
        if df == "channels_first":
            return 1, list(range(2, len(x)))
        return None

    def _input_channels(self, x):
        if rank(x) is None:
            return UNKNOWN
        layout = self._layout(x)
        return UNKNOWN if layout is None else x[layout[0]]

    def output_channels(self, in_channels):
        return self.args["filters"]

    def spatial_output(self, x, spatial_axes):
        return conv_spatial_output(self, x, spatial_axes, self.config())

    def compute_output_shape(self, inputs):
        (x,) = inputs
        require_rank(self, x, exact=self.rank + 2)
        cfg = self.config()
        if rank(x) is None:
            return [UNKNOWN]
        layout = self._layout(x)
        if layout is None:
            return [(x[0],) + (UNKNOWN,) * (self.rank + 1)]
        channel_axis, spatial_axes = layout
        spatial = self.spatial_output(x, spatial_axes)
        channels = self.output_channels(x[channel_axis])
        if cfg.data_format == "channels_last":
            return [(x[0], *spatial, channels)]
        return [(x[0], channels, *spatial)]

    # -- weights ----------------------------------------------------------------
    def build(self, inputs):
        (x,) = inputs
        require_rank(self, x, exact=self.rank + 2)
        weights = [Weight(n, s, self.trainable) for n, s in self.weight_shapes(self._input_channels(x))]
        return check_weight_shapes(self, self.lora(weights))

    def weight_shapes(self, c):
        a = self.args
        groups, filters = a["groups"], a["filters"]
        if is_int(c) and is_int(groups) and c % groups:
            raise LayerError(
                "dimension",
                f"{self.name}: the input has {c} channels, which is not divisible by groups={groups}",
            )
        shapes = [("kernel", self.config().kernel_size + (dim_floordiv(c, groups), filters))]
        if a["use_bias"]:
            shapes.append(("bias", (filters,)))
        return shapes

    def lora(self, weights):
        """``lora_rank`` freezes the kernel and adds two trainable factors."""
        r = self.args.get("lora_rank")
        if not r:
            return weights
        if self.args.get("kernel_constraint") is not None:
            raise LayerError("value", f"{self.name}: LoRA (`lora_rank`) is incompatible with `kernel_constraint`", "lora_rank")
        kernel = weights[0]
        return [
            Weight("kernel", kernel.shape, False),
            *weights[1:],
            Weight("lora_kernel_a", kernel.shape[:-1] + (r,), self.trainable),
            Weight("lora_kernel_b", (r, self.args["filters"]), self.trainable),
        ]


def _conv_signature(rank: int, groups=True):
    one = 1 if rank == 1 else (1,) * rank
    sig = [
        ("filters", REQUIRED),
        ("kernel_size", REQUIRED),
        ("strides", one),
        ("padding", "valid"),
        ("data_format", None),
        ("dilation_rate", one),
    ]
    if groups:
        sig.append(("groups", 1))
    return tuple(sig) + (
        ("activation", None),
        ("use_bias", True),
        ("kernel_initializer", "glorot_uniform"),
        ("bias_initializer", "zeros"),
        ("kernel_regularizer", None),
        ("bias_regularizer", None),
        ("activity_regularizer", None),
        ("kernel_constraint", None),
        ("bias_constraint", None),
    )


@register
class Conv1D(BaseConv):
    name = "Conv1D"
    aliases = ("Convolution1D",)
    rank = 1
    paddings = ("valid", "same", "causal")
    signature = _conv_signature(1)


@register
class Conv2D(BaseConv):
    name = "Conv2D"
    aliases = ("Convolution2D",)
    rank = 2
    signature = _conv_signature(2)


@register
class Conv3D(BaseConv):
    name = "Conv3D"
    aliases = ("Convolution3D",)
    rank = 3
    signature = _conv_signature(3)


# -- transposed ----------------------------------------------------------------


class BaseConvTranspose(BaseConv):
    """Keras's BaseConvTranspose: kernel (k..., filters, in), no groups."""

    base_kwargs = BASE_KWARGS

    def extra_config(self, cfg):
        check_count(self, "filters", self.args["filters"], allow_none=True)
        op = self.args["output_padding"]
        cfg.output_padding = None if op is None else standardize_tuple(self, op, self.rank, "output_padding", allow_zero=True)
        for i, (p, s) in enumerate(zip(cfg.output_padding or (), cfg.strides)):
            if is_int(p) and is_int(s) and p >= s:
                raise LayerError(
                    "value",
                    f"{self.name}: `output_padding` must be strictly less than `strides` on every axis; "
                    f"on axis {i} it is {p} with strides {s}",
                    "output_padding",
                )

    def spatial_output(self, x, spatial_axes):
        cfg = self.config()
        out = []
        for i, axis in enumerate(spatial_axes):
            op = None if cfg.output_padding is None else cfg.output_padding[i]
            length = deconv_output_length(x[axis], cfg.kernel_size[i], cfg.padding, cfg.strides[i], cfg.dilation_rate[i], op)
            if is_int(length) and length < 0:  # Keras accepts 0, not negatives
                raise LayerError(
                    "dimension",
                    f"{self.name}: output size along axis {axis} of input {format_shape(x)} would be {length} "
                    f"(input length {x[axis]}, padding='same' with output_padding={op})",
                )
            out.append(length)
        return out

    def weight_shapes(self, c):
        filters = self.args["filters"]
        shapes = [("kernel", self.config().kernel_size + (filters, c))]
        if self.args["use_bias"]:
            shapes.append(("bias", (filters,)))
        return shapes


def _transpose_signature(rank: int):
    sig = list(_conv_signature(rank, groups=False))
    # Conv3DTranspose lists data_format before output_padding; the others after.
    at = [p for p, _ in sig].index("data_format" if rank == 3 else "padding") + 1
    sig.insert(at, ("output_padding", None))
    return tuple(sig)


@register
class Conv1DTranspose(BaseConvTranspose):
    name = "Conv1DTranspose"
    aliases = ("Convolution1DTranspose",)
    rank = 1
    signature = _transpose_signature(1)


@register
class Conv2DTranspose(BaseConvTranspose):
    name = "Conv2DTranspose"
    aliases = ("Convolution2DTranspose",)
    rank = 2
    signature = _transpose_signature(2)


@register
class Conv3DTranspose(BaseConvTranspose):
    name = "Conv3DTranspose"
    aliases = ("Convolution3DTranspose",)
    rank = 3
    signature = _transpose_signature(3)


# -- depthwise / separable -------------------------------------------------------


class BaseDepthwiseConv(BaseConv):
    """Keras's BaseDepthwiseConv: one kernel per input channel, times depth_multiplier."""

    base_kwargs = BASE_KWARGS
    exclusive_stride_dilation = False  # the TF backend decomposes the op instead

    def extra_config(self, cfg):
        check_count(self, "depth_multiplier", self.args["depth_multiplier"], allow_none=True)

    def output_channels(self, in_channels):
        return dim_mul(self.args["depth_multiplier"], in_channels)

    def weight_shapes(self, c):
        dm = self.args["depth_multiplier"]
        shapes = [("kernel", self.config().kernel_size + (c, dm))]
        if self.args["use_bias"]:
            shapes.append(("bias", (dim_mul(dm, c),)))
        return shapes

    def compute_output_shape(self, inputs):
        shapes = super().compute_output_shape(inputs)
        (x,) = inputs
        if self._input_channels(x) is None:  # Keras multiplies depth_multiplier by None
            raise LayerError("dimension", f"{self.name}: the channel axis of input {format_shape(x)} must be defined")
        return shapes


def _depthwise_signature(rank: int):
    one = 1 if rank == 1 else (1,) * rank
    return (
        ("kernel_size", REQUIRED),
        ("strides", one),
        ("padding", "valid"),
        ("depth_multiplier", 1),
        ("data_format", None),
        ("dilation_rate", one),
        ("activation", None),
        ("use_bias", True),
        ("depthwise_initializer", "glorot_uniform"),
        ("bias_initializer", "zeros"),
        ("depthwise_regularizer", None),
        ("bias_regularizer", None),
        ("activity_regularizer", None),
        ("depthwise_constraint", None),
        ("bias_constraint", None),
    )


@register
class DepthwiseConv1D(BaseDepthwiseConv):
    name = "DepthwiseConv1D"
    rank = 1
    signature = _depthwise_signature(1)


@register
class DepthwiseConv2D(BaseDepthwiseConv):
    name = "DepthwiseConv2D"
    rank = 2
    signature = _depthwise_signature(2)


class BaseSeparableConv(BaseDepthwiseConv):
    """Keras's BaseSeparableConv: depthwise kernel, then a 1x1 pointwise kernel."""

    def extra_config(self, cfg):
        check_count(self, "depth_multiplier", self.args["depth_multiplier"], allow_none=True)
        check_count(self, "filters", self.args["filters"], allow_none=True)

    def output_channels(self, in_channels):
        return self.args["filters"]

    def weight_shapes(self, c):
        dm, filters = self.args["depth_multiplier"], self.args["filters"]
        shapes = [
            ("depthwise_kernel", self.config().kernel_size + (c, dm)),
            ("pointwise_kernel", (1,) * self.rank + (dim_mul(dm, c), filters)),
        ]
        if self.args["use_bias"]:
            shapes.append(("bias", (filters,)))
        return shapes

    def compute_output_shape(self, inputs):
        return BaseConv.compute_output_shape(self, inputs)


def _separable_signature(rank: int):
    one = 1 if rank == 1 else (1,) * rank
    return (
        ("filters", REQUIRED),
        ("kernel_size", REQUIRED),
        ("strides", one),
        ("padding", "valid"),
        ("data_format", None),
        ("dilation_rate", one),
        ("depth_multiplier", 1),
        ("activation", None),
        ("use_bias", True),
        ("depthwise_initializer", "glorot_uniform"),
        ("pointwise_initializer", "glorot_uniform"),
        ("bias_initializer", "zeros"),
        ("depthwise_regularizer", None),
        ("pointwise_regularizer", None),
        ("bias_regularizer", None),
        ("activity_regularizer", None),
        ("depthwise_constraint", None),
        ("pointwise_constraint", None),
        ("bias_constraint", None),
    )


@register
class SeparableConv1D(BaseSeparableConv):
    name = "SeparableConv1D"
    aliases = ("SeparableConvolution1D",)
    rank = 1
    signature = _separable_signature(1)


@register
class SeparableConv2D(BaseSeparableConv):
    name = "SeparableConv2D"
    aliases = ("SeparableConvolution2D",)
    rank = 2
    signature = _separable_signature(2)
