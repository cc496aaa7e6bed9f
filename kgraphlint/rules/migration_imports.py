"""KG601 and KG608: imports from modules Keras 3 removed, and files that take
names from two Keras packages."""

from __future__ import annotations

import ast
import re

from .. import legacy
from ..diagnostics import Edit, Fix
from ..graph import Span
from .migration_syntax import KERAS3_ROOTS, Finding, split_root

OLD_UTILS = {"np_utils", "vis_utils", "generic_utils", "data_utils"}


class ImportFindings:
    """The import half of ``migration_scan.Scan``."""

    def _imports(self):
        # `try: import tf_keras / except ImportError:` guards an optional package, as
        # compatibility code and tests do: not a model built from two packages.
        self.guarded_names: set = set()
        self.guarded = {id(stmt) for t in self.try_nodes for stmt in t.body
                        if isinstance(stmt, (ast.Import, ast.ImportFrom))}
        for node in self.import_nodes:
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
        if legacy.kept(root, rest):
            return
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
        if legacy.kept(root, rest):
            return
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
        for alias in node.names:
            advice = legacy.REMOVED_NAMES.get(rest, {}).get(alias.name)
            if advice is not None and not legacy.kept(root, f"{rest}.{alias.name}"):
                self.add("KG601", alias, f"Keras 3 has no `{root}.{rest}.{alias.name}` (ImportError); {advice}")
        renamed = legacy.RENAMED_CLASSES if rest == "layers" else legacy.RENAMED_NAMES.get(rest, {})
        for alias in node.names:
            if alias.name in renamed and not legacy.kept(root, f"{rest}.{alias.name}"):
                new = renamed[alias.name]
                fix = None
                if hasattr(alias, "lineno"):
                    fix = Fix("safe", f"Import `{new}` under the name used",
                              (self.edit(alias, f"{new} as {alias.asname or alias.name}"),))
                self.add("KG601", alias if hasattr(alias, "lineno") else node,
                         f"Keras 3 has no `{root}.{rest}.{alias.name}` (ImportError); it is `{new}`", fix)
        for alias in node.names:
            if (rest == "" and alias.name in legacy.ROOT_MODULES_GONE) or \
                    (rest == "layers" and alias.name != "merge" and legacy.modern_module(f"layers.{alias.name}")):
                self._module_as_name(node, alias, root, rest)

    def _module_as_name(self, node, alias, root, rest):
        """``from keras.layers import recurrent``: a Keras 1/2 module imported by name.
        Its names are in ``keras.layers``, so ``recurrent.LSTM`` works once the name is
        bound to that module; ``keras.objectives`` & co. only get the advice."""
        module = f"{rest}.{alias.name}" if rest else alias.name
        local = alias.asname or alias.name
        fix = None
        if rest == "layers" and len(node.names) == 1:
            fix = Fix("safe", f"Bind `{local}` to `{root}.layers`",
                      (self.edit(node, f"from {root} import layers as {local}"),))
        advice = legacy.REMOVED_MODULES.get(module) or f"its names are in `{root}.{legacy.modern_module(module)}`"
        self.add("KG601", alias if hasattr(alias, "lineno") else node,
                 f"Keras 3 has no module `{root}.{module}` (ImportError); {advice}", fix)

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


    def _removed_imports(self):
        """Imports of names Keras 3 dropped from keras.layers (``merge``,
        ``TimeDistributedDense``, ...). Run after the calls: the fix imports what
        the fixed calls use, and only when every call of the name was fixed."""
        for node in self.import_nodes:
            if not (isinstance(node, ast.ImportFrom) and node.module and not node.level):
                continue
            found = split_root(node.module, KERAS3_ROOTS)
            if found is None or found[1] != "layers":
                continue
            bound = {a.asname or a.name for a in node.names}
            for alias in node.names:
                if (alias.name != "merge" and alias.name not in legacy.REMOVED_CLASSES) \
                        or legacy.kept(found[0], f"layers.{alias.name}"):
                    continue
                needed = self.replacements.get(alias.name)
                wanted = sorted(needed - bound) if needed and not alias.asname else []
                fix = Fix("safe", f"Import {', '.join(wanted)}", (self.edit(alias, ", ".join(wanted)),)) if wanted else None
                advice = ("import the merge function each call needs" if alias.name == "merge"
                          else legacy.REMOVED_CLASSES[alias.name])
                self.add("KG601", alias, f"Keras 3 has no `{node.module}.{alias.name}` (ImportError); {advice}", fix)

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
