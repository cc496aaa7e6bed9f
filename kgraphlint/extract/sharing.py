"""When one importer's run of a module's top level can serve the next.

A project module is read once per run (``project.ProjectModules``); its top
level is run once too when running it only *defined* things: functions,
classes, constants, imports. The next file that imports it then gets the
same ``values.Module``. Anything else (a layer or model made at import, a
list a function may append to, a ``global`` a function may rebind, an
attribute of the module's classes set from its code, an uncertain value) is
state of one analysis: such a module is run again for each importer.
"""

from __future__ import annotations

import ast

from ..pyast import child_fields
from .values import ClassVal, Function, Module, Ref

_PLAIN = (int, float, str, bool, bytes, type(None))


def shareable(module: Module, tree: ast.Module, shared: dict) -> bool:
    """``shared``: path -> (Module, dependencies) already shared this run."""
    scopes = {id(module.env)} | {id(m.env) for m, _ in shared.values()}  # module scopes that outlive one run
    values = [v for name, v in module.env.vars.items() if name != "__all__" or not _strings(v)]
    return all(_inert(v, scopes, 0) for v in values) and _only_defines(tree, module.env.vars)


def _inert(value, scopes: set, depth: int) -> bool:
    if depth > 8:
        return False
    if isinstance(value, (*_PLAIN, Ref)):
        return True
    if type(value) is tuple or type(value) is frozenset:
        return all(_inert(v, scopes, depth + 1) for v in value)
    if isinstance(value, Function):
        return value.bound_self is None and id(value.env) in scopes  # a closure's scope belongs to one run
    if isinstance(value, ClassVal):
        return id(value.env) in scopes and all(_inert(v, scopes, depth + 1) for v in value.attrs.values()) and \
            all(_inert(b, scopes, depth + 1) for b in value.bases)
    if isinstance(value, Module):
        return id(value.env) in scopes
    return False


def _strings(value) -> bool:
    """``__all__ = [...]``: only star imports read it."""
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def _only_defines(tree: ast.Module, names) -> bool:
    """No ``global``/``nonlocal``, and no store into an attribute or item of a
    module-level name (``Block.count += 1``, ``REGISTRY[k] = v``), anywhere."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            return False
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            base = node.value
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                base = base.value
            if isinstance(base, ast.Name) and base.id in names:
                return False
        for field, many in child_fields(node.__class__):
            value = getattr(node, field, None)
            if many:
                stack.extend(v for v in value or () if isinstance(v, ast.AST))
            elif value is not None:
                stack.append(value)
    return True
