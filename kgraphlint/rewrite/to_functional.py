"""Sequential -> Functional: list form, ``.add()`` form, or both.

    model = Sequential([Flatten(input_shape=(28, 28)), Dense(10)])
becomes
    inputs = Input(shape=(28, 28))
    x = Flatten()(inputs)
    outputs = Dense(10)(x)
    model = Model(inputs=inputs, outputs=outputs)
Each layer statement inherits the comments that sat around its element.
``model.add(...)`` inside later loops and ifs becomes ``x = Layer(...)(x)`` in
place, and the ``Model(...)`` statement follows the last of them.
"""

from __future__ import annotations

import libcst as cst

from .context import Outcome, Refused
from .context import located as _located
from .cstutil import Item, assigned_call, call_text, keep_comments, keyword, list_items, simple, stmt, without_arg
from .imports import input_spelling, sibling
from .names import last_name, layer_index_use, stores, walk

OWN_INPUT_DIM = {"Embedding", "ReversibleEmbedding"}  # input_dim is their vocabulary size
INPUT_RENAMES = {"input_shape": "shape", "batch_input_shape": "batch_shape", "input_tensor": "tensor"}


def _is_add(stmt_node, target: str):
    small = simple(stmt_node)
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        func = small.value.func
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value == target
            and func.attr.value == "add"
            and len(small.value.args) == 1
            and small.value.args[0].keyword is None
        ):
            return small.value.args[0].value
    return None


def candidates(ctx, body):
    """Each Sequential in ``body``: its statement, name, call, the ``.add()`` statements
    right after it, its ModelIR, and (adds in later loops/ifs, the statements that follow)."""
    i = 0
    while i < len(body):
        target, call = assigned_call(body[i])
        ir = ctx.model_ir(call, "sequential") if call is not None else None
        if ir is None:
            i += 1
            continue
        adds = []
        j = i + 1
        while target and j < len(body) and _is_add(body[j], target) is not None:
            adds.append(body[j])
            j += 1
        nested = _later_adds(ctx, body, j, target) if target else None
        rest = []  # what follows, up to the next rebinding of the name: later add/pop calls hide there
        for later in body[j:]:
            if target in stores(later):
                break
            rest.append(later)
        yield body[i], target, call, adds, ir, (nested, rest)
        i = j


def _later_adds(ctx, body, start, target):
    """``target.add(...)`` statements in the loops and ifs that follow the model:
    (their statements, the last top-level statement holding one), or a reason
    they cannot be followed (another use of the model in between)."""
    found, last = [], None
    for k in range(start, len(body)):
        mentions = [n for n in walk(body[k]) if isinstance(n, cst.Name) and n.value == target]
        if not mentions:
            continue
        adds = [n for n in walk(body[k]) if isinstance(n, cst.SimpleStatementLine) and _is_add(n, target) is not None]
        if not adds or isinstance(body[k], (cst.FunctionDef, cst.ClassDef)):
            break  # the first other use of the model ends the search
        if len(adds) != len(mentions):
            return f"`{target}` is used at line {ctx.line(body[k])} between its .add() calls"
        found += adds
        last = k
    return (found, body[last]) if found else None


def rewrite(ctx, body, only=None, owner=None) -> list:
    outcomes = []
    for node, target, call, adds, ir, (nested, rest) in candidates(ctx, body):
        name = target or (owner.name.value if owner else "model")
        if only and name != only:
            continue
        state = ctx.import_plan.snapshot()
        try:
            if isinstance(nested, str):
                raise Refused(nested)
            new = _plan(ctx, node, target, call, adds, ir, nested, rest, owner)
        except Refused as exc:
            ctx.import_plan.restore(state)
            outcomes.append(Outcome(name, ctx.line(node), "sequential", "functional", False, str(exc), _located(ir)))
            continue
        originals = [node, *adds]
        for original, replacement in zip(originals, new):
            ctx.replacements[id(original)] = replacement
        outcomes.append(Outcome(name, ctx.line(node), "sequential", "functional", True, located=_located(ir)))
    return outcomes


def _items(ctx, node, target, call, adds, nested=(), rest=()):
    """Every layer with its comments, and where the list's own comments go."""
    if any(a.star for a in call.args):
        raise Refused("Sequential() is given *args or **kwargs")
    positional = [a for a in call.args if a.keyword is None]
    kwargs = {a.keyword.value: a for a in call.args if a.keyword is not None}
    unknown = set(kwargs) - {"layers", "name", "trainable"}
    if len(positional) > 1 or unknown:
        what = sorted(unknown) or "a second positional argument"
        raise Refused(f"Sequential() is given arguments a Functional Model has no place for: {what}")
    layers = positional[0].value if positional else (kwargs["layers"].value if "layers" in kwargs else None)
    head, tail, items = None, [], []
    if layers is not None:
        if not isinstance(layers, (cst.List, cst.Tuple)):
            raise Refused("its layers are not a literal list")
        try:
            items, head, tail = list_items(layers)
        except ValueError as exc:
            raise Refused(f"its layer list has {exc}") from None
    for add in adds:
        items.append(Item(_is_add(add, target), list(add.leading_lines), add.trailing_whitespace))
    if target:
        for other in (n for later in rest for n in walk(later)):
            if (
                isinstance(other, cst.Call)
                and isinstance(other.func, cst.Attribute)
                and isinstance(other.func.value, cst.Name)
                and other.func.value.value == target
                and other.func.attr.value in ("add", "pop")
                and not any(other is simple(a).value for a in [*adds, *nested])
            ):
                raise Refused(
                    f"`{target}.{other.func.attr.value}()` at line {ctx.line(other)} changes it later, "
                    "away from its other layers"
                )
    indexed = layer_index_use(ctx.module, target) if target else None
    if indexed is not None:
        raise Refused(f"`{ctx.code(indexed)}` is read at line {ctx.line(indexed)}: a Functional model lists "
                      "its InputLayer in .layers, a Sequential one does not")
    if not items and not nested:
        raise Refused("it has no layers")
    return items, head, tail, kwargs


def _plan(ctx, node, target, call, adds, ir, nested=None, rest=(), owner=None) -> list:
    nested, holder = nested or ((), None)
    items, head, tail, kwargs = _items(ctx, node, target, call, adds, nested, rest)
    imports, plan = ctx.imports, ctx.import_plan
    for later in items[1:]:
        if isinstance(later.value, cst.Call) and imports.kind(later.value.func) in ("input", "inputlayer"):
            raise Refused(f"it has an Input at line {ctx.line(later.value)} after its first layer")
    # where each item came from: 0 = the Sequential statement, k = the k-th .add()
    origin = [0] * (len(items) - len(adds)) + list(range(1, len(adds) + 1))
    inner = [Item(_is_add(n, target), list(n.leading_lines), n.trailing_whitespace) for n in nested]
    layer_callees = [i.value.func for i in [*items, *inner] if isinstance(i.value, cst.Call)]
    input_fn = input_spelling(call.func, layer_callees, imports, plan)
    model_fn = sibling(call.func, imports, plan, "Model")
    if input_fn is None or model_fn is None:
        raise Refused("cannot tell how this file would import Input and Model")

    input_text, layers = _input(ctx, items[0] if items else None, items, input_fn, ir, target or "model")
    origin = origin[len(items) - len(layers) :]
    if not layers and not nested:
        raise Refused("it has no layers besides its Input")
    prefix = target or "model"  # only used when inputs/x/outputs are taken
    if nested:  # layers added in loops or ifs: the running tensor stays `x` to the end
        inp, x = ctx.fresh(["inputs", "x"], prefix, owner)
        out = x
    elif len(layers) == 1:
        inp, out = ctx.fresh(["inputs", "outputs"], prefix, owner)
        x = out
    else:
        inp, x, out = ctx.fresh(["inputs", "x", "outputs"], prefix, owner)

    lead, input_trailing = list(node.leading_lines), head
    if items and len(layers) < len(items):  # an explicit Input/InputLayer: its comments stay with it
        lead += list(items[0].leading)
        input_trailing = items[0].trailing or head
    if adds and node.trailing_whitespace.comment is not None:
        input_trailing = input_trailing or node.trailing_whitespace
    groups = [[stmt(f"{inp} = {input_text}", lead, input_trailing)]] + [[] for _ in adds]
    if nested and not layers:
        groups[0].append(stmt(f"{x} = {inp}"))
    for k, item in enumerate(layers):
        var = out if k == len(layers) - 1 else x
        prev = inp if k == 0 else x
        groups[origin[k]].append(stmt(f"{var} = {call_text(ctx, item.value, prev)}", item.leading, item.trailing))
    extra = "".join(f", {key}={ctx.code(kwargs[key].value)}" for key in ("name", "trainable") if key in kwargs)
    model_call = f"{model_fn}(inputs={inp}, outputs={out}{extra})"
    model_text = f"{target} = {model_call}" if target else f"return {model_call}"
    model_stmt = stmt(model_text, tail, None if adds else node.trailing_whitespace)
    if nested:
        for n, item in zip(nested, inner):
            new = stmt(f"{x} = {call_text(ctx, item.value, x)}", item.leading, item.trailing)
            ctx.replacements[id(n)] = [new]
        ctx.after[id(holder)] = [model_stmt]
    else:
        groups[-1].append(model_stmt)
    # never lose a comment; the safety net adds to the final statement only
    if groups[-1]:
        groups[-1] = keep_comments([node, *adds], [s for g in groups for s in g])[-len(groups[-1]) :]
    return groups


def _input(ctx, first, items: list, input_fn: str, ir, name: str):
    """The text of the new Input call, and the layers that follow it."""
    value = first.value if first is not None else None
    kind = ctx.imports.kind(value.func) if isinstance(value, cst.Call) else None
    if kind == "input":
        return ctx.code(value), items[1:]
    if kind == "inputlayer":
        args = []
        for arg in value.args:
            if arg.keyword is not None and arg.keyword.value in INPUT_RENAMES:
                arg = arg.with_changes(keyword=cst.Name(INPUT_RENAMES[arg.keyword.value]))
            args.append(arg)
        new = value.with_changes(func=cst.parse_expression(input_fn), args=args)
        return ctx.code(new), items[1:]
    if isinstance(value, cst.Call):
        for key, wrap in (("input_shape", False), ("input_dim", True)):
            if key == "input_dim" and last_name(value.func) in OWN_INPUT_DIM:
                continue
            index, arg = keyword(value, key)
            if arg is not None:
                shape = ctx.code(arg.value)
                shape = f"({shape},)" if wrap else shape
                stripped = Item(without_arg(value, index), first.leading, first.trailing)
                return f"{input_fn}(shape={shape})", [stripped, *items[1:]]
    # The engine's inferred shape only for a layer defined elsewhere: a call here we read ourselves.
    shape = ctx.input_shape or (None if isinstance(value, cst.Call) else _inferred_shape(ir))
    built = _build_call_shape(ctx, name) if shape is None else None
    if built is not None:  # `model.build((None, 784))` later: the functional model is built at once
        return f"{input_fn}(shape={built})", items
    if shape is not None:  # --input-shape, or what the engine inferred from elsewhere in the file
        dims = ", ".join("None" if d is None else str(d) for d in shape)
        return f"{input_fn}(shape=({dims}{',' if len(shape) == 1 else ''}))", items
    raise Refused(_no_shape(name))


def _build_call_shape(ctx, name: str):
    """The source of the shape in ``name.build((None, ...))``, minus the batch axis."""
    shapes = set()
    for node in walk(ctx.module):
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "build"
            and isinstance(node.func.value, cst.Name)
            and node.func.value.value == name
            and len(node.args) == 1
            and isinstance(node.args[0].value, (cst.Tuple, cst.List))
            and len(node.args[0].value.elements) >= 2
        ):
            rest = [ctx.code(e.value) for e in node.args[0].value.elements[1:]]
            shapes.add(f"({rest[0]},)" if len(rest) == 1 else "(" + ", ".join(rest) + ")")
    return shapes.pop() if len(shapes) == 1 else None


def _inferred_shape(ir):
    """The input shape of a built Sequential, when every axis is a plain int or None."""
    if ir is True or ir is None or not ir.built or not ir.inputs:
        return None
    shapes = ir.node(ir.inputs[0].node).output_shapes
    shape = shapes[0] if shapes else None
    if not isinstance(shape, tuple) or not shape or any(not (d is None or isinstance(d, int)) for d in shape):
        return None
    return shape[1:]


def _no_shape(name: str) -> str:
    return f"KG101: the Sequential model `{name}` has no input shape, so it stays unbuilt; add `Input(shape=...)` " \
           "as its first layer, or pass --input-shape"
