"""The abstract interpreter: the module's statements in order, one scope per
module and per function call, names bound to abstract values (values.py).

Nothing here executes user code. Every statement is interpreted inside a
guard, so one statement we do not understand costs that statement only.
"""

from __future__ import annotations

import builtins
import os
import difflib

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from ..dims import UNKNOWN, Expr, Unknown
from ..graph import Finding, NameCounter, Span
from .calls import CallMixin
from .expressions import ExprMixin
from .models import ModelMixin
from .scan import bound_names
from .subclass import ClassMixin
from .tape import Tape
from .values import ClassVal, Function, Instance, Ref, SeqModel

STRICT = bool(os.environ.get("KGRAPHLINT_STRICT"))
MAX_LOOP = 512  # iterations unrolled per loop
MAX_DEPTH = 24  # nested function calls interpreted
BUILTIN_NAMES = frozenset(dir(builtins)) | {"__name__", "__file__", "__doc__"}


class Return(Exception):
    def __init__(self, value):
        self.value = value


class Break(Exception):
    pass


class Continue(Exception):
    pass


class Env:
    def __init__(self, parent=None, function: str | None = None):
        self.vars: dict = {}
        self.parent = parent
        self.function = function if function is not None else (parent.function if parent else None)
        self.returned_name: str | None = None  # builder: the variable returned

    def find(self, name: str):
        env = self
        while env is not None:
            if name in env.vars:
                return True, env.vars[name]
            env = env.parent
        return False, None

    def names(self) -> set:
        out = set()
        env = self
        while env is not None:
            out |= set(env.vars)
            env = env.parent
        return out


class Interpreter(ExprMixin, CallMixin, ModelMixin, ClassMixin):
    def __init__(self, module: cst.Module, path: str, source: str | None = None):
        self.path = path
        self.module = module
        self._positions = None  # computed on the first span read (see Span)
        self.tape = Tape()
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
        self.depth = 0
        self.star_modules: list = []  # non-Keras star imports: names may come from them
        self.bound_anywhere = bound_names(source if source is not None else module.code)
        self._reported: set = set()
        self._key = 0
        self.sandbox_key = None  # set while reading a function Keras never ran
        self.globals = Env()
        self.globals.vars["__name__"] = "__main__"

    # -- helpers -----------------------------------------------------------
    def span(self, node) -> Span | None:
        return None if node is None else Span(node=node, resolver=self._position_of)

    def _position_of(self, node):
        if self._positions is None:
            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._positions = wrapper.resolve(PositionProvider)
        r = self._positions.get(node)
        return None if r is None else (r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)

    def source(self, node) -> str:
        try:
            return self.module.code_for_node(node)
        except Exception:
            return ""

    def frozen_object(self, obj) -> bool:
        """True for an object made before the uncalled function we are reading:
        that function never ran, so it must not change what the file built."""
        if self.sandbox_key is None:
            return False
        if isinstance(obj, SeqModel):
            return not getattr(obj, "sandbox_born", False)
        key = getattr(obj, "key", "")  # "Dense@12": keys grow with creation
        try:
            return int(str(key).rsplit("@", 1)[1]) <= self.sandbox_key
        except (IndexError, ValueError):
            return True

    def new_key(self, hint: str) -> str:
        self._key += 1
        return f"{hint}@{self._key}"

    def fact(self, code: str, span, data: dict, message: str = "", node=None) -> None:
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
            return Expr.symbol(name)  # defined somewhere we cannot follow
        scope = {n for n in env.names() if not n.startswith("__")}  # the user's names, not builtins
        suggestions = difflib.get_close_matches(name, sorted(scope), n=3)
        self.fact("KG301", self.span(node) if node is not None else None,
                  {"name": name, "suggestions": suggestions})
        return Expr.symbol(name)

    # -- statements --------------------------------------------------------
    def run_module(self) -> None:
        self.exec_block(self.module.body, self.globals)
        self.analyse_uncalled()
        self.finish()

    def exec_block(self, body, env: Env) -> None:
        for stmt in body:
            self.exec_stmt(stmt, env)

    def exec_stmt(self, stmt, env: Env) -> None:
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
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                self.exec_small(small, env)
        elif isinstance(stmt, cst.FunctionDef):
            fn = Function(stmt, env, stmt.name.value)
            env.vars[stmt.name.value] = fn
            if env is self.globals:
                self.functions.append(fn)
        elif isinstance(stmt, cst.ClassDef):
            env.vars[stmt.name.value] = self.define_class(stmt, env)
        elif isinstance(stmt, cst.If):
            self.exec_if(stmt, env)
        elif isinstance(stmt, cst.For):
            self.exec_for(stmt, env)
        elif isinstance(stmt, cst.While):
            self.note(self.span(stmt), "while loop not unrolled")
        elif isinstance(stmt, cst.With):
            for item in stmt.items:
                value = self.eval(item.item, env)
                if item.asname is not None:
                    self.assign(item.asname.name, UNKNOWN if not isinstance(value, Ref) else value, env)
            self.exec_block(stmt.body.body, env)
        elif isinstance(stmt, cst.Try):
            self.exec_block(stmt.body.body, env)
            if stmt.orelse is not None:
                self.exec_block(stmt.orelse.body.body, env)
            if stmt.finalbody is not None:
                self.exec_block(stmt.finalbody.body.body, env)

    def exec_small(self, small, env: Env) -> None:
        if isinstance(small, cst.Assign):
            value = self.eval(small.value, env)
            for target in small.targets:
                self.assign(target.target, value, env)
        elif isinstance(small, cst.AnnAssign):
            if small.value is not None:
                self.assign(small.target, self.eval(small.value, env), env)
        elif isinstance(small, cst.AugAssign):
            current = self.eval(small.target, env)
            value = self.binop(current, small.operator, self.eval(small.value, env), small)
            self.assign(small.target, value, env)
        elif isinstance(small, cst.Expr):
            self.eval(small.value, env)
        elif isinstance(small, cst.Return):
            value = self.eval(small.value, env) if small.value is not None else None
            if isinstance(small.value, cst.Name):
                env.returned_name = small.value.value
            raise Return(value)
        elif isinstance(small, (cst.Import, cst.ImportFrom)):
            self.exec_import(small, env)
        elif isinstance(small, cst.Break):
            raise Break()
        elif isinstance(small, cst.Continue):
            raise Continue()

    def exec_import(self, small, env: Env) -> None:
        from .imports import canonical, star_names

        if isinstance(small, cst.Import):
            for alias in small.names:
                dotted = self.source(alias.name)
                if alias.asname is not None:
                    env.vars[alias.asname.name.value] = Ref(dotted)
                else:
                    top = dotted.split(".")[0]
                    env.vars[top] = Ref(top)
            return
        if small.relative:
            return
        module = self.source(small.module) if small.module is not None else ""
        if isinstance(small.names, cst.ImportStar):
            names = star_names(module)
            if not names and canonical(module) is None:
                self.star_modules.append(module)
            for name, path in names.items():
                env.vars.setdefault(name, Ref(path))
            return
        for alias in small.names:
            name = self.source(alias.name)
            local = alias.asname.name.value if alias.asname is not None else name
            env.vars[local] = Ref(f"{module}.{name}")

    def exec_if(self, stmt, env: Env) -> None:
        cond = self.truth(self.eval(stmt.test, env))
        if cond is None:
            self.note(self.span(stmt.test), "condition not known statically; first branch taken")
            # Layers made on a guessed path may be wrong: infer will not call
            # their catalogue errors certain (see Node.approximate).
            self.tape.guessing += 1
            try:
                self.exec_block(stmt.body.body, env)
            finally:
                self.tape.guessing -= 1
            return
        if cond:
            self.exec_block(stmt.body.body, env)
        elif isinstance(stmt.orelse, cst.If):
            self.exec_if(stmt.orelse, env)
        elif stmt.orelse is not None:
            self.exec_block(stmt.orelse.body.body, env)

    def exec_for(self, stmt, env: Env) -> None:
        items = self.iterate(self.eval(stmt.iter, env))
        if items is None:
            self.note(self.span(stmt.iter), "loop over a value not known statically; not unrolled")
            return
        for item in items[:MAX_LOOP]:
            self.assign(stmt.target, item, env)
            try:
                self.exec_block(stmt.body.body, env)
            except Break:
                return
            except Continue:
                continue
        else:
            if stmt.orelse is not None:
                self.exec_block(stmt.orelse.body.body, env)

    def truth(self, value):
        if isinstance(value, (Expr, Unknown)):
            return None
        if isinstance(value, (int, float, str, bool, type(None), tuple, list, dict)):
            try:
                return bool(value)
            except Exception:
                return None
        return None if not isinstance(value, (Function, ClassVal, Instance)) else True

    # -- functions ---------------------------------------------------------
    def call_function(self, fn: Function, positional: list, keywords: dict, node=None):
        """Interpret a user function's body with these arguments."""
        if self.depth >= MAX_DEPTH:
            return UNKNOWN
        self.called.add(id(fn.node))
        fdef = fn.node
        is_lambda = isinstance(fdef, cst.Lambda)
        local = Env(fn.env, function=None if fn.bound_self is not None or is_lambda else fn.name)
        if fn.bound_self is not None:
            positional = [fn.bound_self, *positional]
        self.bind_params(fdef.params, positional, keywords, local, fn.env)
        self.depth += 1
        try:
            if is_lambda:
                return self.eval(fdef.body, local)
            body = fdef.body.body if isinstance(fdef.body, cst.IndentedBlock) else [fdef.body]
            self.exec_block(body, local)
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

    def bind_params(self, params: cst.Parameters, positional: list, keywords: dict, local: Env, defenv: Env):
        plain = list(params.posonly_params) + list(params.params)
        keywords = dict(keywords)
        for i, p in enumerate(plain):
            name = p.name.value
            if i < len(positional):
                local.vars[name] = positional[i]
            elif name in keywords:
                local.vars[name] = keywords.pop(name)
            elif p.default is not None:
                local.vars[name] = self.eval(p.default, defenv)
            else:
                local.vars[name] = Expr.symbol(name)
        if isinstance(params.star_arg, cst.Param):
            local.vars[params.star_arg.name.value] = tuple(positional[len(plain):])
        for p in params.kwonly_params:
            name = p.name.value
            if name in keywords:
                local.vars[name] = keywords.pop(name)
            elif p.default is not None:
                local.vars[name] = self.eval(p.default, defenv)
            else:
                local.vars[name] = Expr.symbol(name)
        if params.star_kwarg is not None:
            local.vars[params.star_kwarg.name.value] = dict(keywords)

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
            if len(self.models) == before:
                self.counter.counts = saved
                # keep only undefined names: they are wrong whatever the arguments
                self.facts[facts_before:] = [f for f in self.facts[facts_before:] if f.code == "KG301"]
                self.called.discard(id(fn.node))
        for cls in self.classes:
            self.analyse_unused_class(cls)
