"""``kgraphlint diff`` output: text (box tables like ``summary``), markdown
for a pull-request comment (a headline table, then one collapsible
``<details>`` per model) and json. Each takes the ``ModelChange`` list and a
title saying what was compared."""

from __future__ import annotations

import html
import json

from ..dims import is_int
from ..table import box_table

COUNTS = (("total", "Total params"), ("trainable", "Trainable params"), ("non_trainable", "Non-trainable params"))


def delta_text(change) -> str:
    """``+6,474 (+1.94%)``; a change that is not a number says so (the
    reason is said once, in the model's notes)."""
    delta = change.delta
    if delta is None:
        return "? (not exact)"
    if is_int(delta):
        if delta == 0:
            return "0"
        rel = change.relative
        return f"{delta:+,}" + (f" ({rel:+.2%})" if rel is not None else " (was 0)")
    text = str(delta)
    return text if text.startswith("-") else "+" + text


def count_line(c, key: str, delta: bool = True) -> str:
    """One count of a model change: ``before → after: delta``, or the one
    side of an added or removed model."""
    if c.new is None:
        return f"{getattr(c.old, key).text()} (removed)"
    if c.old is None:
        return f"{getattr(c.new, key).text()} (added)"
    change = c.count(key)
    if change.before.same(change.after):
        return change.after.text()
    line = f"{change.before.text()} → {change.after.text()}"
    return f"{line}: {delta_text(change)}" if delta else line


def _where(snap) -> str:
    return f"{snap.path}:{snap.line}"


def _label(c) -> str:
    s = c.current
    moved = c.old and c.new and c.old.path != c.new.path
    where = f"{c.old.path} → {_where(c.new)}" if moved else _where(s)
    return f'Model "{s.keras_name}" ({s.variable}, {s.kind}, {where}): {c.status}'


def _shapes(c) -> str:
    old = ", ".join(c.old.outputs) if c.old else ""
    new = ", ".join(c.new.outputs) if c.new else ""
    return new if old == new else f"{old or '-'} → {new or '-'}"


def _layer_cells(lc) -> list:
    fields = {what: (a, b) for what, a, b in lc.fields}
    row = lc.new or lc.old
    if lc.status == "changed" and lc.old.label != lc.new.label:
        label = f"{lc.old.label} → {lc.new.label}"
    else:
        label = row.label

    def pick(what, value):
        return f"{fields[what][0]} → {fields[what][1]}" if what in fields else value

    args = "; ".join(f"{what}{a} → {b}" for what, a, b in lc.fields if what.endswith("="))
    return [lc.status, label, pick("output shape", row.shape), pick("params", row.params), args]


def _notes(c) -> list:
    notes = []
    for side, snap in (("before", c.old), ("after", c.new)):
        if snap and (not snap.total.exact or not snap.built):
            notes.append(f"{side}: {snap.total.reason}")
    return notes


def text(changes: list, title: str, skipped=()) -> str:
    shown = [c for c in changes if c.status != "unchanged"]
    out = [f"{title}: {headline(changes)}"]
    for c in shown:
        out += ["", _label(c)]
        out += [f" {name}: {count_line(c, key)}" for key, name in COUNTS]
        out.append(f" Output shapes: {_shapes(c)}")
        out += [f" note: {n}" for n in _notes(c)]
        if c.layers:
            rows = [_layer_cells(lc) for lc in c.layers]
            out += box_table(["Change", "Layer (type)", "Output Shape", "Param #", "Arguments"], rows,
                             right=(3,))
    out += ([""] + [f"moved: {line}" for line in moved(changes)]) if moved(changes) else []
    out += ([""] + [f"not compared: {reason}" for _, reason in skipped]) if skipped else []
    return "\n".join(out) + "\n"


def headline(changes: list) -> str:
    if not changes:
        return "no Keras models in the changed files"
    counts = {s: sum(c.status == s for c in changes) for s in ("changed", "added", "removed", "unchanged")}
    parts = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    return f"{len(changes)} model{'s' * (len(changes) != 1)}: {parts}"


def moved(changes: list) -> list:
    """Unchanged models whose file was renamed: said in one line each."""
    return [f"{c.new.variable}: {c.old.path} → {c.new.path}, unchanged" for c in changes
            if c.status == "unchanged" and c.old.path != c.new.path]


def _md(value) -> str:
    """Cell text: HTML-escaped (names come from user code) and pipe-safe."""
    return html.escape(str(value), quote=False).replace("|", "&#124;").replace("\n", " ")


def _code(value) -> str:
    return f"<code>{_md(value)}</code>"


_MARKS = {"changed": "🔺", "added": "➕", "removed": "➖", "unchanged": "="}


def markdown(changes: list, title: str, skipped=()) -> str:
    shown = [c for c in changes if c.status != "unchanged"]
    out = [f"### {_md(title)}", "", _md(headline(changes)) + ".", ""]
    if shown:
        out += ["| | Model | File | Total params | Change | Trainable | Non-trainable |",
                "|---|---|---|---:|---:|---:|---:|"]
        for c in shown:
            s = c.current
            total = c.count("total")
            before = c.old.total.text() if c.old else "-"
            after = c.new.total.text() if c.new else "-"
            cells = [f"{_MARKS[c.status]} {c.status}", f"{_code(s.variable)} ({_md(s.keras_name)})", _code(s.path),
                     _md(f"{before} → {after}"), _md(delta_text(total)),
                     _md(count_line(c, "trainable", delta=False)), _md(count_line(c, "non_trainable", delta=False))]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    for c in shown:
        s = c.current
        out += [(f"<details><summary>{_code(s.variable)} in {_code(s.path)}: {_md(c.status)}, "
                f"{_md(delta_text(c.count('total')))} params</summary>"), ""]
        out += [f"- {name}: {_md(count_line(c, key))}" for key, name in COUNTS]
        out.append(f"- Output shapes: {_md(_shapes(c))}")
        out += [f"- Note: {_md(n)}" for n in _notes(c)]
        if c.layers:
            out += ["", "| Change | Layer (type) | Output shape | Params | Arguments |", "|---|---|---|---:|---|"]
            out += ["| " + " | ".join(_md(cell) for cell in _layer_cells(lc)) + " |" for lc in c.layers]
        out += ["", "</details>", ""]
    out += [f"- Moved: {_md(line)}" for line in moved(changes)]
    out += [f"- Not compared: {_md(reason)}" for _, reason in skipped]
    return "\n".join(out).rstrip("\n") + "\n"


def _count_json(c, key: str) -> dict:
    change = c.count(key)
    delta = change.delta
    return {"before": change.before.json() if c.old else None, "after": change.after.json() if c.new else None,
            "delta": delta if delta is None or is_int(delta) else str(delta),
            "relative": change.relative, "exact": change.why_not_exact is None,
            "reason": change.why_not_exact}


def _row_json(row):
    if row is None:
        return None
    return {"name": row.name, "class": row.cls, "output_shape": row.shape, "params": row.params}


def as_json(changes: list, title: str, skipped=()) -> str:
    models = []
    for c in changes:
        s = c.current
        models.append({
            "status": c.status, "path": s.path, "old_path": c.old.path if c.old else None,
            "variable": s.variable, "keras_name": s.keras_name, "kind": s.kind, "line": s.line,
            "params": {key: _count_json(c, key) for key, _ in COUNTS},
            "outputs": {"before": list(c.old.outputs) if c.old else None,
                        "after": list(c.new.outputs) if c.new else None},
            "moved": bool(c.old and c.new and c.old.path != c.new.path), "notes": _notes(c),
            "layers": [{"status": lc.status, "before": _row_json(lc.old), "after": _row_json(lc.new),
                        "changes": [{"field": w.rstrip("="), "before": a, "after": b} for w, a, b in lc.fields]}
                       for lc in c.layers],
        })
    return json.dumps({"title": title, "models": models,
                       "not_compared": [{"path": p, "reason": r} for p, r in skipped]}, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": text, "markdown": markdown, "json": as_json}
