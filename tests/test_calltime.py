"""Shapes known at each call: what building code reads decides what it builds,
and what the analysis cannot decide is marked, never guessed silently."""

from test_extract_helpers import model, rows, run

from kgraphlint.commands.summary import model_json, model_text


def test_shape_reads_decide_a_residual_shortcut():
    source = """
        from tensorflow import keras
        from tensorflow.keras import layers, backend as K

        def block(x, filters, stride=1):
            shortcut = x
            y = layers.Conv2D(filters, 3, strides=stride, padding="same")(x)
            if stride != 1 or x.shape[-1] != filters:
                shortcut = layers.Conv2D(filters, 1, strides=stride)(x)
            return layers.Add()([y, shortcut])

        inputs = keras.Input(shape=(8, 8, 4))
        x = block(inputs, 4)
        x = block(x, 8, 2)
        x = layers.Reshape(x.shape[1:] + (1,))(x)
        x = layers.Flatten()(x)
        x = layers.Dense(K.int_shape(x)[-1] // 16)(x)
        model = keras.Model(inputs, x)
    """
    m = model(source)
    assert [r[0] for r in rows(m)] == ["input_layer", "conv2d", "add", "conv2d_1", "conv2d_2", "add_1",
                                       "reshape", "flatten", "dense"]
    # 148 (no projection on the first block) + 296 + 40 + 8*128 + 8
    assert m.totals()[0] == 148 + 296 + 40 + 128 * 8 + 8
    assert model_json(m)["exact"] is True


def test_tensor_facts_while_building():
    e = run("""
        import keras
        from keras import layers, ops
        inputs = keras.Input(shape=(6, 5), dtype="float32")
        rank = len(inputs.shape)
        dims = inputs.shape.as_list()
        n = ops.shape(inputs)[1] * inputs.shape.rank
        x = layers.Dense(n)(inputs)
        if x.dtype == "float32" and rank == 3 and dims[-1] == 5:
            x = layers.Dense(2)(x)
        model = keras.Model(inputs, x)
    """)
    (m,) = e.models
    assert [r[2] for r in rows(m)][1:] == [(None, 6, 18), (None, 6, 2)]
    assert not m.unknown_reasons()


def test_model_attributes_while_building():
    e = run("""
        import keras
        from keras import layers
        base = keras.Sequential([keras.Input((4,)), layers.Dense(3, name="hidden"), layers.Dense(2)])
        width = base.output_shape[-1] * 10 if base.count_params() == 23 else 1
        features = keras.Model(base.inputs, base.get_layer("hidden").output)
        head = keras.Sequential([keras.Input(shape=base.output_shape[1:]), layers.Dense(width)])
    """)
    by_name = {m.name: m for m in e.models}
    assert rows(by_name["head"]) == [("dense_1", "Dense", (None, 20), 60)]
    assert by_name["features"].totals()[0] == 15


def test_decidable_while_loop_runs():
    m = model("""
        import keras
        from keras import layers
        mlp = keras.Sequential([keras.Input((3,)), layers.Dense(64)])
        while mlp.output_shape[-1] > 8:
            mlp.add(layers.Dense(mlp.output_shape[-1] // 2))
    """)
    assert [r[2][-1] for r in rows(m)] == [64, 32, 16, 8]
    assert not m.unknown_reasons()


def test_undecided_branch_marks_what_it_touches():
    m = model("""
        import os
        from tensorflow import keras
        from tensorflow.keras import layers
        inputs = keras.Input(shape=(8,))
        x = layers.Dense(16)(inputs)
        if os.environ.get("DEEP"):
            pass
        else:
            x = layers.Dense(32)(x)
        model = keras.Model(inputs, layers.Dense(1)(x))
    """)
    reasons = m.unknown_reasons()
    assert reasons == [(7, 'the condition `os.environ.get("DEEP")` is not known statically')]
    data = model_json(m)
    assert data["exact"] is False and data["total_params"] == "?"
    assert [row["exact"] for row in data["layers"]] == [True, True, False]
    text = model_text(m)
    assert "17?" in text and " Total params: ?" in text and "line 7: the condition" in text


def test_loop_over_unknown_marks_the_sequential():
    m = model("""
        from tensorflow import keras
        from tensorflow.keras import layers
        import somelib
        seq = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(5)])
        for width in somelib.widths():
            seq.add(layers.Dense(width))
        seq.add(layers.Dense(2))
    """)
    data = model_json(m)
    assert [row["exact"] for row in data["layers"]] == [True, False]
    assert data["unknown_reasons"][0]["line"] == 6


def test_unknown_value_by_name_is_not_exact():
    m = model("""
        import keras
        from keras import layers
        import config
        units = config.get("units")
        inputs = keras.Input((784,))
        model = keras.Model(inputs, layers.Dense(units)(inputs))
    """)
    data = model_json(m)
    assert data["exact"] is False and data["layers"][1]["params"] == "?"
    assert data["unknown_reasons"] == [{"line": 5, "reason": "the value of `units` is not known statically"}]


def test_builder_parameter_stays_an_exact_formula():
    m = model("""
        import keras
        from keras import layers
        def build(units, n_classes=10):
            inputs = keras.Input((20,))
            x = layers.Dense(units // 2)(inputs)
            return keras.Model(inputs, layers.Dense(n_classes)(x))
    """)
    data = model_json(m)
    assert data["exact"] is True
    assert data["total_params"] == "31*(units//2) + 10"
    units = 7  # noqa: F841  (read by the eval below)
    assert eval(data["total_params"]) == 20 * 3 + 3 + 3 * 10 + 10


def test_unanalysed_nested_model_is_unknown_not_zero():
    m = model("""
        import keras
        from keras import layers
        from hub import load_backbone
        backbone = load_backbone()
        inputs = keras.Input((32, 32, 3))
        model = keras.Model(inputs, layers.Dense(2)(backbone(inputs)))
    """)
    data = model_json(m)
    assert data["exact"] is False
    assert all(row["params"] != 0 for row in data["layers"][1:])


def test_custom_layer_counts_its_sub_layers():
    m = model("""
        import keras
        from keras import layers
        class TwoDense(layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.a = layers.Dense(8, activation="relu")
                self.b = layers.Dense(8)
            def call(self, inputs):
                h = self.a(inputs)
                return self.b(h) + h
        inputs = keras.Input(shape=(16,))
        model = keras.Model(inputs, layers.Dense(1)(TwoDense()(inputs)))
    """)
    assert rows(m)[1] == ("two_dense", "TwoDense", (None, 8), 16 * 8 + 8 + 8 * 8 + 8)
    # Dense(1) is constructed before TwoDense() (Python evaluates the callee first)
    assert [r[0] for r in rows(m)] == ["input_layer", "two_dense", "dense"]


def test_dtypes_of_ops_while_building():
    """x.dtype after a cast, a comparison, an argmax or a mean of ints is
    Keras's (kgraphlint/ops/dtypes.py), and code may branch on it."""
    e = run("""
        import keras
        from keras import layers, ops
        tokens = keras.Input(shape=(6,), dtype="int32")
        as_float = ops.cast(tokens, "float16")
        mask = tokens > 0
        best = ops.argmax(ops.cast(tokens, "float32"), axis=-1)
        avg = ops.mean(tokens, axis=-1)
        kinds = (as_float.dtype, mask.dtype, best.dtype, avg.dtype)
        width = 3 if kinds == ("float16", "bool", "int32", "float32") else 5
        x = layers.Dense(width)(ops.cast(tokens, "float32"))
        model = keras.Model(tokens, x)
    """)
    (m,) = e.models
    assert [r[2] for r in rows(m)][-1] == (None, 3)
    assert not m.unknown_reasons()
