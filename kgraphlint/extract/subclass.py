"""Subclassed models and custom layers.

A ``keras.Model`` subclass is run like Keras runs it: ``__init__`` on
instantiation (layers assigned to ``self`` are tracked in assignment order,
which is the summary's row order), then ``call`` each time the model is
called on symbolic tensors, on new inputs of their shapes; a model no call
builds runs ``call`` at the end of the file, on the shape ``build()`` gave or
an unknown one. A custom ``Layer``'s ``call`` runs on the caller's tensors;
it keeps its ``add_weight`` calls.
"""

from __future__ import annotations

import ast

import networkx as nx

from ..dims import UNKNOWN, Expr, Unknown, is_int
from ..graph import ModelIR, Node, TensorRef
from ..layers.base import Layer, Weight
from ..ops import Spec
from .base import Args, Machine
from .calltime import inner_errors, known_shape
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
    ShapeTuple,
    Tensor,
)

_ELEMENTWISE = ("relu", "sigmoid", "tanh", "exp", "abs", "square", "sqrt", "softplus", "gelu", "elu",
                "selu", "swish", "silu", "cast", "identity", "negative", "log", "activation", "softmax",
                "dropout", "clip", "clip_by_value", "maximum", "minimum", "leaky_relu", "sign")


class ClassMixin(Machine):
    def define_class(self, stmt: ast.ClassDef, env) -> ClassVal:
        role, bases, keras_base = "plain", [], None
        for base in stmt.bases:
            value = self.eval(base, env)
            if isinstance(value, ClassVal):
                bases.append(value)
                role = value.role if role == "plain" else role
                keras_base = keras_base or value.keras_base
            elif isinstance(value, Ref):
                kind = classify(value.path)
                if kind is None:
                    continue
                if kind[0] in ("model", "sequential"):
                    role = "model"
                elif kind[0] in ("base", "layer"):
                    role = "layer"
                    keras_base = keras_base or (kind[1] if kind[0] == "layer" else None)
        cls = ClassVal(stmt, self.made_in(env), stmt.name, role, bases=bases, keras_base=keras_base)
        for item in stmt.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                cls.methods[item.name] = item
                self.method_defaults[id(item)] = self.eval_defaults(item.args, env)
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
            inst.ir.born = inst.key
            if not self.importing:
                self.models.append(inst.ir)
            self.instances.append(inst)
            if self.find_method(cls, "__init__") is None and args.has_tensors():
                # Model.__new__ makes a Functional model of this class from (inputs, outputs)
                inst.ir.reasons.append((getattr(node, "lineno", None), f"{cls.name}(inputs, outputs) is a Functional "
                                        "model of a subclass; its layers are not followed"))
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

    def call_subclassed_model(self, inst: Instance, args: Args) -> None:
        """Run ``call`` as Keras does when a subclassed model is called on
        symbolic tensors: twice on the first call (once to build the model,
        once for its output spec) and once on each later call, each time on
        new tensors of the caller's shapes. The layers it builds or makes take
        their auto names right then; the model's graph is the first call's."""
        first = not inst.graph_built
        runs, traced = 2 if first else 1, len(self.untraced)
        for run in range(runs):
            mark = len(self.tape.nodes)
            positional, keywords, refs = self.model_call_inputs(args, inst.ir.span)
            outputs = self.run_model_call(inst, positional, keywords)
            if first and run == runs - 1:
                self.fill_subclass_ir(inst, refs, outputs)
                inst.input_args = [dict(self.tape.nodes[r.node].args) for r in refs]
                inst.ir.built = bool(refs) and all(known_shape(self.calltime.shape(r)) for r in refs)
                inst.graph_built = True
            else:  # a run that only names and builds: its calls belong to no graph
                for sub in list(self.tape.nodes.values())[mark:]:
                    sub.internal = True
        for reason in self.untraced[traced:][:1]:  # Keras's trace of call() fails: what follows is not its model
            if reason not in inst.ir.reasons:
                inst.ir.reasons.append(reason)

    def model_call_inputs(self, args: Args, span):
        """The call's arguments with each symbolic tensor replaced by a new
        input of its shape (an ``Input``'s own arguments when it is one),
        placed at ``span`` (the model's, not the call's: hovering on the call
        is hovering on the model)."""
        refs: list = []

        def swap(value):
            if isinstance(value, Tensor):
                producer = self.tape.nodes.get(value.ref.node)
                if producer is not None and producer.kind == "input" and value.ref.index == 0:
                    given = dict(producer.args)
                else:
                    shape = self.calltime.shape(value.ref)
                    given = {"batch_shape": shape} if known_shape(shape) else {"shape": UNKNOWN}
                refs.append(self.model_input(given, span))
                return Tensor(refs[-1], guess=value.guess)
            if isinstance(value, (list, tuple)):
                return type(value)(swap(v) for v in value)
            if isinstance(value, dict):
                return {k: swap(v) for k, v in value.items()}
            return value

        positional = [swap(v) for v in args.positional]
        keywords = {k: swap(v) for k, v in args.keywords.items()}
        return positional, keywords, refs

    def model_input(self, given: dict, span) -> TensorRef:
        node = Node(id=self.tape.new_id("input"), kind="input", cls="InputLayer",
                    layer_key=self.new_key("InputLayer"), span=span, name="input_layer", args=given)
        self.tape.add(node)
        self.calltime.called(node)
        return TensorRef(node.id)

    def run_model_call(self, inst: Instance, positional: list, keywords: dict):
        # TensorFlow traces `call` on its own tensors: ops inside take no Keras name.
        self.inside_layer_call += 1
        try:
            return self.run_method(inst, "call", positional, keywords)
        finally:
            self.inside_layer_call -= 1

    def fill_subclass_ir(self, inst: Instance, refs: list, outputs) -> None:
        from .values import flatten_tensors

        outs = [t.ref for t in flatten_tensors(outputs)] or refs[:1]
        keys = []
        for item in inst.layers:
            keys.append(item.key if isinstance(item, (LayerObj, OpaqueModel, Instance)) else
                        item.ir.path + "#" + str(id(item)))
        inst.ir.graph = nx.DiGraph()
        fill_ir(inst.ir, self.tape, refs, outs, layer_order=keys)

    def build_by_run(self, inst: Instance, given: list) -> None:
        """Keras's ``Model.build_from_config`` for a model without its own
        ``build``: ``call`` runs once on new tensors of the recorded input
        shapes (``_build_by_run_for_single_pos_arg``), and the model is built."""
        span = inst.ir.span
        refs = [self.model_input(dict(g), span) for g in given]
        argument: object = [Tensor(r) for r in refs] if len(refs) > 1 else Tensor(refs[0])
        outputs = self.run_model_call(inst, [argument], {})
        self.fill_subclass_ir(inst, refs, outputs)
        inst.input_args = [dict(g) for g in given]
        inst.ir.built = all(known_shape(self.calltime.shape(r)) for r in refs)
        inst.graph_built = True

    def finish_instance(self, inst: Instance) -> None:
        """A model no call built: run ``call`` on inputs of the shapes
        ``build()`` gave (one per shape of a list), or of an unknown shape."""
        given = inst.input_args
        span = inst.build_span or inst.ir.span
        holding = [] if given is not None else [item for item in inst.layers if _has_weights_now(item)]
        if isinstance(given, list):  # build([(None, 20), (None, 50)]): call() gets a list
            refs = [self.model_input(dict(g), span) for g in given]
            argument: object = [Tensor(r) for r in refs]
        else:
            refs = [self.model_input(dict(given) if isinstance(given, dict) else {"shape": UNKNOWN}, span)]
            argument = Tensor(refs[0])
        outputs = self.run_model_call(inst, [argument], {})
        self.fill_subclass_ir(inst, refs, outputs)
        inst.ir.built = given is not None
        if holding:  # Keras lists an unbuilt model's layers as they are: these have their shapes and weights
            names = ", ".join(f"`{_layer_name(item)}`" for item in holding[:3])
            inst.ir.reasons.append((inst.ir.line, f"{inst.cls.name} is not built, but it holds {names}, already "
                                    "built, whose shapes and weights Keras counts; not followed"))

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
        mark, traced = len(self.tape.nodes), len(self.untraced)
        self.inside_layer_call += 1
        try:
            if entry.weights is None:  # Keras builds a layer on its first call, before `call` runs
                entry.weights = self.build_custom_layer(layer.instance, [self.calltime.shape(t.ref) for t in tensors])
            result = self.run_method(layer.instance, "call", list(args.positional), dict(args.keywords))
        finally:
            self.inside_layer_call -= 1
        inner = list(self.tape.nodes.values())[mark:]
        # made inside a sub-layer's own call (or a graph copy to read): that sub-layer's row counts them
        nested = {id(sub) for sub in inner if sub.internal}
        for sub in inner:
            sub.internal = True  # the layer's row stands for them; its errors are reported with it
        for code, span, message in inner_errors(inner, f"{layer.cls}.call()", getattr(node, "lineno", None)):
            self.fact(code, span, {}, message=message)
        outs = flatten_tensors(result)
        shapes = [self.calltime.shape(t.ref) for t in outs]
        trainable = non_trainable = 0
        problem = None
        for sub in inner:
            if sub.kind in ("layer", "model") and id(sub) not in nested:
                trainable = trainable + sub.trainable_params
                non_trainable = non_trainable + sub.non_trainable_params
            if sub.stopped or sub.approximate:
                problem = problem or sub.stopped or f"{layer.cls}.call() takes a path not known statically"
        if not outs:
            problem = f"{layer.cls}.call() returns no tensor the analysis can follow"
        problem = self.untraced_since(traced) or problem  # Keras's own trace of call() fails
        # Sub-layers are built by the first call; a later call (a shared layer) adds only what it makes.
        trainable, non_trainable = entry.made[0] + trainable, entry.made[1] + non_trainable
        entry.made = (trainable, non_trainable)
        if problem and not layer.instance.layers and len(tensors) == 1:
            # Keras takes the shape from compute_output_shape when the class
            # defines one (Layer.compute_output_spec), not from running call
            declared = self.declared_output_shape(layer.instance, self.calltime.shape(tensors[0].ref))
            if declared is not None:
                shapes, problem = [declared], None
        key = _shapes_key([self.calltime.shape(t.ref) for t in tensors])
        entry.results[key] = (shapes or [UNKNOWN], trainable, non_trainable, problem)
        self.calltime.called(n)
        if isinstance(result, (list, tuple)) and len(outs) > 1:
            n._multi = True
            return type(result)(Tensor(TensorRef(n.id, i)) for i in range(len(outs)))
        if isinstance(result, dict) and len(outs) == len(result) and all(isinstance(v, Tensor) for v in result.values()):
            n._multi = len(outs) > 1  # a dict of tensors: each entry one output of the layer
            index = {id(t): i for i, t in enumerate(outs)}
            return {k: Tensor(TensorRef(n.id, index[id(v)])) for k, v in result.items()}
        return Tensor(TensorRef(n.id, 0))

    def declared_output_shape(self, inst: Instance, shape):
        """What the class's own ``compute_output_shape`` gives for ``shape``
        (a tuple of ints and None), or None."""
        if not isinstance(shape, tuple) or self.find_method(inst.cls, "compute_output_shape") is None:
            return None
        try:
            out = self.run_method(inst, "compute_output_shape", [ShapeTuple(shape)], {})
        except Exception:
            return None
        if isinstance(out, (tuple, list)) and all(d is None or is_int(d) for d in out):
            return tuple(out)
        return None

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


def _has_weights_now(item) -> bool:
    """A layer an unbuilt model tracks that is built already (a model, or a
    layer called before): Keras shows it with its shapes and weights."""
    if isinstance(item, LayerObj):
        return bool(item.calls) or item.called
    return True  # a model: Functional ones are built when made, the others cannot be told apart here


def _layer_name(item) -> str:
    ir = getattr(item, "ir", None)
    return str(getattr(item, "name", None) or (ir.keras_name if ir is not None else None) or type(item).__name__)


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
        base = self.entry.inst.cls.keras_base
        if base is not None:  # Keras's own build makes weights the class never names
            self.stop_reason = f"{self.entry.inst.cls.name} subclasses Keras's {base}: its weights are not followed"
            weights.append(Weight("inherited", (UNKNOWN,), self.trainable))
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
