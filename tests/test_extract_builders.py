"""Builder functions, helpers applied inline, loops and conditions."""

from test_extract_helpers import facts, model, rows, run


def test_uncalled_builder_uses_defaults():
    m = model("""
        from tensorflow import keras
        from tensorflow.keras import layers

        def build_model(units=64, n_classes=10):
            inputs = keras.Input(shape=(784,))
            x = layers.Dense(units, activation='relu')(inputs)
            outputs = layers.Dense(n_classes)(x)
            net = keras.Model(inputs=inputs, outputs=outputs)
            return net
    """)
    assert m.function == "build_model" and m.name == "net" and m.line == 9
    assert m.totals()[0] == 784 * 64 + 64 + 650


def test_returned_directly_takes_function_name():
    m = model("""
        from tensorflow import keras
        def make_classifier():
            return keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    """)
    assert m.name == "make_classifier" and m.function == "make_classifier"


def test_builder_called_with_arguments():
    e = run("""
        from tensorflow.keras import layers, models
        def make_mlp(input_dim, hidden, n_out=1):
            model = models.Sequential()
            model.add(layers.Input(shape=(input_dim,)))
            for h in hidden:
                model.add(layers.Dense(h))
            model.add(layers.Dense(n_out))
            return model
        small = make_mlp(10, [16])
        large = make_mlp(10, [64, 32], n_out=3)
    """)
    assert [m.totals()[0] for m in e.models] == [176 + 17, 704 + 2080 + 99]
    assert [m.keras_name for m in e.models] == ["sequential", "sequential_1"]
    assert all(m.function == "make_mlp" for m in e.models)
    assert [m.name for m in e.models] == ["small", "large"]  # the module variables they land in


def test_helper_applied_inline():
    m = model("""
        from tensorflow import keras
        from tensorflow.keras import layers
        def conv_block(x, filters, pool=True):
            x = layers.Conv2D(filters, 3, padding='same')(x)
            if pool:
                x = layers.MaxPooling2D(2)(x)
            return x
        inputs = keras.Input(shape=(32, 32, 3))
        x = conv_block(inputs, 16)
        x = conv_block(x, 32, pool=False)
        model = keras.Model(inputs, x)
    """)
    assert [r[0] for r in rows(m)] == ["input_layer", "conv2d", "max_pooling2d", "conv2d_1"]
    assert rows(m)[-1][2] == (None, 16, 16, 32)
    assert m.function is None


def test_static_and_unknown_conditions():
    source = """
        import os
        from tensorflow import keras
        DEPTH = 2
        i = keras.Input((5,))
        x = i
        if DEPTH > 1:
            x = keras.layers.Dense(4)(x)
        else:
            x = keras.layers.Dense(9)(x)
        if os.environ.get("BIG"):
            x = keras.layers.Dense(7)(x)
        else:
            x = keras.layers.Dense(3)(x)
        model = keras.Model(i, x)
    """
    m = model(source)
    assert [r[2][1] for r in rows(m)[1:]] == [4, 7]
    notes = facts(source, "KG900")
    assert len(notes) == 1 and notes[0].span.line == 11


def test_main_guard_is_taken():
    m = model("""
        from tensorflow import keras
        def main():
            net = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
            return net
        if __name__ == "__main__":
            main()
    """)
    assert m.totals()[0] == 3


def test_recursive_function_does_not_hang():
    e = run("""
        from tensorflow import keras
        def f(x):
            return f(keras.layers.Dense(2)(x))
        i = keras.Input((3,))
        model = keras.Model(i, f(i))
    """)
    assert len(e.models) <= 1


def test_uncalled_function_does_not_change_module_models():
    e = run("""
        from tensorflow import keras
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        head = keras.layers.Dense(3)
        def add_head():
            model.add(head)
            head.trainable = False
            model.trainable = False
    """)
    (m,) = e.models
    assert m.totals() == (10, 10, 0)


def test_default_values_are_made_once_when_def_runs():
    # Python evaluates defaults at `def`: one Dense shared by both calls (a
    # method's default with its class, a lambda's where the lambda is written),
    # and each takes its auto name then, before the layers of later lines
    m = model("""
        import keras
        from keras import layers

        def head(x, proj=layers.Dense(4)):
            return proj(x)

        class Blocks:
            def act(self, x, fn=layers.ReLU()):
                return fn(x)

        squash = lambda x, a=layers.Activation('tanh'): a(x)
        inputs = keras.Input(shape=(4,))
        x = head(head(inputs))
        x = Blocks().act(Blocks().act(x))
        model = keras.Model(inputs, squash(squash(x)))
    """)
    assert [(r[0], r[1], r[3]) for r in rows(m)] == [
        ("input_layer", "InputLayer", 0), ("dense", "Dense", 20), ("re_lu", "ReLU", 0),
        ("activation", "Activation", 0),
    ]
    assert m.unknown_reasons() == []
