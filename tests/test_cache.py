"""The results cache: keyed right, round-trips fixes, survives corruption and races."""

import os
import threading

import pytest

from kgraphlint import runner
from kgraphlint.cache import Cache
from kgraphlint.config import load_settings
from kgraphlint.diagnostics import Diagnostic, Edit, Fix

MODEL = "import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])\n"


def _diag(path="m.py"):
    fix = Fix("safe", "rename", (Edit(2, 3, 2, 9, "units"),))
    return Diagnostic("KG302", "unknown-layer-argument", "error", "msg", path, 2, 3, 2, 9, model="m", fix=fix)


def test_round_trip_and_keys(tmp_path):
    cache = Cache(str(tmp_path), "fp")
    key = cache.key("m.py", b"data")
    assert cache.get(key) is None
    cache.put(key, [_diag()])
    assert cache.get(key) == [_diag()]
    cache.flush()
    assert Cache(str(tmp_path), "fp").get(key) == [_diag()]
    assert len({key, cache.key("m.py", b"datb"), cache.key("n.py", b"data"),
                Cache(str(tmp_path), "other").key("m.py", b"data")}) == 4
    assert (tmp_path / ".gitignore").read_text() == "*\n"


def test_corrupt_entries_are_misses(tmp_path):
    cache = Cache(str(tmp_path), "fp")
    key = cache.key("m.py", b"x")
    cache.put(key, [_diag()])
    cache.flush()
    import json

    entries = ["a string", {"diagnostics": [1]}, {"dependencies": [], "diagnostics": [{"code": 1}]}]
    for junk in [b"", b"{not json", b'[{"code": 1}]', b"\xff\xfe", b'"a string"',
                 *(json.dumps({key: e}).encode() for e in entries)]:
        with open(cache.file, "wb") as f:
            f.write(junk)
        assert Cache(str(tmp_path), "fp").get(key) is None


def test_one_file_for_the_whole_run_keeping_what_other_runs_wrote(tmp_path):
    first, second = Cache(str(tmp_path), "fp"), Cache(str(tmp_path), "fp")
    a, b = first.key("a.py", b"1"), second.key("b.py", b"1")
    first.get(a), second.get(b)  # both runs read the cache before either writes
    first.put(a, [_diag("a.py")], path="a.py")
    second.put(b, [_diag("b.py")], path="b.py")
    first.flush(), second.flush()
    assert os.listdir(first.directory) == [Cache.FILE_NAME]
    fresh = Cache(str(tmp_path), "fp")
    assert fresh.get(a) == [_diag("a.py")] and fresh.get(b) == [_diag("b.py")]
    # a new content of a.py replaces the entry of the old one
    newer = fresh.key("a.py", b"2")
    fresh.put(newer, [], path="a.py")
    fresh.flush()
    again = Cache(str(tmp_path), "fp")
    assert again.get(a) is None and again.get(newer) == [] and again.get(b) == [_diag("b.py")]


def test_unwritable_cache_does_not_fail(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = Cache(str(blocker), "fp")  # a file where the directory should be
    cache.put(cache.key("m.py", b"x"), [_diag()])
    cache.flush()
    assert Cache(str(blocker), "fp").get(cache.key("m.py", b"x")) is None


def test_concurrent_writers(tmp_path):
    key = Cache(str(tmp_path), "fp").key("m.py", b"x")
    errors = []

    def hammer():  # a run of its own: its own Cache, as a separate process has
        try:
            for _ in range(30):
                cache = Cache(str(tmp_path), "fp")
                assert cache.get(key) in (None, [_diag()])
                cache.put(key, [_diag()], path="m.py")
                cache.flush()
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and Cache(str(tmp_path), "fp").get(key) == [_diag()]
    assert not [n for _, _, files in os.walk(tmp_path) for n in files if n.endswith(".tmp")]


def test_a_cache_sent_to_a_worker_pickles():
    import pickle

    cache = Cache("somewhere", "fp")
    clone = pickle.loads(pickle.dumps(cache))
    assert clone.key("m.py", b"x") == cache.key("m.py", b"x")


@pytest.fixture
def counting(monkeypatch):
    calls = []
    import kgraphlint.rules

    def fake(source, path, settings, fix_edits=True, modules=None):
        calls.append(path)
        return [_diag(path)]

    monkeypatch.setattr(kgraphlint.rules, "lint_source", fake)
    return calls


def test_warm_run_skips_linting(tmp_path, counting):
    (tmp_path / "m.py").write_text(MODEL)
    (tmp_path / "n.py").write_text(MODEL + "# changed\n")
    settings = load_settings([str(tmp_path)])
    kw = {"cache_dir": str(tmp_path / "c"), "jobs": 1}
    first = runner.run([str(tmp_path)], settings, **kw)
    assert len(counting) == 2
    assert runner.run([str(tmp_path)], settings, **kw) == first and len(counting) == 2
    (tmp_path / "n.py").write_text(MODEL + "# changed again\n")
    runner.run([str(tmp_path)], settings, **kw)
    assert counting[2:] == [str(tmp_path / "n.py")]
    other = load_settings([str(tmp_path)], overrides={"ignore": ["KG201"]})
    runner.run([str(tmp_path)], other, **kw)  # new settings: new keys
    assert len(counting) == 5


def test_no_cache_writes_nothing(tmp_path, counting):
    (tmp_path / "m.py").write_text(MODEL)
    settings = load_settings([str(tmp_path)])
    runner.run([str(tmp_path)], settings, use_cache=False, cache_dir=str(tmp_path / "c"), jobs=1)
    runner.run([str(tmp_path)], settings, use_cache=False, cache_dir=str(tmp_path / "c"), jobs=1)
    assert len(counting) == 2 and not (tmp_path / "c").exists()


def test_editing_an_imported_helper_rechecks_the_importer(tmp_path):
    """A file's entry holds only while the project modules it imported are
    unchanged: edit the helper, and the warm run analyses the importer again."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "blocks.py").write_text(
        "from tensorflow.keras import layers\n\n"
        "def head(x):\n    return layers.Dense(10, activation='softmax')(x)\n"
    )
    (tmp_path / "model.py").write_text(
        "from tensorflow import keras\nfrom tensorflow.keras import layers\nfrom blocks import head\n\n"
        "inputs = keras.Input(shape=(28, 28))\nmodel = keras.Model(inputs, head(layers.Dense(8)(inputs)))\n"
    )
    settings = load_settings([str(tmp_path)])
    kw = {"cache_dir": str(tmp_path / "c"), "jobs": 1}
    model = str(tmp_path / "model.py")
    first = [d.code for d in runner.run([model], settings, **kw)[0].diagnostics]
    assert first == ["KG201"]  # Dense on (None, 28, 28) reaches the output, through the helper
    (tmp_path / "blocks.py").write_text(
        "from tensorflow.keras import layers\n\n"
        "def head(x):\n    x = layers.Flatten()(x)\n    return layers.Dense(10, activation='softmax')(x)\n"
    )
    again = [d.code for d in runner.run([model], settings, **kw)[0].diagnostics]
    assert again == []


def test_a_module_reused_within_a_run_still_rechecks_what_it_imported(tmp_path):
    """blocks.py runs its top level once for both files of the run; the file
    that gets it reused must still depend on flatten.py, which blocks.py read."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "flatten.py").write_text("FLATTEN = False\n")
    (tmp_path / "blocks.py").write_text(
        "from tensorflow.keras import layers\nfrom flatten import FLATTEN\n\n"
        "def head(x):\n    if FLATTEN:\n        x = layers.Flatten()(x)\n"
        "    return layers.Dense(10, activation='softmax')(x)\n"
    )
    model = ("from tensorflow import keras\nfrom tensorflow.keras import layers\nfrom blocks import head\n\n"
             "inputs = keras.Input(shape=(28, 28))\nmodel = keras.Model(inputs, head(layers.Dense(8)(inputs)))\n")
    (tmp_path / "a.py").write_text("import flatten\n" + model)
    (tmp_path / "b.py").write_text(model)
    settings = load_settings([str(tmp_path)])
    kw = {"cache_dir": str(tmp_path / "c"), "jobs": 1}
    files = [str(tmp_path / "a.py"), str(tmp_path / "b.py")]
    assert [[d.code for d in r.diagnostics] for r in runner.run(files, settings, **kw)] == [["KG201"], ["KG201"]]
    (tmp_path / "flatten.py").write_text("FLATTEN = True\n")
    assert [[d.code for d in r.diagnostics] for r in runner.run(files, settings, **kw)] == [[], []]
