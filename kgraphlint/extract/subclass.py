"""Subclassed models and custom layers.

A ``keras.Model`` subclass is run like Keras runs it: ``__init__`` on
instantiation (layers assigned to ``self`` are tracked in assignment order,
which is the summary's row order), then ``call`` on an input tensor once the
input shape is known (``build``, a call on an ``Input``, or never: UNKNOWN).
A custom ``Layer`` keeps its ``add_weight`` calls and, when ``call`` only
combines its input elementwise, keeps the input shape.
"""

from __future__ import annotations

import ast

from ..dims import UNKNOWN, Expr, Unknown, is_int
from ..graph import ModelIR, Node, TensorRef
from ..layers.base import Layer, Weight
from ..ops import Spec
from .base import Args, Machine
from .calltime import inner_errors
from .imports import classify
from .tape import fill_ir
from .values import (
    ClassVal,
    FuncModel,
    Function,
    Instance,
    LayerObj,
    OpaqueModel,
    Ref,
    SeqModel,
    Tensor,
)

_ELEMENTWISE = ("relu", "sigmoid", "tanh", "exp", "abs", "square", "sqrt", "softplus", "gelu", "elu",
                "selu", "swish", "silu", "cast", "identity", "negative", "log", "activation", "softmax",
                "dropout", "clip", "clip_by_value", "maximum", "minimum", "leaky_relu", "sign")


class ClassMixin(Machine):
    def define_class(self, stmt: ast.ClassDef, env) -> ClassVal:
        role, bases = "plain", []
        for base in stmt.bases:
            value = self.eval(base, env)
            if isinstance(value, ClassVal):
                bases.append(value)
                role = value.role if role == "plain" else role
            elif isinstance(value, Ref):
                kind = classify(value.path)
                if kind is None:
                    continue
                if kind[0] in ("model", "sequential"):
                    role = "model"
                elif kind[0] in ("base", "layer"):
                    role = "layer"
        cls = ClassVal(stmt, env, stmt.name, role, bases=bases)
        for item in stmt.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                cls.methods[item.name] = item
            elif isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name):
                cls.attrs[item.targets[0].id] = self.eval(item.value, env)
        if role != "plain" and not self.foreign:  # another module's classes are read with that module
            self.classes.append(cls)
        return cls

    def find_method(self, cls: ClassVal, name: str):
        if name in cls.methods:
            return cls.methods[name]
        for base in cls.bases:
            found = self.find_method(base, name)
            if found is not None:
                return found
        return None

    def run_method(self, inst: Instance, name: str, positional: list, keywords: dict):
        fdef = self.find_method(inst.cls, name)
        if fdef is None:
            return None
        return self.call_function(Function(fdef, inst.cls.env, name, bound_self=inst), positional, keywords)

    def instantiate(self, cls: ClassVal, args, node, env):
        inst = Instance(cls, key=self.new_key(cls.name))
        cls.instantiated = True
        if cls.role == "model":
            explicit = args.keywords.get("name")
            inst.keras_name = explicit if isinstance(explicit, str) else self.counter.next(cls.name)
            where = cls.node if cls.env.module is None else node  # a class of another module: at its use here
            inst.ir = ModelIR(name=cls.name, kind="subclass", path=self.path, span=self.span(where),
                              keras_name=inst.keras_name, function=env.function)
            if not self.importing:
                self.models.append(inst.ir)
            self.instances.append(inst)
            self.run_method(inst, "__init__", args.positional, args.keywords)
            return inst
        if cls.role == "layer":
            return self.custom_layer(cls, inst, args, node)
        self.run_method(inst, "__init__", args.positional, args.keywords)
        return inst

    def track(self, inst: Instance, value) -> None:
        """Keras tracks layers assigned to ``self`` (also inside lists)."""
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if isinstance(item, (LayerObj, SeqModel, FuncModel, OpaqueModel, Instance)) and item is not inst:
                if isinstance(item, Instance) and item.cls.role == "plain":
                    continue
                if all(item is not x for x in inst.layers):
                    inst.layers.append(item)

    def input_from_call(self, inst: Instance, tensors: list) -> None:
        producer = self.tape.nodes.get(tensors[0].ref.node)
        if inst.input_args is None and producer is not None and producer.kind == "input":
            inst.input_args = dict(producer.args)

    def finish_instance(self, inst: Instance) -> None:
        """Run ``call`` on an input of the known (or unknown) shape."""
        args = dict(inst.input_args) if inst.input_args is not None else {"shape": UNKNOWN}
        node = Node(id=self.tape.new_id("input"), kind="input", cls="InputLayer",
                    layer_key=self.new_key("InputLayer"), span=inst.build_span or inst.ir.span, name="input_layer",
                    args=args)
        self.tape.add(node)
        ref = TensorRef(node.id)
        outputs = self.run_method(inst, "call", [Tensor(ref)], {})
        from .values import flatten_tensors

        outs = [t.ref for t in flatten_tensors(outputs)] or [ref]
        keys = []
        for item in inst.layers:
            keys.append(item.key if isinstance(item, (LayerObj, OpaqueModel, Instance)) else
                        item.ir.path + "#" + str(id(item)))
        fill_ir(inst.ir, self.tape, [ref], outs, layer_order=keys)
        inst.ir.built = inst.input_args is not None
        if getattr(inst, "guess", None):
            inst.ir.reasons.append(inst.guess)

    def analyse_unused_class(self, cls: ClassVal) -> None:
        """A model class never instantiated: still read it (with UNKNOWN input)."""
        if getattr(cls, "instantiated", False) or cls.role != "model":
            return
        saved = dict(self.counter.counts)
        try:
            inst = self.instantiate(cls, Args(), cls.node, self.globals)
            self.finish_instance(inst)
        except Exception:
            pass
        self.counter.counts = saved

    # -- custom layers ------------------------------------------------------------
    def custom_layer(self, cls: ClassVal, inst: Instance, args, node) -> LayerObj:
        inst.weights = []
        inst.init_args = args
        self.run_method(inst, "__init__", args.positional, args.keywords)
        explicit = args.keywords.get("name")
        has_name = isinstance(explicit, str)
        layer = LayerObj(cls=cls.name, key=self.new_key(cls.name),
                         name=explicit if has_name else self.counter.next(cls.name), explicit_name=has_name,
                         args={"trainable": args.keywords.get("trainable", True)}, arg_spans={},
                         arg_sources={}, span=self.span(node), instance=inst)
        layer.entry = CustomEntry(self, inst)
        self.layers[layer.key] = layer
        return layer

    def call_custom_layer(self, layer: LayerObj, args, node, guess):
        """Apply a custom Layer as Keras does: its ``call`` runs on the caller's
        symbolic tensors. The layer's row gets the shapes ``call`` returns and
        the weights of the sub-layers it built; nothing inside becomes a node
        of the caller's graph."""
        from .values import flatten_tensors

        tensors, kwargs = self.split_call(args)
        entry = layer.entry
        out_node = self.emit(layer, [t.ref for t in tensors], node, kwargs, guess=guess, now=False)
        n = self.tape.nodes[out_node.ref.node]
        self.call_structures[n.id] = (list(args.positional), dict(args.keywords))  # clone_model calls it alike
        mark = len(self.tape.nodes)
        self.inside_layer_call += 1
        try:
            if entry.weights is None:  # Keras builds a layer on its first call, before `call` runs
                entry.weights = self.build_custom_layer(layer.instance, [self.calltime.shape(t.ref) for t in tensors])
            result = self.run_method(layer.instance, "call", list(args.positional), dict(args.keywords))
        finally:
            self.inside_layer_call -= 1
        inner = list(self.tape.nodes.values())[mark:]
        for sub in inner:
            sub.internal = True  # the layer's row stands for them; its errors are reported with it
        for code, span, message in inner_errors(inner, f"{layer.cls}.call()", getattr(node, "lineno", None)):
            self.fact(code, span, {}, message=message)
        outs = flatten_tensors(result)
        shapes = [self.calltime.shape(t.ref) for t in outs]
        trainable = non_trainable = 0
        problem = None
        for sub in inner:
            if sub.kind in ("layer", "model"):
                trainable = trainable + sub.trainable_params
                non_trainable = non_trainable + sub.non_trainable_params
            if sub.stopped or sub.approximate:
                problem = problem or sub.stopped or f"{layer.cls}.call() takes a path not known statically"
        if not outs:
            problem = f"{layer.cls}.call() returns no tensor the analysis can follow"
        # Sub-layers are built by the first call; a later call (a shared layer) adds only what it makes.
        trainable, non_trainable = entry.made[0] + trainable, entry.made[1] + non_trainable
        entry.made = (trainable, non_trainable)
        key = _shapes_key([self.calltime.shape(t.ref) for t in tensors])
        entry.results[key] = (shapes or [UNKNOWN], trainable, non_trainable, problem)
        self.calltime.called(n)
        if isinstance(result, (list, tuple)) and len(outs) > 1:
            n._multi = True
            return type(result)(Tensor(TensorRef(n.id, i)) for i in range(len(outs)))
        return Tensor(TensorRef(n.id, 0))

    def build_custom_layer(self, inst: Instance, shapes: list) -> list:
        """Run the layer's own ``build(input_shape)`` once; its weights (those
        of ``__init__`` included) in creation order."""
        if self.find_method(inst.cls, "build") is not None:
            shape = shapes[0] if len(shapes) == 1 else list(shapes)
            try:
                self.run_method(inst, "build", [shape], {})
            except Exception:
                inst.weights.append(Weight("build", (UNKNOWN,), True))  # build() could not be followed
        return list(inst.weights)

    def add_weight(self, inst: Instance, args, node):
        p, kw = args.positional, args.keywords
        shape = kw.get("shape", p[0] if p else None)
        trainable = kw.get("trainable", True) is not False
        name = kw.get("name", f"w{len(getattr(inst, 'weights', []))}")
        if isinstance(shape, (list, tuple)):
            # An axis that is not a size (a string, a float) is not one Keras can build: not known here.
            shape = tuple(d if is_int(d) or isinstance(d, (Expr, Unknown)) else UNKNOWN for d in shape)
        elif shape is None:
            shape = ()
        else:
            shape = (UNKNOWN,)
        if not hasattr(inst, "weights"):
            inst.weights = []
        inst.weights.append(Weight(str(name), shape, trainable))
        if all(is_int(d) or isinstance(d, Expr) for d in shape):
            return Spec(shape)  # a variable: a tensor of this shape for the ops in `call`
        return UNKNOWN


class CustomEntry:
    """A catalogue-like factory for one custom layer object (see infer.make_layer)."""

    def __init__(self, interp, inst: Instance):
        self.interp = interp
        self.inst = inst
        self.results: dict = {}  # input shapes -> (output shapes, trainable, non-trainable, why not known)
        self.weights: list | None = None  # the layer's own, made when it is first called
        self.made: tuple = (0, 0)  # trainable, non-trainable params its sub-layers made so far

    def __deepcopy__(self, memo):
        return self

    def __call__(self, args: dict):
        return _CustomLayer(self, args)


class _CustomLayer(Layer):
    name = "Custom"
    arity = "list"  # `call` takes whatever the caller passes (`Sampling()([z_mean, z_log_var])`)

    def __init__(self, entry: CustomEntry, args: dict):
        super().__init__(args)
        self.entry = entry

    def _result(self, inputs):
        return self.entry.results.get(_shapes_key(inputs))

    def build(self, inputs):
        weights = self._own_weights(inputs)
        result = self._result(inputs)
        if result is None and self.entry.inst.layers:  # sub-layers whose weights only call() would tell
            self.stop_reason = f"{self.entry.inst.cls.name}.call() was not followed on these inputs"
            weights.append(Weight("sublayers", (UNKNOWN,), self.trainable))
        if result is not None:  # the sub-layers `call` built, as one weight per kind
            _, trainable, non_trainable, _ = result
            if not self.trainable:
                trainable, non_trainable = 0, non_trainable + trainable
            weights += [Weight("sublayers", (trainable,), self.trainable),
                        Weight("sublayers_non_trainable", (non_trainable,), False)]
        return weights

    def _own_weights(self, inputs):
        if self.entry.weights is not None:
            return [w if self.trainable else Weight(w.name, w.shape, False) for w in self.entry.weights]
        interp, inst = self.entry.interp, self.entry.inst
        before = list(inst.weights)
        shape = inputs[0] if len(inputs) == 1 else list(inputs)
        if interp.find_method(inst.cls, "build") is not None:
            try:
                interp.run_method(inst, "build", [shape], {})
            except Exception:
                pass
        weights = list(inst.weights)
        inst.weights = before
        if not self.trainable:
            weights = [Weight(w.name, w.shape, False) for w in weights]
        return weights

    def compute_output_shape(self, inputs):
        result = self._result(inputs)
        if result is not None:
            shapes, _, _, problem = result
            if problem:  # infer reads it: this call's output is not known
                self.stop_reason = problem
                return [UNKNOWN] * len(shapes)
            return list(shapes)
        fdef = self.entry.interp.find_method(self.entry.inst.cls, "call")
        if fdef is not None and len(inputs) == 1 and _shape_preserving(fdef) and not self.entry.inst.layers:
            return [inputs[0]]
        return [UNKNOWN]


def _shapes_key(shapes) -> str:
    return repr(shapes)


def _shape_preserving(fdef: ast.FunctionDef) -> bool:
    params = fdef.args.posonlyargs + fdef.args.args
    if len(params) < 2:
        return False
    same = {params[1].arg}

    def keeps(expr) -> bool:
        if isinstance(expr, ast.Name):
            return expr.id in same
        if isinstance(expr, ast.BinOp):
            sides = [keeps(expr.left), keeps(expr.right)]
            others = [s for s, e in zip(sides, (expr.left, expr.right)) if not s]
            return any(sides) and all(_scalar_or_weight(e) for s, e in zip(sides, (expr.left, expr.right)) if not s) \
                and len(others) < 2
        if isinstance(expr, ast.UnaryOp):
            return keeps(expr.operand)
        if isinstance(expr, ast.Call) and expr.args:
            func = expr.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            return any(name.endswith(e) for e in _ELEMENTWISE) and keeps(expr.args[0])
        return False

    for stmt in fdef.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
            target = stmt.targets[0].id
            if keeps(stmt.value):
                same.add(target)
            else:
                same.discard(target)
        elif isinstance(stmt, ast.Return):
            return stmt.value is not None and keeps(stmt.value)
        elif not isinstance(stmt, (ast.Expr, ast.AnnAssign, ast.AugAssign, ast.Pass, ast.Assert)):
            return False  # a compound statement: too much to follow
    return False


def _scalar_or_weight(expr) -> bool:
    return (isinstance(expr, ast.Constant) and isinstance(expr.value, (int, float))) or (
        isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self"
    )
