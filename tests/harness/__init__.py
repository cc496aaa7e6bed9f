"""Helpers that run Keras in a subprocess so the tests compare with the oracle."""

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def run_keras(jobs, timeout=900):
    """Execute fixture programs in one TensorFlow subprocess; see keras_models.py."""
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    proc = subprocess.run(
        [sys.executable, str(HERE / "keras_models.py")],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"Keras harness failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)
