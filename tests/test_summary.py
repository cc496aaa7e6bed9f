"""`kgraphlint summary`: Keras-style tables and the JSON schema, statically."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import CliRunner

from kgraphlint.commands.summary import command

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "models"

# Seed-derived totals that must hold exactly (checked against Keras 3.15.1).
EXPECTED_TOTALS = {
    "seq_list_mlp.py": [81840],
    "seq_add_mlp.py": [81840],
    "seq_add_small_stack.py": [1058],
    "func_small_stack.py": [1058],
    "seq_input_first.py": [266610],
    "seq_add_input_then_input_shape.py": [266610],
    "func_flatten_784.py": [266610],
    "seq_cnn_two_blocks.py": [333526],
    "func_cnn_two_blocks.py": [333526],
    "seq_dense_rank3.py": [8],
}


def run_json(*paths):
    result = CliRunner().invoke(command, ["--format", "json", *map(str, paths)])
    return result, (json.loads(result.output) if result.exit_code == 0 else None)


def test_seed_totals():
    for name, totals in EXPECTED_TOTALS.items():
        result, data = run_json(FIXTURES / name)
        assert result.exit_code == 0, result.output
        assert [m["total_params"] for m in data["models"]] == totals, name


def test_json_schema_shape():
    _, data = run_json(FIXTURES / "seq_dense_rank3.py")
    (m,) = data["models"]
    assert set(m) == {"path", "line", "name", "keras_name", "kind", "inputs", "outputs", "total_params",
                      "trainable_params", "non_trainable_params", "exact", "unknown_reasons", "layers"}
    assert m["inputs"] == [[None, 2, 3]] and m["outputs"] == [[None, 2, 2]]
    assert m["exact"] is True and m["unknown_reasons"] == []
    assert m["layers"] == [{"name": "dense", "class": "Dense", "line": 5, "output_shape": [None, 2, 2], "params": 8,
                            "exact": True}]


def test_symbolic_counts_are_strings(tmp_path):
    src = tmp_path / "b.py"
    src.write_text(
        "from tensorflow import keras\n"
        "def build(units):\n"
        "    i = keras.Input((784,))\n"
        "    return keras.Model(i, keras.layers.Dense(units)(i))\n"
    )
    _, data = run_json(src)
    (m,) = data["models"]
    assert m["layers"][1]["params"] == "784*units + units"
    assert m["layers"][1]["output_shape"] == [None, "units"]
    assert m["total_params"] == "785*units"


def test_every_fixture_summarizes():
    paths = sorted(FIXTURES.glob("*.py"))
    assert len(paths) >= 30
    result, data = run_json(*paths)
    assert result.exit_code == 0
    assert {Path(m["path"]).name for m in data["models"]} == {p.name for p in paths}


def test_text_table_like_keras():
    result = CliRunner().invoke(command, [str(FIXTURES / "seq_list_mlp.py")])
    assert result.exit_code == 0
    out = result.output
    assert 'Model: "sequential"' in out
    assert "│ dense (Dense)" in out and "(None, 100)" in out and "78,500" in out
    assert " Total params: 81,840 (319.69 KB)" in out
    assert " Non-trainable params: 0 (0.00 B)" in out


def test_text_functional_has_connected_to():
    result = CliRunner().invoke(command, [str(FIXTURES / "func_shared_layer.py")])
    assert "Connected to" in result.output and "input_layer[0][0]" in result.output


def test_unbuilt_and_stopped(tmp_path):
    src = tmp_path / "u.py"
    src.write_text(
        "from tensorflow import keras\nfrom mylib import Fancy\n"
        "m = keras.Sequential([keras.layers.Dense(3)])\n"
        "i = keras.Input((4,))\n"
        "n = keras.Model(i, keras.layers.Dense(2)(Fancy()(keras.layers.Dense(5)(i))))\n"
    )
    out = CliRunner().invoke(command, [str(src)]).output
    assert "unbuilt" in out
    assert "≥ 25" in out and "line 5: mylib.Fancy is not in the catalogue" in out


def test_syntax_error_exit_codes(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("model = Sequential([\n")
    result = CliRunner().invoke(command, [str(bad)])
    assert result.exit_code == 2 and "bad.py:" in result.output
    result = CliRunner().invoke(command, [str(bad), str(FIXTURES / "seq_list_mlp.py")])
    assert result.exit_code == 0


def test_summary_never_imports_tensorflow(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kgraphlint.cli import main\n"
        "try:\n"
        f"    main(['summary', {str(FIXTURES / 'func_cnn_two_blocks.py')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def test_json_for_unbuilt_and_subclass():
    _, data = run_json(FIXTURES / "seq_unbuilt.py", FIXTURES / "subclass_model.py")
    unbuilt, sub = data["models"]
    assert unbuilt["total_params"] == 0 and {l["params"] for l in unbuilt["layers"]} == {0}
    assert sub["kind"] == "subclass" and sub["name"] == "model"
    assert [l["output_shape"] for l in sub["layers"]] == [[None, 300], [None, 100], [None, 30], [None, 10]]
    assert sub["outputs"] == [[None, 10]] and sub["total_params"] == 268940


def test_output_is_the_same_whatever_the_hash_seed(tmp_path):
    """Reasons gathered in sets must come out in one order: CI diffs and
    caches compare the output of two runs."""
    import subprocess
    import sys

    (tmp_path / "net.py").write_text(
        "from keras import layers, models\n"
        "model = models.Sequential([layers.Input((timesteps, data_dim)),\n"
        "                           layers.LSTM(width * depth), layers.Dense(classes)])\n"
    )
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        run = subprocess.run([sys.executable, "-m", "kgraphlint", "summary", "--format", "json", "net.py"],
                             cwd=tmp_path, capture_output=True, text=True, env={**__import__("os").environ,
                                                                                 "PYTHONHASHSEED": seed})
        assert run.returncode == 0, run.stderr
        reasons = json.loads(run.stdout)["models"][0]["unknown_reasons"]
        assert len(reasons) >= 4
        outputs.add(run.stdout)
    assert len(outputs) == 1
