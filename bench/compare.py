"""kgraphlint check (cold, warm) vs ruff (default, --select ALL) vs Fixit on
the same trees, in the same run; prints wall times and ratios.

    python bench/compare.py                  # the installed keras package
    python bench/compare.py path/to/tree ... --runs 3
    python bench/compare.py --pip keras-hub --pip tf-keras   # also Keras code from PyPI (wheels unpacked)
    python bench/compare.py --fixit          # also Fixit (pip-installs it if missing; slow, timeboxed)

Targets (issue 6): cold <= 2x ruff --select ALL, warm <= 2x ruff default.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import PYTHON, keras_tree, load, table, tree_size, wall


def prescanned(root: str) -> tuple:
    """(files, lines) that pass kgraphlint's pre-scan and so get parsed."""
    from kgraphlint.prescan import may_use_keras

    files = lines = 0
    for directory, _, names in os.walk(root):
        for name in names:
            if name.endswith((".py", ".pyi")):
                with open(os.path.join(directory, name), "rb") as f:
                    data = f.read()
                if b"\0" not in data and may_use_keras(data):
                    files += 1
                    lines += data.count(b"\n")
    return files, lines


def downloaded(package: str, into: str) -> str | None:
    """Unpack the wheel of ``package`` from PyPI (no dependencies) and return
    the directory: other people's Keras code, read as kgraphlint reads it."""
    import zipfile

    target = os.path.join(into, package)
    subprocess.run([PYTHON, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:", "-d", target,
                    package], check=False)
    wheels = [n for n in os.listdir(target) if n.endswith(".whl")] if os.path.isdir(target) else []
    if not wheels:
        print(f"could not download a wheel of {package}; skipped")
        return None
    tree = os.path.join(target, "tree")
    with zipfile.ZipFile(os.path.join(target, wheels[0])) as wheel:
        wheel.extractall(tree)
    return tree


def ensure_fixit() -> str | None:
    if shutil.which("fixit"):
        return shutil.which("fixit")
    if importlib.util.find_spec("fixit") is None:
        print("installing fixit from PyPI into this environment ...", flush=True)
        subprocess.run([PYTHON, "-m", "pip", "install", "-q", "fixit"], check=False)
    return shutil.which("fixit")


def bench_tree(root: str, args) -> list:
    kg = [PYTHON, "-m", "kgraphlint", "check", root, "--exit-zero", "--output-format", "json"]
    cache = tempfile.mkdtemp(prefix="kgraphlint-bench-")
    reset = lambda: shutil.rmtree(cache, ignore_errors=True)
    results = {}
    results["ruff (default)"] = wall(["ruff", "check", "--no-cache", "--exit-zero", "-q", root], args.runs)[0]
    results["ruff --select ALL"] = wall(["ruff", "check", "--no-cache", "--exit-zero", "-q", "--select", "ALL",
                                         root], args.runs)[0]
    results["kgraphlint cold"] = wall(kg + ["--cache-dir", cache], args.runs, setup=reset)[0]
    results["kgraphlint warm"] = wall(kg + ["--cache-dir", cache], args.runs)[0]
    results["kgraphlint --no-cache"] = wall(kg + ["--no-cache"], 1)[0]
    if args.fixit:
        fixit = ensure_fixit()
        if fixit:
            # Fixit's file walker skips anything under site-packages: lint a copy.
            copy = os.path.join(tempfile.mkdtemp(prefix="kgraphlint-fixit-"), os.path.basename(root))
            shutil.copytree(root, copy)
            t = wall([fixit, "lint", copy], 1, timeout=args.fixit_timeout)[0]
            shutil.rmtree(os.path.dirname(copy), ignore_errors=True)
            results["fixit lint"] = t if t is not None else f">{args.fixit_timeout:.0f} (timeout)"
        else:
            results["fixit lint"] = "not installed"
    shutil.rmtree(cache, ignore_errors=True)

    ruff_all, ruff_default = results["ruff --select ALL"], results["ruff (default)"]
    rows = []
    for tool, t in results.items():
        if isinstance(t, float):
            rows.append([tool, f"{t:.2f}", f"{t / ruff_default:.2f}x", f"{t / ruff_all:.2f}x"])
        else:
            rows.append([tool, t, "", ""])
    cold, warm = results["kgraphlint cold"], results["kgraphlint warm"]
    files, lines = tree_size(root)
    pfiles, plines = prescanned(root)
    print(f"\n## {root}\n{files} files, {lines} lines; {pfiles} files ({plines} lines) pass the pre-scan")
    print(table(rows, ["tool", "wall s", "vs ruff default", "vs ruff ALL"]))
    print(f"targets: cold {cold:.2f} s vs 2x ruff ALL {2 * ruff_all:.2f} s -> "
          f"{'met' if cold <= 2 * ruff_all else 'NOT met'}; "
          f"warm {warm:.2f} s vs 2x ruff default {2 * ruff_default:.2f} s -> "
          f"{'met' if warm <= 2 * ruff_default else 'NOT met'}")
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", nargs="*", help="directories to check (default: the installed keras package)")
    parser.add_argument("--runs", type=int, default=1, help="runs per measurement (median)")
    parser.add_argument("--pip", action="append", default=[], metavar="PACKAGE",
                        help="also a package's wheel from PyPI, unpacked (repeatable)")
    parser.add_argument("--fixit", action="store_true", help="also time Fixit (installs it if missing)")
    parser.add_argument("--fixit-timeout", type=float, default=1200, help="seconds before giving Fixit up")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}; {load()}")
    trees = args.trees or [keras_tree()]
    with tempfile.TemporaryDirectory(prefix="kgraphlint-pip-") as scratch:
        trees += [t for t in (downloaded(p, scratch) for p in args.pip) if t]
        for root in trees:
            bench_tree(os.path.abspath(root), args)


if __name__ == "__main__":
    main()
