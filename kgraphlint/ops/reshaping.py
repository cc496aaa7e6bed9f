"""Ops that move, join and split axes: reshape, transpose, expand_dims,
squeeze, concatenate, stack, split, tile, pad, gather, one_hot... Keras's
``compute_output_spec`` where the op is Keras's, TensorFlow's static shape
inference where it is TensorFlow's (they differ: ``tf.concat`` of
``(None, 4)`` and ``(3, 4)`` is ``(3, 8)``, ``ops.concatenate`` keeps None)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from ..dims import UNKNOWN, Expr, Unknown, dim_add, dim_prod, is_int
from .base import (
    BACKEND,
    KERAS,
    TF,
    UNTRACEABLE,
    OpError,
    Slot,
    Spec,
    _Unknown,
    axes_of,
    axis_of,
    broadcast_all,
    op,
    shape_of,
)


def _shape(x) -> tuple:
    s = shape_of(x)
    if not isinstance(s, tuple):
        raise _Unknown
    return s


def _target(newshape) -> tuple:
    """A shape argument: ints stay, a tensor entry is None (as Keras reads a
    dynamic dimension); a symbol stays a symbol. An entry we could not compute
    (a Python value, not a tensor) may be any number: the shape is unknown."""
    if is_int(newshape):
        return (newshape,)
    if isinstance(newshape, Spec) or not isinstance(newshape, (list, tuple)):
        raise _Unknown  # a shape held in a tensor: only its length is known
    if not all(is_int(d) or isinstance(d, (Expr, Spec)) or d is None for d in newshape):
        raise _Unknown
    return tuple(None if isinstance(d, Spec) else d for d in newshape)


@op("reshape", spaces=TF)
def tf_reshape(tensor, shape, *_, **__):
    in_shape, new = _shape(tensor), _target(shape)
    if any(isinstance(d, (Expr, Unknown)) for d in (*in_shape, *new)) or None in new:
        raise _Unknown
    if None not in in_shape:
        return reshape(tensor, new)
    known = dim_prod(d for d in in_shape if d is not None)
    rest = dim_prod(d for d in new if d != -1)
    if -1 not in new:
        if in_shape.count(None) == 1 and known and rest % known:  # TensorFlow checks only then
            raise OpError(f"cannot reshape a tensor of shape {in_shape} into {new}", "dimension")
        return new
    return tuple(None if d == -1 else d for d in new)


@op("reshape", spaces=KERAS + BACKEND)
def reshape(x, newshape=None, *_, shape=None, **__):
    in_shape, new = _shape(x), _target(newshape if newshape is not None else shape)
    if new.count(-1) > 1:
        raise OpError("only one dimension of the new shape can be -1", "dimension")
    if None in in_shape or None in new or any(isinstance(d, (Expr, Unknown)) for d in (*in_shape, *new)):
        if any(isinstance(d, (Expr, Unknown)) for d in (*in_shape, *new)) and -1 in new:
            return tuple(UNKNOWN if d == -1 else d for d in new)
        return tuple(None if d == -1 else d for d in new)
    size = dim_prod(in_shape)
    if -1 not in new:
        if size != dim_prod(new):
            raise OpError(f"cannot reshape a tensor of shape {in_shape} into {new}: sizes differ", "dimension")
        return new
    rest = dim_prod(d for d in new if d != -1)
    if rest == 0 or size % rest:
        raise OpError(f"cannot reshape a tensor of shape {in_shape} into {new}", "dimension")
    return tuple(size // rest if d == -1 else d for d in new)


@op("expand_dims", spaces=KERAS + BACKEND)
def expand_dims(x, axis, *_, **__):
    s = _shape(x)
    axes = axis if isinstance(axis, (list, tuple)) else (axis,)
    out_rank = len(s) + len(axes)
    where = sorted(axis_of(a, out_rank) for a in axes)
    out = list(s)
    for a in where:
        out.insert(a, 1)
    return tuple(out)


@op("expand_dims", spaces=TF)
def tf_expand_dims(input, axis, *_, **__):
    s = _shape(input)
    a = axis_of(axis, len(s) + 1)
    return (*s[:a], 1, *s[a:])


@op("squeeze", spaces=KERAS + BACKEND)
def squeeze(x, axis=None, *_, **__):
    s = _shape(x)
    if axis is None:
        return tuple(d for d in s if d != 1)
    axes = axes_of(axis, len(s))
    for a in axes:
        if s[a] != 1 and not isinstance(s[a], (Expr, Unknown)):
            raise OpError(f"cannot squeeze axis {a}: its size is {s[a]}, not 1")
        if s[a] != 1:
            raise _Unknown
    return tuple(d for i, d in enumerate(s) if i not in axes)


@op("squeeze", spaces=TF)
def tf_squeeze(input, axis=None, *_, **__):
    s = _shape(input)
    if axis is None:
        if any(d is None or isinstance(d, (Expr, Unknown)) for d in s):
            raise _Unknown  # TensorFlow cannot tell which unknown axes are 1: the rank is unknown
        return tuple(d for d in s if d != 1)
    axes = axes_of(axis, len(s))
    for a in axes:
        if is_int(s[a]) and s[a] != 1:
            raise OpError(f"cannot squeeze axis {a}: its size is {s[a]}, not 1")
        if isinstance(s[a], (Expr, Unknown)):
            raise _Unknown
    return tuple(d for i, d in enumerate(s) if i not in axes)  # an unknown axis is taken to be 1


@op("transpose", spaces=KERAS + BACKEND)
def transpose(x, axes=None, *_, **__):
    s = _shape(x)
    if axes is None:
        return tuple(reversed(s))
    if len(axes) != len(s):
        raise OpError(f"axes {tuple(axes)} do not match a tensor of rank {len(s)}")
    return tuple(s[axis_of(a, len(s))] for a in axes)


@op("transpose", spaces=TF)
def tf_transpose(a, perm=None, *_, **__):
    return transpose(a, perm)


@op("permute_dimensions", spaces=BACKEND)
def permute_dimensions(x, pattern, *_, **__):
    return transpose(x, pattern)


def _join(shapes, axis, keep_first_none: bool):
    shapes = [_shape(s) for s in shapes]
    if not shapes:
        raise _Unknown
    rank = len(shapes[0])
    a = axis_of(axis, rank)
    out = list(shapes[0])
    total: Any = 0
    for s in shapes:
        if len(s) != rank:
            raise OpError(f"cannot join tensors of ranks {rank} and {len(s)}")
        for i, (d, e) in enumerate(zip(out, s)):
            if i == a:
                continue
            if is_int(d) and is_int(e) and d != e:
                raise OpError(f"shapes {shapes[0]} and {s} differ on axis {i}, not only on the joined axis {a}")
            if isinstance(d, (Expr, Unknown)) or isinstance(e, (Expr, Unknown)):
                if d != e and d is not None and e is not None:
                    out[i] = UNKNOWN
            elif d is None and not keep_first_none:
                out[i] = e
        total = None if total is None or s[a] is None else dim_add(total, s[a])
    out[a] = total
    return tuple(out)


@op("concatenate", spaces=KERAS)
def concatenate(xs, axis=0, *_, **__):
    return _join(xs, axis, keep_first_none=True)


@op("concatenate", spaces=BACKEND)
def k_concatenate(tensors, axis=-1, *_, **__):
    rank = len(_shape(tensors[0])) if isinstance(tensors, (list, tuple)) and tensors else 0
    if is_int(axis) and axis < 0 and rank:
        axis %= rank  # as keras.src.legacy.backend.concatenate does, before tf.concat
    return tf_concat(tensors, axis)  # Keras 2's K.concatenate is tf.concat


@op("concat", spaces=TF)
def tf_concat(values, axis, *_, **__):
    if isinstance(values, (list, tuple)) and len(values) == 1:
        return _shape(values[0])  # TensorFlow returns a single value as it is
    return _join(values, axis, keep_first_none=False)


def _stack(xs, axis, keep_first_none):
    shapes = [_shape(x) for x in xs]
    if not shapes:
        raise _Unknown
    joined = list(shapes[0])
    for s in shapes[1:]:
        if len(s) != len(joined):
            raise OpError("cannot stack tensors of different ranks")
        for i, (d, e) in enumerate(zip(joined, s)):
            if is_int(d) and is_int(e) and d != e:
                raise OpError(f"cannot stack shapes {shapes[0]} and {s}")
            if d is None and not keep_first_none:
                joined[i] = e
    a = axis_of(axis, len(joined) + 1)
    return tuple([*joined[:a], len(shapes), *joined[a:]])


@op("stack", spaces=KERAS + BACKEND)
def stack(x, axis=0, *_, **__):
    return _stack(x, axis, keep_first_none=True)


@op("stack", spaces=TF)
def tf_stack(values, axis=0, *_, **__):
    return _stack(values, axis, keep_first_none=False)


@op("unstack", spaces=KERAS + TF)
def unstack(x, num=None, axis=0, *_, **__):
    s = _shape(x)
    a = axis_of(axis, len(s))
    n = s[a] if num is None else num
    if n is None:
        raise OpError(f"cannot unstack axis {a} of unknown size without `num=`", "value")
    if not is_int(n):
        raise _Unknown  # the number of outputs is not known
    return [(*s[:a], *s[a + 1:])] * n


@op("split", spaces=KERAS)
def split(x, indices_or_sections, axis=0, *_, **__):
    s = _shape(x)
    a = axis_of(axis, len(s))
    d = s[a]
    if is_int(indices_or_sections):
        n = indices_or_sections
        if is_int(d) and d % n:
            raise OpError(f"axis {a} of size {d} does not split into {n} equal sections")
        size = d // n if is_int(d) else (None if d is None else UNKNOWN)
        return [(*s[:a], size, *s[a + 1:])] * n
    cuts = list(indices_or_sections)
    if not all(is_int(c) for c in cuts) or isinstance(d, (Expr, Unknown)):
        raise _Unknown
    edges = [0, *cuts, d]  # Keras subtracts the edges as they are, even past the end
    sizes = [None if e is None else e - b for b, e in pairwise(edges)]
    if any(z is not None and z < 0 for z in sizes):
        raise OpError(f"split points {cuts} give a negative size on an axis of size {d}", "value")
    return [(*s[:a], z, *s[a + 1:]) for z in sizes]


@op("split", spaces=TF)
def tf_split(value, num_or_size_splits, axis=0, *_, **__):
    s = _shape(value)
    a = axis_of(axis, len(s))
    if is_int(num_or_size_splits):
        n, d = num_or_size_splits, s[a]
        if is_int(d) and d % n:
            raise OpError(f"axis {a} of size {d} does not split into {n} equal sections")
        return [(*s[:a], d // n if is_int(d) else d, *s[a + 1:])] * n
    sizes = list(num_or_size_splits)
    if not all(is_int(z) for z in sizes):
        raise _Unknown
    if -1 in sizes:
        rest = s[a] - sum(z for z in sizes if z != -1) if is_int(s[a]) else None
        sizes = [rest if z == -1 else z for z in sizes]
    return [(*s[:a], z, *s[a + 1:]) for z in sizes]


@op("tile", spaces=KERAS + BACKEND)
def tile(x, repeats, *_, **__):
    s = _shape(x)
    reps = list(repeats) if isinstance(repeats, (list, tuple)) else [repeats]
    if not all(is_int(r) for r in reps):
        raise _Unknown
    if len(reps) < len(s):
        reps = [1] * (len(s) - len(reps)) + reps
    s = (1,) * (len(reps) - len(s)) + s
    return tuple(None if d is None else d * r for d, r in zip(s, reps))


def _tile_repeats_in_a_tensor(x, repeats, *_, **__):
    # keras/src/backend/tensorflow/numpy.py tile() runs `[v for v in repeats]`:
    # iterating a symbolic tf.Tensor raises OperatorNotAllowedInGraphError
    if isinstance(repeats, (Spec, Slot)):
        return ("`ops.tile` is given `repeats` as a tensor: Keras 3 on TensorFlow iterates over it, which "
                "TensorFlow refuses while Keras traces call() (OperatorNotAllowedInGraphError)")
    return None


for _space in KERAS:
    UNTRACEABLE[_space + "tile"] = _tile_repeats_in_a_tensor


@op("tile", spaces=TF)
def tf_tile(input, multiples, *_, **__):
    s = _shape(input)
    if not isinstance(multiples, (list, tuple)) or len(multiples) != len(s):
        raise _Unknown
    return tuple(None if d is None or not is_int(m) else d * m for d, m in zip(s, multiples))


@op("repeat", spaces=KERAS + TF)
def repeat(x, repeats, axis=None, *_, **__):
    s = _shape(x)
    if axis is None:
        size = None if None in s else dim_prod(s)
        return (None if size is None or not is_int(repeats) else size * repeats,)
    a = axis_of(axis, len(s))
    if not is_int(repeats):
        raise _Unknown
    return (*s[:a], None if s[a] is None else s[a] * repeats, *s[a + 1:])


@op("pad", spaces=KERAS + TF)
def pad(x, pad_width=None, *_, paddings=None, **__):
    s = _shape(x)
    widths = pad_width if pad_width is not None else paddings
    if is_int(widths):
        widths = [(widths, widths)] * len(s)
    widths = [tuple(w) if isinstance(w, (list, tuple)) else (w, w) for w in widths]
    if len(widths) == 1 and len(s) > 1:
        widths = widths * len(s)
    if len(widths) != len(s) or not all(is_int(b) and is_int(e) for b, e in widths):
        raise _Unknown
    return tuple(None if d is None else d + b + e for d, (b, e) in zip(s, widths))


@op("broadcast_to", spaces=KERAS + TF)
def broadcast_to(x, shape, *_, **__):
    target = _target(shape)
    broadcast_all(_shape(x), target)
    return target


@op("take", spaces=KERAS)
def take(x, indices, axis=None, *_, **__):
    s, idx = _shape(x), _shape(indices)
    if axis is None:
        return idx
    a = axis_of(axis, len(s))
    return (*s[:a], *idx, *s[a + 1:])


@op("gather", spaces=TF)
def tf_gather(params, indices, validate_indices=None, axis=None, batch_dims=0, *_, **__):
    s, idx = _shape(params), _shape(indices)
    a = axis_of(0 if axis is None else axis, len(s))
    if not is_int(batch_dims):
        raise _Unknown
    return (*s[:a], *idx[batch_dims:], *s[a + 1:])


@op("take_along_axis", spaces=KERAS)
def take_along_axis(x, indices, axis=None, *_, **__):
    s, idx = _shape(x), _shape(indices)
    if axis is None:
        return idx
    a = axis_of(axis, len(s))
    left = broadcast_all(s[:a] + (1,) + s[a + 1:], idx[:a] + (1,) + idx[a + 1:])
    return (*left[:a], idx[a], *left[a + 1:])


@op("one_hot", spaces=KERAS + BACKEND)
def one_hot(x, num_classes, axis=-1, *_, **__):
    s = _shape(x)
    if not is_int(num_classes) and not isinstance(num_classes, Expr):
        raise _Unknown
    out = list(s)
    a = axis_of(axis, len(s) + 1)
    out.insert(a, num_classes)
    return tuple(out)


@op("one_hot", spaces=TF)
def tf_one_hot(indices, depth, on_value=None, off_value=None, axis=None, *_, **__):
    return one_hot(indices, depth, -1 if axis is None else axis)


@op("slice", spaces=KERAS)
def keras_slice(inputs, start_indices, shape, *_, **__):
    _shape(inputs)
    return _target(shape)


@op("slice_update", "scatter_update", spaces=KERAS)
def slice_update(inputs, *_, **__):
    return _shape(inputs)


@op("shape", spaces=TF)
def tf_shape(input, *_, **__):
    return (len(_shape(input)),)


@op("size", "rank", spaces=TF)
def tf_size(input, *_, **__):
    _shape(input)
    return ()


@op("flatten", spaces=BACKEND)
def k_flatten(x, *_, **__):
    s = _shape(x)
    return (None if None in s else dim_prod(s),)


@op("batch_flatten", spaces=BACKEND)
def batch_flatten(x, *_, **__):
    s = _shape(x)
    if None in s or not s:
        # K.batch_flatten reshapes to [-1, prod(tf.shape(x)[1:])]: TF folds that only for a fully known shape
        return (None, None)
    return (s[0], dim_prod(s[1:]))


@op("boolean_mask", spaces=TF)
def boolean_mask(tensor, mask, *_, axis=None, **__):
    s, m = _shape(tensor), _shape(mask)
    a = 0 if axis is None else axis_of(axis, len(s))
    return (*s[:a], None, *s[a + len(m):])  # as many rows as the mask has True entries


@op("tril", "triu", spaces=KERAS)
def tri(x, k=0, *_, **__):
    return _shape(x)


@op("band_part", spaces=("tensorflow.linalg.",))
def band_part(input, num_lower, num_upper, *_, **__):
    return _shape(input)


@op("top_k", spaces=KERAS + ("tensorflow.math.", "tensorflow.nn."))
def top_k(x, k=1, *_, **__):
    s = _shape(x)
    if not is_int(k):
        raise _Unknown
    out = (*s[:-1], k)
    return [out, out]
