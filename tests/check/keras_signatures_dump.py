"""Run in a TensorFlow subprocess: print, as JSON, the keyword tables that
kgraphlint/rules/keras_signatures.py holds, read from the installed Keras."""

import inspect
import json
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
from keras.src.layers.layer import Layer


def params(fn) -> list:
    return sorted(p.name for p in inspect.signature(fn).parameters.values()
                  if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL))


def optimizers() -> dict:
    """Optimizers whose unknown keywords reach the base class, which raises
    on all of them but ``decay`` (ignored with a warning)."""
    found = {}
    for name in sorted(dir(keras.optimizers)):
        cls = getattr(keras.optimizers, name)
        takes_kwargs = isinstance(cls, type) and "kwargs" in inspect.signature(cls.__init__).parameters
        if takes_kwargs and issubclass(cls, keras.optimizers.Optimizer) and cls is not keras.optimizers.Optimizer \
                and name != "LossScaleOptimizer":
            found[name] = sorted(params(cls.__init__) + ["decay"])
    return found


def main():
    print(json.dumps({
        "Input": params(keras.Input),
        "Sequential": params(keras.Sequential.__init__),
        "Sequential.add": params(keras.Sequential.add),
        "compile": params(keras.Model.compile),
        # Model(...) that is not the functional form goes to Layer.__init__
        "Model": sorted(set(params(Layer.__init__)) | {"inputs", "outputs"}),
        "optimizers": optimizers(),
    }, sort_keys=True))


if __name__ == "__main__":
    main()
