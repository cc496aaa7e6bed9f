"""Merge layers (keras/src/layers/merging).

Every merge layer takes a list of tensors (``arity = "list"``). Keras computes
their symbolic outputs from ``compute_output_shape`` alone (``Merge``
overrides ``compute_output_spec``), so the rules below are the whole story.
"""

from __future__ import annotations

from ..dims import UNKNOWN, Expr, Unknown, dim_add, dims_equal, format_shape, is_int
from . import register
from .base import REQUIRED, Layer, LayerError

# keras.layers.<name>(inputs, ...) -> (class name, its positional parameters
# with defaults). Other keywords (normalize=, name=...) go to the constructor.
# Note dot(inputs, axes=-1): the function has a default the Dot class lacks.
FUNCTIONAL_FORMS = {
    "concatenate": ("Concatenate", (("inputs", REQUIRED), ("axis", -1))),
    "add": ("Add", (("inputs", REQUIRED),)),
    "subtract": ("Subtract", (("inputs", REQUIRED),)),
    "multiply": ("Multiply", (("inputs", REQUIRED),)),
    "average": ("Average", (("inputs", REQUIRED),)),
    "maximum": ("Maximum", (("inputs", REQUIRED),)),
    "minimum": ("Minimum", (("inputs", REQUIRED),)),
    "dot": ("Dot", (("inputs", REQUIRED), ("axes", -1))),
}


def _shapes(inputs):
    return " and ".join(format_shape(s) for s in inputs)


def _broadcast_dim(layer, i, j, inputs):
    """One axis of Merge._compute_elemwise_op_output_shape."""
    if i is None or j is None:
        return None
    if i == 1:
        return j
    if j == 1:
        return i
    eq = dims_equal(i, j)
    if eq is False:
        raise LayerError("merge", f"{layer.name}: inputs have incompatible shapes {_shapes(inputs)}")
    if eq:
        return i
    # one side concrete (not 1): the symbolic side must equal it or be 1
    if is_int(i) and not isinstance(j, Unknown):
        return i
    if is_int(j) and not isinstance(i, Unknown):
        return j
    return UNKNOWN


class _Merge(Layer):
    """Elementwise merge: right-aligned broadcasting of the non-batch axes."""

    arity = "list"
    signature = ()

    def _check_count(self, inputs):
        if len(inputs) < 1:
            raise LayerError("merge", f"{self.name} should be called on a list of at least 1 input")

    def compute_output_shape(self, inputs):
        self._check_count(inputs)
        if any(isinstance(s, Unknown) for s in inputs):
            return [UNKNOWN]
        batches = {s[0] for s in inputs if is_int(s[0])}
        if len(batches) > 1:
            raise LayerError("merge", f"{self.name}: cannot merge different batch sizes {_shapes(inputs)}")
        out = tuple(inputs[0][1:])
        for s in inputs[1:]:
            a, b = (out, tuple(s[1:])) if len(out) >= len(s) - 1 else (tuple(s[1:]), out)
            if not b:
                out = a
                continue
            out = a[: len(a) - len(b)] + tuple(
                _broadcast_dim(self, i, j, inputs) for i, j in zip(a[len(a) - len(b):], b)
            )
        batch = next(iter(batches)) if batches else None
        if batch is None:
            # a symbolic batch size survives when every input agrees on it
            firsts = {s[0] for s in inputs if s[0] is not None}
            if len(firsts) == 1 and len(inputs) == sum(s[0] is not None for s in inputs):
                batch = next(iter(firsts))
        return [(batch, *out)]


@register
class Add(_Merge):
    name = "Add"


@register
class Multiply(_Merge):
    name = "Multiply"


@register
class Average(_Merge):
    name = "Average"


@register
class Maximum(_Merge):
    name = "Maximum"


@register
class Minimum(_Merge):
    name = "Minimum"


@register
class Subtract(_Merge):
    name = "Subtract"

    def _check_count(self, inputs):
        if len(inputs) != 2:
            raise LayerError("merge", f"Subtract should be called on exactly 2 inputs, got {len(inputs)}")


@register
class Concatenate(Layer):
    name = "Concatenate"
    signature = (("axis", -1),)
    arity = "list"

    def compute_output_shape(self, inputs):
        axis = self.args["axis"]
        if len(inputs) < 1:
            raise LayerError("merge", "Concatenate should be called on a list of at least 1 input")
        if any(isinstance(s, Unknown) for s in inputs):
            return [UNKNOWN]
        if not is_int(axis):
            # unknown axis: only the rank is known
            ranks = {len(s) for s in inputs}
            return [(UNKNOWN,) * ranks.pop()] if len(ranks) == 1 else [UNKNOWN]
        # Keras.build drops the concat axis only where the shape is long
        # enough (`if len(shape) > axis`), so ranks may differ by one.
        try:
            reduced = []
            for s in inputs:
                r = list(s)
                if len(r) > axis:
                    del r[axis]
                reduced.append(tuple(r))
        except IndexError:
            raise LayerError("value", f"Concatenate: axis {axis} is out of range for {_shapes(inputs)}", "axis") from None
        if len(set(reduced)) > 1:
            if len({len(r) for r in reduced}) != 1:
                raise LayerError("merge", f"Concatenate(axis={axis}) needs inputs of equal rank, got {_shapes(inputs)}")
            for dims in zip(*reduced):
                known = [d for d in dims if d is not None]
                if len(set(known)) > 1 and any(dims_equal(a, b) is False for a in known for b in known):
                    raise LayerError(
                        "merge",
                        f"Concatenate(axis={axis}) requires matching shapes except on the concatenation axis, got {_shapes(inputs)}",
                    )
        # compute_output_shape: a None on the axis stops the sum (and the
        # indexing of later inputs) at once
        out = list(inputs[0])
        try:
            for s in inputs[1:]:
                if out[axis] is None or s[axis] is None:
                    out[axis] = None
                    break
                out[axis] = dim_add(out[axis], s[axis])
        except IndexError:
            raise LayerError("value", f"Concatenate: axis {axis} is out of range for {_shapes(inputs)}", "axis") from None
        return [tuple(out)]


@register
class Dot(Layer):
    name = "Dot"
    signature = (("axes", REQUIRED), ("normalize", False))
    arity = "list"

    def validate(self):
        axes = self.args["axes"]
        if is_int(axes) or isinstance(axes, (Expr, Unknown)):
            return
        if isinstance(axes, bool) or not isinstance(axes, (list, tuple)):
            if isinstance(axes, bool):
                return  # bool is an int to Keras
            raise LayerError("value", f"Dot: `axes` must be an int or a list of 2 ints, got {axes!r}", "axes")
        if len(axes) != 2 or not all(isinstance(a, (int, Expr, Unknown)) for a in axes):
            raise LayerError("value", f"Dot: `axes` must be an int or a list of 2 ints, got {axes!r}", "axes")

    def compute_output_shape(self, inputs):
        if len(inputs) != 2:
            raise LayerError("merge", f"Dot should be called on a list of 2 inputs, got {len(inputs)}")
        s1, s2 = inputs
        axes = self.args["axes"]
        if isinstance(s1, Unknown) or isinstance(s2, Unknown) or not isinstance(axes, (int, list, tuple)):
            return [UNKNOWN]
        if isinstance(axes, int):
            axes = [axes % len(s1), axes % len(s2)] if axes < 0 else [axes, axes]
        if not all(isinstance(a, int) for a in axes):
            return [UNKNOWN]
        a0, a1 = axes
        if not (-len(s1) <= a0 < len(s1) and -len(s2) <= a1 < len(s2)):
            raise LayerError("value", f"Dot: axes {list(axes)} out of range for {_shapes(inputs)}", "axes")
        # Keras compares with `!=`, so None against a size is a mismatch too
        d1, d2 = s1[a0], s2[a1]
        if (d1 is None) != (d2 is None) or dims_equal(d1, d2) is False:
            raise LayerError("merge", f"Dot: axis sizes differ ({d1} != {d2}) for {_shapes(inputs)}")
        l1, l2 = list(s1), list(s2)
        l1.pop(a0)
        l2.pop(a1)
        if not l2:
            raise LayerError("rank", f"Dot: input shapes {_shapes(inputs)} leave nothing after the dot axis")
        l2.pop(0)
        out = l1 + l2
        if len(out) == 1:
            out.append(1)
        return [tuple(out)]
