"""Which dotted names are Keras's, and what they are.

Imports bind local names to dotted paths (``tf`` -> ``tensorflow``); attribute
access extends them (``tf.keras.layers.Dense``). ``canonical`` folds every
spelling of Keras (tf.keras, tf_keras, keras.src.*) into ``keras.*`` and
``classify`` says what a canonical path denotes. Anything not under Keras is
never taken for a layer, whatever its last component is called.
"""

from __future__ import annotations

from functools import lru_cache

from ..legacy import modern_path
from .keras_names import ALIASES, APPLICATIONS, LAYER_CLASSES, LAYER_FUNCTIONS

_KERAS_ROOTS = (
    "tensorflow.python.keras",
    "tensorflow.keras",
    "tensorflow._api.v2.keras",
    "tf_keras",
    "keras",
)
KERAS_ROOTS = _KERAS_ROOTS  # for rules that must see a path as written

# Functional merge forms -> class names (keras.layers.concatenate, ...).
MERGE_FUNCTIONS = {
    "concatenate": "Concatenate",
    "add": "Add",
    "subtract": "Subtract",
    "multiply": "Multiply",
    "average": "Average",
    "maximum": "Maximum",
    "minimum": "Minimum",
    "dot": "Dot",
}

# Base classes a user subclasses; not layers one can construct usefully.
BASE_CLASSES = frozenset({"Layer", "InputSpec", "Wrapper"})

MODEL_NAMES = {"Sequential": "sequential", "Model": "model", "Functional": "model"}

# Keras namespaces whose callables act on tensors without being layers.
_OP_NAMESPACES = ("keras.ops", "keras.activations", "keras.backend", "keras.src.ops", "keras.random")


@lru_cache(maxsize=4096)
def canonical(path: str) -> str | None:
    """``keras.<rest>`` for any spelling of Keras, else None."""
    for root in _KERAS_ROOTS:
        if path == root:
            return "keras"
        if path.startswith(root + "."):
            rest = path[len(root) + 1 :]
            if rest.startswith("src."):
                rest = _fold_src(rest[4:])
            else:
                rest = modern_path(rest)  # keras.layers.core.Dense -> keras.layers.Dense
            return "keras." + rest if rest else "keras"
    return None


def _fold_src(rest: str) -> str:
    """keras.src.layers.core.dense.Dense -> layers.Dense; keras.src.models.X -> X."""
    parts = rest.split(".")
    head, last = parts[0], parts[-1]
    if len(parts) == 1:
        return head
    if head == "layers":
        return f"layers.{last}"
    if head == "models":
        return f"models.{last}" if last in MODEL_NAMES else "models." + ".".join(parts[1:])
    if head == "ops":
        return "ops." + last
    return rest


def layer_class_name(name: str) -> str:
    """Canonical class name Keras prints (MaxPool2D -> MaxPooling2D)."""
    return ALIASES.get(name, name)


@lru_cache(maxsize=4096)
def classify(path: str):
    """What a dotted path denotes, as ``(kind, name)``, or None if not Keras.

    kinds: module, input, layer, merge, sequential, model, application, op, other.
    """
    canon = canonical(path)
    if canon is None:
        return None
    parts = canon.split(".")
    last = parts[-1]
    parent = ".".join(parts[:-1])
    if canon in ("keras", "keras.layers", "keras.models", "keras.applications", "keras.ops"):
        return ("module", canon)
    if parent in ("keras", "keras.layers") and last == "Input":
        return ("input", "InputLayer")
    if parent == "keras.layers":
        if last in MERGE_FUNCTIONS:
            return ("merge", MERGE_FUNCTIONS[last])
        if last in LAYER_CLASSES and last not in BASE_CLASSES:
            return ("layer", layer_class_name(last))
        if last in BASE_CLASSES:
            return ("base", last)
        return ("other", canon)
    if parent in ("keras", "keras.models"):
        if last == "Sequential":
            return ("sequential", last)
        if last in ("Model", "Functional"):
            return ("model", last)
    if parts[:2] == ["keras", "applications"]:
        if last in APPLICATIONS:
            return ("application", last)
        return ("module", canon) if last[:1].islower() else ("other", canon)
    if any(canon == ns or canon.startswith(ns + ".") for ns in _OP_NAMESPACES):
        return ("op", last)
    return ("other", canon)


def is_tensorflow_op(path: str) -> bool:
    """``tf.reduce_mean`` and friends: act on tensors, not layers."""
    return path.startswith("tensorflow.") and canonical(path) is None


def star_names(module_path: str) -> dict:
    """Names a ``from <keras module> import *`` binds: local name -> path."""
    canon = canonical(module_path)
    if canon == "keras.layers":
        names = set(LAYER_CLASSES) | set(LAYER_FUNCTIONS)
    elif canon in ("keras.models", "keras"):
        names = {"Sequential", "Model", "Input"} if canon == "keras" else {"Sequential", "Model"}
    else:
        return {}
    return {n: f"{module_path}.{n}" for n in names}
