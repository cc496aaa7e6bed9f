"""Small libcst helpers shared by the rewriters."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from .names import comments

ATOMIC = (cst.Call, cst.Name, cst.Attribute, cst.Subscript)


@dataclass
class Item:
    """One layer of a model with the comments that travel with it."""

    value: cst.BaseExpression
    leading: list = field(default_factory=list)  # [EmptyLine]
    trailing: cst.TrailingWhitespace | None = None


def simple(stmt):
    """The single small statement of a ``SimpleStatementLine``, else None."""
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1:
        return stmt.body[0]
    return None


def assigned_call(stmt):
    """(target name or None for ``return``, Call) for ``t = f(...)`` / ``return f(...)``."""
    small = simple(stmt)
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Call):
        target = small.targets[0].target
        if isinstance(target, cst.Name):
            return target.value, small.value
    if isinstance(small, cst.Return) and isinstance(small.value, cst.Call):
        return None, small.value
    return None, None


def _lines(ws) -> list:
    if isinstance(ws, cst.ParenthesizedWhitespace):
        return [line.with_changes(indent=True, whitespace=cst.SimpleWhitespace("")) for line in ws.empty_lines]
    return []


def _trailing(ws):
    if isinstance(ws, cst.ParenthesizedWhitespace) and ws.first_line.comment is not None:
        return ws.first_line
    return None


def list_items(seq) -> tuple:
    """Items of a List/Tuple literal with their comments; also (head comment, tail lines)."""
    opener = seq.lbracket if isinstance(seq, cst.List) else (seq.lpar[0] if seq.lpar else None)
    closer = seq.rbracket if isinstance(seq, cst.List) else (seq.rpar[0] if seq.rpar else None)
    head_ws = opener.whitespace_after if opener is not None else None
    head = _trailing(head_ws)
    pending = _lines(head_ws)
    items = []
    elements = list(seq.elements)
    for k, el in enumerate(elements):
        if isinstance(el, (cst.StarredElement,)):
            raise ValueError("a starred element")
        after = el.comma.whitespace_after if isinstance(el.comma, cst.Comma) else None
        last = k == len(elements) - 1
        if after is None and last and closer is not None:
            after = closer.whitespace_before
        items.append(Item(el.value, pending, _trailing(after)))
        pending = _lines(after)
    if isinstance(elements[-1].comma if elements else None, cst.Comma) and closer is not None:
        pending = pending + _lines(closer.whitespace_before)
    return items, head, pending


def stmt(text: str, leading=(), trailing=None) -> cst.SimpleStatementLine:
    node = cst.parse_statement(text)
    changes = {"leading_lines": list(leading)}
    if trailing is not None:
        changes["trailing_whitespace"] = trailing
    return node.with_changes(**changes)


def call_text(ctx, expr, arg: str) -> str:
    """``expr(arg)`` with ``expr`` parenthesized when it would not bind."""
    text = ctx.code(expr)
    if not isinstance(expr, ATOMIC):
        text = f"({text})"
    return f"{text}({arg})"


def keyword(call: cst.Call, name: str):
    for i, arg in enumerate(call.args):
        if arg.keyword is not None and arg.keyword.value == name:
            return i, arg
    return None, None


def without_arg(call: cst.Call, index: int) -> cst.Call:
    args = list(call.args)
    removed = args.pop(index)
    if index == len(args) and args:  # it was last: the new last takes its comma
        args[-1] = args[-1].with_changes(comma=removed.comma)
    return call.with_changes(args=args)


def keep_comments(originals, new_stmts: list) -> list:
    """Never lose a comment: any the new statements lack go before the last one."""
    old = [c for node in originals for c in comments(node)]
    have = [c for node in new_stmts for c in comments(node)]
    missing = []
    for c in old:
        if c in have:
            have.remove(c)
        else:
            missing.append(c)
    if missing and new_stmts:
        last = new_stmts[-1]
        extra = [cst.EmptyLine(comment=cst.Comment(c)) for c in missing]
        new_stmts[-1] = last.with_changes(leading_lines=list(last.leading_lines) + extra)
    return new_stmts
