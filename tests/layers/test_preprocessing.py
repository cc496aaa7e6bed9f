from hypothesis import given
from hypothesis import strategies as st

from tests.layers.oracle import compare
from tests.layers.strategies import SETTINGS, data_format_mostly, mostly, shape, shape_of_rank

image = shape_of_rank(4, spread=2)
factor = mostly(st.one_of(st.floats(-1, 1), st.tuples(st.floats(-1, 1), st.floats(-1, 1))),
                st.one_of(st.floats(-3, 3), st.just("x"), st.just((0.1, 0.2, 0.3)), st.just(-1.0)))
fill = mostly(st.sampled_from(["reflect", "wrap", "constant", "nearest"]), st.just("mirror"))
interp = mostly(st.sampled_from(["nearest", "bilinear"]), st.just("bicubic"))


@SETTINGS
@given(st.floats(-2, 2), st.floats(-1, 1), shape())
def test_rescaling(scale, offset, s):
    compare("Rescaling", {"scale": scale, "offset": offset}, [s])


@SETTINGS
@given(st.one_of(st.none(), st.integers(-4, 3), st.lists(st.integers(-3, 3), max_size=2, unique=True).map(tuple)),
       st.one_of(st.none(), st.just(0.5), st.lists(st.floats(0, 1), min_size=1, max_size=4)),
       st.booleans(), shape(min_rank=1, max_rank=4, dims=mostly(st.integers(1, 4), st.none())))
def test_normalization(axis, mean, paired, s):
    var = mean if paired else None
    compare("Normalization", {"axis": axis, "mean": mean, "variance": var}, [s])


@SETTINGS
@given(st.sampled_from(["Resizing", "CenterCrop", "RandomCrop"]), mostly(st.integers(1, 9), st.just(2.5)),
       st.integers(1, 9), data_format_mostly, image)
def test_resize_and_crop(name, h, w, fmt, s):
    compare(name, {"height": h, "width": w, "data_format": fmt}, [s])


@SETTINGS
@given(mostly(st.sampled_from(["horizontal", "vertical", "horizontal_and_vertical"]), st.just("diagonal")),
       data_format_mostly, image)
def test_random_flip(mode, fmt, s):
    compare("RandomFlip", {"mode": mode, "data_format": fmt}, [s])


@SETTINGS
@given(factor, fill, interp, data_format_mostly, image)
def test_random_rotation(f, fill_mode, interpolation, fmt, s):
    compare("RandomRotation", {"factor": f, "fill_mode": fill_mode, "interpolation": interpolation,
                               "data_format": fmt}, [s])


@SETTINGS
@given(st.sampled_from(["RandomZoom", "RandomTranslation"]), factor, st.one_of(st.none(), factor), fill, interp,
       data_format_mostly, image)
def test_zoom_translation(name, hf, wf, fill_mode, interpolation, fmt, s):
    if name == "RandomTranslation" and wf is None:
        wf = 0.1
    compare(name, {"height_factor": hf, "width_factor": wf, "fill_mode": fill_mode,
                   "interpolation": interpolation, "data_format": fmt}, [s])


@SETTINGS
@given(st.sampled_from(["RandomContrast", "RandomBrightness"]), factor,
       mostly(st.just((0, 255)), st.sampled_from([(0, 1, 2), 255, (1, 0)])), image)
def test_contrast_brightness(name, f, value_range, s):
    compare(name, {"factor": f, "value_range": value_range}, [s])


# Augmentations whose arguments the catalogue passes through: checked with
# valid arguments (the required `factor` set) across ranks and data formats.
PASS_THROUGH = {
    "AugMix": {}, "AutoContrast": {}, "ContrastLimitedAdaptiveHistogramEqualization": {}, "CutMix": {},
    "Equalization": {}, "MixUp": {}, "RandAugment": {},
    "RandomColorJitter": {"brightness_factor": 0.1}, "RandomElasticTransform": {}, "RandomErasing": {},
    "RandomGaussianBlur": {}, "RandomGrayscale": {}, "RandomHue": {"factor": 0.5}, "RandomInvert": {},
    "RandomPerspective": {}, "RandomPosterization": {"factor": 4}, "RandomSaturation": {"factor": 0.5},
    "RandomSharpness": {"factor": 0.5}, "RandomShear": {"x_factor": 0.2}, "Solarization": {"addition_factor": 0.2},
}


@SETTINGS
@given(factor, mostly(st.just((0, 255)), st.sampled_from([(0, 1, 2), 255])), data_format_mostly,
       shape_of_rank(4, dims=mostly(st.integers(1, 9), st.none()).map(lambda d: 3 if d == 9 else d)))
def test_random_color_degeneration(f, value_range, fmt, s):
    compare("RandomColorDegeneration", {"factor": 0.5, "value_range": value_range, "data_format": fmt}, [s])


@SETTINGS
@given(st.sampled_from(sorted(PASS_THROUGH)), data_format_mostly, shape_of_rank(4, dims=mostly(st.integers(1, 9), st.none())))
def test_pass_through_augmentations(name, fmt, s):
    kwargs = dict(PASS_THROUGH[name])
    from kgraphlint.layers import lookup

    if "data_format" in dict(lookup(name).signature):
        kwargs["data_format"] = fmt
    compare(name, kwargs, [s])
