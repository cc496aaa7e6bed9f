"""Decide from the raw bytes, before any parse, whether a file can matter.

The rule (documented in the README), as TorchFix does for ``torch``: a file is
analysed when it says ``keras`` (or ``tf_keras``) as a word and mentions, as a
whole case-sensitive word, ``Sequential``, ``Model``, ``Functional``,
``Input``, ``InputLayer``, a Keras layer class (``Dense``, ``Conv2D``,
``Layer``, …) or a Keras application (``ResNet50``, …).

Both are necessary for the engine to find anything. It takes a name for
Keras's only when the name is reached through a module path under Keras
(``keras``, ``tf.keras``, ``tf_keras``, ``tensorflow.python.keras``: every
spelling has one of those words; ``keras_hub`` and other modules are never
followed), and every model or layer is built through one of the words,
however it was imported or aliased (``from keras import layers as L;
L.Dense`` still says ``Dense``). So skipping the rest loses no finding. What it cannot see (a class reached only
through ``getattr`` or a config dict) the engine cannot analyse either.
Skipped files are clean: they get no KG001 either. Works on bytes, so the
check is the same whatever the file's encoding.
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import lru_cache

_KERAS = re.compile(rb"\b(?:keras|tf_keras)\b")
MODEL_WORDS = ("Sequential", "Model", "Functional", "Input", "InputLayer")
_MODEL = re.compile(rb"\b(?:" + b"|".join(w.encode() for w in MODEL_WORDS) + rb")\b")
_CAPITALISED = re.compile(rb"\b[A-Z][A-Za-z0-9_]*")


@lru_cache(maxsize=1)
def keras_words() -> frozenset:
    """Layer and application class names, from the extractor's own table.

    Loaded from its file rather than imported: importing ``kgraphlint.extract``
    would pull in the engine and networkx, which a skipped file must never pay for.
    """
    path = os.path.join(os.path.dirname(__file__), "extract", "keras_names.py")
    spec = importlib.util.spec_from_file_location("_kgraphlint_keras_names", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names = set(module.LAYER_CLASSES) | set(getattr(module, "APPLICATIONS", ())) | set(MODEL_WORDS)
    return frozenset(n.encode() for n in names)


def may_use_keras(data: bytes) -> bool:
    if not _KERAS.search(data):
        return False
    if _MODEL.search(data):
        return True
    return not keras_words().isdisjoint(_CAPITALISED.findall(data))
