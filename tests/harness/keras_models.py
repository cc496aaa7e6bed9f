"""Run in a TensorFlow subprocess by the tests: execute fixture programs and
describe the models they really build, as Keras sees them.

stdin: JSON list of {"path": ..., "builders": [function names]}.
stdout: JSON {path: {"models": {name: description}, "builders": {...}, "error": str|null}}.
A model's description lists every row of ``model.summary()`` with class, output
shape and trainable / non-trainable counts, plus the totals.
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
warnings.simplefilter("ignore")

import keras
from keras.src.models.functional import Functional


def _shape(t):
    return [None if d is None else int(d) for d in t.shape]


def _layer_output(layer):
    """The output shape ``model.summary()`` prints (keras/src/utils/summary_utils.py):
    the last call's outputs, else what the layer's recorded build shapes give."""
    if layer._inbound_nodes:
        outs = layer._inbound_nodes[-1].output_tensors
        shapes = [_shape(o) for o in (outs if isinstance(outs, (list, tuple)) else [outs])]
    elif layer._build_shapes_dict:
        out = layer.compute_output_shape(**layer._build_shapes_dict)
        if isinstance(out, list) or (isinstance(out, tuple) and out and isinstance(out[0], (tuple, list))):
            shapes = [[None if d is None else int(d) for d in o] for o in out]
        else:
            shapes = [[None if d is None else int(d) for d in out]]
    else:
        return "?"
    return shapes[0] if len(shapes) == 1 else shapes


def _size(weights):
    return sum(int(w.numpy().size) for w in weights)


def _rows(model):
    """What ``model.summary()`` lists: a Functional model's operations (ops
    such as ``x + y`` included, keras/src/utils/summary_utils.py), else its layers."""
    if isinstance(model, Functional) and not isinstance(model, keras.Sequential):
        return model._operations
    return model.layers


def describe(model):
    layers = []
    for layer in _rows(model):
        try:
            shape = _layer_output(layer)
        except Exception:
            shape = "?"
        layers.append(
            {
                "name": layer.name,
                "class": type(layer).__name__,
                "output_shape": shape,
                "trainable": _size(getattr(layer, "trainable_weights", [])),
                "non_trainable": _size(getattr(layer, "non_trainable_weights", [])),
            }
        )
    trainable = _size(model.trainable_weights)
    non_trainable = _size(model.non_trainable_weights)
    return {
        "class": type(model).__name__,
        "name": model.name,
        "built": bool(model.built),
        "layers": layers,
        "total_params": trainable + non_trainable,
        "trainable_params": trainable,
        "non_trainable_params": non_trainable,
    }


def run_one(job):
    out = {"models": {}, "builders": {}, "error": None}
    try:
        keras.backend.clear_session()  # fresh auto-name counters, as in a new process
        with contextlib.redirect_stdout(io.StringIO()):
            if job.get("module"):  # a file of a project: run as Python would, with the project's roots
                sys.path[:0] = job["sys_path"]
                for name in [n for n in sys.modules if n.split(".")[0] in job.get("packages", ())]:
                    del sys.modules[name]  # another project's modules of the same name
                namespace = runpy.run_module(job["module"], run_name="__kgraphlint_fixture__")
            else:
                namespace = runpy.run_path(job["path"], run_name="__kgraphlint_fixture__")
            for name, value in namespace.items():
                if isinstance(value, keras.Model):
                    out["models"][name] = describe(value)
            for fn in job.get("builders", []):
                value = namespace[fn]()
                if isinstance(value, keras.Model):
                    out["builders"][fn] = describe(value)
    except Exception as exc:  # the program itself fails: the tests want that fact
        out["error"] = f"{type(exc).__name__}: {exc}"
    return out


def main():
    jobs = json.load(sys.stdin)
    result = {job["path"]: run_one(job) for job in jobs}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
