"""What Keras 1 and Keras 2 spellings meant, as data.

The tables follow Keras's own history: the Keras 1 -> 2 conversions of Keras
2's ``keras/legacy/interfaces.py`` (the warning "Update your `Dense` call to
the Keras 2 API") and the Keras 3 migration guide's removals. The extractor
reads old code through them, so a model is analysed as its author meant it;
the migration rules (KG6xx) use the same tables to say what Keras 3 does
with each spelling and to fix it. Nothing here imports the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

# -- module paths ---------------------------------------------------------------
# Module (under a Keras root, e.g. "layers.core" of "keras.layers.core") ->
# where its names live in Keras 3; None: removed, see REMOVED_MODULES.
MOVED_MODULES = {
    **{f"layers.{m}": "layers" for m in (
        "core", "convolutional", "convolutional_recurrent", "recurrent", "pooling", "merge",
        "normalization", "embeddings", "advanced_activations", "noise", "wrappers", "local",
        "cudnn_recurrent", "experimental.preprocessing", "experimental", "recurrent_v2",
        "normalization_v2", "dense_attention", "multi_head_attention",
    )},
    "utils.np_utils": "utils",
    "utils.vis_utils": "utils",
    "utils.data_utils": "utils",
    "utils.generic_utils": "utils",
    "utils.layer_utils": "utils",
    "utils.io_utils": "utils",
}

# keras.engine held the graph classes; each name went its own way.
ENGINE_MODULES = ("engine", "engine.topology", "engine.training", "engine.input_layer",
                  "engine.sequential", "engine.functional", "engine.base_layer", "engine.network")
ENGINE_NAMES = {"Input": "", "Model": "", "Sequential": "", "Layer": "layers", "InputSpec": "layers",
                "InputLayer": "layers", "Network": None}

# Modules Keras 3 removed with no drop-in replacement: module -> advice.
REMOVED_MODULES = {
    "wrappers.scikit_learn": "the scikit-learn wrappers moved to the `scikeras` package "
                             "(`from scikeras.wrappers import KerasClassifier`), whose arguments differ",
    "preprocessing.text": "use the `TextVectorization` layer (keras.layers.TextVectorization)",
    "objectives": "Keras 2 renamed it `keras.losses` (its short aliases `mse`, `mae`, ... are gone in Keras 3: "
                  "`mean_squared_error`, `mean_absolute_error`, ...)",
    "initializations": "Keras 2 renamed it `keras.initializers`, whose names differ (`RandomNormal`, "
                       "`GlorotUniform`, ... or the strings 'random_normal', 'glorot_uniform')",
    "utils.visualize_util": "Keras 1's `plot(model, to_file=...)` is `keras.utils.plot_model(model, to_file=...)`",
    "applications.music_tagger_crnn": "Keras 2.0 removed the MusicTaggerCRNN application",
}
# Modules of the Keras root imported as names: `from keras import objectives`.
ROOT_MODULES_GONE = ("objectives", "initializations")

# Names Keras 3 dropped from modules that still exist: module -> {name: advice}.
REMOVED_NAMES = {
    "preprocessing.image": {
        "ImageDataGenerator": "load images with `keras.utils.image_dataset_from_directory` and augment with "
                              "layers (`RandomFlip`, `RandomRotation`, ...)",
        "DirectoryIterator": "use `keras.utils.image_dataset_from_directory`",
        "NumpyArrayIterator": "use a `tf.data.Dataset` or a `keras.utils.PyDataset`",
        **{name: "augment with layers (`RandomRotation`, `RandomTranslation`, `RandomZoom`, `RandomBrightness`, "
                 "...) or `tf.image`" for name in (
            "random_rotation", "random_shift", "random_shear", "random_zoom", "random_channel_shift",
            "random_brightness", "apply_affine_transform", "apply_transform", "flip_axis")},
    },
    "preprocessing.sequence": {
        "TimeseriesGenerator": "use `keras.utils.timeseries_dataset_from_array`",
    },
    "models": {"Input": "Keras 2's `keras.models` re-exported it; import it from `keras` (`from keras import Input`)"},
    "regularizers": {name: "Keras 2 folded the activity regularizers into the others: pass "
                           f"`activity_regularizer=keras.regularizers.{name[9:].upper()}(...)` to the layer"
                     for name in ("activity_l1", "activity_l2", "activity_l1l2")},
}
# What TensorFlow 2.16+'s `tf.keras` (Keras 3's compatibility namespace, keras._tf_keras)
# still has of the removals above: under a tensorflow.keras root these are no finding.
TF_KERAS_KEEPS = frozenset({
    "preprocessing.text", "layers.ThresholdedReLU",
    *(f"preprocessing.image.{n}" for n in (
        "ImageDataGenerator", "DirectoryIterator", "NumpyArrayIterator", "random_rotation", "random_shift",
        "random_shear", "random_zoom", "random_channel_shift", "random_brightness", "apply_affine_transform")),
    "preprocessing.sequence.TimeseriesGenerator", "losses.mse", "losses.mae", "losses.mape", "losses.msle",
})


def kept(root: str, path: str) -> bool:
    """Whether ``path`` (below a Keras root) still exists under ``root``: only
    tf.keras's compatibility namespace keeps some of what Keras 3 removed."""
    return root != "keras" and path in TF_KERAS_KEEPS


# Names Keras 3 dropped whose object lives on under another name (Keras 2 aliases):
# module -> {old name: Keras 3 name}. Importing the new name under the old one is safe.
RENAMED_NAMES = {
    "optimizers": {"sgd": "SGD", "rmsprop": "RMSprop", "adagrad": "Adagrad", "adadelta": "Adadelta",
                   "adam": "Adam", "adamax": "Adamax", "nadam": "Nadam"},
    "losses": {"mse": "mean_squared_error", "mae": "mean_absolute_error",
               "mape": "mean_absolute_percentage_error", "msle": "mean_squared_logarithmic_error"},
    "constraints": {"maxnorm": "MaxNorm", "nonneg": "NonNeg", "unitnorm": "UnitNorm"},
    # Keras 1's WeightRegularizer(l1=, l2=) added l1*sum(|w|) + l2*sum(w**2): Keras 2's L1L2.
    "regularizers": {"WeightRegularizer": "L1L2"},
}

# -- backend ----------------------------------------------------------------------
# keras.backend functions Keras 3 removed -> the keras.ops function that does the same.
BACKEND_TO_OPS = {
    "mean": "mean", "sum": "sum", "max": "max", "min": "min", "std": "std", "var": "var", "prod": "prod",
    "square": "square", "sqrt": "sqrt", "exp": "exp", "log": "log", "abs": "abs", "maximum": "maximum",
    "minimum": "minimum", "concatenate": "concatenate", "reshape": "reshape", "expand_dims": "expand_dims",
    "squeeze": "squeeze", "transpose": "transpose", "tanh": "tanh", "sigmoid": "sigmoid", "softmax": "softmax",
    "relu": "relu", "argmax": "argmax", "argmin": "argmin", "clip": "clip", "stack": "stack", "shape": "shape",
    "cast": "cast", "batch_dot": "einsum", "dot": "matmul", "pow": "power", "round": "round", "sign": "sign",
    "l2_normalize": "normalize", "ones_like": "ones_like", "zeros_like": "zeros_like", "tile": "tile",
    "repeat_elements": "repeat", "cumsum": "cumsum", "equal": "equal", "greater": "greater", "less": "less",
    "switch": "where", "gather": "take", "permute_dimensions": "transpose",
}
# Removed backend functions with no keras.ops twin: name -> advice.
BACKEND_REMOVED = {
    "set_image_dim_ordering": "Keras 3 has `keras.backend.set_image_data_format('channels_first' | 'channels_last')`",
    "image_dim_ordering": "Keras 3 has `keras.backend.image_data_format()`, which returns 'channels_first' or "
                          "'channels_last', not 'th' or 'tf'",
    "int_shape": "use `x.shape`",
    "get_session": "Keras 3 has no TensorFlow session; TensorFlow 2 runs eagerly",
    "set_session": "Keras 3 has no TensorFlow session; TensorFlow 2 runs eagerly",
    "placeholder": "use `keras.Input(shape=...)`",
    "variable": "use `keras.Variable(...)`",
    "function": "call the model, or write a `tf.function`",
    "gradients": "use `tf.GradientTape`",
    "get_value": "use `variable.numpy()` (or `keras.ops.convert_to_numpy`)",
    "set_value": "use `variable.assign(value)`",
    "eval": "use `keras.ops.convert_to_numpy(x)`",
    "tf": "import tensorflow directly",
}
# Every function of Keras 1.2.2's and 2.2.4's TensorFlow backend that Keras 3.15.1's
# `keras.backend` does not have (the two sets compared name by name).
KERAS2_BACKEND_GONE = frozenset({
    "abs", "all", "any", "arange", "argmax", "argmin", "asymmetric_spatial_2d_padding",
    "asymmetric_temporal_padding", "atrous_conv2d", "batch_dot", "batch_flatten", "batch_get_value",
    "batch_normalization", "batch_set_value", "bias_add", "binary_crossentropy", "cast",
    "categorical_crossentropy", "clip", "concatenate", "constant", "conv1d", "conv2d", "conv2d_transpose",
    "conv3d", "conv3d_transpose", "cos", "count_params", "ctc_batch_cost", "ctc_decode",
    "ctc_label_dense_to_sparse", "cumprod", "cumsum", "deconv2d", "depthwise_conv2d", "dot", "dropout",
    "dtype", "elu", "equal", "eval", "exp", "expand_dims", "eye", "flatten", "foldl", "foldr", "function",
    "gather", "get_session", "get_value", "get_variable_shape", "gradients", "greater", "greater_equal",
    "hard_sigmoid", "identity", "in_test_phase", "in_top_k", "in_train_phase", "int_shape", "is_placeholder",
    "is_sparse", "is_tensor", "l2_normalize", "learning_phase", "less", "less_equal", "lesser",
    "lesser_equal", "local_conv1d", "local_conv2d", "log", "logsumexp", "manual_variable_initialization",
    "map_fn", "max", "maximum", "mean", "min", "minimum", "moving_average_update", "ndim",
    "normalize_batch_in_training", "not_equal", "one_hot", "ones", "ones_like", "permute_dimensions",
    "placeholder", "pool2d", "pool3d", "pow", "print_tensor", "prod", "random_binomial", "random_normal",
    "random_normal_variable", "random_uniform", "random_uniform_variable", "relu", "repeat",
    "repeat_elements", "reset_uids", "reshape", "resize_images", "resize_volumes", "reverse", "rnn", "round",
    "separable_conv1d", "separable_conv2d", "set_learning_phase", "set_session", "set_value", "shape",
    "sigmoid", "sign", "sin", "slice", "softmax", "softplus", "softsign", "sparse_categorical_crossentropy",
    "spatial_2d_padding", "spatial_3d_padding", "sqrt", "square", "squeeze", "stack", "std", "stop_gradient",
    "sum", "switch", "tanh", "temporal_padding", "tile", "to_dense", "transpose", "truncated_normal",
    "update", "update_add", "update_sub", "var", "variable", "zeros", "zeros_like",
})
# TensorFlow 2.16+ serves `tf.keras.backend` from Keras 3's compatibility namespace
# (keras._tf_keras), which keeps most of them: these are the ones it lacks too.
TF_KERAS_BACKEND_GONE = frozenset({
    "asymmetric_spatial_2d_padding", "asymmetric_temporal_padding", "atrous_conv2d", "conv3d_transpose",
    "deconv2d", "function", "get_session", "get_variable_shape", "identity", "in_test_phase",
    "in_train_phase", "is_placeholder", "is_tensor", "learning_phase", "lesser", "lesser_equal",
    "local_conv1d", "local_conv2d", "logsumexp", "manual_variable_initialization",
    "normalize_batch_in_training", "placeholder", "print_tensor", "random_binomial", "reset_uids",
    "separable_conv1d", "set_learning_phase", "set_session", "slice",
})
# More removed backend functions with a replacement to name (the rest of the two
# sets above get the generic advice).
BACKEND_TO_OPS.update({"ndim": "ndim", "zeros": "zeros", "ones": "ones", "flatten": "ravel", "exp": "exp",
                       "one_hot": "one_hot", "stop_gradient": "stop_gradient", "softplus": "softplus",
                       "cos": "cos", "sin": "sin", "cumprod": "cumprod", "not_equal": "not_equal",
                       "greater_equal": "greater_equal", "less_equal": "less_equal", "any": "any", "all": "all",
                       "arange": "arange", "eye": "eye", "elu": "elu", "conv1d": "conv", "conv2d": "conv",
                       "conv3d": "conv", "constant": "convert_to_tensor"})
BACKEND_REMOVED.update({
    "batch_flatten": "use `keras.ops.reshape(x, (keras.ops.shape(x)[0], -1))`",
    "random_normal": "use `keras.random.normal(shape, mean, stddev)`",
    "random_uniform": "use `keras.random.uniform(shape, minval, maxval)`",
    "truncated_normal": "use `keras.random.truncated_normal(shape, mean, stddev)`",
    "random_binomial": "use `keras.random.binomial` or compare `keras.random.uniform` with p",
    "set_learning_phase": "Keras 3 has no global learning phase; pass `training=` when calling the model or layer",
    "learning_phase": "Keras 3 has no global learning phase; layers take `training=` in `call`",
    "ctc_batch_cost": "use `keras.ops.ctc_loss(target, output, target_length, output_length)` (its arguments differ) "
                      "or the `keras.losses.CTC` loss",
    "ctc_decode": "use `keras.ops.ctc_decode`, whose arguments differ",
    "dropout": "use the `Dropout` layer, or `keras.random.dropout(x, rate)`",
})
# The one removed backend call whose fix is certain: the Keras 2 rename of its values.
IMAGE_ORDERING = {"th": "channels_first", "tf": "channels_last"}

# -- layer classes ----------------------------------------------------------------
# Classes renamed or folded into another: old name -> Keras 3 class.
RENAMED_CLASSES = {
    "Deconvolution2D": "Conv2DTranspose",
    "Deconvolution3D": "Conv3DTranspose",
    "AtrousConvolution1D": "Conv1D",
    "AtrousConvolution2D": "Conv2D",
    "CuDNNLSTM": "LSTM",
    "CuDNNGRU": "GRU",
}

# Classes Keras 3 does not have, with what replaces them.
REMOVED_CLASSES = {
    "Merge": "Keras 1's `Merge` layer is gone: build the model with the functional API and merge "
             "with the layer for its mode (Concatenate, Add, Multiply, Average, Maximum, Dot)",
    "TimeDistributedDense": "use `TimeDistributed(Dense(units))`",
    "Highway": "Keras 2.0 removed `Highway`; write it as a custom layer",
    "MaxoutDense": "Keras 2.0 removed `MaxoutDense`; write it as a custom layer",
    "ThresholdedReLU": "use `ReLU(threshold=theta)`, which differs for values below zero",
    "LocallyConnected1D": "Keras 3 removed `LocallyConnected1D`",
    "LocallyConnected2D": "Keras 3 removed `LocallyConnected2D`",
}

# Keras 1.2 also exported Conv2D/Conv3D as aliases of Convolution2D/3D, and Keras 2's
# legacy interface converted `Conv2D(32, 3, 3)` to a 3x3 kernel too. Keras 3 reads
# strides there, and so does new code: read as a kernel only beside a Keras 1 keyword.
KERAS1_ALIASES = {"Conv2D": 2, "Conv3D": 3}

# Keras 1 positional kernels: `Convolution2D(32, 3, 3)` meant filters 32,
# kernel (3, 3). Class as written -> number of kernel dimensions.
POSITIONAL_KERNEL = {
    "Convolution2D": 2, "Convolution3D": 3, "Deconvolution2D": 2, "Deconvolution3D": 3,
    "AtrousConvolution2D": 2, "SeparableConvolution2D": 2,
}
# Keras 1's kernel keywords, one per axis: they become one kernel_size tuple.
KERNEL_KEYWORDS = {
    ("nb_row", "nb_col"): ("Conv2D", "Conv2DTranspose", "SeparableConv2D", "ConvLSTM2D"),
    ("kernel_dim1", "kernel_dim2", "kernel_dim3"): ("Conv3D", "Conv3DTranspose"),
}

# Keras 2 refused a positional kernel beside these Keras 2 keywords ("For safety
# reasons, this is disallowed"): the author's intent is then not certain.
KERAS2_CONV_KEYWORDS = ("strides", "padding", "data_format")

# Keras 1 gave a sequence layer its input as input_dim= (and input_length=); Keras 2
# read them as input_shape=(input_length, input_dim), Keras 3 reads input_dim as a
# 1-D input and the layer fails on its rank.
SEQUENCE_INPUT = frozenset({"SimpleRNN", "LSTM", "GRU", "Conv1D"})

# Keras 1 `merge(..., mode=...)` / `Merge(mode=...)` -> Keras 3 merge class.
MERGE_MODES = {"concat": "Concatenate", "sum": "Add", "mul": "Multiply", "ave": "Average",
               "max": "Maximum", "dot": "Dot"}
MERGE_FUNCTIONS = {"Concatenate": "concatenate", "Add": "add", "Multiply": "multiply",
                   "Average": "average", "Maximum": "maximum", "Dot": "dot"}
MERGE_KEYWORDS = {"concat_axis": "axis", "dot_axes": "axes"}

# -- keywords ---------------------------------------------------------------------
_WEIGHTS = {"init": "kernel_initializer", "W_regularizer": "kernel_regularizer",
            "b_regularizer": "bias_regularizer", "W_constraint": "kernel_constraint",
            "b_constraint": "bias_constraint", "bias": "use_bias"}
_DENSE = {"output_dim": "units", **_WEIGHTS}
_RECURRENT = {**_DENSE, "inner_init": "recurrent_initializer", "inner_activation": "recurrent_activation",
              "U_regularizer": "recurrent_regularizer", "dropout_W": "dropout", "dropout_U": "recurrent_dropout"}
_CONV = {"nb_filter": "filters", "subsample": "strides", "border_mode": "padding",
         "dim_ordering": "data_format", **_WEIGHTS}
_CONV1D = {**_CONV, "filter_length": "kernel_size", "subsample_length": "strides"}
_ATROUS = {"atrous_rate": "dilation_rate"}
_POOL1D = {"pool_length": "pool_size", "stride": "strides", "border_mode": "padding"}
_POOL = {"border_mode": "padding", "dim_ordering": "data_format"}
_ORDERING = {"dim_ordering": "data_format"}
_DROPOUT = {"p": "rate"}

# Keras 3 class -> {old keyword: new keyword}.
KEYWORDS = {
    "Dense": _DENSE,
    **{c: _RECURRENT for c in ("LSTM", "GRU")},
    "SimpleRNN": {k: v for k, v in _RECURRENT.items() if k != "inner_activation"},  # it has no gates
    "ConvLSTM2D": {**_CONV, **{k: v for k, v in _RECURRENT.items() if k != "output_dim"}},
    "Conv1D": {**_CONV1D, **_ATROUS},
    **{c: {**_CONV, **_ATROUS} for c in ("Conv2D", "Conv3D", "Conv2DTranspose", "Conv3DTranspose")},
    "SeparableConv2D": {k: v for k, v in _CONV.items() if k[:1] != "W" and k != "init"},
    **{c: _POOL1D for c in ("MaxPooling1D", "AveragePooling1D")},
    **{c: _POOL for c in ("MaxPooling2D", "AveragePooling2D", "MaxPooling3D", "AveragePooling3D")},
    **{c: _ORDERING for c in (
        "GlobalMaxPooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling3D", "GlobalAveragePooling3D",
        "UpSampling2D", "UpSampling3D", "ZeroPadding2D", "ZeroPadding3D", "Cropping2D", "Cropping3D")},
    "UpSampling1D": {"length": "size"},
    **{c: _DROPOUT for c in ("Dropout", "SpatialDropout1D", "GaussianDropout")},
    **{c: {**_DROPOUT, **_ORDERING} for c in ("SpatialDropout2D", "SpatialDropout3D")},
    "GaussianNoise": {"sigma": "stddev"},
    "Embedding": {"init": "embeddings_initializer", "W_regularizer": "embeddings_regularizer",
                  "W_constraint": "embeddings_constraint"},
    "PReLU": {"init": "alpha_initializer"},
    "BatchNormalization": {"beta_init": "beta_initializer", "gamma_init": "gamma_initializer"},
    "InputLayer": {"input_dtype": "dtype"},
    "Model": {"input": "inputs", "output": "outputs"},
}

# Values converted along with their keyword (Keras 2 did the same);
# None: the old value was the default, the keyword is dropped.
VALUE_CONVERSIONS = {
    "dim_ordering": {"tf": "channels_last", "th": "channels_first", "default": None},
}

# Keywords with no Keras 3 equivalent: keyword -> why (a finding, never a fix).
NO_EQUIVALENT = {
    "consume_less": "Keras 3 picks the implementation itself; remove it",
    "mode": "`BatchNormalization(mode=...)` is gone (only mode=0 survived, as the behaviour); remove it",
    "weights": "layers no longer take initial `weights=`; call `layer.set_weights(...)` once the layer is built",
    "forget_bias_init": "use `unit_forget_bias=True` to start the forget gate at one",
    "dropout": "`Embedding(dropout=...)` is gone; add `SpatialDropout1D` after the Embedding",
    "input_length": "recurrent layers no longer take `input_length=`; give the sequence length in `Input(shape=(length, dim))`",
}
NO_EQUIVALENT_FOR = {  # keyword -> classes where it has no equivalent (None: every layer)
    "consume_less": ("SimpleRNN", "LSTM", "GRU"),
    "mode": ("BatchNormalization",),
    "weights": None,
    "forget_bias_init": ("LSTM", "ConvLSTM2D"),
    "dropout": ("Embedding",),
    "input_length": ("SimpleRNN", "LSTM", "GRU"),  # alone: with input_dim= it is part of an input shape
}
# Classes that still take a keyword the table above lists.
KEEPS_KEYWORD = {"weights": ("Embedding",)}

OPTIMIZERS = frozenset({"SGD", "Adam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "AdamW", "Ftrl"})
OPTIMIZER_KEYWORDS = {"lr": "learning_rate"}

# Keywords Keras 3 accepts and ignores with a warning: Keras 3 class -> {keyword: advice}.
_DECAY = ("Keras 2 divided the learning rate by (1 + decay * iterations); the same schedule is "
          "`learning_rate=keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)`")
IGNORED_KEYWORDS = {
    "Embedding": {"input_length": "give the sequence length in `Input(shape=(length,))` instead"},
    **{name: {"decay": _DECAY} for name in sorted(OPTIMIZERS)},
}

# Keras 1 keywords of functions: path under keras -> {old keyword: new keyword}.
FUNCTION_KEYWORDS = {
    "datasets.imdb.load_data": {"nb_words": "num_words"},
    "datasets.reuters.load_data": {"nb_words": "num_words"},
    "utils.to_categorical": {"nb_classes": "num_classes"},
}
# Of those, the ones whose `**kwargs` swallows an unknown keyword without a word.
SILENT_FUNCTIONS = frozenset({"datasets.imdb.load_data"})

# -- model methods ----------------------------------------------------------------
# Removed generator methods -> the method that takes a generator in Keras 3.
METHOD_RENAMES = {"fit_generator": "fit", "evaluate_generator": "evaluate", "predict_generator": "predict"}
REMOVED_METHODS = {
    "predict_classes": "use `np.argmax(model.predict(x), axis=-1)` (softmax) or `(model.predict(x) > 0.5).astype('int32')` (sigmoid)",
    "predict_proba": "use `model.predict(x)`",
}
METHOD_KEYWORDS = {"nb_epoch": "epochs"}
# Renamed method keywords whose value changed unit: a finding, no fix.
METHOD_KEYWORDS_CHANGED = {
    "samples_per_epoch": "`steps_per_epoch` counts batches, not samples: divide by the batch size",
    "nb_val_samples": "`validation_steps` counts batches, not samples: divide by the batch size",
    "val_samples": "`steps` counts batches, not samples: divide by the batch size",
    "nb_worker": "Keras 3's `fit` takes no `workers`; a `PyDataset` sets its own workers",
    "pickle_safe": "Keras 3's `fit` takes no `use_multiprocessing`; a `PyDataset` sets it",
}
FIT_METHODS = frozenset({"fit", "evaluate", "predict", *METHOD_RENAMES})
# Methods Keras 3's Layer (and so Model) dropped. Reported only on names the file binds
# to a Keras model or layer: RNN layers, for one, kept `reset_states`.
_NODE_ACCESSOR = ("Keras 3 has no per-call accessors; for a layer called once use `layer.input`, "
                  "`layer.output` and their `.shape`")
REMOVED_LAYER_METHODS = {name: _NODE_ACCESSOR for name in (
    "get_input_at", "get_output_at", "get_input_shape_at", "get_output_shape_at", "get_input_mask_at",
    "get_output_mask_at")}
REMOVED_MODEL_METHODS = {
    **REMOVED_LAYER_METHODS,
    "reset_states": "reset each stateful layer: `for layer in model.layers: "
                    "layer.reset_states() if getattr(layer, 'stateful', False) else None`",
    "to_yaml": "Keras 3 dropped YAML; use `model.to_json()`",
}


# -- lookups ------------------------------------------------------------------------
def modern_module(rest: str) -> str | None:
    """Keras 3 home of a legacy module (``layers.core`` -> ``layers``), else None."""
    if rest in MOVED_MODULES:
        return MOVED_MODULES[rest]
    return None


def modern_path(rest: str) -> str:
    """A dotted path below a Keras root read in Keras 3 terms:
    ``layers.core.Dense`` -> ``layers.Dense``, ``engine.topology.Layer`` ->
    ``layers.Layer``. Paths that are not legacy are returned unchanged."""
    if rest in MOVED_MODULES and rest != "layers.merge":  # keras.layers.merge is also Keras 1's merge()
        return MOVED_MODULES[rest]
    module, _, name = rest.rpartition(".")
    if not module:
        return rest
    home = modern_module(module)
    if home is not None:
        return f"{home}.{name}"
    if module in ENGINE_MODULES and ENGINE_NAMES.get(name) is not None:
        home = ENGINE_NAMES[name]
        return f"{home}.{name}" if home else name
    return rest


def backend_gone(name: str, tf_keras: bool) -> bool:
    """Whether Keras 3's ``keras.backend`` (``tf_keras``: TensorFlow 2.16+'s
    ``tf.keras.backend``) lacks a Keras 1/2 backend function."""
    if name in KERAS2_BACKEND_GONE:
        return not tf_keras or name in TF_KERAS_BACKEND_GONE
    return name in BACKEND_REMOVED  # Keras 1's names (image_dim_ordering, ...)


def kernel_keywords(keywords) -> tuple | None:
    """The Keras 1 per-axis kernel keywords a call gives all of (nb_row, nb_col), else None."""
    return next((names for names in KERNEL_KEYWORDS if all(n in keywords for n in names)), None)


def positional_kernel(written: str, cls: str, keywords) -> int | None:
    """Kernel dimensions of a Keras 1 ``Convolution2D(32, 3, 3)`` spelling, else None."""
    if written in POSITIONAL_KERNEL:
        return POSITIONAL_KERNEL[written]
    if written in KERAS1_ALIASES and any(keyword_rename(cls, k) for k in keywords):
        return KERAS1_ALIASES[written]
    return None


def keyword_rename(cls: str, keyword: str) -> str | None:
    """The Keras 3 keyword a legacy one became for ``cls``, or None."""
    return KEYWORDS.get(cls, {}).get(keyword)


def is_legacy_keyword(cls: str, keyword: str) -> bool:
    """Whether ``keyword`` is an old spelling on ``cls`` (renamed, removed or moved)."""
    return (keyword in ("batch_input_shape", "input_length") or any(keyword in names for names in KERNEL_KEYWORDS)
            or keyword_rename(cls, keyword) is not None
            or no_equivalent(cls, keyword) is not None)


def converted_value(keyword: str, value):
    """(known, new value) for a keyword whose values were renamed too."""
    table = VALUE_CONVERSIONS.get(keyword)
    if table is None:
        return True, value
    if isinstance(value, str) and value in table:
        return True, table[value]
    return False, value


def no_equivalent(cls: str, keyword: str, keywords=()) -> str | None:
    """Why ``keyword`` has no Keras 3 equivalent on ``cls`` (given the call's
    ``keywords``), or None."""
    if keyword == "input_length" and sequence_input(cls, keywords):
        return None
    classes = NO_EQUIVALENT_FOR.get(keyword, ())
    if cls in KEEPS_KEYWORD.get(keyword, ()):
        return None
    if classes is None or cls in classes:
        return NO_EQUIVALENT[keyword]
    return None


@dataclass
class Reading:
    """A call read with its old meaning: the class and arguments it stands for."""

    cls: str
    positional: list
    keywords: dict
    pos_nodes: list
    kw_nodes: dict


def needs_reading(written: str, cls: str, keywords) -> bool:
    """Whether a call says anything ``read_as_intended`` would translate."""
    table = KEYWORDS.get(cls)
    return (positional_kernel(written, cls, keywords) is not None or written in RENAMED_CLASSES
            or kernel_keywords(keywords) is not None
            or sequence_input(cls, keywords) or (table is not None and any(k in table for k in keywords)))


def sequence_input(cls: str, keywords) -> bool:
    """Keras 1's ``LSTM(32, input_dim=8, input_length=10)``: an input shape in two parts."""
    return cls in SEQUENCE_INPUT and "input_dim" in keywords and not {"input_shape", "batch_input_shape"} & set(keywords)


def read_as_intended(written: str, cls: str, positional: list, keywords: dict,
                     pos_nodes: list, kw_nodes: dict) -> Reading:
    """Translate a constructor call the way Keras 2's legacy layer did.

    ``written`` is the class name as spelled (``Convolution2D``), ``cls`` the
    Keras 3 class it stands for. Keywords are renamed, values converted, and a
    Keras 1 positional kernel folded into a tuple. Argument syntax nodes move
    with their values so findings still point at the user's text.
    """
    cls = RENAMED_CLASSES.get(written, cls)
    positional, pos_nodes = list(positional), list(pos_nodes)
    keywords, kw_nodes = dict(keywords), dict(kw_nodes)
    dims = positional_kernel(written, cls, keywords)
    if dims and len(positional) == 1 + dims and all(type(v) is int for v in positional[1:]):
        positional = [positional[0], tuple(positional[1:])]
        pos_nodes = [pos_nodes[0], None]
    names = kernel_keywords(keywords)
    if names and "kernel_size" not in keywords:
        keywords["kernel_size"] = tuple(keywords.pop(n) for n in names)
        kw_nodes["kernel_size"] = kw_nodes.pop(names[0], None)
        for name in names[1:]:
            kw_nodes.pop(name, None)
    if sequence_input(cls, keywords):
        keywords["input_shape"] = (keywords.pop("input_length", None), keywords.pop("input_dim"))
        kw_nodes["input_shape"] = kw_nodes.pop("input_dim", None)
        kw_nodes.pop("input_length", None)
    table = KEYWORDS.get(cls, {})
    for old in [k for k in keywords if k in table]:
        new = table[old]
        if new is None or new in keywords:
            continue  # two spellings of one argument: Keras 2 raised too; leave it for KG302
        known, value = converted_value(old, keywords.pop(old))
        node = kw_nodes.pop(old, None)
        if known and value is None:
            continue  # the old default, dropped
        keywords[new] = value
        if node is not None:
            kw_nodes[new] = node
    return Reading(cls, positional, keywords, pos_nodes, kw_nodes)


def merge_reading(keywords: dict) -> tuple | None:
    """(Keras 3 merge class, its keywords) for Keras 1 ``merge(..., mode=...)``."""
    mode = keywords.get("mode", "sum")
    cls = MERGE_MODES.get(mode) if isinstance(mode, str) else None
    if cls is None:
        return None
    out = {}
    for old, value in keywords.items():
        new = MERGE_KEYWORDS.get(old)
        if new is not None and (cls == "Concatenate") == (old == "concat_axis"):
            out[new] = value
        elif old == "name":
            out[old] = value
    return cls, out
