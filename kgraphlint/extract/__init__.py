"""Find every Keras model in a source file without importing or running it.

``extract(source, path)`` parses with Python's own ``ast`` (an order of
magnitude faster than libcst, which only fixes and rewrites need) and runs
the abstract interpreter (interpreter.py) over the module; the result lists
each model as a ModelIR (shapes are filled later by ``kgraphlint.infer``)
plus file-level facts for the rules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ..deepstack import on_deep_stack
from ..graph import Finding, Span
from ..pyast import parse


@dataclass
class Extraction:
    models: list = field(default_factory=list)  # [ModelIR] in source order
    facts: list = field(default_factory=list)  # [Finding]
    syntax_error: Finding | None = None
    tree: Any = None  # the parsed ast.Module
    tape: Any = None  # every layer call in the file (tape.Tape), models or not
    dependencies: list = field(default_factory=list)  # paths of the project modules it imported
    internal_error: str | None = None  # the interpreter crashed: what and where, for a KG000 finding


def extract(source: str, path: str = "<string>", *, ordered: bool = True, modules=None) -> Extraction:
    try:
        tree = parse(source)
    except SyntaxError as exc:
        line, column = exc.lineno or 1, exc.offset or 1
        span = Span(line, column, line, column + 1)
        return Extraction(syntax_error=Finding("KG001", f"syntax error: {exc.msg}", span))
    except (RecursionError, MemoryError):
        return Extraction(syntax_error=Finding("KG001", "syntax error: expression nested too deeply", None))
    except ValueError as exc:  # null bytes
        return Extraction(syntax_error=Finding("KG001", f"cannot parse: {exc}", None))
    result: list = []
    on_deep_stack(lambda: result.append(_interpret(tree, path, source, modules)))
    extraction = result[0] if result else Extraction(tree=tree)
    if ordered:
        extraction.models = in_source_order(extraction.models)
    return extraction


def _interpret(tree, path: str, source: str, modules=None) -> Extraction:
    from .interpreter import Interpreter

    interp = None
    try:
        interp = Interpreter(tree, path, source, modules)
        interp.run_module()
    except (Exception, RecursionError) as exc:  # the file's models are lost, never silently (KG000)
        return Extraction(tree=tree, internal_error=_describe(exc))
    finally:
        if interp is not None:
            interp.release()
    return Extraction(models=interp.models, facts=interp.facts, tree=tree, dependencies=list(interp.dependencies),
                      tape=interp.tape)


def _describe(exc: BaseException) -> str:
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return (f"the analysis of this file crashed ({type(exc).__name__}: {str(exc)[:200]}{where}); its models are "
            "not checked. Please report this")


def in_source_order(models: list) -> list:
    """Models sorted by where they are defined. This reads source positions,
    which cost a line split: callers that print models pay for it, `check`
    (whose findings are sorted anyway) does not."""
    return sorted(models, key=lambda m: (m.span.line, m.span.column) if m.span else (0, 0))
