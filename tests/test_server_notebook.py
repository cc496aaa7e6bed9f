"""`kgraphlint server` with LSP 3.17 notebook documents, and with unsaved
buffers of the project's own modules, over stdio with a real LSP client
(pytest-lsp): diagnostics on each cell's URI in cell positions, hover and
code actions inside a cell, changes to cells and to the notebook's structure."""

from __future__ import annotations

import asyncio
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from test_server import apply, hover

on_the_server = pytest.mark.asyncio(loop_scope="module")

CODE, MARKUP = types.NotebookCellKind.Code, types.NotebookCellKind.Markup

# A blog-style notebook: the output layer is made early with a typo'd keyword
# (KG302, cell 4); a later cell puts a Dense on a rank-3 tensor (KG201, cell 6).
CELLS = [
    (MARKUP, "# 패션 MNIST 분류\n층을 하나씩 쌓아 봅시다."),
    (CODE, "%matplotlib inline\nfrom tensorflow import keras\nfrom tensorflow.keras import layers"),
    (MARKUP, "## 출력층"),
    (CODE, "# 출력층은 미리 만들어 둡니다\nclassifier = layers.Dense(10, activaton='softmax')"),
    (MARKUP, "## 모델"),
    (CODE, "!nvidia-smi\ninputs = keras.Input(shape=(28, 28))\nx = layers.Dense(128, activation='relu')(inputs)\n"
           "outputs = classifier(x)\nmodel = keras.Model(inputs, outputs)\nmodel.summary()"),
]


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "kgraphlint", "server"]),
)
async def client(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("notebooks")
    (root / "pyproject.toml").write_text("[tool.kgraphlint]\n")
    lsp_client.root = root
    capabilities = client_capabilities("visual-studio-code")  # v1.65: before LSP 3.17's notebooks
    capabilities.notebook_document = types.NotebookDocumentClientCapabilities(
        synchronization=types.NotebookDocumentSyncClientCapabilities())
    lsp_client.initialized = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=capabilities, root_uri=root.as_uri(),
        initialization_options={"debounceMs": 20}))
    yield
    await lsp_client.shutdown_session()


async def published(client, uris, timeout: float = 30.0) -> dict:
    """Wait until each of ``uris`` has diagnostics published since the caller
    forgot them (``client.diagnostics.pop``); {uri: diagnostics}."""
    async def all_there():
        while not all(uri in client.diagnostics for uri in uris):
            await asyncio.sleep(0.02)

    try:
        await asyncio.wait_for(all_there(), timeout)
    except TimeoutError:
        missing = [uri for uri in uris if uri not in client.diagnostics]
        raise AssertionError(f"no diagnostics for {missing}; the server said {client.log_messages}") from None
    return {uri: list(client.diagnostics[uri]) for uri in uris}


def cell_uri(path, number: int) -> str:
    return f"vscode-notebook-cell:{path.as_posix()}#W{number}sZmlsZQ%3D%3D"  # as VS Code names them


def where(diagnostic) -> tuple:
    return diagnostic.code, diagnostic.range.start.line, diagnostic.range.start.character


@on_the_server
async def test_notebook_documents(client):
    sync = client.initialized.capabilities.notebook_document_sync
    assert sync is not None and sync.save and sync.notebook_selector[0].cells[0].language == "python"

    path = client.root / "fashion.ipynb"
    uri = path.as_uri()
    cells = [cell_uri(path, n) for n in range(1, len(CELLS) + 1)]
    texts = {cells[i]: text for i, (_, text) in enumerate(CELLS)}
    client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
        notebook_document=types.NotebookDocument(uri=uri, notebook_type="jupyter-notebook", version=1, cells=[
            types.NotebookCell(kind=kind, document=cells[i]) for i, (kind, _) in enumerate(CELLS)]),
        cell_text_documents=[types.TextDocumentItem(uri=cells[i], language_id="python" if kind == CODE else "markdown",
                                                    version=1, text=text) for i, (kind, text) in enumerate(CELLS)]))
    code = [cells[1], cells[3], cells[5]]
    got = await published(client, code)
    assert [where(d) for d in got[cells[1]]] == []  # the magic is masked, not a syntax error
    (typo,) = got[cells[3]]
    assert where(typo) == ("KG302", 1, 30) and typo.severity == types.DiagnosticSeverity.Error
    (rank3,) = got[cells[5]]
    assert where(rank3) == ("KG201", 2, 4) and "(None, 28, 28)" in rank3.message
    assert all(c not in client.diagnostics for c in (cells[0], cells[2], cells[4]))  # markdown: nothing

    # Hover in a cell: a layer call, a layer variable made in an earlier cell, the model.
    dense = (await hover(client, cells[5], 2, 8)).contents.value
    assert "**dense_1** (`Dense`)" in dense and "Output shape: `(None, 28, 128)`" in dense
    assert "Params: `3,712`" in dense
    assert "**dense** (`Dense`)" in (await hover(client, cells[3], 1, 3)).contents.value
    assert "`(None, 28, 10)`" in (await hover(client, cells[5], 3, 12)).contents.value
    assert "Total params: `5,002`" in (await hover(client, cells[5], 4, 2)).contents.value
    assert await hover(client, cells[1], 0, 3) is None  # the magic

    # A code action in the cell edits that cell only.
    offered = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=cells[3]),
        range=types.Range(start=types.Position(1, 0), end=types.Position(1, 0)),
        context=types.CodeActionContext(diagnostics=[typo])))
    titles = [a.title for a in offered]
    assert titles[:2] == ["KG302: Rename `activaton` to `activation`", "kgraphlint: fix all (1 safe fix)"]
    for action in offered[:2]:
        (change,) = action.edit.document_changes
        assert change.text_document.uri == cells[3] and change.text_document.version == 1
    fixed = apply(texts[cells[3]], offered[0])
    (rewrite,) = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=cells[5]),
        range=types.Range(start=types.Position(4, 0), end=types.Position(4, 0)),
        context=types.CodeActionContext(diagnostics=[], only=["refactor.rewrite"])))
    assert rewrite.title == "kgraphlint: rewrite `model` to Sequential"
    assert [c.text_document.uri for c in rewrite.edit.document_changes] == [cells[5]]
    rewritten = apply(texts[cells[5]], rewrite)  # the magic before it and the cell's last line are kept
    assert rewritten.startswith("!nvidia-smi\nmodel = keras.Sequential([\n") and "    classifier,\n" in rewritten
    assert rewritten.endswith("])\nmodel.summary()")
    assert fixed == texts[cells[3]].replace("activaton", "activation")
    assert apply(texts[cells[3]], offered[1]) == fixed

    # The cell changes: its finding goes, the other cell's stays.
    for c in code:
        client.diagnostics.pop(c, None)
    client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(
        notebook_document=types.VersionedNotebookDocumentIdentifier(uri=uri, version=2),
        change=types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(text_content=[
            types.NotebookDocumentCellContentChanges(
                document=types.VersionedTextDocumentIdentifier(uri=cells[3], version=2),
                changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)])]))))
    got = await published(client, code)
    assert got[cells[3]] == [] and [where(d) for d in got[cells[5]]] == [("KG201", 2, 4)]
    assert "Total params: `5,002`" in (await hover(client, cells[5], 4, 2)).contents.value

    # A new cell before the model moves it: positions stay in the cell, the
    # cell keeps its own URI; a deleted cell's findings are cleared.
    new = cell_uri(path, 99)
    for c in code:
        client.diagnostics.pop(c, None)
    client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(
        notebook_document=types.VersionedNotebookDocumentIdentifier(uri=uri, version=3),
        change=types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(
            structure=types.NotebookDocumentCellChangeStructure(
                array=types.NotebookCellArrayChange(start=4, delete_count=1, cells=[
                    types.NotebookCell(kind=CODE, document=new)]),
                did_open=[types.TextDocumentItem(uri=new, language_id="python", version=1,
                                                 text="units = 64\nprint(units)")],
                did_close=[types.TextDocumentIdentifier(uri=cells[4])])))))
    got = await published(client, code + [new])
    assert [where(d) for d in got[cells[5]]] == [("KG201", 2, 4)] and got[new] == []

    client.diagnostics.pop(cells[5], None)
    client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(
        notebook_document=types.VersionedNotebookDocumentIdentifier(uri=uri, version=4),
        change=types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(
            structure=types.NotebookDocumentCellChangeStructure(
                array=types.NotebookCellArrayChange(start=5, delete_count=1),
                did_close=[types.TextDocumentIdentifier(uri=cells[5])])))))
    assert (await published(client, [cells[5]]))[cells[5]] == []

    # Save analyses again; close clears every cell.
    client.diagnostics.pop(cells[3], None)
    client.notebook_document_did_save(types.DidSaveNotebookDocumentParams(
        notebook_document=types.NotebookDocumentIdentifier(uri=uri)))
    assert (await published(client, [cells[3]]))[cells[3]] == []
    client.diagnostics.clear()
    client.notebook_document_did_close(types.DidCloseNotebookDocumentParams(
        notebook_document=types.NotebookDocumentIdentifier(uri=uri),
        cell_text_documents=[types.TextDocumentIdentifier(uri=c) for c in (cells[0], cells[1], cells[2], new, cells[3])]))
    assert all(v == [] for v in (await published(client, [cells[1], cells[3], new])).values())


BLOCKS = """\
from tensorflow.keras import layers


def dense_block(x, units):
    x = layers.Dense(units, activation='relu')(x)
    return layers.Dropout(0.2)(x)
"""

TRAIN = """\
from tensorflow import keras
from blocks import dense_block

inputs = keras.Input(shape=(20,))
x = dense_block(inputs, 16)
model = keras.Model(inputs, keras.layers.Dense(1)(x))
"""


@on_the_server
async def test_imports_read_the_editors_unsaved_buffers(client):
    """An open module with unsaved changes is read as the editor holds it, and
    its importers are analysed again when it changes or closes."""
    (client.root / "blocks.py").write_text(BLOCKS, encoding="utf-8")
    (client.root / "train.py").write_text(TRAIN, encoding="utf-8")
    blocks, train = (client.root / "blocks.py").as_uri(), (client.root / "train.py").as_uri()
    wider = BLOCKS.replace("Dense(units,", "Dense(units * 2,")  # unsaved: the file keeps `units`
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=blocks, language_id="python", version=1, text=wider)))
    await published(client, [blocks])
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=train, language_id="python", version=1, text=TRAIN)))
    await published(client, [train])
    assert "Total params: `705`" in (await hover(client, train, 5, 2)).contents.value  # 20*32+32 + 32+1

    client.diagnostics.pop(train)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=blocks, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=BLOCKS.replace("Dense(units,", "Dense(8,"))]))
    await published(client, [train])  # analysed again without being touched
    assert "Total params: `177`" in (await hover(client, train, 5, 2)).contents.value  # 20*8+8 + 8+1

    client.diagnostics.pop(train)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=blocks)))
    await published(client, [train])
    assert "Total params: `353`" in (await hover(client, train, 5, 2)).contents.value  # as saved: 20*16+16 + 17


@on_the_server
async def test_a_syntax_error_lands_on_its_cell(client):
    path = client.root / "broken.ipynb"
    cells = [cell_uri(path, n) for n in (1, 2, 3)]
    texts = ["from tensorflow import keras", "model = keras.Sequential([\n    keras.layers.Dense(8),\n", "print(model)"]
    client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
        notebook_document=types.NotebookDocument(uri=path.as_uri(), notebook_type="jupyter-notebook", version=1,
                                                 cells=[types.NotebookCell(kind=CODE, document=c) for c in cells]),
        cell_text_documents=[types.TextDocumentItem(uri=c, language_id="python", version=1, text=t)
                             for c, t in zip(cells, texts)]))
    got = await published(client, cells)
    assert got[cells[0]] == [] and got[cells[2]] == []
    (error,) = got[cells[1]]
    assert (error.code, error.range.start.line, error.range.start.character) == ("KG001", 0, 25)
    assert "never closed" in error.message
