"""Keras 1/2 constructor calls read with their old meaning (see ``kgraphlint.legacy``)."""

from __future__ import annotations

from .. import legacy


def read_legacy(path: str, kind: tuple, args, interpreter, node, env):
    """``(kind, args)`` for a call to ``path`` as its author meant it.

    ``Convolution2D(32, 3, 3, border_mode='same')`` becomes Conv2D with
    ``kernel_size=(3, 3), padding='same'``; Keras 1 ``merge([a, b],
    mode='concat')`` becomes ``concatenate``; ``TimeDistributedDense(n)``
    becomes ``TimeDistributed(Dense(n))``, its Dense made by ``interpreter``.
    Other calls come back as given.
    """
    what, name = kind
    written = path.rsplit(".", 1)[-1]
    if what == "other" and written == "TimeDistributedDense":
        (_, dense), dense_args = read_legacy("Dense", ("layer", "Dense"), args, interpreter, node, env)
        inner = interpreter.make_layer(dense, dense_args, node, env)
        return ("layer", "TimeDistributed"), _copy(args, [inner], [None], {}, {})
    if what == "other" and written == "merge" and name.endswith("layers.merge"):
        reading = legacy.merge_reading(args.keywords)
        if reading is None:
            return kind, args
        cls, keywords = reading
        out = _copy(args, list(args.positional[:1]), list(args.pos_nodes[:1]), keywords,
                    {k: args.kw_nodes[o] for o, k in legacy.MERGE_KEYWORDS.items() if k in keywords and o in args.kw_nodes})
        return ("merge", cls), out
    if what == "other" and written in legacy.REMOVED_CLASSES and name.endswith(f"layers.{written}"):
        return ("layer", written), args  # a layer the catalogue cannot know: inference stops there, and says so
    if what == "other" and written in legacy.RENAMED_CLASSES:
        what, name = "layer", legacy.RENAMED_CLASSES[written]
    elif what == "model":
        name = "Model"
    elif what == "input":
        name = "InputLayer"
    elif what != "layer":
        return kind, args
    if not legacy.needs_reading(written, name, args.keywords):
        return kind, args  # nearly every call: nothing old in it
    r = legacy.read_as_intended(written, name, args.positional, args.keywords, args.pos_nodes, args.kw_nodes)
    if what in ("model", "input"):
        return kind, _copy(args, r.positional, r.pos_nodes, r.keywords, r.kw_nodes)
    return (what, r.cls), _copy(args, r.positional, r.pos_nodes, r.keywords, r.kw_nodes)


def _copy(args, positional, pos_nodes, keywords, kw_nodes):
    out = type(args)()
    out.positional, out.pos_nodes, out.keywords, out.kw_nodes = positional, pos_nodes, keywords, kw_nodes
    return out
