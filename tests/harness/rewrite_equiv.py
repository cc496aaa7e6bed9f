"""Run in ONE TensorFlow subprocess by tests/test_rewrite_tf.py: for each pair
of programs (original, rewritten) build both, pair their models by variable
(or zero-argument builder) name and check that they are the same network.

stdin: JSON list of {"id", "a", "b"} (paths). stdout: JSON {id: {"models":
{name: [problems]}, "error": str|null, "warnings_b": int}}.
"""

import contextlib
import inspect
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

SHAPE_WARNING = "Do not pass an `input_shape`"


def models_of(path):
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("always")
        namespace = runpy.run_path(path, run_name="__rewrite_fixture__")
        found = {k: v for k, v in namespace.items() if isinstance(v, keras.Model)}
        for name, value in namespace.items():
            if (
                inspect.isfunction(value)
                and name.startswith(("build", "make", "create"))
                and all(p.default is not p.empty for p in inspect.signature(value).parameters.values())
            ):
                built = value()
                if isinstance(built, keras.Model):
                    found[f"{name}()"] = built
    shape_warnings = sum(SHAPE_WARNING in str(w.message) for w in caught)
    return found, shape_warnings


def _layers(model):
    return [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]


def _cls(layer):
    # a nested model rewritten from Sequential to Functional is the same network
    return "Model" if isinstance(layer, keras.Model) else type(layer).__name__


def _config(layer):
    if isinstance(layer, keras.Model):
        return {"layers": [(_cls(layer), _config(layer)) for layer in _layers(layer)]}
    config = dict(layer.get_config())
    config.pop("name", None)
    return config


def compare(a, b):
    problems = []
    if not b.built and not a.built:
        return []  # refused and left as it was: nothing to compare
    batch_shape = [2 if d is None else d for d in b.input_shape]
    rng = np.random.default_rng(0)
    x = rng.integers(0, 10, size=batch_shape).astype("float32")
    if not a.built or len(a.weights) < len(b.weights):
        a(x, training=False)  # an unbuilt Sequential, or a subclass whose build() made no weights
    la, lb = _layers(a), _layers(b)
    if [_cls(layer) for layer in la] != [_cls(layer) for layer in lb]:
        return [f"layer classes differ: {[_cls(layer) for layer in la]} vs {[_cls(layer) for layer in lb]}"]
    if len([x for x in la if x.weights]) != len([x for x in lb if x.weights]):
        problems.append("different number of weighted layers")
    for la_, lb_ in zip(la, lb):
        if _config(la_) != _config(lb_):
            problems.append(f"{_cls(la_)} config differs: {_config(la_)} vs {_config(lb_)}")
    if a.count_params() != b.count_params():
        problems.append(f"parameter count {a.count_params()} vs {b.count_params()}")
    b.set_weights(a.get_weights())
    ya = np.asarray(a(x, training=False))
    yb = np.asarray(b(x, training=False))
    if ya.shape != yb.shape:
        problems.append(f"output shape {ya.shape} vs {yb.shape}")
    elif not np.allclose(ya, yb, atol=1e-5):
        problems.append("outputs differ on a random batch after copying the weights")
    return problems


def run(job):
    out = {"models": {}, "error": None, "warnings_a": 0, "warnings_b": 0}
    try:
        a, out["warnings_a"] = models_of(job["a"])
        b, out["warnings_b"] = models_of(job["b"])
        if set(a) != set(b):
            out["error"] = f"different models: {sorted(a)} vs {sorted(b)}"
            return out
        for name in a:
            out["models"][name] = compare(a[name], b[name])
    except Exception as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
    return out


def main():
    jobs = json.load(sys.stdin)
    json.dump({job["id"]: run(job) for job in jobs}, sys.stdout)


if __name__ == "__main__":
    main()
