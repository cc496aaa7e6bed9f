"""Auto-generated names are Keras's names (issue 10, part 5), checked against
TensorFlow on hypothesis-generated programs: every model's name and every
layer's name, including the counters that layers made inside other layers
advance (MultiHeadAttention's Softmax and Dropout at build time,
StackedRNNCells for a list of cells, a Sequential's Functional and
InputLayer)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraphlint.engine import analyze
from tests.harness import KerasNames

pytestmark = pytest.mark.slow  # one TensorFlow process answers every example

# kind -> (constructor, how the layer is applied to ``x``)
LAYERS = {
    "dense": ("layers.Dense(3)", "{l}(x)"),
    "dropout": ("layers.Dropout(0.1)", "{l}(x)"),
    "softmax": ("layers.Softmax()", "{l}(x)"),
    "relu": ("layers.ReLU()", "{l}(x)"),
    "layer_norm": ("layers.LayerNormalization()", "{l}(x)"),
    "conv1d": ("layers.Conv1D(4, 3, padding='same')", "{l}(x)"),
    "mha": ("layers.MultiHeadAttention(num_heads=2, key_dim=2)", "{l}(x, x)"),
    "mha_dropout": ("layers.MultiHeadAttention(2, 2, dropout=0.1)", "{l}(x, x)"),
    "mha_kv": ("layers.MultiHeadAttention(2, 3, value_dim=2)", "{l}(query=x, value=x, key=x)"),
    "attention": ("layers.Attention()", "{l}([x, x])"),
    "grouped_query_attention": ("layers.GroupQueryAttention(4, 4, 2)", "{l}(x, x)"),  # not in the catalogue
    "add": ("layers.Add()", "{l}([x, x])"),
    "lstm": ("layers.LSTM(3, return_sequences=True)", "{l}(x)"),
    "gru": ("layers.GRU(3, return_sequences=True)", "{l}(x)"),
    "simple_rnn": ("layers.SimpleRNN(3, return_sequences=True)", "{l}(x)"),
    "bi_lstm": ("layers.Bidirectional(layers.LSTM(3, return_sequences=True))", "{l}(x)"),
    "bi_gru_backward": (("layers.Bidirectional(layers.GRU(2, return_sequences=True), "
                         "backward_layer=layers.GRU(2, return_sequences=True, go_backwards=True))"), "{l}(x)"),
    "time_distributed": ("layers.TimeDistributed(layers.Dense(3))", "{l}(x)"),
    "rnn_cell": ("layers.RNN(layers.LSTMCell(3), return_sequences=True)", "{l}(x)"),
    "rnn_cells": ("layers.RNN([layers.LSTMCell(3), layers.GRUCell(3)], return_sequences=True)", "{l}(x)"),
    "stacked_cells": ("layers.RNN(layers.StackedRNNCells([layers.SimpleRNNCell(2)]), return_sequences=True)",
                      "{l}(x)"),
    "conv_lstm": ("layers.Reshape((6, -1, 1))", ("layers.Reshape((6, -1))(layers.ConvLSTM1D(2, 3, padding='same', "
                                                 "return_sequences=True)({l}(x)))")),
}

# Models beside the functional one: each uses up names of its own.
OTHERS = {
    "none": "",
    "sequential_input": "seq = keras.Sequential([keras.Input((5,)), layers.Dense(2), layers.Dropout(0.1)])\n",
    "sequential_build": "seq = keras.Sequential([layers.Dense(2)])\nseq.build((None, 5))\n",
    "sequential_called": "seq = keras.Sequential([layers.Dense(2)])\ny = seq(keras.Input((5,)))\n",
    "sequential_add": ("seq = keras.Sequential()\nseq.add(keras.Input((5,)))\nseq.add(layers.Dense(2))\n"
                       "seq.add(layers.MultiHeadAttention(2, 2) if False else layers.Dropout(0.2))\n"),
    "mha_never_called": "unused = layers.MultiHeadAttention(2, 2)\n",
    "rand_augment": ("aug = keras.Sequential([keras.Input((8, 8, 3)), layers.RandAugment(), layers.RandomShear(0.1), "
                     "layers.RandomContrast(0.1)])\n"),
    "aug_mix": ("aug = keras.Sequential([keras.Input((8, 8, 3)), layers.AugMix(all_ops=False), "
                "layers.RandomContrast(0.1), layers.Solarization()])\n"),
    "masking": "masked = keras.Sequential([keras.Input((5, 2)), layers.Masking(), layers.LSTM(2)])\n",
}


@st.composite
def programs(draw):
    steps = draw(st.lists(st.tuples(st.sampled_from(sorted(LAYERS)), st.booleans()), min_size=1, max_size=7))
    other = draw(st.sampled_from(sorted(OTHERS)))
    other_first = draw(st.booleans())
    early, body = [], []
    for i, (kind, made_early) in enumerate(steps):
        make, apply = LAYERS[kind]
        if made_early:  # constructed before the layers called ahead of it: build-time names come later
            early.append(f"l{i} = {make}\n")
            body.append(f"x = {apply.format(l=f'l{i}')}\n")
        else:
            body.append(f"x = {apply.format(l=make)}\n")
    main = "inputs = keras.Input(shape=(6, 4))\n" + "".join(early) + "x = inputs\n" + "".join(body)
    main += "model = keras.Model(inputs, x)\n"
    parts = [OTHERS[other], main] if other_first else [main, OTHERS[other]]
    return "import keras\nfrom keras import layers\n\n" + "".join(parts)


def static_names(source: str) -> dict:
    return {m.name: [m.keras_name, [n.name for n in m.rows()]] for m in analyze(source, "program.py").models}


@pytest.fixture(scope="module")
def keras_names():
    pytest.importorskip("keras")
    oracle = KerasNames()
    yield oracle
    oracle.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(programs())
def test_auto_names_are_keras_names(keras_names, program):
    real = keras_names(program)
    assert "error" not in real, (real, program)
    assert static_names(program) == real["models"], program


@pytest.mark.parametrize("program", [
    # The example: after a MultiHeadAttention, later Dropouts were dropout_4, not dropout_6.
    "import keras\nfrom keras import layers\n\ninputs = keras.Input(shape=(6, 4))\nx = inputs\n"
    + "x = layers.Dropout(0.1)(x)\nx = layers.MultiHeadAttention(2, 2)(x, x)\n" * 3
    + "x = layers.Dropout(0.1)(x)\nmodel = keras.Model(inputs, x)\n",
    # Constructed early, built late: its Softmax and Dropout are named at the call.
    ("import keras\nfrom keras import layers\n\ninputs = keras.Input(shape=(6, 4))\n"
     "mha = layers.MultiHeadAttention(2, 2)\nx = layers.Softmax()(inputs)\nx = mha(x, x)\n"
     "x = layers.Softmax()(x)\nmodel = keras.Model(inputs, x)\n"),
], ids=["issue_example", "built_late"])
def test_names_after_layers_with_sub_layers(keras_names, program):
    real = keras_names(program)
    assert "error" not in real, real
    assert static_names(program) == real["models"]


def test_names_of_layers_a_subclassed_model_builds_when_called(keras_names):
    program = (
        "import keras\nfrom keras import layers\n\n"
        "class Block(keras.Model):\n    def __init__(self):\n        super().__init__()\n"
        "        self.att = layers.MultiHeadAttention(2, 2)\n\n    def call(self, x):\n"
        "        return self.att(x, x)\n\n"
        "inputs = keras.Input((6, 4))\nx = Block()(inputs)\nx = layers.Dropout(0.2)(x)\n"
        "model = keras.Model(inputs, x)\n"
    )
    real = keras_names(program)
    assert "error" not in real, real
    assert static_names(program)["model"] == real["models"]["model"]
