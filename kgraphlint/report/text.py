"""Human formats: ``concise`` (one line each) and ``full`` (with the source
line and a caret under the span, like ruff)."""

from __future__ import annotations


def _head(d) -> str:
    from . import relative

    marker = " [*]" if d.fix is not None and d.fix.applicability == "safe" else ""
    return f"{relative(d.path)}:{d.line}:{d.column}: {d.code}{marker} {d.message}"


def concise(diagnostics, sources) -> str:
    return "".join(_head(d) + "\n" for d in diagnostics)


def full(diagnostics, sources) -> str:
    out = []
    for d in diagnostics:
        source = sources.line(d.path, d.line)
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
