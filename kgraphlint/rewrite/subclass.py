"""Subclass -> Functional, when ``call`` is straight-line code over layers
made in ``__init__``. The class becomes a builder function of the same name
and signature, so ``MyModel(units=8)`` call sites keep working:

    def MyModel(units=30, **kwargs):
        inputs = Input(shape=(28, 28))
        x = Dense(units)(inputs)
        return Model(inputs=inputs, outputs=x, **kwargs)
"""

from __future__ import annotations

import libcst as cst

from .context import Outcome, Refused
from .context import located as _located
from .cstutil import keep_comments, simple, stmt
from .imports import input_spelling
from .names import dotted, reads, walk

COMPOUND = {cst.If: "an `if`", cst.For: "a `for` loop", cst.While: "a `while` loop", cst.Try: "a `try`",
            cst.With: "a `with`"}
ALLOWED_METHODS = {"__init__", "call"}


def rewrite(ctx, body, only=None) -> list:
    outcomes = []
    for node in body:
        if not isinstance(node, cst.ClassDef):
            continue
        ir = ctx.model_ir(node, "subclass")
        if ir is None:
            continue
        name = node.name.value
        if only and name != only:
            continue
        state = ctx.import_plan.snapshot()
        try:
            new = _plan(ctx, node, body, ir)
        except Refused as exc:
            ctx.import_plan.restore(state)
            outcomes.append(Outcome(name, ctx.line(node), "subclass", "functional", False, str(exc), _located(ir)))
            continue
        ctx.replacements[id(node)] = [new]
        outcomes.append(Outcome(name, ctx.line(node), "subclass", "functional", True, located=_located(ir)))
    return outcomes


def _methods(ctx, node) -> dict:
    methods = {}
    for item in node.body.body:
        if isinstance(item, cst.FunctionDef):
            if item.name.value not in ALLOWED_METHODS:
                raise Refused(f"it defines `{item.name.value}`, which a functional model cannot keep")
            if item.decorators:
                raise Refused(f"`{item.name.value}` is decorated")
            methods[item.name.value] = item
        elif not _docstring(item):
            raise Refused(f"its class body has more than methods (line {ctx.line(item)})")
    if node.decorators:
        raise Refused("the class is decorated")
    if set(methods) != ALLOWED_METHODS:
        raise Refused("it does not define both `__init__` and `call`")
    return methods


def _docstring(item) -> bool:
    small = simple(item)
    return isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))


def _self_attr(expr):
    if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and expr.value.value == "self":
        return expr.attr.value
    return None


def _layers(ctx, init) -> tuple:
    """{attr: constructor Call} in creation order, and the super().__init__ args."""
    layers, super_args = {}, []
    for item in init.body.body:
        small = simple(item)
        if _docstring(item):
            continue
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            func = small.value.func
            if isinstance(func, cst.Attribute) and func.attr.value == "__init__" and isinstance(func.value, cst.Call) \
                    and dotted(func.value.func) == "super":
                super_args = list(small.value.args)
                continue
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            attr = _self_attr(small.targets[0].target)
            if attr and isinstance(small.value, cst.Call) and ctx.imports.kind(small.value.func) not in ("op", "input"):
                if "self" in reads(small.value):
                    raise Refused(f"`self.{attr}` (line {ctx.line(item)}) is built from other attributes")
                layers[attr] = small.value
                continue
            if attr:
                raise Refused(f"`self.{attr}` (line {ctx.line(item)}) is not one layer made by a constructor call")
        raise Refused(f"`__init__` does more than create layers (line {ctx.line(item)})")
    return layers, super_args


def _check_call(ctx, call, layers) -> str:
    params = call.params
    if params.star_arg not in (cst.MaybeSentinel.DEFAULT, None) or params.star_kwarg or params.kwonly_params:
        raise Refused("`call` takes *args or keyword-only arguments")
    names = [p.name.value for p in params.params]
    if len(names) < 2:
        raise Refused("`call` takes no input")
    extra = set(names[2:])
    for item in call.body.body:
        for kind, what in COMPOUND.items():
            if isinstance(item, kind):
                raise Refused(f"`call` has {what} at line {ctx.line(item)} (Python control flow on tensors)")
        small = simple(item)
        if _docstring(item):
            continue
        if not isinstance(small, (cst.Assign, cst.Return)):
            raise Refused(f"`call` line {ctx.line(item)} is not a plain assignment or return")
        used = reads(small) & extra
        if used:
            raise Refused(f"`call` uses its `{sorted(used)[0]}` argument (line {ctx.line(item)})")
        for node in walk(small):
            attr = _self_attr(node)
            if attr is not None and attr not in layers:
                raise Refused(f"`call` uses `self.{attr}`, which is not a layer made in `__init__`")
            if isinstance(node, cst.Call) and _self_attr(node.func) is None:
                kind = ctx.imports.kind(node.func)
                if kind not in ("op", "layer", "merge") and not isinstance(node.func, cst.Call):
                    raise Refused(f"`call` calls `{ctx.code(node.func)}` at line {ctx.line(node)}, not a layer")
    return names[1]


def _shape(ctx, cls: str, ir):
    """From --input-shape, or ``m.build((None, ...))`` on an instance in the file."""
    if ctx.input_shape is not None:
        dims = ", ".join("None" if d is None else str(d) for d in ctx.input_shape)
        return f"({dims},)" if len(ctx.input_shape) == 1 else f"({dims})"
    instances = set()
    for node in walk(ctx.module):
        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Call) and dotted(node.value.func) == cls:
            instances |= {t.target.value for t in node.targets if isinstance(t.target, cst.Name)}
    shapes = set()
    for node in walk(ctx.module):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "build" \
                and dotted(node.func.value) in instances and node.args:
            shape = node.args[0].value
            if isinstance(shape, (cst.Tuple, cst.List)) and len(shape.elements) >= 2:
                rest = [ctx.code(e.value) for e in shape.elements[1:]]
                shapes.add(f"({rest[0]},)" if len(rest) == 1 else "(" + ", ".join(rest) + ")")
    if len(shapes) == 1:
        return shapes.pop()
    if shapes:
        raise Refused("its instances are built with different input shapes")
    inferred = _inferred(ir)
    if inferred:
        return inferred
    raise Refused("its input shape is unknown (no `.build(...)` of an instance); pass --input-shape")


def _call_order(node) -> list:
    """Layer attributes in the order their calls run (arguments first): weights are made then."""
    out = []
    for child in node.children:
        out += _call_order(child)
    if isinstance(node, cst.Call) and _self_attr(node.func):
        out.append(_self_attr(node.func))
    return out


def _inferred(ir):
    if ir is True or not ir.inputs:
        return None
    shapes = ir.node(ir.inputs[0].node).output_shapes
    shape = shapes[0] if shapes else None
    if not isinstance(shape, tuple) or len(shape) < 2 or any(not (d is None or isinstance(d, int)) for d in shape[1:]):
        return None
    dims = ", ".join("None" if d is None else str(d) for d in shape[1:])
    return f"({dims},)" if len(shape) == 2 else f"({dims})"


class _Inline(cst.CSTTransformer):
    """``self.dense(x)`` -> ``Dense(8)(x)`` (or the hoisted local for a shared layer)."""

    def __init__(self, layers, hoisted):
        self.layers, self.hoisted = layers, hoisted

    def leave_Attribute(self, original, updated):
        attr = _self_attr(original)
        if attr is None:
            return updated
        if attr in self.hoisted:
            return cst.Name(self.hoisted[attr])
        return self.layers[attr]


def _plan(ctx, node, module_body, ir):
    methods = _methods(ctx, node)
    layers, super_args = _layers(ctx, methods["__init__"])
    call = methods["call"]
    input_name = _check_call(ctx, call, layers)
    uses = {}
    for item in call.body.body:
        for n in walk(item):
            attr = _self_attr(n)
            if attr:
                uses[attr] = uses.get(attr, 0) + 1
    unused = [a for a in layers if a not in uses]
    if unused:
        raise Refused(f"`self.{unused[0]}` is made in `__init__` but never used in `call`")
    order = [a for a in layers]
    first_use = []
    for item in call.body.body:
        for attr in _call_order(item):
            if attr not in first_use:
                first_use.append(attr)
    if first_use != order:
        # weights would be created in another order than the subclass creates them
        raise Refused("`call` uses its layers in another order than `__init__` creates them")
    base = next(b.value for b in node.bases if ctx.imports.kind(b.value) == "model")
    callees = [c.func for c in layers.values()]
    input_fn = input_spelling(base, callees, ctx.imports, ctx.import_plan)
    if input_fn is None:
        raise Refused("cannot tell how this file would import Input")
    shape = _shape(ctx, node.name.value, ir)

    taken = reads(call) | reads(methods["__init__"])
    hoisted = {}
    for attr in layers:
        if uses[attr] > 1:
            local = attr if attr not in taken else f"{attr}_layer"
            hoisted[attr] = local
    statements = [stmt(f"{input_name} = {input_fn}(shape={shape})")]
    for attr, local in hoisted.items():
        statements.append(stmt(f"{local} = {ctx.code(layers[attr])}"))
    inline = _Inline(layers, hoisted)
    returned = None
    for item in call.body.body:
        if _docstring(item):
            continue
        small = simple(item)
        if isinstance(small, cst.Return):
            value = small.value.visit(inline)
            if isinstance(value, cst.Name):
                returned = value.value
            else:
                returned = "outputs" if "outputs" not in taken else "model_outputs"
                statements.append(
                    item.with_changes(body=[cst.Assign([cst.AssignTarget(cst.Name(returned))], value)])
                )
            trailing_lines = list(item.leading_lines)
            continue
        statements.append(item.visit(inline))
    if returned is None:
        raise Refused("`call` does not return a tensor")
    forward = "".join(", " + ctx.code(a.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for a in super_args)
    model_call = f"{ctx.code(base)}(inputs={input_name}, outputs={returned}{forward})"
    statements.append(stmt(f"return {model_call}", trailing_lines))
    statements = keep_comments([node], statements)
    params = methods["__init__"].params
    params = params.with_changes(params=params.params[1:])
    if params.params and not params.star_arg and not params.kwonly_params and not params.star_kwarg:
        last = params.params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        params = params.with_changes(params=[*params.params[:-1], last])
    return cst.FunctionDef(
        name=node.name,
        params=params,
        body=cst.IndentedBlock(body=statements),
        leading_lines=node.leading_lines,
    )
