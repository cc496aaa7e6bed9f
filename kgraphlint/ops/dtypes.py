"""What dtype an op of the catalogue puts out, as Keras 3 (``keras.ops`` on
KerasTensors, ``keras/src/backend/common/dtypes.py``) and TensorFlow (its
kernels' signatures) give it.

``output_dtype(path, args, kwargs)`` takes the op's arguments with each
tensor a ``Spec`` (``Spec.dtype`` None when not known) and answers a dtype
name, or None when it is not known. It answers only where the rule is
Keras's for every dtype it accepts (tests/ops/test_dtypes.py checks each
answer against Keras and TensorFlow); elsewhere it says None, never a guess.
Mixed precision policies are out of scope: a changed policy makes every
dtype unknown upstream (``dtype_policy_changed``).
"""

from __future__ import annotations

from .base import Spec

FLOATS = ("float16", "bfloat16", "float32", "float64")
SIGNED = ("int8", "int16", "int32", "int64")
UNSIGNED = ("uint8", "uint16", "uint32", "uint64")
BITS = {"bool": 1, **{d: int(d[-2:].lstrip("t")) for d in FLOATS + SIGNED + UNSIGNED}}
FLOATX = "float32"

# Keras ops by what they do to dtypes (names after the last dot).
COMPARISONS = {"equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
               "logical_not", "logical_xor", "isnan", "isinf", "isfinite", "is_nan", "is_inf", "is_finite",
               "eq", "ne", "lt", "le", "gt", "ge", "all", "any", "reduce_all", "reduce_any"}
INDICES = {"argmax", "argmin"}
# A float dtype kept; ints and bools become floatx.
TO_FLOAT = {"sqrt", "exp", "log", "log1p", "log2", "log10", "expm1", "sin", "cos", "tan", "sinh", "cosh", "tanh",
            "arcsin", "arccos", "arctan", "floor", "ceil", "mean", "std", "var", "divide", "true_divide"}
# The input's dtype, bool excepted (a bool may become an int).
KEEP_INT = {"abs", "absolute", "negative", "square", "relu", "sigmoid", "softmax", "round", "max", "min", "amax",
            "amin", "add", "subtract", "multiply", "maximum", "minimum", "floor_divide", "power", "erf", "rsqrt"}
# Same dtype as the tensor, whatever it is: layout, selection and copies.
LAYOUT = {"reshape", "transpose", "expand_dims", "squeeze", "tile", "repeat", "flip", "roll", "flatten", "ravel",
          "moveaxis", "swapaxes", "broadcast_to", "stop_gradient", "copy", "identity", "take", "take_along_axis",
          "get_item", "getitem", "slice", "tril", "triu", "pad", "permute_dimensions", "ensure_shape", "zeros_like",
          "ones_like", "split", "unstack", "gather", "batch_flatten"}
# Several tensors joined: their common dtype.
JOINS = {"concatenate", "stack", "concat"}
# Made from nothing: ``dtype=`` or floatx.
CREATION = {"zeros", "ones", "eye", "one_hot"}
# Python's operators on tensors, where Keras's and TensorFlow's answers agree
# (the tensors are KerasTensors in a Functional graph, TF tensors in a call).
OPERATOR_KEEP = {"add", "sub", "mul", "neg", "pos", "abs"}
OPERATOR_COMPARE = {"gt", "ge", "lt", "le", "eq", "ne"}


def standardize(dtype) -> str | None:
    """A dtype argument as Keras names it: ``"int32"``, ``tf.int32``, ``"float"``."""
    name = getattr(dtype, "path", dtype)  # the interpreter's value for `tf.int32` is a dotted path
    if not isinstance(name, str):
        return None
    name = name.rsplit(".", 1)[-1]
    if name == "float":
        return FLOATX
    return name if name in BITS else None


def promote(a: str, b: str) -> str | None:
    """Keras's ``result_type`` for two tensor dtypes (a JAX-like lattice)."""
    if a == b:
        return a
    if a == "bool" or b == "bool":
        return b if a == "bool" else a
    if a in FLOATS and b in FLOATS:
        if {a, b} == {"float16", "bfloat16"}:
            return "float32"
        return max(a, b, key=BITS.__getitem__)
    if a in FLOATS or b in FLOATS:
        return a if a in FLOATS else b
    if (a in SIGNED) == (b in SIGNED):
        return max(a, b, key=BITS.__getitem__)
    signed, unsigned = (a, b) if a in SIGNED else (b, a)
    if BITS[signed] > BITS[unsigned]:
        return signed
    wider = f"int{2 * BITS[unsigned]}"
    return wider if wider in SIGNED else None


def _result(values) -> str | None:
    """The common dtype of tensors and Python numbers (numbers are weak)."""
    tensors = [v.dtype for v in values if isinstance(v, Spec) and v.dtype is not None]
    if not tensors or len(tensors) < sum(isinstance(v, Spec) for v in values):
        return None
    out: str | None = tensors[0]
    for d in tensors[1:]:
        out = promote(out, d) if out is not None else None
    if out is None:
        return None
    numbers = [v for v in values if not isinstance(v, Spec)]
    if any(isinstance(v, bool) for v in numbers):
        return None  # a Python bool operand: not followed
    if any(isinstance(v, float) for v in numbers) and out not in FLOATS:
        return FLOATX if out != "bool" else None
    if any(type(v) is int for v in numbers) and out == "bool":
        return None
    if any(not isinstance(v, (int, float)) for v in numbers):
        return None  # a list, a string: not followed
    return out


def _tensors(args, kwargs) -> list:
    return [v for v in [*args, *kwargs.values()] if isinstance(v, Spec)]


def keras_dtype(name: str, args: list, kwargs: dict) -> str | None:
    first = args[0] if args else None
    if name == "cast":
        return standardize(args[1] if len(args) > 1 else kwargs.get("dtype"))
    if name in COMPARISONS:
        return "bool"
    if name in INDICES:
        return "int32"
    if name in CREATION:
        given = kwargs.get("dtype")
        return FLOATX if given is None else standardize(given)
    if name in JOINS:
        return _result(first) if isinstance(first, (list, tuple)) else None
    if not isinstance(first, Spec) or first.dtype is None:
        return None
    if name in LAYOUT:
        if name in ("zeros_like", "ones_like") and kwargs.get("dtype") is not None:
            return standardize(kwargs["dtype"])
        return first.dtype
    operands = [a for a in args[:2] if isinstance(a, (Spec, int, float))] if name in (
        "add", "subtract", "multiply", "maximum", "minimum", "divide", "true_divide", "floor_divide", "power") else [first]
    dtype = _result(operands)
    if dtype is None:
        return None
    if name in TO_FLOAT:
        return dtype if dtype in FLOATS else FLOATX
    if name in KEEP_INT and dtype != "bool":
        return dtype
    if name in ("sum", "prod"):
        if dtype in FLOATS or dtype in ("int64", "uint32", "uint64"):
            return dtype
        return "uint32" if dtype in UNSIGNED else "int32"
    if name == "matmul" and isinstance(args[1] if len(args) > 1 else None, Spec):
        both = promote(dtype, args[1].dtype) if args[1].dtype else None
        return both if both in FLOATS or both in ("int32", "int64") else None
    return None


def tensorflow_dtype(name: str, args: list, kwargs: dict) -> str | None:
    """TensorFlow's ops keep their inputs' dtype (they refuse mixed ones)."""
    if name in ("cast", "saturate_cast"):
        return standardize(args[1] if len(args) > 1 else kwargs.get("dtype"))
    if name in COMPARISONS:
        return "bool"
    if name in ("argmax", "argmin"):
        given = kwargs.get("output_type")
        return "int64" if given is None else standardize(given)
    if name in ("shape", "size", "rank"):
        return standardize(kwargs.get("out_type", "int32"))
    tensors = _tensors(args, kwargs)
    if name in ("concat", "stack") and args and isinstance(args[0], (list, tuple)):
        tensors = [t for t in args[0] if isinstance(t, Spec)]
    dtypes = {t.dtype for t in tensors}
    if len(dtypes) != 1 or None in dtypes:
        return None
    dtype = dtypes.pop()
    if dtype not in FLOATS:
        return None  # int rules differ by kernel (tf.math.reduce_mean of ints stays int); not followed
    return dtype


def operator_dtype(name: str, args: list) -> str | None:
    if name in OPERATOR_COMPARE:
        return "bool"
    if name not in OPERATOR_KEEP:
        return None
    tensors = [a for a in args if isinstance(a, Spec)]
    dtypes = {t.dtype for t in tensors}
    if len(dtypes) != 1 or None in dtypes or any(not isinstance(a, (Spec, int, float)) for a in args):
        return None
    dtype = dtypes.pop()
    if dtype == "bool" or (dtype not in FLOATS and any(isinstance(a, float) for a in args)):
        return None  # TF refuses an int tensor plus a float; Keras makes floatx
    return dtype


def output_dtype(path: str, args: list, kwargs: dict) -> str | None:
    """The dtype op ``path`` puts out on these arguments, or None."""
    space, _, name = path.rpartition(".")
    if space.startswith("keras.ops"):
        return keras_dtype(name, args, kwargs)
    if space.startswith("tensorflow"):
        return tensorflow_dtype(name, args, kwargs)
    if space == "operator":
        return operator_dtype(name, args)
    return None
