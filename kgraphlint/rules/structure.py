"""KG1xx: how the model is put together (inputs, outputs, dead branches,
API misuse)."""

from __future__ import annotations

import ast
import re
from dataclasses import replace

import networkx as nx

from ..diagnostics import Edit, Fix
from ..dims import format_shape
from ..graph import Span
from ..layers import lookup
from .base import Rule, fact_diagnostics, node_span
from .cst import callee_prefix, keyword, without_arg
from .model_inputs import not_an_input


def output_ids(model) -> set:
    return {ref.node for ref in model.outputs}


def reaching_outputs(model) -> set:
    """Node ids some output of ``model`` depends on (outputs included)."""
    found = set()
    for out in output_ids(model):
        if out in model.graph:
            found |= nx.ancestors(model.graph, out) | {out}
    return found


def unique(diagnostics, prior=()):
    """Drop diagnostics on a line already reported (facts win over own checks)."""
    seen = {(d.code, d.line) for d in prior}
    for d in diagnostics:
        if (d.code, d.line) not in seen:
            seen.add((d.code, d.line))
            yield d


def shape_of(node) -> str:
    return format_shape(node.output_shape) if node.output_shapes else "?"


class MissingInput(Rule):
    code = "KG101"
    name = "missing-input"
    severity = "error"
    summary = "A model with no Input (or input shape), so Keras cannot build or summarize it."

    def check(self, analysis, context):
        yield from not_an_input(analysis, context)  # the functional form (model_inputs.py)
        functions = {m.name: m.function for m in analysis.models}
        facts = [d for d in fact_diagnostics(analysis, context, self.code, self.describe)
                 if not self._built_later(analysis, d.model, functions.get(d.model))]
        yield from facts
        own = [
            context.report(model.span, self.describe_model(model.name), model=model)
            for model in analysis.models
            if model.kind == "sequential" and not model.built
            and not self._built_later(analysis, model.name, model.function)
        ]
        yield from unique(own, facts)

    @staticmethod
    def _built_later(analysis, name, function=None) -> bool:
        """``name.build(...)``, or a variable ``name`` called or handed on (a
        list, an argument): something else may build it, so stay quiet."""
        if not name:
            return False
        n = re.escape(name)
        if re.search(rf"\b{n}\s*\.\s*build\s*\(", analysis.source):
            return True
        escapes = rf"\b{n}\s*\(|[(\[,]\s*{n}\s*[,)\]]"
        return name != function and re.search(escapes, analysis.source) is not None

    def describe(self, finding):
        return self.describe_model(finding.data.get("model", "model"))

    @staticmethod
    def describe_model(name):
        return (f"Sequential model `{name}` has no input shape: it stays unbuilt, so its weights, "
                f"count_params() and output shapes do not exist until it is called on data; "
                f"add `Input(shape=...)` as its first layer")


class GraphDisconnected(Rule):
    code = "KG102"
    name = "graph-disconnected"
    severity = "error"
    summary = "Model(inputs, outputs) whose outputs depend on an Input not listed in inputs."

    def check(self, analysis, context):
        facts = list(fact_diagnostics(analysis, context, self.code, self.describe))
        yield from facts
        own = []
        for model in analysis.models:
            if model.kind != "functional":
                continue
            listed = {ref.node for ref in model.inputs}
            for node_id in sorted(reaching_outputs(model) - listed, key=list(model.graph).index):
                node = model.node(node_id)
                if node.kind != "input":
                    continue
                own.append(context.report(model.span, self.message(model.name, node.name, node.span, shape_of(node)),
                                          model=model))
        yield from unique(own, facts)

    def describe(self, finding):
        data = finding.data
        return self.message(data.get("model", "model"), data.get("input", "?"), data.get("input_span"), "")

    @staticmethod
    def message(model, name, span, shape):
        where = f" (line {span.line})" if span is not None else ""
        shape = f" {shape}" if shape else ""
        return (f"the outputs of `{model}` depend on Input `{name}`{shape}{where}, which is not in `inputs`; "
                f"Keras raises ValueError ('not connected to inputs'). Add it to `inputs`")


class UnusedBranch(Rule):
    code = "KG103"
    name = "unused-branch"
    severity = "warning"
    summary = "A layer output computed in a functional graph that reaches no model output."

    def check(self, analysis, context):
        """A statement ``name = Layer(...)(tensor)`` in a scope that builds a
        functional model, whose call is in no model's graph and whose ``name``
        is never read before being reassigned. (The IR holds only what reaches
        outputs, so candidates come from the syntax tree.)"""
        functional = [m for m in analysis.models if m.kind == "functional"]
        if not functional:
            return
        used = {(n.call_span.line, n.call_span.column) for m in analysis.models for n in m.nodes() if n.call_span}
        tree = analysis.tree
        scopes = [tree] + [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for scope in scopes:
            first, last = getattr(scope, "lineno", 1), getattr(scope, "end_lineno", 10**9)
            model = next((m for m in functional if first <= m.span.line <= last), None) or _calling_into(
                functional, first, last)
            if model is None:
                continue
            for i, stmt in enumerate(scope.body):
                target, call = _layer_call_assignment(stmt)
                if target is None or lookup(_callee_name(call.func)) is None:
                    continue
                span = _span(analysis, call)
                if (span.line, span.column) in used or _read_later(target, scope.body[i + 1:]):
                    continue
                yield context.report(
                    span,
                    f"the {_callee_name(call.func)} output assigned to `{target}` reaches no output of `{model.name}`: "
                    f"it is computed for nothing and its weights are not in the model. Pass it on (Concatenate, "
                    f"outputs) or remove it",
                    model=model,
                )


def _calling_into(models, first, last):
    """A model with a layer call on lines first..last: a helper function
    (a residual block) a builder called while making it."""
    for model in models:
        if any(n.call_span is not None and first <= n.call_span.line <= last for n in model.nodes()):
            return model
    return None


def _span(analysis, node) -> Span:
    return Span(*analysis.text.position(node))


def _layer_call_assignment(stmt):
    """(name, outer call) for ``name = Layer(...)(x)``, else (None, None)."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        value = stmt.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Call):
            return stmt.targets[0].id, value
    return None, None


def _callee_name(call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _read_later(name, statements) -> bool:
    """True when ``name`` is read before it is next assigned."""
    for stmt in statements:
        value = stmt.value if isinstance(stmt, ast.Assign) else stmt
        if any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) for n in ast.walk(value)):
            return True
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            return False
    return False


class UnusedInput(Rule):
    code = "KG104"
    name = "unused-input"
    severity = "warning"
    summary = "An Input listed in a model's inputs that no output depends on."

    def check(self, analysis, context):
        for model in analysis.models:
            if model.kind != "functional":
                continue
            reached = reaching_outputs(model)
            for ref in model.inputs:
                node = model.node(ref.node) if ref.node in model.graph else None
                if node is None or ref.node in reached:
                    continue
                yield context.report(
                    node_span(node),
                    f"Input `{node.name}` {shape_of(node)} is in the inputs of `{model.name}` but no output "
                    f"depends on it: callers must feed data the model ignores. Use it or drop it from `inputs`",
                    model=model,
                )


class InputShapeArgument(Rule):
    code = "KG105"
    name = "input-shape-argument"
    severity = "info"
    summary = "input_shape=/input_dim= passed to a layer; Keras 3 wants an Input instead."
    fixable = "safe"

    def check(self, analysis, context):
        # One diagnostic per extractor fact, in order: the fact says whether the
        # argument sits in a functional graph or after a Sequential's first
        # layer, where the fix is to drop it rather than move it onto an Input.
        findings = list(analysis.facts_with(self.code))
        facts = list(fact_diagnostics(analysis, context, self.code, self.describe))
        facts = [
            d if d.fix else replace(d, fix=self._fix_at(analysis, d, f.data.get("context") != "sequential-first"))
            for d, f in zip(facts, findings)
        ]
        yield from facts

    def describe(self, finding):
        data = finding.data
        argument, cls = data.get("argument", "input_shape"), data.get("class", "layer")
        if data.get("context") == "sequential-later":
            return (f"`{argument}=` on {cls} is ignored: only a Sequential's first layer sets its input "
                    f"(Keras 3 still warns about it); remove it")
        return self.message(argument, cls, data.get("context") == "functional")

    @staticmethod
    def message(argument, cls, functional):
        if functional:
            return (f"`{argument}=` on {cls} is redundant inside a functional graph: the Input fixes the shape "
                    f"(Keras 3 still warns about it); remove it")
        return (f"`{argument}=` on {cls}: Keras 3 warns 'Do not pass an input_shape/input_dim argument' "
                f"and wants an `Input(shape)` as the model's first layer")

    def _fix_at(self, analysis, diagnostic, remove_only):
        span = Span(diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column)
        return self._fix(analysis, span, remove_only)

    def _fix(self, analysis, span, functional):
        index = analysis.cst
        call = index.call_at(span)
        if call is None:
            return None
        arg = keyword(call, "input_shape") or keyword(call, "input_dim")
        if arg is None:
            return None
        shape_text = index.code(arg.value)
        if arg.keyword.value == "input_dim":
            shape_text = f"({shape_text},)"
        removed = index.code(without_arg(call, arg))
        if functional:
            return Fix("safe", f"Remove `{arg.keyword.value}=`", (index.edit(call, removed),))
        import_edits = () if callee_prefix(call) else _import_input(analysis, call)
        if import_edits is None:
            return None
        input_call = f"{callee_prefix(call)}Input(shape={shape_text})"
        add = _add_call_around(index, call)
        if add is not None:  # model.add(Layer(..., input_shape=s)) -> model.add(Input(...)) first
            stmt, receiver = add
            indent = " " * (index.span(stmt).column - 1)
            first = index.span(stmt)
            return Fix("safe", "Add an Input first", (
                *import_edits,
                Edit(first.line, first.column, first.line, first.column, f"{receiver}.add({input_call})\n{indent}"),
                index.edit(call, removed),
            ))
        return Fix("safe", "Start the model with an Input", (*import_edits, index.edit(call, f"{input_call}, {removed}")))


def _import_input(analysis, call):
    """Edits that make a bare ``Input`` name available: none when it is
    already imported, else add it to the import of the layer's class; None
    when neither is possible."""
    import libcst as cst

    wanted = getattr(call.func, "value", None)
    home = None
    for imp in analysis.cst.nodes_of(cst.ImportFrom):
        if isinstance(imp.names, cst.ImportStar):
            continue
        for alias in imp.names:
            bound = alias.asname.name.value if alias.asname else getattr(alias.name, "value", None)
            if bound == "Input":
                return ()
            if bound == wanted and alias.asname is None:
                home = imp
    if home is None:
        return None
    last = home.names[-1]
    end = analysis.cst.span(last.name)
    return (Edit(end.end_line, end.end_column, end.end_line, end.end_column, ", Input"),)


def _add_call_around(index, call):
    """(statement, receiver text) when ``call`` is the argument of ``x.add(...)``."""
    import libcst as cst

    for outer in index.nodes_of(cst.Call):
        func = outer.func
        if isinstance(func, cst.Attribute) and func.attr.value == "add" and len(outer.args) == 1 and outer.args[0].value is call:
            stmt = index.statement_of(outer)
            if stmt is not None:
                return stmt, index.code(func.value)
    return None


class SequentialInputAttribute(Rule):
    code = "KG106"
    name = "sequential-input-attribute"
    severity = "error"
    summary = "`.input`/`.output` of a Sequential model, which raises AttributeError in Keras 3."
    fixable = "safe"

    def check(self, analysis, context):
        facts = list(fact_diagnostics(analysis, context, self.code, self.describe))
        facts = [d if d.fix else replace(d, fix=self._fix_at(analysis, d.line, d.column)) for d in facts]
        yield from facts

    def describe(self, finding):
        return self.message(finding.data.get("model", "model"), finding.data.get("attribute", "output"))

    @staticmethod
    def message(model, name):
        return (f"`{model}.{name}`: a Sequential model has no `.{name}` in Keras 3 (AttributeError "
                f"'has never been called'); use `{model}.{name}s[0]`")

    def _fix_at(self, analysis, line, column):
        import libcst as cst

        index = analysis.cst
        for attr in index.nodes_of(cst.Attribute):
            s = index.span(attr)
            if attr.attr.value in ("input", "output") and (s.line, s.column) <= (line, column) <= (s.end_line, s.end_column):
                return Fix("safe", f"Use `.{attr.attr.value}s[0]`", (index.edit(attr.attr, f"{attr.attr.value}s[0]"),))
        return None


RULES = (MissingInput, GraphDisconnected, UnusedBranch, UnusedInput, InputShapeArgument, SequentialInputAttribute)
