"""Preprocessing layers (keras/src/layers/preprocessing): Rescaling,
Normalization, Resizing, CenterCrop, RandomCrop and the image augmentation
layers. Augmentations keep their input shape: Keras computes the symbolic
output from ``compute_output_shape`` (= the input shape), whatever the rank.
"""

from __future__ import annotations

from ..dims import UNKNOWN, Unknown, dims_equal, format_shape, is_int
from . import register
from .base import REQUIRED, Layer, LayerError, Weight, is_literal, standardize_data_format

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("nearest", "bilinear")


def _num(v):
    return isinstance(v, (int, float))


def _bad(layer, arg, value, why):
    return LayerError("value", f"{layer.name}: `{arg}` {why}, got {value!r}", arg)


@register
class Rescaling(Layer):
    name = "Rescaling"
    signature = (("scale", REQUIRED), ("offset", 0.0))


def _np_shape(value):
    """np.shape of a nested list literal, or None when not a literal array."""
    if _num(value):
        return ()
    if isinstance(value, (list, tuple)):
        inner = {_np_shape(v) for v in value}
        if len(inner) == 1 and None not in inner:
            return (len(value), *inner.pop())
        return None if value else (0,)
    return None


@register
class Normalization(Layer):
    """Without ``mean``/``variance`` it owns non-trainable ``mean``,
    ``variance`` (the kept axes) and a scalar int ``count``."""

    name = "Normalization"
    signature = (("axis", -1), ("mean", None), ("variance", None), ("invert", False))

    def _axis(self):
        axis = self.args["axis"]
        if axis is None:
            return ()
        if is_int(axis):
            return (axis,)
        if isinstance(axis, (list, tuple)) and all(is_int(a) for a in axis):
            return tuple(axis)
        if not is_literal(axis) or isinstance(axis, (list, tuple)):
            return None
        raise _bad(self, "axis", axis, "must be an int, a tuple of ints or None")

    def validate(self):
        axis = self._axis()
        mean, var = self.args["mean"], self.args["variance"]
        if (mean is None) != (var is None):
            raise LayerError("value", "Normalization: set both `mean` and `variance` or neither", "mean")
        ms, vs = _np_shape(mean), _np_shape(var)
        if mean is not None and ms is not None and vs is not None:
            if ms != vs:
                raise _bad(self, "variance", var, f"must have the shape of `mean` {ms}")
            if axis is not None and len(ms) > len(axis):
                raise _bad(self, "mean", mean, f"has more dimensions than `axis` {axis}")

    def build(self, inputs):
        (x,) = inputs
        axis = self._axis()
        if isinstance(x, Unknown) or axis is None:
            return [] if self.args["mean"] is not None else [Weight("mean", (UNKNOWN,), False)]
        n = len(x)
        if any(not -n <= a < n for a in axis):
            raise _bad(self, "axis", self.args["axis"], f"must be in [-{n}, {n}) for input {format_shape(x)}")
        keep = sorted(a % n for a in axis)
        if any(x[a] is None for a in keep):
            raise LayerError("dimension", f"Normalization: kept axes {tuple(keep)} of input {format_shape(x)} must be defined")
        mean = self.args["mean"]
        if mean is None:
            shape = tuple(x[a] for a in keep)
            return [Weight("mean", shape, False), Weight("variance", shape, False), Weight("count", (), False)]
        ms = _np_shape(mean)
        for i in range(1, len(ms or ()) + 1):  # mean must broadcast onto the kept axes
            if ms[-i] != 1 and dims_equal(ms[-i], x[keep[-i]]) is False:
                raise _bad(self, "mean", mean, f"of shape {ms} does not broadcast to input {format_shape(x)}")
        return []


class _SizedOutput(Layer):
    """Resizing / CenterCrop: a rank-4 input is batched images, anything else
    is taken as ONE image (Keras indexes the shape without the batch axis)."""

    def validate(self):
        standardize_data_format(self, self.args["data_format"])
        for arg in ("height", "width"):
            v = self.args[arg]
            if is_literal(v) and v is not None and not is_int(v):
                raise _bad(self, arg, v, "must be an int")

    def _check_rank(self, x):
        pass

    def compute_output_shape(self, inputs):
        (x,) = inputs
        fmt = standardize_data_format(self, self.args["data_format"])
        if isinstance(x, Unknown):
            return [UNKNOWN]
        self._check_rank(x)
        out = list(x)
        if len(x) == 4:
            h, w = (1, 2) if fmt == "channels_last" else (2, 3)
        else:
            h, w = (0, 1) if fmt == "channels_last" else (1, 2)
        if w >= len(out):
            raise LayerError("rank", f"{self.name} expects image inputs, got {format_shape(x)}")
        out[h], out[w] = self.args["height"], self.args["width"]
        return [tuple(out)]


@register
class Resizing(_SizedOutput):
    name = "Resizing"
    signature = (
        ("height", REQUIRED), ("width", REQUIRED), ("interpolation", "bilinear"),
        ("crop_to_aspect_ratio", False), ("pad_to_aspect_ratio", False),
        ("fill_mode", "constant"), ("fill_value", 0.0), ("antialias", False), ("data_format", None),
    )


@register
class CenterCrop(_SizedOutput):
    name = "CenterCrop"
    signature = (("height", REQUIRED), ("width", REQUIRED), ("data_format", None))

    def _check_rank(self, x):
        if len(x) not in (3, 4):
            raise LayerError("rank", f"CenterCrop expects a rank 3 or 4 input, got {format_shape(x)}")


@register
class RandomCrop(_SizedOutput):
    name = "RandomCrop"
    signature = (("height", REQUIRED), ("width", REQUIRED), ("seed", None), ("data_format", None), ("name", None))

    def compute_output_shape(self, inputs):
        (x,) = inputs
        fmt = standardize_data_format(self, self.args["data_format"])
        if isinstance(x, Unknown):
            return [UNKNOWN]
        h, w = (-2, -1) if fmt == "channels_first" else (-3, -2)
        if len(x) < -h:
            raise LayerError("rank", f"RandomCrop expects image inputs, got {format_shape(x)}")
        out = list(x)
        out[h], out[w] = self.args["height"], self.args["width"]
        return [tuple(out)]


# -- shape-preserving augmentations ------------------------------------------

def check_factor(layer, arg, value, low, high):
    """BaseImagePreprocessingLayer._set_factor: a number in [low, high] or a
    pair that overlaps it."""
    if not is_literal(value):
        return
    if isinstance(value, (tuple, list)):
        if len(value) != 2 or not all(_num(v) for v in value):
            raise _bad(layer, arg, value, "must be a number or a pair of numbers")
        if value[0] > high or value[1] < low:
            raise _bad(layer, arg, value, f"must overlap [{low}, {high}]")
    elif _num(value):
        if not low <= value <= high:
            raise _bad(layer, arg, value, f"must be in [{low}, {high}]")
    else:
        raise _bad(layer, arg, value, "must be a number or a pair of numbers")


def check_open_factor(layer, arg, value, closed=False):
    """RandomZoom._set_factor: every number in (-1, 1]; RandomTranslation's
    bound is closed, [-1, 1]."""
    if not is_literal(value):
        return
    items = value if isinstance(value, (tuple, list)) else [value]
    if (isinstance(value, (tuple, list)) and len(value) != 2) or not all(_num(v) for v in items):
        raise _bad(layer, arg, value, "must be a number or a pair of numbers")
    if any(v > 1.0 or v < -1.0 or (v == -1.0 and not closed) for v in items):
        raise _bad(layer, arg, value, "must be in [-1, 1]" if closed else "must be in (-1, 1]")


def check_choice(layer, arg, choices):
    v = layer.args[arg]
    if is_literal(v) and v not in choices:
        raise _bad(layer, arg, v, f"must be one of {choices}")


def check_value_range(layer):
    v = layer.args.get("value_range")
    if is_literal(v) and (not isinstance(v, (tuple, list)) or len(v) != 2):
        raise _bad(layer, "value_range", v, "must be a pair (low, high)")


class _Augmentation(Layer):
    """Output = input. ``validate`` checks what the entry lists in ``checks``."""

    def validate(self):
        if "data_format" in self.args:
            standardize_data_format(self, self.args["data_format"])


@register
class RandomFlip(_Augmentation):
    name = "RandomFlip"
    signature = (("mode", "horizontal_and_vertical"), ("seed", None), ("data_format", None))


@register
class RandomRotation(_Augmentation):
    name = "RandomRotation"
    signature = (
        ("factor", REQUIRED), ("fill_mode", "reflect"), ("interpolation", "bilinear"),
        ("seed", None), ("fill_value", 0.0), ("data_format", None),
    )

    def validate(self):
        super().validate()
        check_factor(self, "factor", self.args["factor"] or 0.0, -1, 1)
        check_choice(self, "fill_mode", FILL_MODES)
        check_choice(self, "interpolation", INTERPOLATIONS)


@register
class RandomZoom(_Augmentation):
    name = "RandomZoom"
    signature = (
        ("height_factor", REQUIRED), ("width_factor", None), ("fill_mode", "reflect"),
        ("interpolation", "bilinear"), ("seed", None), ("fill_value", 0.0), ("data_format", None),
    )

    def validate(self):
        super().validate()
        check_open_factor(self, "height_factor", self.args["height_factor"])
        if self.args["width_factor"] is not None:
            check_open_factor(self, "width_factor", self.args["width_factor"])
        check_choice(self, "fill_mode", FILL_MODES)
        check_choice(self, "interpolation", INTERPOLATIONS)


@register
class RandomTranslation(_Augmentation):
    name = "RandomTranslation"
    signature = (
        ("height_factor", REQUIRED), ("width_factor", REQUIRED), ("fill_mode", "reflect"),
        ("interpolation", "bilinear"), ("seed", None), ("fill_value", 0.0), ("data_format", None),
    )

    def validate(self):
        super().validate()
        check_open_factor(self, "height_factor", self.args["height_factor"], closed=True)
        check_open_factor(self, "width_factor", self.args["width_factor"], closed=True)
        check_choice(self, "fill_mode", FILL_MODES)
        check_choice(self, "interpolation", INTERPOLATIONS)


@register
class RandomContrast(_Augmentation):
    name = "RandomContrast"
    signature = (("factor", REQUIRED), ("value_range", (0, 255)), ("seed", None))

    def validate(self):
        check_factor(self, "factor", self.args["factor"], 0, 1)


@register
class RandomBrightness(_Augmentation):
    name = "RandomBrightness"
    signature = (("factor", REQUIRED), ("value_range", (0, 255)), ("seed", None))

    def validate(self):
        check_factor(self, "factor", self.args["factor"] or 0.0, -1, 1)
        check_value_range(self)


@register
class RandomColorDegeneration(_Augmentation):
    """The one augmentation whose compute_output_shape checks its input:
    rank 3 or 4 and, when known, 3 channels."""

    name = "RandomColorDegeneration"
    signature = (("factor", REQUIRED), ("value_range", (0, 255)), ("data_format", None), ("seed", None))

    def validate(self):
        super().validate()
        check_value_range(self)

    def compute_output_shape(self, inputs):
        (x,) = inputs
        fmt = standardize_data_format(self, self.args["data_format"])
        if isinstance(x, Unknown):
            return [x]
        if len(x) not in (3, 4):
            raise LayerError("rank", f"RandomColorDegeneration expects a rank 3 or 4 input, got {format_shape(x)}")
        channels = x[-1] if fmt == "channels_last" else x[-3]
        if is_int(channels) and channels != 3:
            raise LayerError("dimension", f"RandomColorDegeneration needs 3 channels, got {format_shape(x)}")
        return [x]


# The augmentations AugMix and RandAugment construct inside themselves, in order.
_CORE_OPS = ("RandomShear", "RandomTranslation", "RandomRotation", "Solarization", "RandomPosterization",
             "AutoContrast", "Equalization")
_COLOR_OPS = ("RandomBrightness", "RandomColorDegeneration", "RandomContrast", "RandomSharpness")


class _MadeOfAugmentations:
    @classmethod
    def made_inside(cls, args, phase):
        if phase != "init":
            return ()
        if cls.name == "AugMix":  # the colour operations only with all_ops (keras/src/.../aug_mix.py)
            return _CORE_OPS + (_COLOR_OPS if args.get("all_ops", True) is not False else ())
        return _CORE_OPS[:3] + _COLOR_OPS + _CORE_OPS[3:]


def _augmentation(name, signature):
    """Register a shape-preserving augmentation whose arguments we only pass through."""
    bases = (_MadeOfAugmentations, _Augmentation) if name in ("AugMix", "RandAugment") else (_Augmentation,)
    cls = type(name, bases, {"name": name, "signature": signature, "__module__": __name__})
    globals()[name] = register(cls)


for _name, _sig in {
    "AugMix": (("value_range", (0, 255)), ("num_chains", 3), ("chain_depth", 3), ("factor", 0.3), ("alpha", 1.0),
               ("all_ops", True), ("interpolation", "bilinear"), ("seed", None), ("data_format", None)),
    "AutoContrast": (("value_range", (0, 255)),),
    "ContrastLimitedAdaptiveHistogramEqualization": (("value_range", (0, 255)), ("clip_limit", 4.0),
                                                     ("tile_grid_size", (8, 8)), ("data_format", None)),
    "CutMix": (("factor", 1.0), ("seed", None), ("data_format", None)),
    "Equalization": (("value_range", (0, 255)), ("bins", 256), ("data_format", None)),
    "MixUp": (("alpha", 0.2), ("data_format", None), ("seed", None)),
    "RandAugment": (("value_range", (0, 255)), ("num_ops", 2), ("factor", 0.5), ("interpolation", "bilinear"),
                    ("seed", None), ("data_format", None)),
    "RandomColorJitter": (("value_range", (0, 255)), ("brightness_factor", None), ("contrast_factor", None),
                          ("saturation_factor", None), ("hue_factor", None), ("seed", None), ("data_format", None)),
    "RandomElasticTransform": (("factor", 1.0), ("scale", 1.0), ("interpolation", "bilinear"), ("fill_mode", "reflect"),
                               ("fill_value", 0.0), ("value_range", (0, 255)), ("seed", None), ("data_format", None)),
    "RandomErasing": (("factor", 1.0), ("scale", (0.02, 0.33)), ("fill_value", None), ("value_range", (0, 255)),
                      ("seed", None), ("data_format", None)),
    "RandomGaussianBlur": (("factor", 1.0), ("kernel_size", 3), ("sigma", 1.0), ("value_range", (0, 255)),
                           ("data_format", None), ("seed", None)),
    "RandomGrayscale": (("factor", 0.5), ("data_format", None), ("seed", None)),
    "RandomHue": (("factor", REQUIRED), ("value_range", (0, 255)), ("data_format", None), ("seed", None)),
    "RandomInvert": (("factor", 1.0), ("value_range", (0, 255)), ("seed", None), ("data_format", None)),
    "RandomPerspective": (("factor", 1.0), ("scale", 1.0), ("interpolation", "bilinear"), ("fill_value", 0.0),
                          ("seed", None), ("data_format", None)),
    "RandomPosterization": (("factor", REQUIRED), ("value_range", (0, 255)), ("data_format", None), ("seed", None)),
    "RandomSaturation": (("factor", REQUIRED), ("value_range", (0, 255)), ("data_format", None), ("seed", None)),
    "RandomSharpness": (("factor", REQUIRED), ("value_range", (0, 255)), ("data_format", None), ("seed", None)),
    "RandomShear": (("x_factor", 0.0), ("y_factor", 0.0), ("interpolation", "bilinear"), ("fill_mode", "reflect"),
                    ("fill_value", 0.0), ("data_format", None), ("seed", None)),
    "Solarization": (("addition_factor", 0.0), ("threshold_factor", 0.0), ("value_range", (0, 255)), ("seed", None)),
}.items():
    _augmentation(_name, _sig)
