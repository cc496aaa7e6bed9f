"""KG2xx: shapes that Keras rejects, or accepts while meaning something else.

The catalogue raises a ``LayerError`` during inference and stores it on the
node; these rules turn ``rank``/``dimension``/``merge`` errors into
diagnostics with the shapes and a suggestion.
"""

from __future__ import annotations

from ..dims import Unknown, format_shape
from .base import Rule, after_invalid_arguments, fact_diagnostics, iter_nodes, node_span

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
    skip = None
    for model, node in iter_nodes(analysis):
        error = node.error
        if error is None or getattr(error, "kind", None) != kind:
            continue
        skip = after_invalid_arguments(analysis) if skip is None else skip
        if (id(model), node.id) in skip:
            continue
        hint = advice(node)
        yield context.report(
            node_span(node),
            f"{node.cls} receives {inputs_text(node)}: {error.message}" + (f"; {hint}" if hint else "")
            + (f" (at {node.origin}, which this call runs)" if node.origin else ""),
            model=model,
        )


class DenseRank(Rule):
    code = "KG201"
    name = "dense-rank"
    severity = "warning"
    summary = "Dense applied to a rank>2 tensor whose extra axes reach a model output."

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
                if dense is not None and (id(model), dense.id) not in after_invalid_arguments(analysis):
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
        seen, stack, dense = set(), [output_id], []
        while stack:
            node = model.node(stack.pop())
            if node.id in seen:
                continue
            seen.add(node.id)
            if node.cls in PER_POSITION or node.kind == "model":
                return None
            if node.cls == "Dense" and (rank(node.input_shapes[0] if node.input_shapes else None) or 0) >= 3:
                dense.append(node)
            stack.extend(p for p in model.graph.predecessors(node.id)
                         if (rank(model.node(p).output_shapes[0] if model.node(p).output_shapes else None) or 0) >= 3)
        if not dense:
            return None
        order = {n.id: i for i, n in enumerate(model.nodes())}
        return min(dense, key=lambda n: order[n.id])


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
