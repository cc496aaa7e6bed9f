"""One thread per process with a large stack and a high recursion limit.

The interpreter recurses once per nesting level of the code it reads, and
deeply nested expressions are legal Python, so extraction needs more stack
than the main thread has. One long-lived thread serves every file: a new
thread per file maps a new stack each time, and touching those pages again
(with the allocator's per-thread arenas) cost a tenth of a run over a large
tree. The runner puts a whole file's work on it, so parsing, extraction and
the rules share one thread's memory (and the allocator's arena).
"""

from __future__ import annotations

import os
import sys
import threading

STACK_BYTES = 512 * 1024 * 1024
RECURSION_LIMIT = 60000


def on_deep_stack(fn, deep_recursion: bool = True) -> None:
    """Run ``fn()`` on the deep-stack thread and wait; its exception, if
    any, is raised here. Called from that thread, it just runs ``fn``.

    ``deep_recursion``: raise the recursion limit while ``fn`` runs. The
    runner puts a whole file on the thread without it, so that parsing and
    the rules meet Python's own limit (a file too deep for Python is
    reported as such), and extraction raises it for the interpreter only."""
    job = (lambda: _with_limit(fn)) if deep_recursion else fn
    if getattr(_DEEP.local, "inside", False):
        job()
        return
    with _DEEP.lock:
        try:
            jobs = _DEEP.start()
        except (RuntimeError, ValueError):  # a platform without settable stacks
            job()
            return
        done: list = []
        finished = threading.Event()
        jobs.put((job, done, finished))
        finished.wait()
    if done and done[0] is not None:
        raise done[0]


def _with_limit(fn) -> None:
    limit = sys.getrecursionlimit()  # per interpreter, not per thread: the caller waits meanwhile
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    try:
        fn()
    finally:
        sys.setrecursionlimit(limit)


class _DeepStack:
    """The thread of this process, started on first use, and again in a
    forked child (threads do not survive a fork)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.local = threading.local()
        self.jobs = None
        self.pid = None

    def start(self):
        if self.jobs is not None and self.pid == os.getpid():
            return self.jobs
        import queue

        jobs: queue.SimpleQueue = queue.SimpleQueue()
        old_size = threading.stack_size()
        threading.stack_size(STACK_BYTES)
        try:
            threading.Thread(target=self._serve, args=(jobs,), name="kgraphlint-deep-stack", daemon=True).start()
        finally:
            threading.stack_size(old_size)
        self.jobs, self.pid = jobs, os.getpid()
        return jobs

    def _serve(self, jobs) -> None:
        self.local.inside = True
        while True:
            fn, done, finished = jobs.get()
            try:
                fn()
                done.append(None)
            except BaseException as exc:  # handed to the caller, which reports it
                done.append(exc)
            finally:
                del fn
                finished.set()


_DEEP = _DeepStack()
