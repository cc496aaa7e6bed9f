"""Core layers (keras/src/layers/core): Input, Dense, EinsumDense, Identity,
Lambda, Masking, Embedding."""

from __future__ import annotations

import re

from ..dims import UNKNOWN, Expr, Unknown, dims_equal, format_shape, is_int
from . import register
from .activations import check_activation
from .base import BASE_KWARGS, REQUIRED, Layer, LayerError, Weight, is_literal, require_rank

INPUT_SIGNATURE = (
    ("shape", None),
    ("batch_size", None),
    ("dtype", None),
    ("sparse", None),
    ("ragged", None),
    ("batch_shape", None),
    ("name", None),
    ("tensor", None),
    ("optional", False),
)


def input_shape_from_args(args: dict):
    """The batch shape an ``Input``/``InputLayer`` produces.

    Raises LayerError like Keras does when neither shape is given.
    """
    shape = args.get("shape")
    if shape is None:
        shape = args.get("input_shape")
    batch_shape = args.get("batch_shape")
    if batch_shape is None:
        batch_shape = args.get("batch_input_shape")
    if shape is not None and batch_shape is not None:
        raise LayerError("value", "You cannot pass both `shape` and `batch_shape` at the same time.", "shape")
    if isinstance(batch_shape, (tuple, list)):
        return _standard_shape(batch_shape)
    if isinstance(shape, Unknown) or isinstance(batch_shape, Unknown):
        return UNKNOWN
    if shape is None:
        if batch_shape is None:
            raise LayerError("argument", "Input needs a `shape` argument (or `batch_shape`).", "shape")
        return UNKNOWN
    if is_int(shape):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)):
        return UNKNOWN
    return (args.get("batch_size"), *_standard_shape(shape))


def _standard_shape(shape) -> tuple:
    """Keras's ``standardize_shape``: dimensions are ints >= 0 or None
    (``True`` counts as 1); anything else is rejected when the Input is made."""
    out = []
    for d in shape:
        if isinstance(d, bool):
            d = int(d)
        elif d is not None and not isinstance(d, (int, Expr, Unknown)):
            if not isinstance(d, (str, float, complex, tuple, list, dict, set)):
                out.append(UNKNOWN)  # an object of the analysis (a value it could not follow), not a literal
                continue
            raise LayerError("value", f"Cannot convert {tuple(shape)!r} to a shape: found invalid dimension "
                                      f"{d!r} of type {type(d).__name__}", "shape")
        if is_int(d) and d < 0:
            raise LayerError("value", f"Cannot convert {tuple(shape)!r} to a shape: negative dimensions are "
                                      "not allowed", "shape")
        out.append(d)
    return tuple(out)


@register
class InputLayer(Layer):
    name = "InputLayer"
    signature = (
        ("shape", None),
        ("batch_size", None),
        ("dtype", None),
        ("sparse", None),
        ("ragged", None),
        ("batch_shape", None),
        ("input_tensor", None),
        ("optional", False),
        ("name", None),
    )
    base_kwargs = (("input_shape", None), ("batch_input_shape", None))
    arity = 0

    def compute_output_shape(self, inputs):
        return [input_shape_from_args(self.args)]


def lora(layer: Layer, weights: list, kernel_shape: tuple) -> list:
    """``lora_rank`` freezes the kernel and adds kernel[:-1]+(r,) and (r, kernel[-1]) adapters."""
    rank_ = layer.args.get("lora_rank")
    if not rank_:
        return weights
    if layer.args.get("kernel_constraint") is not None:
        raise LayerError("value", f"{layer.name}: LoRA is incompatible with `kernel_constraint`", "lora_rank")
    for w in weights:
        if w.name in ("kernel", "embeddings"):
            w.trainable = False
    t = layer.trainable
    return weights + [
        Weight("lora_kernel_a", (*kernel_shape[:-1], rank_), t),
        Weight("lora_kernel_b", (rank_, kernel_shape[-1]), t),
    ]


@register
class Dense(Layer):
    name = "Dense"
    signature = (
        ("units", REQUIRED),
        ("activation", None),
        ("use_bias", True),
        ("kernel_initializer", "glorot_uniform"),
        ("bias_initializer", "zeros"),
        ("kernel_regularizer", None),
        ("bias_regularizer", None),
        ("activity_regularizer", None),
        ("kernel_constraint", None),
        ("bias_constraint", None),
        ("lora_rank", None),
        ("lora_alpha", None),
        ("quantization_config", None),
    )

    def validate(self):
        units = self.args["units"]
        if is_literal(units) and (not is_int(units) or units <= 0):
            raise LayerError("value", f"Dense: `units` must be a positive integer, got {units!r}", "units")
        check_activation(self, self.args["activation"])

    def build(self, inputs):
        (x,) = inputs
        last = UNKNOWN if isinstance(x, Unknown) else x[-1]
        if last is None:
            raise LayerError("dimension", f"Dense needs a defined last axis, got input {format_shape(x)}")
        units = self.args["units"]
        weights = [Weight("kernel", (last, units), self.trainable)]
        if self.args["use_bias"]:
            weights.append(Weight("bias", (units,), self.trainable))
        return lora(self, weights, (last, units))

    def compute_output_shape(self, inputs):
        (x,) = inputs
        require_rank(self, x, minimum=2)
        if isinstance(x, Unknown):
            return [UNKNOWN]
        return [(*x[:-1], self.args["units"])]


@register
class Identity(Layer):
    name = "Identity"
    signature = ()


@register
class Masking(Layer):
    name = "Masking"
    signature = (("mask_value", 0.0),)
    made_at_build = ("NotEqual", "Any")  # the ops of its mask, named on a symbolic call


@register
class Lambda(Layer):
    """The function is opaque: the output shape is UNKNOWN unless
    ``output_shape`` is a literal shape (no batch axis), then (batch,)+shape."""

    name = "Lambda"
    signature = (("function", REQUIRED), ("output_shape", None), ("mask", None), ("arguments", None))

    def compute_output_shape(self, inputs):
        shape = self.args["output_shape"]
        x = inputs[0] if inputs else UNKNOWN
        batch = UNKNOWN if isinstance(x, Unknown) else x[0]  # not None: a call on data keeps its batch size
        if isinstance(shape, (tuple, list)) and all(d is None or is_int(d) or isinstance(d, Expr) for d in shape):
            return [(batch, *shape)]
        return [UNKNOWN]


class TracedLambda:
    """A catalogue entry for one Lambda object whose function the interpreter
    ran on the call's symbolic tensors (as Keras traces it when no
    ``output_shape`` is given): input shapes -> (output shapes, why not known)."""

    name = "Lambda"
    signature = Lambda.signature

    def __init__(self):
        self.results: dict = {}

    def __deepcopy__(self, memo):
        return self

    def __call__(self, args: dict):
        layer = _TracedLambdaLayer(args)
        layer.results = self.results
        return layer

    @staticmethod
    def key(shapes) -> str:
        return repr(list(shapes))

    def bind(self, positional, keywords):
        return Lambda.bind(positional, keywords)

    def parameter_names(self):
        return Lambda.parameter_names()


class _TracedLambdaLayer(Lambda):
    arity = "list"  # the function takes whatever the call passes
    results: dict  # TracedLambda.results, shared by every call of the object

    def compute_output_shape(self, inputs):
        result = self.results.get(TracedLambda.key(inputs))
        if result is None:
            return super().compute_output_shape(inputs)
        shapes, problem = result
        if problem:
            self.stop_reason = problem
            return [UNKNOWN] * len(shapes)
        return list(shapes)


@register
class Embedding(Layer):
    name = "Embedding"
    signature = (
        ("input_dim", REQUIRED),
        ("output_dim", REQUIRED),
        ("embeddings_initializer", "uniform"),
        ("embeddings_regularizer", None),
        ("embeddings_constraint", None),
        ("mask_zero", False),
        ("weights", None),
        ("lora_rank", None),
        ("lora_alpha", None),
        ("quantization_config", None),
    )
    # deprecated, popped (and ignored) before the base Layer sees it
    base_kwargs = BASE_KWARGS + (("input_length", None),)

    def validate(self):
        for arg in ("input_dim", "output_dim"):
            v = self.args[arg]
            if is_literal(v) and (not is_int(v) or v <= 0):
                raise LayerError("value", f"Embedding: `{arg}` must be a positive integer, got {v!r}", arg)
        w = self.args["weights"]
        if w is not None and is_literal(w) and not (isinstance(w, list) and len(w) == 1):
            raise LayerError("value", f"Embedding: `weights` must be a list of one array, got {w!r}", "weights")

    def build(self, inputs):
        shape = (self.args["input_dim"], self.args["output_dim"])
        return lora(self, [Weight("embeddings", shape, self.trainable)], shape)

    def compute_output_shape(self, inputs):
        (x,) = inputs
        if isinstance(x, Unknown):
            return [UNKNOWN]
        return [(*x, self.args["output_dim"])]


# -- EinsumDense ----------------------------------------------------------

_EINSUM_FORMS = (
    # (pattern on the equation with "..." replaced by "0", ellipsis on the left)
    (re.compile("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)"), False),
    (re.compile("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)"), True),
    (re.compile("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0"), False),
)


def analyze_einsum(layer, equation, bias_axes, x, partial):
    """(kernel shape, bias shape or None, full output shape) like Keras's
    ``_analyze_einsum_string``; raises LayerError where Keras raises."""

    def fail(msg, kind="value", arg="equation"):
        raise LayerError(kind, f"EinsumDense: {msg}", arg)

    text = equation.replace("...", "0")
    for pattern, left in _EINSUM_FORMS:  # noqa: B007  (the match is read after the loop)
        m = pattern.match(text)  # a prefix match, as in Keras
        if m:
            break
    else:
        fail(f"invalid equation {equation!r}; expected [X],[Y]->[Z], ...[X],[Y]->...[Z] or [X]...,[Y]->[Z]...")
    ins, ws, outs = m.groups()
    elided = len(x) - len(ins)
    out = [partial] if is_int(partial) or isinstance(partial, Expr) else list(partial)
    out.insert(0, x[0])
    if elided > 0 and left:
        for i in range(1, elided):
            out.insert(1, x[i])
    elif elided > 0:
        out.extend(x[len(x) - elided:])
    try:
        if left:
            in_map = {d: i + elided - len(x) for i, d in enumerate(ins)}
            out_map = {d: i + elided for i, d in enumerate(outs)}
        else:
            in_map = {d: i for i, d in enumerate(ins)}
            out_map = {d: i for i, d in enumerate(outs)}
        for d in ins:
            if d in out_map:
                o, i = out[out_map[d]], x[in_map[d]]
                if o is not None and (dims_equal(o, i) is False or (i is None) != (o is None)):
                    fail(f"input {format_shape(x)} and output_shape {partial!r} disagree on axis {d!r} ({i} != {o})",
                         "dimension", None)
        for d in outs:
            if d not in ins and d not in ws:
                fail(f"output axis {d!r} appears in neither the input nor the weight spec")
        kernel = []
        for d in ws:
            if d in out_map:
                kernel.append(out[out_map[d]])
            elif d in in_map:
                kernel.append(x[in_map[d]])
            else:
                fail(f"weight axis {d!r} matches neither the input nor the output spec")
        bias = None
        if bias_axes is not None:
            skip = elided if left else 0
            sizes = {c: out[i + skip] for i, c in enumerate(outs)}
            for c in bias_axes:
                if c not in outs:
                    fail(f"bias axis {c!r} is not in the output spec {outs!r}", arg="bias_axes")
            first = min(outs.find(c) for c in bias_axes)
            bias = [sizes[c] if c in bias_axes else 1 for c in outs[first:]]
            if not left:
                bias += [1] * max(elided, 0)
    except IndexError:
        raise LayerError(
            "rank", f"EinsumDense: equation {equation!r} and output_shape {partial!r} do not fit input {format_shape(x)}"
        ) from None
    return kernel, bias, tuple(out)


@register
class EinsumDense(Layer):
    name = "EinsumDense"
    signature = (
        ("equation", REQUIRED),
        ("output_shape", REQUIRED),
        ("activation", None),
        ("bias_axes", None),
        ("kernel_initializer", "glorot_uniform"),
        ("bias_initializer", "zeros"),
        ("kernel_regularizer", None),
        ("bias_regularizer", None),
        ("kernel_constraint", None),
        ("bias_constraint", None),
        ("lora_rank", None),
        ("lora_alpha", None),
        ("gptq_unpacked_column_size", None),
        ("quantization_config", None),
    )

    def validate(self):
        check_activation(self, self.args["activation"])
        shape = self.args["output_shape"]
        if is_literal(shape) and not is_int(shape) and not isinstance(shape, (tuple, list)):
            raise LayerError("value", f"EinsumDense: `output_shape` must be an int or a tuple, got {shape!r}", "output_shape")

    def _analyze(self, x):
        eq, shape, bias_axes = self.args["equation"], self.args["output_shape"], self.args["bias_axes"]
        if isinstance(x, Unknown) or not isinstance(eq, str) or not is_literal(shape):
            return None
        if shape is not None and not is_int(shape) and any(not is_literal(d) for d in shape):
            return None
        if not (bias_axes is None or isinstance(bias_axes, str)):
            return None
        return analyze_einsum(self, eq, bias_axes, x, shape)

    def build(self, inputs):
        res = self._analyze(inputs[0])
        if res is None:
            return [Weight("kernel", (UNKNOWN,), self.trainable)]
        kernel, bias, _ = res
        weights = [Weight("kernel", tuple(kernel), self.trainable)]
        if bias is not None:
            weights.append(Weight("bias", tuple(bias), self.trainable))
        for w in weights:
            if any(d is None for d in w.shape):
                raise LayerError("dimension", f"EinsumDense: weight {w.name} would have an undefined size {w.shape}")
        return lora(self, weights, tuple(kernel))

    def compute_output_shape(self, inputs):
        res = self._analyze(inputs[0])
        return [UNKNOWN if res is None else res[2]]
