"""KG101 in the functional form: a model whose inputs are not input tensors.

``Model(inputs, outputs)`` needs the tensors ``keras.Input(...)`` returns.
An ``InputLayer(...)`` object (the layer, not its tensor) or a NumPy array
(the data) makes Keras raise "All `inputs` values must be KerasTensors"; a
layer called on an InputLayer object raises too. Read from the syntax tree:
a name is judged by its last assignment before the call, in the same function.
"""

from __future__ import annotations

import ast

from ..graph import Span
from .keras_calls import keras_names

KERAS_SAYS = "Keras raises ValueError ('All `inputs` values must be KerasTensors')"


def not_an_input(analysis, context):
    names = keras_names(analysis)
    suspects: dict = {}  # name -> what it is bound to somewhere ("InputLayer", "numpy")
    for name, value, _ in names.assigned:
        what = _what(value, names)
        if what:
            suspects.setdefault(name, set()).add(what)
    if not suspects:
        return  # no InputLayer object or array is ever bound to a name
    for call in names.calls:
        for item, usage in _inputs_of(call, names):
            if usage == "layer" and "InputLayer" not in suspects.get(item.id, ()):
                continue  # layers called on arrays run eagerly: fine
            if item.id not in suspects:
                continue
            line, what = _last_binding(item, call, names)
            if what is not None and (usage == "model" or what == "InputLayer"):
                yield context.report(Span(*analysis.text.position(item)), _message(item.id, line, what, usage))


def _last_binding(name, call, names) -> tuple:
    """(line, what) of the last assignment to ``name`` before ``call`` in the
    same function (or module level). What is None when any assignment there
    binds something else: under an ``if`` the call may see that one."""
    scope = names.scope_of(call)
    before = [(node.lineno, node.col_offset, value) for n, value, node in names.assigned
              if n == name.id and node.lineno < call.lineno and names.scope_of(node) is scope]
    whats = {_what(value, names) for _, _, value in before}
    if len(whats) != 1:
        return 0, None
    return max(before, key=lambda b: b[:2])[0], whats.pop()


def _what(value, names) -> str | None:
    if not isinstance(value, ast.Call):
        return None
    while isinstance(value.func, ast.Attribute) and isinstance(value.func.value, ast.Call):
        value = value.func.value  # np.random.rand(...).astype(...): what the chain starts from
    if names.kind(value.func) == ("layer", "InputLayer"):
        return "InputLayer"
    if names.is_numpy(value.func):
        return "numpy"
    return None


def _inputs_of(call, names):
    """(name node, usage) for the plain names a functional ``Model(...)``
    takes as inputs ("model") or a layer is called on ("layer")."""
    kind = names.kind(call.func)
    if kind is not None and kind[0] == "model":
        inputs = next((k.value for k in call.keywords if k.arg == "inputs"), call.args[0] if call.args else None)
        usage = "model"
    elif isinstance(call.func, ast.Call) and (names.kind(call.func.func) or ("",))[0] in ("layer", "merge"):
        inputs = call.args[0] if call.args else None
        usage = "layer"
    else:
        return
    for item in inputs.elts if isinstance(inputs, (ast.List, ast.Tuple)) else [inputs]:
        if isinstance(item, ast.Name):
            yield item, usage


def _message(name, line, what, usage) -> str:
    if what == "InputLayer":
        if usage == "layer":
            return (f"`{name}` is an InputLayer object (line {line}), not a tensor: a layer called on it raises "
                    f"ValueError ('Only input tensors may be passed as positional arguments'). "
                    f"Use `{name} = keras.Input(shape=...)`, which returns the input tensor")
        return (f"`{name}` is an InputLayer object (line {line}), not an input tensor: {KERAS_SAYS}. "
                f"Use `{name} = keras.Input(shape=...)`, which returns the input tensor")
    return (f"`{name}` is a NumPy array (line {line}), data rather than a symbolic input: {KERAS_SAYS}. "
            f"Build the model on `keras.Input(shape=...)` and pass the array to fit() or predict()")
