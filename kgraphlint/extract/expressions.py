"""Expressions: literals, names, arithmetic, containers, attributes."""

from __future__ import annotations

import ast
import operator

from ..dims import UNKNOWN, Expr, Unknown, is_int
from ..ops import Spec
from ..ops.base import fill
from ..ops.dtypes import output_dtype
from .base import MAX_LOOP, Env, Machine, concrete
from .values import (
    Builtin,
    ClassVal,
    FuncModel,
    Function,
    Instance,
    LayerObj,
    Method,
    Module,
    OpaqueModel,
    Ref,
    SeqModel,
    ShapeTuple,
    Tensor,
)

_BINOPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv, ast.Div: operator.truediv, ast.Mod: operator.mod,
    ast.Pow: operator.pow, ast.MatMult: operator.matmul, ast.BitAnd: operator.and_, ast.BitOr: operator.or_,
}
# Keras 3 turns `x + y` on symbolic tensors into ops that take an auto name.
_TENSOR_OPS = {
    operator.add: "Add", operator.sub: "Subtract", operator.mul: "Multiply",
    operator.truediv: "TrueDivide", operator.floordiv: "FloorDivide", operator.pow: "Power",
    operator.mod: "Mod", operator.matmul: "Matmul", operator.and_: "LogicalAnd", operator.or_: "LogicalOr",
}
# Comparisons on symbolic tensors are ops too; `==` is not (KerasTensor keeps Python's identity).
_TENSOR_COMPARE = {
    ast.Gt: ("gt", "Greater"), ast.GtE: ("ge", "GreaterEqual"), ast.Lt: ("lt", "Less"),
    ast.LtE: ("le", "LessEqual"), ast.NotEq: ("ne", "NotEqual"),
}
_COMPARE = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
    ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_, ast.IsNot: operator.is_not,
}
_CONVERSIONS = {ord("r"): repr, ord("s"): str, ord("a"): ascii}
# Layers whose output is not of their compute dtype (lookups give ints, casts what they are told).
_NOT_FLOAT_OUTPUTS = frozenset({"StringLookup", "IntegerLookup", "TextVectorization", "Hashing", "Discretization",
                                "CategoryEncoding", "HashedCrossing"})


class ExprMixin(Machine):
    def eval(self, node, env):
        """The abstract value of an expression. (Expressions nested beyond the
        recursion limit lose their statement: see Interpreter.exec_stmt.)"""
        kind = type(node)
        if kind is ast.Name:
            return self.lookup(node.id, env, node)
        if kind is ast.Constant:
            value = node.value
            return value if isinstance(value, (int, float, str, bool, type(None))) else UNKNOWN
        if kind is ast.Call:
            return self.call(node, env)
        if kind is ast.Attribute:
            return self.attribute(self.eval(node.value, env), node.attr, node, env)
        if kind is ast.Tuple:
            items = self.elements(node.elts, env)
            return UNKNOWN if items is None else tuple(items)
        if kind is ast.List:
            items = self.elements(node.elts, env)
            return UNKNOWN if items is None else items
        if kind is ast.Dict:
            out = {}
            for key_node, value_node in zip(node.keys, node.values):
                if key_node is not None:
                    key = self.eval(key_node, env)
                    try:
                        out[key] = self.eval(value_node, env)
                    except TypeError:
                        return UNKNOWN
                else:  # {**other}
                    extra = self.eval(value_node, env)
                    if not isinstance(extra, dict):
                        return UNKNOWN
                    out.update(extra)
            return out
        if kind is ast.BinOp:
            return self.binop(self.eval(node.left, env), node.op, self.eval(node.right, env), node)
        if kind is ast.UnaryOp:
            return self.unary(node, self.eval(node.operand, env))
        if kind is ast.BoolOp:
            is_and = isinstance(node.op, ast.And)
            value = self.eval(node.values[0], env)
            for operand in node.values[1:]:
                t = self.truth(value)
                if t is None:
                    return UNKNOWN
                if t is not is_and:  # `a and b` stops at a falsy a, `a or b` at a truthy one
                    return value
                value = self.eval(operand, env)
            return value
        if kind is ast.Compare:
            return self.compare(node, env)
        if kind is ast.Subscript:
            return self.subscript(node, env)
        if kind is ast.IfExp:
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
        if kind is ast.JoinedStr:
            return self.fstring(node, env)
        if kind in (ast.ListComp, ast.GeneratorExp):
            return self.comprehension(node, env)
        if kind is ast.Lambda:
            return Function(node, self.made_in(env), "<lambda>", defaults=self.eval_defaults(node.args, env))
        if kind is ast.NamedExpr:
            value = self.eval(node.value, env)
            self.assign(node.target, value, env)
            return value
        return UNKNOWN

    def elements(self, elements, env) -> list | None:
        out = []
        for el in elements:
            if isinstance(el, ast.Starred):
                items = self.iterate(self.eval(el.value, env))
                if items is None:
                    return None  # `(None, *unknown)`: not even its length is known
                out.extend(items)
            else:
                out.append(self.eval(el, env))
        return out

    def fstring(self, node, env):
        parts = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
                continue
            value = self.eval(part.value, env)
            if not concrete(value):
                return UNKNOWN
            spec = ""
            if part.format_spec is not None:
                spec = self.fstring(part.format_spec, env)
                if not isinstance(spec, str):
                    return UNKNOWN
            try:
                conv = _CONVERSIONS.get(part.conversion)
                parts.append(format(conv(value) if conv else value, spec))
            except Exception:
                return UNKNOWN
        return "".join(parts)

    # -- operators -----------------------------------------------------------
    def binop(self, left, op, right, node=None):
        fn = _BINOPS.get(type(op))
        if fn is None:
            return UNKNOWN
        if isinstance(left, (Tensor, Spec)) or isinstance(right, (Tensor, Spec)):
            return self.tensor_op(_TENSOR_OPS.get(fn, "Op"), [left, right], node, counted=True, elementwise=True,
                                  op=("operator." + fn.__name__.strip("_"), [left, right], {}))
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
        if isinstance(node.op, ast.Not):
            t = self.truth(value)
            return UNKNOWN if t is None else (not t)
        if isinstance(value, Tensor) and isinstance(node.op, (ast.USub, ast.Invert)):
            name, path = ("Negative", "operator.neg") if isinstance(node.op, ast.USub) else ("LogicalNot", "operator.invert")
            return self.tensor_op(name, [value], node, counted=True, op=(path, [value], {}))
        if isinstance(value, Tensor):
            return self.tensor_op("Negative", [value], node, counted=True)
        if isinstance(node.op, ast.USub) and (isinstance(value, (int, float, Expr)) and not isinstance(value, bool)):
            return -value
        if isinstance(node.op, ast.UAdd) and isinstance(value, (int, float, Expr)):
            return value
        return UNKNOWN

    def compare(self, node, env):
        left = self.eval(node.left, env)
        if len(node.ops) == 1 and type(node.ops[0]) in _TENSOR_COMPARE:
            right = self.eval(node.comparators[0], env)
            if isinstance(left, Tensor) or isinstance(right, Tensor):
                path, name = _TENSOR_COMPARE[type(node.ops[0])]
                return self.tensor_op(name, [left, right], node, counted=True,
                                      op=("operator." + path, [left, right], {}))
            return self._compare_values(node, env, left, right)
        return self._compare_values(node, env, left)

    def _compare_values(self, node, env, left, first=UNKNOWN):
        result = True
        for i, (op, comparator) in enumerate(zip(node.ops, node.comparators)):
            right = first if i == 0 and first is not UNKNOWN else self.eval(comparator, env)
            fn = _COMPARE.get(type(op))
            if fn is None or not (concrete(left) or fn in (operator.is_, operator.is_not)):
                return UNKNOWN
            if fn not in (operator.is_, operator.is_not) and not concrete(right):
                return UNKNOWN
            if fn in (operator.is_, operator.is_not) and (isinstance(left, Unknown) or isinstance(right, Unknown)):
                return UNKNOWN  # an unknown value may be None (`x.shape[-1] is None`)
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

    def index_key(self, sl, env):
        """A subscript's key as Python builds it: slices, ``...``, ``None``, values."""
        if isinstance(sl, ast.Tuple):
            return tuple(self.index_key(e, env) for e in sl.elts)
        if isinstance(sl, ast.Slice):
            return slice(*(self.eval(p, env) if p is not None else None for p in (sl.lower, sl.upper, sl.step)))
        if isinstance(sl, ast.Constant) and sl.value is Ellipsis:
            return Ellipsis
        return self.eval(sl, env)

    def _layer_output_index(self, value, sl, env) -> bool:
        """``outputs[1]`` of a layer with several outputs: not an op."""
        if isinstance(sl, (ast.Tuple, ast.Slice)):
            return False
        node_obj = self.tape.nodes.get(value.ref.node)
        return (node_obj is not None and node_obj.kind != "input" and value.ref.index == 0
                and getattr(node_obj, "_multi", False))

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
        sl = node.slice
        if isinstance(value, Tensor) and not self._layer_output_index(value, sl, env):
            key = self.index_key(sl, env)  # x[:, 0], x[..., None], x[:, -1, :]
            return self.tensor_op("GetItem", [value], node, counted=True, op=("operator.getitem", [value, key], {}))
        if isinstance(sl, ast.Tuple) and any(isinstance(e, ast.Slice) for e in sl.elts):
            return UNKNOWN
        if not isinstance(sl, ast.Slice):
            index = self.eval(sl, env)
            if isinstance(value, Tensor):
                if is_int(index):  # a multi-output layer's i-th output
                    from ..graph import TensorRef
                    node_obj = self.tape.nodes.get(value.ref.node)
                    if node_obj is not None and node_obj.kind != "input" and value.ref.index == 0 \
                            and getattr(node_obj, "_multi", False):
                        return Tensor(TensorRef(value.ref.node, index))
                return self.tensor_op("GetItem", [value], node)
            if id(value) in self.guessed:
                return UNKNOWN  # changed where the analysis could not follow
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
        out: list = []
        if self._generate(node, 0, Env(env), out) is False:
            return UNKNOWN
        return out

    def _generate(self, node, depth: int, local, out: list):
        """Run generator ``depth`` of a comprehension, and the ones after it
        (a method, not a nested closure: that would be a reference cycle)."""
        if len(out) > MAX_LOOP:
            return False
        comp = node.generators[depth]
        items = self.iterate(self.eval(comp.iter, local))
        if items is None:
            return False
        for item in items:
            self.assign(comp.target, item, local)
            ok = True
            for cond in comp.ifs:
                t = self.truth(self.eval(cond, local))
                if t is None:
                    return False
                ok = ok and t
            if not ok:
                continue
            if depth + 1 < len(node.generators):
                if self._generate(node, depth + 1, local, out) is False:
                    return False
            else:
                out.append(self.eval(node.elt, local))
        return True

    # -- binding ---------------------------------------------------------------
    def assign(self, target, value, env) -> None:
        if isinstance(target, ast.Name):
            if isinstance(value, Unknown):  # known only by name from here on
                value = self.unknown_symbol(target.id, target)
            env.vars[target.id] = value
            self.name_models(value, target.id, force=False, env=env)
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = self.unpack(value, len(target.elts))
            for el, item in zip(target.elts, items):
                if isinstance(el, ast.Starred):
                    self.assign(el.value, [UNKNOWN] if item is UNKNOWN else item, env)
                else:
                    self.assign(el, item, env)
        elif isinstance(target, ast.Attribute):
            owner = self.eval(target.value, env)
            self.set_attribute(owner, target.attr, value, target)
        elif isinstance(target, ast.Subscript):
            owner = self.eval(target.value, env)
            if not isinstance(target.slice, (ast.Slice, ast.Tuple)):
                key = self.eval(target.slice, env)
                try:
                    if isinstance(owner, dict) or (isinstance(owner, list) and is_int(key)):
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
        if attr == "trainable":
            if isinstance(value, bool) and isinstance(owner, (LayerObj, list, tuple, SeqModel, FuncModel,
                                                              OpaqueModel, Instance)):
                self.freeze(owner, value)  # unfreezing (`layer.trainable = True`) after a frozen base too
                return
            self.trainable_changes.append((self.span(node), value, owner))  # not followed: mark_trainable_changes
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
                v.ir.module_level = env is self.globals
                v.named = True
                if rebound:
                    v.module_named = True

    # -- attributes ------------------------------------------------------------
    def attribute(self, owner, attr: str, node, env):
        if isinstance(owner, Ref):
            return Ref(f"{owner.path}.{attr}")
        if isinstance(owner, Module):
            return self.module_attribute(owner, attr, node)
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
                tensor = getattr(owner, "_tensor", UNKNOWN)
                return Tensor(tensor.ref, guess=owner.guess) if owner.guess and isinstance(tensor, Tensor) else tensor
            if attr in ("output", "input"):
                return self.layer_io(owner, attr)
            if attr == "count_params" or (attr == "get_config" and owner.instance is None):
                return Method(owner, attr)
            if attr == "__class__" and owner.instance is None and owner.kind == "layer":
                return Ref(f"keras.layers.{owner.cls}")  # `layer.__class__.from_config(...)` (extract/cloning.py)
            if owner.instance is not None and attr in owner.instance.attrs:
                return owner.instance.attrs[attr]
            if attr in owner.args:
                return owner.args[attr]
            return UNKNOWN
        if isinstance(owner, Tensor):
            return self.tensor_attribute(owner, attr, node)
        if isinstance(owner, ShapeTuple) and attr == "as_list":
            return Method(owner, attr)
        if isinstance(owner, ShapeTuple) and attr == "rank":
            return owner.rank
        if isinstance(owner, (list, dict)) and attr in ("append", "extend", "insert", "get", "items",
                                                         "keys", "values", "pop", "update"):
            return Method(owner, attr)
        if isinstance(owner, dict) and attr == "copy":
            return Method(owner, attr)
        if isinstance(owner, str) and attr in ("format", "upper", "lower", "join", "replace", "strip",
                                               "split", "rsplit", "startswith", "endswith"):
            return Method(owner, attr)
        if isinstance(owner, ClassVal):
            return owner.attrs.get(attr, UNKNOWN)
        return UNKNOWN

    def tensor_attribute(self, tensor: Tensor, attr: str, node):
        """What a KerasTensor answers: its shape and dtype, known at its call."""
        if tensor.guess:
            return UNKNOWN  # the variable may hold another tensor
        if attr in ("shape", "ndim"):
            shape = self.calltime.shape(tensor.ref)
            if not isinstance(shape, tuple):
                return UNKNOWN
            return ShapeTuple(shape) if attr == "shape" else len(shape)
        if attr == "dtype":
            return self.tensor_dtype(tensor)
        if attr == "get_shape":
            return Method(tensor, attr)
        return UNKNOWN

    def tensor_dtype(self, tensor: Tensor):
        node = self.tape.nodes.get(tensor.ref.node)
        if node is None or self.dtype_policy_changed:
            return UNKNOWN
        dtype = node.args.get("dtype")
        if node.kind in ("input", "layer") and isinstance(dtype, str):
            return dtype
        if node.kind == "input" and dtype is None:
            return "float32"
        if node.kind == "layer" and dtype is None and node.cls not in _NOT_FLOAT_OUTPUTS:
            return "float32"
        if node.kind == "op" and node.op is not None:  # casts, comparisons, argmax, ... (ops/dtypes.py)
            ins = [self.tensor_dtype(Tensor(ref)) for ref in node.inputs]
            path, args, kwargs = node.op
            specs = [Spec((), d if isinstance(d, str) else None) for d in ins]
            out = output_dtype(path, fill(list(args), specs), fill(dict(kwargs), specs))
            return out if out is not None else UNKNOWN
        return UNKNOWN

    def layer_io(self, layer: LayerObj, attr: str):
        """``layer.output`` / ``.input``: those of its first call, as Keras gives."""
        if not layer.calls:
            return UNKNOWN  # Keras raises: never called
        first = layer.calls[0]
        if layer.guess:
            first = Tensor(first.ref, guess=layer.guess)
        if attr == "output":
            return first
        node = self.tape.nodes.get(first.ref.node)
        if node is None or not node.inputs:
            return UNKNOWN
        ins = [Tensor(r) for r in node.inputs]
        return ins[0] if len(ins) == 1 else ins

    def builtin(self, name: str):
        return Builtin(name)
