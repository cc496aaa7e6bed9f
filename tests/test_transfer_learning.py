"""Transfer learning beyond ``base.trainable = False``: unfreezing the top
layers again (keras.io's fine-tuning recipe), ``isinstance`` tests on the
base's layers, and ``input_tensor=`` fed by other layers (Keras's
get_source_inputs). The whole programs are fixtures/models/transfer_*.py,
compared with TensorFlow by test_programs.py; here the rules they rest on,
each checked against Keras in one TensorFlow subprocess.
"""

from __future__ import annotations

import pytest
from test_cloning import confirm

from kgraphlint.engine import analyze
from kgraphlint.extract.known_calls import HAS_SUBCLASSES

UNFREEZE = """\
import keras
from keras import layers

inputs = keras.Input(shape=(8,), name="x")
hidden = layers.Dense(4, name="hidden")(inputs)
normed = layers.BatchNormalization(name="bn")(hidden)
base = keras.Model(inputs, layers.Dense(2, name="top")(normed), name="base")
base.trainable = False
for layer in base.layers:
    if not isinstance(layer, layers.BatchNormalization):
        layer.trainable = True
outer = keras.Model(inputs, base.output, name="outer")
nested_in = keras.Input(shape=(8,))
nested = keras.Model(nested_in, base(nested_in))
thawed = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
thawed.trainable = False
thawed.trainable = True
"""

SOURCES = """\
import keras
from keras import layers

pixels = keras.Input(shape=(8,))
scaled = layers.Rescaling(0.5)(pixels)
extra = keras.Input(shape=(8,))
both = layers.Add()([scaled, extra])
found = keras.utils.get_source_inputs(both)
"""

PARENTS = """\
import inspect
import keras

public = [c for c in vars(keras.layers).values() if inspect.isclass(c)]
parents = sorted({c.__name__ for c in public if any(o is not c and issubclass(o, c) for o in public)})
"""


@pytest.fixture(scope="module")
def keras_says(tmp_path_factory):
    def weights(expr):
        return f"sum(int(w.numpy().size) for w in {expr})"

    return confirm(tmp_path_factory.mktemp("transfer"), {
        "unfreeze": (UNFREEZE, [
            f"{weights('base.trainable_weights')} == 0",
            f"{weights('outer.trainable_weights')} == 46",
            f"{weights('nested.trainable_weights')} == 46",
            f"{weights('thawed.trainable_weights')} == 8",
        ]),
        "sources": (SOURCES, ["found == [pixels, extra]"]),
        "parents": (PARENTS, [f"parents == {sorted(HAS_SUBCLASSES)}"]),
    })


def models_of(source: str) -> dict:
    return {m.name: m for m in analyze(source, "<test>").models}


def test_unfreezing_layers_of_a_frozen_model_counts_them_where_keras_does(keras_says):
    assert keras_says["unfreeze"] == {"error": None, "checks": [True] * 4}
    found = models_of(UNFREEZE)
    assert found["base"].totals() == (62, 0, 62)  # the model itself stays not trainable
    # The same layers in another model, or base as a layer of one: each weight by its own flag.
    assert found["outer"].totals() == found["nested"].totals() == (62, 46, 16)
    assert found["thawed"].totals() == (8, 8, 0)
    assert not any(m.unknown_reasons() for m in found.values())


def test_get_source_inputs_walks_back_to_every_input(keras_says):
    assert keras_says["sources"] == {"error": None, "checks": [True]}
    source = SOURCES + "model = keras.Model(found, both)\n"
    model = models_of(source)["model"]
    assert [model.node(r.node).name for r in model.inputs] == ["input_layer", "input_layer_1"]
    assert not model.unknown_reasons()


def test_isinstance_of_keras_layer_classes_is_decided_only_where_keras_decides(keras_says):
    assert keras_says["parents"] == {"error": None, "checks": [True]}
    from kgraphlint.extract.known_calls import known_isinstance
    from kgraphlint.extract.values import LayerObj, Ref

    def layer(cls):
        return LayerObj(cls=cls, key=cls, name=cls.lower(), explicit_name=False, args={}, arg_spans={},
                        arg_sources={}, span=None)

    bn, dense = Ref("keras.layers.BatchNormalization"), Ref("tensorflow.keras.layers.Dense")
    assert known_isinstance(layer("BatchNormalization"), bn) is True
    assert known_isinstance(layer("Conv2D"), bn) is False
    assert known_isinstance(layer("Conv2D"), (bn, dense)) is False
    assert known_isinstance(layer("Dense"), (bn, dense)) is True
    assert known_isinstance(layer("Dense"), Ref("keras.layers.Layer")) is True
    # SpatialDropout2D is a Dropout: a class Keras subclasses is not decided by name.
    assert known_isinstance(layer("SpatialDropout2D"), Ref("keras.layers.Dropout")) is None
    assert known_isinstance(layer("Dense"), Ref("mylib.Block")) is None
