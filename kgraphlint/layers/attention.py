"""Attention layers (keras/src/layers/attention).

Call keyword arguments: inference sets ``layer.call_kwargs`` (a dict of the
literal keywords of the call, e.g. ``{"return_attention_scores": True}``)
before ``compute_output_shape``; absent means ``{}``. A truthy
``return_attention_scores`` gives a second output, the attention scores.

Inputs: Attention / AdditiveAttention take one list ``[query, value]`` or
``[query, value, key]``; MultiHeadAttention takes them as separate positional
tensors ``(query, value[, key])``. Either way ``inputs`` is
``[query_shape, value_shape(, key_shape)]``.
"""

from __future__ import annotations

import string

from ..dims import UNKNOWN, Unknown, format_shape, is_int
from . import register
from .base import REQUIRED, Layer, LayerError, Weight, is_literal
from .core import analyze_einsum


def _scores_requested(layer) -> bool:
    return bool((getattr(layer, "call_kwargs", None) or {}).get("return_attention_scores"))


def _qvk(layer, inputs):
    if len(inputs) not in (2, 3):
        raise LayerError(
            "argument", f"{layer.name} takes [query, value] or [query, value, key], got {len(inputs)} inputs"
        )
    q, v = inputs[0], inputs[1]
    k = inputs[2] if len(inputs) > 2 else v
    return q, v, k


class _DotAttention(Layer):
    arity = "list"

    def compute_output_shape(self, inputs):
        q, v, k = _qvk(self, inputs)
        if any(isinstance(s, Unknown) for s in (q, v, k)):
            out = scores = UNKNOWN
        else:
            # Keras only checks the count; ranks/sizes fail at run time
            out = (*q[:-1], v[-1])
            scores = (*q[:-1], k[-2]) if len(k) >= 2 else UNKNOWN
        return [out, scores] if _scores_requested(self) else [out]


@register
class Attention(_DotAttention):
    name = "Attention"
    signature = (("use_scale", False), ("score_mode", "dot"), ("dropout", 0.0), ("seed", None))

    def validate(self):
        mode = self.args["score_mode"]
        if is_literal(mode) and mode not in ("dot", "concat"):
            raise LayerError("value", f"Attention: `score_mode` must be 'dot' or 'concat', got {mode!r}", "score_mode")

    def build(self, inputs):
        _qvk(self, inputs)
        weights = []
        if self.args["use_scale"]:
            weights.append(Weight("scale", (), self.trainable))
        if self.args["score_mode"] == "concat":
            weights.append(Weight("concat_score_weight", (), self.trainable))
        return weights


@register
class AdditiveAttention(_DotAttention):
    name = "AdditiveAttention"
    signature = (("use_scale", True), ("dropout", 0.0))

    def build(self, inputs):
        q, _, _ = _qvk(self, inputs)
        if not self.args["use_scale"]:
            return []
        dim = UNKNOWN if isinstance(q, Unknown) else q[-1]
        if dim is None:
            raise LayerError("dimension", f"AdditiveAttention: the query's last axis must be defined, got {format_shape(q)}")
        return [Weight("scale", (dim,), self.trainable)]


def _letters(i):
    return string.ascii_lowercase[i]


def _proj_equation(free, bound, out):
    """Keras's _build_proj_equation: (equation, bias axes, output rank)."""
    a = "".join(_letters(i) for i in range(free))
    b = "".join(_letters(free + i) for i in range(bound))
    c = "".join(_letters(free + bound + i) for i in range(out))
    return f"{a}{b},{b}{c}->{a}{c}", c, free + out


@register
class MultiHeadAttention(Layer):
    name = "MultiHeadAttention"
    # _build_attention: Softmax and Dropout without names (the EinsumDenses are named)
    made_at_build = ("Softmax", "Dropout")
    signature = (
        ("num_heads", REQUIRED),
        ("key_dim", REQUIRED),
        ("value_dim", None),
        ("dropout", 0.0),
        ("use_bias", True),
        ("output_shape", None),
        ("attention_axes", None),
        ("sliding_window", None),
        ("flash_attention", None),
        ("kernel_initializer", "glorot_uniform"),
        ("bias_initializer", "zeros"),
        ("kernel_regularizer", None),
        ("bias_regularizer", None),
        ("activity_regularizer", None),
        ("kernel_constraint", None),
        ("bias_constraint", None),
        ("use_gate", False),
        ("seed", None),
    )
    arity = 3  # query, value[, key] as separate tensors

    def _output_shape(self):
        shape = self.args["output_shape"]
        if not is_literal(shape) or not shape:
            return None if is_literal(shape) else UNKNOWN
        if is_int(shape):
            return (shape,)
        if isinstance(shape, (tuple, list, str)):
            return tuple(shape)
        raise LayerError("value", f"MultiHeadAttention: `output_shape` must be an int or a tuple, got {shape!r}", "output_shape")

    def validate(self):
        for arg in ("num_heads", "key_dim", "value_dim"):
            v = self.args[arg]
            if (arg != "value_dim" or v is not None) and is_literal(v) and (not isinstance(v, int) or v <= 0):
                raise LayerError("value", f"MultiHeadAttention: `{arg}` must be a positive integer, got {v!r}", arg)
        self._output_shape()
        axes = self.args["attention_axes"]
        if is_literal(axes) and axes and not isinstance(axes, (int, list, tuple)):
            raise LayerError("value", f"MultiHeadAttention: `attention_axes` must be an int, list or tuple, got {axes!r}", "attention_axes")
        sw = self.args["sliding_window"]
        if sw is not None and is_literal(sw) and (not is_int(sw) or sw <= 0):
            raise LayerError("value", f"MultiHeadAttention: `sliding_window` must be None or a positive int, got {sw!r}", "sliding_window")

    def _shapes(self, inputs):
        if len(inputs) not in (2, 3):
            raise LayerError("argument", f"MultiHeadAttention takes query, value[, key]; got {len(inputs)} inputs")
        q, v = inputs[0], inputs[1]
        k = inputs[2] if len(inputs) > 2 else v
        if any(isinstance(s, Unknown) for s in (q, v, k)):
            return None
        if tuple(v[1:-1]) != tuple(k[1:-1]):
            raise LayerError(
                "merge",
                f"MultiHeadAttention: value and key must agree on all axes but the last, got {format_shape(v)} and {format_shape(k)}",
            )
        return q, v, k

    def compute_output_shape(self, inputs):
        shapes = self._shapes(inputs)
        out_shape = self._output_shape()
        if shapes is None or out_shape is UNKNOWN:
            out = scores = UNKNOWN
        else:
            q = shapes[0]
            out = tuple(q[:-1]) + out_shape if out_shape else tuple(q)
            # Keras 3.15 builds the scores' shape from the query length twice
            scores = (q[0], self.args["num_heads"], q[1], q[1]) if len(q) > 1 else UNKNOWN
        return [out, scores] if _scores_requested(self) else [out]

    def build(self, inputs):
        shapes = self._shapes(inputs)
        heads, key_dim = self.args["num_heads"], self.args["key_dim"]
        value_dim = self.args["value_dim"] or key_dim
        out_shape = self._output_shape()
        if shapes is None or out_shape is UNKNOWN:
            return [Weight("kernels", (UNKNOWN,), self.trainable)]
        q, v, k = shapes
        use_bias = self.args["use_bias"]
        weights = []

        def dense(name, x, bound, dims):
            # free axes: every input axis but the projected one(s), batch included
            eq, bias_axes, rank = _proj_equation(len(q) - 1 if bound == 2 else len(x) - 1, bound, len(dims))
            partial = [None] * (rank - 1 - len(dims)) + list(dims)
            kernel, bias, out = analyze_einsum(self, eq, bias_axes if use_bias else None, x, partial)
            weights.append(Weight(f"{name}/kernel", tuple(kernel), self.trainable))
            if bias is not None:
                weights.append(Weight(f"{name}/bias", tuple(bias), self.trainable))
            return out, rank

        q_proj, _ = dense("query", q, 1, [heads, key_dim])
        dense("key", k, 1, [heads, key_dim])
        if self.args["use_gate"]:
            dense("gate", q, 1, [heads, value_dim])
        _, rank = dense("value", v, 1, [heads, value_dim])
        self._check_attention_axes(rank)
        out_dims = list(out_shape) if out_shape else [q[-1]]
        dense("attention_output", (*q_proj[:-1], value_dim), 2, out_dims)
        for w in weights:
            if any(d is None for d in w.shape) or any(is_int(d) and d < 0 for d in w.shape):
                raise LayerError("dimension", f"MultiHeadAttention: weight {w.name} would have shape {w.shape}")
        return weights

    def _check_attention_axes(self, rank):
        """np.delete(range(rank), axes + (rank-1,)) must accept the normalized axes."""
        axes = self.args["attention_axes"]
        if axes is None:
            return
        if not is_int(axes) and not isinstance(axes, (list, tuple)):
            return
        axes = (axes,) if is_int(axes) else tuple(axes)
        if not all(is_int(a) for a in axes):
            return
        for a in axes:
            a = a if a >= 0 else rank - 1 + a
            if not -rank <= a < rank:
                raise LayerError("value", f"MultiHeadAttention: attention axis {a} is out of range for rank {rank}", "attention_axes")
