"""KG305: calls of the Keras API (not of layer constructors, which KG302
checks) that Keras rejects when they run: a misplaced parenthesis that hands
a layer's arguments to ``model.add``, a layer class where a layer is needed,
keywords ``Model``/``Sequential``/``Input``/``compile``/an optimizer do not
take. Keyword tables come from Keras itself (keras_signatures.py)."""

from __future__ import annotations

import ast

from ..graph import Span
from .arguments import suggestion
from .base import Rule
from .keras_calls import keras_names, model_variables
from .keras_signatures import CALLS, OPTIMIZERS

# Model(...) is the functional form (keras/src/models/functional.py,
# functional_init_arguments); any other Model(...) goes to Layer.__init__,
# which raises on keywords it does not know.
_FUNCTIONAL_KEYWORDS = ("inputs", "outputs")

# Keras 2 spellings difflib would not pair with their Keras 3 names.
KERAS2_NAMES = {"lr": "learning_rate"}


class InvalidApiCall(Rule):
    code = "KG305"
    name = "invalid-api-call"
    severity = "error"
    summary = ("A Keras API call Keras rejects: model.add(Dense(8), activation='relu'), model.add(MaxPooling2D), "
               "Model(input=..., output=...), compile(metric=...), Input(shap=...).")

    def check(self, analysis, context):
        names = keras_names(analysis)
        models = model_variables(analysis, names)
        for call in names.calls:
            if any(k.arg is None for k in call.keywords):
                continue  # **kwargs: the keywords are not known
            for node, message in self._problems(call, names, models, analysis):
                yield context.report(Span(*analysis.text.position(node)), message)

    def _problems(self, call, names, models, analysis):
        func = call.func
        kind = names.kind(func)
        if kind is not None:
            if kind[0] == "sequential":
                yield from _unknown_keywords(call, "Sequential", CALLS["Sequential"], "TypeError")
                yield from _layer_classes_in_list(call, names, analysis)
            elif kind[0] == "model" and not _functional_form(call):
                yield from _unknown_keywords(
                    call, "Model", CALLS["Model"],
                    "ValueError: without `inputs=` and `outputs=` this is not a functional model")
            elif kind[0] == "input":
                yield from _unknown_keywords(call, "Input", CALLS["Input"], "TypeError")
            optimizer = _optimizer(names, func)
            if optimizer is not None:
                yield from _unknown_keywords(call, optimizer, OPTIMIZERS[optimizer], "ValueError", elsewhere="compile")
            return
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            return
        receiver = func.value.id
        if func.attr == "add" and models.get(receiver) == "sequential":
            yield from _add_problems(call, receiver, names, analysis)
        elif func.attr == "compile" and receiver in models:
            yield from _unknown_keywords(call, "compile", CALLS["compile"], "TypeError")


def _functional_form(call) -> bool:
    keywords = {k.arg for k in call.keywords}
    n = len(call.args)
    return n >= 2 or (n == 1 and "outputs" in keywords) or all(k in keywords for k in _FUNCTIONAL_KEYWORDS)


def _optimizer(names, func) -> str | None:
    path = names.keras_path(func)
    if path and path.startswith("keras.optimizers."):
        last = path.rsplit(".", 1)[1]
        return last if last in OPTIMIZERS else None
    return None


def _unknown_keywords(call, what, accepted, raises, elsewhere=None):
    for keyword in call.keywords:
        word = keyword.arg
        if word in accepted:
            continue
        message = f"{what}() does not accept `{word}=`; Keras raises {raises}"
        if elsewhere == "compile" and word in CALLS["compile"]:
            message += f". A misplaced parenthesis? `{word}=` is an argument of compile(), not of {what}()"
        else:
            near = KERAS2_NAMES.get(word) if KERAS2_NAMES.get(word) in accepted else suggestion(word, accepted)
            if near:
                message += f"; did you mean `{near}=`?"
        yield keyword, message


def _add_problems(call, receiver, names, analysis):
    first = call.args[0] if call.args else None
    layer = _layer_class(first, names) if first is not None else None
    if layer is not None:
        yield first, _class_message(f"{receiver}.add()", analysis.text.segment(first), layer)
        inside = f"inside {analysis.text.segment(first)}(...)"
    elif isinstance(first, ast.Call):
        inside = f"inside {analysis.text.segment(first.func)}(...)"
    else:
        inside = "inside the layer's constructor"
    for keyword in call.keywords:
        if keyword.arg not in CALLS["Sequential.add"]:
            yield keyword, (f"`{receiver}.add()` takes one layer, not `{keyword.arg}=`: Keras raises TypeError. "
                            f"A misplaced parenthesis? The argument belongs {inside}")
    if len(call.args) > 2:
        yield call.args[2], (f"`{receiver}.add()` takes one layer but gets {len(call.args)} positional arguments: "
                             f"Keras raises TypeError. The extra ones belong {inside}")


def _layer_classes_in_list(call, names, analysis):
    layers = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "layers"), None)
    if not isinstance(layers, (ast.List, ast.Tuple)):
        return
    for item in layers.elts:
        layer = _layer_class(item, names)
        if layer is not None:
            yield item, _class_message("Sequential([...])", analysis.text.segment(item), layer)


def _layer_class(expr, names) -> str | None:
    """The layer class an un-called name denotes (``MaxPooling2D``), else None."""
    if not isinstance(expr, (ast.Name, ast.Attribute)):
        return None
    kind = names.kind(expr)
    return kind[1] if kind and kind[0] == "layer" else None


def _class_message(where, text, layer) -> str:
    return (f"{where} gets the class `{text}`, not a layer: Keras raises ValueError ('Only instances of "
            f"`keras.Layer` can be added'); create one with `{text}(...)`")


RULES = (InvalidApiCall,)
