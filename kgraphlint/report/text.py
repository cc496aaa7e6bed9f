"""Human formats: ``concise`` (one line each) and ``full`` (with the source
line and a caret under the span, like ruff)."""

from __future__ import annotations


def _head(d) -> str:
    from . import relative

    marker = " [*]" if d.fix is not None and d.fix.applicability == "safe" else ""
    return f"{relative(d.path)}:{cell_prefix(d)}{d.line}:{d.column}: {d.code}{marker} {d.message}"


def cell_prefix(d) -> str:
    """``cell 4:`` for a finding in a notebook cell (ruff's notation), else nothing."""
    return f"cell {d.cell}:" if d.cell is not None else ""


def concise(diagnostics, sources) -> str:
    return "".join(_head(d) + "\n" for d in diagnostics)


def full(diagnostics, sources) -> str:
    out = []
    for d in diagnostics:
        source = sources.line_of(d)
        number = str(d.line)
        pad = " " * len(number)
        end = d.end_column if d.end_line == d.line else len(source) + 1
        width = max(1, end - d.column)
        out.append(_head(d))
        out.append(f"{pad} |")
        out.append(f"{number} | {source}")
        out.append(f"{pad} | {' ' * (d.column - 1)}{'^' * width} {d.code} ({d.severity})")
        if d.fix is not None:
            out.append(f"{pad} = help: {d.fix.message} ({d.fix.applicability} fix)")
        out.append("")
    return "\n".join(out) + ("\n" if out else "")
