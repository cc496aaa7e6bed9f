"""KG602-KG607: Keras constructor and model-method calls in their Keras 1/2
spellings, and the fixes that keep every value."""

from __future__ import annotations

import ast

from .. import legacy
from ..diagnostics import Edit, Fix
from ..extract.imports import canonical, layer_class_name
from ..graph import Span
from .migration_syntax import (
    KERAS3_ROOTS,
    Finding,
    cst_keyword,
    leftmost_name,
    literal,
    split_root,
)

# fit_generator & co. took these positionally; Keras 3's methods take them by name.
GENERATOR_POSITIONAL = {
    "fit_generator": ("generator", "steps_per_epoch", "epochs", "verbose", "callbacks", "validation_data",
                      "validation_steps", "class_weight", "max_queue_size", "workers", "use_multiprocessing",
                      "shuffle", "initial_epoch"),
    "evaluate_generator": ("generator", "steps", "max_queue_size", "workers", "use_multiprocessing", "verbose"),
    "predict_generator": ("generator", "steps", "max_queue_size", "workers", "use_multiprocessing", "verbose"),
}
REMOVED_FIT_KEYWORDS = {"max_queue_size", "workers", "use_multiprocessing"}


MODEL_MAKERS = frozenset({"keras.Sequential", "keras.models.Sequential", "keras.Model", "keras.models.Model",
                          "keras.models.load_model", "keras.saving.load_model"})


class CallFindings:
    """The call half of ``migration_scan.Scan``."""

    def _bind_objects(self):
        """Names assigned a Keras model or layer (``model = Sequential()``), for the
        methods Keras 3 dropped from them."""
        self.bound: dict = {}
        for name, value, _ in sorted(self.assigned, key=lambda a: (a[2].lineno, a[2].col_offset)):
            if not isinstance(value, ast.Call):
                continue
            path = self.dotted(value.func)
            canon = canonical(path) if path and split_root(path, KERAS3_ROOTS) else None  # Keras 2 kept them
            if canon in MODEL_MAKERS:
                self.bound[name] = "model"
            elif canon and canon.startswith("keras.layers.") and canon.rsplit(".", 1)[1][:1].isupper():
                self.bound.setdefault(name, "layer")
        if not {"tf_keras", "tensorflow.python.keras"} & set(self.roots):  # Keras 2 models kept the methods
            for model in self.analysis.models:  # also those a function returns: `m = create_model()`
                self.bound[model.name] = "model"

    def _calls(self):
        merges = []
        self.keras3_call = False
        for node in self.call_nodes:
            path = self.dotted(node.func)
            if path is None and isinstance(node.func, ast.Attribute):
                self._method(node, node.func.attr)
                continue
            if path:
                if leftmost_name(node.func) not in self.guarded_names:
                    self._note_root(path, node)
                self._legacy_attribute(node.func, path)
            canon = canonical(path) if path else None
            if canon is None:
                continue
            written = path.rsplit(".", 1)[-1]
            parent = canon.rsplit(".", 1)[0]
            found = split_root(path, KERAS3_ROOTS)
            if found and found[1].startswith("backend.") and found[1].count(".") == 1:  # not keras.src.backend
                self._backend(node, found[1][len("backend."):], tf_keras=found[0] != "keras")
                continue
            self.keras3_call = found is not None  # tf_keras (Keras 2) still takes these spellings
            if found and canon[len("keras."):] in legacy.FUNCTION_KEYWORDS:
                self._function_keywords(node, canon[len("keras."):])
            module = canon[len("keras."):].rpartition(".")[0]
            if found and isinstance(node.func, ast.Attribute) and written in legacy.REMOVED_NAMES.get(module, {}) \
                    and not legacy.kept(found[0], f"{module}.{written}"):
                # `image.random_rotation(...)`: reached through its module (imported, that is no finding)
                self.add("KG601", node.func, f"Keras 3 has no `{found[0]}.{module}.{written}` (AttributeError); "
                                             f"{legacy.REMOVED_NAMES[module][written]}", part="name")
                continue
            if canon == "keras.layers.merge":
                merges.append(node)
            elif parent == "keras.layers" and written in legacy.REMOVED_CLASSES \
                    and not (found and legacy.kept(found[0], f"layers.{written}")):
                fix = self._time_distributed_dense(node) if written == "TimeDistributedDense" else None
                self._replaced(written, {"TimeDistributed", "Dense"} if fix else None)
                self.add("KG606", node.func, f"Keras 3 has no `{written}` (AttributeError): "
                                             f"{legacy.REMOVED_CLASSES[written]}", fix, part="name")
            elif parent == "keras.optimizers" and written in legacy.OPTIMIZERS:
                self._keywords(node, written, legacy.OPTIMIZER_KEYWORDS, "optimizer")
                self._ignored(node, written)
            elif parent == "keras.optimizers" and written in legacy.RENAMED_NAMES["optimizers"] and found:
                self._optimizer_alias(node, written)
            elif canon in ("keras.Model", "keras.models.Model"):
                self._keywords(node, "Model", legacy.KEYWORDS["Model"], "model")
            elif canon in ("keras.Input", "keras.layers.Input"):
                self._keywords(node, "InputLayer", legacy.KEYWORDS["InputLayer"], "layer")
            elif parent == "keras.layers" and written[:1].isupper():
                cls = legacy.RENAMED_CLASSES.get(written, layer_class_name(written))
                self._layer(node, written, cls)
        for node in merges:
            self._merge(node)

    def _replaced(self, name, needed):
        """Record what a fixed call of a removed name uses (None: not fixed)."""
        if name in self.replacements and self.replacements[name] is None:
            return
        self.replacements[name] = None if needed is None else self.replacements.get(name, set()) | needed

    def _time_distributed_dense(self, call):
        """``TimeDistributedDense(n, ...)`` -> ``TimeDistributed(Dense(n, ...))``; not
        when the call sets the input shape, which belongs to the wrapper."""
        if {k.arg for k in call.keywords} & {"input_shape", "input_dim", "input_length", "batch_input_shape", None}:
            return None
        text, callee = self.text.segment(call), self.text.segment(call.func)
        if not (callee.endswith("TimeDistributedDense") and text.startswith(callee + "(") and text.endswith(")")):
            return None
        prefix = callee[: -len("TimeDistributedDense")]
        inner = text[len(callee) + 1 : -1]
        return Fix("safe", "Wrap a Dense in TimeDistributed",
                   (self.edit(call, f"{prefix}TimeDistributed({prefix}Dense({inner}))"),))

    def _legacy_attribute(self, func, path):
        """``layers.experimental.preprocessing.RandomFlip(...)``: a removed module
        reached through attributes rather than an import."""
        found = split_root(path, KERAS3_ROOTS)
        if found is None or not isinstance(func, ast.Attribute):
            return
        root, rest = found
        module, _, name = rest.rpartition(".")
        home = legacy.modern_module(module)
        if home is None or module == "layers.merge":
            return
        text = self.text.segment(func)
        dropped = module[len(home):] if module.startswith(home) else None
        if not dropped or not text.endswith(f"{dropped}.{name}"):
            return  # the legacy module was imported under a name: the import is the finding
        fix = None
        if " " not in text and "\n" not in text:
            fix = Fix("safe", f"Use `{root}.{home}.{name}`",
                      (self.edit(func, text[: -len(f"{dropped}.{name}")] + f".{name}"),))
        self.add("KG601", func, f"`{root}.{module}` is gone in Keras 3 (AttributeError); `{name}` is in "
                                f"`{root}.{home}`", fix)

    def _optimizer_alias(self, call, written):
        """``keras.optimizers.rmsprop(lr=...)``: Keras 2's lowercase alias of a class.
        Called by a bare name, the import is the finding (and its fix)."""
        new = legacy.RENAMED_NAMES["optimizers"][written]
        if isinstance(call.func, ast.Attribute):
            fix = Fix("safe", f"Use `{new}`", (self.edit(call.func, new, part="name"),))
            self.add("KG601", call.func, f"Keras 3 has no `optimizers.{written}` (AttributeError), Keras 2's "
                                         f"alias of `{new}`", fix, part="name")
        self._keywords(call, new, legacy.OPTIMIZER_KEYWORDS, "optimizer")
        self._ignored(call, new)

    def _ignored(self, call, cls):
        """Keywords Keras 3 accepts and drops with a warning (KG610)."""
        table = legacy.IGNORED_KEYWORDS.get(cls, {}) if self.keras3_call else {}
        for kw in call.keywords:
            if kw.arg in table:
                self.add("KG610", kw, f"{cls}() ignores `{kw.arg}=` in Keras 3 (with only a warning); "
                                      f"{table[kw.arg]}", part="name")

    def _function_keywords(self, call, function):
        table = legacy.FUNCTION_KEYWORDS[function]
        present = {k.arg for k in call.keywords if k.arg}
        does = ("takes `**kwargs` and silently ignores it, so the call runs with the default"
                if function in legacy.SILENT_FUNCTIONS else "raises TypeError on it")
        for kw in call.keywords:
            new = table.get(kw.arg) if kw.arg else None
            if new is None:
                continue
            fix = None if new in present else Fix("safe", f"Rename `{kw.arg}` to `{new}`",
                                                  (self.edit(kw, new, part="name"),))
            code = "KG610" if function in legacy.SILENT_FUNCTIONS else "KG602"  # runs, but not as written
            self.add(code, kw, f"`{kw.arg}=` is Keras 1's name for `{new}=`; Keras 3's "
                               f"`{function.rsplit('.', 1)[-1]}` {does}", fix, part="name")

    def _layer(self, call, written, cls):
        present = {k.arg for k in call.keywords if k.arg}
        self._keywords(call, cls, legacy.KEYWORDS.get(cls, {}), "layer")
        self._ignored(call, cls)
        for kw in call.keywords:
            if kw.arg == "batch_input_shape":
                self._batch_input_shape(call, kw, cls)
            elif kw.arg and legacy.no_equivalent(cls, kw.arg, present):
                self.add("KG603", kw, f"{cls}() no longer takes `{kw.arg}=` (Keras 3 raises); "
                                      f"{legacy.no_equivalent(cls, kw.arg, present)}", part="name")
        if legacy.sequence_input(cls, present):
            self._sequence_input(call, cls)
        names = legacy.kernel_keywords(present)
        if names and cls in legacy.KERNEL_KEYWORDS[names]:
            self._kernel_keywords(call, names)
        dims = legacy.positional_kernel(written, cls, present)
        args = call.args
        if dims and len(args) == 1 + dims and not any(isinstance(a, ast.Starred) for a in args):
            self._positional_kernel(call, written, dims, present)

    def _keywords(self, call, cls, table, what):
        present = {k.arg for k in call.keywords if k.arg}
        for kw in call.keywords:
            new = table.get(kw.arg) if kw.arg else None
            if new is None:
                continue
            message = f"`{kw.arg}=` is Keras 1's name for `{new}=`; Keras 3 raises on it"
            if what == "optimizer":
                message = f"`{kw.arg}=` is the old name of `{new}=`; Keras 3 optimizers raise 'Argument(s) not recognized'"
            fix = None
            if new not in present:
                fix = self._rename_fix(call, kw, new)
            else:
                message += f", and `{new}=` is given as well: keep one"
            self.add("KG602", kw, message, fix, part="name")

    def _rename_fix(self, call, kw, new):
        table = legacy.VALUE_CONVERSIONS.get(kw.arg)
        if table is None:
            return Fix("safe", f"Rename `{kw.arg}` to `{new}`", (self.edit(kw, new, part="name"),))
        ok, value = literal(kw.value)
        if not ok or not isinstance(value, str) or value not in table:
            return None
        converted = table[value]
        if converted is None:
            return self._remove_keyword(call, kw, f"Remove `{kw.arg}={value!r}` (the default)")
        return Fix("safe", f"Rename `{kw.arg}={value!r}` to `{new}={converted!r}`",
                   (self.edit(kw, f"{new}={converted!r}"),))

    def _remove_keyword(self, call, kw, message):
        from .cst import without_arg

        index = self.analysis.cst
        target = index.call_at(self.span(call))
        arg = cst_keyword(target, kw.arg) if target is not None else None
        if arg is None:
            return None
        return Fix("safe", message, (index.edit(target, index.code(without_arg(target, arg))),))

    def _sequence_input(self, call, cls):
        """``LSTM(32, input_dim=8, input_length=10)`` -> ``input_shape=(10, 8)``."""
        from .cst import without_arg

        dim = next(k for k in call.keywords if k.arg == "input_dim")
        length = next((k for k in call.keywords if k.arg == "input_length"), None)
        shape = f"({self.text.segment(length.value) if length else 'None'}, {self.text.segment(dim.value)})"
        fix = None
        index = self.analysis.cst
        target = index.call_at(self.span(call))
        cst_dim = cst_keyword(target, "input_dim") if target is not None else None
        if cst_dim is not None:
            import libcst

            new = target.with_changes(args=[
                a.with_changes(keyword=libcst.Name("input_shape"), value=libcst.parse_expression(shape))
                if a is cst_dim else a for a in target.args])
            if length is not None:
                new = without_arg(new, next(a for a in new.args if a.keyword is not None and a.keyword.value == "input_length"))
            fix = Fix("safe", f"Pass `input_shape={shape}`", (index.edit(target, index.code(new)),))
        message = (f"{'`input_dim=` and `input_length=` on ' + cls + ' are' if length else '`input_dim=` on ' + cls + ' is'} Keras 1's "
                   f"`input_shape={shape}`; Keras 3 reads `input_dim=` as a 1-D input and the layer fails on its rank")
        self.add("KG602", dim, message, fix, part="name")
        if length is not None:
            self.add("KG602", length, f"`input_length=` belongs to the input shape: {message.split('; ')[0]}",
                     part="name")

    def _kernel_keywords(self, call, names):
        """``nb_row=3, nb_col=3`` (``kernel_dim1=``... in 3-D) -> ``kernel_size=(3, 3)``."""
        given = [next(k for k in call.keywords if k.arg == n) for n in names]
        spelled = ", ".join(names)
        fix = None
        if "kernel_size" not in {k.arg for k in call.keywords} and len(call.args) < 2:
            import libcst

            from .cst import without_arg

            index = self.analysis.cst
            target = index.call_at(self.span(call))
            first = cst_keyword(target, names[0]) if target is not None else None
            if first is not None and all(cst_keyword(target, n) is not None for n in names):
                kernel = f"({', '.join(self.text.segment(k.value) for k in given)})"
                new = target.with_changes(args=[
                    a.with_changes(keyword=libcst.Name("kernel_size"), value=libcst.parse_expression(kernel))
                    if a is first else a for a in target.args])
                for name in names[1:]:
                    new = without_arg(new, next(a for a in new.args if a.keyword is not None and a.keyword.value == name))
                fix = Fix("safe", f"Pass `kernel_size={kernel}`", (index.edit(target, index.code(new)),))
        for axis, kw in enumerate(given):
            self.add("KG602", kw, f"`{kw.arg}=` (the kernel's size on axis {axis + 1}) is Keras 1's spelling: Keras 3 "
                                  f"takes `kernel_size=({spelled})` and raises on it", fix if axis == 0 else None,
                     part="name")

    def _positional_kernel(self, call, written, dims, present):
        kernel = call.args[1:]
        texts = [self.text.segment(a) for a in kernel]
        shown = ", ".join(texts)
        meaning = (f"kernel_size={texts[0]}, strides={texts[1]}" if dims == 2
                   else f"kernel_size={texts[0]}, strides={texts[1]}, padding={texts[2]}")
        message = (f"`{written}({self.text.segment(call.args[0])}, {shown})` is Keras 1's {'x'.join(texts)} kernel; "
                   f"Keras 3 reads it as {meaning} and builds a different model without a word")
        fix = None
        if present.isdisjoint(legacy.KERAS2_CONV_KEYWORDS):
            first, last = self.span(kernel[0]), self.span(kernel[-1])
            fix = Fix("safe", f"Pass the kernel as ({shown})",
                      (Edit(first.line, first.column, last.end_line, last.end_column, f"({shown})"),))
        self.findings.append(Finding("KG604", Span(self.span(kernel[0]).line, self.span(kernel[0]).column,
                                                   self.span(kernel[-1]).end_line, self.span(kernel[-1]).end_column),
                                     message, fix))

    def _batch_input_shape(self, call, kw, cls):
        message = (f"`batch_input_shape=` on {cls}: Keras 3 raises 'Unrecognized keyword arguments'; "
                   f"the batch size now goes on the model's first layer, `Input(batch_shape=...)`")
        from .cst import callee_prefix, without_arg
        from .structure import _add_call_around, _import_input

        fix = None
        index = self.analysis.cst
        target = index.call_at(self.span(call))
        arg = cst_keyword(target, "batch_input_shape") if target is not None else None
        if arg is not None:
            shape = index.code(arg.value)
            prefix = callee_prefix(target)
            imports = () if prefix else _import_input(self.analysis, target)
            removed = index.code(without_arg(target, arg))
            add = _add_call_around(index, target)
            in_list = self._in_sequential_list(call)
            if imports is not None and add is not None:
                stmt, receiver = add
                first = index.span(stmt)
                indent = " " * (first.column - 1)
                fix = Fix("safe", "Add an Input(batch_shape=...) first", (
                    *imports,
                    Edit(first.line, first.column, first.line, first.column,
                         f"{receiver}.add({prefix}Input(batch_shape={shape}))\n{indent}"),
                    index.edit(target, removed)))
            elif imports is not None and in_list:
                fix = Fix("safe", "Start the model with Input(batch_shape=...)",
                          (*imports, index.edit(target, f"{prefix}Input(batch_shape={shape}), {removed}")))
        self.add("KG607", kw, message, fix, part="name")

    def _in_sequential_list(self, call):
        for node in self.call_nodes:
            if node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
                path = self.dotted(node.func)
                if path and canonical(path) in ("keras.Sequential", "keras.models.Sequential"):
                    elts = node.args[0].elts
                    if elts and elts[0] is call:
                        return True
        return False

    def _merge(self, call):
        keywords = {k.arg: k for k in call.keywords if k.arg}
        mode_node = keywords.get("mode")
        ok, mode = literal(mode_node.value) if mode_node is not None else (True, "sum")
        cls = legacy.MERGE_MODES.get(mode) if ok and isinstance(mode, str) else None
        function = legacy.MERGE_FUNCTIONS.get(cls)
        unknown = set(keywords) - {"mode", "name", *legacy.MERGE_KEYWORDS}
        fix = None
        callee = self.text.segment(call.func)
        if function is not None and not unknown and len(call.args) == 1 and callee.endswith("merge"):
            parts = [self.text.segment(call.args[0])]
            for name, kw in keywords.items():
                new = legacy.MERGE_KEYWORDS.get(name)
                if name == "name" or (new and (name == "concat_axis") == (cls == "Concatenate")):
                    parts.append(f"{new or name}={self.text.segment(kw.value)}")
            fix = Fix("safe", f"Call `{function}`",
                      (self.edit(call, f"{callee[: -len('merge')]}{function}({', '.join(parts)})"),))
        self._replaced("merge", {function} if fix else None)
        target = f"`{function}(...)`" if function else "the merge layer for the mode (concatenate, add, multiply, ...)"
        self.add("KG606", call.func, f"Keras 1's `merge(..., mode=...)` is gone in Keras 3; use {target}", fix,
                 part="name")

    def _backend(self, call, name, tf_keras=False):
        """``K.set_image_dim_ordering('th')``, ``K.mean(x)``: backend functions Keras 3 dropped."""
        if not legacy.backend_gone(name, tf_keras):
            return
        if name in legacy.BACKEND_TO_OPS:
            self.add("KG609", call.func, f"Keras 3's `keras.backend` has no `{name}` (AttributeError); use "
                                         f"`keras.ops.{legacy.BACKEND_TO_OPS[name]}`", part="name")
        elif name in legacy.BACKEND_REMOVED:
            fix = None
            if name == "set_image_dim_ordering" and len(call.args) == 1 and not call.keywords:
                ok, value = literal(call.args[0])
                if ok and value in legacy.IMAGE_ORDERING:
                    fix = Fix("safe", "Call `set_image_data_format`", (
                        self.edit(call.func, "set_image_data_format", part="name"),
                        self.edit(call.args[0], repr(legacy.IMAGE_ORDERING[value]))))
            self.add("KG609", call.func, f"Keras 3's `keras.backend` has no `{name}` (AttributeError); "
                                         f"{legacy.BACKEND_REMOVED[name]}", fix, part="name")
        else:
            self.add("KG609", call.func, f"Keras 3's `keras.backend` has no `{name}` (AttributeError); its tensor "
                                         f"functions are in `keras.ops`, its random ones in `keras.random`",
                     part="name")

    def _method(self, call, name):
        if name in legacy.METHOD_RENAMES:
            new = legacy.METHOD_RENAMES[name]
            edits = [self.edit(call.func, new, part="name")]
            names = GENERATOR_POSITIONAL[name]
            fix = None
            if not any(isinstance(a, ast.Starred) for a in call.args) and len(call.args) <= len(names):
                for arg, param in list(zip(call.args, names))[1:]:
                    if param in REMOVED_FIT_KEYWORDS:
                        edits = None
                        break
                    s = self.span(arg)
                    edits.append(Edit(s.line, s.column, s.line, s.column, f"{param}="))
                generator = next((k for k in call.keywords if k.arg == "generator"), None)
                if edits is not None and generator is not None:
                    edits.append(self.edit(generator, "x", part="name"))  # fit(x=...) takes the generator
                if edits is not None:
                    # Keras 2's predict_generator took generators of bare arrays; Keras 3's
                    # predict wants tuples, `(x,)`: only the author can check the generator.
                    fix = Fix("unsafe" if name == "predict_generator" else "safe", f"Call `{new}`", tuple(edits))
            self.add("KG605", call.func, f"`{name}` is gone in Keras 3 (AttributeError): `{new}` takes generators "
                                         f"and `PyDataset`s", fix, part="name")
        elif name in legacy.REMOVED_METHODS:
            self.add("KG605", call.func, f"`{name}` is gone in Keras 3 (AttributeError); "
                                         f"{legacy.REMOVED_METHODS[name]}", part="name")
        elif name in legacy.REMOVED_MODEL_METHODS and isinstance(call.func.value, ast.Name):
            kind = self.bound.get(call.func.value.id)
            table = legacy.REMOVED_MODEL_METHODS if kind == "model" else legacy.REMOVED_LAYER_METHODS
            if kind and name in table:
                self.add("KG605", call.func, f"Keras 3's {'Model' if kind == 'model' else 'Layer'} has no `{name}` "
                                             f"(AttributeError); {table[name]}", part="name")
        if name not in legacy.FIT_METHODS:
            return
        present = {k.arg for k in call.keywords if k.arg}
        for kw in call.keywords:
            if kw.arg in legacy.METHOD_KEYWORDS:
                new = legacy.METHOD_KEYWORDS[kw.arg]
                fix = None if new in present else Fix("safe", f"Rename `{kw.arg}` to `{new}`",
                                                      (self.edit(kw, new, part="name"),))
                self.add("KG602", kw, f"`{kw.arg}=` is Keras 1's name for `{new}=`; Keras 3's `{name}` raises "
                                      f"TypeError on it", fix, part="name")
            elif kw.arg in legacy.METHOD_KEYWORDS_CHANGED:
                self.add("KG603", kw, f"`{kw.arg}=` is gone (Keras 3's `{name}` raises TypeError); "
                                      f"{legacy.METHOD_KEYWORDS_CHANGED[kw.arg]}", part="name")
            elif kw.arg in REMOVED_FIT_KEYWORDS and name in legacy.METHOD_RENAMES:
                self.add("KG603", kw, f"`{kw.arg}=` is not a parameter of Keras 3's `{legacy.METHOD_RENAMES[name]}` "
                                      f"(it raises TypeError); a `PyDataset` sets its own workers", part="name")
