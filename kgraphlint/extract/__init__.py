"""Find every Keras model in a source file without importing or running it.

``extract(source, path)`` parses with libcst and runs the abstract
interpreter (interpreter.py) over the module; the result lists each model as
a ModelIR (shapes are filled later by ``kgraphlint.infer``) plus file-level
facts for the rules.
"""

from __future__ import annotations

import sys
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


def extract(source: str, path: str = "<string>") -> Extraction:
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        span = Span(exc.raw_line, exc.raw_column + 1, exc.raw_line, exc.raw_column + 2)
        return Extraction(syntax_error=Finding("KG001", f"syntax error: {exc.message}", span))
    except RecursionError:
        return Extraction(syntax_error=Finding("KG001", "syntax error: expression nested too deeply", None))
    except Exception as exc:  # libcst raises other errors on odd input
        return Extraction(syntax_error=Finding("KG001", f"cannot parse: {exc}", None))
    from .interpreter import Interpreter

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4000))
    try:
        interp = Interpreter(module, path)
        interp.run_module()
    except Exception:
        return Extraction(module=module)
    finally:
        sys.setrecursionlimit(limit)
    return Extraction(models=interp.models, facts=interp.facts, module=interp.module)
