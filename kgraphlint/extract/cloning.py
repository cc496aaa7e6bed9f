"""``keras.models.clone_model``, as Keras 3.15.1 does it (keras/src/models/cloning.py).

A clone is built from new layer objects: each is
``layer.__class__.from_config(layer.get_config())``, so a Keras layer keeps
its name and arguments (trainable included) and takes no name counter, while
a custom Layer runs its ``__init__`` again: it keeps its name only when
``get_config`` hands it back (see ``_keeps_name``), and the layers it makes
inside take new auto names. A Sequential clone lists the cloned layers after
an ``Input`` like the original's (or over ``input_tensors``); a Functional
clone runs the original graph, node by node, on new ``Input``s named after
the original input tensors (or on ``input_tensors``). The clone keeps the
model's name. A ``clone_function`` is run on each layer; what it returns is
used when the analysis can follow it, otherwise the clone is not exact.
"""

from __future__ import annotations

import ast
import copy

from ..dims import UNKNOWN
from ..graph import TensorRef
from ..layers import lookup, made_inside
from ..layers.base import REQUIRED
from .base import Args, Machine
from .imports import classify
from .tape import build_map
from .values import (
    ClassVal,
    FuncModel,
    Function,
    Instance,
    LayerObj,
    SeqModel,
    Tensor,
    flatten_tensors,
)

# Argument values Keras's automatic get_config can serialize (Operation.__new__).
_SERIALIZABLE = (str, int, float, bool, type(None))
# Name of an Input made from a tensor Keras named itself: a counter of every
# KerasTensor the process made, which is not followed here.
UNNAMED_TENSOR = "keras_tensor_?"
_NOT_CLONED = UNKNOWN  # what clone_model gives when it is not followed


def _serializable(value) -> bool:
    """A value Keras's automatic config keeps (Operation.__new__: tree.flatten)."""
    if isinstance(value, (list, tuple)):
        return all(_serializable(v) for v in value)
    if isinstance(value, dict):
        return all(_serializable(v) for v in value.values())
    return isinstance(value, _SERIALIZABLE)


class CloneMixin(Machine):
    def clone_model(self, args: Args, node, env):
        p, kw = args.positional, args.keywords
        model = kw.get("model", p[0] if p else None)
        input_tensors = kw.get("input_tensors", p[1] if len(p) > 1 else None)
        clone_function = kw.get("clone_function", p[2] if len(p) > 2 else None)
        call_function = kw.get("call_function", p[3] if len(p) > 3 else None)
        cloner = _Cloner(self, node, clone_function)
        line = getattr(node, "lineno", None)
        if call_function is not None:
            cloner.reasons.append((line, "clone_model's `call_function` is not followed"))
        if isinstance(model, SeqModel) and call_function is None:
            return self.clone_sequential(model, input_tensors, cloner, node, env, top=True)
        if isinstance(model, FuncModel):
            return self.clone_functional(model, input_tensors, cloner, node, env, top=True)
        if isinstance(model, Instance) and model.cls.role == "model" and not (
                input_tensors is not None or clone_function is not None or call_function is not None):
            return self.clone_subclassed(model, node, env)  # Keras refuses those arguments for a subclass
        return _NOT_CLONED

    def clone_subclassed(self, model: Instance, node, env):
        """A subclassed model: ``deserialize(serialize(model))``. Keras 3.15.1's
        automatic config of a Model subclass holds the *defaults* of its
        ``__init__`` (``Model.__new__`` hands ``Operation.__new__`` no
        arguments), its name only when ``__init__`` takes ``name`` or
        ``**kwargs``, then ``trainable`` and ``dtype``; the clone is
        ``cls(**config)``, built by running ``call`` on the recorded input
        shapes when the original was built. What Keras would refuse, or what
        a class's own ``get_config``/``from_config`` decides, is not followed."""
        cls = model.cls
        line = getattr(node, "lineno", None)
        if self.find_method(cls, "get_config") is not None or self.find_method(cls, "from_config") is not None:
            return _NOT_CLONED  # the class's own config: not followed
        init = self.find_method(cls, "__init__")
        keywords: dict = {}
        keeps_name = True  # keras.Model.__init__(self, *args, **kwargs)
        if init is not None:
            params = init.args
            if params.posonlyargs:
                return _NOT_CLONED  # Keras: no automatic config for positional-only arguments
            plain = params.args[1:]
            defaults = self.method_defaults.get(id(init))
            if defaults is None:
                return _NOT_CLONED
            own = [p.arg for p in [*plain, *params.kwonlyargs]]
            if any(name not in defaults for name in own):
                return _NOT_CLONED  # a required argument: Keras cannot make the automatic config
            values = {name: defaults[name] for name in own if name != "name"}
            if not all(_serializable(v) for v in values.values()):
                return _NOT_CLONED  # Keras makes no automatic config, or one not known here
            varkw = params.kwarg.arg if params.kwarg is not None else None
            if varkw is None and not {"trainable", "dtype"} <= set(own):
                return _NOT_CLONED  # cls(**config) gets `trainable` and `dtype`: a TypeError
            keywords.update(values)
            keeps_name = "name" in own or varkw == "kwargs"
        if model.trainable is not True:
            return _NOT_CLONED  # a frozen original: the clone's trainable flag is not followed
        if keeps_name:
            keywords["name"] = model.keras_name
        args = Args()
        args.keywords = keywords
        clone = self.instantiate(cls, args, node, env)
        if not isinstance(clone, Instance) or clone.ir is None:
            return _NOT_CLONED
        given = model.input_args
        on_data = any(call[1] is model for call in [*self.data_calls, *self.method_builds])
        if on_data:  # built by a call on data: its shapes are not known
            clone.ir.reasons.append((line, f"the clone of `{model.keras_name}` is built on the shapes a call on "
                                           "data gave the original, which the analysis does not follow"))
        elif model.graph_built and isinstance(given, list) and len(given) == 1 and not model.build_only \
                and self.find_method(cls, "build") is None:
            # one input tensor and Keras's own build: build_from_config runs `call` on that shape
            self.build_by_run(clone, given)
        elif model.graph_built or model.build_only or given is not None:
            clone.ir.reasons.append((line, f"the clone of `{model.keras_name}` is built as the original was, "
                                           "which the analysis does not follow"))
        return clone

    def clone_sequential(self, model: SeqModel, input_tensors, cloner, node, env, top: bool) -> SeqModel:
        entries = [cloner.entry(entry) for entry in model.entries]
        name = model.ir.keras_name or self.counter.next("Sequential")
        seq = SeqModel(ir=self.new_ir("sequential", node, name, env), trainable=model.trainable)
        seq.sandbox_born = self.sandbox_key is not None
        original = model.input_layer
        given = flatten_tensors(input_tensors)
        if given:  # Input(tensor=input_tensors, name=<the original input's name>)
            name = original.name if original is not None else self.counter.next("InputLayer")
            seq.input_layer = _input_layer(self, name, {"batch_shape": self.calltime.shape(given[0].ref)}, node)
        elif original is not None:
            seq.input_layer = _input_layer(self, original.name, dict(original.args), node)
        elif model.build_args is not None:
            seq.build_args = dict(model.build_args)  # built: its InputLayer is cloned with its own name
        seq.entries = [e for e in entries if e is not None]
        if self.sequential_has_input(seq) and seq.entries:
            self.counter.next("Functional")  # Sequential.build makes a Functional
        seq.guess = model.guess
        seq.guess_from = model.guess_from
        for reason in [*model.ir.reasons, *cloner.reasons]:
            if reason not in seq.ir.reasons:
                seq.ir.reasons.append(reason)
        self.sequentials.append(seq)
        if not top:
            self.models.remove(seq.ir)  # made inside the clone: a row of it, not a model of the file
        return seq

    def clone_functional(self, model: FuncModel, input_tensors, cloner, node, env, top: bool):
        ins = [t.ref for t in model.inputs]
        outs = [t.ref for t in model.outputs]
        given = flatten_tensors(input_tensors) if input_tensors is not None else None
        if given is not None and len(given) != len(ins):
            return _NOT_CLONED  # Keras raises: input_tensors must have the structure of model.input
        cut = build_map(self.tape, ins, outs)
        order = [r.node for r in ins if r.node not in cut.order] + cut.order
        refs: dict = {}  # original TensorRef -> the clone's
        nodes: dict = {}  # original node id -> the clone's
        models = {n.id: value for n, value in self.model_nodes}
        for ref, tensor in zip(ins, given or []):
            refs[ref] = tensor.ref

        def mapped(ref: TensorRef) -> TensorRef:
            return refs.get(ref) or TensorRef(nodes.get(ref.node, ref.node), ref.index)

        input_ids = {r.node for r in ins}
        for nid in order:
            old = self.tape.nodes[nid]
            if nid in input_ids:
                if given is None:
                    # Input(batch_shape=x.shape, name=x.name): from_config keeps a layer's name, a new
                    # clone names the Input after the original input *tensor*.
                    name = old.name if old.explicit_name or not top else UNNAMED_TENSOR
                    args = {k: v for k, v in old.args.items() if k != "name"} if old.kind == "input" else {}
                    if old.kind != "input" or ("shape" not in args and "batch_shape" not in args):
                        args["batch_shape"] = self.calltime.shape(TensorRef(nid, ref_index(ins, nid)))
                    layer = _input_layer(self, name, args, node)
                    tensor = self.emit(layer, [], node, {})
                    layer._tensor = tensor
                    nodes[nid] = tensor.ref.node
                continue
            inputs = [Tensor(mapped(r)) for r in old.inputs]
            if old.kind == "op":
                nodes[nid] = self.clone_op(old, [t.ref for t in inputs], node)
                continue
            if old.kind == "model":
                inner = models.get(nid)
                clone = cloner.entry(inner) if inner is not None else None
                if clone is None:
                    return _NOT_CLONED
                result = self.apply_model(clone, _positional(_one_or_list(inputs)), node)
            else:
                original = self.layers.get(old.layer_key)
                if original is None:
                    return _NOT_CLONED
                clone = cloner.layer(original)
                if clone.instance is not None or clone.cls == "Lambda":  # `call` reads how it is called
                    structure = self.call_structures.get(nid)
                    call = _positional(_one_or_list(inputs))
                    if structure is not None:  # as the original was called: `layer([a, b])`, `layer(a, b)`
                        call.positional = _remap(list(structure[0]), mapped)
                        call.pos_nodes = [None] * len(call.positional)
                        call.keywords = _remap(dict(structure[1]), mapped)
                    result = self.apply_layer(clone, call, node)
                else:
                    result = self.emit(clone, [t.ref for t in inputs], node, dict(old.call_kwargs))
            first = flatten_tensors(result)
            if not first:
                return _NOT_CLONED
            nodes[nid] = first[0].ref.node
        call = Args()
        call.positional = [_one_or_list([Tensor(mapped(r)) for r in ins]),
                           _one_or_list([Tensor(mapped(r)) for r in outs])]
        call.keywords = {"name": model.ir.keras_name}
        made = self.make_functional(call, node, env)
        if not isinstance(made, FuncModel):
            return _NOT_CLONED
        made.ir.output_names = list(model.ir.output_names or [])
        for reason in [*model.ir.reasons, *cloner.reasons]:
            if reason not in made.ir.reasons:
                made.ir.reasons.append(reason)
        if not top:
            self.models.remove(made.ir)
            self.functionals.remove(made)
        return made

    def layer_config(self, layer: LayerObj):
        """``layer.get_config()`` of a Keras layer: its arguments (defaults
        included), name and trainable; what a config names by a layer (a
        wrapper's) is not followed."""
        entry = lookup(layer.cls) if layer.kind == "layer" else None
        if entry is None or any(isinstance(v, LayerObj) for v in layer.args.values()):
            return UNKNOWN
        config = {name: default for name, default in entry.signature if default is not REQUIRED}
        config.update({k: v for k, v in layer.args.items() if not k.startswith("_")})
        config.update(name=layer.name, trainable=layer.trainable)
        return config

    def layer_from_config(self, cls_path: str, args: Args, node, env):
        """``keras.layers.Dense.from_config(config)``: the class called on the config."""
        kind = classify(cls_path)
        config = args.keywords.get("config", args.positional[0] if args.positional else None)
        if kind is None or kind[0] != "layer" or not isinstance(config, dict) or \
                not all(isinstance(k, str) for k in config):
            return UNKNOWN
        call = Args()
        call.keywords = dict(config)
        return self.make_layer(kind[1], call, node, env)

    def clone_op(self, old, refs: list, node) -> str:
        """A Keras Operation (``x + y``, ``ops.mean``): cloned from its config, its name kept."""
        new = copy.copy(old)
        new.id = self.tape.new_id(old.name or "op")
        new.layer_key = self.new_key(old.cls)
        new.inputs = list(refs)
        new.call_span = self.span(node)
        new.internal = False
        new.input_shapes, new.output_shapes = [], []
        self.tape.add(new)
        self.calltime.called(new)
        return new.id


def ref_index(refs: list, nid: str) -> int:
    return next((r.index for r in refs if r.node == nid), 0)


class _Cloner:
    """The clone_function of one clone_model call, with Keras's cache: a layer
    used twice in the model is cloned once."""

    def __init__(self, interp, node, clone_function):
        self.interp = interp
        self.node = node
        self.function = clone_function
        self.cache: dict = {}
        self.reasons: list = []

    def entry(self, value):
        """A Sequential entry or a nested model: cloned as from_config rebuilds it."""
        if isinstance(value, LayerObj):
            return self.layer(value)
        if id(value) in self.cache:
            return self.cache[id(value)]
        interp = self.interp
        if self.function is not None:
            result = self._run(value, getattr(getattr(value, "ir", None), "keras_name", "a nested model"))
            if result is not None:
                self.cache[id(value)] = result
                return result
        if isinstance(value, SeqModel):
            clone = interp.clone_sequential(value, None, _Cloner(interp, self.node, None), self.node,
                                            interp.globals, top=False)
        elif isinstance(value, FuncModel):
            clone = interp.clone_functional(value, None, _Cloner(interp, self.node, None), self.node,
                                            interp.globals, top=False)
        else:
            clone = None
        if clone is None:
            self.reasons.append((getattr(self.node, "lineno", None),
                                 f"clone_model: cloning {type(value).__name__} is not followed"))
            clone = value
        self.cache[id(value)] = clone
        return clone

    def layer(self, layer: LayerObj):
        if layer.key in self.cache:
            return self.cache[layer.key]
        clone = None
        if self.function is not None:
            clone = self._run(layer, layer.name)
        if clone is None:
            clone = self._default(layer)
        self.cache[layer.key] = clone
        return clone

    def _run(self, value, name: str):
        """The user's clone_function on ``value``: a layer or model it returns, else None (and why)."""
        interp = self.interp
        line = getattr(self.node, "lineno", None)
        result = None
        if isinstance(self.function, Function):
            result = interp.call_function(self.function, [value], {}, self.node)
        if isinstance(result, (LayerObj, SeqModel, FuncModel)):
            return result
        what = f"`{self.function.name}`" if isinstance(self.function, Function) and self.function.name else "it"
        self.reasons.append((line, f"clone_model's clone_function: what {what} returns for {name} is not known "
                                   "statically (counted here as Keras's default copy)"))
        return None

    def _default(self, layer: LayerObj) -> LayerObj:
        """``layer.__class__.from_config(layer.get_config())``."""
        interp = self.interp
        if layer.instance is not None:
            return self._custom(layer)
        if layer.cls == "Lambda":  # keras/src/layers/core/lambda_layer.py: from_config
            self.reasons.append((getattr(self.node, "lineno", None), (
                f"clone_model: Keras rebuilds {layer.name} from its config only for a registered function "
                "(@keras.saving.register_keras_serializable) or, for a Python lambda, after "
                "keras.config.enable_unsafe_deserialization(); it raises otherwise")))
        args = {k: (self._default(v) if isinstance(v, LayerObj) else v) for k, v in layer.args.items()}
        for inner in made_inside(layer.cls, layer.args, "init") if layer.kind == "layer" else ():
            interp.counter.next(inner)  # __init__ runs again: layers it makes take new names
        clone = LayerObj(cls=layer.cls, key=interp.new_key(layer.cls), name=layer.name,
                         explicit_name=layer.explicit_name, args=args, arg_spans=dict(layer.arg_spans),
                         arg_sources=layer.arg_sources, span=layer.span, kind=layer.kind,
                         trainable=layer.trainable, entry=layer.entry, guess=layer.guess)
        if isinstance(args.get("layer"), LayerObj):
            clone.inner = args["layer"]
        interp.layers[clone.key] = clone
        return clone

    def _custom(self, layer: LayerObj) -> LayerObj:
        """A custom Layer: ``cls(**get_config())`` runs its ``__init__`` again."""
        interp = self.interp
        inst = layer.instance
        given = inst.init_args if inst.init_args is not None else Args()
        call = Args()
        call.positional = list(given.positional)
        call.keywords = dict(given.keywords)
        call.keywords["trainable"] = layer.trainable
        keeps, why = _keeps_name(interp, inst.cls, given)
        if why:
            self.reasons.append((getattr(self.node, "lineno", None), f"clone_model: {layer.cls} {why}"))
        if keeps:
            call.keywords["name"] = layer.name
        else:
            call.keywords.pop("name", None)
        clone = interp.custom_layer(inst.cls, Instance(inst.cls, key=interp.new_key(inst.cls.name)), call, self.node)
        clone.span = layer.span
        clone.trainable = layer.trainable
        clone.guess = layer.guess
        return clone


def _keeps_name(interp, cls: ClassVal, given: Args) -> tuple:
    """Whether ``cls(**layer.get_config())`` gets the layer's name back, and
    why Keras refuses to clone the layer, if it does (Operation.get_config,
    Layer.get_config in Keras 3.15.1)."""
    own = interp.find_method(cls, "get_config")
    if own is not None:  # the config is what it returns: the name only through super().get_config()
        return any(_is_super_get_config(n) for n in ast.walk(own)), None
    init = interp.find_method(cls, "__init__")
    if init is None:
        return True, None  # Layer.__init__ takes name, trainable and dtype
    values = [*given.positional, *given.keywords.values()]
    if not all(_plain(v) for v in values):
        return False, ("takes constructor arguments Keras cannot write into a config and has no get_config; "
                       "Keras refuses to clone it")
    params = init.args
    names = {a.arg for a in params.posonlyargs + params.args + params.kwonlyargs}
    if params.kwarg is None and not {"trainable", "dtype"} <= names:
        return False, ("has no get_config and its __init__ takes no **kwargs: the automatic config passes it "
                       "`trainable` and `dtype`, and Keras refuses to clone it")
    return "name" in names or (params.kwarg is not None and params.kwarg.arg == "kwargs"), None


def _is_super_get_config(node) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get_config"
            and isinstance(node.func.value, ast.Call) and getattr(node.func.value.func, "id", None) == "super")


def _plain(value) -> bool:
    if isinstance(value, _SERIALIZABLE):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def _input_layer(interp, name: str, args: dict, node) -> LayerObj:
    layer = LayerObj(cls="InputLayer", key=interp.new_key("InputLayer"), name=name, explicit_name=True,
                     args={**args, "name": name}, arg_spans={}, arg_sources={}, span=interp.span(node), kind="input")
    interp.layers[layer.key] = layer
    return layer


def _one_or_list(tensors: list):
    return tensors[0] if len(tensors) == 1 else list(tensors)


def _positional(*values) -> Args:
    out = Args()
    out.positional = list(values)
    out.pos_nodes = [None] * len(values)
    return out


def _remap(structure, mapped):
    """A call's arguments with each tensor replaced by the clone's."""
    if isinstance(structure, Tensor):
        return Tensor(mapped(structure.ref))
    if isinstance(structure, list):
        return [_remap(v, mapped) for v in structure]
    if isinstance(structure, tuple):
        return tuple(_remap(v, mapped) for v in structure)
    if isinstance(structure, dict):
        return {k: _remap(v, mapped) for k, v in structure.items()}
    return structure

