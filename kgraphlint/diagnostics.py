"""What the engine reports: the shared vocabulary of rules, reporters, runner."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Edit:
    """Replace [start, end) — 1-based line/column, end exclusive — with ``content``."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str


@dataclass(frozen=True)
class Fix:
    applicability: str  # "safe" | "unsafe"
    message: str
    edits: tuple | None  # of Edit; None: known to exist, not built (``lint_source(fix_edits=False)``)


@dataclass(frozen=True)
class Diagnostic:
    code: str  # "KG201"
    name: str  # "dense-rank"
    severity: str  # "error" | "warning" | "info"
    message: str
    path: str
    line: int  # 1-based
    column: int  # 1-based
    end_line: int
    end_column: int
    model: str | None = None  # name of the model the finding concerns
    fix: Fix | None = None
    cell: int | None = None  # in a notebook: the cell (1-based, all cells counted); line/column are in it

    def sort_key(self):
        return (self.path, self.cell or 0, self.line, self.column, self.code)


@dataclass
class FileResult:
    path: str
    diagnostics: list = field(default_factory=list)
    skipped: str | None = None  # reason a file was not analysed (binary, no Keras)
    # (cache key, dependencies) when a worker linted it: the parent writes the cache
    cache_entry: tuple | None = field(default=None, compare=False, repr=False)
