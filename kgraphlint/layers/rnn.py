"""Recurrent layers (keras/src/layers/rnn): SimpleRNN, LSTM, GRU and their
cells, RNN over a cell (or a list of cells), ConvLSTM1D/2D/3D, and the
wrappers Bidirectional and TimeDistributed.

Wrapped layers: the ``layer`` / ``backward_layer`` / ``cell`` argument of a
wrapper is a catalogue ``Layer`` INSTANCE already bound to its arguments
(``entry(bound_args)``, as ``Layer.bind`` returns them), not yet validated:
the wrapper validates it, because Keras would have raised when the inner
layer was constructed. Any other value (a symbol, UNKNOWN, a layer the
catalogue does not know) makes the wrapper's outputs and weights unknown;
a concrete non-layer value is an error, as in Keras.

Outputs follow Keras's order: the output (two for Bidirectional with
merge_mode=None), then the states (LSTM/ConvLSTM: h and c), forward states
before backward states.
"""

from __future__ import annotations

from typing import ClassVar

from ..dims import UNKNOWN, dim_mul, format_shape, is_int
from . import register
from .base import (
    REQUIRED,
    Layer,
    LayerError,
    Weight,
    check_weight_shapes,
    rank,
    require_rank,
)
from .convolutional import (
    _symbolic,
    any_above_one,
    check_activation,
    conv_spatial_output,
    standardize_data_format,
    standardize_padding,
    standardize_tuple,
)


def flag(value):
    """Keras tests these arguments for truthiness; None when symbolic."""
    return None if _symbolic(value) else bool(value)


def check_units(layer: Layer, units) -> None:
    # Keras checks `units <= 0`; None fails that comparison, a float the weight shape.
    if _symbolic(units):
        return
    if isinstance(units, bool) or not is_int(units) or units <= 0:
        raise LayerError("value", f"{layer.name}: `units` must be a positive integer, got {units!r}", "units")


def check_number(layer: Layer, arg: str, value) -> None:
    # Keras clips dropout with min/max, which only fails on non-numbers.
    if _symbolic(value) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return
    raise LayerError("value", f"{layer.name}: `{arg}` must be a number, got {value!r}", arg)


def check_stateful(layer: Layer, x) -> None:
    if flag(layer.args.get("stateful")) and rank(x) and x[0] is None:
        raise LayerError(
            "value",
            f"{layer.name}: `stateful=True` needs a fixed batch size, but the input shape is {format_shape(x)} "
            f"(give the Input a batch_size / batch_shape)",
            "stateful",
        )


# -- cells -------------------------------------------------------------------

_CELL_TAIL = (
    ("kernel_regularizer", None),
    ("recurrent_regularizer", None),
    ("bias_regularizer", None),
    ("kernel_constraint", None),
    ("recurrent_constraint", None),
    ("bias_constraint", None),
    ("dropout", 0.0),
    ("recurrent_dropout", 0.0),
)


class BaseCell(Layer):
    """The weights of one recurrent step: kernel, recurrent kernel, bias."""

    gates: ClassVar[int] = 1
    n_states: ClassVar[int] = 1

    def validate(self):
        a = self.args
        check_units(self, a["units"])
        check_activation(self, a["activation"])
        if "recurrent_activation" in a:
            check_activation(self, a["recurrent_activation"], "recurrent_activation")
        check_number(self, "dropout", a["dropout"])
        check_number(self, "recurrent_dropout", a["recurrent_dropout"])

    @property
    def units(self):
        return self.args["units"]

    def state_sizes(self) -> list:
        return [self.units] * self.n_states

    def bias_shape(self):
        return (dim_mul(self.gates, self.units),)

    def cell_weights(self, input_dim, trainable=True) -> list:
        width = dim_mul(self.gates, self.units)
        weights = [Weight("kernel", (input_dim, width), trainable), Weight("recurrent_kernel", (self.units, width), trainable)]
        if self.args["use_bias"]:
            weights.append(Weight("bias", self.bias_shape(), trainable))
        return weights

    def build(self, inputs):
        (x,) = inputs
        return check_weight_shapes(self, self.cell_weights(UNKNOWN if rank(x) is None else x[-1], self.trainable))

    def compute_output_shape(self, inputs):
        # A cell called on its own takes (inputs, states); not modelled.
        return [UNKNOWN]


@register
class SimpleRNNCell(BaseCell):
    signature: ClassVar[tuple]
    name = "SimpleRNNCell"
    signature = (
        ("units", REQUIRED),
        ("activation", "tanh"),
        ("use_bias", True),
        ("kernel_initializer", "glorot_uniform"),
        ("recurrent_initializer", "orthogonal"),
        ("bias_initializer", "zeros"),
        *_CELL_TAIL,
        ("seed", None),
    )


@register
class LSTMCell(BaseCell):
    signature: ClassVar[tuple]
    name = "LSTMCell"
    gates, n_states = 4, 2
    signature = (
        ("units", REQUIRED),
        ("activation", "tanh"),
        ("recurrent_activation", "sigmoid"),
        ("use_bias", True),
        ("kernel_initializer", "glorot_uniform"),
        ("recurrent_initializer", "orthogonal"),
        ("bias_initializer", "zeros"),
        ("unit_forget_bias", True),
        *_CELL_TAIL,
        ("seed", None),
    )
    base_kwargs = Layer.base_kwargs + (("implementation", 2),)


class _GRUBias:
    def bias_shape(self):
        # reset_after keeps separate input and recurrent biases.
        width = dim_mul(3, self.units)
        return (2, width) if self.args["reset_after"] else (width,)


@register
class GRUCell(_GRUBias, BaseCell):
    signature: ClassVar[tuple]
    name = "GRUCell"
    gates = 3
    signature = (
        ("units", REQUIRED),
        ("activation", "tanh"),
        ("recurrent_activation", "sigmoid"),
        ("use_bias", True),
        ("kernel_initializer", "glorot_uniform"),
        ("recurrent_initializer", "orthogonal"),
        ("bias_initializer", "zeros"),
        *_CELL_TAIL,
        ("reset_after", True),
        ("seed", None),
    )
    base_kwargs = Layer.base_kwargs + (("implementation", 2),)


# -- recurrent layers ------------------------------------------------------------


class Recurrent(Layer):
    """Keras's RNN semantics over ``self.cells()`` (catalogue cell instances)."""

    #: the built-in layers declare InputSpec(ndim=3); RNN(cell) declares none
    input_rank: ClassVar[int | None] = 3
    _RETURN_ARGS = (
        ("return_sequences", False),
        ("return_state", False),
        ("go_backwards", False),
        ("stateful", False),
        ("unroll", False),
    )

    def cells(self):
        """The cells stepped in order, or None when unknown."""
        return [self]

    def step_shape(self, x):
        return (x[0], *x[2:])

    def step_output(self, step, cells):
        """Per-step output shape (batch excluded) and the states' shapes."""
        states = [s for c in cells for s in c.state_sizes()]
        return (cells[-1].units,), [(s,) for s in states]

    def compute_output_shape(self, inputs):
        (x,) = inputs
        if self.input_rank is not None:
            require_rank(self, x, exact=self.input_rank)
        elif rank(x) is not None and rank(x) < 2:
            raise LayerError("rank", f"{self.name} expects (batch, timesteps, ...) inputs, got {format_shape(x)}")
        cells = self.cells()
        if cells is None:
            return [UNKNOWN]
        if rank(x) is None:
            batch = time = step = UNKNOWN
        else:
            batch, time, step = x[0], x[1], self.step_shape(x)
        per_step, states = self.step_output(step, cells)
        seqs, ret_state = flag(self.args["return_sequences"]), flag(self.args["return_state"])
        if seqs is None:
            out = UNKNOWN
        else:
            out = (batch, time, *per_step) if seqs else (batch, *per_step)
        if ret_state:
            return [out, *[(batch, *s) for s in states]]
        return [out]

    def build(self, inputs):
        (x,) = inputs
        check_stateful(self, x)
        cells = self.cells()
        if cells is None:
            return []
        # The first cell is built on the step shape (batch, *input[2:]).
        dim = UNKNOWN if rank(x) is None else self.step_shape(x)[-1]
        weights = []
        for cell in cells:
            weights += cell.cell_weights(dim, self.trainable and cell.trainable)
            dim = cell.units  # stacked cells feed each other
        return check_weight_shapes(self, weights)


class _CellLayer(Recurrent):
    def validate(self):
        BaseCell.validate(self)
        if "use_cudnn" in self.args and self.args["use_cudnn"] not in ("auto", True, False):
            raise LayerError("value", f"{self.name}: `use_cudnn` must be 'auto', True or False, got {self.args['use_cudnn']!r}", "use_cudnn")


_LAYER_HEAD = (
    ("kernel_initializer", "glorot_uniform"),
    ("recurrent_initializer", "orthogonal"),
    ("bias_initializer", "zeros"),
)
_LAYER_REGS = (
    ("kernel_regularizer", None),
    ("recurrent_regularizer", None),
    ("bias_regularizer", None),
    ("activity_regularizer", None),
    ("kernel_constraint", None),
    ("recurrent_constraint", None),
    ("bias_constraint", None),
    ("dropout", 0.0),
    ("recurrent_dropout", 0.0),
)


@register
class SimpleRNN(_CellLayer, SimpleRNNCell):
    name = "SimpleRNN"
    signature = (
        ("units", REQUIRED),
        ("activation", "tanh"),
        ("use_bias", True),
        *_LAYER_HEAD,
        *_LAYER_REGS,
        *Recurrent._RETURN_ARGS,
        ("seed", None),
    )


@register
class LSTM(_CellLayer, LSTMCell):
    name = "LSTM"
    signature = (
        ("units", REQUIRED),
        ("activation", "tanh"),
        ("recurrent_activation", "sigmoid"),
        ("use_bias", True),
        *_LAYER_HEAD,
        ("unit_forget_bias", True),
        *_LAYER_REGS,
        ("seed", None),
        *Recurrent._RETURN_ARGS,
        ("use_cudnn", "auto"),
    )


@register
class GRU(_CellLayer, GRUCell):
    name = "GRU"
    signature = (
        ("units", REQUIRED),
        ("activation", "tanh"),
        ("recurrent_activation", "sigmoid"),
        ("use_bias", True),
        *_LAYER_HEAD,
        *_LAYER_REGS,
        ("seed", None),
        *Recurrent._RETURN_ARGS,
        ("reset_after", True),
        ("use_cudnn", "auto"),
    )


@register
class RNN(Recurrent):
    """RNN over a catalogue cell instance or a list of them (StackedRNNCells)."""

    name = "RNN"
    input_rank = None
    signature = (("cell", REQUIRED), *Recurrent._RETURN_ARGS, ("zero_output_for_mask", False))

    @classmethod
    def made_inside(cls, args, phase):
        cell = args.get("cell")
        return ("StackedRNNCells",) if phase == "init" and isinstance(cell, (list, tuple)) else ()

    def _given(self):
        cell = self.args["cell"]
        return list(cell) if isinstance(cell, (list, tuple)) else [cell]

    def cells(self):
        cells = self._given()
        if cells and all(isinstance(c, BaseCell) and not isinstance(c, Recurrent) for c in cells):
            return cells
        return None  # symbols, or layers used as cells: not modelled

    def validate(self):
        for c in self._given():
            if isinstance(c, Recurrent):
                continue  # has call() and state_size, so Keras takes it
            if isinstance(c, BaseCell):
                c.validate()
            elif isinstance(c, (Layer, str, int, float, bool, type(None))) and not _symbolic(c):
                # Keras wants a `call` method and a `state_size` attribute; an
                # object the analysis does not know the type of may have both.
                what = c.name if isinstance(c, Layer) else repr(c)
                raise LayerError("value", f"RNN: `cell` must be an RNN cell (e.g. LSTMCell(...)), got {what}", "cell")

    def compute_output_shape(self, inputs):
        cells = self.cells()
        # A stack of LSTM cells returns nested state lists; not modelled.
        if cells and len(cells) > 1 and flag(self.args["return_state"]) and any(c.n_states > 1 for c in cells):
            return [UNKNOWN]
        return super().compute_output_shape(inputs)


# -- ConvLSTM -----------------------------------------------------------------------


class ConvLSTM(Recurrent):
    """ConvLSTM1D/2D/3D: an LSTM whose gates are convolutions."""

    conv_rank: ClassVar[int] = 2

    @property
    def input_rank(self):
        return self.conv_rank + 3

    def config(self):
        cached = self.__dict__.get("_cfg")
        if cached is not None:
            return cached
        from types import SimpleNamespace

        a, n = self.args, self.conv_rank
        cfg = SimpleNamespace(
            kernel_size=standardize_tuple(self, a["kernel_size"], n, "kernel_size"),
            # Keras allows 0 here; the shape computation then divides by zero (checked on call)
            strides=standardize_tuple(self, a["strides"], n, "strides", allow_zero=True),
            padding=standardize_padding(self, a["padding"]),
            data_format=standardize_data_format(self, a["data_format"]),
            dilation_rate=standardize_tuple(self, a["dilation_rate"], n, "dilation_rate"),
        )
        if any_above_one(cfg.strides) and any_above_one(cfg.dilation_rate):
            raise LayerError("value", f"{self.name}: `strides > 1` is not compatible with `dilation_rate > 1`", "strides")
        self._cfg = cfg
        return cfg

    def validate(self):
        self.config()
        check_activation(self, self.args["activation"])
        check_activation(self, self.args["recurrent_activation"], "recurrent_activation")
        check_number(self, "dropout", self.args["dropout"])
        check_number(self, "recurrent_dropout", self.args["recurrent_dropout"])

    def _layout(self, step):
        df = self.config().data_format
        if df == "channels_last":
            return len(step) - 1, list(range(1, len(step) - 1))
        if df == "channels_first":
            return 1, list(range(2, len(step)))
        return None

    def step_output(self, step, cells):
        filters = self.args["filters"]
        cfg = self.config()
        if any(is_int(s) and s == 0 for s in cfg.strides):
            raise LayerError("value", f"{self.name}: `strides` cannot contain 0 (got {cfg.strides})", "strides")
        if rank(step) is None or self._layout(step) is None:
            state = (UNKNOWN,) * (self.conv_rank + 1)
        else:
            _, spatial_axes = self._layout(step)
            spatial = conv_spatial_output(self, step, spatial_axes, cfg)
            state = (*spatial, filters) if cfg.data_format == "channels_last" else (filters, *spatial)
        return state, [state, state]

    def build(self, inputs):
        (x,) = inputs
        check_stateful(self, x)
        channels = UNKNOWN
        if rank(x) is not None and self._layout(self.step_shape(x)) is not None:
            step = self.step_shape(x)
            channel_axis, spatial_axes = self._layout(step)
            if any(step[i] is None for i in spatial_axes):
                raise LayerError(
                    "dimension",
                    f"{self.name} needs static spatial dimensions, got input {format_shape(x)}",
                )
            channels = step[channel_axis]
        f, k = self.args["filters"], self.config().kernel_size
        width = dim_mul(4, f)
        weights = [
            Weight("kernel", k + (channels, width), self.trainable),
            Weight("recurrent_kernel", k + (f, width), self.trainable),
        ]
        if self.args["use_bias"]:
            weights.append(Weight("bias", (width,), self.trainable))
        return check_weight_shapes(self, weights)


def _conv_lstm_signature(rank: int):
    return (
        ("filters", REQUIRED),
        ("kernel_size", REQUIRED),
        ("strides", 1),
        ("padding", "valid"),
        ("data_format", None),
        ("dilation_rate", 1),
        ("activation", "tanh"),
        ("recurrent_activation", "sigmoid"),
        ("use_bias", True),
        *_LAYER_HEAD,
        ("unit_forget_bias", True),
        *_LAYER_REGS,
        ("seed", None),
        *Recurrent._RETURN_ARGS[:-1],  # no `unroll`
    )


@register
class ConvLSTM1D(ConvLSTM):
    name = "ConvLSTM1D"
    conv_rank = 1
    signature = _conv_lstm_signature(1)


@register
class ConvLSTM2D(ConvLSTM):
    name = "ConvLSTM2D"
    conv_rank = 2
    signature = _conv_lstm_signature(2)


@register
class ConvLSTM3D(ConvLSTM):
    name = "ConvLSTM3D"
    conv_rank = 3
    signature = _conv_lstm_signature(3)


# -- wrappers ---------------------------------------------------------------------------


def _inner(wrapper: Layer, value, arg: str):
    """A wrapped catalogue layer (validated), None when unknown, or an error."""
    if isinstance(value, Layer):
        value.validate()
        return value
    if _symbolic(value):
        return None
    raise LayerError("value", f"{wrapper.name}: `{arg}` must be a Keras layer instance, got {value!r}", arg)


def _wrapped_weights(wrapper: Layer, inner: Layer, inputs) -> list:
    weights = inner.build(inputs)
    if isinstance(inner, ConvLSTM):
        # Keras never passes `trainable` to the ConvLSTM cell: its variables
        # stay trainable and only a top-level ConvLSTM hides them.
        weights = [Weight(w.name, w.shape, True) for w in weights]
    return [Weight(w.name, w.shape, w.trainable and wrapper.trainable) for w in weights]


def _concat_last(shape):
    if not isinstance(shape, tuple) or not shape:
        return UNKNOWN
    return (*shape[:-1], dim_mul(shape[-1], 2))


@register
class Bidirectional(Layer):
    """Runs a recurrent layer forwards and a copy (or ``backward_layer``)
    backwards. ``layer`` / ``backward_layer`` are catalogue instances (see
    the module docstring)."""

    name = "Bidirectional"
    signature = (("layer", REQUIRED), ("merge_mode", "concat"), ("weights", None), ("backward_layer", None))

    def layers(self):
        """(forward, backward) catalogue layers, or None when unknown."""
        fwd = _inner(self, self.args["layer"], "layer")
        bwd_arg = self.args["backward_layer"]
        bwd = fwd if bwd_arg is None else _inner(self, bwd_arg, "backward_layer")
        if fwd is None or bwd is None:
            return None
        return fwd, bwd

    def validate(self):
        mode = self.args["merge_mode"]
        if not _symbolic(mode) and mode not in ("sum", "mul", "ave", "concat", None):
            raise LayerError("value", f"Bidirectional: `merge_mode` must be one of 'sum', 'mul', 'ave', 'concat' or None, got {mode!r}", "merge_mode")
        pair = self.layers()
        if pair is None:
            return
        fwd, bwd = pair
        for which, layer in (("layer", fwd), ("backward_layer", bwd)):
            # Keras re-creates the layer with go_backwards=True: only RNN layers accept it.
            if not isinstance(layer, Recurrent):
                raise LayerError("value", f"Bidirectional: `{which}` must be a recurrent layer (LSTM, GRU, ...), got {layer.name}", which)
        if self.args["backward_layer"] is None:
            if flag(fwd.args["go_backwards"]):
                raise LayerError(
                    "value",
                    "Bidirectional: the wrapped layer has go_backwards=True, so the generated backward copy runs "
                    "in the same direction; use go_backwards=False or pass a `backward_layer`",
                    "layer",
                )
            return
        for attr in ("go_backwards", "stateful", "return_sequences", "return_state"):
            f, b = flag(fwd.args[attr]), flag(bwd.args[attr])
            if f is None or b is None:
                continue
            if attr == "go_backwards" and f == b:
                raise LayerError("value", f"Bidirectional: forward and backward layers must have different `go_backwards`, both are {f}", "backward_layer")
            if attr != "go_backwards" and f != b:
                raise LayerError("value", f"Bidirectional: forward and backward layers must have the same `{attr}` (got {f} and {b})", "backward_layer")

    def compute_output_shape(self, inputs):
        pair = self.layers()
        if pair is None:
            return [UNKNOWN]
        fwd, _ = pair
        # Keras derives the shape from the forward layer only (even when
        # backward_layer has other units).
        out, *states = fwd.compute_output_shape(inputs)
        if states and flag(fwd.args["stateful"]):
            # Keras 3's Bidirectional.compute_mask multiplies a generator by 2
            # once stateful layers hold states: the call always fails.
            raise LayerError(
                "value",
                "Bidirectional: `return_state=True` with `stateful=True` fails in Keras "
                "(Bidirectional.compute_mask raises a TypeError)",
                "layer",
            )
        mode = self.args["merge_mode"]
        if _symbolic(mode):
            return [UNKNOWN]
        if mode == "concat":
            out = _concat_last(out)
        outs = [out, out] if mode is None else [out]
        return outs + states + states

    def build(self, inputs):
        pair = self.layers()
        if pair is None:
            return []
        fwd, bwd = pair
        return _wrapped_weights(self, fwd, inputs) + _wrapped_weights(self, bwd, inputs)


@register
class TimeDistributed(Layer):
    """Applies a catalogue layer instance to every timestep: the inner layer
    sees ``input[:1] + input[2:]`` and the time axis is re-inserted."""

    name = "TimeDistributed"
    signature = (("layer", REQUIRED),)

    def validate(self):
        _inner(self, self.args["layer"], "layer")

    def _child(self, x):
        if rank(x) is not None and rank(x) < 3:
            raise LayerError("rank", f"TimeDistributed expects an input of rank >= 3 (batch, time, ...), got {format_shape(x)}")
        return UNKNOWN if rank(x) is None else (x[0], *x[2:])

    def compute_output_shape(self, inputs):
        (x,) = inputs
        child = self._child(x)
        inner = _inner(self, self.args["layer"], "layer")
        if inner is None:
            return [UNKNOWN]
        outs = inner.compute_output_shape([child])
        if len(outs) != 1 or not isinstance(outs[0], tuple) or not outs[0]:
            return [UNKNOWN]  # multi-output inner layers are not modelled
        (out,) = outs
        time = UNKNOWN if rank(x) is None else x[1]
        return [(out[0], time, *out[1:])]

    def build(self, inputs):
        (x,) = inputs
        child = self._child(x)
        inner = _inner(self, self.args["layer"], "layer")
        if inner is None:
            return []
        return _wrapped_weights(self, inner, [child])
