"""Pooling layers (keras/src/layers/pooling): windowed and global pooling."""

from __future__ import annotations

from ..dims import UNKNOWN, Unknown
from . import register
from .base import (
    REQUIRED,
    Layer,
    LayerError,
    conv_output_length,
    is_literal,
    require_rank,
    spatial_axes,
    standardize_data_format,
    standardize_tuple,
)


class _Pooling(Layer):
    """MaxPooling*/AveragePooling*: Keras's BasePooling + compute_pooling_output_shape."""

    rank = 1  # spatial dimensions

    def _config(self):
        n = self.rank
        pool = standardize_tuple(self, self.args["pool_size"], n, "pool_size")
        strides = self.args["strides"]
        strides = standardize_tuple(self, self.args["pool_size"] if strides is None else strides, n, "strides", allow_zero=True)
        fmt = standardize_data_format(self, self.args["data_format"])
        return pool, strides, fmt

    def validate(self):
        self._config()

    def compute_output_shape(self, inputs):
        (x,) = inputs
        pool, strides, fmt = self._config()
        padding = self.args["padding"]
        # compute_pooling_output_shape compares exactly: "SAME" is rejected
        if is_literal(padding) and padding not in ("valid", "same"):
            raise LayerError("value", f"{self.name}: `padding` must be 'valid' or 'same', got {padding!r}", "padding")
        if any(is_literal(s) and s == 0 for s in strides):
            raise LayerError("value", f"{self.name}: `strides` must be > 0, got {self.args['strides']!r}", "strides")
        require_rank(self, x, exact=self.rank + 2)
        if isinstance(x, Unknown):
            return [UNKNOWN]
        out = list(x)
        for axis, p, s in zip(spatial_axes(fmt, len(x)), pool, strides):
            out[axis] = conv_output_length(x[axis], p, padding, s, layer=self)
        return [tuple(out)]


def _pool_signature(default_size):
    return (
        ("pool_size", default_size),
        ("strides", None),
        ("padding", "valid"),
        ("data_format", None),
        ("name", None),
    )


@register
class MaxPooling1D(_Pooling):
    name, aliases, rank = "MaxPooling1D", ("MaxPool1D",), 1
    signature = _pool_signature(2)


@register
class MaxPooling2D(_Pooling):
    name, aliases, rank = "MaxPooling2D", ("MaxPool2D",), 2
    signature = _pool_signature((2, 2))


@register
class MaxPooling3D(_Pooling):
    name, aliases, rank = "MaxPooling3D", ("MaxPool3D",), 3
    signature = _pool_signature((2, 2, 2))


@register
class AveragePooling1D(_Pooling):
    name, aliases, rank = "AveragePooling1D", ("AvgPool1D",), 1
    signature = _pool_signature(REQUIRED)


@register
class AveragePooling2D(_Pooling):
    name, aliases, rank = "AveragePooling2D", ("AvgPool2D",), 2
    signature = _pool_signature(REQUIRED)


@register
class AveragePooling3D(_Pooling):
    name, aliases, rank = "AveragePooling3D", ("AvgPool3D",), 3
    signature = _pool_signature(REQUIRED)


class _GlobalPooling(Layer):
    rank = 1
    signature = (("data_format", None), ("keepdims", False))

    def validate(self):
        standardize_data_format(self, self.args["data_format"])

    def compute_output_shape(self, inputs):
        (x,) = inputs
        fmt = standardize_data_format(self, self.args["data_format"])
        keep = self.args["keepdims"]
        require_rank(self, x, exact=self.rank + 2)
        if isinstance(x, Unknown) or not is_literal(keep) or not is_literal(fmt):
            return [UNKNOWN]
        channels = x[1] if fmt == "channels_first" else x[-1]
        if not keep:
            return [(x[0], channels)]
        ones = (1,) * self.rank
        return [(x[0], channels, *ones) if fmt == "channels_first" else (x[0], *ones, channels)]


@register
class GlobalMaxPooling1D(_GlobalPooling):
    name, aliases, rank = "GlobalMaxPooling1D", ("GlobalMaxPool1D",), 1


@register
class GlobalMaxPooling2D(_GlobalPooling):
    name, aliases, rank = "GlobalMaxPooling2D", ("GlobalMaxPool2D",), 2


@register
class GlobalMaxPooling3D(_GlobalPooling):
    name, aliases, rank = "GlobalMaxPooling3D", ("GlobalMaxPool3D",), 3


@register
class GlobalAveragePooling1D(_GlobalPooling):
    name, aliases, rank = "GlobalAveragePooling1D", ("GlobalAvgPool1D",), 1


@register
class GlobalAveragePooling2D(_GlobalPooling):
    name, aliases, rank = "GlobalAveragePooling2D", ("GlobalAvgPool2D",), 2


@register
class GlobalAveragePooling3D(_GlobalPooling):
    name, aliases, rank = "GlobalAveragePooling3D", ("GlobalAvgPool3D",), 3
