"""KG6xx: Keras 1 / Keras 2 / tf.keras spellings that Keras 3 rejects or
reads differently, with fixes that keep every value the author wrote.

The rules read syntax (imports and calls) through the tables of
``kgraphlint.legacy``, so they report old code even where the engine could
not build the model. One scan per file serves every rule of the family.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .. import legacy
from ..diagnostics import Edit, Fix
from ..extract.imports import KERAS_ROOTS, canonical, layer_class_name
from ..graph import Span
from .base import Rule

# fit_generator & co. took these positionally; Keras 3's methods take them by name.
GENERATOR_POSITIONAL = {
    "fit_generator": ("generator", "steps_per_epoch", "epochs", "verbose", "callbacks", "validation_data",
                      "validation_steps", "class_weight", "max_queue_size", "workers", "use_multiprocessing",
                      "shuffle", "initial_epoch"),
    "evaluate_generator": ("generator", "steps", "max_queue_size", "workers", "use_multiprocessing", "verbose"),
    "predict_generator": ("generator", "steps", "max_queue_size", "workers", "use_multiprocessing", "verbose"),
}
REMOVED_FIT_KEYWORDS = {"max_queue_size", "workers", "use_multiprocessing"}
OLD_UTILS = {"np_utils", "vis_utils", "generic_utils", "data_utils"}
# Roots that are Keras 3 today (tf.keras since TensorFlow 2.16). tf_keras and
# tensorflow.python.keras are Keras 2: their keras.engine & co. still exist.
KERAS3_ROOTS = ("keras", "tensorflow.keras", "tensorflow._api.v2.keras")


@dataclass(frozen=True)
class Finding:
    code: str
    span: Span
    message: str
    fix: Fix | None = None


def split_root(path: str, roots=KERAS_ROOTS):
    """(root, rest) of a path under Keras as written (rest "" for the root)."""
    for root in roots:
        if path == root:
            return root, ""
        if path.startswith(root + "."):
            return root, path[len(root) + 1:]
    return None


def literal(node):
    try:
        return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False, None


class Scan:
    """Every legacy spelling of one file, found in one walk."""

    def __init__(self, analysis):
        self.analysis = analysis
        self.text = analysis.text
        self.tree = analysis.tree
        self.names: dict = {}  # local name -> dotted path it was imported as
        self.findings: list = []
        self.roots: dict = {}  # Keras flavour -> first line importing it
        self.merge_functions: set = set()
        self.merge_fixable = True
        self._imports()
        self._calls()
        self._mixed()

    # -- helpers -----------------------------------------------------------------
    def span(self, node, part: str = "") -> Span:
        line, column, end_line, end_column = self.text.position(node, part)
        return Span(line, column, end_line, end_column)

    def edit(self, node, content: str, part: str = "") -> Edit:
        s = self.span(node, part)
        return Edit(s.line, s.column, s.end_line, s.end_column, content)

    def add(self, code, node, message, fix=None, part=""):
        self.findings.append(Finding(code, self.span(node, part), message, fix))

    def dotted(self, expr) -> str | None:
        parts = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name) or expr.id not in self.names:
            return None
        return ".".join([self.names[expr.id], *reversed(parts)])

    # -- imports -----------------------------------------------------------------
    def _imports(self):
        # `try: import tf_keras / except ImportError:` guards an optional package, as
        # compatibility code and tests do: not a model built from two packages.
        self.guarded_names: set = set()
        self.guarded = {id(n) for t in ast.walk(self.tree) if isinstance(t, ast.Try)
                        for stmt in t.body for n in ast.walk(stmt) if isinstance(n, (ast.Import, ast.ImportFrom))}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    if id(node) in self.guarded:
                        self.guarded_names.add(local)
                    self.names[local] = alias.name if alias.asname else local
                    self._note_root(alias.name, node)
                    self._import_module(node, alias.name)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name != "*":
                        self.names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                        self._note_root(f"{node.module}.{alias.name}", node)
                self._import_from(node)

    def _note_root(self, path, node):
        found = split_root(path)
        if found is None or id(node) in self.guarded:
            return
        root = found[0]
        flavour = "tf_keras" if root == "tf_keras" else "keras" if root == "keras" else "tensorflow.keras"
        if root == "tensorflow.python.keras":
            flavour = "tensorflow.python.keras"
        self.roots.setdefault(flavour, node.lineno)

    def _import_module(self, node, path):
        found = split_root(path, KERAS3_ROOTS)
        if found is None:
            return
        root, rest = found
        if legacy.modern_module(rest) is not None or rest in legacy.REMOVED_MODULES or rest in legacy.ENGINE_MODULES:
            self.add("KG601", node, f"`import {path}`: Keras 3 has no module `{root}.{rest}` "
                                    f"(ModuleNotFoundError); {self._advice(root, rest)}")

    def _advice(self, root, rest, names=()):
        if rest in legacy.REMOVED_MODULES:
            return legacy.REMOVED_MODULES[rest]
        home = legacy.modern_module(rest)
        if home is not None:
            return f"its names are in `{root}.{home}`"
        homes = {legacy.ENGINE_NAMES.get(n) for n in names}
        if names and None not in homes and len(homes) == 1:
            home = homes.pop()
            return f"import them from `{root}.{home}`" if home else f"import them from `{root}`"
        return "`Input`, `Model` and `Sequential` are in `keras`, `Layer` and `InputSpec` in `keras.layers`"

    def _import_from(self, node):
        found = split_root(node.module, KERAS3_ROOTS)
        if found is None:
            return
        root, rest = found
        names = [a.name for a in node.names]
        if rest in legacy.REMOVED_MODULES or legacy.modern_module(rest) is not None or rest in legacy.ENGINE_MODULES:
            message = (f"`from {node.module} import ...`: Keras 3 has no module `{node.module}` "
                       f"(ModuleNotFoundError); {self._advice(root, rest, names)}")
            self.add("KG601", node, message, self._module_fix(node, root, rest, names))
            return
        if rest == "utils":
            for alias in node.names:
                if alias.name in OLD_UTILS:
                    fix = None
                    if len(node.names) == 1:
                        local = alias.asname or alias.name
                        fix = Fix("safe", f"Import `{root}.utils` as `{local}`",
                                  (self.edit(node, f"from {root} import utils as {local}"),))
                    self.add("KG601", alias if hasattr(alias, "lineno") else node,
                             f"`{root}.utils.{alias.name}` is gone in Keras 3 (ImportError); its functions "
                             f"(`to_categorical`, `plot_model`, ...) are in `{root}.utils`", fix)
        if rest == "layers":
            for alias in node.names:
                if alias.name in legacy.RENAMED_CLASSES and alias.asname is None:
                    new = legacy.RENAMED_CLASSES[alias.name]
                    fix = Fix("safe", f"Import `{new}` under the old name",
                              (self.edit(alias, f"{new} as {alias.name}"),)) if hasattr(alias, "lineno") else None
                    self.add("KG601", alias if hasattr(alias, "lineno") else node,
                             f"Keras 3 has no `{alias.name}` (ImportError); it is `{new}`", fix)

    def _module_fix(self, node, root, rest, names):
        home = legacy.modern_module(rest)
        if home is None and rest in legacy.ENGINE_MODULES:
            homes = {legacy.ENGINE_NAMES.get(n) for n in names}
            if None in homes or len(homes) != 1:
                return None
            home = homes.pop()
        if home is None:
            return None
        target = f"{root}.{home}" if home else root
        source = self.text.segment(node)
        match = re.match(r"from\s+(" + re.escape(node.module).replace(r"\.", r"\s*\.\s*") + r")\b", source)
        if match is None:
            return None
        start = self.span(node)
        before = source[: match.start(1)]
        line = start.line + before.count("\n")
        column = (start.column + len(before)) if "\n" not in before else len(before.rsplit("\n", 1)[1]) + 1
        module_text = match.group(1)
        end_line = line + module_text.count("\n")
        end_column = (column + len(module_text)) if "\n" not in module_text else len(module_text.rsplit("\n", 1)[1]) + 1
        return Fix("safe", f"Import from `{target}`", (Edit(line, column, end_line, end_column, target),))

    # -- calls -------------------------------------------------------------------
    def _calls(self):
        merges = []
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Attribute) and self.dotted(node.func) is None:
                self._method(node, node.func.attr)
                continue
            path = self.dotted(node.func)
            if path:
                if _leftmost(node.func) not in self.guarded_names:
                    self._note_root(path, node)
                self._legacy_attribute(node.func, path)
            canon = canonical(path) if path else None
            if canon is None:
                continue
            written = path.rsplit(".", 1)[-1]
            parent = canon.rsplit(".", 1)[0]
            if canon == "keras.layers.merge":
                merges.append(node)
            elif parent == "keras.layers" and written in legacy.REMOVED_CLASSES:
                self.add("KG606", node.func, f"Keras 3 has no `{written}` (AttributeError): "
                                             f"{legacy.REMOVED_CLASSES[written]}", part="name")
            elif parent == "keras.optimizers" and written in legacy.OPTIMIZERS:
                self._keywords(node, written, legacy.OPTIMIZER_KEYWORDS, "optimizer")
            elif canon in ("keras.Model", "keras.models.Model"):
                self._keywords(node, "Model", legacy.KEYWORDS["Model"], "model")
            elif canon in ("keras.Input", "keras.layers.Input"):
                self._keywords(node, "InputLayer", legacy.KEYWORDS["InputLayer"], "layer")
            elif parent == "keras.layers" and written[:1].isupper():
                cls = legacy.RENAMED_CLASSES.get(written, layer_class_name(written))
                self._layer(node, written, cls)
        for node in merges:
            self._merge(node)
        if merges:
            self._merge_import_fix()

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

    def _layer(self, call, written, cls):
        present = {k.arg for k in call.keywords if k.arg}
        self._keywords(call, cls, legacy.KEYWORDS.get(cls, {}), "layer")
        for kw in call.keywords:
            if kw.arg == "batch_input_shape":
                self._batch_input_shape(call, kw, cls)
            elif kw.arg and legacy.no_equivalent(cls, kw.arg):
                self.add("KG603", kw, f"{cls}() no longer takes `{kw.arg}=` (Keras 3 raises); "
                                      f"{legacy.no_equivalent(cls, kw.arg)}", part="name")
        if "nb_row" in present and "nb_col" in present and cls in ("Conv2D", "Conv2DTranspose", "SeparableConv2D"):
            self._kernel_keywords(call)
        dims = legacy.POSITIONAL_KERNEL.get(written)
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
        arg = _cst_keyword(target, kw.arg) if target is not None else None
        if arg is None:
            return None
        return Fix("safe", message, (index.edit(target, index.code(without_arg(target, arg))),))

    def _kernel_keywords(self, call):
        row = next(k for k in call.keywords if k.arg == "nb_row")
        col = next(k for k in call.keywords if k.arg == "nb_col")
        fix = None
        if "kernel_size" not in {k.arg for k in call.keywords} and len(call.args) < 2:
            from .cst import without_arg

            index = self.analysis.cst
            target = index.call_at(self.span(call))
            cst_row, cst_col = (_cst_keyword(target, n) if target is not None else None for n in ("nb_row", "nb_col"))
            if cst_row is not None and cst_col is not None:
                kernel = f"({self.text.segment(row.value)}, {self.text.segment(col.value)})"
                import libcst

                replaced = target.with_changes(args=[
                    a.with_changes(keyword=libcst.Name("kernel_size"), value=libcst.parse_expression(kernel))
                    if a is cst_row else a for a in target.args])
                new = without_arg(replaced, next(a for a in replaced.args if a.keyword is not None and a.keyword.value == "nb_col"))
                fix = Fix("safe", f"Pass `kernel_size={kernel}`", (index.edit(target, index.code(new)),))
        for kw, other in ((row, "rows"), (col, "columns")):
            self.add("KG602", kw, f"`{kw.arg}=` (the kernel's {other}) is Keras 1's spelling: Keras 3 takes "
                                  f"`kernel_size=(nb_row, nb_col)` and raises on it", fix if kw is row else None,
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
        arg = _cst_keyword(target, "batch_input_shape") if target is not None else None
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
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
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
        if function is not None and not unknown and len(call.args) == 1:
            self.merge_functions.add(function)
            parts = [self.text.segment(call.args[0])]
            for name, kw in keywords.items():
                new = legacy.MERGE_KEYWORDS.get(name)
                if name == "name" or (new and (name == "concat_axis") == (cls == "Concatenate")):
                    parts.append(f"{new or name}={self.text.segment(kw.value)}")
            callee = self.text.segment(call.func)
            callee = callee[: -len("merge")] + function
            fix = Fix("safe", f"Call `{function}`", (self.edit(call, f"{callee}({', '.join(parts)})"),))
        else:
            self.merge_fixable = False
        target = f"`{function}(...)`" if function else "the merge layer for the mode (concatenate, add, multiply, ...)"
        self.add("KG606", call.func, f"Keras 1's `merge(..., mode=...)` is gone in Keras 3; use {target}", fix,
                 part="name")

    def _merge_import_fix(self):
        """The import of `merge` becomes the functions the calls now use."""
        for node in ast.walk(self.tree):
            if not (isinstance(node, ast.ImportFrom) and node.module and not node.level):
                continue
            found = split_root(node.module, KERAS3_ROOTS)
            if found is None or found[1] != "layers":
                continue
            for alias in node.names:
                if alias.name != "merge" or alias.asname or not hasattr(alias, "lineno"):
                    continue
                fix = None
                bound = {a.asname or a.name for a in node.names}
                if self.merge_fixable and self.merge_functions:
                    wanted = sorted(self.merge_functions - bound)
                    if wanted:
                        fix = Fix("safe", f"Import {', '.join(wanted)}", (self.edit(alias, ", ".join(wanted)),))
                self.add("KG601", alias, f"`{node.module}.merge` is gone in Keras 3 (ImportError); import the "
                                         f"merge function each call needs", fix)

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
                if edits is not None:
                    # Keras 2's predict_generator took generators of bare arrays; Keras 3's
                    # predict wants tuples, `(x,)`: only the author can check the generator.
                    fix = Fix("unsafe" if name == "predict_generator" else "safe", f"Call `{new}`", tuple(edits))
            self.add("KG605", call.func, f"`{name}` is gone in Keras 3 (AttributeError): `{new}` takes generators "
                                         f"and `PyDataset`s", fix, part="name")
        elif name in legacy.REMOVED_METHODS:
            self.add("KG605", call.func, f"`{name}` is gone in Keras 3 (AttributeError); "
                                         f"{legacy.REMOVED_METHODS[name]}", part="name")
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

    def _mixed(self):
        flavours = set(self.roots)
        if len(flavours) < 2:
            return
        later = max(flavours, key=lambda f: self.roots[f])
        what = {
            "keras": "standalone `keras`",
            "tensorflow.keras": "`tf.keras` (Keras 3 since TensorFlow 2.16; Keras 2 if TF_USE_LEGACY_KERAS=1)",
            "tf_keras": "`tf_keras` (Keras 2)",
            "tensorflow.python.keras": "`tensorflow.python.keras` (TensorFlow's private Keras 2 copy)",
        }
        names = " and ".join(what[f] for f in sorted(flavours))
        line = self.roots[later]
        if flavours == {"keras", "tensorflow.keras"}:
            gets = ("with TensorFlow 2.16 or later and Keras 3 installed both are the same Keras 3; with older "
                    "TensorFlow, or TF_USE_LEGACY_KERAS=1, `tf.keras` is Keras 2 and its layers and tensors do not "
                    "mix with `keras` ones")
        else:
            gets = "these are two different Keras packages whose layers and tensors do not mix"
        self.findings.append(Finding("KG608", Span(line, 1, line, 2),
                                     f"this file uses {names}: {gets}; import every Keras name from one of them"))


def _leftmost(expr) -> str | None:
    while isinstance(expr, ast.Attribute):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None


def _cst_keyword(call, name):
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def scan(analysis) -> Scan:
    cached = analysis.__dict__.get("_migration_scan")
    if cached is None:
        cached = analysis.__dict__["_migration_scan"] = Scan(analysis)
    return cached


class _Migration(Rule):
    def check(self, analysis, context):
        for finding in scan(analysis).findings:
            if finding.code == self.code:
                yield context.report(finding.span, finding.message, fix=finding.fix)


class LegacyImport(_Migration):
    code = "KG601"
    name = "legacy-import"
    severity = "error"
    summary = "An import from a Keras 1/2 module path Keras 3 removed (keras.layers.core, keras.engine, ...)."
    fixable = "sometimes"


class LegacyKeyword(_Migration):
    code = "KG602"
    name = "legacy-keyword"
    severity = "error"
    summary = "A Keras 1 keyword renamed in Keras 2 (output_dim, nb_filter, border_mode, lr, nb_epoch, ...)."
    fixable = "sometimes"


class RemovedKeyword(_Migration):
    code = "KG603"
    name = "removed-keyword"
    severity = "error"
    summary = "A Keras 1/2 keyword with no Keras 3 equivalent (weights=, consume_less=, samples_per_epoch=, ...)."


class PositionalKernel(_Migration):
    code = "KG604"
    name = "positional-kernel"
    severity = "warning"
    summary = "Keras 1's Convolution2D(32, 3, 3): Keras 3 reads the second 3 as strides."
    fixable = "sometimes"


class RemovedMethod(_Migration):
    code = "KG605"
    name = "removed-model-method"
    severity = "error"
    summary = "fit_generator / evaluate_generator / predict_generator / predict_classes: gone in Keras 3."
    fixable = "sometimes"


class RemovedLayer(_Migration):
    code = "KG606"
    name = "removed-layer"
    severity = "error"
    summary = "Keras 1/2 layers Keras 3 removed: Merge, merge(mode=...), TimeDistributedDense, Highway, ..."
    fixable = "sometimes"


class BatchInputShape(_Migration):
    code = "KG607"
    name = "batch-input-shape"
    severity = "error"
    summary = "batch_input_shape= on a layer; Keras 3 wants Input(batch_shape=...)."
    fixable = "sometimes"


class MixedKeras(_Migration):
    code = "KG608"
    name = "mixed-keras-packages"
    severity = "warning"
    summary = "One file importing from two Keras packages (keras, tf.keras, tf_keras)."


RULES = (LegacyImport, LegacyKeyword, RemovedKeyword, PositionalKernel, RemovedMethod, RemovedLayer,
         BatchInputShape, MixedKeras)
