"""Recall on real bugs: the corpus in bench/real_bugs/ (GitHub issues and
Stack Overflow-style questions, each reduced to its model-building code).

    python bench/real_bugs.py            # default rule selection, as users run it
    python bench/real_bugs.py --verbose  # also every finding on every case

Each case is ``NN_name_bug.py`` (header ``# expect: CODE line N``) and
``NN_name_fixed.py`` (``# expect: none``); TensorFlow confirms both in
tests/check/test_real_bugs_tf.py. Printed figures:

- recall: bug files where the expected code is reported at all;
- located: ... reported at the expected line;
- false alarms: error-level findings on the fixed versions (target: none).

Figures only: thresholds are targets for a human to read, not asserts.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "real_bugs"
EXPECT = re.compile(r"^# expect: (KG\d{3}) line (\d+)$", re.MULTILINE)
SOURCE = re.compile(r"^# source: (\S+)$", re.MULTILINE)


def pairs(corpus: Path = CORPUS) -> list:
    """[(bug path, fixed path)] in case order."""
    return [(bug, bug.with_name(bug.name.replace("_bug.py", "_fixed.py")))
            for bug in sorted(corpus.glob("*_bug.py"))]


def expected(path: Path) -> tuple:
    """(code, line) from a bug file's header."""
    code, line = EXPECT.search(path.read_text(encoding="utf-8")).groups()
    return code, int(line)


def findings(path: Path) -> list:
    from kgraphlint.rules import lint_source

    return lint_source(path.read_text(encoding="utf-8"), str(path))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)

    rows, found, located, alarms = [], 0, 0, []
    cases = pairs()
    for bug, fixed in cases:
        code, line = expected(bug)
        got = findings(bug)
        hit = [d for d in got if d.code == code]
        at_line = [d for d in hit if d.line == line]
        found += bool(hit)
        located += bool(at_line)
        status = "located" if at_line else ("found (other line)" if hit else "MISSED")
        rows.append((bug.name[:-7], code, line, status))
        errors = [d for d in findings(fixed) if d.severity == "error"]
        alarms += [(fixed.name, d) for d in errors]
        if args.verbose:
            for d in got:
                print(f"  {bug.name}:{d.line}:{d.column}: {d.code} {d.message[:100]}")

    width = max(len(r[0]) for r in rows)
    for name, code, line, status in rows:
        print(f"{name:<{width}}  {code} line {line:<3}  {status}")
    n = len(cases)
    print()
    print(f"cases: {n}")
    print(f"recall: {found}/{n} = {found / n:.0%}   (target >= 90%)")
    print(f"located at the right line: {located}/{n} = {located / n:.0%}")
    print(f"error-level false alarms on fixed versions: {len(alarms)}   (target 0)")
    for name, d in alarms:
        print(f"  {name}:{d.line}:{d.column}: {d.code} {d.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
