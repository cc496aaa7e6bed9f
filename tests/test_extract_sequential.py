"""Sequential models: list and .add() forms, inputs, unbuilt models, loops."""

from test_extract_helpers import facts, model, rows, run

from kgraphlint.dims import UNKNOWN

MLP = """
from tensorflow.keras.layers import Dense, Flatten
from tensorflow.keras.models import Sequential
INPUT_SIZE = 28
model = Sequential([
    Flatten(input_shape=(INPUT_SIZE, INPUT_SIZE)),
    Dense(100, activation='relu'),
    Dense(30, activation='relu'),
    Dense(10, activation='softmax')
])
"""


def test_list_form_mlp_81840():
    m = model(MLP)
    assert m.kind == "sequential" and m.name == "model" and m.keras_name == "sequential"
    assert m.totals() == (81840, 81840, 0)
    assert [r[0] for r in rows(m)] == ["flatten", "dense", "dense_1", "dense_2"]
    assert m.node(m.inputs[0].node).output_shape == (None, 28, 28)
    assert m.line == 5


def test_add_form_across_statements():
    m = model("""
        import tensorflow as tf
        from tensorflow.keras.models import Sequential
        from tensorflow.keras.layers import Dense
        model = Sequential()
        model.add(Dense(8, activation='relu', input_shape=(4,)))
        model.add(Dense(16, activation='relu'))
        print("building")
        model.add(Dense(32, activation='relu'))
        model.add(Dense(10, activation='softmax'))
    """)
    assert m.totals()[0] == 1058
    assert [r[2] for r in rows(m)] == [(None, 8), (None, 16), (None, 32), (None, 10)]


def test_dense_on_rank3_input():
    m = model("""
        import tensorflow as tf
        model = tf.keras.models.Sequential()
        model.add(tf.keras.layers.Dense(2, input_shape=[2, 3]))
    """)
    assert rows(m) == [("dense", "Dense", (None, 2, 2), 8)]


def test_input_first_and_inputlayer():
    m = model("""
        from tensorflow.keras.layers import Dense, Flatten, Input, InputLayer
        from tensorflow.keras.models import Sequential
        model = Sequential([Input(shape=(28, 28), name='input'), Flatten(), Dense(300), Dense(100), Dense(10)])
        other = Sequential([InputLayer(shape=(2, 2)), Dense(2)])
    """)
    assert m.totals()[0] == 266610
    assert m.node(m.inputs[0].node).name == "input"
    other = model("""
        from tensorflow.keras.layers import Dense, InputLayer
        from tensorflow.keras.models import Sequential
        other = Sequential([InputLayer(shape=(2, 2)), Dense(2)])
    """)
    assert rows(other) == [("dense", "Dense", (None, 2, 2), 6)]


def test_input_dim():
    m = model("""
        from keras import Sequential
        from keras.layers import Dense
        model = Sequential()
        model.add(Dense(32, input_dim=16))
    """)
    assert m.totals()[0] == 16 * 32 + 32


def test_unbuilt_sequential_kg101():
    source = """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(64), keras.layers.Dense(1)])
    """
    m = model(source)
    assert m.built is False
    assert [r[0] for r in rows(m)] == ["dense", "dense_1"]
    assert rows(m)[0][2] is UNKNOWN
    (f,) = facts(source, "KG101")
    assert f.data["model"] == "model"


def test_build_gives_input_shape():
    m = model("""
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(128), keras.layers.Dense(10)])
        model.build((None, 784))
    """)
    assert m.built and m.totals()[0] == 784 * 128 + 128 + 1290


def test_comprehension_and_loops():
    m = model("""
        from tensorflow import keras
        sizes = [64, 32]
        model = keras.Sequential([keras.Input((100,))] + [keras.layers.Dense(n) for n in sizes])
        for _ in range(2):
            model.add(keras.layers.Dense(4))
        for units in (3, 2):
            model.add(keras.layers.Dense(units))
    """)
    assert [r[2][1] for r in rows(m)] == [64, 32, 4, 4, 3, 2]


def test_kg105_input_shape_contexts():
    found = facts("""
        from tensorflow.keras import layers, models, Input
        model = models.Sequential()
        model.add(Input(shape=(28, 28)))
        model.add(layers.Flatten(input_shape=[28, 28]))
        m2 = models.Sequential([layers.Dense(3, input_shape=(4,))])
        i = Input((4,))
        o = layers.Dense(2, input_shape=(4,))(i)
    """, "KG105")
    contexts = sorted(f.data["context"] for f in found)
    assert contexts == ["functional", "sequential-first", "sequential-later"]
    later = next(f for f in found if f.data["context"] == "sequential-later")
    assert later.data["argument"] == "input_shape" and later.span.line == 5


def test_kg106_sequential_output():
    source = """
        from tensorflow import keras
        seq = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        y = seq.output
        ok = seq.outputs
    """
    (f,) = facts(source, "KG106")
    assert f.data["attribute"] == "output" and f.span.line == 4


def test_names_follow_keras_counters():
    e = run("""
        from tensorflow import keras
        a = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])
        i = keras.Input((3,))
        b = keras.Model(i, keras.layers.Dense(2)(i))
    """)
    a, b = e.models
    assert (a.keras_name, b.keras_name) == ("sequential", "functional_1")  # a's build took "functional"
    assert b.node(b.inputs[0].node).name == "input_layer_1"  # a's InputLayer took "input_layer"
