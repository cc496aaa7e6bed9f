"""Keras's own Python, read as text: the ``keras.applications`` builders,
their ``preprocess_input`` / ``decode_predictions`` and ``imagenet_utils``.

They are vendored unmodified from the pinned Keras (``KERAS_VERSION``) in
``kgraphlint/vendor/keras_applications/`` with Keras's Apache-2.0 LICENSE, so
they are read the same way whether Keras is installed or not (pre-commit's
isolated environment). The interpreter runs them as it runs the project's own
modules; nothing here imports Keras.

One instance serves a whole process: each vendored file is parsed once.
"""

from __future__ import annotations

import ast
import os
import re

from . import KERAS_VERSION

VENDOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vendor", "keras_applications")
_PREFIXES = ("keras.src.applications.", "keras.applications.")


class KerasSource:
    def __init__(self, folder: str = VENDOR):
        self.folder = folder
        self._trees: dict = {}  # path -> (source, tree) or None
        self.interpreted: dict = {}  # path -> (values.Module, dependencies): top levels run once (extract/sharing.py)
        self._exports: dict | None = None  # "keras.applications.X" -> (path, function name)

    def module_path(self, dotted: str) -> str | None:
        """The vendored file of ``keras.src.applications.resnet`` (or its
        public spelling ``keras.applications.resnet``), if there is one."""
        for prefix in _PREFIXES:
            if dotted.startswith(prefix):
                stem = dotted[len(prefix):]
                if stem.isidentifier():
                    path = os.path.join(self.folder, stem + ".py")
                    return path if os.path.isfile(path) else None
        return None

    def export(self, public: str):
        """(path, function name) of a public name such as
        ``keras.applications.ResNet50`` or ``keras.applications.resnet50.preprocess_input``."""
        if self._exports is None:
            self._exports = self._index()
        return self._exports.get(public)

    @property
    def used(self) -> bool:
        """Some of Keras's source has been read in this process."""
        return bool(self._trees)

    def load(self, path: str):
        """(source, tree) of a vendored file, parsed once; None if unreadable."""
        if path not in self._trees:
            try:
                with open(path, encoding="utf-8") as f:
                    source = f.read()
                self._trees[path] = (source, ast.parse(source, path))
            except (OSError, SyntaxError, ValueError):
                self._trees[path] = None
        return self._trees[path]

    def _index(self) -> dict:
        """Every ``@keras_export("keras.applications...")`` of the vendored
        files, found in their text: a module is parsed only when it runs."""
        out: dict = {}
        for name in sorted(os.listdir(self.folder)) if os.path.isdir(self.folder) else ():
            if name.endswith(".py"):
                path = os.path.join(self.folder, name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                for match in _EXPORT.finditer(text):
                    for public in _STRING.findall(match.group(1)):
                        out.setdefault(public, (path, match.group(2)))
        return out


_EXPORT = re.compile(r"@keras_export\(\s*(\[[^\]]*\]|\"[^\"]*\")\s*,?\s*\)\s*def (\w+)")
_STRING = re.compile(r'"([^"]+)"')


def exported_names(fn: ast.FunctionDef):
    """The names ``@keras_export(...)`` gives a function (what _EXPORT reads)."""
    for deco in fn.decorator_list:
        if isinstance(deco, ast.Call) and getattr(deco.func, "id", None) == "keras_export":
            for arg in deco.args:
                items = arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else [arg]
                for item in items:
                    if isinstance(item, ast.Constant) and isinstance(item.value, str):
                        yield item.value


_SHARED: KerasSource | None = None


def shared() -> KerasSource:
    """The process-wide reader: vendored files are parsed once per run."""
    global _SHARED
    if _SHARED is None:
        _SHARED = KerasSource()
    return _SHARED


def version_note() -> str | None:
    """One line when the installed Keras is not the one the vendored source
    comes from (read from package metadata; Keras is not imported)."""
    from importlib import metadata

    try:
        installed = metadata.version("keras")
    except metadata.PackageNotFoundError:
        return None
    if installed == KERAS_VERSION:
        return None
    return (f"kgraphlint: Keras {installed} is installed; keras.applications is read from the "
            f"Keras {KERAS_VERSION} source kgraphlint ships")
