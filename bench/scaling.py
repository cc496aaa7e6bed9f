"""Does cost grow linearly with the number of files, and does memory stay flat?

Checks trees made of 1, 2, 4, ... copies of a source tree (default: the
installed keras package's ``src/applications`` and ``src/layers``, real Keras
code) with ``kgraphlint check --no-cache`` and prints, per size, the wall
time, the time per file and the peak resident memory of the largest process
(parent or worker).

    python bench/scaling.py [TREE] [--copies 1 2 4 8]

Linear: seconds per file stays about constant. Flat: peak memory does not grow
with the number of files (each worker holds one file at a time; the parent
holds only the findings it prints).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import ENV, PYTHON, keras_tree, load, table, tree_size


def peak_rss_mb(cmd) -> tuple:
    """(wall seconds, peak RSS in MB of the largest descendant) of ``cmd``, run
    through a fresh Python so that no earlier child's peak is counted."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([PYTHON, "-c", probe, *cmd], capture_output=True, text=True, env=ENV, check=True)
    seconds, kilobytes = out.stdout.split()
    return float(seconds), int(kilobytes) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", nargs="*", help="source trees to replicate (default: parts of installed keras)")
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 2, 4, 8])
    args = parser.parse_args()
    sources = args.trees or [os.path.join(keras_tree(), "src", part) for part in ("applications", "layers")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="kgraphlint-scaling-") as scratch:
        for n in args.copies:
            root = os.path.join(scratch, f"x{n}")
            for i in range(n):
                for source in sources:
                    shutil.copytree(source, os.path.join(root, f"copy{i}", os.path.basename(source)))
            files, lines = tree_size(root)
            cmd = [PYTHON, "-m", "kgraphlint", "check", root, "--no-cache", "--exit-zero", "--output-format", "json"]
            seconds, peak = peak_rss_mb(cmd)
            rows.append([f"{n}x", files, lines, f"{seconds:.2f}", f"{1000 * seconds / files:.2f}", f"{peak:.0f}"])
            shutil.rmtree(root)
    finished = time.strftime("%Y-%m-%d %H:%M")
    print(f"python {sys.version.split()[0]}; {load()}; {finished}; sources: {', '.join(sources)}")
    print(table(rows, ["copies", "files", "lines", "wall s", "ms per file", "peak RSS MB"]))


if __name__ == "__main__":
    main()
