"""Indexing and slicing, ``x[:, 0]``, ``x[..., None]``, ``x[:, -1, :]``:
Keras's ``GetItem.compute_output_spec`` (numpy's basic indexing)."""

from __future__ import annotations

from ..dims import is_int
from .base import KERAS, OPERATOR, OpError, _Unknown, op, shape_of


@op("getitem", spaces=OPERATOR)
@op("get_item", spaces=KERAS)
def get_item(x, key, *_, **__):
    shape = shape_of(x)
    if not isinstance(shape, tuple):
        raise _Unknown
    keys = list(key) if isinstance(key, (tuple, list)) else [key]
    if keys.count(Ellipsis) > 1:
        raise OpError("an index can only have one ellipsis (`...`)", "rank")
    if Ellipsis not in keys:
        keys.append(Ellipsis)
    remaining, out = list(shape), []
    while keys:
        sub = keys.pop(0)
        if sub is Ellipsis:
            needed = len(keys) - sum(1 for k in keys if k is None)
            consumed = len(remaining) - needed
            if consumed < 0:
                raise OpError(f"too many indices for a tensor of shape {shape}", "rank")
            out += remaining[:consumed]
            remaining = remaining[consumed:]
            continue
        if sub is None:
            out.append(1)
            continue
        if not remaining:
            raise OpError(f"too many indices for a tensor of shape {shape}", "rank")
        length = remaining.pop(0)
        if is_int(sub):
            if is_int(length) and not -length <= sub < length:
                raise OpError(f"index {sub} is out of bounds for an axis of size {length}", "rank")
        elif isinstance(sub, slice):
            parts = (sub.start, sub.stop, sub.step)
            if not all(p is None or is_int(p) for p in parts):
                raise _Unknown  # bounds held in tensors or unknown names
            if length is None:
                out.append(None)
            elif is_int(length):
                out.append(len(range(*sub.indices(length))))
            elif sub == slice(None):
                out.append(length)
            else:
                raise _Unknown
        else:
            raise _Unknown  # a tensor or list index: advanced indexing is not followed
    return tuple(out)
