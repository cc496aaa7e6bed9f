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


class KerasNames:
    """A long-lived TensorFlow subprocess answering "which names does Keras
    give in this program" (keras_names.py): hypothesis can ask it once per
    example, and TensorFlow is imported once."""

    def __init__(self, timeout=300):
        env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
        self.proc = subprocess.Popen([sys.executable, str(HERE / "keras_names.py")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        if json.loads(self.proc.stdout.readline() or "null") != "ready":
            raise RuntimeError("the Keras names harness did not start")

    def __call__(self, source: str) -> dict:
        self.proc.stdin.write(json.dumps(source) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)
