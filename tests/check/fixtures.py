"""The rule fixtures under fixtures/rules/<code>/: ``fire_*.py`` must produce
the ``# expect: CODE line N`` diagnostics of their header, ``ok_*.py`` must
not produce their rule (nor any error-severity finding)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "rules"
EXPECT = re.compile(r"^# expect: (KG\d{3}) line (\d+)$", re.MULTILINE)
CHECK = re.compile(r"^# tf-check: (.*)$", re.MULTILINE)

FIXTURES = sorted(ROOT.glob("KG*/*.py"))


def rule_of(path: Path) -> str:
    return path.parent.name


def expected(path: Path) -> list:
    return sorted((code, int(line)) for code, line in EXPECT.findall(path.read_text()))


def tf_checks(path: Path) -> list:
    return CHECK.findall(path.read_text())


def confirm_in_tensorflow(paths) -> dict:
    """Run the files in one TensorFlow subprocess (tf_confirm.py):
    str(path) -> {"error": "Type: message" | None, "checks": [...]}."""
    import json
    import os
    import subprocess
    import sys

    import pytest

    pytest.importorskip("tensorflow")
    jobs = [{"path": str(p), "checks": tf_checks(p)} for p in paths]
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("tf_confirm.py"))],
        input=json.dumps(jobs), capture_output=True, text=True, timeout=900, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)

# Known gaps in extraction, xfail(strict) until fixed: key -> reason.
KNOWN_GAPS: dict = {}


def known_gap(key: str):
    import pytest

    reason = KNOWN_GAPS.get(key)
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


class SelectAll:
    """Settings that select every rule, default-off ones included."""

    select = ignore = per_file_ignores = ()

    @staticmethod
    def is_selected(code, path):
        return True
