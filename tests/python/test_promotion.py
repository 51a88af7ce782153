"""Type promotion (NumPy 2 / NEP 50): array-array, array-scalar, weak Python scalars."""

import numpy as np
import pytest

from harness import ALL_DTYPES, INTS, check, check_raises, make

PY_SCALARS = [True, False, 0, 7, -7, 127, 255, 2.5, -0.5, 1e300, 2 + 3j]


@pytest.mark.parametrize("dt2", ALL_DTYPES)
@pytest.mark.parametrize("dt1", ALL_DTYPES)
def test_add_all_pairs(dt1, dt2):
    check(lambda xp: xp.add(make(xp, (5,), dt1, seed=1), make(xp, (5,), dt2, seed=2)))


@pytest.mark.parametrize("dt2", ALL_DTYPES)
@pytest.mark.parametrize("dt1", ALL_DTYPES)
@pytest.mark.parametrize("name", ["true_divide", "maximum", "less"])
def test_other_ufunc_pairs(name, dt1, dt2):
    check(lambda xp: getattr(xp, name)(make(xp, (5,), dt1, seed=1),
                                       make(xp, (5,), dt2, "nonzero", seed=2)))


@pytest.mark.parametrize("dt2", ALL_DTYPES)
@pytest.mark.parametrize("dt1", ALL_DTYPES)
def test_result_type_and_promote_types(dt1, dt2):
    def fn(xp):
        return (xp.result_type(xp.dtype(dt1), xp.dtype(dt2)),
                xp.promote_types(dt1, dt2),
                xp.result_type(make(xp, (2,), dt1), make(xp, (), dt2)))
    check(fn)


@pytest.mark.parametrize("scalar", PY_SCALARS, ids=repr)
@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_python_scalar_right(dtype, scalar):
    check(lambda xp: make(xp, (4,), dtype) + scalar)


@pytest.mark.parametrize("scalar", PY_SCALARS, ids=repr)
@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_python_scalar_left(dtype, scalar):
    check(lambda xp: scalar * make(xp, (4,), dtype))


@pytest.mark.parametrize("scalar", PY_SCALARS, ids=repr)
@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_python_scalar_in_function_call(dtype, scalar):
    check(lambda xp: xp.subtract(scalar, make(xp, (4,), dtype)))
    check(lambda xp: xp.maximum(make(xp, (4,), dtype), scalar))


@pytest.mark.parametrize("dtype", ["uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64"])
@pytest.mark.parametrize("value", [300, -1, 70000, 2**40, 2**64])
def test_out_of_range_python_int_raises_overflow(dtype, value):
    check(lambda xp: make(xp, (3,), dtype) + value)


def test_uint8_plus_300_overflow_error():
    check_raises(lambda xp: xp.asarray([1, 2, 3], dtype="uint8") + 300, OverflowError)


@pytest.mark.parametrize("name", ["less", "less_equal", "greater", "greater_equal", "equal",
                                  "not_equal"])
@pytest.mark.parametrize("value", [1000, -1000, 2**70, -(2**70)])
@pytest.mark.parametrize("dtype", ["int8", "uint8", "int64", "uint64"])
def test_comparison_with_out_of_range_int_works(dtype, value, name):
    check(lambda xp: getattr(xp, name)(make(xp, (5,), dtype), value))


def test_int8_less_than_1000():
    r = check(lambda xp: xp.asarray([1, -5, 100], dtype="int8") < 1000)
    assert r.dtype == np.bool_ and r.all()


@pytest.mark.parametrize("dtype", INTS)
def test_int_array_with_python_float_gives_float64(dtype):
    r = check(lambda xp: make(xp, (3,), dtype) * 0.5)
    assert r.dtype == np.float64


@pytest.mark.parametrize("dtype", ["float16", "float32", "complex64"])
def test_python_float_keeps_low_precision(dtype):
    r = check(lambda xp: make(xp, (3,), dtype) + 1e-3)
    assert r.dtype == np.dtype(dtype)


@pytest.mark.parametrize("case", range(10))
def test_strong_scalars_and_0d_arrays(case):
    """NumPy scalars and 0-d arrays are not weak: their dtype takes part in promotion."""
    def fn(xp):
        i8 = make(xp, (3,), "int8")
        f32 = make(xp, (3,), "float32")
        return [lambda: i8 + xp.asarray(5, dtype="int64"),
                lambda: i8 + xp.int64(5),
                lambda: f32 + xp.float64(2.0),
                lambda: f32 * xp.asarray(2.0),
                lambda: xp.float16(2.0) + i8,
                lambda: xp.asarray(3, dtype="uint8") + xp.asarray(4, dtype="int8"),
                lambda: xp.asarray(3, dtype="uint8") + 300,
                lambda: f32 + xp.complex64(1j),
                lambda: i8 + xp.uint64(1),
                lambda: xp.asarray(True) + xp.asarray(2, dtype="int16")][case]()
    check(fn)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_true_divide_result_dtype(dtype):
    check(lambda xp: make(xp, (4,), dtype) / make(xp, (4,), dtype, "nonzero"))
    check(lambda xp: make(xp, (4,), dtype) / 2)


@pytest.mark.parametrize("value", [1, 1.0, True, 1j, [1, 2.0], [True, 2], [1, 1j], 2**63,
                                   -(2**63), [], [[1], [2]]], ids=repr)
def test_array_from_python_values_default_dtypes(value):
    check(lambda xp: xp.asarray(value))


@pytest.mark.parametrize("value", [2 ** 63, 2 ** 64 - 1, 2 ** 64, 10 ** 30])
@pytest.mark.parametrize("case", ["add", "less", "clip", "power", "maximum", "full", "full uint64", "where"])
def test_python_ints_beyond_int64(value, case):
    """Python ints past int64's range are the values they are (uint64, or a float beyond
    it), never wrapped to negative ones."""
    from harness import check
    f = {"add": lambda xp: xp.asarray([1.5, -2.0]) + value,
         "less": lambda xp: xp.asarray([1.0, 2.0 ** 70]) < value,
         "clip": lambda xp: xp.clip(xp.asarray([1.0, 3e19]), 0, value),
         "power": lambda xp: xp.power(xp.asarray([2.0, 0.5]), value),
         "maximum": lambda xp: xp.maximum(xp.asarray([1.0]), value),
         "full": lambda xp: xp.full(3, value),
         "full uint64": lambda xp: xp.full(2, value, dtype="uint64"),
         "where": lambda xp: xp.where(xp.asarray([True, False]), value, 1.0)}[case]
    check(f, check_type=value < 2 ** 64)  # full of a larger int: NumPy's object array


def test_python_ints_beyond_float64_raise_overflow():
    from harness import check_raises
    check_raises(lambda xp: xp.asarray([1.0]) + 10 ** 400, OverflowError)


@pytest.mark.parametrize("fill", [np.uint64(3), np.int64(-3), np.uint8(7)])
@pytest.mark.parametrize("dtype", ["i8", "i2", "u4", "f4"])
def test_full_with_numpy_integer_fills(fill, dtype):
    from harness import check
    if fill < 0 and dtype[0] == "u":
        return
    check(lambda xp: xp.full(3, fill, dtype=dtype))


def test_astype_none_is_float64():
    from harness import check
    check(lambda xp: xp.asarray([1, 2]).astype(None))
    check(lambda xp: xp.asarray([1.5, 0.0]).astype(None))
