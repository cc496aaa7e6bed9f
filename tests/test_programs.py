"""Whole programs: every fixture under fixtures/models/ is executed in
TensorFlow and each model it builds must match `kgraphlint summary --format
json` layer by layer — class, output shape, parameter count — and in totals.
"""

import json
from pathlib import Path

import pytest
from cli_runner import CliRunner

from kgraphlint.cli import cli
from tests.harness import run_keras

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = sorted((ROOT / "fixtures" / "models").glob("*.py"))


def static_summary(paths):
    result = CliRunner().invoke(cli, ["summary", "--format", "json", *map(str, paths)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["models"]


@pytest.fixture(scope="module")
def both():
    import kgraphlint.extract.interpreter as interpreter

    # Well-formed programs: an interpreter error must fail the test, not be skipped over.
    strict, interpreter.STRICT = interpreter.STRICT, True
    try:
        static = static_summary(PROGRAMS)
    finally:
        interpreter.STRICT = strict
    by_file: dict = {}
    for model in static:
        by_file.setdefault(str(Path(model["path"]).resolve()), []).append(model)
    jobs = [
        {"path": str(p), "builders": sorted({m["function"] for m in by_file.get(str(p), []) if m.get("function")})}
        for p in PROGRAMS
    ]
    return by_file, run_keras(jobs)


def test_there_are_enough_programs():
    assert len(PROGRAMS) >= 30


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.stem)
def test_program_matches_keras(program, both):
    by_file, dynamic = both
    real = dynamic[str(program)]
    assert real["error"] is None, f"the fixture itself fails in Keras: {real['error']}"
    found = by_file.get(str(program.resolve()), [])
    assert found, "kgraphlint found no model in this program"
    matched = 0
    for model in found:
        if model.get("function"):
            keras_model = real["builders"].get(model["function"])
        else:
            keras_model = real["models"].get(model["name"])
        if keras_model is None:
            continue
        matched += 1
        where = f"{program.name}:{model['line']} {model['name']}"
        assert [l["class"] for l in model["layers"]] == [l["class"] for l in keras_model["layers"]], where
        for ours, theirs in zip(model["layers"], keras_model["layers"]):
            assert ours["output_shape"] == theirs["output_shape"], f"{where} layer {ours['name']}"
            assert ours["params"] == theirs["trainable"] + theirs["non_trainable"], f"{where} layer {ours['name']}"
        assert model["total_params"] == keras_model["total_params"], where
        assert model["trainable_params"] == keras_model["trainable_params"], where
        assert model["non_trainable_params"] == keras_model["non_trainable_params"], where
        if not model.get("function"):
            assert [l["name"] for l in model["layers"]] == [l["name"] for l in keras_model["layers"]], where
    # Every model the program leaves at module level must have been found.
    static_names = {m["name"] for m in found if not m.get("function")}
    missing = set(real["models"]) - static_names - {m["name"] for m in found}
    assert not missing, f"models Keras builds that kgraphlint did not find: {sorted(missing)}"
    assert matched, "no static model could be matched with a model Keras built"
