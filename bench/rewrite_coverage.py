"""How much of real Keras code `kgraphlint rewrite --to functional` handles.

Runs the rewrite (in memory, nothing written) over every .py file of the
installed keras package (mostly its tests) and over fixtures/, and prints how
many Sequential models were found, rewritten and refused, with the refusals
grouped by reason. Also: Functional -> Sequential and subclass -> Functional
over the same files.

    python bench/rewrite_coverage.py [--keras DIR] [--jobs N] [--examples]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_FILE_SECONDS = 30
sys.path.insert(0, str(ROOT))


def keras_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("keras")  # locate only: never imported
    return Path(spec.origin).parent


def reason_kind(reason: str) -> str:
    """Fold names and line numbers out of a refusal, to group alike ones."""
    text = re.sub(r"`[^`]*`", "`…`", reason)
    text = re.sub(r"\bline \d+", "line N", text)
    text = re.sub(r"\b(the )(\w+)( at line N| made at line N)", r"\1<layer>\3", text)
    text = re.sub(r"\d+ (inputs|outputs)", r"N \1", text)
    text = re.sub(r"(joins|feeds|called) (two|three|four|\d+)", r"\1 N", text)
    return text[:160]


class _Slow(BaseException):  # not caught by the rewriter's own except Exception
    pass


def _alarm(*_):
    raise _Slow()


def one(path: str):
    import signal

    from kgraphlint.rewrite import _analyze, rewrite_source

    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(PER_FILE_SECONDS)  # a pathological file must not stall the survey
    try:
        return _one(path, rewrite_source, _analyze)
    except _Slow:
        return path, [], "timeout"
    finally:
        signal.alarm(0)


def _one(path, rewrite_source, analyze):
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return path, [], "unreadable"
    if "Sequential" not in source and "Model" not in source:
        return path, [], None
    out = []
    try:
        analysis = analyze(source)  # once for both directions
        for to in ("functional", "sequential"):
            result = rewrite_source(source, to, analysis=analysis)
            out += [(o.kind, o.to, o.rewritten, o.reason, o.line, o.located) for o in result.outcomes]
    except Exception as exc:  # a crash is a finding too
        if type(exc).__name__ == "ParserSyntaxError":
            return path, out, "unparsable"
        return path, out, f"{type(exc).__name__}: {str(exc)[:200]}"
    return path, out, None


def survey(files, jobs):
    with Pool(jobs) as pool:
        return pool.map(one, [str(f) for f in files], chunksize=1)


def report(title, results, examples=False):
    print(f"\n== {title}: {len(results)} files")
    crashes = [(p, e) for p, _, e in results if e and e not in ("unreadable", "unparsable", "timeout")]
    skipped = sum(1 for _, _, e in results if e in ("unreadable", "unparsable"))
    if skipped:
        print(f"({skipped} files are not parsable Python and were skipped)")
    slow = [p for p, _, e in results if e == "timeout"]
    if slow:
        print(f"({len(slow)} files took over {PER_FILE_SECONDS}s and were skipped: {', '.join(slow[:5])})")
    for kind, to in (("sequential", "functional"), ("functional", "sequential"), ("subclass", "functional")):
        rows = [(p, r) for p, outs, _ in results for r in outs if r[0] == kind and r[1] == to]
        done = sum(1 for _, r in rows if r[2])
        by_imports = sum(1 for _, r in rows if r[5] == "imports")
        print(f"{kind} -> {to}: {len(rows)} models found ({len(rows) - by_imports} located by the extractor, "
              f"{by_imports} only by the import fallback), {done} rewritten, {len(rows) - done} refused")
        reasons = Counter(reason_kind(r[3]) for _, r in rows if not r[2])
        for reason, n in reasons.most_common(12):
            print(f"  {n:5d}  {reason}")
            if examples:
                for p, r in [(p, r) for p, r in rows if not r[2] and reason_kind(r[3]) == reason][:2]:
                    print(f"           e.g. {p}:{r[4]}")
    if crashes:
        print(f"crashes: {len(crashes)}")
        for p, e in crashes[:10]:
            print(f"  {p}: {e}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keras", default=None)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--examples", action="store_true")
    args = parser.parse_args()
    start = time.time()
    kdir = Path(args.keras) if args.keras else keras_dir()
    fixtures = sorted((ROOT / "fixtures").rglob("*.py"))
    fixtures = [f for f in fixtures if not f.name.endswith(".out.py")]
    mine = sorted((ROOT / "fixtures" / "rewrite").glob("*.in.py"))
    report("fixtures/rewrite/*.in.py (the rewrite's own fixtures)", survey(mine, args.jobs), args.examples)
    report("all of fixtures/ (rewrite outputs excluded)", survey(fixtures, args.jobs), args.examples)
    report(f"installed keras ({kdir})", survey(sorted(kdir.rglob("*.py")), args.jobs), args.examples)
    print(f"\n{time.time() - start:.0f}s")


if __name__ == "__main__":
    main()
