"""Box-drawn tables in the style of Keras's ``model.summary()``, shared by
``summary`` and ``diff``."""

from __future__ import annotations

_TOP, _HEAD, _MID, _BOTTOM = ("┏", "┳", "┓", "━"), ("┡", "╇", "┩", "━"), ("├", "┼", "┤", "─"), ("└", "┴", "┘", "─")


def box_table(header: list, rows: list, min_widths=(), right=()) -> list:
    """The table's lines; columns whose index is in ``right`` align right."""
    widths = [max([len(r[i]) for r in rows] + [len(header[i]), min_widths[i] if i < len(min_widths) else 0])
              for i in range(len(header))]

    def rule(chars):
        left, mid, end, fill = chars
        return left + mid.join(fill * (w + 2) for w in widths) + end

    def line(cells, sep="│"):
        return sep + sep.join(" " + (c.rjust(w) if i in right else c.ljust(w)) + " "
                              for i, (c, w) in enumerate(zip(cells, widths))) + sep

    out = [rule(_TOP), line(header, "┃"), rule(_HEAD)]
    for i, row in enumerate(rows):
        out.append(line(row))
        out.append(rule(_MID) if i < len(rows) - 1 else rule(_BOTTOM))
    if not rows:
        out.append(rule(_BOTTOM))
    return out
