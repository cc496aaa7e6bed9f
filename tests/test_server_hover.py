"""What the language server shows on hover and how it debounces, in
process (the stdio round trip is tests/test_server.py)."""

from __future__ import annotations

import asyncio

from kgraphlint.engine import analyze
from kgraphlint.server.hover import hover_markdown, index

SHARED = """\
# 공유 층: 같은 Dense를 두 입력에
from tensorflow import keras
from tensorflow.keras import layers

left = keras.Input(shape=(16,))
right = keras.Input(shape=(16,))
shared = layers.Dense(8, activation='relu')
a = shared(left)
b = shared(right)
merged = layers.concatenate([a, b])
head = layers.Dense(1, activation='sigmoid')(merged)
siamese = keras.Model([left, right], head)
"""

BUILDER = """\
from tensorflow import keras
from tensorflow.keras import layers


def build_mlp(units, n_classes=10):
    inputs = keras.Input(shape=(784,))
    x = layers.Dense(units, activation='relu')(inputs)
    outputs = layers.Dense(n_classes, activation='softmax')(x)
    return keras.Model(inputs, outputs)
"""

CUSTOM = """\
from tensorflow import keras
from mylib import AttentionBlock

inputs = keras.Input(shape=(10, 32))
x = AttentionBlock(4)(inputs)
out = keras.layers.Dense(2)(x)
net = keras.Model(inputs, out)
"""


def hover_at(source: str, line: int, text: str, nth: int = 0) -> str | None:
    """Hover on the ``nth`` occurrence of ``text`` in ``line`` (1-based)."""
    column = source.splitlines()[line - 1].index(text) + 1
    for _ in range(nth):
        column = source.splitlines()[line - 1].index(text, column) + 1
    extraction = analyze(source, "t.py", ordered=False)
    return hover_markdown(index(extraction, source), line, column)


def test_layer_variable_and_its_shared_calls():
    made = hover_at(SHARED, 7, "shared")
    assert "**dense** (`Dense`)" in made and "Params: `136`" in made and "---" not in made
    second = hover_at(SHARED, 9, "shared")
    assert "Output shape: `(None, 8)`" in second and "Params: `136`" in second
    assert "reuses the weights of `dense`" in second
    # `a` read later is the first call's output
    assert "**dense**" in hover_at(SHARED, 10, "a,")


def test_model_variable():
    text = hover_at(SHARED, 12, "siamese")
    assert 'functional model (Keras name "functional"' in text
    assert "Total params: `153`" in text and "Inputs: `(None, 16), (None, 16)`" in text
    assert "Outputs: `(None, 1)`" in text


def test_symbolic_counts_say_so():
    text = hover_at(BUILDER, 7, "Dense")
    assert "Output shape: `(None, units)`" in text and "Params: `784*units + units`" in text
    assert "Symbolic" in text


def test_unknown_is_never_zero_and_says_why():
    text = hover_at(CUSTOM, 6, "Dense")
    assert "Output shape: `?`" in text and "Params: `?`" in text
    assert "Not exact: upstream, at attention_block (mylib.AttentionBlock, line 5)" in text
    model = hover_at(CUSTOM, 7, "net")
    assert "Total params: `?`" in model and "Not exact: line 5: mylib.AttentionBlock is not in the catalogue" in model


UNDECIDED = """\
import sys
from tensorflow import keras

inputs = keras.Input(shape=(32,))
if len(sys.argv) > 1:
    x = keras.layers.Dense(64)(inputs)
else:
    x = keras.layers.Dense(16)(inputs)
n = len(sys.argv)
y = keras.layers.Dense(n)(x)
model = keras.Model(inputs, keras.layers.Dense(1)(y))
"""


def test_a_guessed_path_is_not_exact():
    """A number made on a path taken without knowing its condition, or from
    a value known only by name, is marked ``?`` with its reasons."""
    text = hover_at(UNDECIDED, 6, "Dense")
    assert "Params: `2,112?`" in text and "Output shape: `(None, 64)?`" in text
    assert "Not exact: line 5: the condition `len(sys.argv) > 1` is not known statically" in text
    text = hover_at(UNDECIDED, 10, "Dense")
    assert "Params: `64*n + n?`" in text and "line 9: the value of `n` is not known statically" in text
    model = hover_at(UNDECIDED, 11, "model")
    assert "Total params: `?`" in model and "Outputs: `(None, 1)?`" in model


def test_nothing_to_show():
    assert hover_at(SHARED, 1, "공유") is None
    assert hover_at(SHARED, 2, "keras") is None


def test_rapid_changes_are_analysed_once():
    from kgraphlint.server import KgraphlintServer

    server = KgraphlintServer()
    server.debounce = 0.05
    published = []
    server.publish = lambda uri, dependents=False: published.append(uri)  # the debounced work, counted

    async def type_quickly():
        for _ in range(5):
            server.schedule("file:///m.py")
            await asyncio.sleep(0.001)
        await asyncio.sleep(0.2)

    asyncio.run(type_quickly())
    assert published == ["file:///m.py"]


SUBCLASS = """\
# 서브클래싱 모델
import keras
from keras import layers


class Classifier(keras.Model):
    def __init__(self, n_out):
        super().__init__()
        self.hidden = layers.Dense(32, activation='relu')
        self.head = layers.Dense(n_out)

    def call(self, x):
        return self.head(self.hidden(x))


clf = Classifier(3)
clf(keras.Input(shape=(8,)))
"""


def test_subclass_model_and_its_layers():
    assert "**clf**: subclass model" in hover_at(SUBCLASS, 6, "class")
    assert "**clf**: subclass model" in hover_at(SUBCLASS, 17, "clf")
    assert "Total params: `387`" in hover_at(SUBCLASS, 16, "clf")
    assert "Params: `288`" in hover_at(SUBCLASS, 9, "Dense")
    assert hover_at(SUBCLASS, 8, "super") is None  # the class body is not the model


def test_the_projects_own_imports_are_followed(tmp_path):
    """As `check` does: a helper imported from another module of the project."""
    from kgraphlint.server import analyse

    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "blocks.py").write_text(
        "from tensorflow.keras import layers\n\n\n"
        "def dense_block(x, units):\n"
        "    x = layers.Dense(units, activation='relu')(x)\n"
        "    return layers.Dropout(0.2)(x)\n", encoding="utf-8")
    source = (
        "from tensorflow import keras\n"
        "from blocks import dense_block\n\n"
        "inputs = keras.Input(shape=(20,))\n"
        "x = dense_block(inputs, 16)\n"
        "model = keras.Model(inputs, keras.layers.Dense(1)(x))\n")
    found = analyse(source, str(tmp_path / "train.py"), None)
    text = hover_markdown(index(found.extraction, source), 6, 2)
    assert "Total params: `353`" in text and "Not exact" not in text


def test_a_whole_module_finding_shows_on_the_first_code_cell():
    """A notebook document's finding that no cell holds (a whole-module one,
    at the first marker line) is shown on the first code cell, not lost."""
    from kgraphlint.diagnostics import Diagnostic
    from kgraphlint.notebook import Notebook
    from kgraphlint.server import Analysed
    from kgraphlint.server.views import cell_diagnostics

    notebook = Notebook.from_cells([(2, "import keras"), (4, "x = 1")])
    whole = Diagnostic("KG000", "internal-error", "error", "boom", "nb.ipynb", 1, 1, 1, 1)
    inside = Diagnostic("KG301", "undefined-name", "error", "y", "nb.ipynb", 4, 5, 4, 6)
    found = Analysed(1, notebook.source, "nb.ipynb", None, None, [whole, inside], notebook=notebook)
    shown = [(d.code, mapped.cell, mapped.line, mapped.column) for d, mapped in cell_diagnostics(found)]
    assert shown == [("KG000", 2, 1, 1), ("KG301", 4, 1, 5)]
