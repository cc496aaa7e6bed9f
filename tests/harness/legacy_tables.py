"""Run in a TensorFlow subprocess: construct Keras 3 layers and optimizers with
the keywords of kgraphlint/legacy.py's tables and report which Keras accepts.

stdin: JSON list of {"class", "module": "layers"|"optimizers", "kwargs"} (construct it),
{"module", "attribute"} (does the module, or object, have it) or {"import"} (does the module exist).
stdout: JSON list of null (accepted, or present) or "Type: message" (rejected, or absent).
"""

import importlib
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras


def resolve(path):
    """A module or an attribute chain below keras (``Sequential``, ``_tf_keras.keras.backend``)."""
    try:
        return importlib.import_module(f"keras.{path}")
    except ImportError:
        obj = keras
        for part in path.split("."):
            obj = getattr(obj, part)
        return obj


def construct(job):
    if "import" in job:  # does the module exist
        try:
            importlib.import_module(job["import"])
        except ImportError as exc:
            return f"ImportError: {exc}"
        return None
    if "attribute" in job:
        module = resolve(job["module"])  # raises if the module itself is gone
        return None if hasattr(module, job["attribute"]) else f"AttributeError: no {job['attribute']}"
    try:
        getattr(getattr(keras, job["module"]), job["class"])(**job["kwargs"])
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:300]
    return None


if __name__ == "__main__":
    print(json.dumps([construct(job) for job in json.load(sys.stdin)]))
