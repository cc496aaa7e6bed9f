"""KG2xx: shapes that Keras rejects, or accepts while meaning something else.

The catalogue raises a ``LayerError`` during inference and stores it on the
node; these rules turn ``rank``/``dimension``/``merge`` errors into
diagnostics with the shapes and a suggestion.
"""

from __future__ import annotations

from ..dims import Unknown, format_shape
from .base import Rule, after_invalid_arguments, fact_diagnostics, iter_nodes, node_span
from .dangling import dangling_nodes
from .provenance import follows_guessed_branch

# Layers whose per-position output is the point: a rank-3 result after them is deliberate.
PER_POSITION = {
    "Embedding", "LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
    "Conv1D", "Conv1DTranspose", "SeparableConv1D", "DepthwiseConv1D", "Conv2DTranspose", "Conv3DTranspose",
    "UpSampling1D", "UpSampling2D", "UpSampling3D", "MultiHeadAttention", "GroupedQueryAttention", "Attention",
    "AdditiveAttention", "TimeDistributed", "Reshape", "Permute", "RepeatVector", "Lambda", "TextVectorization",
    "EinsumDense",
}


def rank(shape):
    if shape is None or isinstance(shape, (Unknown, list)):
        return None
    return len(shape)


def inputs_text(node) -> str:
    shapes = [format_shape(s) for s in node.input_shapes]
    return ", ".join(shapes) if shapes else "?"


def error_diagnostics(analysis, context, kind: str, advice):
    """Inference errors of ``kind``, in models and in layer calls no model
    contains (Keras raises at the call either way)."""
    skip = None
    for model, node in (*iter_nodes(analysis), *dangling_nodes(analysis)):
        error = node.error
        if error is None or getattr(error, "kind", None) != kind:
            continue
        skip = after_invalid_arguments(analysis) if skip is None else skip
        if (id(model), node.id) in skip or follows_guessed_branch(analysis, node_span(node)):
            continue
        hint = advice(node)
        yield context.report(
            node_span(node),
            f"{node.cls} receives {inputs_text(node)}: {error.message}" + (f"; {hint}" if hint else "")
            + (f" (at {node.origin}, which this call runs)" if node.origin else ""),
            model=model if model.name else None,
        )


class DenseRank(Rule):
    code = "KG201"
    name = "dense-rank"
    severity = "warning"
    summary = ("Dense applied to a rank>2 tensor whose extra axes reach a model output, or a per-timestep output "
               "compiled with a per-sample loss.")

    def check(self, analysis, context):
        for model in analysis.models:
            if model.used_as_layer:  # its output feeds another layer, not a loss
                continue
            for ref in model.outputs:
                if ref.node not in model.graph:
                    continue
                out = model.node(ref.node)
                shape = out.output_shapes[ref.index] if ref.index < len(out.output_shapes) else None
                if (rank(shape) or 0) < 3:
                    continue
                dense = self._first_dense(model, ref.node)
                if dense is None:
                    found = sequence_head(analysis, model, ref.node, shape)
                    if found is not None and (id(model), found[0].id) not in after_invalid_arguments(analysis):
                        yield context.report(node_span(found[0]), found[1], model=model)
                    continue
                if (id(model), dense.id) in after_invalid_arguments(analysis):
                    continue
                x = dense.input_shapes[0]
                yield context.report(
                    node_span(dense),
                    f"Dense({dense.arg_sources.get('units', dense.args.get('units'))}) receives {format_shape(x)}: "
                    f"it maps only the last axis, giving {format_shape(dense.output_shape)}, and `{model.name}` "
                    f"outputs {format_shape(shape)}; add Flatten() (or global pooling) before it?",
                    model=model,
                )

    @staticmethod
    def _first_dense(model, output_id):
        """The earliest Dense on the rank>=3 path ending at the output, unless a
        per-position layer on that path makes the extra axes intentional."""
        path = rank3_path(model, output_id)
        if any(node.cls in PER_POSITION or node.kind == "model" for node in path):
            return None
        dense = [n for n in path if n.cls == "Dense" and (rank(n.input_shapes[0] if n.input_shapes else None) or 0) >= 3]
        if not dense:
            return None
        order = {n.id: i for i, n in enumerate(model.nodes())}
        return min(dense, key=lambda n: order[n.id])


# On the path of a sequence output, these make one prediction per position
# the point (taggers, seq2seq decoders, attention): stay silent.
PER_POSITION_INTENT = {
    "TimeDistributed", "RepeatVector", "Reshape", "Permute", "Lambda", "MultiHeadAttention", "GroupedQueryAttention",
    "Attention", "AdditiveAttention", "TextVectorization", "EinsumDense",
}
RECURRENT = {"LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "ConvLSTM1D"}
CONV1D = {"Conv1D", "SeparableConv1D", "DepthwiseConv1D"}


def sequence_head(analysis, model, output_id, shape):
    """(Dense node, message) when a sequence output (an RNN with
    return_sequences=True or a Conv1D stack, then Dense) is compiled with a
    loss that wants one label per sample; None when anything on the path says
    the per-timestep output is meant (TimeDistributed, a tagger's Embedding,
    attention...) or the loss is not known by name."""
    from .training import CLASSIFICATION_LOSSES, compiled_loss

    compiled = compiled_loss(analysis, model)
    if compiled is None or compiled.loss not in CLASSIFICATION_LOSSES:
        return None
    path = rank3_path(model, output_id)
    if any(n.cls in PER_POSITION_INTENT or n.kind in ("model", "op") for n in path):
        return None
    per_token = any(n.cls == "Embedding" for n in path)
    if per_token and not (compiled.loss == "binary_crossentropy" and shape[-1] == 1):
        return None  # Embedding -> LSTM -> Dense(n_tags): a tagger, labelled per token
    makers = [n for n in path if n.cls in CONV1D or (n.cls in RECURRENT and _returns_sequences(n))]
    denses = [n for n in path if n.cls == "Dense"]
    if not makers or not denses:
        return None
    order = {n.id: i for i, n in enumerate(model.nodes())}
    maker = max(makers, key=lambda n: order[n.id])
    after = [d for d in denses if order[d.id] > order[maker.id]]
    if not after:
        return None
    dense = min(after, key=lambda n: order[n.id])
    what = f"{maker.cls}(return_sequences=True)" if maker.cls in RECURRENT else maker.cls
    units = dense.arg_sources.get("units", dense.args.get("units"))
    return dense, (
        f"Dense({units}) is applied to every timestep of {what}'s {format_shape(dense.input_shapes[0])}, so "
        f"`{model.name}` outputs {format_shape(shape)}, one prediction per timestep, but it is compiled with "
        f"loss={compiled.text} (line {compiled.line}), which compares each prediction with a label: one label per "
        f"sample does not fit. Drop return_sequences=True (or pool over time) before it, or wrap it in "
        f"TimeDistributed if the labels are per timestep?")


def _returns_sequences(node) -> bool:
    args = node.inner.args if node.cls == "Bidirectional" and node.inner is not None else node.args
    return args.get("return_sequences") is True


def rank3_path(model, output_id) -> list:
    """Nodes on paths into the output that carry a rank>=3 tensor."""
    seen, stack, path = set(), [output_id], []
    while stack:
        node = model.node(stack.pop())
        if node.id in seen:
            continue
        seen.add(node.id)
        path.append(node)
        stack.extend(p for p in model.graph.predecessors(node.id)
                     if (rank(model.node(p).output_shapes[0] if model.node(p).output_shapes else None) or 0) >= 3)
    return path


class MergeShapeMismatch(Rule):
    code = "KG202"
    name = "merge-shape-mismatch"
    severity = "error"
    summary = "A merge layer (Concatenate, Add, Multiply, Dot, ...) on incompatible shapes."

    def check(self, analysis, context):
        def advice(node):
            if node.cls.lower().startswith("concatenate"):
                return "all axes except the concatenation axis must match; Flatten or Reshape the branches first?"
            return "inputs must have equal (or broadcastable) shapes; add a Dense/Reshape to align them?"

        yield from error_diagnostics(analysis, context, "merge", advice)
        yield from fact_diagnostics(analysis, context, self.code)  # inside a custom layer's call


class LayerInputRank(Rule):
    code = "KG203"
    name = "layer-input-rank"
    severity = "error"
    summary = "A layer receiving a tensor rank it cannot take (Conv2D on rank 3, LSTM on rank 2, ...)."

    def check(self, analysis, context):
        yield from error_diagnostics(analysis, context, "rank", rank_advice)
        yield from fact_diagnostics(analysis, context, self.code)


def rank_advice(node) -> str:
    x = node.input_shapes[0] if node.input_shapes else None
    r = rank(x)
    cls = node.cls
    if r is None:
        return ""
    if cls.endswith("2D") and r == 3:
        return f"images need a channel axis: Input(shape=({', '.join(str(d) for d in x[1:])}, 1)) or Reshape first?"
    if cls.endswith("1D") and r == 2:
        return f"add a channel axis: Reshape(({x[1]}, 1)) first?"
    if cls in ("LSTM", "GRU", "SimpleRNN", "Bidirectional") and r == 2:
        return "recurrent layers need (batch, timesteps, features): Reshape or Embedding first?"
    if r > 2 and cls in ("BatchNormalization", "Dense"):
        return ""
    return "Flatten or Reshape to the rank it expects?"


class NonPositiveDimension(Rule):
    code = "KG204"
    name = "non-positive-dimension"
    severity = "error"
    summary = "A dimension that becomes <= 0, or a Reshape whose target size does not match."

    def check(self, analysis, context):
        def advice(node):
            if node.cls == "Reshape":
                return "the target must hold exactly as many elements as the input"
            return "use padding='same', smaller windows or strides, or fewer downsampling layers"

        yield from error_diagnostics(analysis, context, "dimension", advice)
        yield from fact_diagnostics(analysis, context, self.code)


RULES = (DenseRank, MergeShapeMismatch, LayerInputRank, NonPositiveDimension)
