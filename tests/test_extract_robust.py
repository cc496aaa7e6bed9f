"""The extractor never raises, whatever the input."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

from test_extract_helpers import run

from kgraphlint.engine import analyze
from kgraphlint.extract import extract

FIXTURES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "models").glob("*.py"))


def test_truncated_and_shuffled_fixtures_never_raise():
    rng = random.Random(7)
    for path in FIXTURES:
        source = path.read_text()
        lines = source.splitlines(keepends=True)
        variants = [source[: rng.randrange(len(source))] for _ in range(3)]
        shuffled = lines[:]
        rng.shuffle(shuffled)
        variants.append("".join(shuffled))
        dropped = [ln for ln in lines if rng.random() > 0.3]
        variants.append("".join(dropped))
        for variant in variants:
            extraction = analyze(variant, str(path))  # inference included
            assert extraction.syntax_error is not None or extraction.tree is not None


def test_odd_but_valid_python():
    sources = [
        "",
        "x = 1\n",
        "import keras\nkeras.Sequential(*[1, 2])\n",
        "import keras\nm = keras.Model()\n",
        "import keras\nm = keras.Model(inputs=None, outputs=3)\n",
        "from keras import layers\nlayers.Dense()(1)\n",
        "from keras import layers\nx = layers.Dense(3)\nx.units = 4\nx(x)\n",
        "import keras\ni = keras.Input()\nm = keras.Model(i, i)\n",
        "import keras\nclass A(keras.Model):\n    pass\nA()(keras.Input((2,)))\n",
        "import keras\nclass B(keras.Model):\n    def call(self, x):\n        return self(x)\nB().build((None, 2))\n",
        "import keras\ns = keras.Sequential()\ns.add(s)\ns.build((None, 2))\n",
        "import keras\nl = [keras.layers.Dense(2)]\nl.append(l)\nm = keras.Sequential(l)\n",
        "match x:\n    case [a, b]:\n        pass\n",
        "async def f():\n    await g()\n",
        "import keras\nx = keras.Input((2,))\nfor x in x:\n    pass\n",
        "import keras\nm = keras.Sequential([keras.layers.Dense(2 ** 10 ** 10, input_shape=(2,))])\n",
        "a = 'x' * 10 ** 12\n",
        "import keras\ni = keras.Input((2,))\nm = keras.Model({'a': i}, {(1, 2): i})\n",
    ]
    for source in sources:
        analyze(source, "odd.py")


def test_deep_nesting_of_statements():
    source = "import keras\n"
    for depth in range(60):
        source += "    " * depth + "if True:\n"
    source += "    " * 60 + "m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])\n"
    e = extract(source, "deep.py")
    assert e.syntax_error is not None or len(e.models) == 1


def test_non_utf8_text_and_nul():
    assert run("x = '\x00'\n").models == []


def test_recursive_helpers_cost_bounded_work():
    """Helpers calling themselves twice per level used to be interpreted 2**24
    times (tf_keras's hdf5_format.py ran for minutes); recursion is followed
    a few levels only, and a per-file statement budget bounds the rest."""
    from kgraphlint.extract.interpreter import MAX_STEPS, Interpreter
    from kgraphlint.pyast import parse

    source = textwrap.dedent("""
        import keras

        def walk(n):
            if n == 0:
                return 0
            return walk(n - 1) + walk(n - 1)

        def build(depth=walk(40)):
            return keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])

        model = build()
    """)
    interp = Interpreter(parse(source), "r.py", source)
    interp.run_module()
    assert [m.name for m in interp.models] == ["model"]
    assert interp.steps < 100

    budget = "x = 0\n" * (MAX_STEPS + 10) + "import keras\nm = keras.Sequential([keras.Input((4,))])\n"
    interp = Interpreter(parse(budget), "b.py", budget)
    interp.run_module()
    assert interp.models == [] and any("analysis stopped" in f.message for f in interp.facts)
