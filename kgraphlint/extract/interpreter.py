"""The abstract interpreter: the module's statements in order, one scope per
module and per function call, names bound to abstract values (values.py).

Nothing here executes user code. Every statement is interpreted inside a
guard, so one statement we do not understand costs that statement only.
"""

from __future__ import annotations

import ast
import difflib
import os

from .. import keras_source
from ..dims import UNKNOWN, Expr, Unknown
from ..graph import Finding, NameCounter, Span
from ..pyast import SourceText
from .base import (
    BUILTIN_NAMES,
    MAX_DEPTH,
    MAX_LOOP,
    MAX_RECURSION,
    MAX_STEPS,
    STRICT,
    Break,
    Continue,
    Env,
    Return,
    key_number,
)
from .calls import CallMixin
from .calltime import CallTime
from .cloning import CloneMixin
from .expressions import ExprMixin
from .models import ModelMixin
from .scan import block_effects, bound_names
from .sharing import shareable
from .subclass import ClassMixin
from .tape import Tape
from .values import (
    ClassVal,
    FuncModel,
    Function,
    Instance,
    LayerObj,
    Module,
    Ref,
    SeqModel,
    Tensor,
)

_TRY = (ast.Try, getattr(ast, "TryStar", ast.Try))


class Interpreter(ExprMixin, CallMixin, ModelMixin, ClassMixin, CloneMixin):
    def __init__(self, module: ast.Module, path: str, source: str, modules=None):
        self.path = path
        self.modules = modules  # project.ProjectModules: where the project's own imports are read
        self.keras_source = keras_source.shared()  # Keras's own applications code, vendored
        self.loaded: dict = {}  # path -> values.Module, each imported module run once
        self.dependencies: list = []  # paths of the project modules this file's analysis read
        self.foreign: list = []  # values.Module stack while code of another module runs
        self.foreign_site: Span | None = None  # the call in this file that runs it
        self.call_site = None  # the call in this file being evaluated
        self.module = module
        self.text = SourceText(source)
        self.tape = Tape()
        self.calltime = CallTime(self.tape)
        self.dtype_policy_changed = False
        self.inside_layer_call = 0  # > 0 while a custom layer's call() runs
        self.untraced: list = []
        self.counter = NameCounter()
        self.facts: list = []
        self.models: list = []  # ModelIR, in creation order
        self.layers: dict = {}  # layer key -> LayerObj
        self.sequentials: list = []
        self.functionals: list = []
        self.instances: list = []
        self.functions: list = []  # module-level Function values
        self.called: set = set()  # ids of Function nodes interpreted by a call
        self.classes: list = []
        self.model_nodes: list = []  # (Node, model value) for models called as layers
        self.call_structures: dict = {}  # node id -> how a custom layer was called (clone_model repeats it)
        self.method_builds: list = []  # (Span, model, objects_made(), method) for fit/predict... of unbuilt models
        self.data_calls: list = []  # (Span, model value, objects_made()) for models called on values not tensors
        self.trainable_changes: list = []  # (Span, value, owner) for `.trainable = ` freeze() did not follow
        self.depth = 0
        self.running: dict = {}  # id of a function body -> how often it is on the stack
        self.steps = 0
        self.star_modules: list = []  # non-Keras star imports: names may come from them
        self._bound_anywhere: set | None = None  # scanned on the first name we cannot resolve
        self._reported: set = set()
        self._key = 0
        self.sandbox_key = None  # set while reading a function Keras never ran
        self.importing = 0  # > 0 while an imported module's top level runs
        self.guessed: dict = {}  # id -> (list or dict, reason): containers changed on an undecided path
        self.unknown_names: dict = {}  # symbol -> (line, why): names bound to values not known statically
        self.method_defaults: dict = {}  # id of a method's FunctionDef -> defaults evaluated with its class
        self.globals = Env()
        self.scopes: dict = {}  # id -> local scope holding a function or class made there (made_in)
        self.import_stack: list = []  # (path, project files read, flags) of modules whose top level runs
        self.module_deps: dict = {}  # path -> project files its top level read (itself included)
        self.globals.vars["__name__"] = "__main__"

    def release(self) -> None:
        """Forget the program's names once it has run. Functions and classes
        hold the scope that holds them; left as cycles, they keep the file's
        syntax tree alive until the garbage collector walks all of it."""
        kept = {id(module) for store in (self.modules, self.keras_source)
                for module, _ in getattr(store, "interpreted", {}).values()}  # shared with the next importer
        for module in self.loaded.values():
            if module.env is not None and id(module) not in kept:
                module.env.vars.clear()
        for env in [self.globals, *self.scopes.values()]:
            env.vars.clear()
        self.scopes.clear()

    # -- helpers -----------------------------------------------------------
    def span(self, node, part: str = "") -> Span | None:
        """Where ``node`` is; ``part="name"`` narrows a keyword argument to its
        name and an attribute to its last name (what a fix renames)."""
        if self.foreign_site is not None:  # code of an imported module: where this file called it
            return self.foreign_site
        return None if node is None else Span(node=node, part=part, resolver=self.text.position)

    def source(self, node) -> str:
        return self.text.segment(node)

    @property
    def bound_anywhere(self) -> set:
        if self._bound_anywhere is None:
            self._bound_anywhere = bound_names(self.module)
        return self._bound_anywhere

    def frozen_object(self, obj) -> bool:
        """True for an object made before the uncalled function we are reading:
        that function never ran, so it must not change what the file built."""
        if self.sandbox_key is None:
            return False
        if isinstance(obj, SeqModel):
            return not getattr(obj, "sandbox_born", False)
        number = key_number(getattr(obj, "key", ""))
        return number < 0 or number <= self.sandbox_key

    def objects_made(self) -> int:
        """How many keyed objects exist so far: what a key's number is compared with."""
        return self._key

    def new_key(self, hint: str) -> str:
        self._key += 1
        return f"{hint}@{self._key}"

    def fact(self, code: str, span, data: dict, message: str = "", node=None) -> None:
        if self.foreign_site is not None:
            return  # about another file's code: reported when that file is checked
        marker = (code, span.identity() if span is not None else None, repr(sorted(data.items(), key=lambda kv: kv[0]))[:200])
        if marker in self._reported:
            return
        self._reported.add(marker)
        self.facts.append(Finding(code=code, message=message, span=span, node=node, data=data))

    def note(self, span, what: str) -> None:
        """Something analysed approximately (an unknown branch taken, a loop skipped)."""
        self.fact("KG900", span, {"note": what}, message=what)

    # -- names -------------------------------------------------------------
    def lookup(self, name: str, env: Env, node=None):
        found, value = env.find(name)
        if found:
            return value
        if name in BUILTIN_NAMES:
            return self.builtin(name)
        if self.star_modules or name in self.bound_anywhere or "*" in self.bound_anywhere:
            return self.unknown_symbol(name, node, f"`{name}` is defined where the analysis cannot follow it")
        scope = {n for n in env.names() if not n.startswith("__")}  # the user's names, not builtins
        suggestions = difflib.get_close_matches(name, sorted(scope), n=3)
        self.fact("KG301", self.span(node) if node is not None else None,
                  {"name": name, "suggestions": suggestions})
        return self.unknown_symbol(name, node, f"`{name}` is not defined")

    # -- statements --------------------------------------------------------
    def run_module(self) -> None:
        self.exec_block(self.module.body, self.globals)
        self.analyse_uncalled()
        self.finish()

    def exec_block(self, body, env: Env) -> None:
        for stmt in body:
            self.exec_stmt(stmt, env)

    def exec_stmt(self, stmt, env: Env) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            if self.steps == MAX_STEPS + 1:
                self.note(self.span(stmt), f"analysis stopped after {MAX_STEPS} statements; the rest of the file "
                                           "is not interpreted")
            return
        try:
            self._exec(stmt, env)
        except (Return, Break, Continue):
            raise
        except RecursionError:
            pass
        except Exception:  # one odd statement never aborts the file
            if STRICT:  # tests: surface interpreter bugs instead of hiding them
                raise

    def _exec(self, stmt, env: Env) -> None:
        kind = type(stmt)
        if kind is ast.Assign:
            value = self.eval(stmt.value, env)
            for target in stmt.targets:
                self.assign(target, value, env)
        elif kind is ast.Expr:
            self.eval(stmt.value, env)
        elif kind in (ast.Import, ast.ImportFrom):
            self.exec_import(stmt, env)
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef):
            fn = Function(stmt, self.made_in(env), stmt.name, defaults=self.eval_defaults(stmt.args, env))
            env.vars[stmt.name] = fn
            if env is self.globals:
                self.functions.append(fn)
        elif kind is ast.ClassDef:
            env.vars[stmt.name] = self.define_class(stmt, env)
        elif kind is ast.Return:
            value = self.eval(stmt.value, env) if stmt.value is not None else None
            if isinstance(stmt.value, ast.Name):
                env.returned_name = stmt.value.id
            raise Return(value)
        elif kind is ast.If:
            self.exec_if(stmt, env)
        elif kind in (ast.For, ast.AsyncFor):
            self.exec_for(stmt, env)
        elif kind is ast.AnnAssign:
            if stmt.value is not None:
                self.assign(stmt.target, self.eval(stmt.value, env), env)
        elif kind is ast.AugAssign:
            current = self.eval(stmt.target, env)
            value = self.binop(current, stmt.op, self.eval(stmt.value, env), stmt)
            self.assign(stmt.target, value, env)
        elif kind is ast.While:
            self.exec_while(stmt, env)
        elif kind in (ast.With, ast.AsyncWith):
            for item in stmt.items:
                value = self.eval(item.context_expr, env)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, UNKNOWN if not isinstance(value, Ref) else value, env)
            self.exec_block(stmt.body, env)
        elif kind in _TRY:
            self.exec_block(stmt.body, env)
            self.exec_block(stmt.orelse, env)
            self.exec_block(stmt.finalbody, env)
        elif kind is ast.Break:
            raise Break()
        elif kind is ast.Continue:
            raise Continue()

    def exec_import(self, stmt, env: Env) -> None:
        from .imports import canonical, star_names

        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                own = self.project_module(alias.name, 0, stmt) if canonical(alias.name) is None else None
                if alias.asname is not None:
                    env.vars[alias.asname] = own if own is not None else Ref(alias.name)
                else:
                    top = alias.name.split(".")[0]
                    top_own = self.project_module(top, 0, stmt) if own is not None else None
                    env.vars[top] = top_own if top_own is not None else Ref(top)
            return
        module = stmt.module or ""
        if not stmt.level and module.startswith("keras.src.applications") and self.import_keras_source(stmt, env):
            return
        own = self.project_module(module, stmt.level, stmt) if stmt.level or canonical(module) is None else None
        if own is not None:
            self.import_from(own, stmt, env)
            return
        if stmt.level:  # a relative import we cannot find: its names stand for values not known
            for alias in stmt.names:
                if alias.name != "*":
                    env.vars[alias.asname or alias.name] = Ref("." * stmt.level + f"{module}.{alias.name}")
            return
        if stmt.names[0].name == "*":
            names = star_names(module)
            if not names and canonical(module) is None:
                self.star_modules.append(module)
            for name, path in names.items():
                env.vars.setdefault(name, Ref(path))
            return
        for alias in stmt.names:
            env.vars[alias.asname or alias.name] = Ref(f"{module}.{alias.name}")

    # -- the project's own modules ---------------------------------------------
    def project_module(self, name: str, level: int, stmt):
        """The imported module of the project, run once per analysis (a cycle
        sees the part run so far, as in Python); None if it is not the project's."""
        if self.modules is None:
            return None
        importer = self.foreign[-1].path if self.foreign else self.path
        path = self.modules.resolve(name, importer, level)
        return self.load_module(path, name, stmt) if path is not None else None

    def load_module(self, path: str, name: str, stmt, reader=None):
        module = self.loaded.get(path)
        if module is not None:
            if any(running == path for running, _, _ in self.import_stack):
                for _, _, importer_flags in self.import_stack:
                    importer_flags["cycle"] = True  # a module seen half-run: its importers are not reused
            self.read_by_importers({path, *self.module_deps.get(path, ())} if reader is None else set())
            return module
        source_of = reader or self.modules
        shared = getattr(source_of, "interpreted", None)  # path -> (Module, dependencies), one per run
        if shared is not None and path in shared:
            module, dependencies = shared[path]
            self.loaded[path] = module
            self.module_deps[path] = set(dependencies)
            for dependency in dependencies:  # the cache still sees every file the module read
                source_of.load(dependency)
                self.dependencies.append(dependency)
            self.read_by_importers(set(dependencies))
            return module
        loaded = source_of.load(path)
        if loaded is None:
            return None
        source, tree = loaded
        module = Module(name=name, path=path, env=None, text=SourceText(source))
        module.env = Env(module=module)
        module.env.vars["__name__"] = name
        self.loaded[path] = module
        if reader is None:  # Keras's vendored source never changes: no cache dependency
            self.dependencies.append(path)
        deps: set = {path} if reader is None else set()
        flags: dict = {}
        before = self.side_effects()
        self.import_stack.append((path, deps, flags))
        with self.running_module(module, stmt):
            self.importing += 1
            try:
                self.exec_block(tree.body, module.env)
            finally:
                self.importing -= 1
                self.import_stack.pop()
        self.module_deps[path] = deps
        self.read_by_importers(deps)
        if (shared is not None and not flags and self.side_effects() == before
                and shareable(module, tree, shared)):
            shared[path] = (module, tuple(sorted(deps)))
        return module

    def read_by_importers(self, paths: set) -> None:
        """Project files a module's top level read count for every module
        whose top level is importing it (their reuse must re-check them)."""
        for _, deps, _ in self.import_stack:
            deps |= paths

    def side_effects(self) -> tuple:
        """What running code can change in this analysis besides its own
        names: equal before and after a module's top level when that module
        only defined things, so the next importer may reuse it as it is."""
        return (len(self.tape.nodes), len(self.models), len(self.layers), len(self.instances), len(self.guessed),
                len(self.unknown_names), len(self.star_modules), len(self.facts), self._key,
                tuple(sorted(self.counter.counts.items())), self.dtype_policy_changed,
                getattr(self, "keras_config_changed", False))

    # -- Keras's own Python, vendored (keras_source.py) ---------------------------
    def import_keras_source(self, stmt, env: Env) -> bool:
        """``from keras.src.applications import imagenet_utils`` (or ``...resnet
        import ResNet``) in Keras's own code: the vendored modules are run."""
        module = self.keras_module(stmt.module, stmt)
        if module is not None:
            self.import_from(module, stmt, env)
            return True
        if stmt.names[0].name == "*":
            return False
        found = [self.keras_module(f"{stmt.module}.{a.name}", stmt) for a in stmt.names]
        if any(m is None for m in found):
            return False
        for alias, m in zip(stmt.names, found):
            env.vars[alias.asname or alias.name] = m
        return True

    def keras_module(self, dotted: str, node):
        path = self.keras_source.module_path(dotted)
        return self.load_module(path, dotted, node, self.keras_source) if path is not None else None

    def keras_function(self, public: str, node):
        """The vendored function Keras exports as ``public``, or None."""
        if not public.startswith("keras.applications."):
            return None  # the index is read only by files that use the applications
        found = self.keras_source.export(public)
        if found is None:
            return None
        path, name = found
        stem = os.path.splitext(os.path.basename(path))[0]
        module = self.load_module(path, f"keras.src.applications.{stem}", node, self.keras_source)
        fn = module.env.vars.get(name) if module is not None else None
        return fn if isinstance(fn, Function) else None

    def running_module(self, module, node):
        """A context: code of ``module`` runs, on behalf of ``node`` in this file."""
        return _Foreign(self, module, node)

    def import_from(self, module, stmt, env: Env) -> None:
        if stmt.names[0].name == "*":
            public = module.env.vars.get("__all__")
            names = public if isinstance(public, (list, tuple)) and all(isinstance(n, str) for n in public) else [
                n for n in module.env.vars if not n.startswith("_")]
            for name in names:
                env.vars[name] = module.env.vars.get(name, UNKNOWN)
            return
        for alias in stmt.names:
            env.vars[alias.asname or alias.name] = self.module_attribute(module, alias.name, stmt)

    def module_attribute(self, module, name: str, node):
        """``module.name``: a global of the module, or a submodule of a package."""
        if name in module.env.vars:
            return module.env.vars[name]
        if module.path.endswith("__init__.py") and self.modules is not None:
            path = self.modules.resolve(name, module.path, 1)
            if path is not None:
                return self.load_module(path, f"{module.name}.{name}" if module.name else name, node)
        return UNKNOWN

    def exec_if(self, stmt, env: Env) -> None:
        cond = self.truth(self.eval(stmt.test, env))
        if cond is None:
            reason = self.guess_reason(stmt.test, f"the condition `{self.short(stmt.test)}` is not known statically")
            self.note(self.span(stmt.test), "condition not known statically; first branch taken")
            # Everything made on the guessed path is marked not exact (its
            # catalogue errors are not facts either: see Node.approximate),
            # and so is whatever either branch may have changed.
            self.tape.guessing.append(reason)
            try:
                self.exec_block(stmt.body, env)
            finally:
                self.tape.guessing.pop()
            self.taint(stmt.body + stmt.orelse, env, reason)
            return
        self.exec_block(stmt.body if cond else stmt.orelse, env)

    def short(self, node) -> str:
        text = " ".join(self.source(node).split())
        return text if len(text) <= 50 else text[:47] + "..."

    def guess_reason(self, node, reason: str) -> tuple:
        if self.foreign:  # in an imported module: at the call in this file that ran it
            return (self.foreign_site.line if self.foreign_site else None,
                    f"{reason} (in {os.path.basename(self.foreign[-1].path)}:{node.lineno})")
        return (node.lineno, reason)

    def taint(self, body: list, env: Env, reason: tuple) -> None:
        """After a block whose effect is not known (the other side of an undecided
        ``if``, a loop not unrolled): every name it may bind and every object it
        may change is marked, so nothing built from them is printed as exact."""
        names, receivers = block_effects(body)
        for name in names:
            found, value = env.find(name)
            env.vars[name] = self.uncertain(value, name, reason) if found else self.unknown_symbol(name, None, reason[1])
        for receiver in receivers:
            value = self.peek(receiver, env)
            if value is not None:
                self.mark_guess(value, reason)

    def unknown_symbol(self, name: str, node, why: str = "") -> Expr:
        """A name whose value is not known statically: its symbol may still be
        printed, but nothing counted from it is exact."""
        if name not in self.unknown_names:
            why = why or f"the value of `{name}` is not known statically"
            self.unknown_names[name] = self.guess_reason(node, why) if node is not None else (None, why)
        return Expr.symbol(name)

    def uncertain(self, value, name: str, reason: tuple):
        if isinstance(value, Tensor):
            return Tensor(value.ref, guess=reason)
        if isinstance(value, (int, float, str, bool, type(None), Expr, Unknown)) or (
            isinstance(value, tuple) and not any(isinstance(v, Tensor) for v in value)
        ):
            if isinstance(value, (str, tuple)):
                return UNKNOWN
            self.unknown_names[name] = reason
            return Expr.symbol(name)
        if isinstance(value, (list, tuple)):
            return [self.uncertain(v, name, reason) if isinstance(v, Tensor) else v for v in value]
        self.mark_guess(value, reason)
        return value

    def mark_guess(self, value, reason: tuple) -> None:
        if isinstance(value, (LayerObj, SeqModel, FuncModel, Instance)):
            if not getattr(value, "guess", None):
                value.guess = reason
                if isinstance(value, SeqModel):  # layers added from here on may differ
                    value.guess_from = len(value.entries)
        elif isinstance(value, (list, dict)):
            self.guessed[id(value)] = (value, reason)

    def peek(self, node, env):
        """A receiver's value without running anything (names and attributes only)."""
        if isinstance(node, ast.Name):
            found, value = env.find(node.id)
            return value if found else None
        if isinstance(node, ast.Attribute):
            owner = self.peek(node.value, env)
            if isinstance(owner, Instance):
                return owner.attrs.get(node.attr) if node.attr in owner.attrs else owner
            return None
        return None

    def exec_while(self, stmt, env: Env) -> None:
        """Run the loop while its condition is known (Keras would run it the
        same way); from the first undecided test on, its effects are unknown."""
        for _ in range(MAX_LOOP):
            cond = self.truth(self.eval(stmt.test, env))
            if cond is None:
                break
            if not cond:
                self.exec_block(stmt.orelse, env)
                return
            if not self.run_iteration(stmt.body, env):
                return
        reason = self.guess_reason(stmt.test, f"the `while` loop on `{self.short(stmt.test)}` is not followed: "
                                              "its condition is not known statically")
        self.note(self.span(stmt), "while loop not unrolled")
        self.taint(stmt.body + stmt.orelse, env, reason)

    def exec_for(self, stmt, env: Env) -> None:
        iterable = self.eval(stmt.iter, env)
        # a container changed where the analysis could not follow holds items it does not know
        items = self.iterate(iterable) if id(iterable) not in self.guessed else None
        if items is None:
            self.note(self.span(stmt.iter), "loop over a value not known statically; not unrolled")
            reason = self.guess_reason(stmt.iter, f"the loop over `{self.short(stmt.iter)}` is not followed: "
                                                  "its length is not known statically")
            self.taint(stmt.body + stmt.orelse, env, reason)
            return
        for item in items[:MAX_LOOP]:
            self.assign(stmt.target, item, env)
            if not self.run_iteration(stmt.body, env):
                return
        else:
            self.exec_block(stmt.orelse, env)

    def run_iteration(self, body: list, env: Env) -> bool:
        """One pass of a loop body; False when it breaks out of the loop."""
        try:
            self.exec_block(body, env)
        except Break:
            return False
        except Continue:
            pass
        return True

    def truth(self, value):
        if isinstance(value, (Expr, Unknown)) or id(value) in self.guessed:
            return None
        if isinstance(value, (int, float, str, bool, type(None), tuple, list, dict)):
            try:
                return bool(value)
            except Exception:
                return None
        # a Keras layer defines neither __bool__ nor __len__: always true
        return None if not isinstance(value, (Function, ClassVal, Instance, LayerObj)) else True

    # -- functions ---------------------------------------------------------
    def call_function(self, fn: Function, positional: list, keywords: dict, node=None):
        """Interpret a user function's body with these arguments."""
        if self.depth >= MAX_DEPTH or self.running.get(id(fn.node), 0) >= MAX_RECURSION:
            return UNKNOWN  # too deep, or recursing: every level would multiply the work
        module = fn.env.module
        if module is not None and (not self.foreign or self.foreign[-1] is not module):  # another module's code
            with self.running_module(module, node if node is not None else self.call_site):
                return self.call_function(fn, positional, keywords, node)
        self.called.add(id(fn.node))
        fdef = fn.node
        is_lambda = isinstance(fdef, ast.Lambda)
        local = Env(fn.env, function=None if fn.bound_self is not None or is_lambda else fn.name)
        if fn.bound_self is not None:
            positional = [fn.bound_self, *positional]
        defaults = fn.defaults if fn.defaults is not None else self.method_defaults.get(id(fdef))
        self.bind_params(fdef.args, positional, keywords, local, fn.env, defaults)
        self.depth += 1
        self.running[id(fn.node)] = self.running.get(id(fn.node), 0) + 1
        try:
            if is_lambda:
                return self.eval(fdef.body, local)
            self.exec_block(fdef.body, local)
            return None
        except Return as ret:
            value = ret.value
            if local.returned_name:
                self.name_models(value, local.returned_name, force=False)
            elif fn.bound_self is None:
                self.name_models(value, fn.name, force=False)
            return value
        finally:
            self.depth -= 1
            self.running[id(fn.node)] -= 1

    def eval_defaults(self, params: ast.arguments, env: Env) -> dict:
        """Python evaluates default values once, when `def` (or `lambda`) runs:
        `activation=layers.LeakyReLU(0.2)` is one layer shared by every call."""
        plain = params.posonlyargs + params.args
        with_default = plain[len(plain) - len(params.defaults):]
        values = {p.arg: self.eval(d, env) for p, d in zip(with_default, params.defaults)}
        for p, d in zip(params.kwonlyargs, params.kw_defaults):
            if d is not None:
                values[p.arg] = self.eval(d, env)
        return values

    def bind_params(self, params: ast.arguments, positional: list, keywords: dict, local: Env, defenv: Env,
                    defaults: dict | None = None):
        if defaults is None:  # a def we never saw run: evaluate its defaults now
            defaults = self.eval_defaults(params, defenv)
        plain = params.posonlyargs + params.args
        keywords = dict(keywords)
        for i, p in enumerate(plain):
            name = p.arg
            if i < len(positional):
                local.vars[name] = positional[i]
            elif name in keywords:
                local.vars[name] = keywords.pop(name)
            elif name in defaults:
                local.vars[name] = defaults[name]
            else:
                local.vars[name] = Expr.symbol(name)
        if params.vararg is not None:
            local.vars[params.vararg.arg] = tuple(positional[len(plain):])
        for p in params.kwonlyargs:
            name = p.arg
            if name in keywords:
                local.vars[name] = keywords.pop(name)
            elif name in defaults:
                local.vars[name] = defaults[name]
            else:
                local.vars[name] = Expr.symbol(name)
        if params.kwarg is not None:
            local.vars[params.kwarg.arg] = dict(keywords)

    def analyse_uncalled(self) -> None:
        """Builders never called: analyse once with their defaults. A function
        that builds no model leaves no trace (Keras would not have run it)."""
        for fn in list(self.functions):
            if id(fn.node) in self.called:
                continue
            saved = dict(self.counter.counts)
            before = len(self.models)
            facts_before = len(self.facts)
            self.sandbox_key = self._key  # objects older than this must not change
            try:
                self.call_function(fn, [], {})
            finally:
                self.sandbox_key = None
            for ir in self.models[before:]:
                ir.entry = fn.name  # verify --exec-source calls fn() as this did
            if len(self.models) == before:
                self.counter.counts = saved
                # keep only undefined names: they are wrong whatever the arguments
                self.facts[facts_before:] = [f for f in self.facts[facts_before:] if f.code == "KG301"]
                self.called.discard(id(fn.node))
        for cls in self.classes:
            self.analyse_unused_class(cls)


class _Foreign:
    """While code of an imported module runs: its source for argument text, its
    path for relative imports, and, for every span, the call in this file."""

    def __init__(self, interp, module, node):
        self.interp, self.module, self.node = interp, module, node

    def __enter__(self):
        interp = self.interp
        self.saved = (interp.text, interp.foreign_site)
        if interp.foreign_site is None:
            interp.foreign_site = interp.span(self.node) if self.node is not None else None
        interp.foreign.append(self.module)
        interp.text = self.module.text
        return self

    def __exit__(self, *exc):
        interp = self.interp
        interp.foreign.pop()
        interp.text, interp.foreign_site = self.saved
        return False
