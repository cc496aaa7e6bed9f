"""KG107: a Layer or Model subclass whose ``__init__`` or ``call`` is
misspelled (``__int__``, ``__init_``, ``cal``, ``Call``), so Keras never runs
it: the sub-layers are never created, or ``Layer.call`` is never overridden."""

from __future__ import annotations

import ast
import difflib

from ..graph import Span
from .base import Rule
from .keras_calls import KerasNames, keras_names

# What each method must be called for Keras to use it, and what happens otherwise.
EXPECTED = {
    "__init__": ("Keras runs Layer.__init__ instead: arguments raise TypeError and the attributes it sets "
                 "(sub-layers, weights) never exist"),
    "call": "Keras's own Layer.call is never overridden: calling the layer raises NotImplementedError",
}


class MisspelledLayerMethod(Rule):
    code = "KG107"
    name = "misspelled-layer-method"
    severity = "error"
    summary = "A Layer/Model subclass with `__int__`, `__init_`, `cal`, `Call`... instead of `__init__` or `call`."

    def check(self, analysis, context):
        for cls, inherited in keras_subclasses(keras_names(analysis)):
            methods = {f.name: f for f in cls.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
            for wanted, consequence in EXPECTED.items():
                if wanted in methods or wanted in inherited:
                    continue
                for name, method in methods.items():
                    if _misspells(name, wanted) and _looks_like(method, wanted):
                        where = Span(*analysis.text.position(method, "name"))
                        yield context.report(
                            where,
                            f"`{cls.name}.{name}` looks like a misspelled `{wanted}`: {consequence}. "
                            f"Rename it to `{wanted}`",
                        )


def keras_subclasses(names: KerasNames) -> list:
    """(class, methods it inherits that matter here) for classes deriving
    from a Keras Layer or Model, directly or through classes of the same file.
    A concrete Keras parent (``Dense``, ``Sequential``) brings its own ``call``."""
    classes = names.classes
    found: dict = {}  # name -> (class, inherited)
    changed = True
    while changed:
        changed = False
        for cls in classes:
            if cls.name in found:
                continue
            inherited, keras = set(), False
            for base in cls.bases:
                kind = names.kind(base)
                if kind is not None and kind[0] in ("base", "layer", "model", "sequential") and kind[1] != "InputSpec":
                    keras = True
                    if kind[0] in ("layer", "sequential"):
                        inherited.add("call")
                elif isinstance(base, ast.Name) and base.id in found:
                    keras = True
                    parent, above = found[base.id]
                    inherited |= above | {f.name for f in parent.body if isinstance(f, ast.FunctionDef)}
            if keras:
                found[cls.name] = (cls, inherited)
                changed = True
    return list(found.values())


def _misspells(name: str, wanted: str) -> bool:
    if name == wanted or (name.startswith("__") and name.endswith("__") and name != "__int__"):
        return False  # another real dunder (`__call__`, `__repr__`), except the classic `__int__`
    if wanted == "call" and name.startswith("_"):
        return False  # `_call`: a helper some `call` elsewhere delegates to
    return name.lower() == wanted or difflib.SequenceMatcher(None, name, wanted).ratio() >= 0.75


def _looks_like(method, wanted: str) -> bool:
    """The misspelled method does the job of the one it misspells: a
    constructor sets attributes or calls super().__init__; a call takes an input."""
    args = method.args.args
    if wanted == "call":
        return len(args) >= 2 and args[0].arg == "self"
    for node in ast.walk(method):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"
                   for t in targets):
                return True
        if isinstance(node, ast.Attribute) and node.attr == "__init__":
            return True
    return False


RULES = (MisspelledLayerMethod,)
