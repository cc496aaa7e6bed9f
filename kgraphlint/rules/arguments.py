"""KG3xx: the arguments a layer is built with: undefined names, keywords the
layer does not take, values Keras rejects, clashing names."""

from __future__ import annotations

import difflib

from ..diagnostics import Edit, Fix
from ..graph import Span
from ..layers import lookup
from ..layers.activations import ACTIVATION_ARGS, ACTIVATION_NAMES, layer_as_activation
from .base import Rule, fact_diagnostics, iter_nodes, node_span
from .locate import keyword
from .provenance import reads_parameter

DROPOUTS = ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "AlphaDropout", "GaussianDropout")


def suggestion(word: str, choices) -> str | None:
    """The single close match, or None when there is none or it is ambiguous."""
    matches = difflib.get_close_matches(word, list(choices), n=2, cutoff=0.7)
    if len(matches) == 1:
        return matches[0]
    if len(matches) == 2:
        a, b = (difflib.SequenceMatcher(None, word, m).ratio() for m in matches)
        return matches[0] if a - b > 0.1 else None
    return None


class UndefinedName(Rule):
    code = "KG301"
    name = "undefined-name"
    severity = "error"
    summary = "A name used in a model or layer definition that is not defined in scope."

    def check(self, analysis, context):
        yield from fact_diagnostics(analysis, context, self.code, self.describe)

    @staticmethod
    def describe(finding):
        name = finding.data.get("name")
        if not name:
            return None
        suggestions = finding.data.get("suggestions") or []
        hint = f"; did you mean `{suggestions[0]}`?" if suggestions else ""
        return f"`{name}` is not defined here, so Keras code using it raises NameError{hint}"


class UnknownLayerArgument(Rule):
    code = "KG302"
    name = "unknown-layer-argument"
    severity = "error"
    summary = "A keyword argument the Keras layer does not accept (Conv2D(filter=32))."
    fixable = "sometimes"

    def check(self, analysis, context):
        facts = analysis.facts_with(self.code)
        unknown = [f for f in facts if f.data.get("kind") == "unknown"]
        # "missing 'filters'" is the same mistake as "unknown 'filter'": report the typo once.
        meant = {(f.span.line, s) for f in unknown if f.span for s in f.data.get("suggestions", [])[:1]}
        reported = set()  # (line, keyword)
        for finding in facts:
            arg_name = finding.data.get("argument")
            if finding.span is not None and (finding.span.line, arg_name) in meant and finding not in unknown:
                continue
            if finding in unknown:
                found = self._keyword_at(analysis, finding.span)
                if found is not None:
                    call, arg = found
                    reported.add((finding.span.line, arg_name))
                    yield self._diagnostic(analysis, context, finding.data.get("class", "layer"), call, arg)
                    continue
            yield context.report(finding.span, finding.message or self.code, model=finding.data.get("model"))
        yield from self._own(analysis, context, reported)

    def _own(self, analysis, context, reported):
        """Argument errors inference found (an Input with no shape, ...)."""
        for model, node in iter_nodes(analysis):
            if node.error is not None and node.error.kind == "argument":
                span = node_span(node, prefer_call=False)
                if (span.line, node.error.argument) not in reported:
                    reported.add((span.line, node.error.argument))
                    yield context.report(span, node.error.message, model=model)

    @staticmethod
    def _keyword_at(analysis, span):
        return analysis.syntax.keyword_at(span)

    def _diagnostic(self, analysis, context, cls, call, arg, model=None):
        word = arg.arg
        entry = lookup(cls)
        best = suggestion(word, entry.parameter_names()) if entry else None
        message = f"{cls}() does not accept `{word}=`; Keras raises an error when constructing it"
        span = analysis.syntax.span(arg, "name")
        fix = None
        if best is not None:
            message += f"; did you mean `{best}=`?"
            if keyword(call, best) is None:  # a one-word edit: ``ast`` positions are enough
                edit = Edit(span.line, span.column, span.end_line, span.end_column, best)
                fix = Fix("safe", f"Rename `{word}` to `{best}`", (edit,))
        elif entry is not None:
            message += f" (it takes: {', '.join(p for p, _ in entry.signature)})"
        return context.report(span, message, model=model, fix=fix)


class InvalidArgumentValue(Rule):
    code = "KG303"
    name = "invalid-argument-value"
    severity = "error"
    summary = "An argument value Keras rejects: unknown activation, padding='full', rate outside [0, 1], ..."

    def check(self, analysis, context):
        """Values computed from a builder's parameters are what its defaults
        give, not what callers pass (``provenance``): those stay silent."""
        for d in fact_diagnostics(analysis, context, self.code):
            if not reads_parameter(analysis, Span(d.line, d.column, d.end_line, d.end_column)):
                yield d
        for model, node in iter_nodes(analysis):
            if node.kind not in ("layer", "input"):
                continue
            error = node.error
            if error is not None and error.kind == "value":
                span = node.arg_spans.get(error.argument) or node_span(node, prefer_call=False)
                if not reads_parameter(analysis, span):
                    yield context.report(span, error.message, model=model)
                continue
            if node.kind != "layer":
                continue
            for message, argument in self._own(node):
                span = node.arg_spans.get(argument) or node.span
                if not reads_parameter(analysis, span):
                    yield context.report(span, message, model=model)

    @staticmethod
    def _own(node):
        for argument in ACTIVATION_ARGS:
            value = node.args.get(argument)
            message = layer_as_activation(node.cls, argument, value)
            if message:
                yield message, argument
            if isinstance(value, str) and value not in ACTIVATION_NAMES:
                near = suggestion(value, ACTIVATION_NAMES)
                hint = f"; did you mean '{near}'?" if near else ""
                yield f"{node.cls}: unknown activation {value!r}, Keras raises 'Could not interpret activation function identifier'{hint}", argument
        rate = node.args.get("rate")
        if node.cls in DROPOUTS and isinstance(rate, (int, float)) and not isinstance(rate, bool) and not 0 <= rate <= 1:
            yield f"{node.cls}: `rate` must be between 0 and 1, got {rate}", "rate"


class DuplicateLayerName(Rule):
    code = "KG304"
    name = "duplicate-layer-name"
    severity = "error"
    summary = "Two layers of one model with the same name."

    def check(self, analysis, context):
        for model in analysis.models:
            if model.kind == "subclass":
                continue  # Keras checks unique names only when it builds a graph model
            first = {}
            for node in model.rows():
                if not node.explicit_name or not node.name:
                    continue
                if node.name in first and first[node.name].layer_key != node.layer_key:
                    line = (first[node.name].span or model.span).line
                    yield context.report(
                        node.arg_spans.get("name") or node.span,
                        f"layer name {node.name!r} is already used by the {first[node.name].cls} on line {line}; "
                        f"Keras raises ValueError when building `{model.name}`. Give each layer a unique name",
                        model=model,
                    )
                first.setdefault(node.name, node)


RULES = (UndefinedName, UnknownLayerArgument, InvalidArgumentValue, DuplicateLayerName)
