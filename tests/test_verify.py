"""`kgraphlint verify` without TensorFlow: the generated program, the
subprocess runner (with stand-in programs), the comparison and the CLI."""

from __future__ import annotations

import ast
import json
import textwrap

import pytest
from cli_runner import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from irbuild import IR, multi_input, nested

from kgraphlint import verify
from kgraphlint.cli import cli
from kgraphlint.dims import UNKNOWN, sym
from kgraphlint.verify import codegen, runner
from kgraphlint.verify.concrete import NotVerifiable, concretize
from kgraphlint.verify.literal import NotLiteral, to_source

CODE = "x'); __import__('os').system('touch PWNED'); ('"

# What a generated builder may call: our helpers, keras.Input/Model and
# catalogue classes under `L.`. Nothing else, whatever the user wrote.
ALLOWED_CALLS = {"rec.call", "_pick", "keras.Input", "keras.Model", "_count"}


def _dotted(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


def builder_calls(source: str) -> list:
    tree = ast.parse(source)
    return [_dotted(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)]


def constants(source: str) -> set:
    return {n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant)}


def _is_layer_var(name: str) -> bool:
    return name[0] == "l" and name[1:].isdigit()


def assert_only_allowed_calls(source: str):
    for call in builder_calls(source):
        ok = call in ALLOWED_CALLS or _is_layer_var(call) or call.startswith("L.") and call[2:].isidentifier()
        assert ok, call


def evil_model(name=CODE):
    b = IR("evil")
    x = b.input((4,), name=name)
    x = b.layer("Dense", x, 8, name=name + "2")
    return b.done(b.layer("Dense", x, 2, activation=name))


def test_names_with_code_are_only_string_constants():
    model, _ = concretize(evil_model())
    source = codegen.builder_source(model, 0)
    assert_only_allowed_calls(source)
    assert {CODE, CODE + "2"} <= constants(source)
    compile(codegen.program([source]), "<generated>", "exec")


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_layer_name_round_trips_as_a_constant(name):
    model, _ = concretize(evil_model(name))
    source = codegen.builder_source(model, 0)
    assert_only_allowed_calls(source)
    assert name in constants(source)


def test_literals_only():
    value = (1, 2.5, None, "a'b\"", True, [1], {"k": (2,)}, b"x", -3)
    assert ast.literal_eval(to_source(value)) == value
    assert to_source(float("inf")) == "float('inf')"

    class Sneaky(str):
        def __repr__(self):
            return "__import__('os')"

    for bad in (Sneaky("x"), object(), sym("units"), UNKNOWN, (1, object())):
        with pytest.raises(NotLiteral):
            to_source(bad)


def test_unresolved_argument_is_not_verifiable():
    b = IR("m")
    x = b.input((4,))
    model = b.done(b.layer("Dense", x, UNKNOWN))
    with pytest.raises(NotVerifiable, match="`units` of dense"):
        concretize(model)
    b = IR("m")
    x = b.input((sym("features"),))
    model = b.done(b.layer("Dense", x, sym("units")))
    with pytest.raises(NotVerifiable, match="unresolved symbol"):
        concretize(model)
    concrete, _ = concretize(model, {"features": 3, "units": 5})  # defaults the analysis knows
    assert concrete.nodes()[-1].output_shapes == [(None, 5)]
    assert concrete.nodes()[-1].trainable_params == 20


def test_shape_neutral_arguments_fall_back_to_defaults():
    b = IR("m")
    x = b.input((4,))
    model = b.done(b.layer("Dense", x, 3, activation=UNKNOWN, kernel_initializer=object()))
    concrete, notes = concretize(model)
    source = codegen.builder_source(concrete, 0)
    assert "L.Dense(units=3)" in source
    assert len(notes) == 2


def test_nested_model_is_built_then_called():
    concrete, _ = concretize(nested())
    source = codegen.builder_source(concrete, 0)
    assert_only_allowed_calls(source)
    assert source.count("keras.Model(") == 2


# -- the runner, with stand-in programs (no TensorFlow) ----------------------

def fake_program(bodies: list) -> str:
    """A program speaking the runner's protocol; model i runs bodies[i]."""
    lines = ["import json, os, sys, time", f"P = {codegen.PREFIX!r}", "def body(i):"]
    for i, b in enumerate(bodies):
        lines += [f"    if i == {i}:", textwrap.indent(b, "        ").rstrip()]
    lines += [
        '    return {"ok": True, "shapes": {}, "counts": {}, "totals": [0, 0]}',
        'print(P, "ready", flush=True)',
        "for i in map(int, sys.argv[1:]):",
        '    print(P, "start", i, flush=True)',
        '    print("noise from the user", flush=True)',
        '    print(P, "result", i, json.dumps(body(i)), flush=True)',
    ]
    return "\n".join(lines) + "\n"


def test_hung_and_crashing_models_are_isolated():
    program = fake_program(["time.sleep(60)\n", "os._exit(9)\n", "pass\n"])
    seen = []
    results = runner.run(program, 3, timeout=0.5, progress=lambda done, total: seen.append((done, total)))
    assert results[0] == {"ok": False, "timeout": True}
    assert "crashed" in results[1]
    assert results[2]["ok"] is True
    assert seen == [(3, 3)]  # only real results report progress, in order


def test_missing_keras_is_reported():
    program = f"print({codegen.PREFIX!r}, 'missing', 'tensorflow', flush=True)\n"
    with pytest.raises(runner.TensorFlowMissing):
        runner.run(program, 1, timeout=5)
    with pytest.raises(runner.ToolFailure, match="boom"):
        runner.run("raise SystemExit('boom')\n", 1, timeout=5)


def test_verify_reports_a_timeout_per_model(monkeypatch):
    """A build that hangs is stopped and reported; the next model still runs."""
    good = {"ok": True, "shapes": {"0": [[None, 4]], "1": [[None, 2]]}, "counts": {"0": [0, 0], "1": [10, 0]},
            "totals": [10, 0]}
    monkeypatch.setattr(verify, "program", lambda builders: fake_program(
        ["time.sleep(60)\n", f"return {good!r}\n"]))
    items = []
    for name in ("hangs", "fine"):
        b = IR(name)
        items.append(("m.py", b.done(b.layer("Dense", b.input((4,)), 2)), {}))
    hung, fine = verify.verify(items, timeout=0.5)
    assert (hung.status, hung.reason) == ("not verifiable", "building the model in TensorFlow timed out")
    assert fine.status == "agree" and fine.checked == 2


# -- comparison and output ----------------------------------------------------

def payload_for(model, **changes):
    """What Keras would report if it agreed with the static results."""
    index = codegen.index_of(model)
    shapes = {str(i): [list(s) for s in n.output_shapes] for i, n in enumerate(model.nodes()) if n.error is None}
    counts = {}
    for n in model.nodes():
        counts.setdefault(str(index["keys"][n.layer_key]), [n.trainable_params, n.non_trainable_params])
    _, trainable, non_trainable = model.totals()
    payload = {"ok": True, "shapes": shapes, "counts": counts, "totals": [trainable, non_trainable]}
    payload.update(changes)
    return payload


def run_cli(monkeypatch, models, payloads, args=()):
    """`kgraphlint verify` on stand-in analyses and stand-in Keras results."""
    monkeypatch.setattr(verify, "tensorflow_available", lambda: True)
    monkeypatch.setattr(verify, "run", lambda source, count, timeout, progress=None: dict(enumerate(payloads)))
    from kgraphlint.commands import verify as command

    class Extraction:
        pass

    ex = Extraction()
    ex.models = models
    monkeypatch.setattr(command, "analyse", lambda paths: ([("m.py", ex)], []))
    return CliRunner().invoke(cli, ["verify", ".", *args])


def test_disagreement_is_shown_side_by_side(monkeypatch):
    model = multi_input()
    wrong = payload_for(model)
    wrong["shapes"]["5"] = [[None, 21]]
    wrong["counts"]["6"] = [337, 0]
    wrong["totals"] = [642, 0]
    result = run_cli(monkeypatch, [model, multi_input()], [wrong, payload_for(multi_input())])
    assert result.exit_code == 1, result.output
    lines = result.output.split("\nm.py:8 ", 1)[1].splitlines()
    assert lines[0] == "model: disagree"
    assert lines[1].split() == ["layer", "class", "what", "static", "keras"]
    assert lines[2].split() == ["merge", "Concatenate", "output", "shape", "(None,", "20)", "(None,", "21)"]
    assert lines[3].split() == ["hidden", "Dense", "trainable", "params", "336", "337"]
    assert lines[4].split()[:2] == ["(totals)", "params"]
    assert lines[5] == "m.py:8 model: agree (rebuilt 9 layers)"
    assert lines[-1] == "2 models: 1 disagree, 1 agree"
    columns = [lines[1].index(word) for word in ("class", "what", "static", "keras")]
    for row in lines[2:4]:  # aligned: every cell starts under its heading
        assert all(row[c - 2 : c] == "  " and row[c] != " " for c in columns), row


def test_plain_verify_says_what_it_proves(monkeypatch):
    result = run_cli(monkeypatch, [multi_input()], [payload_for(multi_input())])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "rebuilt in TensorFlow from its literal values" in text
    assert "builds there with the shapes and parameter counts kgraphlint prints" in text
    assert "--exec-source checks the extraction itself" in text
    assert all(len(line) <= 100 for line in result.output.splitlines())


def test_the_difference_table_fits_in_100_columns(monkeypatch):
    """Keras's error messages and long layer names are wrapped in their
    column, so the table stays aligned and at most 100 columns wide."""
    from kgraphlint.verify.compare import ModelResult
    from kgraphlint.verify.report import table, text, verdicts

    long = "ValueError: " + "Input 0 of layer dense_1 is incompatible with the layer: " * 3
    rows = [("layer", "class", "what", "static", "keras"),
            ("a_really_long_layer_name_" * 3, "Conv2DTranspose", "build", "builds", long),
            ("dense", "Dense", "output shape", "(None, 10)", "(None, 12)")]
    lines = table(rows, indent=4)
    assert max(len(line) for line in lines) <= 100
    assert "".join(lines).count("ValueError") == 1 and len(lines) > len(rows)
    starts = [lines[0].index(word) for word in ("class", "what", "static", "keras")]
    dense = next(line for line in lines if line.lstrip().startswith("dense "))
    assert [dense.index(cell) for cell in ("Dense", "output", "(None, 10)", "(None, 12)")] == starts
    model = multi_input()
    wrong = payload_for(model, ok=False, at=5, error=long)
    result = run_cli(monkeypatch, [model], [wrong])
    assert result.exit_code == 1 and max(map(len, result.output.splitlines())) <= 100
    failed = ModelResult("m.py", 3, "model", "not verifiable", f"running the module failed: {long}")
    assert max(map(len, text(verdicts([failed]), [], exec_source=True).splitlines())) <= 100


def test_json_output_and_keras_rejections(monkeypatch):
    b = IR("bad")
    x = b.input((4,))
    bad = b.done(b.layer("Dense", x, 0))  # the catalogue says Keras rejects units=0
    assert bad.nodes()[-1].error is not None
    rejected = payload_for(bad, ok=False, at=1, error="ValueError: units must be positive")
    built_anyway = payload_for(multi_input(), ok=False, at="model", error="ValueError: duplicate names")
    result = run_cli(monkeypatch, [bad, multi_input()], [rejected, built_anyway], ["--format", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    first, second = doc["models"]
    assert first["status"] == "agree" and "Keras rejects dense too" in first["rebuilt"]["notes"][0]
    assert second["status"] == "disagree" and "exec_source" not in second
    assert second["rebuilt"]["differences"][-1] == {"layer": "keras.Model(...)", "cls": "", "what": "build",
                                                    "static": "builds", "keras": "ValueError: duplicate names"}
    assert doc["summary"] == "2 models: 1 disagree, 1 agree"


def test_tensorflow_missing_is_one_line(monkeypatch):
    monkeypatch.setattr(verify, "tensorflow_available", lambda: False)
    result = CliRunner().invoke(cli, ["verify", "."])
    assert result.exit_code == 2
    assert result.output == "kgraphlint verify needs TensorFlow: pip install 'kgraphlint[verify]'\n"


def test_tensorflow_missing_in_the_subprocess(monkeypatch, tmp_path):
    """find_spec can succeed while the import still fails (a broken install)."""
    monkeypatch.setattr(verify, "tensorflow_available", lambda: True)
    monkeypatch.setattr(verify, "program", lambda builders: f"print({codegen.PREFIX!r}, 'missing', 'tensorflow')\n")
    (tmp_path / "m.py").write_text("import keras\nx = keras.Input((3,))\nm = keras.Model(x, keras.layers.Dense(2)(x))\n")
    result = CliRunner().invoke(cli, ["verify", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip() == "kgraphlint verify needs TensorFlow: pip install 'kgraphlint[verify]'"


def runtime_of(model, **changes):
    """The harness's description of a model that matches ``model``."""
    described = {"id": id(model), "cls": "Functional", "name": model.keras_name, "totals": list(model.totals()[1:]),
                 "layers": [{"cls": n.cls, "name": n.name, "shape": [list(s) for s in n.output_shapes],
                             "trainable": n.trainable_params, "non_trainable": n.non_trainable_params}
                            for n in model.rows()]}
    described.update(changes)
    return described


def test_exec_source_warns_and_reports_models_the_static_pass_missed(monkeypatch):
    model = multi_input()
    model.module_level = True
    runtime = runtime_of(model)
    executed = {"ok": True, "names": ["extra", "model"], "entries": {}, "bound": {
        "model": {"single": True, "models": [runtime]},
        "extra": {"single": True, "models": [dict(runtime, id=2, name="functional_7")]}}}
    monkeypatch.setattr(verify.exec_source, "run", lambda *a, **k: {0: executed})
    result = run_cli(monkeypatch, [model], [payload_for(model)], ["--exec-source"])
    assert result.exit_code == 1
    assert result.stderr.startswith("warning: --exec-source runs your code")
    assert "m.py:8 model: agree (rebuilt 9 layers; your code 9 layers)" in result.stdout
    assert "m.py:1 extra: disagree: the module builds this model; the static pass did not find it" in result.stdout
    assert result.stdout.splitlines()[-1] == "2 models: 1 disagree, 1 agree"


def test_exec_source_and_rebuild_give_one_verdict_per_model(monkeypatch):
    """The rebuild agrees (the graph builds with these numbers) while the
    module builds something else: the model is reported once, as disagree,
    and the exit code is the closing line's."""
    model = multi_input()
    model.module_level = True
    runtime = runtime_of(model, totals=[700, 0])
    executed = {"ok": True, "names": ["model"], "entries": {},
                "bound": {"model": {"single": True, "models": [runtime]}}}
    monkeypatch.setattr(verify.exec_source, "run", lambda *a, **k: {0: executed})
    result = run_cli(monkeypatch, [model], [payload_for(model)], ["--exec-source", "--format", "json"])
    (doc,) = json.loads(result.stdout)["models"]
    assert doc["status"] == "disagree" and result.exit_code == 1
    assert doc["rebuilt"]["status"] == "agree" and doc["exec_source"]["status"] == "disagree"
    text = run_cli(monkeypatch, [model], [payload_for(model)], ["--exec-source"]).stdout
    assert text.count("m.py:8 model:") == 1 and "m.py:8 model: disagree" in text
    assert "your code differs:" in text and text.split("m.py:8", 1)[1].splitlines()[0] == " model: disagree"
    assert text.splitlines()[-1] == "1 model: 1 disagree"


@pytest.mark.parametrize("statuses, failed, code", [
    ((), [], 0), (("agree",), [], 0), (("agree", "not verifiable"), [], 0), (("agree", "disagree"), [], 1),
    (("disagree",), ["x.py: cannot analyse"], 2), (("agree",), ["x.py: cannot analyse"], 2),
])
def test_exit_code_is_the_closing_lines(statuses, failed, code):
    from kgraphlint.verify.compare import ModelResult
    from kgraphlint.verify.report import closing, verdicts

    found = verdicts([ModelResult("m.py", i + 1, f"m{i}", s) for i, s in enumerate(statuses)])
    line, exit_code = closing(found, failed)
    assert exit_code == code
    assert ("disagree" in line) == ("disagree" in statuses) and ("could not be analysed" in line) == bool(failed)


def test_builders_are_compared_with_the_modules_own_calls(monkeypatch):
    """`small = make(10, [16])`: the static model is paired with the model in
    `small`, never with `make()` called with its defaults; only a function
    the module never calls is called, with no arguments, as the static
    pass read it."""
    from kgraphlint.engine import analyze
    from kgraphlint.verify import exec_source

    source = (
        "from tensorflow import keras\nfrom tensorflow.keras import layers\n\n"
        "def make(n_in, hidden, n_out=1):\n"
        "    model = keras.Sequential([keras.Input((n_in,))] + [layers.Dense(h) for h in hidden])\n"
        "    model.add(layers.Dense(n_out))\n    return model\n\n"
        "def spare(width=3):\n    x = keras.Input((2,))\n    return keras.Model(x, layers.Dense(width)(x))\n\n"
        "small = make(10, [16])\nlarge = make(10, [64, 32], n_out=3)\npair = [make(4, [2]), make(4, [3])]\n"
    )
    models = analyze(source, "b.py").models
    by_name = {}
    for m in models:
        by_name.setdefault(m.name, []).append(m)
    assert sorted(by_name) == ["large", "pair", "small", "spare"]
    seen = []
    monkeypatch.setattr(exec_source, "run", lambda harness, n, timeout, progress, argv_extra: seen.append(
        json.loads(argv_extra[0])) or {0: {"ok": False, "error": "stub"}})
    exec_source.run_files([("b.py", models)], timeout=1)
    assert seen[0][0]["entries"] == ["spare"]  # `make` is called by the module: never by us
    described = {m.name: runtime_of(m) for m in models}
    pair = [runtime_of(m, id=i) for i, m in enumerate(by_name["pair"])]
    payload = {"ok": True, "names": ["large", "make", "pair", "small", "spare"], "entries": {
        "spare": [described["spare"]]}, "bound": {
        "small": {"single": True, "models": [described["small"]]},
        "large": {"single": True, "models": [runtime_of(by_name["large"][0], totals=[1, 0])]},
        "pair": {"single": False, "models": pair}}}
    results, missed = exec_source.compare_file("b.py", [(m, {}) for m in models], payload)
    assert missed == []
    assert [r.status for r in results if r.name == "large"] == ["disagree"]
    assert [r.status for r in results if r.name != "large"] == ["agree"] * 4, results
