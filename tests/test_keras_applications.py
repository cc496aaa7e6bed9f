"""keras.applications read from Keras's own (vendored) source: the numbers are
Keras's, ``weights=`` changes nothing and downloads nothing, it works where
Keras is not installed, and each vendored module is parsed once per run.

The transfer-learning fixtures (fixtures/models/transfer_*.py) are checked
against TensorFlow by test_programs.py; here a subset of the 40 constructors
is built in TensorFlow (all 40 with KGRAPHLINT_ALL_APPLICATIONS=1: some take
a minute and gigabytes each).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraphlint import KERAS_VERSION, keras_source
from kgraphlint.engine import analyze
from kgraphlint.extract.keras_names import APPLICATIONS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "models"
sys.path.insert(0, str(ROOT / "bench"))

import applications as bench


def figures(source: str, name: str = "model") -> tuple:
    models = [m for m in analyze(source, "<test>").models if m.name == name]
    assert models, f"no model {name}"
    model = models[-1]
    return model.totals(), model.unknown_reasons(), model.totals_known()


def test_every_application_is_exported_by_the_vendored_source():
    source = keras_source.KerasSource()
    for name in APPLICATIONS:
        assert source.export(f"keras.applications.{name}") is not None, name
    assert source.export("keras.applications.resnet50.preprocess_input") is not None
    assert source.export("keras.applications.imagenet_utils.decode_predictions") is not None


def test_export_index_read_from_text_is_the_one_the_decorators_declare():
    source = keras_source.KerasSource()
    declared = {}
    for path in sorted(Path(source.folder).glob("*.py")):
        for fn in ast.parse(path.read_text()).body:
            if isinstance(fn, ast.FunctionDef):
                for public in keras_source.exported_names(fn):
                    declared.setdefault(public, (str(path), fn.name))
    source.export("x")
    assert declared == source._exports


def test_vendored_source_is_pinned_keras_with_its_licence():
    folder = Path(keras_source.VENDOR)
    assert "Apache License" in (folder / "LICENSE").read_text()
    assert KERAS_VERSION in (folder / "NOTICE").read_text()
    try:
        from importlib import metadata

        installed = metadata.version("keras")
    except Exception:
        return
    if installed == KERAS_VERSION:  # unmodified copies of the pinned Keras
        import importlib.util

        keras_dir = Path(importlib.util.find_spec("keras").origin).parent / "src" / "applications"
        for path in folder.glob("*.py"):
            assert path.read_text() == (keras_dir / path.name).read_text(), path.name


def test_weights_never_change_the_numbers():
    text = (FIXTURES / "transfer_mobilenet_v2_preprocess.py").read_text()
    assert "weights=None" in text
    with_none = figures(text)
    for weights in ('"imagenet"', '"/tmp/my_weights.h5"'):
        assert figures(text.replace("weights=None", f"weights={weights}")) == with_none
    (total, trainable, non_trainable), reasons, known = with_none
    assert (total, trainable, non_trainable) == (2_259_265, 1_281, 2_257_984)
    assert reasons == [] and known


def test_analysis_opens_no_connection(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("kgraphlint tried to open a connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    (total, _, _), reasons, _ = figures("import keras\nmodel = keras.applications.ResNet50(weights='imagenet')\n")
    assert total == 25_636_712 and reasons == []


def test_works_where_keras_and_tensorflow_are_not_installed():
    probe = (
        "import sys\n"
        "sys.modules['keras'] = sys.modules['tensorflow'] = None  # import keras now fails\n"
        "from kgraphlint.engine import analyze\n"
        "src = 'import tensorflow as tf\\nbase = tf.keras.applications.EfficientNetB0(include_top=False,"
        " input_shape=(224, 224, 3))\\nbase.trainable = False\\n'\n"
        "m = analyze(src, 'x.py').models[0]\n"
        "print(m.totals(), m.unknown_reasons())\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "(4049571, 0, 4049571) []"


def test_partly_frozen_loop_over_base_layers():
    src = (
        "import keras\n"
        "base = keras.applications.MobileNetV2(include_top=False, weights=None, input_shape=(96, 96, 3))\n"
        "for layer in base.layers[:100]:\n"
        "    layer.trainable = False\n"
    )
    (total, trainable, non_trainable), reasons, known = figures(src, "base")
    assert reasons == [] and known
    # what TensorFlow 2.21 / Keras 3.15.1 prints for the same code
    assert (total, trainable, non_trainable) == (2_257_984, 1_861_440, 396_544)


def test_caffe_preprocessing_is_marked_not_exact_never_wrong():
    # resnet50.preprocess_input flips RGB to BGR with x[..., i] and ops.stack:
    # ops the shape engine does not model yet. The head is then unknown, not 0.
    src = (
        "import keras\n"
        "base = keras.applications.ResNet50(include_top=False, weights=None, input_shape=(64, 64, 3))\n"
        "inputs = keras.Input((64, 64, 3))\n"
        "x = keras.applications.resnet50.preprocess_input(inputs)\n"
        "x = base(x)\n"
        "model = keras.Model(inputs, keras.layers.GlobalAveragePooling2D()(x))\n"
    )
    (total, _, _), reasons, known = figures(src)
    assert reasons and not known
    assert not isinstance(total, int) or total == 23_587_712


def test_vendored_modules_are_parsed_once_per_run(monkeypatch):
    source = keras_source.KerasSource()
    monkeypatch.setattr(keras_source, "_SHARED", source)
    parsed = []
    real_parse = ast.parse

    def counting_parse(text, filename="<unknown>", *args, **kwargs):
        if str(filename).startswith(source.folder):
            parsed.append(os.path.basename(filename))
        return real_parse(text, filename, *args, **kwargs)

    monkeypatch.setattr(keras_source.ast, "parse", counting_parse)
    for _ in range(3):
        figures("import keras\nmodel = keras.applications.ResNet50(weights=None)\n")
    assert sorted(parsed) == ["imagenet_utils.py", "resnet.py"]


def test_version_note_names_the_keras_whose_source_is_read(monkeypatch):
    from importlib import metadata

    monkeypatch.setattr(metadata, "version", lambda name: "3.99.0")
    note = keras_source.version_note()
    assert "3.99.0" in note and KERAS_VERSION in note
    monkeypatch.setattr(metadata, "version", lambda name: KERAS_VERSION)
    assert keras_source.version_note() is None


DEFAULT_SUBSET = ("VGG16", "ResNet50", "MobileNetV2", "EfficientNetB0", "DenseNet121", "MobileNetV3Small")


@pytest.mark.slow
def test_applications_match_tensorflow():
    names = sorted(APPLICATIONS) if os.environ.get("KGRAPHLINT_ALL_APPLICATIONS") else DEFAULT_SUBSET
    real = bench.keras_figures(names)
    for name in names:
        ours = bench.static_figures(name)
        result = bench.verdict(ours, real[name])
        assert result != "WRONG", f"{name}: {ours} vs Keras {real[name]}"
        if name in DEFAULT_SUBSET:
            assert result == "exact", f"{name}: {ours['reasons']} vs Keras {real[name]}"


def test_decode_predictions_and_numpy_preprocessing_are_read_without_effects(monkeypatch):
    import builtins

    def no_open(*args, **kwargs):
        raise AssertionError("the analysis opened a file Keras's code names")

    src = (
        "import numpy as np\n"
        "from tensorflow.keras.applications.resnet50 import ResNet50, preprocess_input, decode_predictions\n"
        "model = ResNet50(weights='imagenet')\n"
        "x = preprocess_input(np.zeros((1, 224, 224, 3)))\n"
        "preds = model.predict(x)\n"
        "print('Predicted:', decode_predictions(preds, top=3)[0])\n"
    )
    keras_source.shared().export("keras.applications.ResNet50")  # the index is read before open is barred
    keras_source.shared().load(os.path.join(keras_source.VENDOR, "resnet.py"))
    keras_source.shared().load(os.path.join(keras_source.VENDOR, "imagenet_utils.py"))
    monkeypatch.setattr(builtins, "open", no_open)
    (total, trainable, _), reasons, known = figures(src)
    assert (total, trainable) == (25_636_712, 25_583_592) and reasons == [] and known
