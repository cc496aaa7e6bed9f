"""``kgraphlint server``: the Language Server Protocol over stdio, on pygls.

One process serves every open document with the same pure engine the CLI
runs (``engine.analyze`` + ``rules.lint_source``): diagnostics on open,
change (debounced) and save, with ``# noqa`` and the nearest
``[tool.kgraphlint]`` applied; hover (``hover.py``); code actions
(``actions.py``). Every handler is guarded: a crash in one request is
logged and answered empty, and the server goes on.

Initialization options: ``{"unsafeFixes": false, "debounceMs": 300}``.
"""

from __future__ import annotations

import asyncio
import functools
import os
import traceback
from dataclasses import dataclass, field

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..diagnostics import Edit
from . import actions
from .hover import hover_markdown, index

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


def analyse(source: str, path: str, settings, version=None) -> Analysed:
    """The engine's view of one document (the engine reads only the project's
    imported modules, through ``ProjectModules``). A path the
    settings exclude gets no diagnostics (as ``check --force-exclude``),
    but still hovers."""
    from ..engine import analyze
    from ..globs import matches_path
    from ..project import ProjectModules
    from ..rules import lint_source

    # The project's own imports are followed as `check` follows them, read
    # afresh each time (another module may have been saved since).
    modules = ProjectModules(tuple(getattr(settings, "src", ()) or ()))
    try:
        extraction = analyze(source, path, ordered=False, modules=modules)
    except Exception:
        extraction = None
    if getattr(extraction, "syntax_error", None) is not None:
        extraction = None
    if settings is not None and any(matches_path(p, path, settings.root) for p in settings.exclude):
        return Analysed(version, source, path, settings, extraction, [])
    # Fix edits can need libcst: they are made when a code action asks (``with_edits``).
    diagnostics = lint_source(source, path, settings, fix_edits=False, modules=modules, extraction=extraction)
    return Analysed(version, source, path, settings, extraction, diagnostics)


class KgraphlintServer(LanguageServer):
    def __init__(self):
        super().__init__("kgraphlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.analysed: dict = {}  # uri -> Analysed
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

    def current(self, uri: str) -> Analysed | None:
        """The analysis of the document as it is now (done now if stale)."""
        document = self.workspace.get_text_document(uri)
        found = self.analysed.get(uri)
        if found is None or found.version != document.version or found.source != document.source:
            self.publish(uri)
            found = self.analysed.get(uri)
        return found

    def publish(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        document = self.workspace.get_text_document(uri)
        path = self.path_of(uri)
        result = analyse(document.source, path, self.settings_for(path), document.version)
        self.analysed[uri] = result
        lines = document.lines
        diagnostics = [self.to_lsp(d, lines, result.version) for d in result.diagnostics]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version))

    def schedule(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        loop = asyncio.get_event_loop()
        self.pending[uri] = loop.call_later(self.debounce, guarded(self.publish, "debounced analysis", self), uri)

    # -- conversions --------------------------------------------------------
    def range(self, lines: list, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        """Engine positions (1-based, characters) in the client's units."""
        codec = self.workspace.position_codec
        return types.Range(start=_client(codec, lines, line - 1, column - 1),
                           end=_client(codec, lines, end_line - 1, end_column - 1))

    def to_lsp(self, d, lines: list, version) -> types.Diagnostic:
        return types.Diagnostic(
            range=self.range(lines, d.line, d.column, d.end_line, d.end_column), message=d.message,
            severity=SEVERITY.get(d.severity, types.DiagnosticSeverity.Warning), code=d.code, source="kgraphlint",
            data=actions.fix_data(d, version))

    def text_edit(self, lines: list, edit: Edit) -> types.TextEdit:
        return types.TextEdit(range=self.range(lines, edit.line, edit.column, edit.end_line, edit.end_column),
                              new_text=edit.content)

    def code_action(self, uri: str, document, action: actions.Action, diagnostics: list) -> types.CodeAction:
        """The action as an edit of this version of the document (a client
        refuses it once the text has moved on)."""
        edits = [self.text_edit(document.lines, e) for e in action.edits]
        edit = types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=document.version),
            edits=edits)])
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
        ls.schedule(params.text_document.uri)

    @feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls, params: types.DidSaveTextDocumentParams):
        uri = params.text_document.uri
        if uri.endswith("pyproject.toml"):  # settings may have changed: everything again
            ls._settings.clear()
            for other in list(ls.analysed):
                ls.publish(other)
        elif uri in ls.workspace.text_documents:
            ls.publish(uri)

    @feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        handle = ls.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        ls.analysed.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls, params: types.HoverParams):
        found = ls.current(params.text_document.uri)
        if found is None:
            return None
        document = ls.workspace.get_text_document(params.text_document.uri)
        position = document.position_codec.position_from_client_units(document.lines, params.position)
        text = hover_markdown(found.targets, position.line + 1, position.character + 1)
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    kinds = [actions.QUICKFIX, actions.UNSAFE, actions.FIX_ALL, actions.REWRITE]

    @feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=kinds), default=[])
    def code_action(ls, params: types.CodeActionParams):
        uri = params.text_document.uri
        found = ls.current(uri)
        if found is None:
            return []
        only = params.context.only
        wanted = [actions.QUICKFIX, actions.FIX_ALL, actions.REWRITE] + (
            [actions.UNSAFE] if ls.unsafe_fixes or (only and actions.UNSAFE in only) else [])

        def asked(kind):
            return kind in wanted and (not only or any(kind == k or kind.startswith(k + ".") for k in only))

        document = ls.workspace.get_text_document(uri)
        out = []
        ours = {}  # for clients that do not send `data` back: the diagnostic found by code and place
        for d in found.diagnostics:
            start = ls.range(document.lines, d.line, d.column, d.end_line, d.end_column).start
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
                    out.append(ls.code_action(uri, document, action, [diagnostic]))
        if asked(actions.FIX_ALL) and any(d.fix is not None and d.fix.applicability == "safe"
                                          for d in found.diagnostics):
            if found.fix_all is False:
                found.fix_all = actions.fix_all_action(found.source, found.path, found.settings)
            if found.fix_all is not None:
                out.append(ls.code_action(uri, document, found.fix_all, []))
        if asked(actions.REWRITE) and found.extraction is not None:
            start, end = params.range.start.line + 1, params.range.end.line + 1
            for model in found.extraction.models:
                if _touches(model, start, end):
                    key = (model.name, model.kind)
                    if key not in found.rewrites:
                        found.rewrites[key] = actions.rewrite_actions(found.source, [model])
                    out += [ls.code_action(uri, document, a, []) for a in found.rewrites[key]]
        return out

    return server


def _touches(model, start: int, end: int) -> bool:
    """Does the line range start..end meet the model's call or one of its layers?"""
    spans = [model.span] + [s for n in model.nodes() for s in (n.span, n.call_span) if s is not None]
    return any(s is not None and s.line <= end and start <= s.end_line for s in spans)


def main() -> None:
    create_server().start_io()
