"""``kgraphlint verify``: rebuild every statically found model in TensorFlow
and compare shapes and parameter counts with the static results.

No user code runs here: ``codegen`` writes a fresh program from resolved
literals. ``exec_source`` (opt-in) is the one place that runs user code.
"""

from __future__ import annotations

import importlib.util

from ..layers import LayerError
from . import exec_source  # noqa: F401  (cheap: no TensorFlow import)
from .codegen import builder_source, index_of, program
from .compare import NOT_VERIFIABLE, ModelResult, compare
from .concrete import NotVerifiable, concretize
from .runner import TensorFlowMissing, ToolFailure, run  # noqa: F401

DEFAULT_TIMEOUT = 60.0


def tensorflow_available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("tensorflow", "keras"))


def symbol_defaults(extraction, model) -> dict:
    """Defaults of the symbols a model uses (builder-function parameters)."""
    for owner in (model, extraction):
        found = getattr(owner, "symbol_defaults", None) or getattr(owner, "defaults", None)
        if isinstance(found, dict):
            return found
    return {}


def verify(items: list, timeout: float = DEFAULT_TIMEOUT, progress=None) -> list:
    """``items``: ``(path, ModelIR, symbol defaults)``; one ModelResult each,
    in order. Raises ``ToolFailure`` when the program cannot run at all."""
    results = []
    planned = []  # (result, concrete model, index)
    for path, model, symbols in items:
        result = ModelResult(path, model.line, model.name, NOT_VERIFIABLE)
        results.append(result)
        try:
            concrete, notes = concretize(model, symbols)
            source = builder_source(concrete, len(planned))
        except NotVerifiable as exc:
            result.reason = str(exc)
            continue
        except LayerError as exc:  # e.g. an Input without a shape
            result.reason = exc.message
            continue
        result.notes.extend(notes)
        planned.append((result, concrete, index_of(concrete), source))
    if planned:
        payloads = run(program([p[3] for p in planned]), len(planned), timeout, progress)
        for i, (result, concrete, index, _) in enumerate(planned):
            compare(concrete, index, payloads[i], result)
    return results
