"""The pre-parse scan: cheap, and it must never drop a file with findings."""

from pathlib import Path

import pytest

from kgraphlint.prescan import keras_words, may_use_keras

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "source, expected",
    [
        (b"import keras\nm = keras.Sequential()\n", True),
        (b"import tensorflow as tf\nm = tf.keras.Sequential()\n", True),
        (b"from tf_keras.layers import *\nx = Dense(3)\n", True),
        # only names reached through a Keras module are Keras's: no module path, no model
        (b"from mylib import Dense, Model\nx = Dense(3)\n", False),
        (b"from keras_hub.layers import Dense\nm = Model(i, Dense(3)(i))\n", False),
        (b"import tensorflow as tf\nx = tf.linalg.matmul(a, b)  # Model\n", False),
        (b"import tensorflow as tf\nclass M(tf.keras.Model): pass\n", True),
        (b"from keras import layers as L\ny = L.Conv2D(8, 3)(x)\n", True),
        (b"from keras.applications import *\nnet = ResNet50(weights=None)\n", True),
        (b"# -*- coding: latin-1 -*-\nfrom keras.layers import Dense\nx = Dense(1)  # caf\xe9\n", True),
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


def test_skipped_files_hold_no_model():
    """The soundness argument on real code: files the scan skips that say a
    model word anyway give the engine nothing to find. The files come from
    the standard library and packages every test install has (numpy,
    networkx, libcst, hypothesis), not from whatever else the venv holds."""
    import importlib
    import sysconfig

    from kgraphlint.engine import analyze
    from kgraphlint.prescan import _KERAS, _MODEL

    roots = [Path(sysconfig.get_paths()["stdlib"])]
    roots += [Path(importlib.import_module(name).__file__).parent
              for name in ("numpy", "networkx", "libcst", "hypothesis")]
    checked = 0
    for root in roots:
        for path in sorted(root.rglob("*.py"))[::7]:
            data = path.read_bytes()
            if _KERAS.search(data) or not _MODEL.search(data) or len(data) > 200_000:
                continue
            try:
                source = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            assert analyze(source, str(path)).models == [], path
            checked += 1
    assert checked >= 60, checked


def test_scan_knows_every_catalogue_layer():
    from kgraphlint.layers import all_layers

    names = {n.encode() for n in all_layers() if n[:1].isupper()}
    assert names - keras_words() == set()
