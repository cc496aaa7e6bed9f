"""Calls: Keras constructors, layer applications, user functions, builtins."""

from __future__ import annotations

import ast
import difflib
import os

from ..dims import UNKNOWN, Expr, is_int
from ..graph import Node, TensorRef, to_snake_case
from ..layers import lookup, made_inside
from ..layers.core import INPUT_SIGNATURE, TracedLambda
from ..ops import Slot, Spec, output_shapes, untraceable
from ..pyast import SourceTexts
from . import registry
from .base import Args, Machine, concrete
from .calltime import inner_errors, known_shape
from .imports import canonical
from .known_calls import NOT_KNOWN, known_isinstance, known_result
from .tape import source_inputs
from .values import (
    Builtin,
    ClassVal,
    Foreign,
    FuncModel,
    Function,
    Instance,
    LayerObj,
    Method,
    OpaqueModel,
    Ref,
    SeqModel,
    ShapeTuple,
    Super,
    Tensor,
    flatten_tensors,
    is_tensor_like,
)

_MERGE_POSITIONAL = {"Concatenate": ("axis",), "Dot": ("axes", "normalize")}


class CallMixin(Machine):
    def eval_args(self, node: ast.Call, env) -> Args:
        out = Args()
        for arg in _in_source_order(node):
            if isinstance(arg, ast.Starred):
                items = self.iterate(self.eval(arg.value, env))
                for item in items or []:
                    out.positional.append(item)
                    out.pos_nodes.append(None)
            elif isinstance(arg, ast.keyword):
                if arg.arg is None:  # **kwargs
                    extra = self.eval(arg.value, env)
                    if isinstance(extra, dict):
                        for k, v in extra.items():
                            if isinstance(k, str):
                                out.keywords[k] = v
                else:
                    out.keywords[arg.arg] = self.eval(arg.value, env)
                    out.kw_nodes[arg.arg] = arg
            else:
                out.positional.append(self.eval(arg, env))
                out.pos_nodes.append(arg)
        return out

    def call(self, node: ast.Call, env):
        if not self.foreign:
            self.call_site = node  # code of another module that this call runs is placed here
        callee = self.eval(node.func, env)
        args = self.eval_args(node, env)
        return self.dispatch(callee, args, node, env)

    def dispatch(self, callee, args: Args, node, env):
        if isinstance(callee, Ref):
            return self.call_ref(callee, args, node, env)
        if isinstance(callee, LayerObj):
            return self.apply_layer(callee, args, node)
        if isinstance(callee, (SeqModel, FuncModel, OpaqueModel)):
            return self.apply_model(callee, args, node)
        if isinstance(callee, Function):
            owner = callee.bound_self
            if callee.name == "build" and isinstance(owner, Instance) and owner.cls.role == "model":
                # Which sub-layers a model's own build() builds is not followed yet.
                owner.ir.reasons.append((node.lineno, f"{owner.cls.name}.build() is the model's own code; "
                                                      "which layers it builds is not followed"))
            return self.call_function(callee, args.positional, args.keywords, node)
        if isinstance(callee, ClassVal):
            return self.instantiate(callee, args, node, env)
        if isinstance(callee, Instance):
            if callee.cls.role == "model":
                return self.apply_model(callee, args, node)
            fdef = self.find_method(callee.cls, "__call__")
            if fdef is not None:
                return self.call_function(Function(fdef, callee.cls.env, "__call__", callee), args.positional, args.keywords)
            return UNKNOWN
        if isinstance(callee, Method):
            return self.call_method(callee, args, node, env)
        if isinstance(callee, Builtin):
            return self.call_builtin(callee.name, args, node, env)
        if isinstance(callee, Super):
            return callee
        if isinstance(callee, Foreign):
            return self.apply_layer(self.foreign_layer(callee), args, node)
        self.may_change(args, node)
        if args.has_tensors():
            return self.tensor_op(self.callee_text(node), args.positional + list(args.keywords.values()), node)
        return UNKNOWN

    def may_change(self, args: Args, node) -> None:
        """A call the analysis cannot follow may change the models, layers and
        containers handed to it (add a layer, freeze one): they are no longer exact."""
        values = [*args.positional, *args.keywords.values()]
        if not any(isinstance(v, (LayerObj, SeqModel, FuncModel, Instance, list, dict)) for v in values):
            return
        reason = (getattr(node, "lineno", None), f"`{self.callee_text(node)}` is not followed; it may change "
                                                 "what is handed to it")
        if self.foreign:
            reason = self.guess_reason(node, reason[1])
        for value in values:
            if isinstance(value, (LayerObj, SeqModel, FuncModel, Instance, list, dict)):
                self.mark_guess(value, reason)

    def origin(self, node) -> str | None:
        """Where in another module a call made while its code runs is written."""
        if not self.foreign or node is None or not hasattr(node, "lineno"):
            return None
        return f"{os.path.basename(self.foreign[-1].path)}:{node.lineno}"

    def callee_text(self, node) -> str:
        text = self.source(node.func) if isinstance(node, ast.Call) else "op"
        return text[:60] or "op"

    # -- Keras names -----------------------------------------------------------
    def call_ref(self, ref: Ref, args: Args, node, env):
        if "mixed_precision" in ref.path:
            self.dtype_policy_changed = True  # layer outputs may no longer be float32
        if "set_image_data_format" in ref.path or "set_floatx" in ref.path:
            self.keras_config_changed = True
        if ref.path.endswith(".from_config"):  # extract/cloning.py
            return self.layer_from_config(ref.path[:-len(".from_config")], args, node, env)
        known = known_result(ref.path, canonical(ref.path), args.positional, args.keywords,
                             getattr(self, "keras_config_changed", False),
                             lambda t: source_inputs(self.tape, t))
        if known is not NOT_KNOWN:
            return known
        return registry.call(self, ref.path, args, node, env)  # the Keras API objects, by path and kind

    def make_input(self, args: Args, node, env):
        names = [p for p, _ in INPUT_SIGNATURE]
        bound = dict(zip(names, args.positional))
        bound.update(args.keywords)
        layer = self.new_layer("InputLayer", bound, args, names, node, kind="input")
        t = self.emit(layer, [], node, {})
        layer._tensor = t
        return t

    def new_layer(self, cls: str, bound: dict, args: Args, names: list, node, kind="layer") -> LayerObj:
        nodes = {}  # argument -> its expression: spans and source text are read lazily
        for i, arg in enumerate(args.pos_nodes):
            if arg is not None and i < len(names):
                nodes[names[i]] = arg
        for k, arg in args.kw_nodes.items():
            nodes[k] = arg.value
        spans = {k: self.span(v) for k, v in nodes.items()}
        sources = SourceTexts(nodes, self.text)
        explicit = bound.get("name")
        has_name = isinstance(explicit, str)
        name = explicit if isinstance(explicit, str) else self.counter.next(cls)
        for inner in made_inside(cls, bound, "init") if kind == "layer" else ():
            self.counter.next(inner)  # layers Keras makes inside this one take auto names too
        layer = LayerObj(cls=cls, key=self.new_key(cls), name=name, explicit_name=has_name, args=bound,
                         arg_spans=spans, arg_sources=sources, span=self.span(node), kind=kind)
        entry = lookup(cls) if kind == "layer" else None
        own = {p for p, _ in entry.signature} if entry is not None else set()
        for key in ("input_shape", "input_dim", "batch_input_shape"):
            value = args.keywords.get(key)
            # Embedding(input_dim=...) is the vocabulary size, not an input shape.
            if value is not None and kind == "layer" and key not in own:
                kw = args.kw_nodes.get(key)
                layer.input_arg = (key, value, self.span(kw, "name") if kw is not None else None,
                                   self.span(kw) if kw is not None else None)
        if bound.get("trainable") is False:
            layer.trainable = False
        self.layers[layer.key] = layer
        return layer

    def make_layer(self, cls: str, args: Args, node, env):
        entry = lookup(cls)
        if entry is None:
            bound = {f"_{i}": v for i, v in enumerate(args.positional)}
            bound.update(args.keywords)
            return self.new_layer(cls, bound, args, list(bound), node)
        cls = entry.name or cls
        bound, problems = entry.bind(list(args.positional), dict(args.keywords))
        names = [p for p, _ in entry.signature]
        layer = self.new_layer(cls, bound, args, names, node)
        for problem in problems:
            self.bind_problem(layer, entry, problem, args, node)
        inner = bound.get("layer")
        if isinstance(inner, LayerObj):
            layer.inner = inner
        return layer

    def bind_problem(self, layer, entry, problem, args: Args, node) -> None:
        key = getattr(problem, "argument", None)
        kw = args.kw_nodes.get(key) if key else None
        unknown = kw is not None and key not in entry.parameter_names()
        data = {
            "argument": key,
            "class": layer.cls,
            "span": self.span(kw, "name") if kw is not None else self.span(node),
            "suggestions": difflib.get_close_matches(key, entry.parameter_names(), n=3) if unknown else [],
            "kind": "unknown" if unknown else "signature",
        }
        self.fact("KG302", data["span"], data, message=problem.message)

    def merge_function(self, cls: str, args: Args, node, env):
        positional = list(args.positional)
        inputs = args.keywords.pop("inputs", None) if "inputs" in args.keywords else (positional.pop(0) if positional else None)
        args.kw_nodes.pop("inputs", None)
        extra = Args()
        for name, value in zip(_MERGE_POSITIONAL.get(cls, ()), positional):
            extra.keywords[name] = value
        extra.keywords.update(args.keywords)
        extra.kw_nodes = args.kw_nodes
        layer = self.make_layer(cls, extra, node, env)
        call = Args()
        call.positional = [inputs]
        return self.apply_layer(layer, call, node)

    # -- applying layers and models -------------------------------------------
    def split_call(self, args: Args):
        tensors = flatten_tensors(args.positional)
        kwargs = {}
        for k, v in args.keywords.items():
            if is_tensor_like(v):
                tensors.extend(flatten_tensors(v))
            else:
                kwargs[k] = v
        return tensors, kwargs

    def apply_layer(self, layer: LayerObj, args: Args, node):
        if self.inside_layer_call and any(isinstance(v, Spec) for v in args.positional):
            # Inside `call` a constant (`ops.arange(n)`) is a tensor like any other: the layer builds on it.
            args.positional = [self.constant_tensor(v, node) if isinstance(v, Spec) else v for v in args.positional]
        tensors, kwargs = self.split_call(args)
        if not tensors:
            if layer.instance is not None:  # a custom layer built on data: what its build makes takes auto names
                self.data_calls.append((self.span(node), layer, self.objects_made()))
            return UNKNOWN  # applied to data, not to a symbolic tensor
        if layer.input_arg is not None:
            self.input_arg_fact(layer, "functional")
        if layer.instance is not None and self.find_method(layer.instance.cls, "call") is not None:
            return self.call_custom_layer(layer, args, node, _guess(tensors))
        if layer.cls == "Lambda" and _traceable(layer):
            return self.call_lambda(layer, args, node, tensors, kwargs)
        return self.emit(layer, [t.ref for t in tensors], node, kwargs, guess=_guess(tensors))

    def constant_tensor(self, spec: Spec, node) -> Tensor:
        """A constant made inside a layer's ``call``, as a tensor of its shape."""
        n = Node(id=self.tape.new_id("constant"), kind="input", cls="InputLayer", layer_key=self.new_key("constant"),
                 span=self.span(node), name="constant", args={"batch_shape": spec.shape})
        self.tape.add(n)
        self.calltime.called(n)
        return Tensor(TensorRef(n.id, 0))

    def call_lambda(self, layer: LayerObj, args: Args, node, tensors: list, kwargs: dict):
        """Run a Lambda's function on the call's symbolic tensors, as Keras
        traces it when no ``output_shape`` is given (a callable ``output_shape``
        is run on the input shapes instead). Ops inside take no Keras name."""
        entry = layer.entry if isinstance(layer.entry, TracedLambda) else TracedLambda()
        layer.entry = entry
        out = self.emit(layer, [t.ref for t in tensors], node, kwargs, guess=_guess(tensors), now=False)
        n = self.tape.nodes[out.ref.node]
        in_shapes = [self.calltime.shape(t.ref) for t in tensors]
        mark, traced = len(self.tape.nodes), len(self.untraced)
        arg = args.positional[0] if args.positional else tensors[0]
        extra = layer.args.get("arguments")
        self.inside_layer_call += 1
        try:
            if layer.args.get("output_shape") is not None:  # a function of the input shape
                shape_arg = ShapeTuple(in_shapes[0]) if len(in_shapes) == 1 and known_shape(in_shapes[0]) else UNKNOWN
                result = self.dispatch(layer.args["output_shape"], _args([shape_arg]), node, self.globals)
            else:
                result = self.dispatch(layer.args["function"], _args([arg], extra), node, self.globals)
        finally:
            self.inside_layer_call -= 1
        inner = list(self.tape.nodes.values())[mark:]
        for code, span, message in inner_errors(inner, f"the function of {layer.name}", getattr(node, "lineno", None)):
            self.fact(code, span, {}, message=message)
        problem = self.untraced_since(traced) or next((x.stopped for x in inner if x.stopped), None)
        if any(x.kind in ("layer", "model") for x in list(self.tape.nodes.values())[mark:]):
            problem = problem or "the Lambda's function calls layers; Keras does not track their weights"
        if layer.args.get("output_shape") is not None:
            shapes = [tuple(result)] if isinstance(result, (tuple, list)) and all(
                d is None or is_int(d) or isinstance(d, Expr) for d in result) else [UNKNOWN]
        else:
            outs = flatten_tensors(result)
            shapes = [self.calltime.shape(t.ref) for t in outs] or [UNKNOWN]
            if not outs or (isinstance(result, (list, tuple)) and len(outs) != len(result)):
                problem = problem or "the Lambda's function returns something the analysis cannot follow"
        if any(not known_shape(sh) for sh in shapes):
            problem = problem or "the Lambda's output shape is not known statically"
        entry.results[TracedLambda.key(in_shapes)] = (shapes, problem)
        self.calltime.called(n)
        if isinstance(result, (list, tuple)) and len(shapes) > 1:
            n._multi = True
            return type(result)(Tensor(TensorRef(n.id, i)) for i in range(len(shapes)))
        return out

    def emit(self, layer: LayerObj, refs: list, node, kwargs: dict, guess=None, now: bool = True) -> Tensor:
        if not layer.called and layer.kind == "layer":  # the first call builds it
            for inner in made_inside(layer.cls, layer.args, "build"):
                self.counter.next(inner)
        layer.called = True
        n = self.node_for(layer)
        n.id = self.tape.new_id(layer.name)
        n.call_span = self.span(node) if node is not None else None
        n.inputs = list(refs)
        n.call_kwargs = dict(kwargs)
        n.origin = self.origin(node)
        self.tape.add(n)
        guess = guess or getattr(layer, "guess", None)
        if guess and not n.approximate:
            n.approximate = guess
        if now:
            self.calltime.called(n)
        layer.calls.append(Tensor(TensorRef(n.id, 0)))
        return Tensor(TensorRef(n.id, 0))

    def node_for(self, layer: LayerObj) -> Node:
        args = {k: (self.node_for(v) if isinstance(v, LayerObj) else v) for k, v in layer.args.items()}
        n = Node(id=layer.key, kind=layer.kind, cls=layer.cls, layer_key=layer.key, span=layer.span,
                 name=layer.name, explicit_name=layer.explicit_name, args=args,
                 arg_spans=dict(layer.arg_spans), arg_sources=layer.arg_sources)
        if layer.inner is not None:
            n.inner = args.get("layer") if isinstance(args.get("layer"), Node) else self.node_for(layer.inner)
        if layer.entry is not None:
            n.entry = layer.entry
        return n

    def called_on_data(self, model, node) -> None:
        """``model(x)``, ``fit``, ``predict``... on data: Keras builds the model
        then, with a shape not known here."""
        self.data_calls.append((self.span(node), model, self.objects_made()))
        if isinstance(model, SeqModel) and model.input_layer is None and not model.entries_built:
            self.sequential_called(model, [])  # its build still takes Keras's auto names

    def apply_model(self, model, args: Args, node):
        tensors, kwargs = self.split_call(args)
        if not tensors:
            self.called_on_data(model, node)
            return UNKNOWN
        if isinstance(model, Instance):
            self.call_subclassed_model(model, args)
            sub, cls, key, name = model.ir, model.cls.name, model.key, model.keras_name
        elif isinstance(model, OpaqueModel):
            sub, cls, key, name = None, model.cls, model.key, model.name
        else:
            if isinstance(model, SeqModel) and model.input_layer is None and not model.entries_built:
                self.sequential_called(model, tensors)
            sub, cls, key, name = model.ir, ("Sequential" if isinstance(model, SeqModel) else "Functional"), \
                model.ir.path + "#" + str(id(model)), model.ir.keras_name
        n = Node(id=self.tape.new_id(name or cls), kind="model", cls=cls, layer_key=key,
                 span=getattr(sub, "span", None) if sub is not None else model.span,
                 call_span=self.span(node), name=name, inputs=[t.ref for t in tensors],
                 call_kwargs=kwargs, submodel=sub)
        self.tape.add(n)
        if sub is not None:
            sub.used_as_layer = True
        guess = _guess(tensors) or getattr(model, "guess", None)
        if guess:
            n.approximate = guess
        self.calltime.called(n, submodel=self.model_ir_now(model))
        self.model_nodes.append((n, model))
        return Tensor(TensorRef(n.id, 0))

    def foreign_layer(self, foreign) -> LayerObj:
        """A layer object of a class we do not know: its cls is the dotted path,
        so the catalogue never mistakes it for a Keras class of the same name."""
        layer = getattr(foreign, "_layer", None)
        if layer is None:
            last = foreign.path.rsplit(".", 1)[-1]
            layer = LayerObj(cls=foreign.path, key=self.new_key(last), name=self.counter.next(last),
                             explicit_name=False, args={}, arg_spans={}, arg_sources={}, span=foreign.span)
            self.layers[layer.key] = layer
            foreign._layer = layer
        return layer

    def tensor_op(self, cls: str, values: list, node, counted: bool = False, elementwise: bool = False, op=None):
        """An op on symbolic tensors. ``op`` is (path, args, kwargs) for the op
        catalogue; without it only ``values``' tensors are known."""
        tensors: list = []
        if op is not None:
            op = (op[0], _slotted(op[1], tensors), _slotted(op[2], tensors))
            why = untraceable(op) if self.inside_layer_call else None
            if why:  # Keras's trace of the call fails here: the calling layer or model says so
                self.untraced.append((getattr(node, "lineno", None), why))
            if not tensors:  # ops.zeros((4, 8)): a constant, not a tensor of the model
                shapes = output_shapes(op, [])
                return Spec(shapes[0]) if len(shapes) == 1 and known_shape(shapes[0]) else UNKNOWN
        else:
            tensors = flatten_tensors(values)
        if not tensors:
            return UNKNOWN
        # Inside a layer's call TensorFlow traces real tensors: no Keras op is made, no name taken.
        counted = counted and not self.inside_layer_call
        name = self.counter.next(cls) if counted else to_snake_case(cls.rsplit(".", 1)[-1]) or "op"
        key = self.new_key(cls)
        n = Node(id=self.tape.new_id(name), kind="op", cls=cls, layer_key=key, span=self.span(node),
                 call_span=self.span(node), name=name, inputs=[t.ref for t in tensors])
        if elementwise:
            n.call_kwargs["elementwise"] = True  # `x + 3.0`: infer can broadcast it
        n.op = op
        n.keras_op = counted  # a Keras Operation with its own name: a row of the summary
        self.tape.add(n)
        n.approximate = n.approximate or _guess(tensors) or False
        if op is not None and op[0].startswith("tensorflow.") and not self.inside_layer_call and not n.approximate:
            n.approximate = (node.lineno if hasattr(node, "lineno") else None,
                             f"Keras 3 rejects `{self.callee_text(node)}` on a symbolic Keras tensor "
                             "(wrap it in a Layer or a Lambda, or use keras.ops); what follows is what tf.keras 2 built")
        self.calltime.called(n)
        if op is not None and len(n.output_shapes) > 1:  # ops.split, ops.unstack, tf.nn.moments
            n._multi = True
            return [Tensor(TensorRef(n.id, i)) for i in range(len(n.output_shapes))]
        return Tensor(TensorRef(n.id, 0))

    # -- builtins and methods ---------------------------------------------------
    def call_builtin(self, name: str, args: Args, node, env):
        p = args.positional
        try:
            if name == "range":
                if p and all(is_int(x) for x in p) and len(p) <= 3:
                    r = range(*p)
                    return list(r) if len(r) <= 100000 else UNKNOWN
                return UNKNOWN
            if name in ("list", "tuple"):
                items = self.iterate(p[0]) if p else []
                if items is None:
                    return UNKNOWN
                return list(items) if name == "list" else tuple(items)
            if name == "dict":
                out = dict(p[0]) if p and isinstance(p[0], dict) else {}
                out.update(args.keywords)
                return out
            if name == "len":
                items = self.iterate(p[0]) if p and id(p[0]) not in self.guessed else None
                return len(items) if items is not None else UNKNOWN
            if name == "enumerate":
                items = self.iterate(p[0]) if p else None
                start = p[1] if len(p) > 1 else args.keywords.get("start", 0)
                return [(i + start, x) for i, x in enumerate(items)] if items is not None and is_int(start) else UNKNOWN
            if name == "zip":
                lists = [self.iterate(x) for x in p]
                return UNKNOWN if any(x is None for x in lists) else [tuple(t) for t in zip(*lists)]
            if name == "reversed":
                items = self.iterate(p[0]) if p else None
                return UNKNOWN if items is None else list(reversed(items))
            if name in ("int", "float", "str", "bool", "abs", "round", "min", "max", "sum", "sorted", "divmod", "pow",
                        "chr", "ord"):
                if all(concrete(x) for x in p) and all(concrete(x) for x in args.keywords.values()):
                    import builtins
                    return getattr(builtins, name)(*p, **args.keywords)
                if name == "int" and p and isinstance(p[0], Expr):
                    return p[0]
                return UNKNOWN
            if name == "super":
                return Super(env.find("self")[1])
            if name == "isinstance" and len(p) == 2 and known_isinstance(p[0], p[1]) is not None:
                return known_isinstance(p[0], p[1])
            if name in ("print", "isinstance", "hasattr", "setattr", "getattr", "type", "id"):
                if name == "getattr" and len(p) >= 2 and isinstance(p[1], str):
                    return self.attribute(p[0], p[1], node, env)
                return None if name in ("print", "setattr") else UNKNOWN
        except Exception:
            return UNKNOWN
        return UNKNOWN

    def call_method(self, method: Method, args: Args, node, env):
        owner, name = method.owner, method.name
        p = args.positional
        if isinstance(owner, list):
            if name == "append" and p:
                owner.append(p[0])
            elif name == "extend" and p:
                owner.extend(self.iterate(p[0]) or [])
            elif name == "insert" and len(p) == 2 and is_int(p[0]):
                owner.insert(p[0], p[1])
            elif name == "pop" and owner:
                return owner.pop(p[0] if p and is_int(p[0]) else -1)
            return None
        if isinstance(owner, dict):
            if name == "get" and p:
                return owner.get(p[0], p[1] if len(p) > 1 else None) if not isinstance(p[0], (list, dict)) else UNKNOWN
            if name == "items":
                return list(owner.items())
            if name == "keys":
                return list(owner.keys())
            if name == "values":
                return list(owner.values())
            if name == "update" and p and isinstance(p[0], dict):
                owner.update(p[0])
            elif name == "pop" and p and concrete(p[0]) and (p[0] in owner or len(p) > 1):
                return owner.pop(p[0], *p[1:2])
            elif name == "copy" and not p:
                return dict(owner)
            elif name not in ("update", "clear"):
                return UNKNOWN  # a method not modelled: its result is not None
            elif name == "clear":
                owner.clear()
            return None
        if isinstance(owner, Tensor) and name == "get_shape":
            return self.tensor_attribute(owner, "shape", node)
        if isinstance(owner, tuple) and name == "as_list":
            return list(owner)
        if isinstance(owner, str):
            if all(concrete(x) for x in p) and all(concrete(x) for x in args.keywords.values()):
                try:
                    return getattr(owner, name)(*p, **args.keywords)
                except Exception:
                    return UNKNOWN
            return UNKNOWN
        return self.model_method(owner, name, args, node, env)


def _in_source_order(node: ast.Call) -> list:
    """Arguments as written: ``ast`` lists keywords apart, but ``f(a=x, *rest)``
    evaluates ``x`` first, and evaluation order decides Keras's auto names."""
    if not node.keywords or not any(isinstance(a, ast.Starred) for a in node.args):
        return [*node.args, *node.keywords]
    return sorted([*node.args, *node.keywords], key=lambda a: (a.lineno, a.col_offset))


def _traceable(layer: LayerObj) -> bool:
    """A Lambda whose function (or callable ``output_shape``) the interpreter can run."""
    callables = (Function, Ref, Builtin, LayerObj)
    shape = layer.args.get("output_shape")
    if shape is not None:
        return isinstance(shape, Function)
    return isinstance(layer.args.get("function"), callables)


def _args(positional: list, keywords=None) -> Args:
    out = Args()
    out.positional = list(positional)
    out.pos_nodes = [None] * len(positional)
    if isinstance(keywords, dict):
        out.keywords = {k: v for k, v in keywords.items() if isinstance(k, str)}
    return out


def _slotted(value, tensors: list):
    """``value`` with each symbolic tensor replaced by a Slot; the tensors are
    appended to ``tensors`` in that order (they become the node's inputs)."""
    if isinstance(value, Tensor):
        tensors.append(value)
        return Slot(len(tensors) - 1)
    if isinstance(value, list):
        return [_slotted(v, tensors) for v in value]
    if isinstance(value, tuple):
        return tuple(_slotted(v, tensors) for v in value)
    if isinstance(value, dict):
        return {k: _slotted(v, tensors) for k, v in value.items()}
    if isinstance(value, slice):
        return slice(*(_slotted(v, tensors) for v in (value.start, value.stop, value.step)))
    return value


def _guess(tensors: list):
    """Why one of these tensors may not be the one the program holds, if so."""
    return next((t.guess for t in tensors if t.guess), None)
