"""bench/legacy_frequency.py on the part of its sample kept in the repository
(the excerpts of bench/corpus/legacy/snippets/, no repository snapshot):
every excerpt cites its source and parses, and kgraphlint reports every old
spelling Keras 3 itself says is gone or ignored in them."""

import ast
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))
import legacy_frequency


def snippets_only(tmp_path):
    units, missing, _ = legacy_frequency.load_sample(str(tmp_path))  # an empty mirror
    return units, missing


def test_excerpts_cite_their_source_and_parse(tmp_path):
    units, missing = snippets_only(tmp_path)
    assert len(units) >= 25 and sum(missing.values()) == 119
    for unit in units:
        assert unit.url.startswith("http"), unit.url
        ast.parse(unit.text)


@pytest.mark.slow
def test_every_spelling_in_the_excerpts_is_reported(tmp_path):
    pytest.importorskip("tensorflow")
    units, _ = snippets_only(tmp_path)
    result = legacy_frequency.measure(units, legacy_frequency.Keras3())
    occurrences, covered = result["occurrences"], result["covered"]
    assert sum(occurrences.values()) >= 50
    assert {k: c for k, c in occurrences.items() if covered[k] != c} == {}
