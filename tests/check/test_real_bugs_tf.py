"""The real-bug corpus (bench/real_bugs) is confirmed by TensorFlow: every
``*_bug.py`` whose expected rule is an error makes Keras raise what that rule
says, every warning case shows the fact its ``# tf-check:`` states, and every
``*_fixed.py`` runs (its checks hold too). One subprocess for all cases."""

import re
from pathlib import Path

import pytest

from kgraphlint.rules import get_rule, lint_source
from tests.check.fixtures import confirm_in_tensorflow, tf_checks
from tests.check.test_fixtures_tf import KERAS_SAYS

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "real_bugs"
BUGS = sorted(CORPUS.glob("*_bug.py"))
FILES = sorted(CORPUS.glob("*.py"))
EXPECT = re.compile(r"^# expect: (KG\d{3}) line (\d+)$", re.MULTILINE)


def expected(path: Path) -> tuple:
    code, line = EXPECT.search(path.read_text(encoding="utf-8")).groups()
    return code, int(line)


def test_corpus_shape():
    assert len(BUGS) >= 40
    for bug in BUGS:
        fixed = bug.with_name(bug.name.replace("_bug.py", "_fixed.py"))
        assert fixed.exists(), fixed
        for path in (bug, fixed):
            text = path.read_text(encoding="utf-8")
            assert re.search(r"^# source: https?://\S+$", text, re.MULTILINE), path
        code, line = expected(bug)
        assert get_rule(code) is not None, (bug, code)
        assert 0 < line <= len(bug.read_text(encoding="utf-8").splitlines())
        assert "# expect: none" in fixed.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [p for p in FILES if p.name.endswith("_fixed.py")], ids=lambda p: p.stem)
def test_no_error_on_fixed_version(path):
    found = lint_source(path.read_text(encoding="utf-8"), str(path))
    assert not [d for d in found if d.severity == "error"], found


@pytest.fixture(scope="module")
def keras_results():
    return confirm_in_tensorflow(FILES)


@pytest.mark.slow
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_keras_agrees(path, keras_results):
    result = keras_results[str(path)]
    if path.name.endswith("_bug.py"):
        code, _ = expected(path)
        if get_rule(code).severity == "error":
            assert result["error"], "Keras built this case without complaint"
            assert re.search(KERAS_SAYS[code], result["error"]), result["error"]
            return
        assert tf_checks(path), "a warning case must state a fact for TensorFlow to check"
    assert result["error"] is None, result["error"]
    assert result["checks"] == [True] * len(tf_checks(path)), result["checks"]
