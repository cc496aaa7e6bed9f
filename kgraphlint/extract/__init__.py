"""Find every Keras model in a source file without importing or running it.

``extract(source, path)`` parses with libcst and runs the abstract
interpreter (interpreter.py) over the module; the result lists each model as
a ModelIR (shapes are filled later by ``kgraphlint.infer``) plus file-level
facts for the rules.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from ..graph import Finding, Span


@dataclass
class Extraction:
    models: list = field(default_factory=list)  # [ModelIR] in source order
    facts: list = field(default_factory=list)  # [Finding]
    syntax_error: Finding | None = None
    module: Any = None  # the parsed libcst Module


def extract(source: str, path: str = "<string>", *, ordered: bool = True) -> Extraction:
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        span = Span(exc.raw_line, exc.raw_column + 1, exc.raw_line, exc.raw_column + 2)
        return Extraction(syntax_error=Finding("KG001", f"syntax error: {exc.message}", span))
    except RecursionError:
        return Extraction(syntax_error=Finding("KG001", "syntax error: expression nested too deeply", None))
    except Exception as exc:  # libcst raises other errors on odd input
        return Extraction(syntax_error=Finding("KG001", f"cannot parse: {exc}", None))
    result: list = []
    _with_deep_stack(lambda: result.append(_interpret(module, path, source)))
    extraction = result[0] if result else Extraction(module=module)
    if ordered:
        extraction.models = in_source_order(extraction.models)
    return extraction


def _interpret(module, path: str, source: str | None = None) -> Extraction:
    from .interpreter import Interpreter

    try:
        interp = Interpreter(module, path, source)
        interp.run_module()
    except (Exception, RecursionError):
        return Extraction(module=module)
    return Extraction(models=interp.models, facts=interp.facts, module=interp.module)


def in_source_order(models: list) -> list:
    """Models sorted by where they are defined. This reads source positions,
    which libcst computes for the whole file at once: callers that print
    models pay for it, `check` (whose findings are sorted anyway) does not."""
    return sorted(models, key=lambda m: (m.span.line, m.span.column) if m.span else (0, 0))


def _with_deep_stack(fn) -> None:
    """Run ``fn`` in a thread with a large stack and recursion limit: libcst's
    visitors recurse once per nesting level, and deep expressions are legal."""
    limit = sys.getrecursionlimit()
    old_size = threading.stack_size()
    try:
        threading.stack_size(512 * 1024 * 1024)
        sys.setrecursionlimit(max(limit, 60000))
        worker = threading.Thread(target=fn)
        worker.start()
        worker.join()
    except (RuntimeError, ValueError):  # platform without settable stacks
        fn()
    finally:
        threading.stack_size(old_size)
        sys.setrecursionlimit(limit)
