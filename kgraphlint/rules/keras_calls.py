"""What a call in the syntax tree is, for rules that check calls the model IR
does not keep (``model.add(...)``'s own arguments, ``compile(...)``,
``Model(input=...)``): which imported Keras name a callee spells, and which
variables hold a model."""

from __future__ import annotations

import ast
from functools import cached_property

from ..extract.imports import canonical, classify, star_names


class KerasNames:
    """Import bindings of one file (every scope; a name imported twice keeps
    its last import) and the dotted path an expression spells through them."""

    def __init__(self, tree: ast.Module):
        self.tree = tree

    @cached_property
    def bindings(self) -> dict:
        bound = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        bound[alias.asname] = alias.name
                    else:
                        head = alias.name.split(".")[0]
                        bound[head] = head
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name == "*":
                        bound.update(star_names(node.module))
                    else:
                        bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        return bound

    def dotted(self, expr) -> str | None:
        """``tf.keras.layers.Dense`` -> ``tensorflow.keras.layers.Dense``."""
        attrs = []
        while isinstance(expr, ast.Attribute):
            attrs.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name) or expr.id not in self.bindings:
            return None
        return ".".join([self.bindings[expr.id], *reversed(attrs)])

    def kind(self, expr):
        """``classify``'s (kind, name) for a Keras name, else None."""
        path = self.dotted(expr)
        return classify(path) if path else None

    def keras_path(self, expr) -> str | None:
        """``keras.<...>`` for any spelling of a Keras name, else None."""
        path = self.dotted(expr)
        return canonical(path) if path else None

    def is_numpy(self, expr) -> bool:
        path = self.dotted(expr)
        return path is not None and (path == "numpy" or path.startswith("numpy."))


def calls(tree) -> list:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def assigned_calls(tree) -> list:
    """(variable name, call) for every ``name = f(...)``, in any scope."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.append((target.id, node.value))
    return found


def model_variables(analysis, names: KerasNames) -> dict:
    """Variable name -> "sequential" | "model" for names bound to a model:
    ``m = Sequential(...)``/``Model(...)`` anywhere, or a model the extractor
    found under that name (``model = build()``)."""
    found = {}
    for model in analysis.models:
        if model.name and model.name.isidentifier() and model.kind in ("sequential", "functional"):
            found[model.name] = "sequential" if model.kind == "sequential" else "model"
    for name, call in assigned_calls(analysis.tree):
        kind = names.kind(call.func)
        if kind and kind[0] in ("sequential", "model"):
            found[name] = kind[0]
    return found
