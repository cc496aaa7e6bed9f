"""What a run imports is part of its speed (issue 6), and checked here as a
fact, never as a timing: a clean model file needs neither libcst (fixes and
rewrites only) nor TensorFlow; a file the pre-scan skips needs no engine."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "fixtures" / "models" / "func_cnn_two_blocks.py"

PROBE = """
import json, sys
from kgraphlint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = ("libcst", "tensorflow", "keras", "networkx", "kgraphlint.extract", "nbformat")
print(json.dumps({name: name in sys.modules for name in heavy}), file=sys.stderr)
"""


def imported(*args) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                          check=False)
    return json.loads(proc.stderr.strip().splitlines()[-1])


def test_clean_model_file_imports_neither_libcst_nor_tensorflow():
    loaded = imported("check", "--no-cache", str(MODEL))
    assert loaded["kgraphlint.extract"] and loaded["networkx"]
    assert not loaded["libcst"] and not loaded["tensorflow"] and not loaded["keras"]


def test_only_writing_a_notebook_loads_nbformat(tmp_path):
    """A well-formed notebook is read as nbformat reads it without importing
    nbformat (issue 15: its import was a cold run's extra 20%); what a fix
    writes is validated with it."""
    assert not imported("check", "--no-cache", str(MODEL))["nbformat"]
    notebook = tmp_path / "fashion_mnist.ipynb"
    notebook.write_bytes((ROOT / "fixtures" / "notebooks" / "fashion_mnist.ipynb").read_bytes())
    loaded = imported("check", "--no-cache", "--output-format", "sarif", str(notebook))
    assert loaded["kgraphlint.extract"] and not loaded["nbformat"] and not loaded["tensorflow"]
    assert imported("check", "--no-cache", "--fix", str(notebook))["nbformat"]
    assert "activaiton" not in notebook.read_text(encoding="utf-8")


def test_summary_imports_no_libcst(tmp_path):
    loaded = imported("summary", str(MODEL))
    assert loaded["kgraphlint.extract"] and not loaded["libcst"] and not loaded["tensorflow"]


def test_file_without_keras_never_loads_the_engine(tmp_path):
    plain = tmp_path / "plain.py"
    plain.write_text("def add(a, b):\n    return a + b\n")
    loaded = imported("check", "--no-cache", str(plain))
    assert not any(loaded.values()), loaded


FIXABLE = (
    "from tensorflow.keras.models import Sequential\n"
    "from tensorflow.keras.layers import Dense\n"
    "model = Sequential()\n"
    "model.add(Dense(8, input_shape=(4,), activaton='relu'))\n"
    "model.add(Dense(1, activation='softmax'))\n"
    "print(model.output)\n"
)


def test_check_of_fixable_findings_does_not_load_libcst(tmp_path):
    """The `[*]` marker and the fixable count need to know that a fix
    exists, not its edits (issue 10: one file with fixes under 0.5 s)."""
    typo = tmp_path / "typo.py"
    typo.write_text(FIXABLE)
    for fmt in ("concise", "full", "github", "sarif", "gitlab"):
        loaded = imported("check", "--no-cache", "--output-format", fmt, str(typo))
        assert loaded["kgraphlint.extract"] and not loaded["libcst"], fmt
    assert not imported("check", "--no-cache", "--statistics", str(typo))["libcst"]


def test_fixes_that_are_applied_or_printed_load_libcst(tmp_path):
    typo = tmp_path / "typo.py"
    typo.write_text(FIXABLE)
    kg105 = ("--extend-select", "KG105")  # its fix needs libcst; an info rule, off by default
    assert imported("check", "--no-cache", *kg105, "--diff", str(typo))["libcst"]
    assert imported("check", "--no-cache", *kg105, "--output-format", "json", str(typo))["libcst"]
    assert typo.read_text() == FIXABLE
    assert imported("check", "--no-cache", *kg105, "--fix", str(typo))["libcst"]
    assert "Input(shape=(4,))" in typo.read_text()
