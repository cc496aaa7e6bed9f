"""`Activation(dense)` (seen in a seed post): Keras accepts it, because a layer
is callable, so the catalogue must not reject it; KG303 reports the misuse,
in a model and on a layer never applied to a tensor."""

from kgraphlint.engine import analyze
from kgraphlint.rules import lint_source

SOURCE = """\
from tensorflow.keras.layers import Dense, Activation, Input
from tensorflow.keras.models import Sequential

dense = Dense(10, activation='relu')
model = Sequential([Input(shape=(4,)), dense, Activation(dense)])
standalone = Activation(dense)
"""


def test_layer_as_activation_is_reported_where_it_is_written():
    found = [(d.code, d.line) for d in lint_source(SOURCE, "seed.py")]
    assert ("KG303", 5) in found and ("KG303", 6) in found
    assert not any(code == "KG402" for code, _ in found)


def test_keras_accepts_it_so_shapes_still_flow():
    (model,) = analyze(SOURCE, "seed.py").models
    rows = {n.cls: n for n in model.rows()}
    assert rows["Activation"].error is None
    assert rows["Activation"].output_shape == (None, 10)  # what Keras reports: the input's shape
    assert model.totals()[0] == 50
