"""Language-server latency: how long a hover takes on a 300-line model file
once the file has been analysed, measured over stdio against the real
``kgraphlint server`` process, as an editor sees it.

    python bench/server_speed.py [--hovers 200] [--lines 300] [--notebook]

Target (issue 15): a hover within 100 ms after the first analysis. Also
printed: the first analysis (open -> diagnostics) and an edit followed at
once by a hover (the hover then waits for the new analysis). With
``--notebook`` the same code is sent as an LSP notebook document, one code
cell per model (a markdown cell before each), and hovered in its cells.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import PYTHON, load, table
from lsprotocol import types
from pygls.lsp.client import LanguageClient

HEADER = """\
# 300줄짜리 CNN 실험 파일 (블로그 예제 모음)
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers
"""

BLOCK = """
# 모델 {i}: 합성곱 블록 두 개 + 분류기
inputs_{i} = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D({w}, 3, padding='same', activation='relu')(inputs_{i})
x = layers.BatchNormalization()(x)
x = layers.MaxPooling2D(2)(x)
x = layers.Conv2D({w2}, 3, padding='same', activation='relu')(x)
x = layers.BatchNormalization()(x)
x = layers.MaxPooling2D(2)(x)
x = layers.Flatten()(x)
x = layers.Dense(128, activation='relu')(x)
x = layers.Dropout(0.3)(x)
outputs_{i} = layers.Dense(10, activation='softmax')(x)
model_{i} = keras.Model(inputs_{i}, outputs_{i}, name='cnn_{i}')
"""


def model_file(lines: int) -> str:
    text, i = HEADER, 0
    while text.count("\n") < lines:
        text += BLOCK.format(i=i, w=16 * (1 + i % 4), w2=32 * (1 + i % 3))
        i += 1
    return text


def hover_points(text: str) -> list:
    """(line, character) of every layer call and model variable, 0-based."""
    points = []
    for n, line in enumerate(text.splitlines()):
        for word in ("layers.Conv2D", "layers.Dense", "model_"):
            if word in line:
                points.append((n, line.index(word) + 2))
    return points


def cells_of(text: str) -> list:
    """The file's text as notebook cells: the header, then one per model."""
    return [chunk.strip("\n") for chunk in text.split("\n\n")]


def open_notebook(client, path: Path, text: str) -> list:
    """Send ``text`` as a notebook document; [(cell URI, cell text)] of its code cells."""
    code = [(f"vscode-notebook-cell:{path.as_posix()}#W{2 * n}", cell) for n, cell in enumerate(cells_of(text))]
    cells, items = [], []
    for n, (uri, cell) in enumerate(code):
        markdown = f"vscode-notebook-cell:{path.as_posix()}#W{2 * n + 1}"
        cells += [types.NotebookCell(kind=types.NotebookCellKind.Markup, document=markdown),
                  types.NotebookCell(kind=types.NotebookCellKind.Code, document=uri)]
        items += [types.TextDocumentItem(uri=markdown, language_id="markdown", version=1, text=f"## 모델 {n}"),
                  types.TextDocumentItem(uri=uri, language_id="python", version=1, text=cell)]
    client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
        notebook_document=types.NotebookDocument(uri=path.as_uri(), notebook_type="jupyter-notebook", version=1,
                                                 cells=cells), cell_text_documents=items))
    return code


async def run(args) -> list:
    text = model_file(args.lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("experiments.ipynb" if args.notebook else "experiments.py")
        path.write_text(text, encoding="utf-8")  # not read: the server analyses what the client sends
        uri = path.as_uri()
        client = LanguageClient("bench", "1")
        published = asyncio.Queue()

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params):
            published.put_nowait(params)

        await client.start_io(PYTHON, "-m", "kgraphlint", "server")
        notebooks = types.NotebookDocumentClientCapabilities(types.NotebookDocumentSyncClientCapabilities())
        await client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(notebook_document=notebooks), root_uri=Path(tmp).as_uri(),
            initialization_options={"debounceMs": 0}))
        client.initialized(types.InitializedParams())

        start = time.perf_counter()
        if args.notebook:
            documents = open_notebook(client, path, text)
            for _ in documents:  # one publication per code cell
                await published.get()
        else:
            documents = [(uri, text)]
            client.text_document_did_open(types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
            await published.get()
        first = time.perf_counter() - start

        async def hover(where, line, character):
            t = time.perf_counter()
            answer = await client.text_document_hover_async(types.HoverParams(
                types.TextDocumentIdentifier(uri=where), types.Position(line=line, character=character)))
            assert answer is not None, (where, line, character)
            return time.perf_counter() - t

        points = [(where, *point) for where, cell in documents for point in hover_points(cell)]
        first_hover = await hover(*points[-1])  # builds the file's hover index
        samples = [await hover(*points[k % len(points)]) for k in range(args.hovers)]

        edited = []
        where, old = next((w, t) for w, t in documents if "Dense(128" in t)
        for version in range(2, 7):  # an edit, then a hover at once
            new = old.replace("Dense(128", "Dense(129", 1) if version % 2 else old
            change = [types.TextDocumentContentChangeWholeDocument(text=new)]
            if args.notebook:
                client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(
                    types.VersionedNotebookDocumentIdentifier(uri=uri, version=version),
                    types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(text_content=[
                        types.NotebookDocumentCellContentChanges(
                            types.VersionedTextDocumentIdentifier(uri=where, version=version), change)]))))
            else:
                client.text_document_did_change(types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(uri=uri, version=version), change))
            edited.append(await hover(*next(p for p in points if p[0] == where)))

        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    lines = text.count("\n")
    ms = [s * 1000 for s in samples]
    return [
        (f"first analysis, open -> diagnostics ({lines} lines)", f"{first * 1000:.1f} ms", ""),
        ("first hover (builds the hover index)", f"{first_hover * 1000:.1f} ms",
         "< 100 ms: " + ("met" if first_hover < 0.1 else "not met")),
        (f"hover after the first analysis, median of {len(ms)} more", f"{statistics.median(ms):.2f} ms",
         "< 100 ms: " + ("met" if statistics.median(ms) < 100 else "not met")),
        ("hover, 95th percentile / max", f"{sorted(ms)[int(len(ms) * 0.95) - 1]:.2f} / {max(ms):.2f} ms",
         "< 100 ms: " + ("met" if max(ms) < 100 else "not met")),
        ("edit then hover at once (re-analysis included), median of 5",
         f"{statistics.median(edited) * 1000:.1f} ms", ""),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hovers", type=int, default=200)
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--notebook", action="store_true", help="send the code as a notebook document")
    args = parser.parse_args()
    print(load())
    what = "kgraphlint server over stdio" + (", notebook document" if args.notebook else "")
    print(table(asyncio.run(run(args)), [what, "time", "target"]))


if __name__ == "__main__":
    main()
