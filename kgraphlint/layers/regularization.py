"""Regularization layers (keras/src/layers/regularization): all keep the
input shape and own no weights; only their arguments can be wrong."""

from __future__ import annotations

from ..dims import is_int
from . import register
from .activations import check_range
from .base import REQUIRED, Layer, LayerError, is_literal, require_rank, standardize_data_format


class _Rate(Layer):
    def validate(self):
        # Keras: `if not 0 <= rate <= 1: raise ValueError`
        check_range(self, "rate", self.args["rate"], 0, 1)


@register
class Dropout(_Rate):
    name = "Dropout"
    signature = (("rate", REQUIRED), ("noise_shape", None), ("seed", None))

    def validate(self):
        super().validate()
        ns = self.args["noise_shape"]
        if ns is None or not is_literal(ns):
            return
        if not isinstance(ns, (tuple, list)):
            raise LayerError("value", f"Dropout: `noise_shape` must be a tuple or list, got {ns!r}", "noise_shape")
        for d in ns:
            if d is None or not is_literal(d):
                continue
            if not is_int(d) or d <= 0:
                raise LayerError("value", f"Dropout: `noise_shape` entries must be positive ints or None, got {ns!r}", "noise_shape")


@register
class AlphaDropout(_Rate):
    name = "AlphaDropout"
    signature = (("rate", REQUIRED), ("noise_shape", None), ("seed", None))


@register
class GaussianDropout(_Rate):
    name = "GaussianDropout"
    signature = (("rate", REQUIRED), ("seed", None))


@register
class GaussianNoise(Layer):
    name = "GaussianNoise"
    signature = (("stddev", REQUIRED), ("seed", None))

    def validate(self):
        check_range(self, "stddev", self.args["stddev"], 0, 1)


@register
class ActivityRegularization(Layer):
    name = "ActivityRegularization"
    signature = (("l1", 0.0), ("l2", 0.0))


class _SpatialDropout(_Rate):
    ndim = 3
    # Keras's SpatialDropout* __init__ takes name/dtype but no **kwargs
    base_kwargs = ()

    def validate(self):
        super().validate()
        if "data_format" in self.args:
            standardize_data_format(self, self.args["data_format"])

    def compute_output_shape(self, inputs):
        require_rank(self, inputs[0], exact=self.ndim)
        return [inputs[0]]


@register
class SpatialDropout1D(_SpatialDropout):
    name = "SpatialDropout1D"
    signature = (("rate", REQUIRED), ("seed", None), ("name", None), ("dtype", None))


@register
class SpatialDropout2D(_SpatialDropout):
    name = "SpatialDropout2D"
    ndim = 4
    signature = (("rate", REQUIRED), ("data_format", None), ("seed", None), ("name", None), ("dtype", None))


@register
class SpatialDropout3D(_SpatialDropout):
    name = "SpatialDropout3D"
    ndim = 5
    signature = (("rate", REQUIRED), ("data_format", None), ("seed", None), ("name", None), ("dtype", None))
