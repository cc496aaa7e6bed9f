"""The pre-parse scan: cheap, and it must never drop a file with findings."""

from pathlib import Path

import pytest

from kgraphlint.prescan import keras_words, may_use_keras

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "source, expected",
    [
        (b"import keras\nm = keras.Sequential()\n", True),
        (b"from mylib import Dense\nx = Dense(3)\n", True),  # re-exported layers still say their name
        (b"import tensorflow as tf\nclass M(tf.keras.Model): pass\n", True),
        (b"from keras import layers as L\ny = L.Conv2D(8, 3)(x)\n", True),
        (b"net = ResNet50(weights=None)\n", True),
        (b"# -*- coding: latin-1 -*-\nx = Dense(1)  # caf\xe9\n", True),
        (b"import numpy as np\nx = np.zeros(3)\n", False),
        (b"class BaseModel: pass\nDenseMatrix = 1\nmodels = []\n", False),  # whole words only
        (b"import keras\nprint(keras.__version__)\n", False),  # mentions Keras, builds nothing
    ],
)
def test_may_use_keras(source, expected):
    assert may_use_keras(source) is expected


def test_every_fixture_passes_the_scan():
    # The fixtures are the Keras code the rules are proven on: a false
    # negative here would silently lose findings.
    missed = [p for p in (ROOT / "fixtures").rglob("*.py") if not may_use_keras(p.read_bytes())]
    assert missed == []


def test_scan_knows_every_catalogue_layer():
    from kgraphlint.layers import all_layers

    names = {n.encode() for n in all_layers() if n[:1].isupper()}
    assert names - keras_words() == set()
