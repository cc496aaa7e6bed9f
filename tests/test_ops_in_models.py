"""Ops, Lambda layers and custom layers inside models: shapes from the op
catalogue, Keras ops as summary rows, and errors found inside a custom
layer's call reported at their line with the caller named. (The numbers of
whole programs are checked against TensorFlow in tests/test_programs.py.)"""

import textwrap

from test_extract_helpers import model, rows

from kgraphlint.dims import UNKNOWN
from kgraphlint.rules import lint_source


def _codes(source: str) -> list:
    return [(d.code, d.line, d.message) for d in lint_source(textwrap.dedent(source), "m.py") if d.code != "KG501"]


def test_shape_mismatch_inside_custom_call_is_reported_at_its_line_with_the_caller():
    found = _codes("""
        import keras
        from keras import layers, ops
        class Mix(layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.a = layers.Dense(8)
                self.b = layers.Dense(4)
            def call(self, x):
                return ops.add(self.a(x), self.b(x))
        inputs = keras.Input(shape=(16,))
        model = keras.Model(inputs, layers.Dense(1)(Mix()(inputs)))
    """)
    assert [(c, line) for c, line, _ in found] == [("KG202", 10)]
    assert "called at line 12" in found[0][2]


def test_no_error_inside_call_on_a_path_not_known():
    found = _codes("""
        import keras, somelib
        from keras import layers, ops
        class Mix(layers.Layer):
            def call(self, x):
                if somelib.flag():
                    x = layers.Dense(4)(x)
                return ops.add(x, layers.Dense(8)(x))
        inputs = keras.Input(shape=(16,))
        model = keras.Model(inputs, Mix()(inputs))
    """)
    assert not [c for c, _, _ in found if c.startswith("KG2")]


def test_keras_ops_are_summary_rows_with_keras_names():
    m = model("""
        import keras
        from keras import layers, ops
        inp = keras.Input((5, 8))
        pos = keras.Input((5, 8))
        x = inp + pos
        c = ops.concatenate([x, inp], axis=-1)
        d = layers.Dense(4)(c)
        y = d[:, 0]
        z = ops.mean(d, axis=1)
        model = keras.Model([inp, pos], layers.Add()([y, z]))
    """)
    assert [(r[0], r[1], r[2], r[3]) for r in rows(m)] == [
        ("input_layer", "InputLayer", (None, 5, 8), 0), ("input_layer_1", "InputLayer", (None, 5, 8), 0),
        ("add", "Add", (None, 5, 8), 0), ("concatenate", "Concatenate", (None, 5, 16), 0),
        ("dense", "Dense", (None, 5, 4), 68), ("get_item", "GetItem", (None, 4), 0),
        ("mean", "Mean", (None, 4), 0), ("add_1", "Add", (None, 4), 0),
    ]
    assert m.unknown_reasons() == []


def test_tensorflow_op_on_a_keras_input_is_not_exact():
    m = model("""
        import keras
        import tensorflow as tf
        inputs = keras.Input((4, 5))
        model = keras.Model(inputs, keras.layers.Dense(3)(tf.reshape(inputs, (-1, 20))))
    """)
    assert any("Keras 3 rejects" in why for _, why in m.unknown_reasons())


def test_lambda_runs_its_function_and_honours_output_shape():
    m = model("""
        import keras
        from keras import layers, ops
        inputs = keras.Input((10, 16))
        a = layers.Lambda(lambda t: ops.mean(t, axis=-1, keepdims=True))(inputs)
        b = layers.Lambda(lambda t: t[:, 0], output_shape=(7,))(inputs)
        c = layers.Lambda(lambda t: somelib.f(t))(inputs)
        model = keras.Model(inputs, [a, b, c])
    """)
    shapes = {r[0]: r[2] for r in rows(m)}
    assert shapes["lambda"] == (None, 10, 1) and shapes["lambda_1"] == (None, 7)
    assert shapes["lambda_2"] is UNKNOWN and m.unknown_reasons()


def test_split_gives_one_tensor_per_part():
    m = model("""
        import keras
        from keras import layers, ops
        inputs = keras.Input((6, 4))
        a, b = ops.split(inputs, 2, axis=1)
        model = keras.Model(inputs, layers.Concatenate()([a, b * 2.0]))
    """)
    assert rows(m)[-1][2] == (None, 3, 8)


def test_reshape_to_a_size_not_known_statically_is_not_exact():
    # Keras reads a Python int here; we do not know which, so the shape is not None but unknown
    m = model("""
        import keras, somelib
        inputs = keras.Input((6, 8))
        x = keras.ops.reshape(inputs, (-1, 6, somelib.width()))
        model = keras.Model(inputs, x)
    """)
    reshape = next(r for r in rows(m) if r[1] == "Reshape")
    assert reshape[2] is UNKNOWN
    assert any(line == 4 for line, _ in m.unknown_reasons())
