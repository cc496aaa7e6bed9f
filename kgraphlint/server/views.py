"""Where a request's document sits in what the engine analysed: a plain text
document is its own module; a notebook cell is a slice of its notebook's
module (LSP 3.17 notebook documents: each cell is a text document, and the
code cells in order form one module, ``Notebook.from_cells``).

A view turns the client's positions into the engine's (1-based lines and
character columns of the module), picks the module's findings shown on this
document, and turns an action's edits of the module into a workspace edit
of the documents the client holds.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import unquote

from lsprotocol import types

from ..notebook import Notebook, NotebookError
from . import actions

PYTHON_CELLS = ("python", "python3", "ipython", "")


def code_cells(workspace, notebook_document) -> list:
    """[(cell URI, cell number)] of the notebook's Python code cells, in
    order; a cell is numbered as ruff numbers it, among all cells."""
    out = []
    for number, cell in enumerate(notebook_document.cells, start=1):
        if cell.kind != types.NotebookCellKind.Code:
            continue
        document = workspace.text_documents.get(unquote(cell.document))  # pygls keeps them unquoted
        if document is not None and (document.language_id or "").lower() in PYTHON_CELLS:
            out.append((cell.document, number))
    return out


def notebook_module(workspace, notebook_document) -> tuple:
    """(Notebook, {cell number: cell URI}, stamp) of the notebook as the client
    holds it now; the stamp tells whether that has changed (``stamp``)."""
    now = stamp(workspace, notebook_document)
    module = Notebook.from_cells([(number, source) for _, number, source in now])
    return module, {number: uri for uri, number, _ in now}, now


def stamp(workspace, notebook_document) -> tuple:
    """What the analysis of a notebook depends on, cheap to compare at each
    hover (building the module again is not): its code cells and their texts."""
    return tuple((uri, number, workspace.get_text_document(uri).source)
                 for uri, number in code_cells(workspace, notebook_document))


class TextView:
    """A text document that is its own module."""

    def __init__(self, server, uri: str, found):
        self.server, self.uri, self.found = server, uri, found
        self.document = server.workspace.get_text_document(uri)

    def module_position(self, position: types.Position) -> tuple:
        here = self.document.position_codec.position_from_client_units(self.document.lines, position)
        return here.line + 1, here.character + 1

    def module_line(self, line: int) -> int:
        """The module line of the client's 0-based ``line``."""
        return line + 1

    def shown(self) -> list:
        """[(module diagnostic, its place here in the engine's units)] of this document."""
        return [(d, d) for d in self.found.diagnostics]

    def workspace_edit(self, action: actions.Action) -> types.WorkspaceEdit | None:
        return _edit([(self.uri, self.document, action.edits)], self.server)


class CellView:
    """A cell of a notebook document: one slice of the notebook's module."""

    def __init__(self, server, uri: str, found):
        self.server, self.uri, self.found = server, uri, found
        self.document = server.workspace.get_text_document(uri)
        self.notebook: Notebook = found.notebook
        self.number = next((n for n, u in found.cell_uris.items() if u == uri), None)

    def module_position(self, position: types.Position) -> tuple:
        here = self.document.position_codec.position_from_client_units(self.document.lines, position)
        return self.module_line(here.line), here.character + 1

    def module_line(self, line: int) -> int:
        return self.notebook.module_line(self.number, line + 1) if self.number is not None else 0

    def shown(self) -> list:
        return [(d, cell_d) for d, cell_d in cell_diagnostics(self.found) if cell_d.cell == self.number]

    def workspace_edit(self, action: actions.Action) -> types.WorkspaceEdit | None:
        """The module's edits as edits of the cells they change, magics kept;
        None where they cannot be split back into cells."""
        from ..fixes import apply_edits

        try:
            changes = self.notebook.split(apply_edits(self.found.source, action.edits))
        except NotebookError:
            return None
        per_cell = []
        for number, new in sorted(changes.items()):
            uri = self.found.cell_uris[number]
            document = self.server.workspace.get_text_document(uri)
            per_cell.append((uri, document, [actions.whole_edit(document.source, new)]))
        return _edit(per_cell, self.server) if per_cell else None


def cell_diagnostics(found) -> list:
    """[(module diagnostic, the same in cell coordinates)]; a finding on the
    whole module (no cell) is shown on the first code cell."""
    if found.notebook is None:
        return []
    first = found.notebook.cells[0].number if found.notebook.cells else None
    out = []
    for d in found.diagnostics:
        mapped = found.notebook.map_diagnostic(d)
        if mapped.cell is None and first is not None:
            mapped = replace(mapped, cell=first)
        out.append((d, mapped))
    return out


def _edit(changes: list, server) -> types.WorkspaceEdit:
    """One workspace edit of (uri, document, [Edit]) in the documents' versions
    (a client refuses it once a text has moved on)."""
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=document.version),
        edits=[server.text_edit(document.lines, e) for e in edits]) for uri, document, edits in changes])

