"""``kgraphlint summary FILE`` vs building the same model in TensorFlow and
calling ``model.summary()``.

    python bench/summary_vs_tf.py [FILE] [--runs 3]

Target (issue 6): kgraphlint >= 10x faster.
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import PYTHON, load, table, wall

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT = os.path.join(HERE, "fixtures", "models", "func_cnn_two_blocks.py")
# Runs the file (which builds its models) and summarizes every model it left behind.
TF = ("import runpy, keras; g = runpy.run_path({!r}, run_name='bench'); "
      "[v.summary() for v in g.values() if isinstance(v, keras.Model)]")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default=DEFAULT)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    kg, _ = wall([PYTHON, "-m", "kgraphlint", "summary", args.file], args.runs)
    tf, _ = wall([PYTHON, "-c", "import tensorflow; " + TF.format(os.path.abspath(args.file))], args.runs)
    print(f"python {sys.version.split()[0]}; {load()}; file {os.path.relpath(args.file)}; {args.runs} runs")
    print(table([["kgraphlint summary", f"{kg:.2f}", "1.0x"],
                 ["import tensorflow + build + model.summary()", f"{tf:.2f}", f"{tf / kg:.1f}x"]],
                ["command", "median s", "slower than kgraphlint"]))


if __name__ == "__main__":
    main()
