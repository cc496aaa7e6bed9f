"""The legacy corpus: old Keras 1/2 model code reduced from Stack Overflow,
GitHub issues and tutorials (fixtures/legacy/, each citing its source), each
beside a version migrated by hand (``*.keras3.py``).

For every file: Keras 3 rejects it or builds a different model; the KG6xx
rules report every spelling marked ``# legacy: CODE ...`` or ``# manual:
CODE`` at its line and nothing else; and ``check --select KG6 --fix`` fixes
all but the ``manual`` ones (which have no safe fix) and yields a file that
builds in Keras 3 with the same model as the hand-migrated one, layer by
layer.
"""

import re
from pathlib import Path

import pytest

from kgraphlint.fixes import fix_source
from kgraphlint.rules import lint_source
from tests.harness import run_keras

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "legacy"
CORPUS = sorted(p for p in ROOT.glob("*.py") if not p.name.endswith(".keras3.py"))
# `# legacy: KG602 manual: KG610`; manual: reported, left for the author (no safe fix)
MARK = re.compile(r"(legacy|manual):\s*((?:KG6\d\d\s*)+)")


class Migration:
    """Settings selecting the migration family only, as `--select KG6` does."""

    select = ignore = per_file_ignores = ()

    @staticmethod
    def is_selected(code, path):
        return code.startswith("KG6")


def twin(path: Path) -> Path:
    return path.with_name(path.stem + ".keras3.py")


def marked(path: Path, kinds=("legacy", "manual")) -> list:
    found = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        comment = line.partition("#")[2]
        for m in MARK.finditer(comment):
            if m.group(1) in kinds:
                found += [(code, number) for code in m.group(2).split()]
    return sorted(found)


def fixed_text(path: Path) -> str:
    """The file after `check --select KG6 --fix`: only the `# manual:` findings remain."""
    new, _, remaining = fix_source(path.read_text(), str(path), Migration())
    assert sorted((d.code, d.line) for d in remaining) == marked(path, ("manual",))
    return new


def test_corpus_size_sources_and_twins():
    assert len(CORPUS) >= 30
    for path in CORPUS:
        head = path.read_text().splitlines()[0]
        assert head.startswith("# Source: http"), path.name
        assert twin(path).exists(), path.name
        assert marked(path), f"{path.name} marks no legacy spelling"


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_every_spelling_reported_at_its_line(path):
    found = sorted((d.code, d.line) for d in lint_source(path.read_text(), str(path), Migration()))
    assert found == marked(path)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_fix_is_stable_and_leaves_twins_clean(path):
    new = fixed_text(path)
    assert fix_source(new, str(path), Migration())[0] == new
    assert lint_source(twin(path).read_text(), str(twin(path)), Migration()) == []


@pytest.fixture(scope="module")
def keras(tmp_path_factory):
    pytest.importorskip("tensorflow")
    out = tmp_path_factory.mktemp("fixed")
    jobs, fixed = [], {}
    for path in CORPUS:
        fixed[path] = out / path.name
        fixed[path].write_text(fixed_text(path))
        jobs += [{"path": str(p), "builders": []} for p in (path, fixed[path], twin(path))]
    return fixed, run_keras(jobs)


def layers(model):
    return [(layer["class"], layer["output_shape"], layer["trainable"], layer["non_trainable"])
            for layer in model["layers"]]


def same_models(a, b) -> bool:
    return a.keys() == b.keys() and all(layers(a[k]) == layers(b[k]) for k in a)


@pytest.mark.slow
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_keras3_rejects_or_reinterprets_the_original(path, keras):
    _, results = keras
    original, migrated = results[str(path)], results[str(twin(path))]
    assert migrated["error"] is None, migrated["error"]
    assert original["error"] is not None or not same_models(original["models"], migrated["models"])


@pytest.mark.slow
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_fixed_file_builds_the_hand_migrated_model(path, keras):
    fixed, results = keras
    after, migrated = results[str(fixed[path])], results[str(twin(path))]
    assert after["error"] is None, after["error"]
    assert migrated["models"], "the hand-migrated file builds no model"
    assert after["models"].keys() == migrated["models"].keys()
    for name, model in migrated["models"].items():
        assert layers(after["models"][name]) == layers(model), name


def static_models(path: Path) -> dict:
    import json

    from cli_runner import CliRunner

    from kgraphlint.cli import cli

    result = CliRunner().invoke(cli, ["summary", "--format", "json", str(path)])
    assert result.exit_code in (0, 1), result.output
    return {m["name"]: [(row["class"], row["output_shape"], row["params"]) for row in m["layers"]]
            for m in json.loads(result.stdout)["models"]}


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_analysis_reads_old_code_as_its_author_meant(path):
    """kgraphlint's own summary of the Keras 1/2 file is the hand-migrated model's."""
    before, after = static_models(path), static_models(twin(path))
    assert after, "kgraphlint found no model in the hand-migrated file"
    assert before == after
