"""How a model is trained, read from its ``compile(...)`` call: the evidence
KG201 needs to tell a sequence output trained per sample (a bug) from one
trained per timestep (a tagger)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .keras_calls import keras_names

# Losses that compare one prediction with one label; on a rank-3 output they
# need one label per timestep, which a classifier of whole sequences lacks.
CLASSIFICATION_LOSSES = {"binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
                         "binary_focal_crossentropy", "categorical_focal_crossentropy"}


@dataclass
class Compiled:
    loss: str  # snake_case name
    line: int  # of the compile call
    text: str  # the loss argument as written


def compiled_loss(analysis, model) -> Compiled | None:
    """The named loss of the first ``<model>.compile(...)`` after the model is
    made, or None (no compile call, or a loss not known by name)."""
    if not model.name or not model.name.isidentifier():
        return None
    after = model.span.line if model.span is not None else 0
    names = keras_names(analysis)
    found = [call for call in names.calls
             if isinstance(call.func, ast.Attribute) and call.func.attr == "compile"
             and isinstance(call.func.value, ast.Name) and call.func.value.id == model.name
             and call.lineno >= after]
    if not found:
        return None
    call = min(found, key=lambda c: (c.lineno, c.col_offset))
    loss = next((k.value for k in call.keywords if k.arg == "loss"), call.args[1] if len(call.args) > 1 else None)
    name = _loss_name(loss, names)
    if name is None:
        return None
    return Compiled(name, call.lineno, analysis.text.segment(loss))


def _loss_name(loss, names) -> str | None:
    if isinstance(loss, ast.Constant) and isinstance(loss.value, str):
        return loss.value
    target = loss.func if isinstance(loss, ast.Call) else loss
    path = names.keras_path(target) if target is not None else None
    if path and path.startswith("keras.losses."):
        last = path.rsplit(".", 1)[1]
        return re.sub(r"(?<!^)(?=[A-Z])", "_", last).lower()  # BinaryCrossentropy -> binary_crossentropy
    return None
