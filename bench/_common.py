"""Shared helpers for the benchmark scripts: timing subprocesses and tables.

Figures only: nothing here asserts a threshold (timings belong in reports,
never in tests)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import sysconfig
import time

PYTHON = sys.executable
# Timed as installed: `pip install` writes bytecode for every module, so a
# development checkout (or an environment with PYTHONDONTWRITEBYTECODE, which
# would recompile kgraphlint on every start) is compiled once here first.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV.update({"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore"})


def compile_kgraphlint() -> None:
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("kgraphlint")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            compileall.compile_dir(location, quiet=1)


compile_kgraphlint()


def keras_tree() -> str:
    """The installed keras package (found by import machinery, so a venv
    with --system-site-packages finds the base interpreter's)."""
    import importlib.util

    spec = importlib.util.find_spec("keras")
    if spec is not None and spec.submodule_search_locations:
        return next(iter(spec.submodule_search_locations))
    return os.path.join(sysconfig.get_paths()["purelib"], "keras")


def wall(cmd, runs: int = 1, timeout: float | None = None, setup=None) -> tuple:
    """(median wall seconds, all samples) for ``cmd``; None on timeout."""
    samples = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
                           timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return None, samples
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples


def tree_size(root: str) -> tuple:
    files = lines = 0
    for directory, _, names in os.walk(root):
        for name in names:
            if name.endswith((".py", ".pyi")):
                files += 1
                with open(os.path.join(directory, name), "rb") as f:
                    lines += f.read().count(b"\n")
    return files, lines


def table(rows, headers) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    fmt = " | ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
    out = [fmt.format(*headers), "-|-".join("-" * w for w in widths)]
    out += [fmt.format(*map(str, row)) for row in rows]
    return "\n".join(out)


def load() -> str:
    try:
        one, five, _ = os.getloadavg()
        return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"
    except OSError:
        return ""
