"""Property-based fuzzing with more examples than CI: random programs
(hypothesmith) and mutated fixture programs through the whole pipeline.

    python bench/fuzz.py [--examples 500]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=500)
    args = parser.parse_args()
    env = {**os.environ, "KGRAPHLINT_FUZZ_EXAMPLES": str(args.examples)}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
           os.path.join(HERE, "tests", "test_robustness.py"), "-k", "never_crash"]
    sys.exit(subprocess.run(cmd, env=env, cwd=HERE, check=False).returncode)


if __name__ == "__main__":
    main()
