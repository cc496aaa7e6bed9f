"""Run in a TensorFlow subprocess: construct Keras 3 layers and optimizers with
the keywords of kgraphlint/legacy.py's tables and report which Keras accepts.

stdin: JSON list of {"class", "module": "layers"|"optimizers", "kwargs"}.
stdout: JSON list of null (accepted) or "Type: message" (rejected).
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402


def construct(job):
    try:
        getattr(getattr(keras, job["module"]), job["class"])(**job["kwargs"])
    except Exception as exc:  # noqa: BLE001 - the point is to see what Keras rejects
        return f"{type(exc).__name__}: {exc}"[:300]
    return None


if __name__ == "__main__":
    print(json.dumps([construct(job) for job in json.load(sys.stdin)]))
