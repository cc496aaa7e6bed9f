"""Functional -> Sequential, for a single chain from one Input to one output:

    inputs = Input(shape=(4,))
    x = Dense(8)(inputs)
    outputs = Dense(1)(x)
    model = Model(inputs=inputs, outputs=outputs)
becomes
    model = Sequential([
        Input(shape=(4,)),
        Dense(8),
        Dense(1),
    ])
The chain's statements go; the Sequential takes the Model statement's place.
"""

from __future__ import annotations

import libcst as cst

from .context import Outcome, Refused
from .context import located as _located
from .cstutil import assigned_call, simple
from .imports import sibling
from .names import last_name, layer_index_use, reads, stores, walk

CONTROL_FLOW = {cst.If: "an `if`", cst.For: "a `for` loop", cst.While: "a `while` loop", cst.With: "a `with`",
                cst.Try: "a `try`"}
COUNT = {2: "two", 3: "three", 4: "four"}


def rewrite(ctx, body, only=None, owner=None) -> list:
    outcomes = []
    for index, node in enumerate(body):
        target, call = assigned_call(node)
        ir = ctx.model_ir(call, "functional") if call is not None else None
        if ir is None:
            continue
        name = target or (owner.name.value if owner else "model")
        if only and name != only:
            continue
        state = ctx.import_plan.snapshot()
        try:
            if ir is not True:
                _check_graph(ir)
            plan = _plan(ctx, body, index, target, call)
        except Refused as exc:
            ctx.import_plan.restore(state)
            outcomes.append(Outcome(name, ctx.line(node), "functional", "sequential", False, str(exc), _located(ir)))
            continue
        ctx.replacements.update(plan)
        outcomes.append(Outcome(name, ctx.line(node), "functional", "sequential", True, located=_located(ir)))
    return outcomes


def _check_graph(ir):
    """Why the engine's graph is not one chain, naming the node that prevents it."""
    if len(ir.inputs) != 1:
        raise Refused(f"it has {len(ir.inputs)} inputs; a Sequential model has one")
    if len(ir.outputs) != 1:
        raise Refused(f"it has {len(ir.outputs)} outputs; a Sequential model has one")
    nodes = ir.nodes()
    for node in nodes:  # merges first: they are the usual reason and the clearest to name
        if len(node.inputs) > 1:
            n = len(node.inputs)
            raise Refused(f"the {node.cls}{_at(node)} joins {COUNT.get(n, n)} branches")
    calls: dict = {}
    for node in nodes:
        if node.kind != "input":
            calls.setdefault(node.layer_key, []).append(node)
    for same in calls.values():
        if len(same) > 1:
            where = same[0].span
            made = f" made at line {where.line}" if where else ""
            raise Refused(f"the {same[0].cls}{made} is called {COUNT.get(len(same), len(same))} times (shared weights)")
    for node in nodes:
        fanout = ir.graph.out_degree(node.id)
        if fanout > 1:
            n = COUNT.get(fanout, fanout)
            raise Refused(f"the output of the {node.cls}{_at(node)} feeds {n} layers (a branch)")
        if node.kind == "op":
            raise Refused(f"`{node.cls}`{_at(node)} is not a layer")


def _at(node) -> str:
    where = node.call_span or node.span
    return f" at line {where.line}" if where else ""


def _single(expr, what):
    if isinstance(expr, (cst.List, cst.Tuple)):
        if len(expr.elements) != 1:
            raise Refused(f"it has {len(expr.elements)} {what}s; a Sequential model has one")
        return expr.elements[0].value
    if isinstance(expr, cst.Dict):
        raise Refused(f"its {what}s are a dict; a Sequential model has one unnamed {what}")
    return expr


def _assignment(body, name, before):
    for j in range(before - 1, -1, -1):
        small = simple(body[j])
        if name in stores(body[j]):
            plain = isinstance(small, cst.Assign) and len(small.targets) == 1
            if plain and isinstance(small.targets[0].target, cst.Name):
                return j, small.value
            raise Refused(f"`{name}` is bound by a statement other than a plain assignment")
    return None, None


def _chain(ctx, body, index, out_expr):
    """Walk back from the output to the Input: [(layer expr, call, stmt index)], input info."""
    steps, tensor, before, stmt_of = [], out_expr, index, index
    while True:
        if isinstance(tensor, cst.Name):
            j, value = _assignment(body, tensor.value, before)
            if j is None:
                raise Refused(f"`{tensor.value}` is not computed earlier in the same block")
            tensor, before, stmt_of = value, j, j
            if isinstance(value, cst.Call) and ctx.imports.kind(value.func) == "input":
                return steps, j
            continue
        if not isinstance(tensor, cst.Call):
            raise Refused(f"`{ctx.code(tensor)}` at line {ctx.line(tensor)} is not a layer call")
        layer = tensor.func
        cls = last_name(layer.func) if isinstance(layer, cst.Call) else last_name(layer)
        kind = ctx.imports.kind(layer.func if isinstance(layer, cst.Call) else layer)
        line = ctx.line(tensor)
        tensors = [a for a in tensor.args if a.keyword is None]
        joined = [e for a in tensors for e in (a.value.elements if isinstance(a.value, (cst.List, cst.Tuple)) else [a])]
        if kind == "merge" or len(joined) > 1:
            n = len(joined)
            raise Refused(f"the {cls} at line {line} joins {COUNT.get(n, n)} branches")
        if kind in ("op", "other") or (not isinstance(layer, cst.Call) and kind not in (None, "layer", "model")):
            raise Refused(f"`{ctx.code(layer)}` at line {line} is not a layer")
        extra = [a.keyword.value for a in tensor.args if a.keyword is not None]
        if extra or len(tensors) != 1 or isinstance(tensors[0].value, (cst.List, cst.Tuple)):
            why = f"with `{extra[0]}=`" if extra else "with a list"
            raise Refused(f"the {cls} at line {line} is called {why}, which a Sequential model cannot pass")
        steps.append((layer, tensor, stmt_of))
        tensor = tensors[0].value


def _plan(ctx, body, index, target, call) -> dict:
    if any(a.star for a in call.args):
        raise Refused("Model() is given *args or **kwargs, which Sequential may not accept")
    positional = [a.value for a in call.args if a.keyword is None]
    kwargs = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    unknown = set(kwargs) - {"inputs", "outputs", "name", "trainable"}
    if unknown or len(positional) > 2:
        raise Refused(f"Model() is given arguments Sequential has no place for: {sorted(unknown)}")
    named = dict(zip(("inputs", "outputs"), positional))
    named.update({k: v for k, v in kwargs.items() if k in ("inputs", "outputs")})
    if "inputs" not in named or "outputs" not in named:
        raise Refused("its inputs and outputs are not both given")
    inputs = _single(named["inputs"], "input")
    outputs = _single(named["outputs"], "output")
    steps, input_index = _chain(ctx, body, index, outputs)
    steps.reverse()
    input_stmt = body[input_index]
    input_var = simple(input_stmt).targets[0].target.value
    if not (isinstance(inputs, cst.Name) and inputs.value == input_var):
        raise Refused("its input is not the Input its chain starts from")
    if not steps:
        raise Refused("it has no layers")
    layer_vars = [ctx.code(layer) for layer, _, _ in steps if not isinstance(layer, cst.Call)]
    for name in layer_vars:
        if layer_vars.count(name) > 1:
            raise Refused(f"the layer `{name}` is called {layer_vars.count(name)} times (shared weights)")

    chain = sorted({input_index, *(s for _, _, s in steps if s != index)})  # inline calls live in Model(...)
    chain_vars = set().union(*(stores(body[j]) for j in chain))
    layer_reads = set().union(*(reads(layer) for layer, _, _ in steps))
    live = set(chain_vars)
    for j in range(chain[0], len(body)):
        if j in chain or j == index:
            continue
        used = reads(body[j]) & live
        if used and (j < index or used - stores(body[j]) or not _only_stores(body[j], used)):
            flow = CONTROL_FLOW.get(type(body[j]))
            if flow:
                where = ctx.line(body[j])
                raise Refused(f"`{sorted(used)[0]}` passes through {flow} at line {where} (Python control flow)")
            raise Refused(f"`{sorted(used)[0]}` is also used at line {ctx.line(body[j])}, outside the chain")
        if j < index and stores(body[j]) & layer_reads:
            raise Refused(f"line {ctx.line(body[j])} changes a name its layers use")
        live -= stores(body[j])

    for node in walk(ctx.module) if target else ():
        if (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == target
                and node.attr.value in ("input", "output")):
            raise Refused(f"`{target}.{node.attr.value}` is read at line {ctx.line(node)}, and a Keras 3 "
                          f"Sequential model has no .{node.attr.value} (KG106)")
    indexed = layer_index_use(ctx.module, target) if target else None
    if indexed is not None:
        raise Refused(f"`{ctx.code(indexed)}` is read at line {ctx.line(indexed)}: a Functional model lists "
                      "its InputLayer in .layers, a Sequential one does not")
    seq_fn = sibling(call.func, ctx.imports, ctx.import_plan, "Sequential")
    if seq_fn is None:
        raise Refused("cannot tell how this file would import Sequential")
    return _emit(ctx, body, index, target, call, kwargs, steps, chain, seq_fn)


def _only_stores(stmt, names) -> bool:
    """``x = Dense(3)(inputs2)`` rebinds x without reading it."""
    small = simple(stmt)
    return isinstance(small, cst.Assign) and not (reads(small.value) & names)


def _emit(ctx, body, index, target, call, kwargs, steps, chain, seq_fn) -> dict:
    node = body[index]
    indent = ""  # libcst re-adds the block's indentation to bracketed lines
    lines = []
    elements = [(simple(body[chain[0]]).value, chain[0])] + [(layer, s) for layer, _, s in steps]
    for k, (expr, j) in enumerate(elements):
        if k > 0 and elements[k - 1][1] != j and j != index:  # a statement's comments go with its first layer
            for empty in body[j].leading_lines:
                lines.append(f"{indent}    {empty.comment.value}" if empty.comment else "")
        text = f"{indent}    {ctx.code(expr)},"
        last_of_stmt = k == len(elements) - 1 or elements[k + 1][1] != j
        comment = body[j].trailing_whitespace.comment
        if last_of_stmt and comment is not None and j != index:
            text += f"  {comment.value}"
        lines.append(text)
    for empty in node.leading_lines:  # comments between the chain and Model(...)
        if empty.comment:
            lines.append(f"{indent}    {empty.comment.value}")
    extra = "".join(f", {k}={ctx.code(kwargs[k])}" for k in ("name", "trainable") if k in kwargs)
    head = f"{target} = " if target else "return "
    text = f"{head}{seq_fn}([\n" + "\n".join(lines) + f"\n{indent}]{extra})\n"
    new = cst.parse_statement(text).with_changes(
        leading_lines=body[chain[0]].leading_lines, trailing_whitespace=node.trailing_whitespace
    )
    plan = {id(body[j]): [] for j in chain}
    plan[id(node)] = [new]
    return plan
