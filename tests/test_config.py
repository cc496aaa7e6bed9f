"""[tool.kgraphlint]: discovery of the file, selection semantics, strict errors."""

import pytest

from kgraphlint.config import DEFAULT_EXCLUDE, ConfigError, find_config, load_settings


def _project(tmp_path, body: str):
    (tmp_path / "pyproject.toml").write_text(body)
    (tmp_path / "src").mkdir(exist_ok=True)
    return tmp_path


def test_defaults_enable_all_but_default_off(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = load_settings(["."])
    assert s.is_selected("KG201", "m.py") and s.is_selected("KG001", "m.py")
    assert not s.is_selected("KG501", "m.py")  # rewrite-available is opt-in
    assert s.exclude == DEFAULT_EXCLUDE and s.config_file is None


@pytest.mark.parametrize(
    "toml, on, off",
    [
        ('select = ["KG2"]', ["KG201", "KG204", "KG001", "KG000"], ["KG101", "KG302"]),
        ('select = ["KG2"]\nignore = ["KG201"]', ["KG202"], ["KG201"]),
        ('ignore = ["KG2"]\nextend-select = ["KG201"]', ["KG201", "KG101"], ["KG202"]),
        ('extend-select = ["KG501"]', ["KG501", "KG101"], []),
        ('select = ["ALL"]\nignore = ["KG4"]', ["KG501", "KG304"], ["KG401"]),
        ('ignore = ["KG001"]', ["KG000"], ["KG001"]),
        ('select = ["KG201"]\nignore = ["KG2"]', ["KG201"], ["KG202"]),  # more specific wins
    ],
)
def test_selection(tmp_path, toml, on, off):
    _project(tmp_path, "[tool.kgraphlint]\n" + toml)
    s = load_settings([str(tmp_path / "src")])
    assert [c for c in on if not s.is_selected(c, "x.py")] == []
    assert [c for c in off if s.is_selected(c, "x.py")] == []


def test_cli_layers_over_the_file(tmp_path):
    _project(tmp_path, '[tool.kgraphlint]\nselect = ["KG2"]\nignore = ["KG202"]')
    s = load_settings([str(tmp_path)], overrides={"extend_select": ["KG101"], "ignore": ["KG201"]})
    assert s.is_selected("KG101", "x.py") and s.is_selected("KG203", "x.py")
    assert not s.is_selected("KG201", "x.py") and not s.is_selected("KG202", "x.py")
    s = load_settings([str(tmp_path)], overrides={"select": ["KG3"]})
    assert s.is_selected("KG302", "x.py") and not s.is_selected("KG201", "x.py")


def test_per_file_ignores(tmp_path):
    _project(tmp_path, '[tool.kgraphlint.per-file-ignores]\n"tests/*" = ["KG2"]\n"legacy.py" = ["KG302"]')
    s = load_settings([str(tmp_path)])
    assert not s.is_selected("KG201", str(tmp_path / "tests" / "deep" / "t.py"))
    assert s.is_selected("KG201", str(tmp_path / "src" / "m.py"))
    assert not s.is_selected("KG302", str(tmp_path / "src" / "legacy.py"))


def test_config_found_by_walking_up_past_unrelated_pyproject(tmp_path):
    _project(tmp_path, '[tool.kgraphlint]\nextend-exclude = ["gen"]')
    (tmp_path / "src" / "pkg").mkdir()
    (tmp_path / "src" / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    assert find_config([str(tmp_path / "src" / "pkg")]) == str(tmp_path / "pyproject.toml")
    s = load_settings([str(tmp_path / "src" / "pkg" / "m.py")])
    assert s.root == str(tmp_path) and s.exclude[-1] == "gen"


def test_cache_dir_relative_to_config(tmp_path):
    _project(tmp_path, '[tool.kgraphlint]\ncache-dir = ".cache/kg"')
    assert load_settings([str(tmp_path)]).cache_dir == str(tmp_path / ".cache/kg")


@pytest.mark.parametrize(
    "toml, words",
    [
        ('selct = ["KG2"]', ["unknown key 'selct'", "did you mean 'select'"]),
        ('select = "KG2"', ["select must be a list of strings"]),
        ('select = [2]', ["select must be a list of strings"]),
        ('ignore = ["KG999"]', ["unknown rule code or prefix 'KG999'"]),
        ('ignore = ["E501"]', ["unknown rule code"]),
        ('force-exclude = "yes"', ["must be true or false"]),
        ('per-file-ignores = ["x"]', ["per-file-ignores must be a table"]),
        ('per-file-ignores = { "t.py" = ["KG9"] }', ["unknown rule code or prefix 'KG9'"]),
        ("select = [", ["not valid TOML"]),
        ("kgraphlint = 3\n[tool]\nkgraphlint = 3", ["must be a table"]),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path, toml, words):
    body = toml if toml.startswith("kgraphlint") else "[tool.kgraphlint]\n" + toml
    _project(tmp_path, body.replace("kgraphlint = 3\n", ""))
    with pytest.raises(ConfigError) as info:
        load_settings([str(tmp_path)])
    assert all(w in str(info.value) for w in words), str(info.value)


def test_bad_cli_code_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="unknown rule code"):
        load_settings([str(tmp_path)], overrides={"select": ["KG77"]})


def test_fingerprint_stable_and_sensitive(tmp_path):
    _project(tmp_path, '[tool.kgraphlint]\nselect = ["KG2"]')
    a = load_settings([str(tmp_path)]).fingerprint()
    assert a == load_settings([str(tmp_path)]).fingerprint()
    assert a != load_settings([str(tmp_path)], overrides={"ignore": ["KG201"]}).fingerprint()


def test_check_exits_2_on_bad_config(tmp_path, monkeypatch):
    from cli_runner import CliRunner

    from kgraphlint.cli import cli

    _project(tmp_path, '[tool.kgraphlint]\nselect = ["KG2"]\nbogus = 1')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "src", "--no-cache"])
    assert result.exit_code == 2 and "unknown key 'bogus'" in result.output
