"""Keras is the oracle for kgraphlint/legacy.py: every old keyword of the
tables is rejected by Keras 3 and its new name accepted with the same value;
every keyword said to have no equivalent is rejected too; every backend
function KG609 reports is gone from keras.backend, and its keras.ops twin is there."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraphlint import legacy

pytestmark = pytest.mark.slow

REQUIRED = {
    "Dense": {"units": 4}, "SimpleRNN": {"units": 4}, "LSTM": {"units": 4}, "GRU": {"units": 4},
    "Embedding": {"input_dim": 10, "output_dim": 4}, "GaussianNoise": {"stddev": 0.1},
    **{c: {"filters": 4, "kernel_size": 3} for c in (
        "ConvLSTM2D", "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "Conv3DTranspose", "SeparableConv2D")},
    **{c: {"pool_size": 2} for c in ("AveragePooling1D", "AveragePooling2D", "AveragePooling3D")},
    **{c: {"rate": 0.5} for c in ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout")},
}
SAMPLE = {
    "units": 4, "filters": 4, "kernel_size": 3, "padding": "same", "strides": 1, "data_format": "channels_last",
    "use_bias": True, "rate": 0.5, "dropout": 0.1, "recurrent_dropout": 0.1, "recurrent_activation": "sigmoid",
    "pool_size": 2, "size": 2, "stddev": 0.1, "dilation_rate": 1, "learning_rate": 0.01,
}


def sample(keyword):
    if keyword in SAMPLE:
        return SAMPLE[keyword]
    if keyword.endswith("initializer"):
        return "zeros"
    return None  # regularizers and constraints


def jobs():
    out = []
    for cls, table in legacy.KEYWORDS.items():
        if cls in ("Model", "InputLayer"):
            continue  # functions of tensors: the legacy corpus builds them in TensorFlow
        for old, new in table.items():
            base = {k: v for k, v in REQUIRED.get(cls, {}).items() if k != new}
            out.append((f"{cls}({old}=) is rejected", "layers", cls, {**base, old: sample(new)}, False))
            out.append((f"{cls}({new}=) is accepted", "layers", cls, {**base, new: sample(new)}, True))
    for keyword, classes in legacy.NO_EQUIVALENT_FOR.items():
        for cls in classes or ("Dense",):
            out.append((f"{cls}({keyword}=) is rejected", "layers", cls, {**REQUIRED.get(cls, {}), keyword: 0}, False))
    for cls in sorted(legacy.OPTIMIZERS):
        for old, new in legacy.OPTIMIZER_KEYWORDS.items():
            out.append((f"{cls}({old}=) is rejected", "optimizers", cls, {old: 0.01}, False))
            out.append((f"{cls}({new}=) is accepted", "optimizers", cls, {new: 0.01}, True))
    for name, twin in legacy.BACKEND_TO_OPS.items():
        out.append((f"keras.backend.{name} is gone", "backend", None, {"attribute": name}, False))
        out.append((f"keras.ops.{twin} exists", "ops", None, {"attribute": twin}, True))
    for name in legacy.BACKEND_REMOVED:
        out.append((f"keras.backend.{name} is gone", "backend", None, {"attribute": name}, False))
    out.append(("keras.backend.set_image_data_format exists", "backend", None, {"attribute": "set_image_data_format"}, True))
    for module, names in legacy.REMOVED_NAMES.items():
        for name in names:
            out.append((f"keras.{module}.{name} is gone", module, None, {"attribute": name}, False))
    return out + frequency_jobs()


TF_KERAS = "_tf_keras.keras"  # what `tf.keras` is under TensorFlow 2.16+ with Keras 3


def frequency_jobs():
    """The tables the frequency count (bench/legacy_frequency.py) added."""
    out = []
    for name in sorted(legacy.KERAS2_BACKEND_GONE):
        out.append((f"keras.backend.{name} is gone", "backend", None, {"attribute": name}, False))
        gone = name in legacy.TF_KERAS_BACKEND_GONE
        out.append((f"tf.keras.backend.{name} is {'gone' if gone else 'kept'}", f"{TF_KERAS}.backend", None,
                    {"attribute": name}, not gone))
    for module, names in legacy.RENAMED_NAMES.items():
        for old, new in names.items():
            out.append((f"keras.{module}.{old} is gone", module, None, {"attribute": old}, False))
            out.append((f"keras.{module}.{new} exists", module, None, {"attribute": new}, True))
    for path in sorted(legacy.TF_KERAS_KEEPS):
        module, _, name = path.rpartition(".")
        out.append((f"tf.keras.{path} is kept", f"{TF_KERAS}.{module}" if module else TF_KERAS, None,
                    {"attribute": name}, True))
    for name in legacy.REMOVED_MODEL_METHODS:
        out.append((f"Sequential.{name} is gone", "Sequential", None, {"attribute": name}, False))
    for name in legacy.REMOVED_LAYER_METHODS:
        out.append((f"Layer.{name} is gone", "layers.Dense", None, {"attribute": name}, False))
    out.append(("LSTM.reset_states is kept", "layers.LSTM", None, {"attribute": "reset_states"}, True))
    for module in dict.fromkeys((*legacy.REMOVED_MODULES, *legacy.ROOT_MODULES_GONE)):
        out.append((f"keras.{module} is gone", None, None, {"import": f"keras.{module}"}, False))
    for cls, table in legacy.IGNORED_KEYWORDS.items():
        for keyword in table:
            module = "optimizers" if cls in legacy.OPTIMIZERS else "layers"
            base = {"input_dim": 10, "output_dim": 4} if cls == "Embedding" else {}
            out.append((f"{cls}({keyword}=) is accepted", module, cls, {**base, keyword: 10}, True))
    return out


@pytest.fixture(scope="module")
def keras_verdicts():
    pytest.importorskip("tensorflow")
    cases = jobs()
    payload = [kw if "import" in kw else {"module": m, **kw} if c is None else {"module": m, "class": c, "kwargs": kw}
               for _, m, c, kw, _ in cases]
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    script = Path(__file__).parent / "harness" / "legacy_tables.py"
    proc = subprocess.run([sys.executable, str(script)], input=json.dumps(payload), capture_output=True,
                          text=True, timeout=600, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return dict(zip((case[0] for case in cases), json.loads(proc.stdout)))


@pytest.mark.parametrize("case", jobs(), ids=lambda c: c[0])
def test_keras3_agrees_with_the_tables(case, keras_verdicts):
    label, _, _, _, accepted = case
    verdict = keras_verdicts[label]
    assert (verdict is None) == accepted, verdict
