"""Language-server latency: how long a hover takes on a 300-line model file
once the file has been analysed, measured over stdio against the real
``kgraphlint server`` process, as an editor sees it.

    python bench/server_speed.py [--hovers 200] [--lines 300]

Target (issue 15): a hover within 100 ms after the first analysis. Also
printed: the first analysis (open -> diagnostics) and an edit followed at
once by a hover (the hover then waits for the new analysis).
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


async def run(args) -> list:
    text = model_file(args.lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "experiments.py"
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        client = LanguageClient("bench", "1")
        published = asyncio.Queue()

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params):
            published.put_nowait(params)

        await client.start_io(PYTHON, "-m", "kgraphlint", "server")
        await client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=Path(tmp).as_uri(),
            initialization_options={"debounceMs": 0}))
        client.initialized(types.InitializedParams())

        start = time.perf_counter()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
        await published.get()
        first = time.perf_counter() - start

        async def hover(line, character):
            t = time.perf_counter()
            answer = await client.text_document_hover_async(types.HoverParams(
                types.TextDocumentIdentifier(uri=uri), types.Position(line=line, character=character)))
            assert answer is not None, (line, character)
            return time.perf_counter() - t

        points = hover_points(text)
        first_hover = await hover(*points[-1])  # builds the file's hover index
        samples = [await hover(*points[k % len(points)]) for k in range(args.hovers)]

        edited = []
        for version in range(2, 7):  # an edit, then a hover at once
            text = text.replace("Dense(128", "Dense(129", 1) if version % 2 else text.replace("Dense(129", "Dense(128", 1)
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text=text)]))
            edited.append(await hover(*points[0]))

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
    args = parser.parse_args()
    print(load())
    print(table(asyncio.run(run(args)), ["kgraphlint server over stdio", "time", "target"]))


if __name__ == "__main__":
    main()
