"""``kgraphlint check`` over every .py file in site-packages: internal errors
(KG000), tracebacks, skipped files, throughput.

    python bench/site_packages.py [DIR] [--jobs N]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import ENV, PYTHON, load, tree_size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", default=sysconfig.get_paths()["purelib"])
    args = parser.parse_args()
    files, lines = tree_size(args.root)
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        start = time.perf_counter()
        proc = subprocess.run([PYTHON, "-m", "kgraphlint", "check", args.root, "--no-cache", "--exit-zero",
                               "--output-format", "json", "-o", out.name], capture_output=True, text=True,
                              env=ENV, check=False)
        elapsed = time.perf_counter() - start
        with open(out.name) as f:
            diagnostics = json.load(f) if os.path.getsize(out.name) else []
    codes = collections.Counter(d["code"] for d in diagnostics)
    skipped = [line for line in proc.stderr.splitlines() if "skipped" in line]
    reasons = collections.Counter(line.rsplit(": ", 1)[-1] for line in skipped)
    print(f"python {sys.version.split()[0]}; {load()}")
    print(f"{args.root}: {files} files, {lines} lines in {elapsed:.1f} s "
          f"({files / elapsed:.0f} files/s, {lines / elapsed:.0f} lines/s); exit code {proc.returncode}")
    print(f"internal errors (KG000): {codes.get('KG000', 0)}; tracebacks on stderr: "
          f"{proc.stderr.count('Traceback')}")
    for d in diagnostics:
        if d["code"] == "KG000":
            print(f"  {d['path']}: {d['message']}")
    print("findings by code:", dict(sorted(codes.items())))
    print("skipped:", dict(reasons.most_common()))


if __name__ == "__main__":
    main()
