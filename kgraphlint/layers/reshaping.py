"""Reshaping layers (keras/src/layers/reshaping)."""

from __future__ import annotations

from ..dims import UNKNOWN, Expr, Unknown, dim_add, dim_mul, dim_prod, dim_sub, dims_equal, format_shape, is_int
from . import register
from .base import (
    REQUIRED,
    Layer,
    LayerError,
    is_literal,
    require_rank,
    spatial_axes,
    standardize_data_format,
    standardize_tuple,
)


def _check_int(layer, arg, value):
    """``n`` / ``size`` of RepeatVector and UpSampling1D: a positive non-bool int."""
    if not is_literal(value):
        return
    if not is_int(value) or value <= 0:
        raise LayerError("value", f"{layer.name}: `{arg}` must be a positive integer, got {value!r}", arg)


@register
class Flatten(Layer):
    name = "Flatten"
    signature = (("data_format", None),)

    def validate(self):
        standardize_data_format(self, self.args["data_format"])

    def compute_output_shape(self, inputs):
        (x,) = inputs
        require_rank(self, x, minimum=1)
        if isinstance(x, Unknown):
            return [(None, UNKNOWN)]  # batch comes from the input, unknown rank
        rest = x[1:]
        return [(x[0], dim_prod(rest) if rest else 1)]


@register
class Reshape(Layer):
    name = "Reshape"
    signature = (("target_shape", REQUIRED),)

    def _target(self):
        t = self.args["target_shape"]
        if not is_literal(t):
            return None
        if not isinstance(t, (tuple, list)):
            raise LayerError("value", f"Reshape: `target_shape` must be a tuple, got {t!r}", "target_shape")
        return tuple(t)

    def validate(self):
        t = self._target()
        if t is None:
            return
        if any(is_int(d) and d < -1 for d in t) or sum(1 for d in t if d == -1 and is_int(d)) > 1:
            raise LayerError("value", f"Reshape: `target_shape` entries must be >= 0 with at most one -1, got {t!r}", "target_shape")

    def compute_output_shape(self, inputs):
        (x,) = inputs
        t = self._target()
        if t is None:
            return [UNKNOWN]
        # an input nobody knows has a batch axis nobody knows (a call on data keeps its batch size)
        batch = UNKNOWN if isinstance(x, Unknown) else x[0]
        if any(isinstance(d, Unknown) for d in t):  # an entry nobody knows: so is what -1 stands for
            return [(batch, *(UNKNOWN if is_int(d) and d == -1 else d for d in t))]
        # other non-int entries (None) are dynamic to Keras
        t = tuple(d if is_int(d) or isinstance(d, Expr) else None for d in t)
        if isinstance(x, Unknown) or None in x[1:] or None in t:
            return [(batch, *(None if d == -1 and is_int(d) else d for d in t))]
        size = dim_prod(x[1:])
        known = dim_prod(d for d in t if not (is_int(d) and d == -1))
        if -1 not in [d for d in t if is_int(d)]:
            if dims_equal(size, known) is False:
                raise LayerError(
                    "dimension",
                    f"Reshape: cannot reshape {format_shape(x)} ({size} values per sample) into {t} ({known} values)",
                )
            return [(batch, *t)]
        if is_int(size) and is_int(known) and (known == 0 or size % known):
            raise LayerError(
                "dimension", f"Reshape: {size} values per sample of {format_shape(x)} cannot fill {t}"
            )
        fill = UNKNOWN if isinstance(size, Unknown) or isinstance(known, Unknown) or known == 0 else size // known
        return [(batch, *(fill if is_int(d) and d == -1 else d for d in t))]


@register
class Permute(Layer):
    name = "Permute"
    signature = (("dims", REQUIRED),)

    def validate(self):
        dims = self.args["dims"]
        if not is_literal(dims) or any(not is_literal(d) for d in dims if isinstance(dims, (tuple, list))):
            return
        if not isinstance(dims, (tuple, list)) or sorted(dims) != list(range(1, len(dims) + 1)):
            raise LayerError("value", f"Permute: `dims` must be a permutation of 1..n, got {dims!r}", "dims")

    def compute_output_shape(self, inputs):
        (x,) = inputs
        dims = self.args["dims"]
        if not isinstance(dims, (tuple, list)) or not all(is_int(d) for d in dims):
            return [UNKNOWN]
        require_rank(self, x, exact=len(dims) + 1)
        if isinstance(x, Unknown):
            return [(None, *(UNKNOWN for _ in dims))]
        return [(x[0], *(x[d] for d in dims))]


@register
class RepeatVector(Layer):
    name = "RepeatVector"
    signature = (("n", REQUIRED),)

    def validate(self):
        _check_int(self, "n", self.args["n"])

    def compute_output_shape(self, inputs):
        (x,) = inputs
        require_rank(self, x, exact=2)
        if isinstance(x, Unknown):
            return [(None, self.args["n"], UNKNOWN)]
        return [(x[0], self.args["n"], x[1])]


def _scale_spatial(layer, x, ndim, factors, data_format):
    require_rank(layer, x, exact=ndim)
    if isinstance(x, Unknown):
        return UNKNOWN
    out = list(x)
    for axis, f in zip(spatial_axes(data_format, ndim), factors):
        out[axis] = dim_mul(f, x[axis])
    return tuple(out)


@register
class UpSampling1D(Layer):
    name = "UpSampling1D"
    signature = (("size", 2),)

    def validate(self):
        _check_int(self, "size", self.args["size"])

    def compute_output_shape(self, inputs):
        return [_scale_spatial(self, inputs[0], 3, (self.args["size"],), "channels_last")]


class _UpSamplingND(Layer):
    ndim = 4

    def validate(self):
        standardize_data_format(self, self.args["data_format"])
        standardize_tuple(self, self.args["size"], self.ndim - 2, "size")

    def compute_output_shape(self, inputs):
        fmt = standardize_data_format(self, self.args["data_format"])
        size = standardize_tuple(self, self.args["size"], self.ndim - 2, "size")
        return [_scale_spatial(self, inputs[0], self.ndim, size, fmt)]


@register
class UpSampling2D(_UpSamplingND):
    name = "UpSampling2D"
    signature = (("size", (2, 2)), ("data_format", None), ("interpolation", "nearest"))

    def validate(self):
        super().validate()
        interp = self.args["interpolation"]
        if is_literal(interp) and not isinstance(interp, str):
            raise LayerError("value", f"UpSampling2D: `interpolation` must be a string, got {interp!r}", "interpolation")


@register
class UpSampling3D(_UpSamplingND):
    name = "UpSampling3D"
    ndim = 5
    signature = (("size", (2, 2, 2)), ("data_format", None))


def _pairs(layer, value, n, arg, check_int_sign):
    """ZeroPadding2D/3D and Cropping2D/3D: an int, n ints or n pairs -> n (before, after) pairs.

    A bare int is only checked for sign by Cropping (``check_int_sign``);
    everything else goes through standardize_tuple(allow_zero=True).
    """
    if not is_literal(value):
        return ((UNKNOWN, UNKNOWN),) * n
    if is_int(value) or isinstance(value, bool):
        if check_int_sign and value < 0:
            raise LayerError("value", f"{layer.name}: `{arg}` cannot be negative, got {value!r}", arg)
        return ((value, value),) * n
    if not isinstance(value, (tuple, list, str, dict)):
        raise LayerError("value", f"{layer.name}: `{arg}` must be an int, {n} ints or {n} pairs of ints, got {value!r}", arg)
    if len(value) != n:
        raise LayerError("value", f"{layer.name}: `{arg}` should have {n} elements, got {value!r}", arg)
    return tuple(standardize_tuple(layer, v, 2, arg, allow_zero=True) for v in value)


class _SpatialEdit(Layer):
    """Shared shape rule for ZeroPadding* (sign=+1) and Cropping* (sign=-1)."""

    ndim = 3
    arg = "padding"
    sign = 1

    def _amounts(self):
        return _pairs(self, self.args[self.arg], self.ndim - 2, self.arg, self.sign < 0)

    def _format(self):
        return standardize_data_format(self, self.args.get("data_format"))

    def validate(self):
        self._format()
        self._amounts()

    def compute_output_shape(self, inputs):
        (x,) = inputs
        amounts = self._amounts()
        fmt = self._format()
        require_rank(self, x, exact=self.ndim)
        if isinstance(x, Unknown):
            return [UNKNOWN]
        out = list(x)
        for axis, (a, b) in zip(spatial_axes(fmt, self.ndim), amounts):
            if x[axis] is None:
                continue
            out[axis] = dim_add(x[axis], a + b) if self.sign > 0 else dim_sub(x[axis], a + b)
            # cropping must leave > 0; padding (negative ints pass Keras's
            # int path unchecked) only fails once a dimension goes negative
            if is_int(out[axis]) and (out[axis] < 0 or (self.sign < 0 and out[axis] == 0)):
                raise LayerError(
                    "dimension",
                    f"{self.name}: cropping {amounts} leaves nothing of input {format_shape(x)}",
                )
        return [tuple(out)]


@register
class ZeroPadding1D(_SpatialEdit):
    name = "ZeroPadding1D"
    signature = (("padding", 1), ("data_format", None))

    def _amounts(self):
        return (standardize_tuple(self, self.args["padding"], 2, "padding", allow_zero=True),)


@register
class ZeroPadding2D(_SpatialEdit):
    name = "ZeroPadding2D"
    ndim = 4
    signature = (("padding", (1, 1)), ("data_format", None))


@register
class ZeroPadding3D(_SpatialEdit):
    name = "ZeroPadding3D"
    ndim = 5
    signature = (("padding", ((1, 1), (1, 1), (1, 1))), ("data_format", None))


@register
class Cropping1D(_SpatialEdit):
    name = "Cropping1D"
    arg = "cropping"
    sign = -1
    signature = (("cropping", (1, 1)),)

    def _amounts(self):
        return (standardize_tuple(self, self.args["cropping"], 2, "cropping", allow_zero=True),)


@register
class Cropping2D(_SpatialEdit):
    name = "Cropping2D"
    ndim = 4
    arg = "cropping"
    sign = -1
    signature = (("cropping", ((0, 0), (0, 0))), ("data_format", None))


@register
class Cropping3D(_SpatialEdit):
    name = "Cropping3D"
    ndim = 5
    arg = "cropping"
    sign = -1
    signature = (("cropping", ((1, 1), (1, 1), (1, 1))), ("data_format", None))
