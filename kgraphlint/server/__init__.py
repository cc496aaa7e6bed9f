"""``kgraphlint server``: the Language Server Protocol over stdio, on pygls.

One process serves every open document with the same pure engine the CLI
runs (``engine.analyze`` + ``rules.lint_source``): diagnostics on open,
change (debounced) and save, with ``# noqa`` and the nearest
``[tool.kgraphlint]`` applied; hover (``hover.py``); code actions
(``actions.py``). Notebook documents (LSP 3.17) are analysed as one module
of their code cells, and answered per cell (``views.py``). The project's
imports are followed with the client's unsaved buffers of open files in
place of the files on disk (``OpenModules``), and an importer is analysed
again when such a buffer changes. Every handler is guarded: a crash in one
request is logged and answered empty, and the server goes on.

Initialization options: ``{"unsafeFixes": false, "debounceMs": 300}``.
"""

from __future__ import annotations

import asyncio
import functools
import os
import traceback
from dataclasses import dataclass, field
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..diagnostics import Edit
from ..project import ProjectModules
from . import actions
from .hover import hover_markdown, index
from .views import CellView, TextView, cell_diagnostics, notebook_module, stamp

SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}


@dataclass
class Analysed:
    """One version of a document, analysed once for diagnostics and hovers."""

    version: int | None
    source: str
    path: str
    settings: object
    extraction: object
    diagnostics: list
    _targets: list | None = field(default=None, repr=False)
    # Code actions are asked for at every cursor move; what they cost (a
    # libcst parse) is paid once per version.
    fix_all: object = field(default=False, repr=False)  # False: not computed yet
    rewrites: dict = field(default_factory=dict, repr=False)  # (model, kind) -> [Action]
    _with_edits: list | None = field(default=None, repr=False)
    depends: tuple = ()  # the project modules the analysis read
    notebook: object = None  # a notebook document's Notebook (its cells, in the module)
    cell_uris: dict = field(default_factory=dict)  # cell number -> cell document URI
    stamp: tuple = ()  # a notebook's cells and texts when analysed (``views.stamp``)

    def with_edits(self, code: str, line: int, column: int):
        """The diagnostic at (line, column) with its fix's edits made."""
        if self._with_edits is None:
            from ..rules import lint_source

            self._with_edits = lint_source(self.source, self.path, self.settings, extraction=self.extraction)
        return next((d for d in self._with_edits if (d.code, d.line, d.column) == (code, line, column)
                     and d.fix is not None and d.fix.edits is not None), None)

    @property
    def targets(self) -> list:
        if self._targets is None:
            self._targets = index(self.extraction, self.source) if self.extraction is not None else []
        return self._targets


class OpenModules(ProjectModules):
    """The project's modules as the editor holds them: an open document's
    unsaved text in place of its file (ruff's server does the same)."""

    def __init__(self, src: tuple, buffers: dict):
        super().__init__(src)
        self.buffers = buffers  # normalised path -> text

    def source_of(self, path: str) -> str:
        text = self.buffers.get(_key(path))
        return text if text is not None else super().source_of(path)


def _key(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def analyse(source: str, path: str, settings, version=None, buffers: dict | None = None) -> Analysed:
    """The engine's view of one document (the engine reads only the project's
    imported modules, through ``OpenModules``). A path the
    settings exclude gets no diagnostics (as ``check --force-exclude``),
    but still hovers."""
    from ..engine import analyze
    from ..globs import matches_path
    from ..rules import lint_source

    # The project's own imports are followed as `check` follows them, read
    # afresh each time (another module may have been saved since).
    modules = OpenModules(tuple(getattr(settings, "src", ()) or ()), buffers or {})
    try:
        extraction = analyze(source, path, ordered=False, modules=modules)
    except Exception:
        extraction = None
    if getattr(extraction, "syntax_error", None) is not None:
        extraction = None
    if settings is not None and any(matches_path(p, path, settings.root) for p in settings.exclude):
        return Analysed(version, source, path, settings, extraction, [], depends=_depends(modules))
    # Fix edits can need libcst: they are made when a code action asks (``with_edits``).
    diagnostics = lint_source(source, path, settings, fix_edits=False, modules=modules, extraction=extraction)
    return Analysed(version, source, path, settings, extraction, diagnostics, depends=_depends(modules))


def _depends(modules: ProjectModules) -> tuple:
    return tuple(dict.fromkeys(_key(p) for p in modules.read))


class KgraphlintServer(LanguageServer):
    def __init__(self):
        # Python cells of any notebook type ("*"): a filter without `notebook`
        # is valid LSP, but lsprotocol's own clients cannot read it.
        notebooks = types.NotebookDocumentSyncOptions(notebook_selector=[types.NotebookDocumentFilterWithNotebook(
            notebook="*", cells=[types.NotebookCellLanguage("python")])], save=True)
        super().__init__("kgraphlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         notebook_document_sync=notebooks)
        self.analysed: dict = {}  # uri (a text document's or a notebook's) -> Analysed
        self.pending: dict = {}  # uri -> asyncio.TimerHandle of a debounced analysis
        self.unsafe_fixes = False
        self.debounce = 0.3
        self._settings: dict = {}  # (config file, mtime) -> Settings

    # -- settings and analysis ---------------------------------------------
    def settings_for(self, path: str):
        """The ``[tool.kgraphlint]`` settings for ``path``, read again when the
        file changes; a broken configuration is said once and the defaults used."""
        from ..config import ConfigError, find_config, load_settings

        try:
            config = find_config([path])
            key = (config, os.stat(config).st_mtime_ns if config else None)
        except OSError:
            config, key = None, (None, None)
        if key not in self._settings:
            try:
                self._settings[key] = load_settings([path], config_path=config)
            except (ConfigError, OSError) as exc:
                self._settings[key] = None
                self.window_show_message(types.ShowMessageParams(
                    type=types.MessageType.Error, message=f"kgraphlint: {exc}; using the default settings"))
        return self._settings[key]

    def path_of(self, uri: str) -> str:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        return path or os.path.join(os.getcwd(), uri.rsplit("/", 1)[-1] or "untitled.py")

    def view(self, uri: str):
        """The request's document as the engine analysed it, analysed now if
        stale: a ``TextView``, or a ``CellView`` for a notebook's cell."""
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        if notebook is None:
            document = self.workspace.get_text_document(uri)
            found = self.analysed.get(uri)
            if found is None or found.version != document.version or found.source != document.source:
                self.publish(uri)
                found = self.analysed[uri]
            return TextView(self, uri, found)
        found = self.analysed.get(notebook.uri)
        if found is None or found.version != notebook.version or found.stamp != stamp(self.workspace, notebook):
            self.publish(notebook.uri)
            found = self.analysed[notebook.uri]
        return CellView(self, uri, found)

    def buffers(self) -> dict:
        """{path: text} of the open Python files, unsaved changes included."""
        out = {}
        for document in list(self.workspace.text_documents.values()):
            uri = document.uri
            if uri.startswith("file:") and uri.endswith((".py", ".pyi")):
                out[_key(to_fs_path(uri) or uri)] = document.source
        return out

    def publish(self, uri: str, dependents: bool = False) -> None:
        """Analyse a text or notebook document and publish its diagnostics;
        with ``dependents``, then the open documents that import it (its
        text changed in the editor: they read it from the buffer)."""
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        path = self.path_of(uri)
        if notebook is not None:
            self.publish_notebook(uri, notebook, path)
        else:
            document = self.workspace.get_text_document(uri)
            result = analyse(document.source, path, self.settings_for(path), document.version, self.buffers())
            self.analysed[uri] = result
            diagnostics = [self.to_lsp(d, document.lines, result.version) for d in result.diagnostics]
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version))
        if dependents:
            key = _key(path)
            for other, found in list(self.analysed.items()):
                if other != uri and key in found.depends:
                    self.schedule(other)

    def publish_notebook(self, uri: str, notebook, path: str) -> None:
        """Diagnostics of a notebook document, each on its cell's URI in the
        cell's positions; cells without findings (or gone) get an empty list."""
        module, cell_uris, now = notebook_module(self.workspace, notebook)
        result = analyse(module.source, path, self.settings_for(path), notebook.version, self.buffers())
        result.notebook, result.cell_uris, result.stamp = module, cell_uris, now
        before = self.analysed.get(uri)
        self.analysed[uri] = result
        per_cell: dict = {cell_uri: [] for cell_uri in cell_uris.values()}
        for d, mapped in cell_diagnostics(result):
            cell_uri = cell_uris.get(mapped.cell)
            if cell_uri is not None:
                lines = self.workspace.get_text_document(cell_uri).lines
                per_cell[cell_uri].append(self.to_lsp(mapped, lines, result.version, origin=d))
        for gone in set(before.cell_uris.values() if before else ()) - set(per_cell):
            per_cell[gone] = []
        for cell_uri, diagnostics in per_cell.items():
            document = self.workspace.text_documents.get(unquote(cell_uri))
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=cell_uri, diagnostics=diagnostics, version=document.version if document else None))

    def forget(self, uri: str) -> None:
        """A closed document: nothing pending, nothing shown."""
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        found = self.analysed.pop(uri, None)
        for shown in (found.cell_uris.values() if found and found.notebook is not None else [uri]):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=shown, diagnostics=[]))

    def schedule(self, uri: str, dependents: bool = False) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        loop = asyncio.get_event_loop()
        self.pending[uri] = loop.call_later(self.debounce, guarded(self.publish, "debounced analysis", self),
                                            uri, dependents)

    # -- conversions --------------------------------------------------------
    def range(self, lines: list, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        """Engine positions (1-based, characters) in the client's units."""
        codec = self.workspace.position_codec
        return types.Range(start=_client(codec, lines, line - 1, column - 1),
                           end=_client(codec, lines, end_line - 1, end_column - 1))

    def to_lsp(self, d, lines: list, version, origin=None) -> types.Diagnostic:
        """``d`` at its place in ``lines``; its ``data`` names ``origin`` (the
        module's diagnostic, for a cell's) so a code action finds its fix."""
        return types.Diagnostic(
            range=self.range(lines, d.line, d.column, d.end_line, d.end_column), message=d.message,
            severity=SEVERITY.get(d.severity, types.DiagnosticSeverity.Warning), code=d.code, source="kgraphlint",
            data=actions.fix_data(origin or d, version))

    def text_edit(self, lines: list, edit: Edit) -> types.TextEdit:
        return types.TextEdit(range=self.range(lines, edit.line, edit.column, edit.end_line, edit.end_column),
                              new_text=edit.content)

    def code_action(self, view, action: actions.Action, diagnostics: list) -> types.CodeAction | None:
        """The action as an edit of the versions the client holds now; None
        where its edits cannot be made there."""
        edit = view.workspace_edit(action)
        if edit is None:
            return None
        return types.CodeAction(title=action.title, kind=action.kind, diagnostics=diagnostics or None, edit=edit,
                                is_preferred=action.preferred or None)


def _client(codec, lines: list, line: int, column: int) -> types.Position:
    if line >= len(lines):  # the end of the document
        if not lines or lines[-1].endswith(("\n", "\r")):
            return types.Position(line=len(lines), character=0)
        line, column = len(lines) - 1, len(lines[-1])
    column = min(column, len(lines[line].rstrip("\r\n")))
    return codec.position_to_client_units(lines, types.Position(line=line, character=max(column, 0)))


def guarded(fn, what: str, server: KgraphlintServer, default=None):
    """``fn`` that logs its crash and returns ``default``: one bad request
    never takes the server down."""

    @functools.wraps(fn)
    def wrapper(*args):
        try:
            return fn(*args)
        except Exception as exc:
            message = f"kgraphlint: {what} failed: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}"
            server.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=message))
            return default

    return wrapper


def create_server() -> KgraphlintServer:
    server = KgraphlintServer()

    def feature(method, options=None, default=None):
        def register(fn):
            server.feature(method, options)(guarded(fn, method, server, default))
            return fn
        return register

    @feature(types.INITIALIZE)
    def initialize(ls, params: types.InitializeParams):
        options = params.initialization_options or {}
        if isinstance(options, dict):
            ls.unsafe_fixes = bool(options.get("unsafeFixes", False))
            ls.debounce = max(0.0, float(options.get("debounceMs", 300)) / 1000)

    @feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params: types.DidOpenTextDocumentParams):
        ls.publish(params.text_document.uri)

    @feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params: types.DidChangeTextDocumentParams):
        ls.schedule(params.text_document.uri, dependents=True)

    @feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls, params: types.DidSaveTextDocumentParams):
        uri = params.text_document.uri
        if uri.endswith("pyproject.toml"):  # settings may have changed: everything again
            ls._settings.clear()
            for other in list(ls.analysed):
                ls.publish(other)
        elif uri in ls.workspace.text_documents:
            ls.publish(uri, dependents=True)

    @feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        ls.forget(uri)
        path = _key(ls.path_of(uri))  # its importers read it from disk again
        for other, found in list(ls.analysed.items()):
            if path in found.depends:
                ls.schedule(other)

    @feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_did_open(ls, params: types.DidOpenNotebookDocumentParams):
        ls.publish(params.notebook_document.uri)

    @feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_did_change(ls, params: types.DidChangeNotebookDocumentParams):
        ls.schedule(params.notebook_document.uri)

    @feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_did_save(ls, params: types.DidSaveNotebookDocumentParams):
        if ls.workspace.get_notebook_document(notebook_uri=params.notebook_document.uri) is not None:
            ls.publish(params.notebook_document.uri)

    @feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_did_close(ls, params: types.DidCloseNotebookDocumentParams):
        ls.forget(params.notebook_document.uri)

    @feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls, params: types.HoverParams):
        view = ls.view(params.text_document.uri)
        line, column = view.module_position(params.position)
        text = hover_markdown(view.found.targets, line, column)
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    kinds = [actions.QUICKFIX, actions.UNSAFE, actions.FIX_ALL, actions.REWRITE]

    @feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=kinds), default=[])
    def code_action(ls, params: types.CodeActionParams):
        view = ls.view(params.text_document.uri)
        found = view.found
        only = params.context.only
        wanted = [actions.QUICKFIX, actions.FIX_ALL, actions.REWRITE] + (
            [actions.UNSAFE] if ls.unsafe_fixes or (only and actions.UNSAFE in only) else [])

        def asked(kind):
            return kind in wanted and (not only or any(kind == k or kind.startswith(k + ".") for k in only))

        lines = view.document.lines
        out = []
        ours = {}  # for clients that do not send `data` back: the diagnostic found by code and place
        for d, here in view.shown():
            start = ls.range(lines, here.line, here.column, here.end_line, here.end_column).start
            ours[(d.code, start.line, start.character)] = d
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != "kgraphlint":
                continue
            data = diagnostic.data
            if isinstance(data, dict) and "at" in data:
                if data.get("version") != found.version:
                    continue  # computed on another version of the text: not applicable
                line, column = data["at"]
            else:
                start = diagnostic.range.start
                mine = ours.get((str(diagnostic.code), start.line, start.character))
                if mine is None:
                    continue
                line, column = mine.line, mine.column
            fixed = found.with_edits(str(diagnostic.code), line, column)
            if fixed is not None:
                action = actions.fix_action(fixed)
                if asked(action.kind):
                    out.append(ls.code_action(view, action, [diagnostic]))
        if asked(actions.FIX_ALL) and any(d.fix is not None and d.fix.applicability == "safe"
                                          for d in found.diagnostics):
            if found.fix_all is False:
                found.fix_all = actions.fix_all_action(found.source, found.path, found.settings)
            if found.fix_all is not None:
                out.append(ls.code_action(view, found.fix_all, []))
        if asked(actions.REWRITE) and found.extraction is not None:
            start, end = view.module_line(params.range.start.line), view.module_line(params.range.end.line)
            for model in found.extraction.models:
                if _touches(model, start, end):
                    key = (model.name, model.kind)
                    if key not in found.rewrites:
                        found.rewrites[key] = actions.rewrite_actions(found.source, [model])
                    out += [ls.code_action(view, a, []) for a in found.rewrites[key]]
        return [action for action in out if action is not None]

    return server


def _touches(model, start: int, end: int) -> bool:
    """Does the line range start..end meet the model's call or one of its layers?"""
    spans = [model.span] + [s for n in model.nodes() for s in (n.span, n.call_span) if s is not None]
    return any(s is not None and s.line <= end and start <= s.end_line for s in spans)


def main() -> None:
    create_server().start_io()
