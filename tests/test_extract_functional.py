"""Functional models: inputs, merges, shared layers, nested models, spans."""

from test_extract_helpers import facts, model, rows, run

SEED_001 = """
from tensorflow.keras.layers import Input, Dense, concatenate
from tensorflow.keras.models import Model
input_1 = Input(shape=(4,))
hidden_1 = Dense(8, activation='relu')(input_1)
hidden_2 = Dense(16, activation='relu')(hidden_1)
output_1 = Model(inputs=input_1, outputs=hidden_2)
input_2 = Input(shape=(8,))
hidden_3 = Dense(8, activation='relu')(input_2)
hidden_5 = Dense(16, activation='relu')(hidden_3)
output_2 = Model(inputs=input_2, outputs=hidden_5)
result = concatenate([output_1.output, output_2.output])
output_ = Dense(10, activation='softmax')(result)
model = Model(inputs=[output_1.input, output_2.input], outputs=output_)
"""


def test_models_from_other_models_inputs_outputs():
    e = run(SEED_001)
    assert [m.name for m in e.models] == ["output_1", "output_2", "model"]
    m = e.models[2]
    assert len(m.inputs) == 2
    assert [r[0] for r in rows(m)] == [
        "input_layer", "input_layer_1", "dense", "dense_2", "dense_1", "dense_3", "concatenate", "dense_4",
    ]
    assert m.totals()[0] == 184 + 216 + 330


def test_spans_and_arguments():
    m = model("""
        from keras import layers, Input, Model
        inp = Input(shape=(4,))
        d = layers.Dense(8,
                         activation='relu')
        out = d(inp)
        model = Model(inputs=inp, outputs=out)
    """)
    node = m.rows()[1]
    assert (node.span.line, node.call_span.line) == (4, 6)
    assert node.arg_sources == {"units": "8", "activation": "'relu'"}
    assert node.arg_spans["activation"].line == 5
    assert m.rows()[0].name == "input_layer" and m.line == 7


def test_shared_layer_counted_once():
    m = model("""
        from tensorflow.keras.layers import Dense, Input, Concatenate
        from tensorflow.keras.models import Model
        left, right = Input(shape=(32,)), Input(shape=(32,))
        shared = Dense(64)
        merged = Concatenate()([shared(left), shared(right)])
        model = Model([left, right], merged)
    """)
    calls = [n for n in m.nodes() if n.cls == "Dense"]
    assert len(calls) == 2 and calls[0].layer_key == calls[1].layer_key
    assert m.totals()[0] == 32 * 64 + 64
    assert m.node(m.outputs[0].node).output_shape == (None, 128)


def test_multi_output_and_dict_outputs():
    m = model("""
        import keras
        a = keras.Input((20,), name='title')
        b = keras.Input((5,), name='body')
        h = keras.layers.concatenate([a, b])
        model = keras.Model(inputs={'a': a, 'b': b},
                            outputs={'priority': keras.layers.Dense(1)(h), 'dept': keras.layers.Dense(4)(h)})
    """)
    assert m.output_names == ["dept", "priority"]
    assert [m.node(r.node).output_shape for r in m.outputs] == [(None, 4), (None, 1)]


def test_model_called_as_layer():
    e = run("""
        import keras
        i = keras.Input((32,))
        encoder = keras.Model(i, keras.layers.Dense(8)(i), name='encoder')
        j = keras.Input((32,))
        auto = keras.Model(j, keras.layers.Dense(32)(encoder(j)))
    """)
    auto = e.models[1]
    (sub,) = [n for n in auto.nodes() if n.kind == "model"]
    assert sub.submodel is e.models[0] or sub.submodel.name == "encoder"
    assert sub.name == "encoder" and sub.params == 264
    assert auto.totals()[0] == 264 + 8 * 32 + 32


def test_kg102_input_not_in_inputs():
    (f,) = facts("""
        import keras
        a, b = keras.Input((2,)), keras.Input((2,))
        y = keras.layers.add([a, b])
        model = keras.Model(a, y)
    """, "KG102")
    assert f.data["input"] == "input_layer_1"


def test_ops_and_unknown_layers_stop_not_guess():
    m = model("""
        import tensorflow as tf
        from tensorflow import keras
        from mylib import FancyLayer
        i = keras.Input((4,))
        x = keras.layers.Dense(4)(i)
        y = tf.reduce_mean(x, axis=-1)
        z = x + x
        w = FancyLayer(3)(i)
        model = keras.Model(i, [y, z, w])
    """)
    kinds = {n.cls: n.kind for n in m.nodes()}
    assert kinds["reduce_mean"] == "op" and kinds["Add"] == "op"
    assert [n for n in m.nodes() if n.kind == "op" or n.stopped]


def test_application_is_read_from_keras_source_and_nested():
    m = model("""
        from tensorflow import keras
        base = keras.applications.VGG16(include_top=False, input_shape=(32, 32, 3))
        base.trainable = False
        i = keras.Input((32, 32, 3))
        x = base(i)
        model = keras.Model(i, keras.layers.Flatten()(x))
    """, "model")
    (n,) = [n for n in m.nodes() if n.kind == "model"]
    assert n.name == "vgg16" and n.submodel is not None and not n.stopped
    assert n.output_shape == (None, 1, 1, 512)
    assert m.totals() == (14_714_688, 0, 14_714_688) and m.unknown_reasons() == []


def test_application_not_in_the_vendored_source_stays_opaque():
    m = model("""
        from tensorflow import keras
        base = keras.applications.NoSuchNet(include_top=False)
        i = keras.Input((32, 32, 3))
        model = keras.Model(i, keras.layers.Flatten()(base(i)))
    """, "model")
    assert m.unknown_reasons()


def test_layer_trainable_false():
    m = model("""
        from tensorflow import keras
        i = keras.Input((20,))
        emb = keras.layers.Dense(10)
        emb.trainable = False
        model = keras.Model(i, keras.layers.Dense(1)(emb(i)))
    """)
    assert m.totals() == (221, 11, 210)


def test_frozen_sub_sequential():
    e = run("""
        from tensorflow import keras
        base = keras.Sequential([keras.Input((64,)), keras.layers.Dense(32)], name='base')
        base.trainable = False
        model = keras.Sequential([keras.Input((64,)), base, keras.layers.Dense(4)])
    """)
    assert e.models[1].totals() == (2080 + 132, 132, 2080)


def test_keyword_and_positional_model_forms():
    e = run("""
        import tensorflow as tf
        from keras.src.models.functional import Functional
        inp = tf.keras.layers.Input(shape=(28, 28))
        out = tf.keras.layers.Dense(10)(tf.keras.layers.Flatten()(inp))
        a = tf.keras.models.Model(inp, out)
        b = tf.keras.Model(inputs=[inp], outputs=[out], name='named')
        c = Functional(inp, out)
    """)
    assert [m.keras_name for m in e.models] == ["functional", "named", "functional_1"]
    assert all(m.totals()[0] == 7850 for m in e.models)


def test_sequential_inputs_outputs_feed_a_functional_model():
    source = """
        import keras
        seq = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4)])
        y = keras.layers.Dense(1)(seq.outputs[0])
        m = keras.Model(seq.inputs, y)
    """
    m = model(source, "m")
    assert [r[0] for r in rows(m)] == ["input_layer", "dense", "dense_1"] and m.totals()[0] == 21
    assert facts(source, "KG102") == []
