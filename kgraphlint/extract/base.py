"""What every part of the interpreter shares: limits, scopes, control flow,
call arguments, and ``Machine``, the interface its parts are written against.

The interpreter is one object assembled from parts (expressions.py, calls.py,
models.py, subclass.py) that never import each other or interpreter.py: each
is written against ``Machine``, which declares the state and the methods the
parts offer one another. Imports run one way: interpreter -> parts -> base.
The registry of Keras API objects (registry.py), which calls.py consults, is
written against ``Machine`` too.
"""

from __future__ import annotations

import ast
import builtins
import os
from typing import TYPE_CHECKING, Any

from .values import is_tensor_like

if TYPE_CHECKING:
    from ..dims import Expr
    from ..graph import Node, Span
    from .values import ClassVal, Function, Instance, LayerObj, SeqModel, Tensor

STRICT = bool(os.environ.get("KGRAPHLINT_STRICT"))
MAX_LOOP = 512  # iterations unrolled per loop
MAX_DEPTH = 24  # nested function calls interpreted
# Statements interpreted per file: a bound on work whatever the code does. The
# largest real builders need far less (NASNet 6.5k, tf_keras's ResNetRS 29k).
MAX_STEPS = 100_000
MAX_RECURSION = 3  # levels of one function on the stack (nested blocks built recursively)
BUILTIN_NAMES = frozenset(dir(builtins)) | {"__name__", "__file__", "__doc__"}


def key_number(key) -> int:
    """The creation count in an object key ("Dense@12" -> 12): keys grow as
    objects are made. -1 for a key without one."""
    try:
        return int(str(key).rsplit("@", 1)[1])
    except (IndexError, ValueError):
        return -1


class Return(Exception):
    def __init__(self, value):
        self.value = value


class Break(Exception):
    pass


class Continue(Exception):
    pass


class Env:
    def __init__(self, parent=None, function: str | None = None, module=None):
        self.vars: dict = {}
        self.parent = parent
        self.module = module if module is not None else (parent.module if parent else None)  # values.Module or None
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


_PLAIN = (int, float, str, bool, type(None))


def concrete(v) -> bool:
    """A plain Python value we may compute with."""
    if isinstance(v, _PLAIN):
        return True
    if isinstance(v, (tuple, list)):
        return all(concrete(x) for x in v)
    if isinstance(v, dict):
        return all(concrete(x) for x in v.values())
    return False


class Args:
    """Evaluated call arguments, with the syntax each came from."""

    def __init__(self):
        self.positional: list = []
        self.pos_nodes: list = []  # the argument's expression, or None (from *args)
        self.keywords: dict = {}
        self.kw_nodes: dict = {}  # name -> ast.keyword

    def has_tensors(self) -> bool:
        return is_tensor_like(self.positional) or is_tensor_like(self.keywords)


class Machine:
    """The interpreter as its parts see it (implemented by interpreter.Interpreter)."""

    path: str
    module: ast.Module
    text: Any  # pyast.SourceText
    tape: Any  # tape.Tape
    calltime: Any  # calltime.CallTime
    counter: Any  # graph.NameCounter
    facts: list
    models: list
    layers: dict
    sequentials: list
    functionals: list
    instances: list
    functions: list
    called: set
    classes: list
    model_nodes: list
    data_calls: list
    method_builds: list
    trainable_changes: list
    depth: int
    running: dict
    steps: int
    star_modules: list
    guessed: dict
    unknown_names: dict
    sandbox_key: Any
    globals: Env
    scopes: dict  # id -> a local scope a function or class made there holds (release() clears it)
    inside_layer_call: int
    untraced: list  # (line, why): ops in a traced call() that TensorFlow cannot run
    dtype_policy_changed: bool
    modules: Any  # project.ProjectModules or None
    foreign: list  # values.Module stack while another module's code runs
    foreign_site: Any
    call_site: Any
    importing: int
    call_structures: dict  # node id -> (positional, keywords) a custom layer was called with
    method_defaults: dict  # id of a method's FunctionDef -> its default values

    def eval_defaults(self, params: ast.arguments, env: Env) -> dict:  # interpreter.py
        raise NotImplementedError

    def add_weight(self, inst: Instance, args, node):  # subclass.py
        raise NotImplementedError

    def analyse_unused_class(self, cls: ClassVal) -> None:  # subclass.py
        raise NotImplementedError

    def module_attribute(self, module, name: str, node):  # interpreter.py
        raise NotImplementedError

    def apply_model(self, model, args: Args, node):  # calls.py
        raise NotImplementedError

    def apply_layer(self, layer: LayerObj, args: Args, node):  # calls.py
        raise NotImplementedError

    def clone_model(self, args: Args, node, env):  # cloning.py
        raise NotImplementedError

    def layer_config(self, layer: LayerObj):  # cloning.py
        raise NotImplementedError

    def layer_from_config(self, cls_path: str, args: Args, node, env):  # cloning.py
        raise NotImplementedError

    def make_layer(self, cls: str, args: Args, node, env):  # calls.py
        raise NotImplementedError

    def new_ir(self, kind: str, node, keras_name: str, env):  # models.py
        raise NotImplementedError

    def sequential_has_input(self, seq: SeqModel) -> bool:  # models.py
        raise NotImplementedError

    def assign(self, target, value, env) -> None:  # expressions.py
        raise NotImplementedError

    def attribute(self, owner, attr: str, node, env):  # expressions.py
        raise NotImplementedError

    def binop(self, left, op, right, node=None):  # expressions.py
        raise NotImplementedError

    def builtin(self, name: str):  # expressions.py
        raise NotImplementedError

    def call(self, node: ast.Call, env):  # calls.py
        raise NotImplementedError

    def callee_text(self, node) -> str:  # calls.py
        raise NotImplementedError

    def keras_function(self, public: str, node):  # interpreter.py
        raise NotImplementedError

    def call_custom_layer(self, layer: LayerObj, args, node, guess):  # subclass.py
        raise NotImplementedError

    def made_in(self, env: Env):
        """Note that a function or class was made in ``env``. In a local
        scope it holds the scope that holds it: a cycle ``release()`` breaks
        at the end of the file (module scopes are released as modules)."""
        if env.parent is not None:
            self.scopes[id(env)] = env
        return env

    def untraced_since(self, mark: int) -> str | None:
        """The first op since ``mark`` that TensorFlow cannot trace, as a reason."""
        return next((f"{why} (line {line})" for line, why in self.untraced[mark:]), None)

    def call_function(self, fn: Function, positional: list, keywords: dict, node=None):  # interpreter.py
        raise NotImplementedError

    def define_class(self, stmt: ast.ClassDef, env) -> ClassVal:  # subclass.py
        raise NotImplementedError

    def origin(self, node) -> str | None:  # calls.py
        raise NotImplementedError

    def mark_guess(self, value, reason: tuple) -> None:  # interpreter.py
        raise NotImplementedError

    def guess_reason(self, node, reason: str) -> tuple:  # interpreter.py
        raise NotImplementedError

    def emit(self, layer: LayerObj, refs: list, node, kwargs: dict, guess=None, now: bool=True) -> Tensor:  # calls.py
        raise NotImplementedError

    def eval(self, node, env):  # expressions.py
        raise NotImplementedError

    def fact(self, code: str, span, data: dict, message: str='', node=None) -> None:  # interpreter.py
        raise NotImplementedError

    def find_method(self, cls: ClassVal, name: str):  # subclass.py
        raise NotImplementedError

    def finish(self) -> None:  # models.py
        raise NotImplementedError

    def finish_instance(self, inst: Instance) -> None:  # subclass.py
        raise NotImplementedError

    def foreign_layer(self, foreign) -> LayerObj:  # calls.py
        raise NotImplementedError

    def freeze(self, owner, trainable: bool = False) -> None:  # models.py
        raise NotImplementedError

    def frozen_object(self, obj) -> bool:  # interpreter.py
        raise NotImplementedError

    def input_arg_fact(self, layer: LayerObj, context: str) -> None:  # models.py
        raise NotImplementedError

    def call_subclassed_model(self, inst: Instance, args: Args) -> None:  # subclass.py
        raise NotImplementedError

    def instantiate(self, cls: ClassVal, args, node, env):  # subclass.py
        raise NotImplementedError

    def build_by_run(self, inst: Instance, given: list) -> None:  # subclass.py
        raise NotImplementedError

    def called_on_data(self, model, node) -> None:  # calls.py
        raise NotImplementedError

    def iterate(self, value):  # expressions.py
        raise NotImplementedError

    def lookup(self, name: str, env: Env, node=None):  # interpreter.py
        raise NotImplementedError

    def make_functional(self, args, node, env):  # models.py
        raise NotImplementedError

    def make_input(self, args: Args, node, env):  # calls.py
        raise NotImplementedError

    def may_change(self, args: Args, node) -> None:  # calls.py
        raise NotImplementedError

    def merge_function(self, cls: str, args: Args, node, env):  # calls.py
        raise NotImplementedError

    def make_sequential(self, args, node, env):  # models.py
        raise NotImplementedError

    def model_attribute(self, model, attr: str, node):  # models.py
        raise NotImplementedError

    def model_ir_now(self, model):  # models.py
        raise NotImplementedError

    def model_method(self, owner, name: str, args, node, env):  # models.py
        raise NotImplementedError

    def name_models(self, value, name: str, force: bool, env=None) -> None:  # expressions.py
        raise NotImplementedError

    def new_key(self, hint: str) -> str:  # interpreter.py
        raise NotImplementedError

    def objects_made(self) -> int:  # interpreter.py
        raise NotImplementedError

    def node_for(self, layer: LayerObj) -> Node:  # calls.py
        raise NotImplementedError

    def sequential_called(self, seq: SeqModel, tensors: list) -> None:  # models.py
        raise NotImplementedError

    def source(self, node) -> str:  # interpreter.py
        raise NotImplementedError

    def span(self, node, part: str='') -> Span | None:  # interpreter.py
        raise NotImplementedError

    def split_call(self, args: Args):  # calls.py
        raise NotImplementedError

    def tensor_attribute(self, tensor: Tensor, attr: str, node):  # expressions.py
        raise NotImplementedError

    def tensor_op(self, cls: str, values: list, node, counted: bool=False, elementwise: bool=False, op=None):  # calls.py
        raise NotImplementedError

    def track(self, inst: Instance, value) -> None:  # subclass.py
        raise NotImplementedError

    def truth(self, value):  # interpreter.py
        raise NotImplementedError

    def uncertain(self, value, name: str, reason: tuple):  # interpreter.py
        raise NotImplementedError

    def unknown_symbol(self, name: str, node, why: str='') -> Expr:  # interpreter.py
        raise NotImplementedError
