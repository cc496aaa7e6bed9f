"""KG305's keyword tables are Keras's own: read again from the installed
Keras (in a subprocess: the linter never imports it) and compared."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraphlint.rules.keras_signatures import CALLS, OPTIMIZERS


@pytest.mark.slow
def test_tables_match_installed_keras():
    pytest.importorskip("keras")
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    proc = subprocess.run([sys.executable, str(Path(__file__).with_name("keras_signatures_dump.py"))],
                          capture_output=True, text=True, timeout=300, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    keras = json.loads(proc.stdout)
    assert {name: frozenset(keras[name]) for name in CALLS} == CALLS
    assert {name: frozenset(words) for name, words in keras["optimizers"].items()} == OPTIMIZERS
