"""KG1xx: how the model is put together (inputs, outputs, dead branches,
API misuse)."""

from __future__ import annotations

import ast
import bisect
from dataclasses import replace

import networkx as nx

from ..diagnostics import Edit, Fix
from ..dims import format_shape
from ..graph import Span
from ..layers import lookup
from . import locate
from .base import Rule, fact_diagnostics, node_span
from .cst import callee_prefix, keyword, without_arg
from .keras_calls import keras_names
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
    summary = "A Sequential with no input shape used as built (.output, count_params()...) before anything builds it."

    def check(self, analysis, context):
        """Keras builds a Sequential without an input shape on its first call
        (``fit``, ``predict``, ``model(x)``, ``build``), so only code that
        needs the built model before any of these is an error; a model that
        is handed on (returned, a sub-layer, an argument) may be built there."""
        yield from not_an_input(analysis, context)  # the functional form (model_inputs.py)
        models = {}
        for finding in analysis.facts_with(self.code):
            models.setdefault(finding.data.get("model"), finding.span)
        for model in analysis.models:
            if model.kind == "sequential" and not model.built:
                models.setdefault(model.name, model.span)
        for name, span in models.items():
            use = first_use_needing_build(analysis, name, span.line if span else 0)
            if use is not None:
                yield context.report(span, self.describe_model(name, *use), model=name)

    @staticmethod
    def describe_model(name, line=None, what=None):
        """Why ``name`` is a problem: the use that needs it built, when known
        (the finding), else only that it stays unbuilt (``rewrite`` says this)."""
        if line is None:
            return (f"Sequential model `{name}` has no input shape: it stays unbuilt, so its weights, "
                    f"count_params() and output shapes do not exist until it is called on data; "
                    f"add `Input(shape=...)` as its first layer")
        return (f"Sequential model `{name}` has no input shape and nothing builds it before line {line} "
                f"uses `{name}.{what}`, so Keras raises there (the model is not built yet); add `Input(shape=...)` "
                f"as its first layer, or call it on data (or `.build(...)`) first")


# Attributes that exist only once a model is built (Keras raises before).
NEEDS_BUILD = frozenset({"input", "inputs", "output", "outputs", "input_shape", "output_shape", "count_params"})
# Neutral uses: everything else on the model (compile, summary, add, layers...)
# neither builds it nor needs it built. Any other use of the name (called,
# .fit/.build/.predict..., returned, passed on, stored) may build it.
NEUTRAL = frozenset({"compile", "summary", "add", "pop", "layers", "name", "trainable", "save", "save_weights",
                     "get_config", "to_json", "weights", "trainable_weights", "non_trainable_weights", "optimizer",
                     "loss", "metrics", "get_weights"})


def first_use_needing_build(analysis, name, after_line):
    """(line, attribute) of the first use of ``name`` after ``after_line`` that
    needs the built model, when no use before it could build the model."""
    if not name:
        return None
    for line, attr in _uses(analysis, name):
        if line <= after_line:
            continue
        if attr in NEEDS_BUILD:
            return line, attr
        if attr not in NEUTRAL:
            return None  # built, or may be built, here
    return None


def _uses(analysis, name):
    """(line, attribute read on it or None) for each read of ``name``, in order."""
    found = []
    for node in ast.walk(analysis.tree):
        if isinstance(node, ast.Attribute) and _dotted(node.value) == name:
            found.append((node.lineno, node.col_offset, node.attr))
        elif isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load) and _dotted(node) == name:
            found.append((node.lineno, node.col_offset, None))  # the name itself (``self.mlp`` too)
    # An attribute read shows up twice (as Attribute and its inner Name): keep the attribute.
    attributes = {(line, col) for line, col, attr in found if attr is not None}
    found = [f for f in found if f[2] is not None or (f[0], f[1]) not in attributes]
    return [(line, attr) for line, _, attr in sorted(found, key=lambda f: (f[0], f[1]))]


def _dotted(node) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


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
        calls = [(m, sorted(n.call_span.line for n in m.nodes() if n.call_span is not None)) for m in functional]
        for scope in [analysis.tree, *keras_names(analysis).functions]:
            first, last = getattr(scope, "lineno", 1), getattr(scope, "end_lineno", 10**9)
            model = next((m for m in functional if first <= m.span.line <= last), None) or _calling_into(
                calls, first, last)
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


def _calling_into(calls, first, last):
    """A model with a layer call on lines first..last: a helper function
    (a residual block) a builder called while making it. ``calls``: (model,
    its layer calls' lines, sorted)."""
    for model, lines in calls:
        i = bisect.bisect_left(lines, first)
        if i < len(lines) and lines[i] <= last:
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
            if not _every_output_has_an_input(model):
                continue  # a valid model's outputs all come from inputs: the analysis lost a path
            for ref in model.inputs:
                node = model.node(ref.node) if ref.node in model.graph else None
                if node is None or ref.node in reached or _read_where_not_followed(analysis, node):
                    continue
                yield context.report(
                    node_span(node),
                    f"Input `{node.name}` {shape_of(node)} is in the inputs of `{model.name}` but no output "
                    f"depends on it: callers must feed data the model ignores. Use it or drop it from `inputs`",
                    model=model,
                )


def _every_output_has_an_input(model) -> bool:
    listed = {ref.node for ref in model.inputs}
    outputs = output_ids(model)
    return bool(outputs) and all(out in model.graph and (out in listed or nx.ancestors(model.graph, out) & listed)
                                 for out in outputs)


def _read_where_not_followed(analysis, node) -> bool:
    """True when the Input's variable is read anywhere but as a layer's or a
    model's argument (``preprocess_input(image)``, a helper call, an
    alias...), or when its variable cannot be found: the graph may miss a
    path from it to an output, so "nothing depends on it" is not known."""
    from ..extract.imports import MERGE_FUNCTIONS

    found = _assignment_of(analysis, node.span)
    if found is None:
        return True
    name, scope = found
    parents = {child: parent for parent in ast.walk(scope) for child in ast.iter_child_nodes(parent)}
    for n in ast.walk(scope):
        if not (isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)):
            continue
        parent = parents.get(n)
        while isinstance(parent, (ast.List, ast.Tuple, ast.Starred, ast.Dict, ast.keyword)):
            parent = parents.get(parent)
        if not isinstance(parent, ast.Call) or parent.func is n:
            return True
        callee = _callee_name(parent.func) if isinstance(parent.func, ast.Call) else \
            getattr(parent.func, "attr", None) or getattr(parent.func, "id", "")
        layer_call = isinstance(parent.func, ast.Call) and lookup(callee) is not None
        if not (layer_call or callee in MERGE_FUNCTIONS or callee in ("Model", "Functional")):
            return True
    return False


def _assignment_of(analysis, span):
    """(variable, scope) of ``variable = Input(...)`` at ``span``; None if it is not so simple."""
    if span is None:
        return None
    tree = analysis.tree
    scopes = [tree] + [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for scope in sorted(scopes, key=lambda s: -getattr(s, "lineno", 0)):  # innermost first
        for stmt in ast.walk(scope):
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                position = analysis.text.position(stmt.value)
                if position is not None and position[:2] == (span.line, span.column):
                    return stmt.targets[0].id, scope
    return None


class InputShapeArgument(Rule):
    code = "KG105"
    name = "input-shape-argument"
    severity = "info"
    summary = "input_shape=/input_dim= passed to a layer; Keras 3 wants an Input instead."
    fixable = "safe"
    default_enabled = False  # style: info rules run only when selected (--select KG105)

    def check(self, analysis, context):
        # One diagnostic per extractor fact, in order: the fact says whether the
        # argument sits in a functional graph or after a Sequential's first
        # layer, where the fix is to drop it rather than move it onto an Input.
        # Keras 1/2 spellings are the migration rules' (KG602, KG607): Keras 3 rejects them.
        keep = [_modern_input_arg(analysis, f) for f in analysis.facts_with(self.code)]
        findings = [f for f, k in zip(analysis.facts_with(self.code), keep) if k]
        facts = [d for d, k in zip(fact_diagnostics(analysis, context, self.code, self.describe), keep) if k]
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

    def _fix_at(self, analysis, diagnostic, functional):
        """Whether the fix exists and its message are decided on ``ast``; the
        edits (an argument removed, an import extended) are made with libcst."""
        span = Span(diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column)
        syntax = analysis.syntax
        call = syntax.call_at(span)
        if call is None or not syntax.cst_can_parse:
            return None
        arg = locate.keyword(call, "input_shape") or locate.keyword(call, "input_dim")
        if arg is None:
            return None

        def build():
            return self._edits(analysis, span, functional)

        if functional:
            return analysis.fix("safe", f"Remove `{arg.arg}=`", build)
        if isinstance(call.func, ast.Name):
            has_input, home = syntax.import_from_binding(call.func.id)
            if not has_input and home is None:
                return None
        add = syntax.add_call_around(call)
        if add is not None:  # `.add()` takes one layer: the Input needs a statement of its own
            return analysis.fix("safe", "Add an Input first", build) if syntax.simple_statement_of(add) else None
        return analysis.fix("safe", "Start the model with an Input", build)

    def _edits(self, analysis, span, functional):
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
            return (index.edit(call, removed),)
        import_edits = () if callee_prefix(call) else _import_input(analysis, call)
        if import_edits is None:
            return None
        input_call = f"{callee_prefix(call)}Input(shape={shape_text})"
        add = _add_call_around(index, call)
        if add is not None:  # model.add(Layer(..., input_shape=s)) -> model.add(Input(...)) first
            stmt, receiver = add
            if stmt is None:  # `if x: model.add(...)`: no line to insert before
                return None
            indent = " " * (index.span(stmt).column - 1)
            first = index.span(stmt)
            return (
                *import_edits,
                Edit(first.line, first.column, first.line, first.column, f"{receiver}.add({input_call})\n{indent}"),
                index.edit(call, removed),
            )
        return (*import_edits, index.edit(call, f"{input_call}, {removed}"))


def _modern_input_arg(analysis, finding) -> bool:
    """Whether the input argument is written as the engine read it: not
    ``batch_input_shape=``, nor Keras 1's ``input_dim=`` + ``input_length=`` that the
    engine reads as the ``input_shape`` they meant."""
    argument = finding.data.get("argument")
    span = finding.data.get("keyword_span")
    if argument == "batch_input_shape":
        return False
    if span is None:
        return True
    return analysis.line_text(span.line)[span.column - 1 : span.end_column - 1] == argument


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
            return index.statement_of(outer), index.code(func.value)
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
        syntax = analysis.syntax
        attr = syntax.attribute_at(line, column, ("input", "output"))
        if attr is None:
            return None
        name = syntax.span(attr, "name")
        return Fix("safe", f"Use `.{attr.attr}s[0]`",
                   (Edit(name.line, name.column, name.end_line, name.end_column, f"{attr.attr}s[0]"),))


RULES = (MissingInput, GraphDisconnected, UnusedBranch, UnusedInput, InputShapeArgument, SequentialInputAttribute)
