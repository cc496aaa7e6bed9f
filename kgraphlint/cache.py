"""Per-file results cache in ``.kgraphlint_cache/``.

An entry is keyed by the file's path and content, the settings' fingerprint,
the kgraphlint version and a hash of kgraphlint's own source (so editing a
rule in a development checkout invalidates it). One small JSON file per
entry, written to a temporary name and renamed: concurrent runs never see a
half-written entry, and a corrupt or unreadable one is just a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache

from . import __version__
from .diagnostics import Diagnostic, Edit, Fix

CACHE_DIR_NAME = ".kgraphlint_cache"


@lru_cache(maxsize=1)
def tool_hash() -> str:
    """A hash of kgraphlint's own files by name, size and mtime: an edit in a
    development checkout invalidates the cache. Stat only — reading the
    ~100 files on every run would cost a pre-commit hook more than it saves."""
    package = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256(__version__.encode())
    for directory, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".md")):
                st = os.stat(os.path.join(directory, name))
                h.update(f"{os.path.relpath(directory, package)}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


class Cache:
    def __init__(self, directory: str, settings_fingerprint: str):
        self.directory = os.path.join(directory, f"v{__version__}-{tool_hash()}")
        self.salt = f"{settings_fingerprint}\0".encode()
        self._made: set = set()  # entry directories known to exist

    def key(self, path: str, data: bytes) -> str:
        h = hashlib.sha256(self.salt)
        h.update(os.path.abspath(path).encode() + b"\0")
        h.update(data)
        return h.hexdigest()

    def _entry(self, key: str) -> str:
        return os.path.join(self.directory, key[:2], key[2:] + ".json")

    def get(self, key: str, unchanged=None) -> list | None:
        """The entry's diagnostics, unless it is missing or corrupt, or
        ``unchanged(dependencies)`` says a module the file imported changed."""
        try:
            with open(self._entry(key), encoding="utf-8") as f:
                entry = json.load(f)
            if entry["dependencies"] and (unchanged is None or not unchanged(entry["dependencies"])):
                return None
            return [_load(d) for d in entry["diagnostics"]]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None  # missing, corrupt or from an incompatible writer: a miss

    def put(self, key: str, diagnostics: list, dependencies: list = ()) -> None:
        path = self._entry(key)
        # One writer per process and entry: the pid makes the temporary name
        # unique without mkstemp's random names and retries.
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            self._prepare(os.path.dirname(path))
            text = json.dumps({"diagnostics": [_dump(d) for d in diagnostics], "dependencies": list(dependencies)},
                              separators=(",", ":"))
            try:
                with open(tmp, "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(tmp, path)
            except BaseException:
                _unlink(tmp)
                raise
        except OSError:
            pass  # a read-only or full disk must not fail the run; we just do not cache

    def _prepare(self, directory: str) -> None:
        if directory in self._made:
            return
        if not self._made:
            root = os.path.dirname(self.directory)
            os.makedirs(root, exist_ok=True)
            # As ruff does: keep the cache out of git and out of backups.
            for name, text in ((".gitignore", "*\n"),
                               ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n")):
                target = os.path.join(root, name)
                if not os.path.exists(target):
                    with open(target, "w", encoding="utf-8") as f:
                        f.write(text)
        os.makedirs(directory, exist_ok=True)
        self._made.add(directory)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _dump(d: Diagnostic) -> dict:
    out = {k: getattr(d, k) for k in ("code", "name", "severity", "message", "path", "line", "column",
                                      "end_line", "end_column", "model", "cell")}
    if d.fix is not None:
        out["fix"] = {"applicability": d.fix.applicability, "message": d.fix.message,
                      "edits": None if d.fix.edits is None else
                      [[e.line, e.column, e.end_line, e.end_column, e.content] for e in d.fix.edits]}
    return out


def _load(data: dict) -> Diagnostic:
    fix = data.pop("fix", None)
    if fix is not None:
        edits = fix["edits"]
        fix = Fix(fix["applicability"], fix["message"], None if edits is None else tuple(Edit(*e) for e in edits))
    return Diagnostic(**data, fix=fix)
