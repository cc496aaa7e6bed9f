"""The pure engine: source text in, analysed models out. No I/O here, so the
CLI, the tests and a future language server all call the same thing."""

from __future__ import annotations

from .infer import infer


def analyze(source: str, path: str = "<string>", *, ordered: bool = True, modules=None):
    """Extract every model in ``source`` and infer its shapes and counts.

    ``modules`` (a ``kgraphlint.project.ProjectModules``) lets the analysis
    follow imports of the project's own modules; without it they are unknown.
    Returns the ``kgraphlint.extract.Extraction`` with each model inferred,
    in source order unless ``ordered=False`` (cheaper: see extract).
    """
    from .extract import extract  # the engine is imported only when a file needs it

    extraction = extract(source, path, ordered=ordered, modules=modules)
    for model in extraction.models:
        infer(model)
    return extraction
