"""`kgraphlint server`: the real server process over stdio, driven by a real
LSP client (pytest-lsp): initialize, open a document with known mistakes,
receive diagnostics, hover, apply code actions, shut down; a crashing
request does not stop it."""

from __future__ import annotations

import asyncio
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from kgraphlint.diagnostics import Edit
from kgraphlint.fixes import apply_edits

on_the_server = pytest.mark.asyncio(loop_scope="module")

# A blog-style Functional model with three mistakes: a typo'd keyword (KG302,
# safe fix), a Dense on a rank-3 tensor (KG201) and softmax over one unit
# (KG401, unsafe fix).
MODEL = """\
# 시계열 분류 모델 (함수형 API)
from tensorflow.keras.layers import Input, Dense
from tensorflow.keras.models import Model

inputs = Input(shape=(28, 28))
x = Dense(128, activaton='relu')(inputs)
outputs = Dense(1, activation='softmax')(x)
model = Model(inputs, outputs)
model.summary()
"""

SEQUENTIAL = """\
from tensorflow import keras

model = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(64, activation='relu'),
    keras.layers.Dense(10, activation='softmax'),
])
"""


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "kgraphlint", "server"]),
)
async def client(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    (root / "pyproject.toml").write_text('[tool.kgraphlint]\nextend-exclude = ["generated/"]\n'
                                         'per-file-ignores = { "quiet_*.py" = ["KG201"] }\n')
    lsp_client.root = root
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri(),
        initialization_options={"debounceMs": 20}))
    yield
    await lsp_client.shutdown_session()


async def open_document(client, name: str, text: str) -> str:
    path = client.root / name
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
    await wait_for_diagnostics(client, uri)
    return uri


async def wait_for_diagnostics(client, uri: str, timeout: float = 120.0) -> list:
    """The next diagnostics published for ``uri``; a server that never sends
    them fails the test instead of hanging the run."""
    async def next_for_uri():
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri:
                return params.diagnostics

    try:
        return await asyncio.wait_for(next_for_uri(), timeout)
    except TimeoutError:
        raise AssertionError(f"no diagnostics for {uri} in {timeout:g} s; the server said "
                             f"{getattr(client, 'log_messages', '?')}") from None


def apply(text: str, action: types.CodeAction) -> str:
    """Apply a code action's edit as an editor would (this text is BMP-only,
    so UTF-16 units are characters)."""
    (change,) = action.edit.document_changes
    edits = [Edit(e.range.start.line + 1, e.range.start.character + 1, e.range.end.line + 1,
                  e.range.end.character + 1, e.new_text) for e in change.edits]
    return apply_edits(text, edits)


async def actions(client, uri, diagnostics, line, only=None):
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line, character=0)),
        context=types.CodeActionContext(diagnostics=diagnostics, only=only)))


async def hover(client, uri, line, character):
    return await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=character)))


@on_the_server
async def test_diagnostics_hover_and_fixes(client):
    uri = await open_document(client, "model.py", MODEL)
    diagnostics = client.diagnostics[uri]
    by_code = {d.code: d for d in diagnostics}
    assert set(by_code) == {"KG201", "KG302", "KG401"}
    typo = by_code["KG302"]
    assert (typo.range.start.line, typo.range.start.character) == (5, 15)
    assert typo.severity == types.DiagnosticSeverity.Error and typo.source == "kgraphlint"
    assert by_code["KG201"].severity == types.DiagnosticSeverity.Warning

    # Hover on the Dense call, on the tensor it makes, and on the model variable.
    call = await hover(client, uri, 5, 6)
    assert "**dense** (`Dense`)" in call.contents.value
    assert "Output shape: `(None, 28, 128)`" in call.contents.value and "Params: `3,712`" in call.contents.value
    assert 'Keras name "functional"' in call.contents.value
    tensor = await hover(client, uri, 6, 2)
    assert "**dense_1** (`Dense`)" in tensor.contents.value and "`(None, 28, 1)`" in tensor.contents.value
    model = await hover(client, uri, 8, 2)
    assert "Total params: `3,841`" in model.contents.value
    assert await hover(client, uri, 0, 3) is None  # a comment

    # The safe fix is offered with its diagnostic; the unsafe one only on request.
    offered = await actions(client, uri, diagnostics, 5)
    assert [a.title for a in offered] == ["KG302: Rename `activaton` to `activation`",
                                          "kgraphlint: fix all (1 safe fix)",
                                          "kgraphlint: rewrite `model` to Sequential"]
    unsafe = await actions(client, uri, diagnostics, 6, only=["quickfix.unsafe"])
    assert [a.title for a in unsafe] == ["KG401: Use sigmoid (unsafe)"]
    assert "activation='sigmoid'" in apply(MODEL, unsafe[0])

    # A client that does not send `data` back still gets the fix.
    bare = [types.Diagnostic(range=d.range, message=d.message, code=d.code, source=d.source) for d in diagnostics]
    assert [a.title for a in await actions(client, uri, bare, 5, only=["quickfix"])] == [
        "KG302: Rename `activaton` to `activation`"]

    # Apply the safe fix as the editor would; the finding goes away.
    (fix,) = [a for a in offered if a.title.startswith("KG302:")]
    fixed = apply(MODEL, fix)
    assert "Dense(128, activation='relu')" in fixed
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    after = await wait_for_diagnostics(client, uri)
    assert {d.code for d in after} == {"KG201", "KG401"}


@on_the_server
async def test_rewrite_action(client):
    uri = await open_document(client, "seq.py", SEQUENTIAL)
    offered = await actions(client, uri, [], 4, only=["refactor.rewrite"])
    (rewrite,) = offered
    assert rewrite.title == "kgraphlint: rewrite `model` to Functional"
    new = apply(SEQUENTIAL, rewrite)
    assert "keras.Model(" in new and "Sequential" not in new
    compile(new, "seq.py", "exec")


@on_the_server
async def test_noqa_and_project_settings(client):
    noqa = MODEL.replace("x = Dense(128, activaton='relu')(inputs)", "x = Dense(128, activaton='relu')(inputs)  # noqa: KG201")
    uri = await open_document(client, "noqa.py", noqa)
    assert {d.code for d in client.diagnostics[uri]} == {"KG302", "KG401"}
    uri = await open_document(client, "quiet_model.py", MODEL)  # per-file-ignores in pyproject.toml
    assert {d.code for d in client.diagnostics[uri]} == {"KG302", "KG401"}

    (client.root / "generated").mkdir()
    uri = await open_document(client, "generated/model.py", MODEL)  # excluded: no diagnostics, still hovers
    assert list(client.diagnostics[uri]) == []
    assert "Params: `3,712`" in (await hover(client, uri, 5, 6)).contents.value
    uri = (client.root / "quiet_model.py").as_uri()

    # Saving pyproject.toml re-checks the open documents with the new settings.
    pyproject = client.root / "pyproject.toml"
    before = pyproject.read_text()
    pyproject.write_text(before + 'ignore = ["KG401"]\n')
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=pyproject.as_uri())))
    assert {d.code for d in await wait_for_diagnostics(client, uri)} == {"KG302"}
    pyproject.write_text(before)
    # Saving the document itself analyses it again.
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert {d.code for d in await wait_for_diagnostics(client, uri)} == {"KG302", "KG401"}


@on_the_server
async def test_a_crash_in_one_request_does_not_stop_the_server(client):
    missing = (client.root / "does_not_exist.py").as_uri()  # never opened, not on disk: reading it fails
    assert await hover(client, missing, 0, 0) is None
    assert any("textDocument/hover failed: FileNotFoundError" in m.message for m in client.log_messages)
    bad = await open_document(client, "bad.py", "from tensorflow import keras\nmodel = keras.Sequential([\x00\n")
    assert [d.code for d in client.diagnostics[bad]] == ["KG001"]
    deep = await open_document(client, "deep.py", "import keras\nx = " + "(" * 300 + "1" + ")" * 300 + "\n")
    assert all(d.code != "KG000" for d in client.diagnostics[deep])
    (client.root / "broken").mkdir()
    (client.root / "broken" / "pyproject.toml").write_text("[tool.kgraphlint]\nselekt = ['KG2']\n")
    uri = await open_document(client, "broken/model.py", MODEL)  # said, and checked with the defaults
    assert {d.code for d in client.diagnostics[uri]} == {"KG201", "KG302", "KG401"}
    assert any("unknown key 'selekt'" in m.message for m in client.messages)
    uri = await open_document(client, "still.py", MODEL)
    assert "Params: `3,712`" in (await hover(client, uri, 5, 6)).contents.value


def test_server_without_pygls_says_how_to_install(monkeypatch):
    from cli_runner import CliRunner

    from kgraphlint.commands.server import command

    for name in [m for m in sys.modules if m.startswith("kgraphlint.server")]:
        monkeypatch.delitem(sys.modules, name)
    for name in ("pygls", "pygls.lsp", "pygls.lsp.server", "pygls.uris"):
        monkeypatch.setitem(sys.modules, name, None)  # import fails as if not installed
    result = CliRunner().invoke(command, [])
    assert result.exit_code == 2 and "pip install 'kgraphlint[lsp]'" in result.stderr


def test_positions_in_utf16():
    """An emoji before a finding is two UTF-16 units: the column moves by two."""
    from pygls.workspace.position_codec import PositionCodec

    from kgraphlint.server import _client

    lines = ["s = '😀'; x = 1\n"]
    codec = PositionCodec(encoding=types.PositionEncodingKind.Utf16)
    assert _client(codec, lines, 0, 10) == types.Position(line=0, character=11)
    assert _client(codec, lines, 5, 0) == types.Position(line=1, character=0)  # past the end: the end

