from hypothesis import given
from hypothesis import strategies as st

from kgraphlint.ops import Spec
from tests.layers.strategies import SETTINGS
from tests.ops.oracle import compare
from tests.ops.strategies import pair, shape

UNARY = ["abs", "negative", "square", "sqrt", "exp", "log", "sin", "tanh", "floor", "round", "sigmoid",
         "relu", "gelu", "silu", "softmax", "log_softmax", "stop_gradient", "ones_like", "zeros_like",
         "logical_not", "rsqrt", "erf", "softplus", "sign", "reciprocal"]
BINARY = ["add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "power", "maximum",
          "minimum", "mod", "equal", "not_equal", "less", "greater_equal", "logical_and", "arctan2"]
TF_UNARY = ["abs", "sqrt", "exp", "math.log", "nn.relu", "nn.gelu", "nn.softmax", "sigmoid", "tanh",
            "math.reciprocal", "stop_gradient", "identity", "zeros_like", "ones_like", "nn.silu", "square"]
TF_BINARY = ["add", "subtract", "multiply", "divide", "maximum", "minimum", "pow", "math.squared_difference",
             "math.floordiv", "math.divide_no_nan", "equal", "less", "greater"]
OPERATORS = ["add", "sub", "mul", "truediv", "floordiv", "pow", "mod", "gt", "ge", "lt", "le", "ne"]


@SETTINGS
@given(st.sampled_from(UNARY), shape)
def test_keras_unary(name, s):
    compare(f"keras.ops.{name}", [Spec(s)])


@SETTINGS
@given(st.sampled_from(BINARY), pair())
def test_keras_binary_broadcasts(name, xs):
    compare(f"keras.ops.{name}", list(xs))


@SETTINGS
@given(st.sampled_from(OPERATORS), pair(), st.integers(0, 3))
def test_python_operators(name, xs, scalar):
    args = list(xs) if scalar else [xs[0], 2.0]  # `x + y`, or `x * 2.0`
    compare(f"operator.{name}", args)


@SETTINGS
@given(st.sampled_from(TF_UNARY), shape)
def test_tensorflow_unary(name, s):
    compare(f"tensorflow.{name}", [Spec(s)])


@SETTINGS
@given(st.sampled_from(TF_BINARY), pair())
def test_tensorflow_binary_broadcasts(name, xs):
    compare(f"tensorflow.{name}", list(xs))


@SETTINGS
@given(pair(), shape)
def test_where(xs, cond):
    compare("keras.ops.where", [Spec(cond), *xs], dtype="float32")


@SETTINGS
@given(shape)
def test_cast_clip(s):
    compare("keras.ops.cast", [Spec(s), "int32"])
    compare("keras.ops.clip", [Spec(s), 0.0, 1.0])
    compare("tensorflow.cast", [Spec(s), "int32"])
    compare("tensorflow.clip_by_value", [Spec(s), 0.0, 1.0])
