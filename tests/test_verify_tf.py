"""`kgraphlint verify` against real TensorFlow. Every TF start costs seconds,
so each test here is one batched subprocess over many models."""

from __future__ import annotations

import json

import pytest
from cli_runner import CliRunner

pytest.importorskip("tensorflow")

from kgraphlint.cli import cli
from kgraphlint.engine import analyze
from kgraphlint.verify import exec_source

SEED = '''\
import tensorflow as tf
from tensorflow.keras.models import Sequential, Model
from tensorflow.keras.layers import (Dense, Input, concatenate, Conv2D, MaxPooling2D, Flatten, Dropout,
                                     BatchNormalization, Embedding, LSTM, Bidirectional, Add)

model = Sequential()
model.add(Dense(8, activation='relu', input_shape=(4,)))
model.add(Dense(16, activation='relu'))
model.add(Dense(10, activation='softmax'))

input_1 = Input(shape=(4,))
hidden_1 = Dense(8, activation='relu')(input_1)
output_1 = Model(inputs=input_1, outputs=hidden_1)
input_2 = Input(shape=(8,))
hidden_2 = Dense(12, activation='relu')(input_2)
output_2 = Model(inputs=input_2, outputs=hidden_2)
result = concatenate([output_1.output, output_2.output])
both = Model(inputs=[output_1.input, output_2.input], outputs=[Dense(10)(result), Dense(1)(result)])

def build_cnn(filters=32, classes=10):
    return Sequential([
        Input(shape=(28, 28, 1)),
        Conv2D(filters, 3, activation="relu"),
        MaxPooling2D(),
        BatchNormalization(),
        Conv2D(filters * 2, (3, 3), padding="same", strides=2),
        Flatten(),
        Dropout(0.5),
        Dense(classes),
    ])

def build_rnn(vocab=1000):
    inp = Input(shape=(20,))
    x = Embedding(vocab, 16)(inp)
    x = Bidirectional(LSTM(32, return_sequences=True))(x)
    x = LSTM(8)(x)
    return Model(inp, Dense(1)(x))

shared = Dense(4)
a, b = Input(shape=(4,)), Input(shape=(4,))
siamese = Model([a, b], Add()([shared(a), shared(b)]))

encoder = Sequential([Input(shape=(8,)), Dense(4)], name="enc")
outer_in = Input(shape=(8,))
nested = Model(outer_in, Dense(2)(encoder(outer_in)))

rejected_in = Input(shape=(4,))
rejected = Model(rejected_in, Dense(0)(rejected_in))
'''

EVIL = '''\
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(4,), name="x'); __import__('os').system('touch ' + __import__('os').environ['KG_PWNED']); ('")
x = layers.Dense(8, name="y\\"); __import__('os').system('touch ' + __import__('os').environ['KG_PWNED']); (\\"")(inputs)
x = layers.Dense(units=open('/etc/passwd'))(x)
model = keras.Model(inputs, x)

inputs2 = keras.Input(shape=(4,))
y = layers.Dense(8, name="z'); __import__('os').system('touch ' + __import__('os').environ['KG_PWNED']); ('",
                 activation=__import__('os').system('touch ' + __import__('os').environ['KG_PWNED']))(inputs2)
safe = keras.Model(inputs2, y)
'''


def test_verify_cli_agrees_with_tensorflow_and_runs_no_user_code(tmp_path, monkeypatch):
    pwned = tmp_path / "PWNED"
    (tmp_path / "seed.py").write_text(SEED)
    (tmp_path / "evil.py").write_text(EVIL)
    monkeypatch.setenv("KG_PWNED", str(pwned))  # keeps `/` out of the names (Keras rejects it)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["verify", ".", "--format", "json"])
    assert not pwned.exists()
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    status = {(r["path"].split("/")[-1], r["name"]): r for r in doc["models"]}
    agree = [("seed.py", n) for n in ("model", "output_1", "output_2", "both", "build_cnn", "build_rnn",
                                      "siamese", "encoder", "nested", "rejected")] + [("evil.py", "safe")]
    for key in agree:
        assert status[key]["status"] == "agree", status[key]
    assert status[("seed.py", "both")]["rebuilt"]["checked"] == 7
    assert "Keras rejects" in status[("seed.py", "rejected")]["rebuilt"]["notes"][0]
    evil = status[("evil.py", "model")]
    assert evil["status"] == "not verifiable"
    assert evil["rebuilt"]["reason"] == "`units` of dense (Dense) (`open('/etc/passwd')`) is not a literal value"


BLIND = '''\
import json
from tensorflow import keras
from tensorflow.keras import layers

config = json.loads('{"units": [16, 8]}')  # only known when the code runs
model = keras.Sequential([keras.Input(shape=(4,))])
for units in config["units"]:
    model.add(layers.Dense(units))

ok = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])

def build(width=6):
    inp = keras.Input(shape=(3,))
    return keras.Model(inp, layers.Dense(width)(inp))

if __name__ == "__main__":
    raise SystemExit("the module runs under another name")
'''


def test_exec_source_catches_what_extraction_missed(tmp_path):
    path = tmp_path / "blind.py"
    path.write_text(BLIND)
    extraction = analyze(BLIND, str(path))
    (payload,) = exec_source.run_files([(str(path), extraction.models)], timeout=120)
    compared, missed = exec_source.compare_file(str(path), [(m, {}) for m in extraction.models], payload)
    results = {r.name: r for r in compared}
    assert missed == []
    assert results["ok"].status == "agree"
    assert results["build"].status == "agree" and results["build"].checked == 2
    blind = results["model"]
    assert blind.status == "disagree"
    assert blind.differences[0].what == "layer classes"
    assert blind.differences[0].keras == "Dense Dense"


BUILDERS = """\
# 같은 함수로 여러 모델 만들기
from tensorflow import keras
from tensorflow.keras import layers


def make_mlp(input_dim, hidden, n_out=1):
    model = keras.Sequential()
    model.add(layers.Input(shape=(input_dim,)))
    for h in hidden:
        model.add(layers.Dense(h, activation='relu'))
    model.add(layers.Dense(n_out))
    return model


def build_default(units=32, n_classes=10):
    inputs = keras.Input(shape=(20,))
    x = layers.Dense(units, activation='relu')(inputs)
    outputs = layers.Dense(n_classes, activation='softmax')(x)
    return keras.Model(inputs, outputs)


small = make_mlp(10, [16])
large = make_mlp(10, [64, 32], n_out=3)
pair = [make_mlp(4, [2]), make_mlp(4, [3], n_out=2)]
"""

# The residual block: the extraction takes the projection branch,
# Keras does not (x.shape[-1] == filters), so only running the code tells.
RESIDUAL = """\
from tensorflow import keras
from tensorflow.keras import layers


def residual_block(x, filters, stride=1):
    shortcut = x
    if stride != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride)(x)
    y = layers.Conv2D(filters, 3, padding='same', strides=stride)(x)
    return layers.Add()([shortcut, y])


inputs = keras.Input(shape=(8, 8, 4))
model = keras.Model(inputs, residual_block(inputs, 4))
"""


def test_exec_source_compares_builders_with_the_modules_calls(tmp_path, monkeypatch):
    (tmp_path / "builders.py").write_text(BUILDERS)
    (tmp_path / "residual.py").write_text(RESIDUAL)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["verify", "--exec-source", "--format", "json", "."])
    doc = json.loads(result.stdout)
    found = [(m["path"].split("/")[-1], m["name"], m["status"], m.get("rebuilt", {}).get("status"),
              m.get("exec_source", {}).get("status")) for m in doc["models"]]
    agree = [("builders.py", name, "agree", "agree", "agree")
             for name in ("small", "large", "pair", "pair", "build_default")]
    assert found == agree + [("residual.py", "model", "disagree", "agree", "disagree")], found
    assert doc["summary"] == "6 models: 1 disagree, 5 agree" and result.exit_code == 1
    totals = {m["name"]: m["exec_source"]["checked"] for m in doc["models"]}
    assert totals["large"] == 3  # Dense(64), Dense(32), Dense(3): the module's arguments, not defaults
    assert "defaults" not in result.stdout
