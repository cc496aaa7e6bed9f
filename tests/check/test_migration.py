"""The migration family's promises: a fix keeps every value the author wrote,
never breaks the file, and takes precedence over KG302's typo suggestions.

The property test runs every safe fix of every fixture, rule page and legacy
file one by one, and hypothesis-generated Keras 1 calls through the whole
fix loop: the result must compile and hold every literal of the original,
except the old spellings of a value Keras 2 itself converted
('th' -> 'channels_first', merge mode 'concat' -> ``concatenate``).
"""

import ast
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraphlint import legacy
from kgraphlint.diagnostics import Diagnostic, Edit, Fix
from kgraphlint.fixes import apply_edits, apply_fixes, compiles, fix_source
from kgraphlint.rules import all_rules, lint_source, migration
from kgraphlint.rules.docs import code_blocks, page, pages
from tests.check.fixtures import SelectAll

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "fixtures" / "rules").glob("KG*/*.py")) + sorted((ROOT / "fixtures" / "legacy").glob("*.py"))
# Old spellings of values that Keras 2 converted along with their keyword.
CONVERTED = {v for table in legacy.VALUE_CONVERSIONS.values() for v in table} | set(legacy.MERGE_MODES)


def literals(text: str) -> Counter:
    return Counter((type(n.value).__name__, repr(n.value)) for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Constant))


def lost_values(before: str, after: str) -> list:
    lost = literals(before) - literals(after)
    return [value for (kind, value) in lost if not (kind == "str" and ast.literal_eval(value) in CONVERTED)]


def doc_examples():
    return [block for rule in all_rules() for block in code_blocks(page(rule), "invalid")]


def every_safe_fix():
    texts = [(p.name, p.read_text()) for p in SOURCES] + [(f"page {i}", b) for i, b in enumerate(doc_examples())]
    for name, text in texts:
        for d in lint_source(text, "example.py", SelectAll()):
            if d.fix is not None and d.fix.applicability == "safe":
                yield name, text, d


# The one fix that drops a value on purpose: KG105 removes `input_shape=`/`input_dim=`
# where Keras ignores it (inside a functional graph, after a Sequential's first
# layer); the model is the same, as its fixtures' tf-checks confirm in TensorFlow.
IGNORED_BY_KERAS = {("KG105", "Remove")}


def test_every_safe_fix_keeps_every_value_and_compiles():
    checked = 0
    for name, text, d in every_safe_fix():
        new = apply_edits(text, d.fix.edits)
        assert compiles(new), (name, d.code, d.line)
        if (d.code, d.fix.message.split()[0]) not in IGNORED_BY_KERAS:
            assert not lost_values(text, new), (name, d.code, d.line, lost_values(text, new))
        checked += 1
    assert checked >= 200  # the fixtures hold this many safe fixes; fewer means the search broke


LAYERS = sorted(c for c in legacy.KEYWORDS if c not in ("Model", "InputLayer"))
VALUES = st.one_of(st.integers(1, 512), st.floats(0.01, 0.9).map(lambda f: round(f, 3)),
                   st.sampled_from(["same", "valid", "he_normal", "l2", "relu"]),
                   st.tuples(st.integers(1, 5), st.integers(1, 5)))


@st.composite
def legacy_calls(draw):
    cls = draw(st.sampled_from(LAYERS))
    table = legacy.KEYWORDS[cls]
    chosen = draw(st.lists(st.sampled_from(sorted(table)), min_size=1, max_size=4, unique=True))
    parts = []
    for keyword in chosen:
        if keyword in legacy.VALUE_CONVERSIONS:
            value = draw(st.sampled_from(sorted(legacy.VALUE_CONVERSIONS[keyword])))
        else:
            value = draw(VALUES)
        parts.append(f"{keyword}={value!r}")
    return f"from keras import layers\n\nlayer = layers.{cls}({', '.join(parts)})\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(legacy_calls())
def test_fixing_a_keras1_call_keeps_its_values(source):
    new, applied, _ = fix_source(source, "example.py", SelectAll())
    assert compiles(new)
    assert not lost_values(source, new), (source, new)
    assert applied["KG602"] >= 1 or "KG602" not in {d.code for d in lint_source(source, "example.py", SelectAll())}


def fixed(source: str) -> str:
    return fix_source(source, "example.py", SelectAll(), unsafe=True)[0]


def test_output_dim_is_units_not_input_dim():
    """The issue's first case: KG302 used to suggest `input_dim=` and lose 10."""
    source = ("from keras import Input, Sequential\nfrom keras.layers import Dense, SimpleRNN\n\n"
              "model = Sequential([Input(shape=(5, 8)), SimpleRNN(output_dim=16), Dense(output_dim=10, activation='softmax')])\n")
    found = lint_source(source, "example.py", SelectAll())
    assert not [d for d in found if d.code == "KG302"], found
    assert "SimpleRNN(units=16), Dense(units=10, activation='softmax')" in fixed(source)


def test_batch_input_shape_keeps_the_batch_axis():
    source = ("from keras.models import Sequential\nfrom keras.layers import LSTM, Dense\n\n"
              "model = Sequential()\nmodel.add(LSTM(4, batch_input_shape=(1, 6, 30), stateful=True))\nmodel.add(Dense(1))\n")
    found = lint_source(source, "example.py", SelectAll())
    kg302 = [d for d in found if d.code == "KG302"]
    assert kg302 and all(d.fix is None and "input_shape" not in d.message.split(";")[-1] for d in kg302)
    new = fixed(source)
    assert "model.add(Input(batch_shape=(1, 6, 30)))\nmodel.add(LSTM(4, stateful=True))" in new
    assert "input_shape" not in new


def test_dropout_w_and_u_keep_both_rates():
    source = ("from keras import Input, Sequential\nfrom keras.layers import LSTM\n\n"
              "model = Sequential([Input(shape=(5, 8)), LSTM(8, dropout_W=0.2, dropout_U=0.3)])\n")
    new = fixed(source)
    assert "LSTM(8, dropout=0.2, recurrent_dropout=0.3)" in new and compiles(new)


def test_two_typos_of_one_keyword_get_one_fix():
    source = ("from keras import Input, Sequential\nfrom keras.layers import Dense\n\n"
              "model = Sequential([Input(shape=(4,)), Dense(3, activaton='relu', actvation='tanh')])\n")
    fixes = [d for d in lint_source(source, "example.py", SelectAll()) if d.code == "KG302" and d.fix]
    assert len(fixes) == 1
    assert compiles(fixed(source))


def test_a_pass_that_would_repeat_a_keyword_keeps_what_compiles():
    text = "f(a=1, b=2)\n"
    rename = [Fix("safe", "x", (Edit(1, 3, 1, 4, "c"),)), Fix("safe", "y", (Edit(1, 8, 1, 9, "c"),))]
    diagnostics = [Diagnostic("KG302", "n", "error", "m", "p", 1, c, 1, c + 1, fix=f) for c, f in zip((3, 8), rename)]
    assert not compiles("f(c=1, c=2)\n")  # ast.parse accepts it; the compiler does not
    new, chosen = apply_fixes(text, diagnostics)
    assert new == "f(c=1, b=2)\n" and len(chosen) == 1


def test_pages_cover_the_family():
    assert {p.split("-")[0] for p in pages() if p.startswith("KG6")} == {r.code for r in migration.RULES}


@pytest.mark.parametrize("path", sorted((ROOT / "fixtures" / "legacy").glob("*.keras3.py")), ids=lambda p: p.stem)
def test_no_migration_finding_on_hand_migrated_files(path):
    assert not [d for d in lint_source(path.read_text(), str(path), SelectAll()) if d.code.startswith("KG6")]


def test_the_readme_workflow_diff_then_fix(tmp_path):
    """`check --select KG6 --diff` shows and writes nothing; `--fix` writes a file
    with no migration finding left; a second `--fix` changes nothing."""
    from cli_runner import CliRunner

    from kgraphlint.cli import cli

    original = (ROOT / "fixtures" / "legacy" / "18_unet_merge_concat.py").read_text()
    path = tmp_path / "unet.py"
    path.write_text(original)
    runner = CliRunner()
    diff = runner.invoke(cli, ["check", "--no-cache", "--select", "KG6", "--diff", str(path)])
    assert "+up3 = concatenate([UpSampling2D(size=(2, 2))(conv2), conv1], axis=3)" in diff.output
    assert path.read_text() == original
    fixed = runner.invoke(cli, ["check", "--no-cache", "--select", "KG6", "--fix", str(path)])
    assert fixed.exit_code == 0, fixed.output
    after = path.read_text()
    assert after != original and compiles(after)
    assert not [d for d in lint_source(after, str(path), SelectAll()) if d.code.startswith("KG6")]
    again = runner.invoke(cli, ["check", "--no-cache", "--select", "KG6", "--fix", str(path)])
    assert again.exit_code == 0 and path.read_text() == after


def test_generator_methods_pass_what_they_took_by_position_by_name():
    source = (ROOT / "fixtures" / "rules" / "KG605" / "fire_generator_keyword.py").read_text()
    assert "model.fit(x=gen(), steps_per_epoch=2, epochs=1, verbose=0)" in fixed(source)
    positional = "model.evaluate_generator(batches(), 2)\nmodel.predict_generator(batches(), 2)\n"
    found = {d.message.split("`")[1]: d.fix for d in lint_source(positional, "example.py", SelectAll()) if d.code == "KG605"}
    assert found["evaluate_generator"].applicability == "safe"
    assert found["predict_generator"].applicability == "unsafe"
    assert fixed(positional) == "model.evaluate(batches(), steps=2)\nmodel.predict(batches(), steps=2)\n"


FIXED_SPELLINGS = [
    ("from keras.datasets import imdb\n(x, y), _ = imdb.load_data(nb_words=5000)\n",
     "from keras.datasets import imdb\n(x, y), _ = imdb.load_data(num_words=5000)\n"),
    ("from keras.layers import recurrent\nRNN = recurrent.LSTM\n",
     "from keras import layers as recurrent\nRNN = recurrent.LSTM\n"),
    ("import keras\nopt = keras.optimizers.rmsprop(lr=0.0001)\n",
     "import keras\nopt = keras.optimizers.RMSprop(learning_rate=0.0001)\n"),
    ("from keras.losses import mse\nloss = mse\n", "from keras.losses import mean_squared_error as mse\nloss = mse\n"),
    ("from keras.layers import Conv2D\nlayer = Conv2D(64, 3, 3, border_mode='same')\n",
     "from keras.layers import Conv2D\nlayer = Conv2D(64, (3, 3), padding='same')\n"),
]


@pytest.mark.parametrize("before,after", FIXED_SPELLINGS)
def test_spellings_the_frequency_count_found_are_fixed(before, after):
    new, _, remaining = fix_source(before, "example.py", SelectAll())
    assert new == after
    assert not [d for d in remaining if d.code.startswith("KG6")]


def test_conv2d_alias_is_a_kernel_only_beside_keras1_keywords(tmp_path):
    """Keras 1.2's Conv2D(64, 3, 3, border_mode=...) is a 3x3 kernel; a Keras 3
    Conv2D(64, 3, 2) is kernel 3, strides 2, and stays unreported."""
    old = "from keras import Input, Sequential\nfrom keras.layers import Conv2D\n" \
          "model = Sequential([Input(shape=(28, 28, 1)), Conv2D(8, 3, 3, border_mode='same')])\n"
    new = old.replace("Conv2D(8, 3, 3, border_mode='same')", "Conv2D(8, 3, 2, padding='same')")
    assert "KG604" in {d.code for d in lint_source(old, "a.py", SelectAll())}
    assert "KG604" not in {d.code for d in lint_source(new, "b.py", SelectAll())}
    from tests.test_legacy_corpus import static_models

    path = tmp_path / "a.py"
    path.write_text(old)
    assert static_models(path) == {"model": [("Conv2D", [None, 28, 28, 8], 3 * 3 * 8 + 8)]}


def test_tf_keras_package_is_keras_2():
    """tf_keras is Keras 2: its Embedding still takes input_length, its Model has
    reset_states, its imdb.load_data renames nb_words itself; no KG6 finding."""
    text = ("from tf_keras.layers import Embedding\nfrom tf_keras.models import Sequential\n"
            "from tf_keras.datasets import imdb\n(x, y), _ = imdb.load_data(nb_words=100)\n"
            "model = Sequential([Embedding(100, 8, input_length=10)])\nmodel.reset_states()\n")
    assert not [d for d in lint_source(text, "a.py", SelectAll()) if d.code.startswith("KG6")]
