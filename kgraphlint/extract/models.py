"""Sequential and Functional models: construction, methods, attributes, and
turning them into ModelIRs at the end of the file."""

from __future__ import annotations

from dataclasses import replace

from ..dims import UNKNOWN, is_int
from ..graph import ModelIR, Node, TensorRef
from .base import STRICT, Args, Machine, key_number
from .tape import fill_ir
from .values import (
    Foreign,
    FuncModel,
    Instance,
    LayerObj,
    Method,
    OpaqueModel,
    SeqModel,
    Tensor,
    flatten_tensors,
)

# Model methods that run the model on data, and so build it (Keras's Trainer).
_BUILDING_METHODS = frozenset({"fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch"})


class ModelMixin(Machine):

    # -- construction ----------------------------------------------------------
    def new_ir(self, kind: str, node, keras_name: str, env) -> ModelIR:
        ir = ModelIR(name=keras_name, kind=kind, path=self.path, span=self.span(node),
                     keras_name=keras_name, function=env.function if env is not None else None)
        ir.born = self.new_key("Model")
        if not self.importing:  # a model an imported module builds as it loads is that module's
            self.models.append(ir)
        return ir

    def make_sequential(self, args, node, env):
        layers = args.keywords.get("layers", args.positional[0] if args.positional else None)
        name = args.keywords.get("name", args.positional[2] if len(args.positional) > 2 else None)
        keras_name = name if isinstance(name, str) else self.counter.next("Sequential")
        seq = SeqModel(ir=self.new_ir("sequential", node, keras_name, env))
        seq.sandbox_born = self.sandbox_key is not None
        if args.keywords.get("trainable") is False:
            seq.trainable = False
        self.sequentials.append(seq)
        items = self.iterate(layers) if layers is not None else []
        if id(layers) in self.guessed:
            seq.guess = self.guessed[id(layers)][1]
        for item in items or []:
            self.add_to_sequential(seq, item, rebuild=False)
        if self.sequential_has_input(seq) and seq.entries:
            self.counter.next("Functional")  # Sequential.build makes a Functional
        return seq

    def sequential_has_input(self, seq: SeqModel) -> bool:
        return seq.input_layer is not None or seq.build_args is not None

    def add_to_sequential(self, seq: SeqModel, item, rebuild: bool = True) -> None:
        if isinstance(item, Tensor):  # Sequential accepts keras.Input(...)'s tensor
            producer = self.tape.nodes.get(item.ref.node)
            item = self.layer_of(producer)
            if item is None:
                return
        if (isinstance(item, LayerObj) and item.kind == "input") or (
            isinstance(item, LayerObj) and item.cls == "InputLayer"
        ):
            if seq.input_layer is None and not seq.entries:
                seq.input_layer = item
            return
        if isinstance(item, Foreign):
            item = self.foreign_layer(item)
        if not isinstance(item, (LayerObj, SeqModel, FuncModel, OpaqueModel, Instance)):
            return
        first = not seq.entries and seq.input_layer is None and seq.build_args is None
        if first and isinstance(item, (SeqModel, FuncModel)):
            # Keras builds Sequential([base, ...]) from a built base model's input.
            shape = self.model_input_args(item)
            if shape is not None:
                seq.build_args = shape
        if isinstance(item, LayerObj) and item.input_arg is not None:
            self.input_arg_fact(item, "sequential-first" if first else "sequential-later")
            if first:
                key, value, _, _ = item.input_arg
                given = (value,) if key == "input_dim" else value
                args = {"batch_shape": given} if key == "batch_input_shape" else {"shape": given}
                seq.input_layer = self.synthetic_input(args, item.span)
        seq.entries.append(item)
        if rebuild and self.sequential_has_input(seq):
            self.counter.next("Functional")

    def validate_unused_layers(self) -> None:
        """A layer never applied to a tensor still runs its constructor in
        Keras: report the argument values that constructor rejects (KG303)."""
        from ..layers import LayerError, lookup
        from ..layers.activations import ACTIVATION_ARGS, layer_as_activation

        used = {node.layer_key for node in self.tape.nodes.values()}
        for layer in self.layers.values():
            if layer.kind != "layer" or layer.key in used or layer.inner is not None:
                continue
            for argument in ACTIVATION_ARGS:
                message = layer_as_activation(layer.cls, argument, layer.args.get(argument))
                if message:
                    self.fact("KG303", layer.arg_spans.get(argument) or layer.span, {"argument": argument},
                              message=message)
            entry = layer.entry or lookup(layer.cls)
            if entry is None:
                continue
            try:
                entry(dict(layer.args)).validate()
            except LayerError as exc:
                if exc.kind == "value":
                    span = layer.arg_spans.get(exc.argument) or layer.span
                    self.fact("KG303", span, {"argument": exc.argument}, message=exc.message)
            except Exception:  # a catalogue entry must not take extraction down
                continue

    def model_input_args(self, model) -> dict | None:
        """``Input`` arguments reproducing a built model's single input, if known."""
        if isinstance(model, SeqModel):
            if model.input_layer is not None:
                return dict(model.input_layer.args)
            return dict(model.build_args) if model.build_args is not None else None
        if isinstance(model, FuncModel) and len(model.inputs) == 1:
            node = self.tape.nodes.get(model.inputs[0].ref.node)
            if node is not None and node.kind == "input":
                return dict(node.args)
        return None

    def synthetic_input(self, args: dict, span) -> LayerObj:
        layer = LayerObj(cls="InputLayer", key=self.new_key("InputLayer"), name=self.counter.next("InputLayer"),
                         explicit_name=False, args=args, arg_spans={}, arg_sources={}, span=span, kind="input")
        self.layers[layer.key] = layer
        return layer

    def layer_of(self, node: Node | None):
        if node is None:
            return None
        return self.layers.get(node.layer_key)

    def input_arg_fact(self, layer: LayerObj, context: str) -> None:
        assert layer.input_arg is not None
        key, _value, kw_span, arg_span = layer.input_arg
        self.fact("KG105", arg_span or layer.span, {
            "argument": key, "argument_span": arg_span, "keyword_span": kw_span, "class": layer.cls,
            "layer": layer.name, "context": context, "first_in_sequential": context == "sequential-first",
        })

    def make_functional(self, args, node, env):
        p = args.positional
        inputs = args.keywords.get("inputs", p[0] if p else None)
        outputs = args.keywords.get("outputs", p[1] if len(p) > 1 else None)
        if inputs is None or outputs is None:
            return UNKNOWN
        name = args.keywords.get("name", p[2] if len(p) > 2 else None)
        keras_name = name if isinstance(name, str) else self.counter.next("Functional")
        ir = self.new_ir("functional", node, keras_name, env)
        if isinstance(outputs, dict):
            from .values import _sorted_keys

            ir.output_names = [str(k) for k in _sorted_keys(outputs)]
        ins, outs = flatten_tensors(inputs), flatten_tensors(outputs)
        for container in (inputs, outputs):
            if id(container) in self.guessed:
                ir.reasons.append(self.guessed[id(container)][1])
        ir.reasons.extend(t.guess for t in ins + outs if t.guess and t.guess not in ir.reasons)
        model = FuncModel(ir=ir, inputs=ins, outputs=outs, key=self.new_key("functional"))
        if args.keywords.get("trainable") is False:
            model.trainable = False
        cut = fill_ir(ir, self.tape, [t.ref for t in ins], [t.ref for t in outs])
        for nid in cut.stray_inputs:
            stray = self.tape.nodes[nid]
            self.fact("KG102", self.span(node), {"model": keras_name, "input": stray.name, "input_span": stray.span})
        self.functionals.append(model)
        if isinstance(model.trainable, bool) and not model.trainable:
            self.freeze(model)
        return model

    # -- attributes and methods -------------------------------------------------
    def model_attribute(self, model, attr: str, node):
        value = self._model_attribute(model, attr, node)
        guess = getattr(model, "guess", None) or (model.ir.reasons[0] if getattr(model, "ir", None) is not None
                                                  and model.ir.reasons else None)
        if not guess and isinstance(model, FuncModel):  # a layer on a guessed path: which layers is not certain
            guess = next((n.approximate for n in model.ir.nodes() if isinstance(n.approximate, tuple)), None)
        if not guess and attr == "layers" and isinstance(model, FuncModel):
            # code the analysis did not follow may have made layers of its own
            unknown = next((n for n in model.ir.nodes() if n.kind == "op" and n.stopped), None)
            if unknown is not None:
                guess = (unknown.call_span.line if unknown.call_span else None,
                         f"`{model.ir.name}.layers` may hold layers that {unknown.name} made, which is not followed")
        if guess and attr in ("input", "output", "inputs", "outputs", "layers"):
            # Read from a model that may differ, these may be other tensors and layers.
            items = value if isinstance(value, list) else [value]
            items = [Tensor(v.ref, guess=guess) if isinstance(v, Tensor) else
                     replace(v, guess=guess) if isinstance(v, LayerObj) else v for v in items]  # the layer itself is as it was
            value = items if isinstance(value, list) else items[0]
        return value

    def _model_attribute(self, model, attr: str, node):
        if isinstance(model, SeqModel) and attr in ("input", "output"):
            self.fact("KG106", self.span(node, "name"), {"attribute": attr, "model": model.ir.name,
                                                         "span": self.span(node, "name")})
            return UNKNOWN
        if attr in ("input", "output", "inputs", "outputs"):
            tensors = self.model_tensors(model, attr.startswith("input"))
            if tensors is None:
                return UNKNOWN
            if attr in ("inputs", "outputs"):
                return list(tensors)
            return tensors[0] if len(tensors) == 1 else list(tensors)
        if attr in ("output_shape", "input_shape"):
            tensors = self.model_tensors(model, attr == "input_shape")
            if tensors is None:
                return UNKNOWN
            shapes = [self.tensor_attribute(t, "shape", node) for t in tensors]
            return shapes[0] if len(shapes) == 1 else shapes
        if attr == "layers":
            return self.model_layers(model)
        if attr == "name":
            return getattr(model, "keras_name", None) or getattr(getattr(model, "ir", None), "keras_name", UNKNOWN)
        if attr == "trainable":
            return model.trainable
        return Method(model, attr)

    def model_tensors(self, model, inputs: bool):
        if isinstance(model, FuncModel):
            return model.inputs if inputs else model.outputs
        if isinstance(model, SeqModel) and self.sequential_has_input(model):
            cached = getattr(model, "_chain", None)  # .inputs and .outputs share one graph
            if cached is None or cached[0] != len(model.entries):
                model._chain = (len(model.entries), self.sequential_chain(model))
            refs = model._chain[1]
            return [Tensor(refs[0])] if inputs else [Tensor(refs[-1])]
        return None

    def model_layers(self, model):
        if isinstance(model, SeqModel):
            return list(model.entries)
        if isinstance(model, FuncModel):
            nodes = [model.ir.node(n) for n in model.ir.graph.nodes if "node" in model.ir.graph.nodes[n]]
            ops = {n.layer_key for n in nodes if n.kind == "op"}  # Keras's Operations: not in `.layers`
            order = model.ir.layer_order or [n.layer_key for n in nodes]
            models = {n.layer_key: value for n, value in self.model_nodes}  # models used as layers
            out = [self.layers.get(k) or models.get(k) for k in dict.fromkeys(order) if k not in ops]
            return out if all(x is not None for x in out) else UNKNOWN
        if isinstance(model, Instance):
            return list(model.layers)
        return UNKNOWN

    def unbuilt(self, owner) -> bool:
        """A Sequential with no input shape, or a subclassed model nothing
        has built yet (a call, ``build``)."""
        if isinstance(owner, SeqModel):
            return not self.sequential_has_input(owner)
        return (isinstance(owner, Instance) and owner.cls.role == "model" and not owner.graph_built
                and owner.input_args is None and not owner.build_only)

    def model_method(self, owner, name: str, args, node, env):
        p = args.positional
        if self.frozen_object(owner):
            return None
        if name == "get_layer" and isinstance(owner, (SeqModel, FuncModel, Instance)):
            return self.get_layer(owner, p[0] if p else args.keywords.get("name"),
                                  p[1] if len(p) > 1 else args.keywords.get("index"))
        if name == "count_params":
            return self.count_params(owner)
        if name in _BUILDING_METHODS and self.unbuilt(owner):
            # fit, predict...: the first batch builds the model, on shapes not known here
            self.method_builds.append((self.span(node), owner, self.objects_made(), name))
            if isinstance(owner, SeqModel) and owner.input_layer is None and not owner.entries_built:
                self.sequential_called(owner, [])  # its build still takes Keras's auto names
            return UNKNOWN
        if name == "get_config" and isinstance(owner, LayerObj):
            return self.layer_config(owner)
        if isinstance(owner, SeqModel):
            if name == "add" and p:
                self.add_to_sequential(owner, p[0])
            elif name == "pop" and owner.entries:
                owner.entries.pop()
            elif name == "build":
                shape = p[0] if p else args.keywords.get("input_shape")
                if isinstance(shape, (tuple, list)) and owner.input_layer is None and owner.build_args is None:
                    owner.input_layer = self.synthetic_input({"batch_shape": tuple(shape)}, self.span(node))
                    self.counter.next("Functional")
            return None
        if isinstance(owner, Instance) and owner.cls.role == "model":
            if name == "build":
                shape = p[0] if p else args.keywords.get("input_shape")
                if self.find_method(owner.cls, "build") is None:
                    # Keras 3's default build() only marks the model built (with a
                    # warning): no sub-layer is built until the model is called.
                    owner.build_only = True
                    owner.build_span = self.span(node)
                # Keras builds a subclassed model only from valid shapes; from
                # others its build fails with a warning and makes no weights.
                elif isinstance(shape, (tuple, list)) and shape and all(isinstance(s, (tuple, list)) for s in shape):
                    # build([(None, 20), (None, 50)]): one input per shape, call() gets the list
                    if all(_buildable(s) for s in shape):
                        owner.input_args = [{"batch_shape": tuple(s)} for s in shape]
                        owner.build_span = self.span(node)
                elif isinstance(shape, (tuple, list)) and _buildable(shape):
                    owner.input_args = {"batch_shape": tuple(shape)}
                    owner.build_span = self.span(node)
            return None
        if isinstance(owner, Instance) and owner.cls.role == "layer" and name == "add_weight":
            return self.add_weight(owner, args, node)
        return UNKNOWN

    def sequential_called(self, seq: SeqModel, tensors: list) -> None:
        """Calling an unbuilt Sequential builds it: on an Input, with that
        shape; on another tensor (inside a layer's call), with a shape
        mark_called_unbuilt says is not followed. Either way its build takes
        the auto names of an InputLayer and a Functional."""
        producer = self.tape.nodes.get(tensors[0].ref.node) if tensors else None  # [] : called on data
        if producer is not None and producer.kind == "input":
            seq.build_args = dict(producer.args)
        if not seq.build_named:
            seq.build_named = True
            self.counter.next("InputLayer")  # Sequential.build makes an InputLayer from the shape
            self.counter.next("Functional")
        seq.entries_built = seq.entries_built or seq.build_args is not None

    def freeze(self, owner, trainable: bool = False) -> None:
        """``owner.trainable = trainable``: Keras sets it on every layer inside too."""
        if self.frozen_object(owner):
            return
        if isinstance(owner, LayerObj):
            owner.trainable = trainable
        elif isinstance(owner, (list, tuple)):
            for x in owner:
                self.freeze(x, trainable)
        elif isinstance(owner, (SeqModel, FuncModel, OpaqueModel)):
            owner.trainable = trainable
            layers = self.model_layers(owner)
            if isinstance(layers, list):
                for x in layers:
                    self.freeze(x, trainable)
        elif isinstance(owner, Instance):
            owner.trainable = trainable
            for x in owner.layers:
                self.freeze(x, trainable)

    # -- the end of the file --------------------------------------------------------
    def get_layer(self, model, name, index):
        layers = self.model_layers(model)
        if not isinstance(layers, list):
            return UNKNOWN
        if isinstance(name, str):
            found = [x for x in layers if getattr(x, "name", None) == name
                     or getattr(getattr(x, "ir", None), "keras_name", None) == name]
            return found[0] if found else UNKNOWN
        if isinstance(index, int) and not isinstance(index, bool) and -len(layers) <= index < len(layers):
            return layers[index]
        return UNKNOWN

    def count_params(self, owner):
        """``count_params()`` as Keras answers it once the object is built."""
        if isinstance(owner, LayerObj):
            if not owner.calls:
                return UNKNOWN  # Keras raises on an unbuilt layer
            node = self.tape.nodes.get(owner.calls[0].ref.node)
            if node is None or node.approximate or node.stopped:
                return UNKNOWN
            value = node.trainable_params + node.non_trainable_params
            return value if not isinstance(value, type(UNKNOWN)) else UNKNOWN
        ir = self.model_ir_now(owner)
        if ir is None:
            return UNKNOWN
        import copy

        from ..infer import infer

        clone = infer(copy.deepcopy(ir))
        if clone.unknown_reasons():
            return UNKNOWN
        return clone.totals()[0]

    def model_ir_now(self, model):
        """The model's graph as it stands at this point of the program (a
        Sequential's own IR is only completed at the end of the file)."""
        if isinstance(model, FuncModel):
            return self.nested_models_now(model.ir)
        if not isinstance(model, SeqModel):
            return None
        cached = getattr(model, "_ir_now", None)
        if cached is not None and cached[0] == len(model.entries):
            return cached[1]
        ir = ModelIR(name=model.ir.name, kind="sequential", path=self.path, span=model.ir.span,
                     keras_name=model.ir.keras_name)
        mark = len(self.tape.nodes)
        refs = self.sequential_chain(model, now=False)
        for node in list(self.tape.nodes.values())[mark:]:
            node.internal = True  # a copy of the model's graph, to read it at this point
        fill_ir(ir, self.tape, refs[:1], refs[-1:], layer_order=[self.tape.nodes[r.node].layer_key for r in refs])
        model._ir_now = (len(model.entries), ir)
        return ir

    def nested_models_now(self, ir: ModelIR) -> ModelIR:
        """A Functional's graph with each model nested in it as it stands at
        this point (a nested Sequential's own IR is only completed at the end
        of the file, too late for a call on tensors now)."""
        values = {n.id: value for n, value in self.model_nodes}
        swaps = {}
        for nid, data in ir.graph.nodes(data=True):
            node = data["node"]
            if node.kind != "model" or nid not in values:
                continue
            now = self.model_ir_now(values[nid])
            if now is not None and now is not node.submodel:
                swaps[nid] = replace(node, submodel=now)
        if not swaps:
            return ir
        clone = replace(ir, graph=ir.graph.copy())
        for node in swaps.values():
            clone.add_node(node)  # same id and edges: only the node object changes
        return clone

    def sequential_chain(self, seq: SeqModel, now: bool = True) -> list:
        """Append the Sequential's layer calls to the tape; [input ref, ..., output ref]."""
        if seq.input_layer is not None:
            inp = seq.input_layer
            node = self.node_for(inp)
            node.kind, node.cls = "input", "InputLayer"
        else:
            args = dict(seq.build_args) if seq.build_args is not None else {"shape": UNKNOWN}
            node = Node(id="", kind="input", cls="InputLayer", layer_key=self.new_key("InputLayer"),
                        span=seq.ir.span, name="input_layer", args=args)
        node.id = self.tape.new_id(node.name or "input")
        self.tape.add(node)
        if now:
            self.calltime.called(node)
        refs = [TensorRef(node.id)]
        for entry in seq.entries:
            if isinstance(entry, LayerObj) and now and entry.instance is not None \
                    and self.find_method(entry.instance.cls, "call") is not None:
                t = self.call_custom_layer(entry, _one_tensor(Tensor(refs[-1])), None, None)
            elif isinstance(entry, LayerObj):
                t = self.emit(entry, [refs[-1]], None, {}, now=now)
            else:
                t = self.apply_model(entry, _one_tensor(Tensor(refs[-1])), None)
            if isinstance(t, Tensor):
                refs.append(t.ref)
        return refs

    def finish_sequential(self, seq: SeqModel) -> None:
        ir = seq.ir
        ir.built = self.sequential_has_input(seq)
        for item in (seq, *seq.entries):
            if getattr(item, "guess", None) and item.guess not in ir.reasons:
                ir.reasons.append(item.guess)
        if not ir.built:
            self.fact("KG101", ir.span, {"model": ir.name})
        refs = self.sequential_chain(seq)
        start = getattr(seq, "guess_from", None)
        if seq.guess and start is not None and start + 1 < len(refs):
            node = self.tape.nodes[refs[start + 1].node]  # the rest of the chain follows it
            node.approximate = node.approximate or seq.guess
        order = [self.tape.nodes[r.node].layer_key for r in refs]
        fill_ir(ir, self.tape, refs[:1], refs[-1:], layer_order=order)

    def finish(self) -> None:
        for seq in self.sequentials:
            try:
                self.finish_sequential(seq)
            except Exception:
                if STRICT:
                    raise
        for inst in self.instances:
            try:
                if not inst.graph_built:
                    self.finish_instance(inst)
            except Exception:
                if STRICT:
                    raise
            if inst.guess and inst.guess not in inst.ir.reasons:
                inst.ir.reasons.append(inst.guess)
        for _ in range(3):
            if not self.build_nested():
                break
        self.mark_called_unbuilt()
        self.mark_built_by_methods()
        self.mark_trainable_changes()
        self.validate_unused_layers()
        for model in self.functionals:
            if model.guess and model.guess not in model.ir.reasons:
                model.ir.reasons.append(model.guess)
        changed = {k: layer.guess for k, layer in self.layers.items() if layer.guess}
        for ir in self.models:
            ir.unknown_symbols = self.unknown_names
            for key in {ir.node(n).layer_key for n in ir.graph.nodes if "node" in ir.graph.nodes[n]} & set(changed):
                if changed[key] not in ir.reasons:  # a layer that code not followed may have changed
                    ir.reasons.append(changed[key])
        frozen = {k for k, layer in self.layers.items() if not layer.trainable}
        for ir in self.models:
            for nid in ir.graph.nodes:
                data = ir.graph.nodes[nid]
                node = data.get("node")
                if node is not None and node.layer_key in frozen:
                    node.args["trainable"] = False
                    if isinstance(node.inner, Node):
                        node.inner.args["trainable"] = False
        for value in [*self.sequentials, *self.functionals, *self.instances]:
            if value.trainable is False and value.ir is not None:
                self.not_trainable_model(value.ir)

    def not_trainable_model(self, own) -> None:
        """A model set not trainable lists no trainable weights, even of layers
        unfrozen after it (Keras's Layer.trainable_weights). Called inside
        another model, or sharing its layers with one, its weights count with
        their own flags there."""
        import copy

        nodes = own.nodes()
        if all(n.args.get("trainable") is False for n in nodes if n.kind in ("layer", "model")):
            return  # every layer frozen too: nothing differs
        as_layer = copy.deepcopy(own)
        for ir in self.models:
            for node in ir.nodes():
                if node.kind == "model" and node.submodel is own:
                    node.submodel = as_layer
        for node in self.tape.nodes.values():
            if node.kind == "model" and node.submodel is own:
                node.submodel = as_layer
        for node in nodes:
            node.args["trainable"] = False
            if isinstance(node.inner, Node):
                node.inner.args["trainable"] = False


    def mark_called_unbuilt(self) -> None:
        """A model still unbuilt here, yet called (inside a custom layer's
        call, or on data): Keras built it with that call's input, which was
        not followed. Not exact, so Keras's unbuilt 0 is never given for it."""
        calls = [(n.call_span, value) for n, value in self.model_nodes] + [c[:2] for c in self.data_calls]
        for span, value in calls:
            if isinstance(value, (SeqModel, Instance)) and not value.ir.built:
                name = value.ir.keras_name or value.ir.name
                reason = (span.line if span else None, f"`{name}` is called here, which builds it in Keras; "
                          "the input of that call is not followed")
                if reason not in value.ir.reasons:
                    value.ir.reasons.append(reason)
        for span, value, count in self.data_calls:
            line = span.line if span else None
            if isinstance(value, LayerObj) and not value.calls:  # its first call, on data, builds it
                self.names_may_shift(count, (line, f"`{value.name}` is built by a call on data here, which may "
                                                   "make layers that take auto names the analysis does not follow"))
            ir = getattr(value, "ir", None)
            if not isinstance(ir, ModelIR):
                continue
            # summary() shows the last call's output shapes: those of this call on data,
            # for the model and for the models its call calls
            reason = (line, f"`{ir.keras_name or ir.name}` is called on data here: the shapes of that call are not known")
            held = [getattr(item, "ir", None) for item in value.layers] if isinstance(value, Instance) else []
            for called in [ir, *[h for h in held if isinstance(h, ModelIR)]]:
                called.called_on_data = True
                if reason not in called.reasons:
                    called.reasons.append(reason)
            if (isinstance(value, SeqModel) and not self.sequential_has_input(value) and not _plain(value)) \
                    or isinstance(value, Instance):
                # its build makes an InputLayer (and more) that take auto names: later names may shift
                # (sequential_called takes those of a Sequential of Keras layers only)
                self.names_may_shift(count, (line, f"`{ir.keras_name or ir.name}` is built by a call on data here, "
                                                   "which takes auto names the analysis does not follow"))

    def mark_built_by_methods(self) -> None:
        """``fit``/``predict``... on a model nothing built: Keras builds it
        (and any unbuilt model it holds) on the data's shapes, not followed
        here, so Keras's unbuilt 0 is never given for it."""
        for span, value, count, method in self.method_builds:
            line = span.line if span else None
            held = [item for item in value.layers if isinstance(item, (SeqModel, Instance))] \
                if isinstance(value, Instance) else []
            for model in [value, *held]:
                if model is value or self.unbuilt(model):
                    name = model.ir.keras_name or model.ir.name
                    reason = (line, f"`{name}` is built here by `{method}` on data whose shapes are not followed")
                    if reason not in model.ir.reasons:
                        model.ir.reasons.append(reason)
            if not _plain(value):  # the build may take auto names: what is made after it may be named otherwise
                self.names_may_shift(count, (line, f"`{value.ir.keras_name or value.ir.name}` is built here by "
                                                   f"`{method}`, which may take auto names the analysis does not follow"))

    def names_may_shift(self, count: int, reason: tuple) -> None:
        """A build the analysis does not follow may take auto names: only what
        was made after it (after ``count`` objects) can be named otherwise."""
        for model in self.models:
            if reason not in model.reasons and _made_after(model, count):
                model.reasons.append(reason)

    def mark_trainable_changes(self) -> None:
        """``x.trainable = v`` that freeze() did not follow (an object or a
        value not known, or unfreezing): which weights are trainable may
        differ in every model of the file, so none gives its split as a fact."""
        frozen = any(not layer.trainable for layer in self.layers.values()) or any(
            not getattr(m, "trainable", True) for m in (*self.sequentials, *self.functionals, *self.instances))
        for span, value, owner in self.trainable_changes:
            if value is True and isinstance(owner, LayerObj) and not frozen:
                continue  # nothing was frozen: making it trainable changes nothing
            reason = (span.line if span else None, "`.trainable` is set here on a value or an object the analysis "
                      "does not follow: which weights are trainable may differ")
            for ir in self.models:
                if reason not in ir.reasons:
                    ir.reasons.append(reason)

    def build_nested(self) -> bool:
        """A model with no input shape of its own is built by its first call
        inside a built model, with that call's input shape (as Keras does)."""
        import networkx as nx

        from ..infer import infer

        changed = False
        for node, value in self.model_nodes:
            if not isinstance(value, (SeqModel, Instance)) or value.ir.built:
                continue
            outer = next((m for m in self.models if m.built and node.id in m.graph and m is not value.ir), None)
            if outer is None:
                continue
            # Inferring `outer` in place is cheaper than on a deep copy: the
            # engine infers every model again at the end, and only the nested
            # models that infer swaps for per-call clones need putting back.
            nested = [(n, n.submodel) for n in outer.nodes() if n.kind == "model"]
            try:
                shape = infer(outer).node(node.id).input_shapes[0]
            except Exception:
                continue
            finally:
                for n, sub in nested:
                    n.submodel = sub
            if not isinstance(shape, tuple):
                continue
            value.ir.graph = nx.DiGraph()
            value.ir.layer_order = []
            if isinstance(value, SeqModel):
                value.build_args = {"batch_shape": shape}
                self.facts = [f for f in self.facts if not (f.code == "KG101" and f.span == value.ir.span)]
                self.finish_sequential(value)
            else:
                value.input_args = {"batch_shape": shape}
                self.finish_instance(value)
            changed = True
        return changed


def _one_tensor(t: Tensor):
    args = Args()
    args.positional = [t]
    return args


def _buildable(shape) -> bool:
    """A shape Keras can build from: dimensions None, ints >= 0 or values not known here."""
    return all(d is None or (is_int(d) and d >= 0) or not isinstance(d, (int, float, str, tuple, list, bool))
               for d in shape)


def _made_after(ir: ModelIR, count: int) -> bool:
    """Whether the model, or a layer in it, was made after ``count`` keyed
    objects existed (``objects_made()``)."""
    if key_number(ir.born) > count:
        return True
    # (an input node may be made when the model is completed, at the end of the file: its key says nothing)
    return any(key_number(data["node"].layer_key) > count for _, data in ir.graph.nodes(data=True)
               if "node" in data and data["node"].kind != "input")


def _plain(seq) -> bool:
    """A Sequential of Keras layers only, whose build ``sequential_called`` names."""
    return isinstance(seq, SeqModel) and all(isinstance(e, LayerObj) and e.instance is None for e in seq.entries)
