"""What ``kgraphlint verify`` prints: one verdict per model whatever the
checks that ran, the differences as a table at most ``WIDTH`` columns wide,
and a closing line the exit code agrees with."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from .compare import AGREE, DISAGREE, NOT_VERIFIABLE, ModelResult

WIDTH = 100

REBUILT = ("rebuilt", "the extracted graph, rebuilt in TensorFlow from its literal values")
EXECUTED = ("your code", "the model your module builds when it runs (--exec-source)")

HEADER = ("Each model's extracted graph is rebuilt in TensorFlow from its literal values: `agree` means "
          "it builds there with the shapes and parameter counts kgraphlint prints. This checks "
          "kgraphlint's arithmetic, not whether the graph is what your code builds: --exec-source "
          "checks the extraction itself.")
HEADER_EXEC = ("Each model's extracted graph is rebuilt in TensorFlow from its literal values, and each "
               "module is run (--exec-source, the check of the extraction itself): `agree` means every "
               "check that could run found the same layers, shapes and parameter counts.")


@dataclass
class Verdict:
    """One model, every check that ran on it, one status."""

    path: str
    line: int
    name: str
    rebuilt: ModelResult | None
    executed: ModelResult | None = None

    @property
    def checks(self) -> list:
        return [(label, c) for (label, _), c in ((REBUILT, self.rebuilt), (EXECUTED, self.executed)) if c]

    @property
    def status(self) -> str:
        statuses = {c.status for _, c in self.checks}
        if DISAGREE in statuses:
            return DISAGREE
        return AGREE if AGREE in statuses else NOT_VERIFIABLE

    def to_json(self) -> dict:
        doc = {"path": self.path, "line": self.line, "name": self.name, "status": self.status}
        if self.rebuilt is not None:
            doc["rebuilt"] = _check_json(self.rebuilt)
        if self.executed is not None:
            doc["exec_source"] = _check_json(self.executed)
        return doc


def _check_json(result: ModelResult) -> dict:
    doc = result.to_json()
    for key in ("path", "line", "name"):
        doc.pop(key)
    return doc


def verdicts(rebuilt: list, executed: list | None = None, missed: list = ()) -> list:
    """Pair each model's checks (``executed`` in the order of ``rebuilt``);
    models only the module built come last."""
    out = [Verdict(r.path, r.line, r.name, r) for r in rebuilt]
    if executed is not None:
        for verdict, result in zip(out, executed):
            verdict.executed = result
        out += [Verdict(m.path, m.line, m.name, None, m) for m in missed]
    return out


def closing(verdicts_: list, failed: list) -> tuple:
    """(the closing line, the exit code it announces): 1 when a model
    disagrees, 2 when a file could not be analysed, else 0."""
    counts: dict = {}
    for v in verdicts_:
        counts[v.status] = counts.get(v.status, 0) + 1
    n = len(verdicts_)
    line = f"{n} model{'s' if n != 1 else ''}"
    if counts:
        line += ": " + ", ".join(f"{counts[s]} {s}" for s in (DISAGREE, AGREE, NOT_VERIFIABLE) if s in counts)
    if failed:
        line += f"; {len(failed)} file{'s' if len(failed) != 1 else ''} could not be analysed"
        return line, 2
    return line, 1 if counts.get(DISAGREE) else 0


def text(verdicts_: list, failed: list, exec_source: bool) -> str:
    out = textwrap.wrap(HEADER_EXEC if exec_source else HEADER, WIDTH)
    for v in verdicts_:
        _block(v, out)
    out.append(closing(verdicts_, failed)[0])
    return "\n".join(out)


def _block(v: Verdict, out: list) -> None:
    checks = v.checks
    head = f"{v.path}:{v.line} {v.name}: {v.status}"
    if len(checks) == 1 and checks[0][1].reason:
        head += f": {checks[0][1].reason}"
    elif v.status == AGREE:
        done = [f"{label} {c.checked} layer{'' if c.checked == 1 else 's'}" for label, c in checks
                if c.status == AGREE]
        head += f" ({'; '.join(done)})" if done else ""
    out.extend(textwrap.wrap(head, WIDTH, subsequent_indent=" " * 4, break_on_hyphens=False))
    for label, check in checks:
        prefix = f"{label}: " if len(checks) > 1 else ""
        if len(checks) > 1 and check.reason:
            out.extend(_wrapped(f"{prefix}{check.status}: {check.reason}", 4))
        out.extend(line for note in check.notes for line in _wrapped(f"{prefix}note: {note}", 4))
        if check.differences:
            if len(checks) > 1:
                out.append(f"    {label} differs:")
            rows = [(d.layer, d.cls, d.what, d.static, d.keras) for d in check.differences]
            keras = "keras" if check is v.rebuilt else "your code"
            out.extend(table([("layer", "class", "what", "static", keras), *rows], indent=4))


def _wrapped(line: str, indent: int) -> list:
    return textwrap.wrap(line, WIDTH, initial_indent=" " * indent, subsequent_indent=" " * (indent + 4))


def table(rows: list, indent: int = 0, width: int = WIDTH) -> list:
    """Rows of cells as aligned columns, two spaces apart, no line longer
    than ``width``: the widest columns are narrowed and their cells wrapped."""
    columns = len(rows[0])
    widths = [max(len(str(r[i])) for r in rows) for i in range(columns)]
    room = width - indent - 2 * (columns - 1)
    while sum(widths) > room:
        widest = max(range(columns), key=lambda i: widths[i])
        widths[widest] = max(widths[widest] - 1, 6)
        if all(w <= 6 for w in widths):
            break
    lines = []
    for row in rows:
        cells = [textwrap.wrap(str(c), w, break_long_words=True, break_on_hyphens=False) or [""]
                 for c, w in zip(row, widths)]
        for k in range(max(len(c) for c in cells)):
            parts = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(cells, widths)]
            lines.append((" " * indent + "  ".join(parts)).rstrip())
    return lines
