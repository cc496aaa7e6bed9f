"""Nothing a file contains may crash a run (issue 6): bad inputs, fuzzing,
real-world code. Bounded here; bench/fuzz.py and bench/site_packages.py go
further."""

import os
import random
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kgraphlint import runner
from kgraphlint.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
GOOD = "import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activaton='relu')])\n"
KERAS = b"import keras\nfrom keras.layers import Dense\n"

# name -> (content, expected: None clean | "KG..." a code | "skip:" + words of the reason)
BAD_INPUTS = {
    "syntax.py": (KERAS + b"def f(:\n", "KG001"),
    "latin1.py": (KERAS + b"name = 'caf\xe9'\n", "KG001"),
    "cookie.py": (b"# -*- coding: latin-1 -*-\n" + KERAS + b"name = 'caf\xe9'\n", None),
    "bom.py": (b"\xef\xbb\xbf" + KERAS, None),
    "bad_cookie.py": (b"# coding: klingon\n" + KERAS, "KG001"),
    "binary.py": (b"\x7fELF\x00\x01" + KERAS, "skip:binary"),
    "empty.py": (b"", None),
    "big.py": (KERAS + b"x = [\n" + b"    1,\n" * 1_500_000 + b"]\n", "skip:too large"),
    "big_plain.py": (b"x = [\n" + b"    1,\n" * 1_500_000 + b"]\n", None),  # no Keras: never parsed
    "parens.py": (KERAS + b"x = " + b"(" * 5000 + b"1" + b")" * 5000 + b"\n", "KG001"),
    # Python parses these two (libcst could not): they are analysed, and `a` is undefined
    "and_chain.py": (KERAS + b"x = " + b" and ".join([b"a"] * 100_000) + b"\n", "KG301"),
    "subscripts.py": (KERAS + b"x = a" + b"[0]" * 2000 + b"\n", "KG301"),
    "nots.py": (KERAS + b"x = " + b"not " * 100_000 + b"1\n", "KG001"),
    "lambdas.py": (KERAS + b"x = " + b"lambda: " * 3000 + b"1\n", "KG001"),
    "crlf.py": (GOOD.replace("\n", "\r\n").encode(), "KG302"),
    "good.py": (GOOD.encode(), "KG302"),
}


@pytest.fixture(scope="module")
def bad_tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    for name, (content, _) in BAD_INPUTS.items():
        (root / name).write_bytes(content)
    (root / "loop.py").symlink_to(root / "loop.py")
    (root / "dir.py").mkdir()  # a directory where a file is expected: walked, holds nothing
    return root


def test_bad_inputs_each_get_a_diagnostic_or_a_reason(bad_tree):
    results = runner.run([str(bad_tree)], load_settings([str(bad_tree)]), use_cache=False, jobs=1)
    by_name = {os.path.relpath(r.path, bad_tree): r for r in results}
    assert by_name.pop("loop.py").skipped == "symbolic link loop"
    for name, (_, expected) in BAD_INPUTS.items():
        r = by_name[name]
        codes = sorted({d.code for d in r.diagnostics})
        assert "KG000" not in codes, (name, r.diagnostics)
        if expected is None:
            assert (codes, r.skipped) == ([], None), name
        elif expected.startswith("skip:"):
            assert r.skipped and expected[5:] in r.skipped, (name, r.skipped)
        else:
            assert expected in codes, (name, r)


def test_cli_on_bad_inputs_exits_1_without_traceback(bad_tree):
    proc = subprocess.run([sys.executable, "-m", "kgraphlint", "check", str(bad_tree), "--no-cache",
                           "--output-format", "json"], capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "skipped" in proc.stderr
    assert "good.py" in proc.stdout and "KG302" in proc.stdout


def test_unreadable_file_is_skipped(tmp_path, monkeypatch):
    # Root ignores chmod 000, so simulate the EACCES the open() would raise.
    (tmp_path / "a.py").write_text(GOOD)
    (tmp_path / "secret.py").write_text(GOOD)
    import builtins

    real_open = builtins.open

    def fake_open(file, *args, **kwargs):
        if str(file).endswith("secret.py"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    results = runner.run([str(tmp_path)], load_settings([str(tmp_path)]), use_cache=False, jobs=1)
    assert [(Path(r.path).name, r.skipped) for r in results] == [
        ("a.py", None), ("secret.py", "permission denied (Permission denied)")]
    assert results[0].diagnostics


@pytest.fixture
def flaky_engine(monkeypatch, tmp_path):
    """lint_source raising on crash_*.py and killing its process on die_*.py."""
    import kgraphlint.rules

    real = kgraphlint.rules.lint_source

    def flaky(source, path, settings, fix_edits=True, modules=None):
        if "crash_" in path:
            raise ValueError("boom")
        if "die_" in path:
            os._exit(3)
        return real(source, path, settings, fix_edits, modules)

    monkeypatch.setattr(kgraphlint.rules, "lint_source", flaky)
    monkeypatch.setattr(runner, "POOL_MIN_BYTES", 0)
    for name in ("a.py", "crash_b.py", "c.py", "die_d.py", "e.py"):
        (tmp_path / name).write_text(GOOD)
    return tmp_path


@pytest.mark.parametrize("jobs", [1, 2])
def test_internal_error_is_a_finding_and_the_run_goes_on(flaky_engine, jobs):
    if jobs == 1:
        (flaky_engine / "die_d.py").unlink()  # in-process, a hard exit would end the test itself
    results = runner.run([str(flaky_engine)], load_settings([str(flaky_engine)]), use_cache=False, jobs=jobs)
    codes = {Path(r.path).name: sorted(d.code for d in r.diagnostics) for r in results}
    assert codes.pop("crash_b.py") == ["KG000"]
    if jobs == 2:
        assert codes.pop("die_d.py") == ["KG000"]
    assert all("KG302" in c for c in codes.values()), codes
    assert [Path(r.path).name for r in results] == sorted(Path(r.path).name for r in results)


def test_pool_and_serial_agree(tmp_path, monkeypatch):
    fixtures = sorted((ROOT / "fixtures").rglob("*.py"))[:40]
    settings = load_settings([str(ROOT / "fixtures")])
    serial = runner.run([str(f) for f in fixtures], settings, use_cache=False, jobs=1)
    monkeypatch.setattr(runner, "POOL_MIN_BYTES", 0)
    assert runner.run([str(f) for f in fixtures], settings, use_cache=False, jobs=2) == serial


# --- fuzzing -------------------------------------------------------------

SETTINGS = load_settings(["."], overrides={"select": ["ALL"]})


def _lint(source: str) -> list:
    diags = runner._lint_bytes(source.encode("utf-8", "surrogatepass"), "fuzz.py", SETTINGS)
    internal = [d.message for d in diags if d.code == "KG000"]
    assert not internal, internal
    return diags


# hypothesmith is slow to draw (~10 s an example on a loaded 2-core box): few here.
@hsettings(max_examples=int(os.environ.get("KGRAPHLINT_FUZZ_EXAMPLES", "25")) // 3, deadline=None,
           suppress_health_check=list(HealthCheck))
@given(st.data())
def test_random_programs_never_crash(data):
    import hypothesmith

    _lint(data.draw(hypothesmith.from_grammar()))


FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*.py"))
LAYERS = ["Dense", "Conv2D", "Conv1D", "LSTM", "Flatten", "Reshape", "MaxPooling2D", "Concatenate", "Add",
          "Embedding", "Dropout", "BatchNormalization", "GlobalAveragePooling2D", "Input", "Sequential", "Model"]
ARGS = ["units", "filters", "kernel_size", "strides", "padding", "activation", "shape", "axis", "rate",
        "target_shape", "input_shape", "name", "pool_size", "return_sequences"]
VALUES = ["0", "-1", "1", "3", "10**9", "None", "'same'", "'full'", "(2, 2)", "(None,)", "()", "[]", "'relu'",
          "1.5", "x", "lambda: 0", "Dense(3)", "(0, -2)", "True"]


@st.composite
def mutated_fixture(draw):
    import re

    text = draw(st.sampled_from(FIXTURES)).read_text()
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["number", "layer", "arg", "value", "drop_line", "dup_line", "truncate"]))
        if kind == "number":
            spans = [m.span() for m in re.finditer(r"\b\d+\b", text)]
            if spans:
                a, b = draw(st.sampled_from(spans))
                text = text[:a] + draw(st.sampled_from(["0", "-1", "1", "7", "100000"])) + text[b:]
        elif kind == "layer":
            names = [n for n in LAYERS if n in text]
            if names:
                text = text.replace(draw(st.sampled_from(names)), draw(st.sampled_from(LAYERS)), 1)
        elif kind in ("arg", "value"):
            spans = [m.span(1) for m in re.finditer(r"(\w+)=", text)] if kind == "arg" else \
                [m.span(1) for m in re.finditer(r"=\s*([^,()\n]+)", text)]
            if spans:
                a, b = draw(st.sampled_from(spans))
                text = text[:a] + draw(st.sampled_from(ARGS if kind == "arg" else VALUES)) + text[b:]
        else:
            lines = text.splitlines(keepends=True)
            if lines:
                i = draw(st.integers(0, len(lines) - 1))
                if kind == "drop_line":
                    del lines[i]
                elif kind == "dup_line":
                    lines.insert(i, lines[i])
                else:
                    lines = lines[:i] + [lines[i][: draw(st.integers(0, len(lines[i])))]]
                text = "".join(lines)
    return text


@hsettings(max_examples=int(os.environ.get("KGRAPHLINT_FUZZ_EXAMPLES", "25")) * 3, deadline=None,
           suppress_health_check=list(HealthCheck))
@given(mutated_fixture())
def test_mutated_fixtures_never_crash(source):
    _lint(source)


# --- real code -----------------------------------------------------------

def site_packages_sample(n: int, seed: int = 6) -> list:
    root = Path(sysconfig.get_paths()["purelib"])
    files = sorted(str(p) for p in root.rglob("*.py") if "kgraphlint" not in str(p))
    return sorted(random.Random(seed).sample(files, min(n, len(files))))


def test_site_packages_sample_has_no_internal_error():
    files = site_packages_sample(int(os.environ.get("KGRAPHLINT_SITE_SAMPLE", "200")))
    results = runner.run(files, load_settings(files[:1]), use_cache=False)
    assert len(results) == len(files)
    internal = [(r.path, d.message) for r in results for d in r.diagnostics if d.code == "KG000"]
    assert not internal, internal


def test_an_interpreter_crash_is_a_finding_not_a_clean_file(tmp_path, monkeypatch):
    """The interpreter failing on a file loses its models: that is said (KG000
    in check, a message in summary), never passed as "All checks passed"."""
    from click.testing import CliRunner

    from kgraphlint.cli import cli
    from kgraphlint.extract.interpreter import Interpreter

    def crash(self):
        raise KeyError("boom")

    monkeypatch.setattr(Interpreter, "run_module", crash)
    (tmp_path / "model.py").write_text(GOOD)
    results = runner.run([str(tmp_path)], load_settings([str(tmp_path)]), use_cache=False, jobs=1)
    [crashed] = [d for d in results[0].diagnostics if d.code == "KG000"]
    assert "KeyError" in crashed.message and "test_robustness.py" in crashed.message
    summary = CliRunner().invoke(cli, ["summary", str(tmp_path / "model.py")])
    assert "the analysis of this file crashed (KeyError" in summary.output
