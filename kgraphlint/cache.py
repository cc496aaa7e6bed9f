"""Per-file results cache in ``.kgraphlint_cache/``.

An entry is keyed by the file's path and content, the settings' fingerprint,
the kgraphlint version and a hash of kgraphlint's own source (so editing a
rule in a development checkout invalidates it). All entries live in one JSON
file per cache directory, as ruff keeps one file per package: read once when
a run starts, written once when it ends (``flush``), to a temporary name and
renamed, merged with what other runs wrote meanwhile. A file per entry cost
a cold run over a large tree more in file-system calls than the linting of
some of its files. A corrupt or unreadable cache is just a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
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
    FILE_NAME = "entries.json"

    def __init__(self, directory: str, settings_fingerprint: str):
        self.directory = os.path.join(directory, f"v{__version__}-{tool_hash()}")
        self.salt = f"{settings_fingerprint}\0".encode()
        self._entries: dict | None = None  # key -> entry, read on the first get
        self._pending: dict = {}  # key -> entry put by this run, written by flush
        self._lock = threading.Lock()

    def __getstate__(self):  # sent to workers (spawn), which only compute keys
        return {"directory": self.directory, "salt": self.salt}

    def __setstate__(self, state):
        self.__dict__.update(state, _entries=None, _pending={}, _lock=threading.Lock())

    def key(self, path: str, data: bytes) -> str:
        h = hashlib.sha256(self.salt)
        h.update(os.path.abspath(path).encode() + b"\0")
        h.update(data)
        return h.hexdigest()

    @property
    def file(self) -> str:
        return os.path.join(self.directory, self.FILE_NAME)

    def get(self, key: str, unchanged=None) -> list | None:
        """The entry's diagnostics, unless it is missing or corrupt, or
        ``unchanged(dependencies)`` says a module the file imported changed."""
        if self._entries is None:
            self._entries = self._read()
        entry = self._pending.get(key) or self._entries.get(key)
        try:
            if entry["dependencies"] and (unchanged is None or not unchanged(entry["dependencies"])):
                return None
            return [_load(dict(d)) for d in entry["diagnostics"]]
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # missing, corrupt or from an incompatible writer: a miss

    def put(self, key: str, diagnostics: list, dependencies: list = (), path: str | None = None) -> None:
        """Remember an entry; ``flush`` writes it. ``path``: older entries of
        the same file are dropped then."""
        self._pending[key] = {"path": path, "diagnostics": [_dump(d) for d in diagnostics],
                              "dependencies": [list(d) for d in dependencies]}

    def flush(self) -> None:
        """Write this run's entries, merged into what is on disk now."""
        with self._lock:
            if not self._pending:
                return
            pending, self._pending = self._pending, {}
            try:
                self._prepare()
                entries = self._read()  # another run may have written since we read
                replaced = {e["path"] for e in pending.values() if e["path"]}
                entries = {k: e for k, e in entries.items()
                           if not (isinstance(e, dict) and e.get("path") in replaced)}  # an older content of a file
                entries.update(pending)
                text = json.dumps(entries, separators=(",", ":"))
                tmp = f"{self.file}.{os.getpid()}.{threading.get_ident()}.tmp"
                try:
                    with open(tmp, "w", encoding="utf-8") as f:
                        f.write(text)
                    os.replace(tmp, self.file)
                except BaseException:
                    _unlink(tmp)
                    raise
                self._entries = entries
            except OSError:
                pass  # a read-only or full disk must not fail the run; we just do not cache

    def _read(self) -> dict:
        try:
            with open(self.file, encoding="utf-8") as f:
                entries = json.load(f)
        except (OSError, ValueError):
            return {}
        return entries if isinstance(entries, dict) else {}

    def _prepare(self) -> None:
        root = os.path.dirname(self.directory)
        os.makedirs(self.directory, exist_ok=True)
        # As ruff does: keep the cache out of git and out of backups.
        for name, text in ((".gitignore", "*\n"),
                           ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n")):
            target = os.path.join(root, name)
            if not os.path.exists(target):
                with open(target, "w", encoding="utf-8") as f:
                    f.write(text)


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
