"""Pre-commit latency: ``kgraphlint check --force-exclude FILE`` wall time,
start-up included, next to a bare interpreter start.

    python bench/one_file.py [FILE] [--runs 10]

Target (issues 6 and 10): < 0.5 s, also for a file with fixable findings
(their fixes are only said to exist; ``--diff`` builds them, with libcst).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import PYTHON, load, table, wall

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT = os.path.join(HERE, "fixtures", "models", "func_cnn_two_blocks.py")
# Blog-style Keras 2 code with three fixable findings (KG105, KG302, KG106).
FIXABLE = """\
# 간단한 분류 모델
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout

model = Sequential()
model.add(Dense(64, input_shape=(20,), activaton='relu'))
model.add(Dropout(0.5))
model.add(Dense(64, activation='relu'))
model.add(Dense(10, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
print(model.output)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default=DEFAULT)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    cache = tempfile.mkdtemp(prefix="kgraphlint-bench-")
    plain = os.path.join(cache, "plain.py")
    with open(plain, "w") as f:
        f.write("def add(a, b):\n    return a + b\n")
    fixable = os.path.join(cache, "fixable.py")
    with open(fixable, "w", encoding="utf-8") as f:
        f.write(FIXABLE)
    cold = os.path.join(cache, "cold")
    kg = [PYTHON, "-m", "kgraphlint", "check", "--force-exclude", "--exit-zero"]
    rows = []
    for label, cmd, reset in [
        ("python -c pass (interpreter start)", [PYTHON, "-c", "pass"], None),
        ("kgraphlint: file without Keras (pre-scan skip)", kg + ["--no-cache", plain], None),
        ("kgraphlint: model file, cold (empty cache)", kg + ["--cache-dir", cold, args.file],
         lambda: shutil.rmtree(cold, ignore_errors=True)),
        ("kgraphlint: model file, warm (cached)", kg + ["--cache-dir", cache, args.file], None),
        ("kgraphlint: 3 fixable findings, cold", kg + ["--no-cache", fixable], None),
        ("kgraphlint: 3 fixable findings, --diff (builds the fixes)", kg + ["--no-cache", "--diff", fixable], None),
    ]:
        median, samples = wall(cmd, args.runs, setup=reset)
        rows.append([label, f"{median:.3f}", f"{min(samples):.3f}", f"{max(samples):.3f}"])
    shutil.rmtree(cache, ignore_errors=True)
    print(f"python {sys.version.split()[0]}; {load()}; file {os.path.relpath(args.file)}; {args.runs} runs")
    print(table(rows, ["command", "median s", "min s", "max s"]))


if __name__ == "__main__":
    main()
