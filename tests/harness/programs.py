"""Hypothesis strategies that write whole Keras programs, as users write them.

``shape_reading_programs()``: the building code reads shapes while it runs
(``if stride != 1 or x.shape[-1] != filters``, ``Dense(x.shape[-1])``,
``Reshape(x.shape[1:] + (1,))``, loops to ``len(x.shape)``, ``K.int_shape``,
``keras.ops.shape``, ``model.output_shape``, ``model.layers[-2].output``,
``model.get_layer(name).output``, Sequential ``.add`` loops, layers that
create layers inside them). Everything is decidable: a static reader can
know every number.

``unknown_programs()``: the same code mixed with what a static reader cannot
know: calls into a module it never sees (``some_lib``, shipped beside the
program as ``SOME_LIB`` for TensorFlow), a layer class imported from it,
conditions on the environment or on a function parameter, loops over unknown
values and while loops, unknown calls handed a layer (which they freeze) or a
Sequential (which they add to). Known layers carry explicit names (``k3_conv``) so
that each row can be matched with Keras's layer of the same name.

``symbolic_programs()``: a builder whose widths are parameters, never called
in the file, so a static summary can only print formulas; plus a few
positive values to call it with in TensorFlow.

The generator keeps track of the real shapes only to write programs Keras
accepts; the expected numbers always come from TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

# The module the unknown calls go to. The static engine analyses the program
# alone and never sees it; TensorFlow imports it from the program's folder.
SOME_LIB_NAME = "some_lib"
SOME_LIB = '''\
"""Stands for any library kgraphlint cannot see (tests/harness/programs.py)."""
import keras


def transform(x):
    return keras.layers.Dense(7)(x)


def width():
    return 12


def depth():
    return 2


def flag():
    return True


def widths():
    return [6, 3]


def extend(model):
    model.add(keras.layers.Dense(5))


def freeze(layer):
    layer.trainable = False


class Block(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.inner = keras.layers.Dense(units)

    def call(self, x):
        return self.inner(x)
'''
TRANSFORM_UNITS, WIDTH, DEPTH = 7, 12, 2
ENV_FLAG = "KG_WIDE"


@dataclass(frozen=True)
class Program:
    source: str
    models: tuple  # module-level variables that hold a model
    env: dict = field(default_factory=dict)  # environment TensorFlow runs it in
    calls: tuple = ()  # (function, kwargs) a symbolic builder is called with


IMPORTS = {
    "keras3": "import keras\nfrom keras import layers",
    "tf_keras": "from tensorflow import keras\nfrom tensorflow.keras import layers",
    "tf": "import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers",
}

RESIDUAL_TESTS = {
    # how users write "the shortcut needs a projection"
    "shape": "x.shape[-1] != filters",
    "index": "x.shape[3] != filters",
    "int_shape": "K.int_shape(x)[-1] != filters",
}


class _Writer:
    """The lines of one program and the real shape of ``x`` (batch axis left out)."""

    def __init__(self, draw, shape, named):
        self.draw = draw
        self.shape = tuple(shape)
        self.named = named  # explicit names on known layers (unknown_programs)
        self.lines: list = []
        self.needs: set = set()  # "K", "tf", "os", "some_lib", "block", "stage", "residual"
        self.env: dict = {}
        self.count = 0
        self.features = False  # a layer named 'features' exists (for get_layer)
        # one spelling of the residual test per program, as one author writes it
        self.residual_test = draw(st.sampled_from(sorted(RESIDUAL_TESTS)))

    def emit(self, *lines):
        self.lines.extend(lines)

    def name(self, kind: str, suffix: str = "") -> str:
        """``, name='k3_conv'`` when known layers carry names, else nothing."""
        if not self.named:
            return ""
        return f", name=f'{self.prefix()}_{kind}{suffix}'" if suffix else f", name='{self.prefix()}_{kind}'"

    def prefix(self) -> str:
        """A fresh name prefix (``k3``) for the layers of one step."""
        self.count += 1
        return f"k{self.count}"

    def pick(self, options):
        return self.draw(st.sampled_from(options))


# -- steps on an image (H, W, C) -----------------------------------------------

def conv(w):
    f, k = w.pick([4, 8, 16]), w.pick([1, 3])
    w.emit(f"x = layers.Conv2D({f}, {k}, padding='same', activation='relu'{w.name('conv')})(x)")
    w.shape = (*w.shape[:2], f)


def residual(w):
    h, wd, c = w.shape
    stride = 2 if h % 2 == 0 and wd % 2 == 0 and w.draw(st.booleans()) else 1
    filters = w.pick([c, c, 8, 16])
    w.needs.add("residual")
    prefix = f", prefix='{w.prefix()}'" if w.named else ""
    args = f"x, {filters}" + (f", stride={stride}" if stride != 1 or w.draw(st.booleans()) else "")
    w.emit(f"x = residual_block({args}{prefix})")
    w.shape = (-(-h // stride), -(-wd // stride), filters)


def pool_if_large(w):
    h, wd, c = w.shape
    w.emit("if x.shape[1] >= 4 and x.shape[2] >= 4:",
           f"    x = layers.MaxPooling2D({w.name('pool')[2:]})(x)")
    if h >= 4 and wd >= 4:
        w.shape = (h // 2, wd // 2, c)


def widen_by_channels(w):
    reader = w.pick(["x.shape[-1]", "K.int_shape(x)[-1]", "tuple(x.shape)[3]", "keras.ops.shape(x)[-1]",
                     "tf.keras.backend.int_shape(x)[-1]"])
    if reader.startswith("K."):
        w.needs.add("K")
    if reader.startswith("tf."):
        w.needs.add("tf")
    c = w.shape[2]
    grow = c * 2 <= 32
    w.emit(f"channels = {reader}",
           f"x = layers.Conv2D({'channels * 2' if grow else 'channels // 2'}, 1{w.name('proj')})(x)")
    w.shape = (*w.shape[:2], c * 2 if grow else c // 2)


def convs_to_rank(w):
    f = w.pick([4, 8])
    w.emit("for _ in range(len(x.shape) - 2):",
           f"    x = layers.Conv2D({f}, 3, padding='same'{w.name('conv', '{_}')})(x)")
    w.shape = (*w.shape[:2], f)


def dense_same_width(w):
    w.emit(f"x = layers.Dense(x.shape[-1]{w.name('dense')})(x)")


IMAGE_STEPS = [conv, residual, residual, pool_if_large, widen_by_channels, convs_to_rank, dense_same_width]


def image_to_flat(w):
    how = w.pick(["GlobalAveragePooling2D", "GlobalMaxPooling2D", "Flatten"])
    if w.named:
        name = w.name("features")
    elif not w.features:
        name, w.features = ", name='features'", True
    else:
        name = ""
    w.emit(f"x = layers.{how}({name[2:]})(x)")
    size = w.shape[2] if how.startswith("Global") else w.shape[0] * w.shape[1] * w.shape[2]
    w.shape = (size,)


# -- steps on a sequence (T, F) ------------------------------------------------

def dense_from_width(w):
    f = w.shape[1]
    if f * 2 <= 32 and w.draw(st.booleans()):
        w.emit(f"x = layers.Dense(x.shape[-1] * 2{w.name('dense')})(x)")
        w.shape = (w.shape[0], f * 2)
    else:
        w.emit(f"x = layers.Dense(x.shape[-1]{w.name('dense')})(x)")


def recurrent(w):
    cls, u = w.pick(["LSTM", "GRU", "SimpleRNN"]), w.pick([3, 4, 8])
    w.emit(f"x = layers.{cls}({u}, return_sequences=True{w.name(cls.lower())})(x)")
    w.shape = (w.shape[0], u)


def bidirectional(w):
    u = w.pick([2, 4])
    w.emit(f"x = layers.Bidirectional(layers.LSTM({u}, return_sequences=True){w.name('bi')})(x)")
    w.shape = (w.shape[0], 2 * u)


def time_distributed(w):
    k = w.pick([3, 5])
    w.emit(f"x = layers.TimeDistributed(layers.Dense({k}){w.name('td')})(x)")
    w.shape = (w.shape[0], k)


def attention(w):
    heads, key_dim = w.pick([1, 2]), w.pick([2, 4])
    w.emit(f"attn = layers.MultiHeadAttention(num_heads={heads}, key_dim={key_dim}{w.name('mha')})(x, x)",
           f"x = layers.Add({w.name('add')[2:]})([x, attn])",
           f"x = layers.LayerNormalization({w.name('norm')[2:]})(x)",
           f"x = layers.Dropout(0.1{w.name('drop')})(x)")


def conv1d(w):
    f = w.pick([4, 6])
    w.emit(f"x = layers.Conv1D({f}, 3, padding='same'{w.name('conv1d')})(x)")
    w.shape = (w.shape[0], f)


def dense_per_rank(w):
    w.emit("for i in range(len(x.shape) - 1):",
           f"    x = layers.Dense(4 * (i + 1){w.name('dense', '{i}')})(x)")
    w.shape = (w.shape[0], 8)


SEQUENCE_STEPS = [dense_from_width, recurrent, bidirectional, time_distributed, attention, attention, conv1d,
                  dense_per_rank]


def sequence_to_image(w):
    reader = w.pick(["x.shape[1:] + (1,)", "tuple(x.shape[1:]) + (1,)", "K.int_shape(x)[1:] + (1,)"])
    if reader.startswith("K."):
        w.needs.add("K")
    w.emit(f"x = layers.Reshape({reader}{w.name('reshape')})(x)")
    w.shape = (*w.shape, 1)


def sequence_to_flat(w):
    how = w.pick(["GlobalAveragePooling1D", "Flatten", "LSTM"])
    if how == "LSTM":
        u = w.pick([4, 8])
        w.emit(f"x = layers.LSTM({u}{w.name('lstm')})(x)")
        w.shape = (u,)
        return
    w.emit(f"x = layers.{how}({w.name('flat')[2:]})(x)")
    w.shape = (w.shape[1],) if how.startswith("Global") else (w.shape[0] * w.shape[1],)


# -- steps on a vector (F,) ------------------------------------------------------

def dense_half(w):
    w.emit(f"x = layers.Dense(x.shape[-1] // 2 + 1, activation='relu'{w.name('dense')})(x)")
    w.shape = (w.shape[0] // 2 + 1,)


def branch_on_width(w):
    f = w.shape[0]
    w.emit("if x.shape[-1] > 16:",
           f"    x = layers.Dense(16{w.name('dense')})(x)",
           "else:",
           f"    x = layers.Dense(x.shape[-1] + 4{w.name('dense')})(x)")
    w.shape = (16,) if f > 16 else (f + 4,)


def dropout(w):
    w.emit(f"x = layers.Dropout(0.3{w.name('drop')})(x)")


FLAT_STEPS = [dense_half, branch_on_width, dropout]


def flat_to_sequence(w):
    w.emit(f"x = layers.Reshape((x.shape[-1], 1){w.name('reshape')})(x)")
    w.shape = (w.shape[0], 1)


# -- unknowns (unknown_programs only) --------------------------------------------

def unknown_transform(w):
    w.needs.add("some_lib")
    w.emit("x = some_lib.transform(x)")
    w.shape = (*w.shape[:-1], TRANSFORM_UNITS)


def unknown_width(w):
    w.needs.add("some_lib")
    w.emit(f"x = layers.Dense(some_lib.width(){w.name('dense')})(x)")
    w.shape = (*w.shape[:-1], WIDTH)


def unknown_layer_class(w):
    w.needs.add("block")
    u = w.pick([3, 5])
    w.emit(f"x = Block({u}{w.name('block')})(x)")
    w.shape = (*w.shape[:-1], u)


def environment_branch(w):
    w.needs.add("os")
    wide = w.draw(st.booleans())
    w.env[ENV_FLAG] = "1" if wide else ""
    w.emit(f"if os.environ.get({ENV_FLAG!r}):",
           f"    x = layers.Dense(24{w.name('wide')})(x)",
           "else:",
           f"    x = layers.Dense(6{w.name('narrow')})(x)")
    w.shape = (*w.shape[:-1], 24 if wide else 6)


def unknown_loop(w):
    w.needs.add("some_lib")
    w.emit("for i in range(some_lib.depth()):",
           f"    x = layers.Dense(8{w.name('loop', '{i}')})(x)")
    w.shape = (*w.shape[:-1], 8)


def unknown_while(w):
    w.needs.add("some_lib")
    w.emit("n = some_lib.depth()",
           "while n > 0:",
           f"    x = layers.Dense(5{w.name('while', '{n}')})(x)",
           "    n -= 1")
    w.shape = (*w.shape[:-1], 5)


def unknown_widths_loop(w):
    w.needs.add("some_lib")
    w.emit("for units in some_lib.widths():",
           f"    x = layers.Dense(units{w.name('width', '{units}')})(x)")
    w.shape = (*w.shape[:-1], 3)


def frozen_by_unknown_call(w):
    """An unknown call that receives a layer may change it: here it freezes it,
    moving its weights from trainable to non-trainable."""
    w.needs.add("some_lib")
    w.emit(f"frozen = layers.Dense(6{w.name('frozen')})", "x = frozen(x)", "some_lib.freeze(frozen)")
    w.shape = (*w.shape[:-1], 6)


def known_while(w):
    """A while loop a static reader can follow: halve the width down to 8."""
    f = w.shape[-1]
    w.emit("while x.shape[-1] > 8:",
           f"    x = layers.Dense(x.shape[-1] // 2{w.name('halve', '{x.shape[-1]}')})(x)")
    while f > 8:
        f //= 2
    w.shape = (*w.shape[:-1], f)


def parameter_branch(w):
    """A condition on a function parameter whose value comes from an unknown call."""
    w.needs.update({"some_lib", "stage"})
    units = w.pick([4, 9])
    w.emit(f"x = stage(x, some_lib.flag(), {units}, '{w.prefix()}')")
    w.shape = (*w.shape[:-1], units)  # some_lib.flag() is True: stage applies Dense(units)


def unknown_filters_residual(w):
    """``x.shape[-1] != filters`` where filters comes from an unknown call."""
    if len(w.shape) != 3:
        return unknown_width(w)
    w.needs.update({"some_lib", "residual"})
    w.emit(f"x = residual_block(x, some_lib.width(), prefix='{w.prefix()}')")
    w.shape = (*w.shape[:2], WIDTH)


UNKNOWN_STEPS = [unknown_transform, unknown_width, unknown_layer_class, environment_branch, unknown_loop,
                 unknown_while, known_while, parameter_branch, unknown_filters_residual, unknown_widths_loop,
                 frozen_by_unknown_call]

FAMILIES = {3: (IMAGE_STEPS, image_to_flat), 2: (SEQUENCE_STEPS, None), 1: (FLAT_STEPS, None)}


def _step(w, unknowns: bool):
    rank = len(w.shape)
    steps = list(FAMILIES[rank][0])
    if unknowns:
        steps += UNKNOWN_STEPS
    w.draw(st.sampled_from(steps))(w)


def _change_rank(w, allow_up: bool):
    """Move to another family, as real code does (Reshape up, pooling down)."""
    rank = len(w.shape)
    if rank == 3:
        image_to_flat(w)
    elif rank == 2:
        (sequence_to_image if allow_up and w.draw(st.booleans()) else sequence_to_flat)(w)
    elif allow_up:
        flat_to_sequence(w)


def _input_shape(draw):
    rank = draw(st.integers(1, 3))
    if rank == 3:
        return (draw(st.sampled_from([4, 6, 8, 12])), draw(st.sampled_from([4, 6, 8])), draw(st.sampled_from([1, 3, 4])))
    if rank == 2:
        return (draw(st.integers(3, 8)), draw(st.integers(2, 12)))
    return (draw(st.integers(4, 48)),)


def _definitions(w) -> list:
    out = []
    if "residual" in w.needs:
        p = (lambda kind: f", name=prefix + '_{kind}'") if w.named else (lambda kind: "")
        out += [
            "",
            "# 잔차 블록: 채널 수나 stride가 바뀌면 shortcut에 1x1 합성곱",
            "def residual_block(x, filters, stride=1" + (", prefix='res'" if w.named else "") + "):",
            "    shortcut = x",
            f"    if stride != 1 or {RESIDUAL_TESTS[w.residual_test]}:",
            f"        shortcut = layers.Conv2D(filters, 1, strides=stride{p('proj')})(x)",
            f"    x = layers.Conv2D(filters, 3, strides=stride, padding='same'{p('conv')})(x)",
            f"    x = layers.BatchNormalization({p('bn')[2:]})(x)",
            f"    x = layers.Activation('relu'{p('relu')})(x)",
            f"    return layers.Add({p('add')[2:]})([x, shortcut])",
        ]
    if "stage" in w.needs:
        out += [
            "",
            "def stage(x, use_dense, units, prefix):",
            "    if use_dense:",
            "        x = layers.Dense(units, name=prefix + '_dense')(x)",
            "    return x",
        ]
    return out


def _header(style, w) -> list:
    out = ["# 케라스 함수형 API로 모델 만들기 (자동 생성된 예제)", IMPORTS[style]]
    if "K" in w.needs or ("residual" in w.needs and w.residual_test == "int_shape"):
        out.append("from tensorflow.keras import backend as K")
    if "tf" in w.needs and style != "tf":
        out.insert(1, "import tensorflow as tf")
    if "os" in w.needs:
        out.insert(1, "import os")
    if "some_lib" in w.needs:
        out.append(f"import {SOME_LIB_NAME}")
    if "block" in w.needs:
        out.append(f"from {SOME_LIB_NAME} import Block")
    return out


@st.composite
def _program(draw, unknowns: bool):
    style = draw(st.sampled_from(sorted(IMPORTS)))
    shape = _input_shape(draw)
    w = _Writer(draw, shape, named=unknowns)
    w.emit("", "# 입력층 정의", f"inputs = keras.Input(shape={shape})", "x = inputs")
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 4)) == 0:
            _change_rank(w, allow_up=True)
        else:
            _step(w, unknowns)
    if unknowns and not w.needs & {"some_lib", "os", "block"}:
        w.draw(st.sampled_from([s for s in UNKNOWN_STEPS if s is not known_while]))(w)
    while len(w.shape) > 1:  # a classifier head on a vector
        _change_rank(w, allow_up=False)
    classes = draw(st.integers(2, 10))
    w.emit("", "# 출력층", f"outputs = layers.Dense({classes}, activation='softmax'{w.name('out')})(x)",
           "model = keras.Model(inputs, outputs)", "model.summary()")
    models = ["model"]
    models += _extras(w, draw)
    source = "\n".join(_header(style, w) + _definitions(w) + w.lines) + "\n"
    return Program(source=source, models=tuple(models), env=dict(w.env))


def _extras(w, draw) -> list:
    """More models built by reading the first one: output_shape, layers, get_layer."""
    models = []
    if draw(st.booleans()):
        outputs = ["model.layers[-2].output", "model.layers[-1].output"]
        if w.features:
            outputs += ["model.get_layer('features').output", "[model.get_layer(n).output for n in ['features']]"]
        source = draw(st.sampled_from(outputs))
        w.emit("", "# 중간 층의 출력을 특징으로 쓰기", f"feature_model = keras.Model(model.input, {source})")
        models.append("feature_model")
    if draw(st.booleans()):
        w.emit("", "# 모델 출력 크기를 읽어서 헤드 만들기",
               "width = 32 if model.count_params() > 5000 else 8",
               "head = keras.Sequential([keras.Input(shape=model.output_shape[1:]), "
               f"layers.Dense(width{w.name('head')})])")
        models.append("head")
    if draw(st.booleans()):
        units = draw(st.lists(st.sampled_from([8, 16, 32, 64]), min_size=1, max_size=3, unique=True))
        w.emit("", "# Sequential에 층을 하나씩 추가", "mlp = keras.Sequential()",
               f"mlp.add(keras.Input(shape=({draw(st.integers(3, 20))},)))",
               f"for units in {units}:",
               f"    mlp.add(layers.Dense(units, activation='relu'{w.name('mlp', '{units}')}))",
               "while mlp.output_shape[-1] > 8:",
               f"    mlp.add(layers.Dense(mlp.output_shape[-1] // 2{w.name('shrink', '{mlp.output_shape[-1]}')}))")
        if w.named and draw(st.booleans()):  # an unknown call that receives the model may add to it
            w.needs.add("some_lib")
            w.emit("some_lib.extend(mlp)")
        models.append("mlp")
    return models


def shape_reading_programs():
    """Programs whose building code reads shapes; every number is decidable."""
    return _program(unknowns=False)


def unknown_programs():
    """Programs mixing known code with unknown calls, conditions and loops."""
    return _program(unknowns=True)


# -- symbolic builders -----------------------------------------------------------

SYMBOLIC_LAYERS = [
    # (code using the names, kind of input it needs)
    ("layers.Dense(units)", "any"),
    ("layers.Dense(units // 2)", "any"),
    ("layers.Dense(units * 2 + 1)", "any"),
    ("layers.Dense(10)", "any"),
    ("layers.Dense(hidden // 3 + units)", "any"),
    ("layers.Dense((units + hidden) // 4 + 1)", "any"),
    ("layers.Embedding(vocab, units)", "ints"),
    ("layers.LSTM(hidden, return_sequences=True)", "seq"),
    ("layers.Conv1D(filters, 3, padding='same')", "seq"),
    ("layers.Conv1D(filters // 2 + 1, kernel)", "seq"),
    ("layers.BatchNormalization()", "any"),
]


@st.composite
def symbolic_programs(draw):
    """A builder of widths known only by name, and values to call it with."""
    seq = draw(st.booleans())
    names = ["units", "hidden", "filters", "kernel", "vocab"]
    if seq and draw(st.booleans()):
        start = ["inputs = keras.Input(shape=(12,), dtype='int32')",
                 "x = layers.Embedding(vocab, units)(inputs)"]
    elif seq:
        start = ["inputs = keras.Input(shape=(12, 6))", "x = inputs"]
    else:
        start = [f"inputs = keras.Input(shape=({draw(st.integers(3, 30))},))", "x = inputs"]
    body = []
    fits = {"any", "seq"} if seq else {"any"}
    options = [code for code, kind in SYMBOLIC_LAYERS if kind in fits]
    for _ in range(draw(st.integers(1, 4))):
        body.append(f"    x = {draw(st.sampled_from(options))}(x)")
    if seq:
        body.append("    x = layers.GlobalAveragePooling1D()(x)")
    body.append("    outputs = layers.Dense(1)(x)")
    source = "\n".join([
        "# 층의 크기를 인자로 받는 모델 생성 함수", IMPORTS["keras3"], "",
        f"def build_model({', '.join(names)}):",
        *("    " + line for line in start), *body,
        "    return keras.Model(inputs, outputs)", "",
    ])
    values = st.fixed_dictionaries({
        # units >= 2: Keras rejects Dense(0) from units // 2; kernel <= 3: four
        # valid convolutions still leave a positive length out of 12
        "units": st.integers(2, 40), "hidden": st.integers(1, 30), "filters": st.integers(1, 20),
        "kernel": st.integers(1, 3), "vocab": st.integers(1, 50),
    })
    calls = tuple(("build_model", v) for v in draw(st.lists(values, min_size=2, max_size=3)))
    return Program(source=source, models=(), calls=calls)


def examples(strategy, n: int) -> list:
    """``n`` examples drawn by hypothesis under the active settings profile
    (derandomized in CI), so that one TensorFlow subprocess can run them all."""
    from hypothesis import HealthCheck, Phase, given, settings

    drawn: list = []

    @settings(max_examples=n, phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(example):
        drawn.append(example)

    collect()
    return drawn
