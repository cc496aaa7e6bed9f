"""Run a generated program in a subprocess, one model at a time, with timeouts.

All models of a run share one interpreter (importing TensorFlow costs
seconds). A model that hangs or crashes the interpreter is reported on its
own; the models after it run again in a fresh process.
"""

from __future__ import annotations

import collections
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time

from .codegen import PREFIX

#: seconds allowed for the interpreter to import Keras before the first model
START_TIMEOUT = 180.0


class ToolFailure(Exception):
    """The program could not run at all (not a verdict on any model)."""


class TensorFlowMissing(ToolFailure):
    pass


def child_env() -> dict:
    env = dict(os.environ)
    env.update(KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", PYTHONDONTWRITEBYTECODE="1")
    return env


def _pump(stream, q):
    for line in stream:
        q.put(line)
    q.put(None)


def _kill(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the child's own session: TF helpers too
    except ProcessLookupError:
        pass
    proc.wait()


def run(source: str, count: int, timeout: float, progress=None, argv_extra=(), cwd=None) -> dict:
    """Run ``source`` for models ``0..count-1``; return ``{i: payload}``.

    A payload is the program's JSON, or ``{"ok": False, "timeout": True}`` /
    ``{"ok": False, "crashed": ...}``. ``progress(done, total)`` is called as
    models finish.
    """
    results: dict = {}
    remaining = list(range(count))
    with tempfile.TemporaryDirectory(prefix="kgraphlint-verify-") as tmp:
        path = os.path.join(tmp, "program.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        while remaining:
            before = len(remaining)
            _run_once(path, remaining, results, timeout, progress, count, list(argv_extra), cwd or tmp)
            if len(remaining) == before:  # no progress: never loop forever
                raise ToolFailure("the verification program made no progress")
    return results


def _run_once(path, remaining, results, timeout, progress, total, argv_extra, cwd):
    proc = subprocess.Popen(
        [sys.executable, path, *argv_extra, *map(str, remaining)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
        env=child_env(),
        cwd=cwd,
        start_new_session=True,
    )
    lines: queue.Queue = queue.Queue()
    tail: collections.deque = collections.deque(maxlen=20)
    threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
    threading.Thread(target=lambda: tail.extend(proc.stderr), daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT
    current = None
    started = False
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                _kill(proc)
                if current is None:
                    raise ToolFailure(f"Keras did not start within {START_TIMEOUT:.0f} s") from None
                results[current] = {"ok": False, "timeout": True}
                remaining.remove(current)
                return
            if line is None:
                break
            if not line.startswith(PREFIX):
                continue  # the user's own prints (--exec-source)
            word, _, rest = line[len(PREFIX):].strip().partition(" ")
            if word == "missing":
                proc.wait()
                raise TensorFlowMissing(rest)
            if word == "ready":
                started = True
            elif word == "start":
                current = int(rest)
                deadline = time.monotonic() + timeout
            elif word == "result":
                i, _, payload = rest.partition(" ")
                results[int(i)] = json.loads(payload)
                remaining.remove(int(i))
                current = None
                if progress:
                    progress(len(results), total)
    finally:
        if proc.poll() is None:
            _kill(proc)
    proc.wait()
    if current is not None:  # the interpreter died inside this model
        results[current] = {"ok": False, "crashed": _tail(tail) or f"exit status {proc.returncode}"}
        remaining.remove(current)
    elif remaining and not started:
        raise ToolFailure(f"the verification program failed: {_tail(tail) or proc.returncode}")


def _tail(lines) -> str:
    text = "".join(lines).strip().splitlines()
    return text[-1] if text else ""
