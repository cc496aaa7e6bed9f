"""Whole projects: builders that import their blocks, layers and settings from
other modules of the project (relative and absolute imports, a src/ layout, an
import cycle). Each entry module is run as Python runs it, in TensorFlow, and
its models must match the static summary layer by layer; a module that is not
in the project makes what depends on it not exact, never wrong."""

import json
from pathlib import Path

import pytest
from cli_runner import CliRunner

from kgraphlint.cli import cli
from tests.harness import run_keras

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "projects"
# entry file, the module Python runs, its sys.path roots, top-level packages
PROJECTS = {
    "resnet_app": ("app/model.py", "app.model", [".", "src"], ["app", "mylib"]),
    "cycle": ("pkg/model.py", "pkg.model", ["."], ["pkg"]),
}


def summary(path: Path) -> list:
    result = CliRunner().invoke(cli, ["summary", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["models"]


@pytest.fixture(scope="module")
def keras_side():
    jobs = [{"path": str(ROOT / name / entry), "module": module, "packages": packages,
             "sys_path": [str((ROOT / name / r).resolve()) for r in roots]}
            for name, (entry, module, roots, packages) in PROJECTS.items()]
    return run_keras(jobs)


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_project_matches_keras(name, keras_side):
    entry = ROOT / name / PROJECTS[name][0]
    real = keras_side[str(entry)]
    assert real["error"] is None, real["error"]
    static = summary(entry)
    assert {m["name"] for m in static} == set(real["models"])
    for model in static:
        theirs = real["models"][model["name"]]
        assert model["exact"] is True, model["unknown_reasons"]
        assert [(l["name"], l["class"], l["output_shape"], l["params"]) for l in model["layers"]] == [
            (l["name"], l["class"], l["output_shape"], l["trainable"] + l["non_trainable"]) for l in theirs["layers"]]
        for key in ("total_params", "trainable_params", "non_trainable_params"):
            assert model[key] == theirs[key], (model["name"], key)


def test_a_module_missing_from_the_project_is_not_exact():
    (model,) = summary(ROOT / "missing" / "model.py")
    assert model["exact"] is False and model["total_params"] == "?"
    assert model["unknown_reasons"][0]["line"] == 8
    assert model["layers"][-1]["params"] == "?"


def test_each_module_is_read_once_per_run(monkeypatch):
    from kgraphlint import project
    from kgraphlint.engine import analyze

    modules = project.ProjectModules()
    entry = ROOT / "resnet_app" / "app" / "model.py"
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda p, *a, **k: (opened.append(str(p)), real_open(p, *a, **k))[1])
    for _ in range(2):
        analyze(entry.read_text(), str(entry), modules=modules)
    assert sorted(opened) == sorted(set(opened))  # every module file opened once for both analyses
    assert any(p.endswith("blocks.py") for p in opened) and any(p.endswith("settings.py") for p in opened)


def test_without_a_resolver_imports_stay_unknown():
    from kgraphlint.engine import analyze

    entry = ROOT / "resnet_app" / "app" / "model.py"
    (model,) = analyze(entry.read_text(), str(entry)).models
    assert model.unknown_reasons()


def test_a_finding_inside_a_helper_names_both_places(tmp_path):
    """Keras raises inside the helper, at the Add; the finding sits on the call
    in model.py that brought those shapes, and names the helper's line."""
    from kgraphlint.project import ProjectModules
    from kgraphlint.rules import lint_source

    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "blocks.py").write_text(
        "from tensorflow.keras import layers\n\n\ndef merge(a, b):\n    return layers.Add()([a, b])\n")
    source = ("from tensorflow import keras\nfrom tensorflow.keras import layers\nfrom blocks import merge\n\n"
              "inputs = keras.Input(shape=(56, 56, 32))\nx = layers.MaxPooling2D()(inputs)\n"
              "model = keras.Model(inputs, merge(inputs, x))\n")
    (found,) = lint_source(source, str(tmp_path / "model.py"), modules=ProjectModules())
    assert found.code == "KG202" and found.line == 7
    assert "(None, 28, 28, 32)" in found.message and "(at blocks.py:5, which this call runs)" in found.message
    assert found.fix is None


def test_a_module_that_only_defines_runs_once_per_run(monkeypatch):
    """Its top level is run for the first importer and reused by the next;
    the numbers are the same either way."""
    from kgraphlint import project
    from kgraphlint.engine import analyze
    from kgraphlint.extract import interpreter

    runs = []
    real = interpreter.shareable
    monkeypatch.setattr(interpreter, "shareable", lambda module, *a: (runs.append(module.path), real(module, *a))[1])
    entry = ROOT / "resnet_app" / "app" / "model.py"

    def numbers(modules):
        return [(m.name, m.totals(), [(n.name, n.output_shapes) for n in m.nodes()])
                for m in analyze(entry.read_text(), str(entry), modules=modules).models]

    alone = numbers(project.ProjectModules())
    runs.clear()
    modules = project.ProjectModules()
    first, second = numbers(modules), numbers(modules)
    assert first == second == alone
    assert any(p.endswith("blocks.py") for p in runs)
    assert sorted(runs) == sorted(set(runs))  # no module's top level ran twice
    assert any(p.endswith("blocks.py") for p in modules.interpreted)


def test_a_module_that_makes_layers_at_import_runs_for_each_importer(tmp_path):
    """A layer made at import belongs to the program that imports it: two
    files importing it each get their own, with Keras's numbers."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "shared.py").write_text("import keras\n\nhead = keras.layers.Dense(3)\nWIDTHS = [8]\n")
    program = ("import keras\nfrom shared import head, WIDTHS\n\ninputs = keras.Input((4,))\n"
               "x = keras.layers.Dense(WIDTHS[0])(inputs)\nmodel = keras.Model(inputs, head(x), name='{}')\n")
    for name in ("a", "b"):
        (tmp_path / f"{name}.py").write_text(program.format(name))
    models = summary_many([tmp_path / "a.py", tmp_path / "b.py"])
    assert [(m["keras_name"], m["exact"], m["total_params"]) for m in models] == [("a", True, 40 + 27), ("b", True, 67)]
    real = run_keras([{"path": str(tmp_path / f"{name}.py"), "module": name, "packages": ["shared", name],
                       "sys_path": [str(tmp_path)]} for name in ("a", "b")])
    for model in models:
        theirs = real[model["path"]]["models"][model["name"]]
        assert [(l["name"], l["output_shape"], l["params"]) for l in model["layers"]] == [
            (l["name"], l["output_shape"], l["trainable"] + l["non_trainable"]) for l in theirs["layers"]]


def summary_many(paths: list) -> list:
    result = CliRunner().invoke(cli, ["summary", "--format", "json", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["models"]
