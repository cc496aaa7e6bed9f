"""Which files a run sees: excludes, .gitignore, explicit paths, odd paths."""

import os

import pytest

from kgraphlint.config import load_settings
from kgraphlint.discovery import discover
from kgraphlint.globs import compile_pattern, match


def _tree(root, files):
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def _found(paths, root, **kw):
    settings = load_settings([str(root)], **kw.pop("load", {}))
    return [(os.path.relpath(e.path, root), e.reason) for e in discover(paths, settings, **kw)]


@pytest.mark.parametrize(
    "pattern, path, is_dir, expected",
    [
        ("*.py", "a/b/c.py", False, True),
        ("/top.py", "top.py", False, True),
        ("/top.py", "a/top.py", False, False),
        ("build/", "a/build", True, True),
        ("build/", "a/build", False, False),
        ("a/*.py", "a/x.py", False, True),
        ("a/*.py", "a/b/x.py", False, False),
        ("a/**/x.py", "a/b/c/x.py", False, True),
        ("a/**/x.py", "a/x.py", False, True),
        ("**/gen", "p/q/gen", True, True),
        ("docs/**", "docs/a/b.py", False, True),
        ("x?.py", "x1.py", False, True),
        ("x[0-9].py", "x7.py", False, True),
        ("x[!0-9].py", "x7.py", False, False),
        ("\\#hash.py", "#hash.py", False, True),
        ("# comment", "# comment", False, False),
    ],
)
def test_gitwildmatch(pattern, path, is_dir, expected):
    p = compile_pattern(pattern)
    assert (p is not None and match(p, path, is_dir)) == expected


def test_walk_sorted_with_default_excludes(tmp_path):
    _tree(tmp_path, ["b.py", "a/z.pyi", "a/m.py", "notes.txt", ".venv/v.py", "build/b.py",
                     "node_modules/n.py", ".git/g.py", "__pycache__/c.py", "pkg/dist/d.py"])
    assert _found([str(tmp_path)], tmp_path) == [("a/m.py", None), ("a/z.pyi", None), ("b.py", None)]


def test_gitignore_negation_and_nesting(tmp_path):
    (tmp_path / ".git").mkdir()
    _tree(tmp_path, ["gen/x.py", "keep/a.py", "keep/b.py", "sub/c.py", "sub/d.py", "out/o.py"])
    (tmp_path / ".gitignore").write_text("gen/\nkeep/*.py\n!keep/b.py\nout\n")
    (tmp_path / "sub" / ".gitignore").write_text("c.py\n")
    assert _found([str(tmp_path)], tmp_path) == [("keep/b.py", None), ("sub/d.py", None)]
    # .gitignore files above the walked directory apply too, up to the repository root.
    assert _found([str(tmp_path / "sub")], tmp_path) == [("sub/d.py", None)]


def test_exclude_and_extend_exclude(tmp_path):
    _tree(tmp_path, ["src/m.py", "src/gen_x.py", "migrations/0001.py", "venv/v.py"])
    (tmp_path / "pyproject.toml").write_text('[tool.kgraphlint]\nextend-exclude = ["gen_*.py", "migrations"]\n')
    assert _found([str(tmp_path)], tmp_path) == [("src/m.py", None)]
    (tmp_path / "pyproject.toml").write_text('[tool.kgraphlint]\nexclude = ["src"]\n')
    assert _found([str(tmp_path)], tmp_path) == [("migrations/0001.py", None), ("venv/v.py", None)]


def test_explicit_paths_and_force_exclude(tmp_path):
    _tree(tmp_path, ["build/x.py", "src/gen.py"])
    (tmp_path / "pyproject.toml").write_text('[tool.kgraphlint]\nextend-exclude = ["gen.py"]\n')
    explicit = [str(tmp_path / "build" / "x.py"), str(tmp_path / "src" / "gen.py")]
    assert [p for p, _ in _found(explicit, tmp_path)] == ["build/x.py", "src/gen.py"]
    assert _found(explicit, tmp_path, force_exclude=True) == []


def test_duplicates_collapse(tmp_path):
    _tree(tmp_path, ["a/m.py"])
    paths = [str(tmp_path / "a"), str(tmp_path / "a" / "m.py"), str(tmp_path / "a") + "/"]
    assert _found(paths, tmp_path) == [("a/m.py", None)]


def test_odd_paths_yield_reasons(tmp_path):
    _tree(tmp_path, ["ok.py", "pkg/sub/m.py"])
    (tmp_path / "loop.py").symlink_to(tmp_path / "loop.py")
    (tmp_path / "broken.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "pkg" / "sub" / "up").symlink_to(tmp_path / "pkg")  # a directory loop: not followed
    (tmp_path / "dir.py").symlink_to(tmp_path / "pkg")  # a directory where a file is expected
    (tmp_path / "empty").mkdir()
    found = dict(_found([str(tmp_path), str(tmp_path / "empty"), str(tmp_path / "nope.py")], tmp_path))
    assert found == {
        "ok.py": None, "pkg/sub/m.py": None,
        "loop.py": "symbolic link loop", "broken.py": "broken symbolic link",
        "dir.py": "a directory, not a file", "empty": "no Python files found in this directory",
        "nope.py": "no such file or directory",
    }


def test_unreadable_directory(tmp_path, monkeypatch):
    # Tests run as root, for whom chmod 000 blocks nothing: simulate EACCES.
    _tree(tmp_path, ["a/m.py", "secret/s.py"])
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert _found([str(tmp_path)], tmp_path) == [("a/m.py", None), ("secret", "permission denied (Permission denied)")]


def test_notebooks_are_found_by_default_and_checkpoints_are_not(tmp_path):
    # As ruff >= 0.6: .ipynb files are checked; Jupyter's autosave copies are excluded by default.
    _tree(tmp_path, ["nb.ipynb", "sub/Train.IPYNB.txt", "sub/b.ipynb", ".ipynb_checkpoints/nb-checkpoint.ipynb"])
    assert _found([str(tmp_path)], tmp_path) == [("nb.ipynb", None), ("sub/b.ipynb", None)]
