"""keras.models.clone_model, followed statically (kgraphlint/extract/cloning.py).

The fixtures fixtures/models/clone_*.py are compared with TensorFlow row by
row, names included, by test_programs.py. Here: what those cannot show (an
Input named after a tensor, clones not followed, a custom layer Keras refuses
to clone), each claim about Keras confirmed in one TensorFlow subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraphlint.engine import analyze
from kgraphlint.extract.cloning import UNNAMED_TENSOR

AUTO_INPUT = """\
import keras
from keras import layers

inputs = keras.Input(shape=(12,))
hidden = layers.Dense(6, activation="relu")(inputs)
model = keras.Model(inputs, layers.Dense(1)(hidden))
clone = keras.models.clone_model(model)
"""

NOT_FOLLOWED = """\
import keras
from keras import layers

inputs = keras.Input(shape=(16,), name="features")
model = keras.Model(inputs, layers.Dense(2)(layers.Dense(8)(inputs)))


def reseed(layer):
    return keras.layers.deserialize(keras.layers.serialize(layer))


def add_dropout(layer, *args, **kwargs):
    return layer(*args, **kwargs)


reseeded = keras.models.clone_model(model, clone_function=reseed)
called = keras.models.clone_model(model, call_function=add_dropout)
"""

REFUSED = """\
import keras
from keras import layers


class Wrap(layers.Layer):
    def __init__(self, inner, **kwargs):
        super().__init__(**kwargs)
        self.inner = inner

    def call(self, x):
        return self.inner(x)


inputs = keras.Input(shape=(3,), name="x")
model = keras.Model(inputs, Wrap(layers.Dense(2))(inputs))
"""

LAMBDA = """\
import keras
from keras import layers

inputs = keras.Input(shape=(4,), name="x")
model = keras.Model(inputs, layers.Lambda(lambda t: t * 2.0)(inputs))
"""

WRONG_INPUT = """\
import keras
from keras import layers

inputs = keras.Input(shape=(28, 28, 1), name="img")
x = layers.Flatten()(layers.Conv2D(8, 3)(inputs))
model = keras.Model(inputs, layers.Dense(10)(x))
flat = keras.Input(shape=(784,), name="flat")
"""

OWN_CONFIG = """\
import keras
from keras import layers


class Own(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units
        self.dense = layers.Dense(units)

    def get_config(self):
        return {"units": self.units}

    def call(self, x):
        return self.dense(x)


class Plain(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.dense = layers.Dense(units)

    def call(self, x):
        return self.dense(x)


inputs = keras.Input(shape=(3,), name="x")
model = keras.Model(inputs, Own(2)(inputs))
copy = keras.models.clone_model(model)
plain = keras.Model(inputs, Plain(2)(inputs))
"""

FROM_CONFIG = """\
import keras
from keras import layers

inputs = keras.Input((16,), name="x")
x = layers.Dense(8, activation="relu")(inputs)
x = layers.Dropout(0.3)(x)
model = keras.Model(inputs, layers.Dense(2)(x))


def reseed(layer):
    config = layer.get_config()
    if "seed" in config:
        config["seed"] = 1337
    return layer.__class__.from_config(config)


def widen(layer):
    config = layer.get_config()
    if isinstance(layer, layers.Dense):
        config["units"] = config["units"] * 2
    return layer.__class__.from_config(config)


reseeded = keras.models.clone_model(model, clone_function=reseed)
default = keras.models.clone_model(model, clone_function=lambda l: l.__class__.from_config(l.get_config()))
wide = keras.models.clone_model(model, clone_function=widen)
"""


def models_of(source: str) -> dict:
    return {m.name: m for m in analyze(source, "<test>").models}


def confirm(tmp_path: Path, programs: dict) -> dict:
    """Run each program in TensorFlow (tests/check/tf_confirm.py) with its checks."""
    pytest.importorskip("tensorflow")
    jobs = []
    for name, (source, checks) in programs.items():
        path = tmp_path / f"{name}.py"
        path.write_text(source, encoding="utf-8")
        jobs.append({"path": str(path), "checks": checks})
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    script = Path(__file__).parent / "check" / "tf_confirm.py"
    proc = subprocess.run([sys.executable, str(script)], input=json.dumps(jobs), capture_output=True, text=True,
                          timeout=600, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {Path(k).stem: v for k, v in json.loads(proc.stdout).items()}


@pytest.fixture(scope="module")
def keras_says(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cloning")
    refused = REFUSED + "try:\n    keras.models.clone_model(model)\n    refused = False\nexcept Exception:\n" \
                        "    refused = True\n"
    return confirm(tmp, {
        "auto_input": (AUTO_INPUT, [
            "clone.layers[0].name != model.layers[0].name",
            "clone.layers[0].name.startswith('keras_tensor')",
            "[l.name for l in clone.layers[1:]] == [l.name for l in model.layers[1:]]",
            "clone.name == model.name and clone.count_params() == model.count_params() == 85",
        ]),
        "not_followed": (NOT_FOLLOWED, [
            "reseeded.count_params() == model.count_params() == 154",
            "len(called.layers) == len(model.layers)",
        ]),
        "refused": (refused, ["refused"]),
        "wrong_input": (WRONG_INPUT + refused[len(REFUSED):].replace("clone_model(model)",
                                                                       "clone_model(model, input_tensors=flat)"),
                        ["refused"]),
        "own_config": (OWN_CONFIG + "try:\n    keras.models.clone_model(plain)\n    refused = False\n"
                                    "except Exception:\n    refused = True\n",
                       ["[l.name for l in copy.layers] == ['x', 'own_1']", "copy.count_params() == 8", "refused"]),
        "from_config": (FROM_CONFIG, [
            "[l.name for l in reseeded.layers] == [l.name for l in model.layers] == ['x', 'dense', 'dropout', 'dense_1']",
            "reseeded.count_params() == default.count_params() == 154 and wide.count_params() == 340",
            "wide.output.shape == (None, 4) and reseeded.layers[2].seed == 1337",
        ]),
        "lambda": (LAMBDA + refused[len(REFUSED):], ["refused"]),
        "lambda_shared": (LAMBDA + "twin = keras.models.clone_model(model, clone_function=lambda layer: layer)\n",
                          ["twin.count_params() == 0 and twin.layers[1] is model.layers[1]"]),
    })


def test_a_clone_names_its_input_after_the_original_input_tensor(keras_says):
    assert keras_says["auto_input"] == {"error": None, "checks": [True] * 4}
    found = models_of(AUTO_INPUT)
    model, clone = found["model"], found["clone"]
    assert clone.totals() == model.totals() == (85, 85, 0)
    assert not clone.unknown_reasons()
    names = [row.name for row in clone.rows()]
    # Keras's name for that tensor is a process-wide counter of KerasTensors: shown as not known.
    assert names[0] == UNNAMED_TENSOR
    assert names[1:] == [row.name for row in model.rows()][1:] == ["dense", "dense_1"]


def test_a_clone_function_or_call_function_not_followed_makes_the_clone_not_exact(keras_says):
    assert keras_says["not_followed"] == {"error": None, "checks": [True, True]}
    found = models_of(NOT_FOLLOWED)
    assert not found["model"].unknown_reasons() and found["model"].totals() == (154, 154, 0)
    reseeded = found["reseeded"].unknown_reasons()
    assert reseeded and all(line == 16 and "`reseed`" in why for line, why in reseeded)
    assert not found["reseeded"].totals_known()
    called = found["called"].unknown_reasons()
    assert called == [(17, "clone_model's `call_function` is not followed")]


def test_a_custom_layer_keras_cannot_serialize_makes_the_clone_not_exact(keras_says):
    assert keras_says["refused"] == {"error": None, "checks": [True]}
    found = models_of(REFUSED + "copy = keras.models.clone_model(model)\n")
    assert not found["model"].unknown_reasons()
    (line, why), *_ = found["copy"].unknown_reasons()
    assert line == 16 and "Keras refuses to clone it" in why


def test_a_lambda_layer_keras_cannot_rebuild_makes_the_clone_not_exact(keras_says):
    assert keras_says["lambda"] == {"error": None, "checks": [True]}
    assert keras_says["lambda_shared"] == {"error": None, "checks": [True]}
    found = models_of(LAMBDA + "copy = keras.models.clone_model(model)\n"
                      "twin = keras.models.clone_model(model, clone_function=lambda layer: layer)\n")
    (line, why), = found["copy"].unknown_reasons()
    assert line == 6 and "enable_unsafe_deserialization" in why
    assert not found["twin"].unknown_reasons()  # the same Lambda object, not rebuilt


def test_a_clone_on_input_tensors_a_layer_rejects_is_reported_at_the_clone(keras_says):
    assert keras_says["wrong_input"] == {"error": None, "checks": [True]}
    from kgraphlint.rules import lint_source

    source = WRONG_INPUT + "broken = keras.models.clone_model(model, input_tensors=flat)\n"
    findings = [f for f in lint_source(source, "<test>") if f.code.startswith("KG2")]
    assert [(f.code, f.line, f.severity) for f in findings] == [("KG203", 8, "error")]
    assert "Conv2D" in findings[0].message and "(None, 784)" in findings[0].message


def test_a_custom_get_config_decides_the_clone_name_and_a_missing_kwargs_refuses(keras_says):
    assert keras_says["own_config"] == {"error": None, "checks": [True] * 3}
    found = models_of(OWN_CONFIG + "plain_copy = keras.models.clone_model(plain)\n")
    assert [row.name for row in found["copy"].rows()] == ["x", "own_1"]
    assert found["copy"].totals() == (8, 8, 0) and not found["copy"].unknown_reasons()
    (line, why), = found["plain_copy"].unknown_reasons()
    assert line == 31 and "takes no **kwargs" in why


def test_a_clone_function_through_get_config_and_from_config_is_followed(keras_says):
    assert keras_says["from_config"] == {"error": None, "checks": [True] * 3}
    found = models_of(FROM_CONFIG)
    for name in ("reseeded", "default", "wide"):
        assert not found[name].unknown_reasons(), name
        assert [row.name for row in found[name].rows()] == ["x", "dense", "dropout", "dense_1"]
    assert found["reseeded"].totals() == found["default"].totals() == (154, 154, 0)
    assert found["wide"].totals() == (340, 340, 0)
    assert found["wide"].rows()[-1].output_shapes == [(None, 4)]


def test_tensorflow_keras_spelling_and_positional_arguments_are_followed():
    source = """\
import tensorflow as tf

base = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(3)])
wide = tf.keras.models.clone_model(base, tf.keras.Input((9,)))
"""
    found = models_of(source)
    assert found["wide"].totals() == (30, 30, 0) and found["base"].totals() == (15, 15, 0)


def test_the_original_is_not_changed_by_freezing_its_clone():
    source = AUTO_INPUT + "for layer in clone.layers:\n    layer.trainable = False\n"
    found = models_of(source)
    assert found["model"].totals() == (85, 85, 0)
    assert found["clone"].totals() == (85, 0, 85)


def test_a_clone_of_something_not_a_model_is_not_known_never_a_guess():
    source = "import keras\n\nclone = keras.models.clone_model(make_model())\nclone.summary()\n"
    assert "clone" not in models_of(source)


SUBCLASS_REFUSED = """\
import numpy as np
import keras
from keras import layers


class Needs(keras.Model):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)

    def call(self, x):
        return self.dense(x)


class Free(keras.Model):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)

    def call(self, x):
        return self.dense(x)


needs = Needs(3)
needs(keras.Input((5,)))
on_data = Free()
on_data(np.zeros((2, 7)))
copy = keras.models.clone_model(on_data)
trained = Free()
trained.compile(optimizer="adam", loss="mse")
trained.fit(np.zeros((8, 6)), np.zeros((8, 4)), epochs=1, verbose=0)
"""


@pytest.fixture(scope="module")
def keras_on_subclasses(tmp_path_factory):
    refused = SUBCLASS_REFUSED + ("try:\n    keras.models.clone_model(needs)\n    refused = False\n"
                                  "except Exception:\n    refused = True\n")
    return confirm(tmp_path_factory.mktemp("subclass_clones"), {
        "subclass": (refused, ["refused", "copy.built and copy.count_params() == 32",
                               "trained.built and trained.count_params() == 28"]),
    })["subclass"]


def test_a_subclassed_model_keras_cannot_clone_gives_no_model(keras_on_subclasses):
    """Keras 3.15.1 makes a Model subclass's automatic config from its
    ``__init__`` defaults; a required argument makes clone_model raise."""
    assert keras_on_subclasses == {"error": None, "checks": [True, True, True]}
    found = models_of(SUBCLASS_REFUSED + "refused = keras.models.clone_model(needs)\n")
    assert "refused" not in found and found["needs"].totals() == (18, 18, 0)


def test_a_clone_of_a_model_built_on_data_and_a_model_fit_on_data_are_not_exact(keras_on_subclasses):
    assert keras_on_subclasses["checks"][1:] == [True, True]
    found = models_of(SUBCLASS_REFUSED)
    copy = found["copy"].unknown_reasons()
    assert (28, "the clone of `free` is built on the shapes a call on data gave the original, which the analysis "
                "does not follow") in copy
    assert not found["copy"].totals_known()
    trained = found["trained"].unknown_reasons()
    assert trained and {line for line, _ in trained} <= {27, 31}  # the data calls: its own fit and on_data(...)
    assert any(line == 31 and "`free_1` is built here by `fit`" in why for line, why in trained)
    assert not found["trained"].totals_known()


def test_a_sequential_fit_on_data_is_not_shown_unbuilt():
    source = ("import numpy as np\nimport keras\nfrom keras import layers\n\n"
              "model = keras.Sequential([layers.Dense(32), layers.Dense(10)])\n"
              "model.compile(optimizer='adam', loss='mse')\n"
              "model.fit(np.zeros((8, 28)), np.zeros((8, 10)), epochs=1)\n")
    model = models_of(source)["model"]
    assert model.unknown_reasons() and all(line == 7 for line, _ in model.unknown_reasons())
    built = models_of(source.replace("[layers.Dense(32)", "[keras.Input((28,)), layers.Dense(32)"))["model"]
    assert not built.unknown_reasons() and built.totals() == (1258, 1258, 0)  # fit on a built model changes nothing
