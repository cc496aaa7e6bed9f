"""``[tool.kgraphlint]`` settings: found by walking up from the checked path,
validated strictly (a typo is an error, not a silently ignored key), and
layered with the command line the way ruff layers them.

Selection: each layer (the file, then the CLI) may replace ``select``, add
``extend-select`` and ``ignore``; within a layer the most specific selector
wins (``select = ["KG2"]`` + ``ignore = ["KG201"]`` drops only KG201;
``ignore = ["KG2"]`` + ``extend-select = ["KG201"]`` keeps KG201), ties go to
``ignore``. KG000/KG001 are reported whatever ``select`` says (a file that
could not be checked must not look clean) unless ignored explicitly.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .globs import matches_path

ALWAYS_ON = ("KG000", "KG001")
_CODE = re.compile(r"^KG\d{0,3}$")
_LIST_KEYS = ("select", "ignore", "extend-select", "exclude", "extend-exclude", "src")
_KEYS = (*_LIST_KEYS, "per-file-ignores", "cache-dir", "force-exclude", "respect-gitignore")


class ConfigError(Exception):
    """A configuration the user must fix; the CLI prints it and exits 2."""


@lru_cache(maxsize=1)
def known_codes() -> frozenset:
    """Every rule code, from the shipped rule pages (cheap: no rule imports)."""
    docs = os.path.join(os.path.dirname(__file__), "rule_docs")
    try:
        return frozenset(name.split("-", 1)[0] for name in os.listdir(docs) if _CODE.match(name.split("-", 1)[0]))
    except OSError:
        from .rules import REGISTRY

        return frozenset(REGISTRY)


def _default_off() -> frozenset:
    # Imported lazily: only lint_source asks, and it has the registry loaded.
    from . import rules

    off = getattr(rules, "DEFAULT_OFF", None)
    if off is None:
        off = {code for code, rule in getattr(rules, "REGISTRY", {}).items() if not rule.default_enabled}
    return frozenset(off)


@dataclass(frozen=True)
class Layer:
    """One source of selection settings (a config file or the CLI)."""

    select: tuple | None = None
    extend_select: tuple = ()
    ignore: tuple = ()


@dataclass(frozen=True)
class Settings:
    root: str = field(default_factory=os.getcwd)  # patterns are relative to this
    config_file: str | None = None
    layers: tuple = ()
    per_file_ignores: tuple = ()  # ((glob, (selector, ...)), ...)
    exclude: tuple = ()  # default (or configured) excludes + extend-exclude
    cache_dir: str | None = None
    force_exclude: bool = False
    respect_gitignore: bool = True
    src: tuple = ()  # extra roots of the project's own modules (ruff's `src`), absolute

    @property
    def select(self) -> frozenset:
        """The codes enabled before per-file ignores."""
        return frozenset(c for c in known_codes() if self._enabled(c))

    @property
    def ignore(self) -> tuple:
        return tuple(s for layer in self.layers for s in layer.ignore)

    def is_selected(self, code: str, path: str) -> bool:
        if not self._enabled(code):
            return False
        for pattern, selectors in self.per_file_ignores:
            if any(code.startswith(s) or s == "ALL" for s in selectors) and matches_path(pattern, path, self.root):
                return False
        return True

    def _enabled(self, code: str) -> bool:
        return _resolve(self.layers, code)

    def fingerprint(self) -> str:
        """Stable across runs and dict orders; changes with anything that can
        change a file's diagnostics."""
        data = {
            "layers": [[lay.select, lay.extend_select, lay.ignore] for lay in self.layers],
            "per_file_ignores": self.per_file_ignores,
            "root": self.root,
            "src": self.src,
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


@lru_cache(maxsize=4096)
def _resolve(layers: tuple, code: str) -> bool:
    on = code not in _default_off()
    for layer in layers:
        best_on = _specificity(code, (layer.select or ()) + layer.extend_select)
        best_off = _specificity(code, layer.ignore)
        if layer.select is not None and best_on < 0 and best_off < 0:
            on = code in ALWAYS_ON  # a new select replaces the default
        elif best_on > best_off:
            on = True
        elif best_off >= 0:
            on = False
    return on


def _specificity(code: str, selectors) -> int:
    """Length of the longest selector matching ``code`` (-1 when none does)."""
    best = -1
    for s in selectors:
        if s == "ALL":
            best = max(best, 0)
        elif code.startswith(s):
            best = max(best, len(s))
    return best


DEFAULT_EXCLUDE = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".kgraphlint_cache",
    ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox",
    ".venv", ".vscode", "__pycache__", "__pypackages__", "_build", "buck-out", "build", "dist",
    "node_modules", "site-packages", "venv",
)


def find_config(paths) -> str | None:
    """The nearest pyproject.toml with a ``[tool.kgraphlint]`` table, walking
    up from the first checked path (ruff stops at the first such file too)."""
    start = os.path.abspath(paths[0] if paths else ".")
    directory = start if os.path.isdir(start) else os.path.dirname(start)
    while True:
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate) and "kgraphlint" in _read_toml(candidate).get("tool", {}):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _read_toml(path: str) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def load_settings(paths=(), config_path=None, overrides: dict | None = None) -> Settings:
    paths = list(paths) or ["."]
    config_path = config_path or find_config(paths)
    table: dict = {}
    if config_path:
        data = _read_toml(config_path)
        # A pyproject.toml keeps the table under [tool.kgraphlint]; a dedicated
        # file (--config kgraphlint.toml) may hold the keys at top level.
        tool = data.get("tool", {})
        table = tool["kgraphlint"] if isinstance(tool, dict) and "kgraphlint" in tool else data
        if not isinstance(table, dict):
            raise ConfigError(f"{config_path}: [tool.kgraphlint] must be a table")
    where = f"{config_path}: [tool.kgraphlint]" if config_path else "configuration"
    file_opts = _validate(table, where)
    cli_opts = _validate({k.replace("_", "-"): v for k, v in (overrides or {}).items() if v is not None},
                         "command line")
    root = os.path.dirname(os.path.abspath(config_path)) if config_path else os.getcwd()

    layers = tuple(
        Layer(select=_tuple(o.get("select")), extend_select=tuple(o.get("extend-select", ())),
              ignore=tuple(o.get("ignore", ())))
        for o in (file_opts, cli_opts) if o.keys() & {"select", "extend-select", "ignore"}
    )
    merged = {**file_opts, **cli_opts}
    exclude = tuple(merged.get("exclude", DEFAULT_EXCLUDE)) + tuple(file_opts.get("extend-exclude", ())) \
        + tuple(cli_opts.get("extend-exclude", ()))
    pfi = tuple(sorted((g, tuple(codes)) for g, codes in merged.get("per-file-ignores", {}).items()))
    cache_dir = merged.get("cache-dir")
    if cache_dir and "cache-dir" in file_opts and "cache-dir" not in cli_opts:
        cache_dir = os.path.join(root, cache_dir)  # relative to the config file, as ruff does
    return Settings(root=root, config_file=config_path, layers=layers, per_file_ignores=pfi, exclude=exclude,
                    cache_dir=cache_dir, force_exclude=bool(merged.get("force-exclude", False)),
                    respect_gitignore=bool(merged.get("respect-gitignore", True)),
                    src=tuple(os.path.join(root, p) for p in merged.get("src", ())))


def _tuple(value):
    return None if value is None else tuple(value)


def _validate(table: dict, where: str) -> dict:
    out = {}
    for key, value in table.items():
        if key not in _KEYS:
            import difflib

            hint = difflib.get_close_matches(key, _KEYS, n=1)
            raise ConfigError(f"{where}: unknown key {key!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")
                              + f" (known keys: {', '.join(_KEYS)})")
        if key in _LIST_KEYS:
            value = _strings(value, f"{where}: {key}")
            if key in ("select", "ignore", "extend-select"):
                value = [_selector(v, f"{where}: {key}") for v in value]
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: per-file-ignores must be a table of glob = [codes]")
            value = {g: [_selector(c, f"{where}: per-file-ignores[{g!r}]")
                         for c in _strings(codes, f"{where}: per-file-ignores[{g!r}]")] for g, codes in value.items()}
        elif key == "cache-dir":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}: cache-dir must be a non-empty string, not {value!r}")
        elif not isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be true or false, not {value!r}")
        out[key] = value
    return out


def _strings(value, where: str) -> list:
    if isinstance(value, str):
        raise ConfigError(f"{where} must be a list of strings, e.g. [{value!r}]")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings, not {value!r}")
    return list(value)


def _selector(value: str, where: str) -> str:
    code = value.strip().upper()
    if code == "ALL":
        return code
    codes = known_codes()
    if not _CODE.match(code) or not any(c.startswith(code) for c in codes):
        import difflib

        hint = difflib.get_close_matches(code, sorted(codes), n=1)
        raise ConfigError(f"{where}: unknown rule code or prefix {value!r}"
                          + (f"; did you mean {hint[0]!r}?" if hint else "") + " (see `kgraphlint rule --all`)")
    return code
