"""`kgraphlint diff`: a real git repository with two commits that change
models (a wider layer, a new branch, a renamed file, an added and a removed
model), compared as text, markdown and json; git is never handed an option
from the command line; the before/after totals are Keras's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import CliRunner

from kgraphlint import gitfiles
from kgraphlint.cli import cli

CNN_V1 = """\
# 패션 MNIST를 함수형 API로
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, padding='same', activation='relu')(inputs)
x = layers.MaxPooling2D(2)(x)
x = layers.Flatten()(x)
x = layers.Dense(100, activation='relu')(x)
outputs = layers.Dense(10, activation='softmax')(x)
model = keras.Model(inputs, outputs)
"""

# Wider hidden layer, and a second branch joined by Concatenate.
CNN_V2 = """\
# 패션 MNIST를 함수형 API로 (가지 추가)
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, padding='same', activation='relu')(inputs)
x = layers.MaxPooling2D(2)(x)
x = layers.Flatten()(x)
a = layers.Dense(200, activation='relu')(x)
b = layers.Dense(50, activation='relu')(x)
x = layers.Concatenate()([a, b])
outputs = layers.Dense(10, activation='softmax')(x)
model = keras.Model(inputs, outputs)
"""

MLP_V1 = """\
# 간단한 MLP
from tensorflow import keras

model = keras.Sequential()
model.add(keras.layers.Dense(64, activation='relu', input_shape=(784,)))
model.add(keras.layers.Dense(10, activation='softmax'))
"""

MLP_V2 = MLP_V1.replace("model.add(keras.layers.Dense(10", "model.add(keras.layers.Dropout(0.3))\nmodel.add(keras.layers.Dense(10")

# A layer from outside Keras stops inference: counts are not exact on both sides.
CUSTOM_V1 = """\
from tensorflow import keras
from mylib import MyBlock

inputs = keras.Input(shape=(32,))
x = keras.layers.Dense(16)(inputs)
x = MyBlock()(x)
net = keras.Model(inputs, keras.layers.Dense(1)(x))
"""
CUSTOM_V2 = CUSTOM_V1.replace("Dense(16)", "Dense(64)")

AUTOENCODER = """\
from tensorflow import keras
from tensorflow.keras import layers

ae = keras.Sequential([layers.Input((784,)), layers.Dense(32, activation='relu'), layers.Dense(784)])
"""

EXTRA = """\
from tensorflow import keras

clf = keras.Sequential([keras.layers.Input((20,)), keras.layers.Dense(1, activation='sigmoid')])
"""


def git(repo: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false",
               *args]
    return subprocess.run(command, cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    git(root, "init", "-q")
    (root / "models").mkdir()
    (root / "models" / "cnn.py").write_text(CNN_V1, encoding="utf-8")
    (root / "mlp.py").write_text(MLP_V1, encoding="utf-8")
    (root / "custom.py").write_text(CUSTOM_V1, encoding="utf-8")
    (root / "autoencoder.py").write_text(AUTOENCODER, encoding="utf-8")
    (root / "README.md").write_text("not python\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    (root / "models" / "cnn.py").write_text(CNN_V2, encoding="utf-8")
    (root / "nets").mkdir()
    git(root, "mv", "mlp.py", "nets/mlp.py")
    (root / "nets" / "mlp.py").write_text(MLP_V2, encoding="utf-8")
    (root / "custom.py").write_text(CUSTOM_V2, encoding="utf-8")
    git(root, "rm", "-q", "autoencoder.py")
    (root / "extra.py").write_text(EXTRA, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "second")
    return root


def run(repo: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        return CliRunner().invoke(cli, ["diff", *args])
    finally:
        os.chdir(cwd)


def by_path(data: dict) -> dict:
    return {m["path"]: m for m in data["models"]}


def test_json_against_the_previous_commit(repo):
    result = run(repo, "HEAD~1", "--format", "json")
    assert result.exit_code == 0, result.output
    models = by_path(json.loads(result.stdout))
    assert {p: m["status"] for p, m in models.items()} == {
        "models/cnn.py": "changed", "nets/mlp.py": "changed", "custom.py": "changed", "autoencoder.py": "removed",
        "extra.py": "added"}
    cnn = models["models/cnn.py"]
    assert cnn["params"]["total"] == {
        "before": 628630, "after": 1571080, "delta": 942450, "relative": pytest.approx(942450 / 628630),
        "exact": True, "reason": None}
    layers = [(lay["status"], (lay["before"] or {}).get("name"), (lay["after"] or {}).get("name"))
              for lay in cnn["layers"]]
    assert layers == [("changed", "dense", "dense"), ("added", None, "dense_1"),
                      ("added", None, "concatenate"), ("changed", "dense_1", "dense_2")]
    assert {"field": "units", "before": "100", "after": "200"} in cnn["layers"][0]["changes"]
    assert cnn["outputs"] == {"before": ["(None, 10)"], "after": ["(None, 10)"]}


def test_renamed_file_keeps_its_model(repo):
    models = json.loads(run(repo, "HEAD~1", "--format", "json").stdout)["models"]
    (mlp,) = [m for m in models if m["old_path"] == "mlp.py"]
    assert mlp["path"] == "nets/mlp.py" and mlp["status"] == "changed" and mlp["moved"]
    assert mlp["params"]["total"]["delta"] == 0 and mlp["params"]["total"]["after"] == 50890
    assert [(lay["status"], lay["after"]["class"]) for lay in mlp["layers"]] == [("added", "Dropout")]


def test_not_exact_counts_never_show_as_zero(repo):
    models = by_path(json.loads(run(repo, "HEAD~1", "--format", "json").stdout))
    total = models["custom.py"]["params"]["total"]
    assert total["before"] == "?" and total["after"] == "?" and total["delta"] is None
    assert not total["exact"] and "MyBlock" in total["reason"]
    text = run(repo, "HEAD~1").stdout
    assert "Total params: ? (≥ 528) → ? (≥ 2,112): ? (not exact)" in text
    assert "note: before: line 6: mylib.MyBlock is not in the catalogue" in text


def test_text_and_markdown(repo):
    text = run(repo, "HEAD~1")
    assert text.exit_code == 0
    assert "5 models: 3 changed, 1 added, 1 removed" in text.stdout
    assert "Total params: 628,630 → 1,571,080: +942,450 (+149.92%)" in text.stdout
    assert "│ changed │ dense (Dense)" in text.stdout and "units=100 → 200" in text.stdout
    md = run(repo, "HEAD~1", "--format", "markdown").stdout
    assert md.startswith("### kgraphlint diff HEAD~1 (")
    assert "| | Model | File | Total params | Change | Trainable | Non-trainable |" in md
    assert "| 🔺 changed | <code>model</code> (functional) | <code>models/cnn.py</code> | 628,630 → 1,571,080 |" in md
    assert md.count("<details>") == md.count("</details>") == 5


def test_paths_limit_the_comparison(repo):
    data = json.loads(run(repo, "HEAD~1", "nets", "--format", "json").stdout)
    assert [m["path"] for m in data["models"]] == ["nets/mlp.py"]
    # A path given alone means BASE is HEAD: nothing changed since.
    assert json.loads(run(repo, "nets", "--format", "json").stdout)["models"] == []


def test_fail_on_growth(repo):
    grown = run(repo, "HEAD~1", "--fail-on-growth", "100", "--format", "json")
    assert grown.exit_code == 1 and "grew by 149.92%" in grown.stderr
    assert run(repo, "HEAD~1", "--fail-on-growth", "150").exit_code == 0
    # `net` cannot be judged: said, not counted as growth and not as none.
    assert "growth of `net` (custom.py) is not exact" in grown.stderr


@pytest.mark.parametrize("revision", ["--output=pwned.txt", "--help", "-h", "--exec=touch pwned.txt",
                                      "HEAD;touch pwned.txt", "$(touch pwned.txt)"])
def test_a_revision_is_never_an_option(repo, revision):
    result = run(repo, "--", revision)
    assert result.exit_code == 2, result.output
    assert f"unknown revision {revision!r}" in result.stderr
    assert not (repo / "pwned.txt").exists()
    with pytest.raises(gitfiles.GitError):
        gitfiles.resolve(revision, str(repo))


def test_outside_a_repository(tmp_path):
    result = run(tmp_path, "HEAD")
    assert result.exit_code == 2 and "kgraphlint: error:" in result.stderr


def test_two_files(tmp_path):
    old, new = tmp_path / "old.py", tmp_path / "new.py"
    old.write_text(MLP_V1, encoding="utf-8")
    new.write_text(MLP_V1.replace("Dense(64", "Dense(128"), encoding="utf-8")
    result = run(tmp_path, "--files", "old.py", "new.py", "--format", "json")
    assert result.exit_code == 0, result.output
    (m,) = json.loads(result.stdout)["models"]
    assert m["status"] == "changed" and m["params"]["total"]["before"] == 50890
    assert m["params"]["total"]["after"] == 101770
    assert run(tmp_path, "--files", "old.py").exit_code == 2


def test_a_file_that_does_not_parse_is_said(tmp_path):
    old, new = tmp_path / "old.py", tmp_path / "new.py"
    old.write_text(MLP_V1, encoding="utf-8")
    new.write_text(MLP_V1 + "model.add(keras.layers.Dense(\n", encoding="utf-8")
    result = run(tmp_path, "--files", "old.py", "new.py")
    assert "new.py" in result.stderr and "not compared" in result.stderr
    assert "not compared: new.py:7: syntax error" in result.stdout
    assert "removed" not in result.stdout  # the old model did not vanish: it was not compared


def test_keras_agrees_with_the_totals(repo, tmp_path):
    """The before/after totals are what Keras counts for the same two versions."""
    pytest.importorskip("tensorflow")
    data = by_path(json.loads(run(repo, "HEAD~1", "--format", "json").stdout))

    def total(path, side):
        return data[path]["params"]["total"][side]

    versions = {"cnn_v1.py": ("model", git(repo, "show", "HEAD~1:models/cnn.py"), total("models/cnn.py", "before")),
                "cnn_v2.py": ("model", CNN_V2, total("models/cnn.py", "after")),
                "mlp_v2.py": ("model", MLP_V2, total("nets/mlp.py", "after")),
                "ae.py": ("ae", AUTOENCODER, total("autoencoder.py", "before")),
                "extra.py": ("clf", EXTRA, total("extra.py", "after"))}
    jobs = []
    for name, (variable, source, expected) in versions.items():
        (tmp_path / name).write_text(source, encoding="utf-8")
        jobs.append({"path": str(tmp_path / name), "checks": [f"{variable}.count_params() == {expected}"]})
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    confirm = Path(__file__).parent / "check" / "tf_confirm.py"
    proc = subprocess.run([sys.executable, str(confirm)], input=json.dumps(jobs), capture_output=True, text=True,
                          timeout=600, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout)
    assert all(r == {"error": None, "checks": [True]} for r in results.values()), results



def snapshots(source: str, path: str = "m.py") -> list:
    from kgraphlint.engine import analyze
    from kgraphlint.modeldiff import snapshot

    return [snapshot(m, path) for m in analyze(source, path).models]


def test_a_model_renamed_in_code_is_found_by_its_keras_name():
    from kgraphlint.modeldiff import compare

    old = snapshots(MLP_V1.replace("keras.Sequential()", "keras.Sequential(name='mnist_mlp')"))
    new = snapshots(MLP_V1.replace("keras.Sequential()", "keras.Sequential(name='mnist_mlp')")
                    .replace("model", "clf"))
    (change,) = compare(old, new)
    assert change.status == "unchanged" and change.old.variable == "model" and change.new.variable == "clf"
    # Keras's own numbering (`sequential`) identifies nothing: no pairing on it.
    auto = compare(snapshots(MLP_V1), snapshots(MLP_V1.replace("model", "clf")))
    assert sorted(c.status for c in auto) == ["added", "removed"]


def test_symbolic_counts_change_symbolically():
    from kgraphlint.modeldiff import compare
    from kgraphlint.report.modeldiff import as_json

    builder = """\
from tensorflow import keras

def build(units):
    inputs = keras.Input(shape=(784,))
    return keras.Model(inputs, keras.layers.Dense(units)(inputs))
"""
    (change,) = compare(snapshots(builder), snapshots(builder.replace("(784,)", "(1024,)")))
    total = change.count("total")
    assert str(total.before.value) == "785*units" and str(total.after.value) == "1025*units"
    assert str(total.delta) == "240*units" and total.relative is None
    assert total.why_not_exact == "the count is symbolic"
    params = json.loads(as_json([change], "t"))["models"][0]["params"]["total"]
    assert params == {"before": "785*units", "after": "1025*units", "delta": "240*units", "relative": None,
                      "exact": False, "reason": "the count is symbolic"}


def test_markdown_escapes_names_from_the_code():
    from kgraphlint.modeldiff import compare
    from kgraphlint.report.modeldiff import markdown

    source = MLP_V1.replace("Dense(10, activation='softmax')", "Dense(10, activation='softmax', name='out<b>|x')")
    result = markdown(compare(snapshots(MLP_V1), snapshots(source)), "t")
    assert "out&lt;b&gt;&#124;x" in result and "<b>" not in result


def test_a_guessed_path_is_not_exact_in_the_diff(tmp_path):
    """An `if` whose condition is not known: the totals are `?` (never the
    guessed path's number, never 0) and the rows end in `?`."""
    from test_server_hover import (
        UNDECIDED as program,  # Dense(n) on a branch nobody can decide
    )

    (tmp_path / "old.py").write_text(program, encoding="utf-8")
    (tmp_path / "new.py").write_text(program.replace("Dense(1)", "Dense(2)"), encoding="utf-8")
    assert program.count("Dense(1)") == 1
    (m,) = json.loads(run(tmp_path, "--files", "old.py", "new.py", "--format", "json").stdout)["models"]
    total = m["params"]["total"]
    assert total["before"] == total["after"] == "?" and total["delta"] is None and not total["exact"]
    assert "the condition `len(sys.argv) > 1` is not known statically" in total["reason"]
    (dense,) = [lay for lay in m["layers"] if lay["status"] == "changed"]
    assert dense["before"]["params"] == "n + 1?" and dense["after"]["params"] == "2*n + 2?"
    assert m["outputs"] == {"before": ["(None, 1)?"], "after": ["(None, 2)?"]}


def test_uncommitted_and_untracked_files_against_head(tmp_path):
    """No BASE: the working tree against HEAD, untracked files included,
    whatever the file names hold (spaces, Korean, a leading dash)."""
    git(tmp_path, "init", "-q")
    (tmp_path / "모델 v1.py").write_text(MLP_V1, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "one")
    (tmp_path / "모델 v1.py").write_text(MLP_V1.replace("Dense(64", "Dense(32"), encoding="utf-8")
    (tmp_path / "-new model.py").write_text(EXTRA, encoding="utf-8")  # untracked, starts with a dash
    (tmp_path / ".gitignore").write_text("ignored.py\n")
    (tmp_path / "ignored.py").write_text(EXTRA, encoding="utf-8")
    result = run(tmp_path, "--format", "json")
    assert result.exit_code == 0, result.output
    models = by_path(json.loads(result.stdout))
    assert {p: m["status"] for p, m in models.items()} == {"모델 v1.py": "changed", "-new model.py": "added"}
    assert models["모델 v1.py"]["params"]["total"]["after"] == 25450


def test_the_readme_workflow_invocation(repo):
    """What the README's GitHub Actions workflow runs: a base commit id after
    `--`, markdown written to a file."""
    sha = git(repo, "rev-parse", "HEAD~1").strip()
    result = run(repo, "--format", "markdown", "--output-file", "model-diff.md", "--", sha)
    assert result.exit_code == 0 and result.stdout == ""
    written = (repo / "model-diff.md").read_text(encoding="utf-8")
    (repo / "model-diff.md").unlink()
    assert written.startswith(f"### kgraphlint diff {sha} ({sha[:10]})") and "<details>" in written
    assert run(repo, "--fail-on-growth", "20", "--", sha).exit_code == 1


def test_an_unknown_model_moved_down_is_unchanged():
    """Its reasons name other lines now; its numbers are the same."""
    from kgraphlint.modeldiff import compare

    (change,) = compare(snapshots(CUSTOM_V1), snapshots("# 주석 한 줄\n" + CUSTOM_V1))
    assert change.status == "unchanged"
    assert change.old.total.reason != change.new.total.reason  # line 6 -> line 7
