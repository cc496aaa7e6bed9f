"""What a callee is, from the file's own imports.

Until the extractor's resolver is available to us this keeps a tiny local map
(local name -> dotted path) and defers all Keras knowledge to
``kgraphlint.extract.imports.classify``, so spellings are judged in one place.
"""

from __future__ import annotations

import libcst as cst

try:  # the colleague's classifier: the one place that knows Keras spellings
    from ..extract.imports import classify as _classify
except ImportError:  # pragma: no cover - only while extract/ is being written
    _classify = None


def dotted(node) -> str | None:
    """``tf.keras.layers.Dense`` for an Attribute chain of Names, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute) and isinstance(node.attr, cst.Name):
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head else None
    return None


def last_name(node) -> str | None:
    text = dotted(node)
    return text.rsplit(".", 1)[-1] if text else None


class Imports:
    """Local names bound by imports at any level of the file."""

    def __init__(self, module: cst.Module):
        self.module = module
        self.paths: dict = {}  # local name -> dotted path
        self.from_nodes: dict = {}  # local name -> the ImportFrom binding it
        self.all_from: list = []  # (ImportFrom, module path) in file order
        for node in _walk(module):
            if isinstance(node, cst.Import):
                for alias in node.names:
                    path = dotted(alias.name)
                    local = alias.asname.name.value if alias.asname else path.split(".")[0]
                    self.paths[local] = path if alias.asname else local
            elif isinstance(node, cst.ImportFrom) and not node.relative:
                base = dotted(node.module) if node.module else None
                if base is None or isinstance(node.names, cst.ImportStar):
                    continue
                self.all_from.append((node, base))
                for alias in node.names:
                    name = dotted(alias.name)
                    local = alias.asname.name.value if alias.asname else name
                    self.paths[local] = f"{base}.{name}"
                    self.from_nodes[local] = node

    def resolve(self, node) -> str | None:
        text = dotted(node)
        if text is None:
            return None
        head, _, rest = text.partition(".")
        base = self.paths.get(head, head)
        return f"{base}.{rest}" if rest else base

    def kind(self, node) -> str | None:
        """'sequential', 'model', 'input', 'layer', ... for a callee, else None."""
        path = self.resolve(node)
        if path is None:
            return None
        if _classify is not None:  # Keras by its import path, or not Keras at all (torch.nn.Sequential)
            found = _classify(path)
            if found is None:
                return None
            if found[0] == "layer" and found[1] == "InputLayer":
                return "inputlayer"
            return found[0]
        # No classifier: fall back on the class name.
        last = path.rsplit(".", 1)[-1]
        return {"Sequential": "sequential", "Model": "model", "Input": "input", "InputLayer": "inputlayer"}.get(last)


def _walk(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def comments(node) -> list:
    return [n.value for n in _walk(node) if isinstance(n, cst.Comment)]


def walk(node):
    return _walk(node)


def reads(node) -> set:
    """Identifiers a statement reads or binds, minus attribute/keyword/param names."""
    out = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            out.add(current.value)
            continue
        if isinstance(current, cst.Attribute):
            stack.append(current.value)
            continue
        if isinstance(current, cst.Arg):
            stack.append(current.value)
            continue
        stack.extend(current.children)
    return out


def stores(stmt) -> set:
    """Names a simple ``a = ...`` / ``a, b = ...`` statement binds."""
    out = set()
    if isinstance(stmt, cst.SimpleStatementLine):
        for small in stmt.body:
            if isinstance(small, cst.Assign):
                for t in small.targets:
                    out |= {n.value for n in walk(t.target) if isinstance(n, cst.Name)}
            elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
                out |= {n.value for n in walk(small.target) if isinstance(n, cst.Name)}
    return out


def layer_index_use(module, name: str):
    """A read of ``name.layers`` other than ``name.layers[-k]``: Functional models
    list their InputLayer there and Sequential ones do not, so ``len()``, indexes
    from the front and loops all see something else after a rewrite."""
    negative = set()
    for node in _walk(module):
        if isinstance(node, cst.Subscript) and len(node.slice) == 1:
            index = node.slice[0].slice
            if isinstance(index, cst.Index) and isinstance(index.value, cst.UnaryOperation) \
                    and isinstance(index.value.operator, cst.Minus):
                negative.add(id(node.value))
    for node in _walk(module):
        if (
            isinstance(node, cst.Attribute)
            and node.attr.value == "layers"
            and isinstance(node.value, cst.Name)
            and node.value.value == name
            and id(node) not in negative
        ):
            return node
    return None
