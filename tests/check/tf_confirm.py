"""Run in a TensorFlow subprocess: execute rule fixtures and report what Keras did.

stdin: JSON list of {"path", "checks": [python expressions]}.
stdout: JSON {path: {"error": "Type: message" | null, "checks": [bool | "Type: message"]}}.
After the program runs, every Keras model in its namespace is asked for
``count_params()`` (an unbuilt model fails there), then the checks are
evaluated with the program's namespace plus ``keras``, ``np`` and ``warned``
(the warning messages the program triggered).
"""

import contextlib
import io
import json
import os
import runpy
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np


def describe(exc):
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:600]}"


def run_one(job):
    keras.backend.clear_session()
    out = {"error": None, "checks": []}
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("always")
        try:
            namespace = runpy.run_path(job["path"], run_name="__kgraphlint_fixture__")
            for value in list(namespace.values()):
                if isinstance(value, keras.Model):
                    value.count_params()
        except BaseException as exc:
            out["error"] = describe(exc)
            return out
        namespace.update(keras=keras, np=np, warned=[str(w.message) for w in caught])
        for check in job["checks"]:
            try:
                out["checks"].append(bool(eval(check, namespace)))
            except Exception as exc:
                out["checks"].append(describe(exc))
    return out


def main():
    jobs = json.load(sys.stdin)
    print(json.dumps({job["path"]: run_one(job) for job in jobs}))


if __name__ == "__main__":
    main()
