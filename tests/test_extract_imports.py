"""Imports and aliases: which names are Keras's."""

from test_extract_helpers import model, rows, run

from kgraphlint.extract.imports import canonical, classify


def test_canonical_spellings():
    assert canonical("tensorflow.keras.layers.Dense") == "keras.layers.Dense"
    assert canonical("tf_keras.layers.Dense") == "keras.layers.Dense"
    assert canonical("keras.src.layers.core.dense.Dense") == "keras.layers.Dense"
    assert canonical("torch.nn.Linear") is None


def test_classify():
    assert classify("keras.layers.MaxPool2D") == ("layer", "MaxPooling2D")
    assert classify("tensorflow.keras.layers.concatenate") == ("merge", "Concatenate")
    assert classify("keras.Input") == ("input", "InputLayer")
    assert classify("tensorflow.keras.models.Sequential") == ("sequential", "Sequential")
    assert classify("keras.ops.add")[0] == "op"
    assert classify("keras.applications.VGG16") == ("application", "VGG16")


def test_tf_alias_paths():
    m = model("""
        import tensorflow as tf
        model = tf.keras.models.Sequential([tf.keras.layers.Dense(3, input_shape=(4,))])
    """)
    assert rows(m) == [("dense", "Dense", (None, 3), 15)]


def test_from_imports_and_as_names():
    m = model("""
        from tensorflow import keras
        from tensorflow.keras import layers, models
        from tensorflow.keras.layers import Dense as D
        import keras as k2
        from keras import layers as L
        import tf_keras
        i = keras.Input((4,))
        x = D(2)(i)
        x = layers.Dense(2)(x)
        x = L.Dense(2)(x)
        x = k2.layers.Dense(2)(x)
        x = tf_keras.layers.Dense(2)(x)
        model = models.Model(i, x)
    """)
    assert [r[1] for r in rows(m)] == ["InputLayer"] + ["Dense"] * 5
    assert m.totals()[0] == 10 + 4 * 6


def test_keras_src_path():
    m = model("""
        from keras.src.layers.core.dense import Dense
        from keras.src.models.sequential import Sequential
        from keras.src.layers import Input
        model = Sequential([Input((3,)), Dense(1)])
    """)
    assert m.totals()[0] == 4


def test_star_import():
    m = model("""
        from tensorflow.keras.layers import *
        from tensorflow.keras.models import *
        model = Sequential([InputLayer(shape=(3,)), Dense(2), Dropout(0.1)])
    """)
    assert [r[1] for r in rows(m)] == ["Dense", "Dropout"]
    assert m.totals()[0] == 8


def test_user_class_named_dense_is_not_keras():
    extraction = run("""
        from tensorflow import keras
        class Dense:
            def __init__(self, n):
                self.n = n
            def __call__(self, x):
                return x
        inp = keras.Input((3,))
        out = keras.layers.Dense(2)(Dense(5)(inp))
        model = keras.Model(inp, out)
    """)
    (m,) = extraction.models
    assert [r[1] for r in rows(m)] == ["InputLayer", "Dense"]


def test_torch_linear_is_not_keras():
    extraction = run("""
        import torch.nn as nn
        from torch.nn import Linear as Dense
        layer = nn.Linear(3, 4)
        other = Dense(3, 4)
    """)
    assert extraction.models == []


def test_merge_functional_forms():
    m = model("""
        from keras import layers, Input, Model
        a, b = Input((4,)), Input((4,))
        y = layers.add([a, b]); y = layers.multiply([y, a]); y = layers.concatenate([y, b], axis=-1)
        model = Model([a, b], y)
    """)
    assert [r[1] for r in rows(m)] == ["InputLayer", "InputLayer", "Add", "Multiply", "Concatenate"]
    assert m.node(m.outputs[0].node).output_shape == (None, 8)
