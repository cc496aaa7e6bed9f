"""Run the linter over paths: discovery -> pre-scan -> cache -> ``lint_source``.

The parent reads each file once to pre-scan and look it up in the cache;
only the misses are linted, in a process pool once there is enough of them to
pay for one, while the parent goes on screening (workers re-read their files,
so no source is held in memory).
Results come back in discovery order. Nothing a file contains can stop the
run: unreadable and binary files are skipped with a reason, an exception is
a KG000 finding for that file, and a file nested too deeply for libcst's
native parser gets its findings without fixes (``pyast.parse_cst``).
A notebook is linted as the module of its code cells (``notebook``), its
findings in cell coordinates; one that cannot be read is a KG001 finding.
"""

from __future__ import annotations

import os

from .cache import CACHE_DIR_NAME, Cache
from .diagnostics import Diagnostic, FileResult
from .discovery import _describe, discover
from .notebook import is_notebook
from .prescan import may_use_keras

MAX_BYTES = 2_000_000  # model code is never this big; generated data is, and costs seconds
POOL_MIN_BYTES = 100_000  # below this (a pre-commit run's few files) forking workers costs more than it saves


def run(paths, settings, *, force_exclude=False, use_cache=True, cache_dir=None, jobs=None, fix_edits=True) -> list:
    """``fix_edits=False``: fixes come without their edits (enough for the
    `[*]` marker and the count; ``lint_source``), so libcst is not loaded."""
    entries = discover(paths, settings, force_exclude)
    _MODULES.clear()  # modules are read afresh each run: they may have changed since the last
    cache = None
    if use_cache:
        directory = cache_dir or settings.cache_dir or os.path.join(settings.root, CACHE_DIR_NAME)
        cache = Cache(directory, settings.fingerprint())
    results: list = [None] * len(entries)
    linter = _Linter(settings, cache, jobs or _cpu_count(), fix_edits)
    for i, entry in enumerate(entries):
        if entry.reason:
            results[i] = FileResult(entry.path, skipped=entry.reason)
            continue
        result, size = _screen(entry.path, cache, fix_edits)
        if result is not None:
            results[i] = result
        else:
            linter.add(i, entry.path, size)
    for i, result in linter.results():
        results[i] = result
    if cache is not None:  # one write for the whole run (cache.py)
        for result in results:
            if result is not None and result.cache_entry is not None:
                key, dependencies = result.cache_entry
                cache.put(key, result.diagnostics, dependencies, path=result.path)
                result.cache_entry = None
        cache.flush()
    return results


class _Linter:
    """Lints the files the screen lets through. A few files (a pre-commit
    run, a warm cache) are linted here: forking workers would cost more than
    it saves. Once the files waiting add up to enough work, workers start
    and take each file as soon as it is screened, so reading and screening
    the rest of the tree overlaps with the linting."""

    def __init__(self, settings, cache, jobs: int, fix_edits: bool):
        self.settings, self.cache, self.jobs, self.fix_edits = settings, cache, jobs, fix_edits
        self.waiting: list = []  # (index, path, size) not yet handed to a worker
        self.work = 0
        self.pool = None
        self.futures: list = []  # (index, path, future), in discovery order

    def add(self, index: int, path: str, size: int) -> None:
        if self.pool is not None:
            self.futures.append((index, path, self.pool.submit(_lint_in_worker, path)))
            return
        self.waiting.append((index, path, size))
        self.work += size
        if self.jobs >= 2 and len(self.waiting) >= 2 and self.work >= POOL_MIN_BYTES:
            self._start_pool()

    def _start_pool(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Imported here so that forked workers start with the engine loaded
        # (a notebook is read without nbformat: notebook._plain_v4).
        from . import rules  # noqa: F401

        self.context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=self.context, initializer=_start_worker,
                                        initargs=(self.settings, self.cache, self.fix_edits))
        # Largest first, so that no worker is left with a big file at the end.
        for index, path, _ in sorted(self.waiting, key=lambda item: -item[2]):
            self.futures.append((index, path, self.pool.submit(_lint_in_worker, path)))
        self.waiting = []

    def results(self):
        """(index, FileResult) of every file added."""
        if self.pool is None:
            for index, path, _ in self.waiting:
                yield index, lint_file(path, self.settings, self.cache, self.fix_edits)
            return
        from concurrent.futures.process import BrokenProcessPool

        with self.pool:
            for index, path, future in self.futures:
                try:
                    yield index, future.result()
                except BrokenProcessPool:
                    # A worker died (a native crash): every unfinished file is
                    # retried alone, so only the culprit is lost, as a finding.
                    yield index, _isolated(path, self.settings, self.cache, self.context, self.fix_edits)


def _screen(path: str, cache, fix_edits: bool) -> tuple:
    """(result, size): a result when the file needs no linting, else None."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        return FileResult(path, skipped=_read_error(exc, path)), 0
    notebook = is_notebook(path)
    if b"\0" in data and not notebook:
        return FileResult(path, skipped="binary file (contains NUL bytes)"), 0
    # A notebook is always read, so that a malformed one is reported; its
    # outputs (images) make it large, so the size limit applies to its code.
    if not notebook and not may_use_keras(data) and _decodable(data):
        return FileResult(path), 0  # cannot define or use a Keras model: clean
    if len(data) > MAX_BYTES and not notebook:
        return FileResult(path, skipped=f"too large to analyse ({len(data) / 1e6:.1f} MB > {MAX_BYTES / 1e6:g} MB)"), 0
    if cache is not None:
        cached = cache.get(cache.key(path, data), _unchanged)
        # An entry written without fix edits cannot serve a run that wants them.
        if cached is not None and not (fix_edits and any(d.fix and d.fix.edits is None for d in cached)):
            return FileResult(path, cached), 0
    return None, len(data)


def _unchanged(dependencies: list) -> bool:
    from .project import fingerprint

    return fingerprint(p for p, _ in dependencies) == [tuple(d) for d in dependencies]


def _read_error(exc: OSError, path: str) -> str:
    if isinstance(exc, IsADirectoryError):
        return "a directory, not a file"
    return _describe(exc, path)


def _isolated(path, settings, cache, context, fix_edits):
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_start_worker,
                                 initargs=(settings, cache, fix_edits)) as pool:
            return pool.submit(_lint_in_worker, path).result()
    except BrokenProcessPool:
        message = "the analysis crashed the Python process on this file; please report this"
        return FileResult(path, _internal(path, message, settings))


_WORKER: tuple = ()  # (settings, cache, fix_edits), sent once per worker rather than with every file


def _start_worker(settings, cache, fix_edits):
    global _WORKER
    _WORKER = (settings, cache, fix_edits)


def _lint_in_worker(path):
    return lint_file(path, *_WORKER)


def lint_file(path: str, settings, cache=None, fix_edits=True) -> FileResult:
    """The FileResult for one file, with the entry ``run`` stores in
    ``cache`` (``FileResult.cache_entry``); never raises.
    All of it runs on the process's deep-stack thread (deepstack.py), where
    extraction needs to be: one thread's memory for the whole file."""
    from .deepstack import on_deep_stack

    out: list = []
    on_deep_stack(lambda: out.append(_lint_file(path, settings, cache, fix_edits)), deep_recursion=False)
    return out[0]


def _lint_file(path: str, settings, cache, fix_edits) -> FileResult:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        return FileResult(path, skipped=_read_error(exc, path))
    modules = project_modules(settings)
    modules.read = []
    try:
        with _collect_once():
            result = FileResult(path, _lint_bytes(data, path, settings, fix_edits))
    except _Skip as skip:
        return FileResult(path, skipped=str(skip))  # not cached: said again on every run
    except Exception as exc:
        result = FileResult(path, _internal(path, _describe_exception(exc), settings))
    if cache is not None:
        from .project import fingerprint

        # The entry holds only while the project modules this file imported are
        # unchanged; keyed by the content read here, written by the parent.
        result.cache_entry = (cache.key(path, data), fingerprint(modules.read))
    return result


class _collect_once:
    """Python's cyclic GC, left on, keeps re-scanning the syntax tree and the
    interpreter's objects while a file is analysed (a third of the run).
    Instead: freeze what is already loaded, pause the GC during a file, and
    collect that file's cycles once at the end, so memory stays flat."""

    frozen = False

    def __enter__(self):
        import gc

        if not _collect_once.frozen:
            gc.freeze()  # modules and settings: never garbage, never scanned again
            _collect_once.frozen = True
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        import gc

        from .pyast import parse

        parse.cache_clear()  # the file's tree is garbage now
        if self.was_enabled:
            gc.enable()
            # Only the youngest generation: everything this file allocated is
            # there (the GC was off). A full collection would also re-scan the
            # project modules and Keras sources read so far, at every file.
            gc.collect(0)
        return False


def _lint_bytes(data: bytes, path: str, settings, fix_edits: bool = True) -> list:
    if is_notebook(path):
        return _lint_notebook(data, path, settings, fix_edits)
    try:
        text = _decode(data)
    except (UnicodeDecodeError, SyntaxError, LookupError) as exc:
        return _syntax(path, settings, *_decode_error(exc, data))
    problem = _too_complex(text)
    if problem:
        return _syntax(path, settings, 1, 1, problem)
    from .rules import lint_source

    return lint_source(text, path, settings, fix_edits, project_modules(settings))


_MODULES: dict = {}  # src roots -> ProjectModules: each imported module read once per process


def project_modules(settings):
    from .project import ProjectModules

    src = tuple(getattr(settings, "src", ()) or ())
    if src not in _MODULES:
        _MODULES[src] = ProjectModules(src)
    return _MODULES[src]


class _Skip(Exception):
    """The file cannot be analysed for the reason given; it is skipped with a warning."""


def _lint_notebook(data: bytes, path: str, settings, fix_edits: bool) -> list:
    from .notebook import NotebookError, read_notebook

    try:
        text = data.decode("utf-8")  # JSON is UTF-8; Jupyter writes nothing else
    except UnicodeDecodeError as exc:
        line, column, _ = _decode_error(exc, data)
        message = f"not a notebook: invalid UTF-8 (byte 0x{data[exc.start]:02x}); Jupyter writes notebooks as UTF-8"
        return _syntax(path, settings, line, column, message)
    try:
        notebook = read_notebook(text)
    except NotebookError as exc:
        return _syntax(path, settings, exc.line, exc.column, f"{exc}; this file was not checked")
    source = notebook.source
    if not notebook.is_python or not may_use_keras(source.encode("utf-8", "surrogatepass")):
        return []  # an R or Julia notebook, or one without Keras: clean, as a .py file would be
    if len(source) > MAX_BYTES:
        raise _Skip(f"code cells too large to analyse ({len(source) / 1e6:.1f} MB > {MAX_BYTES / 1e6:g} MB)")
    problem = _too_complex(source)
    if problem:
        return _syntax(path, settings, 1, 1, problem)
    return notebook.lint(path, settings, fix_edits, project_modules(settings))


def _decodable(data: bytes) -> bool:
    """Python refuses to import a file it cannot decode: that is a KG001 even
    in a file that never mentions Keras."""
    if data.isascii():
        return True
    try:
        _decode(data)
    except (UnicodeDecodeError, SyntaxError, LookupError):
        return False
    return True


def _decode(data: bytes) -> str:
    """Decode as Python does: BOM, then a PEP 263 coding cookie, else UTF-8."""
    import io
    import tokenize

    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


def _decode_error(exc: Exception, data: bytes) -> tuple:
    if isinstance(exc, UnicodeDecodeError):
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        message = (f"cannot decode as {exc.encoding}: invalid byte 0x{data[start]:02x}; "
                   "save the file as UTF-8 or declare its encoding (PEP 263)")
        return line, column, message
    return 1, 1, f"cannot decode the file: {exc}"


def _too_complex(text: str) -> str | None:
    from .pyast import parse

    try:
        parse(text)
    except SyntaxError:
        return None  # lint_source reports it
    except (RecursionError, MemoryError):
        return "too deeply nested for Python to parse (Python itself would refuse this file)"
    return None


def _syntax(path, settings, line, column, message) -> list:
    if not settings.is_selected("KG001", path):
        return []
    return [Diagnostic("KG001", "syntax-error", "error", message, path, line, column, line, column + 1)]


def _internal(path, message, settings) -> list:
    if not settings.is_selected("KG000", path):
        return []
    return [Diagnostic("KG000", "internal-error", "error", message, path, 1, 1, 1, 1)]


def _describe_exception(exc: Exception) -> str:
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return f"internal error while checking this file: {type(exc).__name__}: {exc}{where}; please report this"


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1
