"""Python operators on arrays: binary, reflected, unary, in-place, interop."""

import operator

import numpy as np
import pytest

from harness import ALL_DTYPES, check, make

# operator -> (kind of left operand, kind of right operand)
BINARY_OPS = {
    "add": ("normal", "normal"), "sub": ("normal", "normal"), "mul": ("normal", "normal"),
    "truediv": ("normal", "nonzero"), "floordiv": ("normal", "nonzero"),
    "mod": ("normal", "nonzero"), "pow": ("base", "exponent"),
    "and_": ("normal", "normal"), "or_": ("normal", "normal"), "xor": ("normal", "normal"),
    "lshift": ("normal", "int_small"), "rshift": ("normal", "int_small"),
    "eq": ("normal", "normal"), "ne": ("normal", "normal"), "lt": ("normal", "normal"),
    "le": ("normal", "normal"), "gt": ("normal", "normal"), "ge": ("normal", "normal"),
}
SCALARS = [3, 2.5, True, 1.5 + 2j]


def _op(name):
    return getattr(operator, name)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", sorted(BINARY_OPS))
def test_binary_operator(name, dtype):
    k1, k2 = BINARY_OPS[name]
    check(lambda xp: _op(name)(make(xp, (4, 5), dtype, k1, seed=1),
                               make(xp, (4, 5), dtype, k2, seed=2)))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_divmod_builtin(dtype):
    check(lambda xp: divmod(make(xp, (4, 5), dtype, seed=1),
                            make(xp, (4, 5), dtype, "nonzero", seed=2)))


@pytest.mark.parametrize("scalar", SCALARS, ids=repr)
@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", sorted(BINARY_OPS))
def test_scalar_right(name, dtype, scalar):
    k1, _ = BINARY_OPS[name]
    if name == "pow" and isinstance(scalar, int):
        scalar = 3 if scalar is not True else True  # (** 2 takes NumPy's square fast path)
    check(lambda xp: _op(name)(make(xp, (3, 4), dtype, k1), scalar))


@pytest.mark.parametrize("scalar", SCALARS, ids=repr)
@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", sorted(BINARY_OPS))
def test_scalar_left(name, dtype, scalar):
    """Reflected operators: Python scalar on the left (__radd__, __rsub__, ...)."""
    _, k2 = BINARY_OPS[name]
    check(lambda xp: _op(name)(scalar, make(xp, (3, 4), dtype, k2)))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", ["neg", "pos", "abs", "invert", "not_"])
def test_unary_operator(name, dtype):
    f = abs if name == "abs" else _op(name)
    if name == "not_":
        # truth value of an array with more than one element is ambiguous: ValueError
        check(lambda xp: operator.not_(make(xp, (3,), dtype)))
        check(lambda xp: operator.not_(make(xp, (1,), dtype)))
        return
    check(lambda xp: f(make(xp, (3, 4), dtype)))


INPLACE = ["iadd", "isub", "imul", "itruediv", "ifloordiv", "imod", "ipow", "iand", "ior",
           "ixor", "ilshift", "irshift"]


@pytest.mark.parametrize("dt2", ["same", "float64", "int64", "bool", "complex128", "uint8"])
@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", INPLACE)
def test_inplace_array(name, dtype, dt2):
    k1, k2 = BINARY_OPS[name[1:]] if name[1:] in BINARY_OPS else BINARY_OPS[name[1:] + "_"]

    def fn(xp):
        a = make(xp, (3, 4), dtype, k1, seed=1)
        a0 = a
        b = make(xp, (4,), dtype if dt2 == "same" else dt2, k2, seed=2)
        a = _op(name)(a, b)
        return a, a is a0
    check(fn)


@pytest.mark.parametrize("scalar", [2, 2.5, True, 1j, 1000, -1], ids=repr)
@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", ["iadd", "isub", "imul", "itruediv", "ifloordiv"])
def test_inplace_scalar(name, dtype, scalar):
    def fn(xp):
        a = make(xp, (3, 4), dtype, seed=1)
        a0 = a
        a = _op(name)(a, scalar)
        return a, a is a0
    check(fn)


def test_inplace_on_views_changes_base():
    def fn(xp):
        a = make(xp, (6, 4), "float64")
        v = a[::2]
        v *= 2
        w = a.T[1]
        w += 100
        a[:, 0] -= 1
        return a, v, w
    check(fn)


def test_inplace_broadcast_into_smaller_raises():
    check(lambda xp: operator.iadd(make(xp, (4,), "float64"), make(xp, (3, 4), "float64")))


@pytest.mark.parametrize("case", ["np_left", "np_right", "list_right", "list_left",
                                  "tuple", "np_scalar_left", "np_scalar_right", "np_0d"])
def test_interop(case):
    """Operands that are NumPy arrays, NumPy scalars, lists and tuples."""
    def fn(xp):
        a = make(xp, (3,), "float32")
        n = np.arange(3, dtype=np.float64)
        if case == "np_left":
            return n + a
        if case == "np_right":
            return a * n
        if case == "list_right":
            return a - [1, 2, 3]
        if case == "list_left":
            return [1.5, 2, 3] / a
        if case == "tuple":
            return a < (0, 1, 2)
        if case == "np_scalar_left":
            return np.float32(2.5) * a
        if case == "np_scalar_right":
            return a + np.int64(3)
        return a + np.asarray(2.0, dtype=np.float16)
    check(fn)


def test_comparison_chain_and_bool_ops():
    def fn(xp):
        a, b = make(xp, (4, 4), "int32", seed=1), make(xp, (4, 4), "int32", seed=2)
        return ((a < b) & (b <= 5)) | (a == 0), (a != b) ^ (a > -3)
    check(fn)


@pytest.mark.parametrize("case", ["sin", "add", "add_out", "sum", "mean_axis", "where",
                                  "transpose", "reshape", "maximum_reduce", "concatenate"])
def test_numpy_functions_on_metallic_arrays(case):
    """NumPy's own functions dispatch to metallic (__array_ufunc__ / __array_function__)."""
    def fn(xp):
        a = make(xp, (3, 4), "float32", seed=1)
        b = make(xp, (3, 4), "float32", seed=2)
        if case == "add_out":
            out = xp.zeros((3, 4), dtype="float32")
            r = np.add(a, b, out=out)
            return out, r is out
        return {"sin": lambda: np.sin(a), "add": lambda: np.add(a, 2.5),
                "sum": lambda: np.sum(a, axis=0), "mean_axis": lambda: np.mean(a, axis=1),
                "where": lambda: np.where(a > 0, a, b), "transpose": lambda: np.transpose(a),
                "reshape": lambda: np.reshape(a, (4, 3)),
                "maximum_reduce": lambda: np.maximum.reduce(a, axis=1),
                "concatenate": lambda: np.concatenate([a, b])}[case]()
    check(fn)


@pytest.mark.parametrize("other", ["a", b"x", None])
def test_comparing_with_strings_and_none(other):
    from harness import check
    check(lambda xp: (xp.asarray([1, 2]) == other, xp.asarray([1.5]) != other, other == xp.asarray([3])))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "complex64", "complex128", "int32", "bool"])
@pytest.mark.parametrize("exponent", [2, 2.0, 1, 1.0, -1, -1.0, 0.5, 3, 0.3])
def test_power_operator_shortcuts(dtype, exponent):
    """x ** 0.5 is sqrt(x), x ** -1 reciprocal(x), x ** 1 a copy, x ** 2 square(x) for float x
    (and the integer ones for complex x), to the bit, as NumPy's; other exponents power."""
    values = np.array([3.0, 2.0, 7.0, 0.25, 1e-3], dtype=dtype) if dtype != "bool" else np.array([True, False])
    if dtype == "int32" and exponent in (-1,):
        return  # integers to negative powers raise in both

    def f(xp):
        with np.errstate(all="ignore"):
            return xp.asarray(values) ** exponent
    exact = (dtype[0] == "f" and exponent in (2, 1, -1, 0.5)) or (dtype[0] == "c" and type(exponent) is int and
                                                               exponent in (2, 1, -1))
    check(f, rtol=0 if exact else None, atol=0 if exact else None)


FOREIGN_OPERANDS = {
    "times timedelta": lambda xp: xp.arange(4) * np.timedelta64(90, "m"),
    "plus datetime": lambda xp: xp.arange(3) + np.datetime64("2024-01-01"),
    "floats times timedelta": lambda xp: xp.asarray([1.5, 2.0]) * np.timedelta64(1, "h"),
    "less than timedelta": lambda xp: xp.arange(3) < np.timedelta64(1, "D"),
    "times timedelta array": lambda xp: xp.arange(3) * np.array([1, 2, 3], dtype="timedelta64[D]"),
    "equal to strings": lambda xp: xp.asarray([1.0, 2.0]) == np.array(["1", "2"]),
    "equal to an object": lambda xp: (xp.arange(3) == object(), xp.arange(3) != object()),
}


@pytest.mark.parametrize("name", list(FOREIGN_OPERANDS))
def test_operators_with_data_metallic_does_not_hold(name):
    """A metallic array on the left of datetimes, timedeltas, strings or objects gives the
    other operand its turn (NumPy's result), as with the operands swapped."""
    check(FOREIGN_OPERANDS[name], check_type=False)
