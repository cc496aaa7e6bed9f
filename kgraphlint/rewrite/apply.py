"""Apply the planned statement replacements and import edits in one pass."""

from __future__ import annotations

import libcst as cst

from .imports import add_names


class _Apply(cst.CSTTransformer):
    def __init__(self, replacements: dict, import_plan, after: dict):
        self.replacements = replacements
        self.after = after
        self.plan = import_plan

    def _body(self, original, updated):
        body = []
        for orig, upd in zip(original.body, updated.body):
            if id(orig) in self.replacements:
                body.extend(self.replacements[id(orig)])
            else:
                body.append(upd)
            body.extend(self.after.get(id(orig), ()))
        if not body:  # a block cannot be empty
            body = [cst.SimpleStatementLine([cst.Pass()])]
        return updated.with_changes(body=body)

    def leave_Module(self, original, updated):
        return self._body(original, updated)

    def leave_IndentedBlock(self, original, updated):
        return self._body(original, updated)

    def leave_ImportFrom(self, original, updated):
        found = self.plan.additions.get(id(original))
        if found:
            return add_names(updated, found[1])
        return updated

    def leave_SimpleStatementLine(self, original, updated):
        for small in original.body:
            lines = self.plan.new_lines.get(id(small))
            if lines:
                extra = [cst.parse_statement(text) for text in lines[1]]
                return cst.FlattenSentinel([updated, *extra])
        return updated


def apply(ctx) -> str:
    if not ctx.replacements and not ctx.import_plan.additions and not ctx.import_plan.new_lines:
        return ctx.source
    return ctx.module.visit(_Apply(ctx.replacements, ctx.import_plan, ctx.after)).code
