"""Subclassed models and custom layers."""

from test_extract_helpers import facts, model, rows, run

from kgraphlint.dims import UNKNOWN

SUBCLASS = """
from tensorflow import keras
from tensorflow.keras.layers import Dense

class MyModel(keras.Model):
    def __init__(self, units=30, **kwargs):
        super().__init__(**kwargs)
        self.hidden = Dense(300, activation='relu')
        self.mid = Dense(units)
        self.out = Dense(10, activation='softmax')

    def call(self, inputs):
        x = self.hidden(inputs)
        x = self.mid(x)
        return self.out(x)
"""


def test_subclass_build_without_build_method_builds_nothing():
    # Keras 3's default build() warns and marks the model built; no sub-layer
    # gets weights, so summary() prints 0 params (checked in TensorFlow).
    m = model(SUBCLASS + "model = MyModel()\nmodel.build((None, 784))\n")
    assert m.kind == "subclass" and m.name == "model" and m.keras_name == "my_model"
    assert m.line == 5
    assert [r[0] for r in rows(m)] == ["dense", "dense_1", "dense_2"]
    assert m.built is False and not m.unknown_reasons()


def test_subclass_built_with_own_build():
    m = model(SUBCLASS + """
class Built(MyModel):
    def build(self, input_shape):
        super().build(input_shape)
model = Built()
model.build((None, 784))
""", name="model")
    assert [why for _, why in m.unknown_reasons()] == [
        "Built.build() is the model's own code; which layers it builds is not followed"]


def test_subclass_called_on_input():
    m = model(SUBCLASS + "model = MyModel(units=5)\nmodel(keras.Input((20,)))\n")
    assert rows(m)[-1][2] == (None, 10)
    assert m.totals()[0] == 20 * 300 + 300 + 300 * 5 + 5 + 60


def test_subclass_inside_functional_wrapper():
    e = run(SUBCLASS + "inner = MyModel()\ni = keras.Input((8,))\nwrapper = keras.Model(i, inner(i))\n")
    wrapper = next(m for m in e.models if m.kind == "functional")
    (n,) = [n for n in wrapper.nodes() if n.kind == "model"]
    assert n.output_shape == (None, 10)
    assert wrapper.totals()[0] == 8 * 300 + 300 + 300 * 30 + 30 + 310


def test_subclass_without_input_shape_is_unknown():
    m = model(SUBCLASS + "model = MyModel()\n")
    assert m.built is False
    assert m.node(m.inputs[0].node).output_shape is UNKNOWN
    assert len(rows(m)) == 3


def test_never_instantiated_class_is_still_read():
    source = SUBCLASS.replace("Dense(units)", "Dense(unit)")
    m = model(source)
    assert m.kind == "subclass" and m.name == "MyModel" and len(rows(m)) == 3
    assert facts(source, "KG301")[0].data["name"] == "unit"


def test_layer_lists_unrolled():
    m = model("""
        import keras
        from keras import layers
        class Tower(keras.Model):
            def __init__(self, widths):
                super().__init__()
                self.blocks = [layers.Dense(w) for w in widths]
                self.head = layers.Dense(1)
            def call(self, x):
                for block in self.blocks:
                    x = block(x)
                return self.head(x)
        tower = Tower([8, 4])
        tower(keras.Input((2,)))
    """)
    assert [r[2] for r in rows(m)] == [(None, 8), (None, 4), (None, 1)]


def test_custom_layer_weights_and_shape():
    m = model("""
        import keras
        class Scale(keras.layers.Layer):
            def __init__(self, factor=2, **kwargs):
                super().__init__(**kwargs)
                self.factor = factor
            def build(self, input_shape):
                self.gamma = self.add_weight(shape=(input_shape[-1],), initializer='ones')
                self.beta = self.add_weight(shape=(input_shape[-1],), trainable=False)
            def call(self, inputs):
                y = inputs * self.gamma
                return y + self.beta
        i = keras.Input((6,))
        model = keras.Model(i, keras.layers.Dense(1)(Scale(name='scale')(i)))
    """)
    scale = rows(m)[1]
    assert scale[:3] == ("scale", "Scale", (None, 6))
    assert m.totals() == (6 + 6 + 7, 13, 6)


def test_custom_layer_call_with_ops_on_its_weights():
    m = model("""
        import tensorflow as tf
        import keras
        class Proj(keras.layers.Layer):
            def build(self, input_shape):
                self.w = self.add_weight(shape=(input_shape[-1], 4))
            def call(self, x):
                return tf.matmul(x, self.w)
        i = keras.Input((3,))
        model = keras.Model(i, Proj()(i))
    """)
    assert rows(m)[1][2] == (None, 4) and rows(m)[1][3] == 12
    assert m.unknown_reasons() == []


def test_custom_layer_with_unknown_call_gives_unknown_shape():
    m = model("""
        import somelib
        import keras
        class Proj(keras.layers.Layer):
            def build(self, input_shape):
                self.w = self.add_weight(shape=(input_shape[-1], 4))
            def call(self, x):
                return somelib.project(x, self.w)
        i = keras.Input((3,))
        model = keras.Model(i, Proj()(i))
    """)
    assert rows(m)[1][2] is UNKNOWN and rows(m)[1][3] == 12
    assert m.unknown_reasons()
