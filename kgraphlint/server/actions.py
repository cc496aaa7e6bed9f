"""Code actions as plain data: the fixes a diagnostic carries, "fix all",
and the Sequential <-> Functional rewrites. Positions here are the
engine's (1-based lines, character columns); the server converts them to
the client's units."""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Edit

QUICKFIX = "quickfix"
UNSAFE = "quickfix.unsafe"  # offered when asked for (context.only) or enabled in the settings
FIX_ALL = "source.fixAll.kgraphlint"
REWRITE = "refactor.rewrite"


@dataclass(frozen=True)
class Action:
    title: str
    kind: str
    edits: tuple  # of Edit
    codes: tuple = ()  # the diagnostics it resolves
    preferred: bool = False


def fix_data(diagnostic, version) -> dict | None:
    """What a published diagnostic carries in ``data``: where it is (in the
    engine's units) and the version it was computed on, so a code action
    finds its fix without analysing again; and what the fix is."""
    fix = diagnostic.fix
    if fix is None:
        return None
    return {"version": version, "at": [diagnostic.line, diagnostic.column], "applicability": fix.applicability,
            "message": fix.message}


def fix_action(diagnostic) -> Action:
    """The code action of a diagnostic whose fix has its edits."""
    fix = diagnostic.fix
    unsafe = fix.applicability != "safe"
    title = f"{diagnostic.code}: {fix.message}" + (" (unsafe)" if unsafe else "")
    return Action(title, UNSAFE if unsafe else QUICKFIX, tuple(fix.edits), (diagnostic.code,), preferred=not unsafe)


def fix_all_action(source: str, path: str, settings) -> Action | None:
    from ..fixes import fix_source

    new, applied, _ = fix_source(source, path, settings)
    if new == source:
        return None
    n = sum(applied.values())
    return Action(f"kgraphlint: fix all ({n} safe fix{'es' * (n != 1)})", FIX_ALL, (whole_edit(source, new),))


def rewrite_actions(source: str, models: list) -> list:
    """"Rewrite `model` to Functional/Sequential" for ``models`` (ModelIRs
    under the cursor); offered only where the rewrite succeeds."""
    from ..rewrite import rewrite_source

    out = []
    for model in models:
        to = "sequential" if model.kind == "functional" else "functional"
        try:
            result = rewrite_source(source, to, model=model.name)
        except Exception:
            continue
        if result.changed and any(o.rewritten and o.model == model.name for o in result.outcomes):
            out.append(Action(f"kgraphlint: rewrite `{model.name}` to {to.capitalize()}", REWRITE,
                              (whole_edit(source, result.new_source),)))
    return out


def whole_edit(old: str, new: str) -> Edit:
    """One edit turning ``old`` into ``new``: the lines between their common
    first and last lines (so the editor keeps the cursor and folds)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return Edit(start + 1, 1, len(a) - end + 1, 1, "".join(b[start:len(b) - end]))
