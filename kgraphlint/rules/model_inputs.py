"""KG101 in the functional form: a model whose inputs are not input tensors.

``Model(inputs, outputs)`` needs the tensors ``keras.Input(...)`` returns.
An ``InputLayer(...)`` object (the layer, not its tensor) or a NumPy array
(the data) makes Keras raise "All `inputs` values must be KerasTensors"; a
layer called on an InputLayer object raises too. Read from the syntax tree:
a name is judged by its last assignment before the call, in the same scope.
"""

from __future__ import annotations

import ast

from ..graph import Span
from .keras_calls import keras_names

KERAS_SAYS = "Keras raises ValueError ('All `inputs` values must be KerasTensors')"


def not_an_input(analysis, context):
    names = keras_names(analysis)
    scopes = [analysis.tree] + [n for n in ast.walk(analysis.tree) if isinstance(n, (ast.FunctionDef,
                                                                                     ast.AsyncFunctionDef))]
    for scope in scopes:
        statements = list(_own_nodes(scope))
        assigned = {}  # name -> [(line, column, what)] in this scope
        for node in statements:
            if isinstance(node, ast.Assign):
                what = _what(node.value, names)
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append((node.lineno, node.col_offset, what))
        for node in statements:
            if not isinstance(node, ast.Call):
                continue
            for name, line, what, usage in _suspects(node, names, assigned):
                yield context.report(Span(*analysis.text.position(name)), _message(name.id, line, what, usage))


def _own_nodes(scope):
    """Nodes of ``scope`` not inside a nested function or class."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


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


def _suspects(call, names, assigned):
    """(name node, line, what, usage) for InputLayer objects or arrays used
    as a functional model's inputs, or called on by a layer."""
    kind = names.kind(call.func)
    if kind is not None and kind[0] == "model":
        inputs = next((k.value for k in call.keywords if k.arg == "inputs"), call.args[0] if call.args else None)
        usage = "model"
    elif isinstance(call.func, ast.Call) and (names.kind(call.func.func) or ("",))[0] in ("layer", "merge"):
        inputs = call.args[0] if call.args else None
        usage = "layer"
    else:
        return
    items = inputs.elts if isinstance(inputs, (ast.List, ast.Tuple)) else [inputs]
    for item in items:
        if not isinstance(item, ast.Name):
            continue
        before = sorted((a for a in assigned.get(item.id, []) if a[0] < call.lineno), key=lambda a: a[:2])
        line, _, what = before[-1] if before else (0, 0, None)
        if what is not None and (usage == "model" or what == "InputLayer"):
            yield item, line, what, usage


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
