"""kgraphlint's summary on the keras.io examples, checked model by model
against the models TensorFlow builds when the same examples run.

    python bench/keras_io.py [--only SUBSTRING] [--json FILE] [--show exact|...]

Corpus: the 98 Keras 3 keras.io examples committed in bench/corpus/keras_io
(provenance and licence in its README), read as they are.

Static side: ``kgraphlint summary --format json`` over the corpus (file by
file when one run over the folder fails, so a crash is pinned to its file).
TensorFlow side: each example runs in a subprocess of its own
(bench/keras_io_runner.py: data, downloads, training, plotting and files
stubbed, statements that fail skipped), and every ``keras.Model`` it built is
described as ``model.summary()`` shows it. Results are cached in
bench/.cache/keras_io/ (gitignored), keyed by the example's and the runner's
text, so reruns take seconds.

A static model is matched with the TensorFlow model of the same Keras name
built from the same line (the line of the call on the stack when the model
was made, or the line of its class for a subclass), else with one of the same
kind built from that line under another name (the names are then compared).
Each static model is then:

- exact: marked exact, and every name, shape and count is Keras's;
- not exact: marked not exact, and nothing given as a fact is wrong;
- wrong: a number given as a fact differs from Keras's (must be 0);
- not built: TensorFlow built no model of that name from that line (the
  example needs data, a download or a library the bench does not give it:
  the first statement that failed is shown);
- crash: kgraphlint failed on the file (it must never).
Auto names (``dense_3``) are compared only for models made before any
statement of the example failed in TensorFlow: a skipped statement makes
fewer layers, so the later names TensorFlow gives are not the program's.
Models TensorFlow built that kgraphlint did not find are counted apart
("not found"), leaving out the Functional a Sequential makes for itself.

Exit 1 when a model is wrong or kgraphlint crashed.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from tests.harness.exactness import differences, never_wrong

CORPUS = BENCH / "corpus" / "keras_io"
CACHE = BENCH / ".cache" / "keras_io"
RUNNER = BENCH / "keras_io_runner.py"
EXAMPLE_SECONDS = 600
KINDS = ("exact", "not exact", "wrong", "not built", "crash")


def examples(only: str | None) -> list:
    files = sorted(CORPUS.rglob("*.py"))
    return [f for f in files if only is None or only in str(f.relative_to(CORPUS))]


# -- kgraphlint --------------------------------------------------------------------

def summary_json(paths: list) -> tuple:
    """(models, error text or None) from one ``kgraphlint summary`` run."""
    proc = subprocess.run([sys.executable, "-m", "kgraphlint", "summary", "--format", "json", *map(str, paths)],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode == 0 and proc.stdout.strip():
        return json.loads(proc.stdout)["models"], None
    if "Traceback" not in proc.stderr:  # exit 2: no model found, or the file does not parse
        return [], None
    return [], proc.stderr.strip().splitlines()[-1][:300]


def static_side(files: list) -> dict:
    """{example path: (its models, crash text or None)}."""
    models, crash = summary_json(files)
    by_file: dict = {str(f): ([], None) for f in files}
    if crash is None:
        for model in models:
            by_file[str(ROOT / model["path"])][0].append(model)
        return by_file
    for f in files:  # one run failed: find the file(s) that make it fail
        by_file[str(f)] = summary_json([f])
    return by_file


# -- TensorFlow ------------------------------------------------------------------

def cache_key(path: Path) -> str:
    digest = hashlib.sha256(RUNNER.read_bytes() + (ROOT / "tests" / "harness" / "keras_models.py").read_bytes())
    digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def tensorflow_side(paths: list) -> dict:
    """{path: what the runner reports for it}, from the cache when it can;
    the others run in one runner process (one fork per example)."""
    results, missing = {}, []
    for path in paths:
        cached = CACHE / f"{cache_key(path)}.json"
        if cached.exists():
            results[path] = json.loads(cached.read_text())
        else:
            missing.append(path)
    if not missing:
        return results
    print(f"building the models of {len(missing)} examples in TensorFlow (cached in {CACHE.relative_to(ROOT)})",
          file=sys.stderr)
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1",
               PYTHONWARNINGS="ignore")
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run([sys.executable, str(RUNNER), out, str(EXAMPLE_SECONDS), *map(str, missing)],
                              capture_output=True, text=True, env=env, check=False)
        for i, path in enumerate(missing):
            written = Path(out) / f"{i}.json"
            if written.exists():
                result = json.loads(written.read_text())
                (CACHE / f"{cache_key(path)}.json").write_text(json.dumps(result))
            else:  # not cached: the next run tries again
                result = {"error": f"the runner stopped (exit {proc.returncode}): {proc.stderr.strip()[-300:]}"}
            results[path] = result
    return results


# -- matching and verdicts ---------------------------------------------------------

def class_lines(path: Path) -> dict:
    """{class name: line of its ``class`` statement} in the example."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except SyntaxError:
        return {}
    return {node.name: node.lineno for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}


def match(static_models: list, built: list, classes: dict) -> list:
    """[(static model, TensorFlow entry or None)]: same Keras name, built from
    the same line; several of one name and line are paired in order."""
    used: set = set()
    pairs = []
    for model in static_models:
        found = None
        for i, entry in enumerate(built):
            lines = set(entry["lines"])
            if "model" in entry and entry["model"]["class"] in classes:
                lines.add(classes[entry["model"]["class"]])
            if i not in used and entry["name"] == model["keras_name"] and model["line"] in lines:
                found = i
                break
        if found is None:  # built from that line under another name: a name to compare, not a model missing
            kinds = {"functional": "Functional", "sequential": "Sequential"}
            for i, entry in enumerate(built):
                same_kind = "model" in entry and (entry["model"]["class"] == kinds.get(model["kind"]) or (
                    model["kind"] == "subclass" and entry["model"]["class"] not in kinds.values()))
                if i not in used and model["line"] in entry["lines"] and same_kind:
                    found = i
                    break
        if found is not None:
            used.add(found)
        pairs.append((model, None if found is None else built[found]))
    return pairs


def verdict(static: dict, real: dict, names: bool = True) -> tuple:
    """("exact" | "not exact" | "wrong", problems). ``names``: whether Keras's
    auto names can be compared (no statement of the example failed before
    the model was made, so TensorFlow made every name the program makes)."""
    if static.get("exact") is True:
        problems = differences(static, real, names=names)
        if names and static["keras_name"] != real["name"]:
            problems.insert(0, f"model name {static['keras_name']!r} != Keras's {real['name']!r}")
        return ("exact" if not problems else "wrong"), problems
    problems = never_wrong(static, real, unmatched_exact_rows_are_wrong=False)
    return ("not exact" if not problems else "wrong"), problems


def _sequentials_own(entry: dict, built: list) -> bool:
    """The Functional a Sequential makes for itself when it is built (Keras's
    ``Sequential._functional``): its layers are that Sequential's, after an
    InputLayer. Not a model of the program: never counted as not found."""
    if "model" not in entry or entry["model"]["class"] != "Functional":
        return False
    names = [r["name"] for r in entry["model"]["layers"] if r["class"] != "InputLayer"]
    return any("model" in other and other["model"]["class"] == "Sequential"
               and [r["name"] for r in other["model"]["layers"]] == names for other in built)


def judge(path: Path, static_models: list, crash, built: dict) -> tuple:
    """(Counter of verdicts, printable rows, wrong details, TensorFlow models not found)."""
    counts: Counter = Counter()
    rows, wrongs = [], []
    if crash is not None:
        counts["crash"] += 1
        return counts, [("crash", "", crash)], [], 0
    if "error" in built:
        for model in static_models:
            counts["not built"] += 1
            rows.append(("not built", f"{model['name']} ({model['keras_name']}, line {model['line']})", built["error"]))
        return counts, rows, [], 0
    pairs = match(static_models, built["models"], class_lines(path))
    failures = built["failures"]
    for model, entry in pairs:
        label = f"{model['name']} ({model['keras_name']}, line {model['line']})"
        if entry is None:
            first = next(iter(failures), None)
            why = f"first failed statement: line {first[0]}: {first[1]}" if first else "no such model built"
            counts["not built"] += 1
            rows.append(("not built", label, why[:160]))
            continue
        if "error" in entry:
            counts["not built"] += 1
            rows.append(("not built", label, f"Keras cannot describe it: {entry['error']}"))
            continue
        names = not entry.get("failed_before")
        kind, problems = verdict(model, entry["model"], names)
        detail = f"{model['total_params']} vs Keras {entry['model']['total_params']}"
        if not names:
            counts["names not compared"] += 1
            detail += f"; names not compared (line {failures[0][0]} failed first)"
        if kind == "not exact" and model.get("unknown_reasons"):
            reason = model["unknown_reasons"][0]
            detail += f"; {reason['reason']} (line {reason['line']})"
        if kind == "wrong":
            wrongs.append((path, label, problems))
        counts[kind] += 1
        rows.append((kind, label, detail[:160]))
    matched = {id(entry) for _, entry in pairs if entry is not None}
    not_found = [e for e in built["models"] if id(e) not in matched and not _sequentials_own(e, built["models"])]
    for entry in not_found:
        rows.append(("not found", f"({entry['name']}, lines {entry['lines']})", "built by TensorFlow, not found by kgraphlint"))
    return counts, rows, wrongs, len(not_found)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only the examples whose path contains this")
    parser.add_argument("--json", help="write every verdict to this file")
    parser.add_argument("--quiet", action="store_true", help="print the totals per example only")
    args = parser.parse_args(argv)
    files = examples(args.only)
    statics = static_side(files)
    builds = tensorflow_side(files)
    total: Counter = Counter()
    report, all_wrongs = [], []
    for path in files:
        built = builds[path]
        static_models, crash = statics[str(path)]
        counts, rows, wrongs, not_found = judge(path, static_models, crash, built)
        counts["not found"] += not_found
        total.update(counts)
        all_wrongs += wrongs
        name = str(path.relative_to(CORPUS))
        print(f"{name}: " + (", ".join(f"{counts[k]} {k}" for k in (*KINDS, "not found") if counts[k]) or "no model"))
        if not args.quiet:
            for kind, label, detail in rows:
                print(f"    {kind:10} {label[:70]:70} {detail}")
        report.append({"example": name, "counts": dict(counts),
                       "models": [{"verdict": k, "model": label, "detail": d} for k, label, d in rows]})
    print()
    for path, label, problems in all_wrongs:
        print(f"WRONG {path.relative_to(CORPUS)} {label}:")
        for problem in problems[:8]:
            print(f"    {problem[:300]}")
    compared = total["exact"] + total["not exact"] + total["wrong"]
    share = f"{100 * total['exact'] / compared:.1f}%" if compared else "-"
    print(f"{len(files)} examples; models: " + ", ".join(f"{total[k]} {k}" for k in (*KINDS, "not found")))
    print(f"exact share of the models TensorFlow built and kgraphlint found: {total['exact']}/{compared} = {share}")
    print(f"of the {compared} compared, {total['names not compared']} had their auto names left out of the comparison "
          "(a statement of the example failed in TensorFlow before the model was made)")
    if args.json:
        Path(args.json).write_text(json.dumps({"counts": dict(total), "examples": report}, indent=1))
    return 1 if total["wrong"] or total["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
