"""Every command treats paths, notebooks and missing models the same way
(kgraphlint/commands/inputs.py): nothing passes silently."""

import json

import pytest
from cli_runner import CliRunner

from kgraphlint.cli import cli

MODEL = """\
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2)])
"""
FUNCTIONAL = """\
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(4,))
classifier = keras.Model(inputs, layers.Dense(2)(inputs), name="head")
"""
NOTEBOOK = json.dumps({"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                                  "source": ["from tensorflow import keras\n", "m = keras.Sequential()\n"]}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
COMMANDS = {  # each command's arguments before the paths
    "check": ["check", "--no-cache"],
    "summary": ["summary"],
    "graph": ["graph"],
    "rewrite": ["rewrite", "--to", "functional"],
    "verify": ["verify"],
}


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_path_is_an_error_naming_it(command, tmp_path):
    (tmp_path / "model.py").write_text(MODEL)
    missing = tmp_path / "nope.py"
    result = invoke(*COMMANDS[command], tmp_path / "model.py", missing)
    assert result.exit_code == 2, result.output
    assert f"kgraphlint: error: {missing}: no such file or directory" in result.stderr
    assert "All checks passed" not in result.output


def test_a_notebook_is_skipped_with_the_reason_not_parsed(tmp_path):
    (tmp_path / "nb.ipynb").write_text(NOTEBOOK)
    result = invoke("check", "--no-cache", tmp_path / "nb.ipynb")
    assert result.exit_code == 0, result.output
    assert "KG301" not in result.output and "null" not in result.output
    assert f"skipped {tmp_path / 'nb.ipynb'}: a Jupyter notebook" in result.stderr
    assert result.stdout == "All checks passed! (1 file skipped)\n"
    result = invoke("summary", tmp_path / "nb.ipynb")
    assert "a Jupyter notebook" in result.stderr and result.exit_code == 2  # nothing else to summarise


def test_summary_and_graph_walk_directories_as_check_does(tmp_path):
    (tmp_path / "a.py").write_text(MODEL)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.py").write_text(FUNCTIONAL)
    (tmp_path / "ignored").mkdir()
    (tmp_path / "ignored" / "c.py").write_text(MODEL)
    (tmp_path / "pyproject.toml").write_text('[tool.kgraphlint]\nextend-exclude = ["ignored/"]\n')
    result = invoke("summary", "--format", "json", tmp_path)
    assert result.exit_code == 0, result.output
    models = json.loads(result.stdout)["models"]
    assert [(m["name"], m["keras_name"], m["kind"]) for m in models] == [
        ("model", "sequential", "sequential"), ("classifier", "head", "functional")]
    result = invoke("graph", tmp_path)
    assert result.exit_code == 0 and result.stdout.count("subgraph c") == 2


@pytest.mark.parametrize("command", ["summary", "graph", "rewrite"])
def test_no_model_and_no_model_named_x_exit_2_everywhere(command, tmp_path):
    (tmp_path / "plain.py").write_text("x = 1\n")
    result = invoke(*COMMANDS[command], tmp_path / "plain.py")
    assert result.exit_code == 2 and "no Keras model found in" in result.stderr, result.output
    (tmp_path / "model.py").write_text(MODEL)
    result = invoke(*COMMANDS[command], "--model", "nope", tmp_path / "model.py")
    assert result.exit_code == 2 and "no model named 'nope'" in result.stderr, result.output


def test_summary_model_option_and_keras_name(tmp_path):
    (tmp_path / "two.py").write_text(MODEL + FUNCTIONAL.split("\n\n", 1)[1])
    for name in ("classifier", "head"):  # the variable or Keras's name
        result = invoke("summary", "--model", name, tmp_path / "two.py")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f'Model: "head"  (classifier, functional, {tmp_path / "two.py"}:6)')
        assert "sequential" not in result.stdout


def test_summary_help_explains_the_header():
    result = invoke("summary", "--help")
    assert 'Model: "sequential"  (model, sequential, net.py:12, in build())' in result.stdout
    assert "the variable (or function, class) the model is bound to" in result.stdout


@pytest.mark.parametrize(("source", "to"), [(MODEL, "sequential"), (FUNCTIONAL, "functional")])
def test_rewrite_says_when_there_is_nothing_to_do(source, to, tmp_path):
    (tmp_path / "m.py").write_text(source)
    result = invoke("rewrite", "--to", to, tmp_path / "m.py")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"nothing to do: already {to}" in result.stderr


INFO_ONLY = """\
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

model = Sequential([Dense(8, activation="relu", input_shape=(4,)), Dense(1)])
"""
WARNING_ONLY = """\
from keras import Input, Model, layers

inputs = Input(shape=(28, 28))
model = Model(inputs, layers.Dense(10, activation="softmax")(inputs))
"""


def test_info_is_off_by_default_and_fails_only_when_asked(tmp_path):
    (tmp_path / "m.py").write_text(INFO_ONLY)
    result = invoke("check", "--no-cache", tmp_path / "m.py")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")
    result = invoke("check", "--no-cache", "--select", "KG105", tmp_path / "m.py")
    assert result.exit_code == 0 and "KG105" in result.stdout
    result = invoke("check", "--no-cache", "--select", "KG105", "--fail-level", "info", tmp_path / "m.py")
    assert result.exit_code == 1 and "KG105" in result.stdout


def test_fail_level_error_lets_warnings_pass(tmp_path):
    (tmp_path / "m.py").write_text(WARNING_ONLY)
    assert invoke("check", "--no-cache", tmp_path / "m.py").exit_code == 1
    result = invoke("check", "--no-cache", "--fail-level", "error", tmp_path / "m.py")
    assert result.exit_code == 0 and "KG201" in result.stdout
