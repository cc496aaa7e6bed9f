"""Values: constants, arithmetic, unpacking, f-strings, positional binding,
symbols for what cannot be known, and undefined names (KG301)."""

from test_extract_helpers import facts, model, rows, run

from kgraphlint.dims import Expr


def test_constants_and_arithmetic():
    m = model("""
        from tensorflow import keras
        N = 28
        H, W = N, N * 2 // 2
        HIDDEN = [N * 4, 50 - 20]
        model = keras.Sequential([keras.layers.Flatten(input_shape=(H, W)), *[keras.layers.Dense(u) for u in HIDDEN]])
    """)
    assert [r[2] for r in rows(m)] == [(None, 784), (None, 112), (None, 30)]


def test_fstring_names_and_loop():
    m = model("""
        from tensorflow import keras
        i = keras.Input((3,))
        x = i
        for k in range(3):
            x = keras.layers.Dense(2, name=f"block_{k}_dense")(x)
        model = keras.Model(i, x)
    """)
    assert [r[0] for r in rows(m)][1:] == ["block_0_dense", "block_1_dense", "block_2_dense"]


def test_positional_arguments_bind_to_signature():
    m = model("""
        from tensorflow.keras import layers, models
        model = models.Sequential([layers.Input((8, 8, 3)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10, 'relu')])
    """)
    conv = m.rows()[0]
    assert conv.args["filters"] == 4 and conv.args["kernel_size"] == 3
    assert m.rows()[2].args["activation"] == "relu"
    assert conv.arg_sources["kernel_size"] == "3"
    assert m.totals()[0] == 4 * 27 + 4 + (6 * 6 * 4) * 10 + 10


def test_unknown_value_is_a_symbol():
    m = model("""
        import sys
        from tensorflow import keras
        units = int(sys.argv[1])
        model = keras.Sequential([keras.layers.Dense(units, input_shape=(784,)), keras.layers.Dense(10)])
    """)
    dense = m.rows()[0]
    assert isinstance(dense.output_shape[1], Expr)


def test_builder_parameter_without_default_is_a_symbol():
    m = model("""
        from tensorflow import keras
        def build(units, n=10):
            i = keras.Input((784,))
            return keras.Model(i, keras.layers.Dense(n)(keras.layers.Dense(units)(i)))
    """)
    assert str(m.totals()[0]) == "795*units + 10"


def test_undefined_name_is_kg301_with_suggestions():
    found = facts("""
        from tensorflow.keras.models import Model
        from tensorflow.keras.layers import Dense
        class mymodel(Model):
            def __init__(self, unit=30, activation='relu', **kwargs):
                super().__init__(**kwargs)
                self.dense_layer3 = Dense(units, activation=activation)
            def call(self, inputs):
                return self.dense_layer3(inputs)
    """, "KG301")
    assert len(found) == 1
    assert found[0].data["name"] == "units"
    assert "unit" in found[0].data["suggestions"]
    assert found[0].span.line == 7


def test_builtins_and_late_globals_are_defined():
    assert facts("""
        from tensorflow import keras
        def make():
            return keras.Sequential([keras.layers.Dense(SIZE, input_shape=(len([1, 2]),))])
        SIZE = max(3, 4)
        model = make()
    """, "KG301") == []


def test_kg302_unknown_keyword():
    (f,) = [f for f in facts("""
        from tensorflow.keras.layers import Conv2D
        c = Conv2D(filter=32, kernel_size=3)
    """, "KG302") if f.data["argument"] == "filter"]
    assert f.data["class"] == "Conv2D"
    assert f.data["suggestions"][0] == "filters"
    assert (f.span.line, f.span.column, f.span.end_column) == (3, 12, 18)


def test_unpacking_and_dict_values():
    m = model("""
        from tensorflow import keras
        cfg = {"units": 5, "act": "relu"}
        (a, b), c = (2, 3), cfg["units"]
        i = keras.Input((a, b))
        model = keras.Model(i, keras.layers.Dense(c, activation=cfg.get("act"))(i))
    """)
    assert m.rows()[-1].output_shape == (None, 2, 5)
    assert m.rows()[-1].args["activation"] == "relu"


def test_syntax_error_is_reported_not_raised():
    e = run("model = Sequential([\n")
    assert e.models == [] and e.syntax_error is not None and e.syntax_error.span.line >= 1
    assert e.tree is None


def test_deep_expression_does_not_crash():
    source = "from tensorflow import keras\nx = " + "(" * 150 + "1" + ")" * 150 + "\n"
    source += "y = " + " + ".join(["1"] * 400) + "\nmodel = keras.Sequential([keras.layers.Dense(y, input_shape=(2,))])\n"
    e = run(source)
    assert e.syntax_error is not None or len(e.models) == 1


def test_odd_statements_do_not_abort():
    m = model("""
        from tensorflow import keras
        import numpy as np
        data = np.zeros((3, 4))[::2].T @ np.ones(4)
        while data:
            data -= 1
        with open("x") as fh, something() as other:
            pass
        try:
            del data
        except Exception as exc:
            raise
        lam = lambda v: v * 2
        model = keras.Sequential([keras.layers.Dense(lam(2), input_shape=(3,))])
    """)
    assert m.rows()[0].output_shape == (None, 4)
