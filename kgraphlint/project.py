"""The project's own modules, found from a file the way Python would find them
when the project runs, so that a builder in ``app/model.py`` can follow a
helper it imports from ``app/blocks.py``.

Where Python looks, as ruff's ``src`` setting describes it: the importing
file's own directory (a script's ``sys.path[0]``), the project root (the
nearest directory with a ``pyproject.toml`` or ``.git``) and its ``src/``,
and the ``src`` roots configured in ``[tool.kgraphlint]``. Keras, TensorFlow
and other installed packages are never read from here: only files under these
roots are the project's.

The engine stays free of I/O: it is handed a ``ProjectModules`` and asks it for
paths and sources. One instance serves a whole run, so each module is read and
parsed once however many files import it.
"""

from __future__ import annotations

import ast
import hashlib
import os

_MARKERS = ("pyproject.toml", ".git")


class ProjectModules:
    def __init__(self, src: tuple = ()):
        self.src = tuple(os.path.abspath(p) for p in src)
        self._roots: dict = {}  # directory -> roots
        self._found: dict = {}  # (roots, module, level, directory) -> path or None
        self._trees: dict = {}  # path -> (source, ast.Module) or None
        self.read: list = []  # paths loaded for the file being analysed (its cache dependencies)
        self.interpreted: dict = {}  # path -> (values.Module, dependencies): top levels run once (extract/sharing.py)

    def roots(self, importer: str) -> tuple:
        directory = os.path.dirname(os.path.abspath(importer))
        cached = self._roots.get(directory)
        if cached is None:
            roots = [directory]
            root = project_root(directory)
            if root is not None:
                roots += [root, os.path.join(root, "src")]
            roots += list(self.src)
            cached = self._roots[directory] = tuple(dict.fromkeys(r for r in roots if os.path.isdir(r)))
        return cached

    def resolve(self, module: str, importer: str, level: int = 0) -> str | None:
        """The file that ``import module`` (``level`` dots) in ``importer`` loads,
        if it is one of the project's own; None for anything else."""
        directory = os.path.dirname(os.path.abspath(importer))
        key = (module, level, directory)
        if key in self._found:
            return self._found[key]
        parts = [p for p in module.split(".") if p]
        if level:
            base = directory
            for _ in range(level - 1):
                base = os.path.dirname(base)
            found = _locate(base, parts)
        else:
            found = next((f for f in (_locate(r, parts) for r in self.roots(importer)) if f), None)
        if found is not None and os.path.abspath(found) == os.path.abspath(importer):
            found = None  # a script named like the module it imports (keras.py) shadows nothing here
        self._found[key] = found
        return found

    def load(self, path: str):
        """(source, tree) of a module, read and parsed once; None if it cannot be."""
        self.read.append(path)
        if path not in self._trees:
            try:
                with open(path, encoding="utf-8") as f:
                    source = f.read()
                self._trees[path] = (source, ast.parse(source, path))
            except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError):
                self._trees[path] = None
        return self._trees[path]


def project_root(directory: str) -> str | None:
    """The nearest directory at or above ``directory`` with a project marker."""
    current = directory
    while True:
        if any(os.path.exists(os.path.join(current, m)) for m in _MARKERS):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _locate(base: str, parts: list) -> str | None:
    if not parts:
        init = os.path.join(base, "__init__.py")
        return init if os.path.isfile(init) else None
    stem = os.path.join(base, *parts)
    if os.path.isfile(stem + ".py"):
        return stem + ".py"
    init = os.path.join(stem, "__init__.py")
    if os.path.isfile(init):
        return init
    return None


def fingerprint(paths) -> list:
    """[(path, content hash)] of the modules a result depends on, for the cache."""
    out = []
    for path in paths:
        try:
            with open(path, "rb") as f:
                out.append((path, hashlib.sha256(f.read()).hexdigest()[:16]))
        except OSError:
            out.append((path, ""))
    return out
