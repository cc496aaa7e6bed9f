"""Spell ``Input``/``Model``/``Sequential`` the way the file already does, and
record the import edits that needs (applied once per file, after all models)."""

from __future__ import annotations

import libcst as cst

from .names import Imports, dotted


class ImportPlan:
    def __init__(self, imports: Imports):
        self.imports = imports
        self.additions: dict = {}  # id(ImportFrom) -> (node, [names to add])
        self.new_lines: dict = {}  # id(ImportFrom) -> (node, [import text]) to insert after its line
        self.extra: set = set()  # names bound by those new lines

    def snapshot(self):
        return ({k: (n, list(v)) for k, (n, v) in self.additions.items()},
                {k: (n, list(v)) for k, (n, v) in self.new_lines.items()}, set(self.extra))

    def restore(self, state):
        """Undo the imports planned for a model that was then refused."""
        self.additions, self.new_lines, self.extra = state

    def bound(self, name: str) -> bool:
        if name in self.imports.paths or name in self.extra:
            return True
        return any(name in names for _, names in self.additions.values())

    def join(self, node: cst.ImportFrom, name: str) -> str:
        """Add ``name`` to an existing ``from X import ...``; return how to spell it."""
        if not self.bound(name):
            self.additions.setdefault(id(node), (node, []))[1].append(name)
        return name


def sibling(callee, imports: Imports, plan: ImportPlan, want: str) -> str | None:
    """Spell ``want`` (Model/Sequential) beside the model class ``callee``.

    ``keras.Sequential`` -> ``keras.Model``; a bare ``Sequential`` imported by
    ``from M import Sequential`` -> ``Model`` joining that import.
    """
    if isinstance(callee, cst.Attribute):
        return f"{dotted(callee.value)}.{want}"
    if isinstance(callee, cst.Name):
        if imports.paths.get(want, "").endswith(f".{want}") or (want not in imports.paths and plan.bound(want)):
            return want
        node = imports.from_nodes.get(callee.value)
        if node is not None:
            return plan.join(node, want)
    return None


def input_spelling(model_callee, layer_callees, imports: Imports, plan: ImportPlan) -> str | None:
    """How this file would write ``Input``: follow the layers' style first."""
    if imports.paths.get("Input", "").endswith(".Input"):
        return "Input"
    for callee in layer_callees:
        if isinstance(callee, cst.Name) and callee.value in imports.from_nodes:
            node = imports.from_nodes[callee.value]
            if (dotted(node.module) or "").endswith("layers"):
                return plan.join(node, "Input")
    for callee in layer_callees:
        if isinstance(callee, cst.Attribute):
            owner = dotted(callee.value) or ""
            if owner == "layers" or owner.endswith(".layers"):
                prefix = owner[: -len(".layers")] if owner.endswith(".layers") else ""
                return f"{prefix}.Input" if prefix else "layers.Input"
    if isinstance(model_callee, cst.Attribute):
        owner = dotted(model_callee.value) or ""
        if owner.endswith(".models"):
            owner = owner[: -len(".models")]
        return f"{owner}.Input" if owner else None
    if isinstance(model_callee, cst.Name):
        node = imports.from_nodes.get(model_callee.value)
        if node is not None:
            base = dotted(node.module) or ""
            if base in ("keras", "tensorflow.keras", "tf_keras"):
                return plan.join(node, "Input")
            if base.endswith(".models"):
                if not plan.bound("Input"):
                    text = f"from {base[: -len('.models')]}.layers import Input"
                    plan.new_lines.setdefault(id(node), (node, []))[1].append(text)
                    plan.extra.add("Input")
                return "Input"
    return None


def add_names(node: cst.ImportFrom, names: list) -> cst.ImportFrom:
    """Append names, copying the separator the import already uses."""
    old = list(node.names)
    last = old[-1]
    if len(old) > 1:
        sep = old[-2].comma
    elif node.lpar is not None and isinstance(node.lpar.whitespace_after, cst.ParenthesizedWhitespace):
        sep = cst.Comma(whitespace_after=node.lpar.whitespace_after)  # one name per line
    else:
        sep = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    trailing = last.comma  # keep a trailing comma (parenthesized style) at the end
    new = old[:-1] + [last.with_changes(comma=sep)]
    for i, name in enumerate(names):
        end = i == len(names) - 1
        new.append(cst.ImportAlias(name=cst.Name(name), comma=trailing if end else sep))
    return node.with_changes(names=new)
