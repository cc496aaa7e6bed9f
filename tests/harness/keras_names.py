"""A TensorFlow subprocess the tests talk to line by line: each request is a
JSON program text; the answer names every model the program leaves in its
namespace and the names of its layers, as Keras auto-generates them.

stdin: one JSON string (a program) per line.
stdout: one JSON object per line: {"models": {variable: [model name, [layer names]]}}
or {"error": "..."} when the program fails in Keras.
"""

import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.simplefilter("ignore")

import keras


def names(source: str) -> dict:
    keras.backend.clear_session()  # fresh auto-name counters, as in a new process
    namespace: dict = {}
    try:
        exec(compile(source, "<program>", "exec"), namespace)  # noqa: S102 - the tests' own generated programs
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"models": {k: [v.name, [layer.name for layer in v.layers]]
                       for k, v in namespace.items() if isinstance(v, keras.Model)}}


print(json.dumps("ready"), flush=True)
for line in sys.stdin:
    print(json.dumps(names(json.loads(line))), flush=True)
