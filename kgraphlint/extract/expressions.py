"""Expressions: literals, names, arithmetic, containers, attributes."""

from __future__ import annotations

import ast
import operator

import libcst as cst

from ..dims import UNKNOWN, Expr, Unknown, is_int
from .values import (
    Builtin, ClassVal, FuncModel, Function, Instance, LayerObj, Method, OpaqueModel,
    Ref, SeqModel, Tensor,
)

_BINOPS = {
    cst.Add: operator.add, cst.Subtract: operator.sub, cst.Multiply: operator.mul,
    cst.FloorDivide: operator.floordiv, cst.Divide: operator.truediv, cst.Modulo: operator.mod,
    cst.Power: operator.pow, cst.AddAssign: operator.add, cst.SubtractAssign: operator.sub,
    cst.MultiplyAssign: operator.mul, cst.FloorDivideAssign: operator.floordiv,
    cst.DivideAssign: operator.truediv, cst.ModuloAssign: operator.mod, cst.PowerAssign: operator.pow,
}
# Keras 3 turns `x + y` on symbolic tensors into ops that take an auto name.
_TENSOR_OPS = {
    operator.add: "Add", operator.sub: "Subtract", operator.mul: "Multiply",
    operator.truediv: "TrueDivide", operator.floordiv: "FloorDivide", operator.pow: "Power",
    operator.mod: "Mod",
}
_COMPARE = {
    cst.Equal: operator.eq, cst.NotEqual: operator.ne, cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le, cst.GreaterThan: operator.gt, cst.GreaterThanEqual: operator.ge,
    cst.In: lambda a, b: a in b, cst.NotIn: lambda a, b: a not in b,
    cst.Is: operator.is_, cst.IsNot: operator.is_not,
}
_PLAIN = (int, float, str, bool, type(None))


def concrete(v) -> bool:
    """A plain Python value we may compute with."""
    if isinstance(v, _PLAIN):
        return True
    if isinstance(v, (tuple, list)):
        return all(concrete(x) for x in v)
    if isinstance(v, dict):
        return all(concrete(x) for x in v.values())
    return False


class ExprMixin:
    def eval(self, node, env):
        try:
            return self._eval(node, env)
        except RecursionError:
            return UNKNOWN

    def _eval(self, node, env):
        if isinstance(node, cst.Integer):
            return ast.literal_eval(node.value)
        if isinstance(node, cst.Float):
            return float(node.value.replace("_", ""))
        if isinstance(node, cst.Imaginary):
            return UNKNOWN
        if isinstance(node, cst.SimpleString):
            return node.evaluated_value if not isinstance(node.evaluated_value, bytes) else UNKNOWN
        if isinstance(node, cst.ConcatenatedString):
            left, right = self.eval(node.left, env), self.eval(node.right, env)
            return left + right if isinstance(left, str) and isinstance(right, str) else UNKNOWN
        if isinstance(node, cst.FormattedString):
            return self.fstring(node, env)
        if isinstance(node, cst.Name):
            if node.value in ("True", "False", "None"):
                return {"True": True, "False": False, "None": None}[node.value]
            return self.lookup(node.value, env, node)
        if isinstance(node, cst.Tuple):
            return tuple(self.elements(node.elements, env))
        if isinstance(node, cst.List):
            return list(self.elements(node.elements, env))
        if isinstance(node, cst.Set):
            return UNKNOWN
        if isinstance(node, cst.Dict):
            out = {}
            for el in node.elements:
                if isinstance(el, cst.DictElement):
                    key = self.eval(el.key, env)
                    try:
                        out[key] = self.eval(el.value, env)
                    except TypeError:
                        return UNKNOWN
                else:
                    extra = self.eval(el.value, env)
                    if not isinstance(extra, dict):
                        return UNKNOWN
                    out.update(extra)
            return out
        if isinstance(node, cst.BinaryOperation):
            return self.binop(self.eval(node.left, env), node.operator, self.eval(node.right, env), node)
        if isinstance(node, cst.UnaryOperation):
            return self.unary(node, self.eval(node.expression, env))
        if isinstance(node, cst.BooleanOperation):
            left = self.eval(node.left, env)
            t = self.truth(left)
            if t is None:
                return UNKNOWN
            if isinstance(node.operator, cst.And):
                return self.eval(node.right, env) if t else left
            return left if t else self.eval(node.right, env)
        if isinstance(node, cst.Comparison):
            return self.compare(node, env)
        if isinstance(node, cst.IfExp):
            t = self.truth(self.eval(node.test, env))
            if t is not None:
                return self.eval(node.body if t else node.orelse, env)
            # Unknown condition: a plain value is only known when both sides agree
            # (`1 if channels_first else -1` must not become 1); tensors keep the body.
            body = self.eval(node.body, env)
            if isinstance(body, (int, float, str, bool, tuple, type(None))):
                orelse = self.eval(node.orelse, env)
                return body if orelse == body and type(orelse) is type(body) else UNKNOWN
            return body
        if isinstance(node, cst.Attribute):
            return self.attribute(self.eval(node.value, env), node.attr.value, node, env)
        if isinstance(node, cst.Subscript):
            return self.subscript(node, env)
        if isinstance(node, cst.Call):
            return self.call(node, env)
        if isinstance(node, (cst.ListComp, cst.GeneratorExp)):
            return self.comprehension(node, env)
        if isinstance(node, cst.Lambda):
            return Function(node, env, "<lambda>")
        if isinstance(node, cst.NamedExpr):
            value = self.eval(node.value, env)
            self.assign(node.target, value, env)
            return value
        return UNKNOWN

    def elements(self, elements, env) -> list:
        out = []
        for el in elements:
            if isinstance(el, cst.StarredElement):
                items = self.iterate(self.eval(el.value, env))
                if items is None:
                    return [UNKNOWN]
                out.extend(items)
            else:
                out.append(self.eval(el.value, env))
        return out

    def fstring(self, node, env):
        parts = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
                continue
            value = self.eval(part.expression, env)
            if not concrete(value):
                return UNKNOWN
            spec = ""
            if part.format_spec:
                spec = "".join(p.value for p in part.format_spec if isinstance(p, cst.FormattedStringText))
            try:
                conv = {"r": repr, "s": str, "a": ascii}.get(part.conversion or "", None)
                parts.append(format(conv(value) if conv else value, spec))
            except Exception:
                return UNKNOWN
        return "".join(parts)

    # -- operators -----------------------------------------------------------
    def binop(self, left, op, right, node=None):
        fn = _BINOPS.get(type(op))
        if fn is None:
            return UNKNOWN
        if isinstance(left, Tensor) or isinstance(right, Tensor):
            return self.tensor_op(_TENSOR_OPS.get(fn, "Op"), [left, right], node, counted=True, elementwise=True)
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return UNKNOWN
        if fn is operator.add and type(left) is type(right) and isinstance(left, (list, tuple)):
            return left + right  # layer lists: [Input(...)] + [Dense(n) for n in sizes]
        if fn is operator.mul and isinstance(left, (list, tuple)) and is_int(right) and 0 <= right <= 1000:
            return left * right
        symbolic = isinstance(left, Expr) or isinstance(right, Expr)
        if symbolic:
            if fn in (operator.add, operator.sub, operator.mul) or (
                fn is operator.floordiv and is_int(right)
            ):
                if (is_int(left) or isinstance(left, Expr)) and (is_int(right) or isinstance(right, Expr)):
                    try:
                        return fn(left, right)
                    except Exception:
                        return UNKNOWN
            return UNKNOWN
        if concrete(left) and concrete(right):
            try:
                if fn is operator.pow and is_int(right) and abs(right) > 64:
                    return UNKNOWN
                if fn is operator.mul and isinstance(left, (str, list, tuple)) and is_int(right) and right > 10000:
                    return UNKNOWN
                return fn(left, right)
            except Exception:
                return UNKNOWN
        return UNKNOWN

    def unary(self, node, value):
        if isinstance(node.operator, cst.Not):
            t = self.truth(value)
            return UNKNOWN if t is None else (not t)
        if isinstance(value, Tensor):
            return self.tensor_op("Negative", [value], node, counted=True)
        if isinstance(node.operator, cst.Minus) and (isinstance(value, (int, float, Expr)) and not isinstance(value, bool)):
            return -value
        if isinstance(node.operator, cst.Plus) and isinstance(value, (int, float, Expr)):
            return value
        return UNKNOWN

    def compare(self, node, env):
        left = self.eval(node.left, env)
        result = True
        for target in node.comparisons:
            right = self.eval(target.comparator, env)
            fn = _COMPARE.get(type(target.operator))
            if fn is None or not (concrete(left) or fn in (operator.is_, operator.is_not)):
                return UNKNOWN
            if fn not in (operator.is_, operator.is_not) and not concrete(right):
                return UNKNOWN
            if fn in (operator.is_, operator.is_not) and not (left is None or right is None):
                if not (concrete(left) and concrete(right)):
                    return UNKNOWN
            try:
                if not fn(left, right):
                    result = False
            except Exception:
                return UNKNOWN
            left = right
        return result

    # -- containers ------------------------------------------------------------
    def iterate(self, value):
        """A list of items when the iterable is known, else None."""
        if isinstance(value, (list, tuple)):
            return list(value)
        if isinstance(value, dict):
            return list(value.keys())
        if isinstance(value, str):
            return list(value)
        return None

    def subscript(self, node, env):
        value = self.eval(node.value, env)
        if len(node.slice) != 1:
            return UNKNOWN if not isinstance(value, Tensor) else self.tensor_op("GetItem", [value], node)
        sl = node.slice[0].slice
        if isinstance(sl, cst.Index):
            index = self.eval(sl.value, env)
            if isinstance(value, Tensor):
                if is_int(index):  # a multi-output layer's i-th output
                    from ..graph import TensorRef
                    node_obj = self.tape.nodes.get(value.ref.node)
                    if node_obj is not None and node_obj.kind != "input" and value.ref.index == 0 \
                            and getattr(node_obj, "_multi", False):
                        return Tensor(TensorRef(value.ref.node, index))
                return self.tensor_op("GetItem", [value], node)
            if isinstance(value, (list, tuple, str)) and is_int(index):
                try:
                    return value[index]
                except IndexError:
                    return UNKNOWN
            if isinstance(value, dict):
                try:
                    return value.get(index, UNKNOWN)
                except TypeError:
                    return UNKNOWN
            return UNKNOWN
        if isinstance(sl, cst.Slice):
            if isinstance(value, Tensor):
                return self.tensor_op("GetItem", [value], node)
            parts = [self.eval(p, env) if p is not None else None for p in (sl.lower, sl.upper, sl.step)]
            if isinstance(value, (list, tuple, str)) and all(p is None or is_int(p) for p in parts):
                try:
                    return value[slice(*parts)]
                except ValueError:
                    return UNKNOWN
        return UNKNOWN

    def comprehension(self, node, env):
        from .interpreter import MAX_LOOP, Env

        local = Env(env)
        out: list = []

        def walk(comp, depth):
            if len(out) > MAX_LOOP:
                return False
            items = self.iterate(self.eval(comp.iter, local))
            if items is None:
                return False
            for item in items:
                self.assign(comp.target, item, local)
                ok = True
                for cond in comp.ifs:
                    t = self.truth(self.eval(cond.test, local))
                    if t is None:
                        return False
                    ok = ok and t
                if not ok:
                    continue
                if comp.inner_for_in is not None:
                    if walk(comp.inner_for_in, depth + 1) is False:
                        return False
                else:
                    out.append(self.eval(node.elt, local))
            return True

        if walk(node.for_in, 0) is False:
            return UNKNOWN
        return out

    # -- binding ---------------------------------------------------------------
    def assign(self, target, value, env) -> None:
        if isinstance(target, cst.Name):
            if isinstance(value, Unknown):  # known only by name from here on
                value = Expr.symbol(target.value)
            env.vars[target.value] = value
            self.name_models(value, target.value, force=False, env=env)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = [el.value for el in target.elements]
            items = self.unpack(value, len(elements))
            for el, item in zip(elements, items):
                if isinstance(el, cst.StarredElement):
                    self.assign(el.value, [UNKNOWN] if item is UNKNOWN else item, env)
                else:
                    self.assign(el, item, env)
        elif isinstance(target, cst.Attribute):
            owner = self.eval(target.value, env)
            self.set_attribute(owner, target.attr.value, value, target)
        elif isinstance(target, cst.Subscript):
            owner = self.eval(target.value, env)
            if len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
                key = self.eval(target.slice[0].slice.value, env)
                try:
                    if isinstance(owner, dict):
                        owner[key] = value
                    elif isinstance(owner, list) and is_int(key):
                        owner[key] = value
                except Exception:
                    pass

    def unpack(self, value, n: int) -> list:
        if isinstance(value, (list, tuple)) and len(value) == n:
            return list(value)
        if isinstance(value, Tensor):  # a layer with several outputs
            from ..graph import TensorRef

            node = self.tape.nodes.get(value.ref.node)
            if node is not None:
                node._multi = True
            return [Tensor(TensorRef(value.ref.node, i)) for i in range(n)]
        return [UNKNOWN] * n

    def set_attribute(self, owner, attr: str, value, node) -> None:
        if attr == "trainable" and value is False:
            self.freeze(owner)
            return
        if isinstance(owner, Instance):
            owner.attrs[attr] = value
            self.track(owner, value)
        elif isinstance(owner, LayerObj) and owner.instance is not None:
            owner.instance.attrs[attr] = value

    def name_models(self, value, name: str, force: bool, env=None) -> None:
        """Give a model the name of the variable it is first bound to; a model
        a builder returns takes the module-level variable it lands in."""
        models = value if isinstance(value, (list, tuple)) else [value]
        for v in models:
            if not isinstance(v, (SeqModel, FuncModel, Instance)) or v.ir is None:
                continue
            rebound = env is self.globals and v.ir.function is not None and not getattr(v, "module_named", False)
            if force or not v.named or rebound:
                v.ir.name = name
                v.named = True
                if rebound:
                    v.module_named = True

    # -- attributes ------------------------------------------------------------
    def attribute(self, owner, attr: str, node, env):
        if isinstance(owner, Ref):
            return Ref(f"{owner.path}.{attr}")
        if isinstance(owner, (SeqModel, FuncModel, OpaqueModel)) or (
            isinstance(owner, Instance) and owner.cls.role == "model" and attr not in owner.attrs
            and attr not in owner.cls.methods
        ):
            return self.model_attribute(owner, attr, node)
        if isinstance(owner, Instance):
            if attr in owner.attrs:
                return owner.attrs[attr]
            fdef = self.find_method(owner.cls, attr)
            if fdef is not None:
                return Function(fdef, owner.cls.env, attr, bound_self=owner)
            if attr in owner.cls.attrs:
                return owner.cls.attrs[attr]
            if owner.cls.role == "layer" and attr == "add_weight":
                return Method(owner, attr)
            return UNKNOWN
        if isinstance(owner, LayerObj):
            if attr in ("output", "input") and owner.kind == "input":
                return getattr(owner, "_tensor", UNKNOWN)
            if owner.instance is not None and attr in owner.instance.attrs:
                return owner.instance.attrs[attr]
            if attr in owner.args:
                return owner.args[attr]
            return UNKNOWN
        if isinstance(owner, Tensor):
            return UNKNOWN
        if isinstance(owner, (list, dict)) and attr in ("append", "extend", "insert", "get", "items",
                                                         "keys", "values", "pop", "update"):
            return Method(owner, attr)
        if isinstance(owner, str) and attr in ("format", "upper", "lower", "join", "replace", "strip"):
            return Method(owner, attr)
        if isinstance(owner, ClassVal):
            return owner.attrs.get(attr, UNKNOWN)
        return UNKNOWN

    def builtin(self, name: str):
        return Builtin(name)
