"""Is a notebook checked as fast as the same code in a .py file (issue 15:
within 20%)?

    python bench/notebook_speed.py [--runs 5] [--copies 8]

Every program in fixtures/models/ is also written as a notebook: its
top-level statements split into code cells where the file has a blank line,
a markdown cell before each, and an execution count and a small stream output
on each code cell (``--outputs KB`` adds an image output of that size, as
plots make real notebooks large). The code cells hold exactly the .py text,
so both runs analyse the same program. CPU time (user + system, the
process pool's workers included) is the figure compared, as it moves far
less than wall time when other work shares the machine; wall time is shown
beside it. The figures, each .ipynb vs .py:

1. per file, in process (``runner.lint_file``, imports already loaded): what
   a notebook costs over its code — reading with nbformat, masking, mapping
   positions back;
2. ``kgraphlint check --no-cache`` on a tree of ``--copies`` copies of all
   programs (cold: every file analysed), start-up included, with enough
   copies that the runner uses its process pool for both trees;
3. ``kgraphlint check`` on one file, as pre-commit runs it, cold (no cache)
   and warm (cached): start-up dominates. A well-formed notebook is read
   without importing nbformat (``notebook._plain_v4``; its import, with
   jsonschema and traitlets, is printed for scale: it was what a cold
   one-notebook run paid until it was avoided); a warm run is answered from
   the cache before any notebook is read.
"""

from __future__ import annotations

import argparse
import ast
import base64
import glob
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import ENV, PYTHON, load, table

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = sorted(glob.glob(os.path.join(HERE, "fixtures", "models", "*.py")))


def cells_of(source: str) -> list:
    """The program's text split before each top-level statement that follows a blank line."""
    lines = source.splitlines(keepends=True)
    starts = [0]
    for node in ast.parse(source).body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
        if first > 0 and not lines[first - 1].strip():
            starts.append(first)
    starts = sorted(set(starts)) + [len(lines)]
    chunks = ["".join(lines[a:b]) for a, b in itertools.pairwise(starts)]
    return [chunk.rstrip("\n") for chunk in chunks if chunk.strip()]


def notebook_of(source: str, image_kb: int) -> str:
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    cells = []
    picture = base64.b64encode(os.urandom(image_kb * 768)).decode() if image_kb else None
    for n, code in enumerate(cells_of(source), start=1):
        cells.append(new_markdown_cell(f"## {n}단계\n모델을 만들어 봅시다."))
        outputs = [new_output("stream", name="stdout", text="Epoch 1/5\n1875/1875 - 3s - loss: 0.52\n")]
        if picture:
            outputs.append(new_output("display_data", data={"image/png": picture, "text/plain": "<Figure>"}))
        cells.append(new_code_cell(code, execution_count=n, outputs=outputs))
    nb = new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})
    return nbformat.writes(nb) + "\n"


def write_tree(root: str, copies: int, image_kb: int) -> tuple:
    py_dir, nb_dir = os.path.join(root, "py"), os.path.join(root, "nb")
    for copy in range(copies):
        for directory in (py_dir, nb_dir):
            os.makedirs(os.path.join(directory, f"c{copy}"), exist_ok=True)
        for program in PROGRAMS:
            with open(program, encoding="utf-8") as f:
                source = f.read()
            stem = os.path.splitext(os.path.basename(program))[0]
            with open(os.path.join(py_dir, f"c{copy}", stem + ".py"), "w", encoding="utf-8") as f:
                f.write("\n\n".join(cells_of(source)) + "\n")  # the very text of the cells
            with open(os.path.join(nb_dir, f"c{copy}", stem + ".ipynb"), "w", encoding="utf-8") as f:
                f.write(notebook_of(source, image_kb))
    return py_dir, nb_dir


def in_process(py_files: list, nb_files: list, runs: int) -> dict:
    """{"py"/"nb": (median wall s, median CPU s)} to lint all .py files once
    and all notebooks once, in this process with imports loaded; the two
    alternate, so a change of load on the machine weighs on both."""
    from kgraphlint.config import load_settings
    from kgraphlint.runner import lint_file

    settings = load_settings(py_files[:1])
    for path in py_files + nb_files:
        lint_file(path, settings)  # warm: imports, caches of the catalogue
    samples: dict = {"py": [], "nb": []}
    for _ in range(runs):
        for kind, paths in (("py", py_files), ("nb", nb_files)):
            wall_start, cpu_start = time.perf_counter(), time.process_time()
            for path in paths:
                lint_file(path, settings)
            samples[kind].append((time.perf_counter() - wall_start, time.process_time() - cpu_start))
    return {kind: _medians(values) for kind, values in samples.items()}


def paired(py_cmd: list, nb_cmd: list, runs: int) -> dict:
    """The same for two commands, run alternately; CPU is the children's
    user + system time (the process pool's workers included)."""
    samples: dict = {"py": [], "nb": []}
    for _ in range(runs):
        for kind, cmd in (("py", py_cmd), ("nb", nb_cmd)):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=False)
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            samples[kind].append((elapsed, cpu))
    return {kind: _medians(values) for kind, values in samples.items()}


def _medians(pairs: list) -> tuple:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def ratio(nb: float, py: float) -> str:
    change = nb / py - 1
    return f"{nb / py:.2f}x ({change:+.0%}): {'met' if change <= 0.20 else 'not met'}"


def row(label: str, timed: dict) -> list:
    (py_wall, py_cpu), (nb_wall, nb_cpu) = timed["py"], timed["nb"]
    return [label, f"{py_cpu:.3f}", f"{nb_cpu:.3f}", ratio(nb_cpu, py_cpu),
            f"{py_wall:.3f}", f"{nb_wall:.3f}", f"{nb_wall / py_wall:.2f}x"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--outputs", type=int, default=0, metavar="KB", help="an image output of KB per code cell")
    args = parser.parse_args()
    from kgraphlint.runner import POOL_MIN_BYTES

    # Both trees must be large enough for the runner's process pool (it goes by
    # bytes, and a notebook's JSON is larger than its code), or the .py tree
    # would be checked serially and the notebooks in parallel.
    program_bytes = sum(os.path.getsize(p) for p in PROGRAMS)
    args.copies = max(args.copies, POOL_MIN_BYTES // program_bytes + 1)
    root = tempfile.mkdtemp(prefix="kgraphlint-nb-bench-")
    try:
        py_dir, nb_dir = write_tree(root, args.copies, args.outputs)
        py_files = sorted(glob.glob(os.path.join(py_dir, "c0", "*.py")))
        nb_files = sorted(glob.glob(os.path.join(nb_dir, "c0", "*.ipynb")))
        rows = [row(f"in process, {len(py_files)} files once each", in_process(py_files, nb_files, args.runs))]
        kg = [PYTHON, "-m", "kgraphlint", "check", "--no-cache", "--exit-zero"]
        n = len(PROGRAMS) * args.copies
        rows.append(row(f"check --no-cache, tree of {n} files", paired(kg + [py_dir], kg + [nb_dir], args.runs)))
        one = os.path.join("c0", "func_cnn_two_blocks")
        py_one, nb_one = os.path.join(py_dir, one + ".py"), os.path.join(nb_dir, one + ".ipynb")
        rows.append(row("check --no-cache, one file (pre-commit)", paired(kg + [py_one], kg + [nb_one], args.runs * 2)))
        warm = [PYTHON, "-m", "kgraphlint", "check", "--exit-zero", "--cache-dir", os.path.join(root, "cache")]
        rows.append(row("check, one file, warm (cached)", paired(warm + [py_one], warm + [nb_one], args.runs * 2)))
        imports = paired([PYTHON, "-c", "pass"], [PYTHON, "-c", "import nbformat"], args.runs * 2)
        print(f"importing nbformat (not done by `check`): {imports['nb'][1] - imports['py'][1]:.3f} s CPU "
              "over a bare interpreter start")
        size = sum(os.path.getsize(p) for p in nb_files) / len(nb_files) / 1024
        print(f"python {sys.version.split()[0]}; {load()}; {args.runs} runs (median); "
              f"mean notebook size {size:.0f} KB")
        print(table(rows, ["what (seconds)", ".py CPU", ".ipynb CPU", ".ipynb vs .py (target: within 20%)",
                           ".py wall", ".ipynb wall", "wall ratio"]))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
