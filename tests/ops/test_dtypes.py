"""The catalogue's dtypes against Keras's and TensorFlow's, over
hypothesis-drawn dtypes, Python numbers and shapes: every dtype it gives
must be the real one; where it gives none, the op is counted unanswered."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraphlint.ops import Spec
from kgraphlint.ops.dtypes import output_dtype, promote
from tests.layers.strategies import MANY, SETTINGS
from tests.ops.oracle import real_dtype
from tests.ops.strategies import pair, shape

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "float16", "bfloat16", "float32",
          "float64"]
ANSWERED: Counter = Counter()

UNARY = ["abs", "negative", "square", "sqrt", "exp", "log", "tanh", "floor", "ceil", "round", "sigmoid", "relu",
         "softmax", "mean", "std", "var", "sum", "prod", "max", "min", "argmax", "argmin", "isnan", "logical_not",
         "reshape", "transpose", "expand_dims", "flip", "stop_gradient", "zeros_like", "ones_like", "erf", "rsqrt",
         "reciprocal", "sin", "cos", "log1p", "arctan", "amax"]
BINARY = ["add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "power", "maximum", "minimum",
          "equal", "not_equal", "less", "greater_equal", "logical_and", "matmul"]
TF_OPS = ["abs", "sqrt", "exp", "nn.relu", "nn.softmax", "sigmoid", "tanh", "reduce_mean", "reduce_sum", "reduce_max",
          "square", "identity", "argmax", "argmin", "math.is_nan", "shape", "size", "transpose", "reshape"]
TF_BINARY = ["add", "subtract", "multiply", "divide", "maximum", "minimum", "equal", "less", "greater", "pow"]
OPERATORS = ["add", "sub", "mul", "gt", "ge", "lt", "le", "ne", "truediv", "floordiv", "pow", "mod"]


def check(path, args, kwargs=None):
    """Our dtype is Keras's/TF's wherever we give one."""
    kwargs = kwargs or {}
    ours = output_dtype(path, args, kwargs)
    real = real_dtype(path, args, kwargs)
    if isinstance(real, Exception):
        return
    ANSWERED[path, ours is not None] += 1
    assert ours is None or ours == real, f"{path}({args!r}, {kwargs!r}): real {real}, catalogue {ours}"


def _unary_args(name, s, dtype):
    x = Spec(s, dtype)
    if name == "reshape":
        return [x, (-1,)]
    if name == "expand_dims":
        return [x, 0]
    return [x]


@MANY
@given(st.sampled_from(UNARY), shape, st.sampled_from(DTYPES))
def test_keras_unary_dtypes(name, s, dtype):
    check(f"keras.ops.{name}", _unary_args(name, s, dtype))


@MANY
@given(st.sampled_from(BINARY), pair(), st.sampled_from(DTYPES), st.sampled_from(DTYPES))
def test_keras_binary_dtypes_promote(name, xs, a, b):
    left, right = Spec(xs[0].shape, a), Spec(xs[1].shape, b)
    if name == "matmul":
        left, right = Spec((2, 3), a), Spec((3, 4), b)
    check(f"keras.ops.{name}", [left, right])


@SETTINGS
@given(st.sampled_from(["add", "subtract", "multiply", "divide", "maximum", "power"]), shape,
       st.sampled_from(DTYPES), st.sampled_from([2, 2.5, -1, 0.5]))
def test_keras_tensor_with_python_number(name, s, dtype, number):
    check(f"keras.ops.{name}", [Spec(s, dtype), number])


@SETTINGS
@given(shape, st.sampled_from(DTYPES), st.sampled_from(DTYPES))
def test_casts_and_joins(s, a, b):
    check("keras.ops.cast", [Spec(s, a), b])
    check("tensorflow.cast", [Spec(s, a), b])
    check("keras.ops.concatenate", [[Spec(s, a), Spec(s, b)]], {"axis": 0} if s else {})
    check("keras.ops.stack", [[Spec(s, a), Spec(s, b)]])


@SETTINGS
@given(st.sampled_from(TF_OPS), shape, st.sampled_from(DTYPES))
def test_tensorflow_dtypes(name, s, dtype):
    args = [Spec(s, dtype), [-1]] if name == "reshape" else [Spec(s, dtype)]
    check(f"tensorflow.{name}", args)


@SETTINGS
@given(st.sampled_from(TF_BINARY), pair(), st.sampled_from(DTYPES))
def test_tensorflow_binary_dtypes(name, xs, dtype):
    check(f"tensorflow.{name}", [Spec(xs[0].shape, dtype), Spec(xs[1].shape, dtype)])


@SETTINGS
@given(st.sampled_from(OPERATORS), pair(), st.sampled_from(DTYPES), st.sampled_from([None, 2, 1.5]))
def test_python_operators_dtypes(name, xs, dtype, number):
    """On KerasTensors (a Functional graph) and on TF tensors (a layer's call) alike."""
    args = [Spec(xs[0].shape, dtype), number if number is not None else Spec(xs[1].shape, dtype)]
    ours = output_dtype(f"operator.{name}", args, {})
    check(f"operator.{name}", args)
    if ours is not None:  # TF's answer too, when TF takes these operands
        traced = _traced_operator(name, args)
        assert traced is None or traced == ours, f"{name}{args}: TF {traced}, catalogue {ours}"


def _traced_operator(name, args):
    """The dtype of ``operator.<name>`` on TF tensors, as in a layer's ``call``; None if TF refuses."""
    import operator

    tf = pytest.importorskip("tensorflow")
    specs = [tf.TensorSpec(a.shape, a.dtype) for a in args if isinstance(a, Spec)]

    def traced(*tensors):
        it = iter(tensors)
        return getattr(operator, name)(*[next(it) if isinstance(a, Spec) else a for a in args])

    try:
        out = tf.function(traced).get_concrete_function(*specs).structured_outputs
    except Exception:
        return None
    return out.dtype.name


@pytest.mark.parametrize(("path", "args", "kwargs", "expected"), [
    ("keras.ops.cast", [Spec((2, 3), "float32"), "int32"], {}, "int32"),
    ("keras.ops.greater", [Spec((2, 3), "float32"), Spec((3,), "float32")], {}, "bool"),
    ("keras.ops.argmax", [Spec((2, 3), "float32")], {"axis": -1}, "int32"),
    ("tensorflow.argmax", [Spec((2, 3), "float32")], {"axis": -1}, "int64"),
    ("tensorflow.argmax", [Spec((2, 3), "float32")], {"axis": -1, "output_type": "int32"}, "int32"),
    ("keras.ops.mean", [Spec((2, 3), "int32")], {}, "float32"),
    ("keras.ops.sum", [Spec((2, 3), "bool")], {}, "int32"),
    ("keras.ops.sum", [Spec((2, 3), "uint8")], {}, "uint32"),
    ("keras.ops.add", [Spec((2, 3), "int32"), 2.0], {}, "float32"),
    ("keras.ops.add", [Spec((2, 3), "float16"), 2.0], {}, "float16"),
    ("keras.ops.add", [Spec((2, 3), "int8"), Spec((2, 3), "uint8")], {}, "int16"),
    ("keras.ops.add", [Spec((2, 3), "float16"), Spec((2, 3), "bfloat16")], {}, "float32"),
    ("keras.ops.divide", [Spec((2, 3), "int32"), Spec((2, 3), "int32")], {}, "float32"),
    ("keras.ops.matmul", [Spec((2, 3), "int8"), Spec((3, 2), "int32")], {}, "int32"),
    ("keras.ops.one_hot", [Spec((2,), "int32"), 4], {}, "float32"),
    ("keras.ops.zeros_like", [Spec((2,), "int32")], {"dtype": "float16"}, "float16"),
    ("tensorflow.shape", [Spec((2, 3), "float32")], {}, "int32"),
    ("tensorflow.reduce_mean", [Spec((2, 3), "float16")], {}, "float16"),
    ("operator.gt", [Spec((2, 3), "int32"), 0], {}, "bool"),
    ("operator.mul", [Spec((2, 3), "float32"), 2], {}, "float32"),
])
def test_answers_where_the_dtype_changes(path, args, kwargs, expected):
    """The cases the catalogue must answer, and Keras/TF agree with the answer."""
    assert output_dtype(path, args, kwargs) == expected
    assert real_dtype(path, args, kwargs) == expected


def test_unknown_stays_unknown():
    assert output_dtype("keras.ops.add", [Spec((2,), None), Spec((2,), "float32")], {}) is None
    assert output_dtype("keras.ops.sigmoid", [Spec((2,), "bool")], {}) is None
    assert output_dtype("operator.add", [Spec((2,), "int32"), 1.5], {}) is None  # TF refuses, Keras gives float32
    assert output_dtype("tensorflow.reduce_mean", [Spec((2,), "int32")], {}) is None
    assert output_dtype("keras.ops.not_an_op", [Spec((2,), "float32")], {}) is None


@pytest.mark.parametrize("a", DTYPES)
@pytest.mark.parametrize("b", DTYPES)
def test_promotion_is_keras_result_type(a, b):
    keras = pytest.importorskip("keras")
    ours = promote(a, b)
    real = keras.backend.result_type(a, b)
    assert ours is None or ours == real, f"{a} with {b}: Keras {real}, ours {ours}"
