"""unique and the set functions against NumPy, computed natively (no fallback)."""

import numpy as np
import pytest

import metallic as mtl
from harness import check

rng = np.random.default_rng(11)


def same(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        assert type(got).__name__ == type(want).__name__
        for g, w in zip(got, want):
            same(g, w)
        return
    g, w = np.asarray(got), np.asarray(want)
    assert g.shape == w.shape and g.dtype == w.dtype, (g.shape, g.dtype, w.shape, w.dtype)
    np.testing.assert_array_equal(g, w)


def sample(dtype, shape):
    x = rng.integers(-4, 5, shape)
    if np.dtype(dtype).kind == "b":
        return x > 0
    if np.dtype(dtype).kind == "u":
        return np.abs(x).astype(dtype)
    x = x.astype(dtype)
    if np.dtype(dtype).kind == "f" and x.size > 6:
        x.flat[::5] = np.nan
        x.flat[1] = -0.0
    return x


CASES = [(d, s) for d in (np.float64, np.float32, np.int64, np.uint8, np.int16, np.bool_)
         for s in ((0,), (1,), (40,), (6, 7), (5000,))]


@pytest.mark.parametrize("dtype,shape", CASES)
@pytest.mark.parametrize("equal_nan", [True, False])
def test_unique(dtype, shape, equal_nan, native):
    x = sample(dtype, shape)
    a = mtl.asarray(x)
    same(mtl.unique(a, equal_nan=equal_nan), np.unique(x, equal_nan=equal_nan))
    same(mtl.unique(a, True, True, True, equal_nan=equal_nan), np.unique(x, True, True, True, equal_nan=equal_nan))
    same(mtl.unique(a, return_inverse=True), np.unique(x, return_inverse=True))
    same(mtl.unique(a, return_counts=True), np.unique(x, return_counts=True))


@pytest.mark.parametrize("dtype,shape", CASES[:10])
def test_array_api_unique(dtype, shape, native):
    x = sample(dtype, shape)
    a = mtl.asarray(x)
    same(mtl.unique_values(a), np.unique_values(x))
    same(mtl.unique_counts(a), np.unique_counts(x))
    # NumPy finds these with an unstable sort: which of several NaNs comes first is its own
    # choice, so the inverse is checked by what it must do.
    values, inverse = mtl.unique_inverse(a)
    same(values, np.unique_inverse(x).values)
    np.testing.assert_array_equal(np.asarray(values)[np.asarray(inverse)], x)
    same(mtl.unique_all(a), np.unique_all(x))


@pytest.mark.parametrize("dtype", [np.int64, np.float64, np.bool_, np.uint8])
@pytest.mark.parametrize("shape,axis", [((30, 3), 0), ((30, 3), 1), ((4, 20, 2), 1), ((5, 6, 2), -1), ((1, 4), 0)])
def test_unique_along_an_axis(dtype, shape, axis, native):
    x = rng.integers(0, 2, shape).astype(dtype)
    same(mtl.unique(mtl.asarray(x), True, True, True, axis=axis), np.unique(x, True, True, True, axis=axis))
    same(mtl.unique(mtl.asarray(x), axis=axis), np.unique(x, axis=axis))


def test_unique_along_an_axis_falls_back_for_nan_and_wide_slices():
    x = np.array([[1.0, np.nan], [1.0, np.nan], [0.0, 5.0]])
    same(mtl.unique(mtl.asarray(x), axis=0), np.unique(x, axis=0))
    w = rng.integers(0, 2, (5, 100))
    same(mtl.unique(mtl.asarray(w), axis=0), np.unique(w, axis=0))


@pytest.mark.parametrize("invert", [False, True])
def test_isin(invert, native):
    x = sample(np.float64, (6, 7))
    for test in ([0.0, 3, np.nan], np.array([], np.float32), sample(np.int16, (30,)), np.array([2.5, -4])):
        same(mtl.isin(mtl.asarray(x), test, invert=invert), np.isin(x, test, invert=invert))
    same(mtl.isin(mtl.asarray(3), [1, 3], invert=invert), np.isin(3, [1, 3], invert=invert))
    ints = sample(np.int64, (100,))
    same(mtl.isin(mtl.asarray(ints), mtl.asarray(ints[::3]), invert=invert), np.isin(ints, ints[::3], invert=invert))


@pytest.mark.parametrize("kind", [None, "table", "sort"])
def test_isin_of_integers_by_table(kind, native):
    """Integers look up a table of the test elements' range (NumPy's kind='table'): dtypes
    of different widths (elements outside the narrower one's range), the extremes of
    int8, a range too wide for the table by default, and unsigned 64-bit."""
    cases = [(np.array([[-128, 127, 0], [5, -5, 100]], np.int8), np.array([-128, 127, 5, 1000, -3000])),
             (rng.integers(-50, 50, 400).astype(np.int32), rng.integers(-20, 20, 15).astype(np.int16)),
             (rng.integers(0, 10**7, 200), np.array([0, 10**7 - 1, 7])),  # a wide range
             (np.array([2**63 + 5, 3], np.uint64), np.array([3, 2**63 + 5], np.uint64)),
             (rng.integers(0, 300, 100).astype(np.uint16), np.array([255, 3], np.uint8))]
    for e, t in cases:
        if kind == "table" and e.dtype == np.uint64:
            continue  # NumPy's table of 2^63 values: an error
        for invert in (False, True):
            same(mtl.isin(mtl.asarray(e), mtl.asarray(t), invert=invert, kind=kind),
                 np.isin(e, t, invert=invert, kind=kind))


def test_set_operations(native):
    for a, b in ((sample(np.int64, (50,)), sample(np.int64, (30,))), (sample(np.float64, (40,)), [0.0, 1.5, np.nan]),
                 (np.array([], np.int32), [1, 2]), (sample(np.uint8, (3, 4)), sample(np.uint8, (9,)))):
        ma = mtl.asarray(a)
        same(mtl.intersect1d(ma, b), np.intersect1d(a, b))
        same(mtl.intersect1d(ma, b, return_indices=True), np.intersect1d(a, b, return_indices=True))
        same(mtl.union1d(ma, b), np.union1d(a, b))
        same(mtl.setdiff1d(ma, b), np.setdiff1d(a, b))
        same(mtl.setxor1d(ma, b), np.setxor1d(a, b))
    u, v = np.array([1, 4, 7]), np.array([4, 5])
    same(mtl.intersect1d(mtl.asarray(u), v, assume_unique=True), np.intersect1d(u, v, assume_unique=True))
    same(mtl.intersect1d(mtl.asarray(u), v[::-1], assume_unique=True, return_indices=True),
         np.intersect1d(u, v[::-1], assume_unique=True, return_indices=True))
    same(mtl.setdiff1d(mtl.asarray(u), v, assume_unique=True), np.setdiff1d(u, v, assume_unique=True))
    same(mtl.setxor1d(mtl.asarray(u), v, assume_unique=True), np.setxor1d(u, v, assume_unique=True))


def test_set_errors():
    with pytest.raises(ValueError, match="kind"):
        mtl.isin(mtl.arange(3), [1], kind="hash")


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0,), (0, 2, 3), (2, 0, 3)])
@pytest.mark.parametrize("dtype", ["float64", "int8", "bool"])
def test_unique_along_an_axis_of_empty(shape, dtype):
    for axis in range(-len(shape), len(shape)):
        check(lambda xp: xp.unique(xp.zeros(shape, dtype), axis=axis))
        check(lambda xp: xp.unique(xp.zeros(shape, dtype), axis=axis, return_index=True, return_inverse=True,
                                   return_counts=True))


U8 = np.uint8([1, 5, 3])


@pytest.mark.parametrize("fn", ["union1d", "intersect1d", "setdiff1d", "setxor1d"])
@pytest.mark.parametrize("a,b", [(U8, 1), (1, U8), (U8, 300), (U8, -1), (U8, [1, 2]), (U8, np.int64(1)), (U8, True),
                                 (np.float32([1.5, 2]), 1.5), (np.float16([1, 2]), 2.0), (np.int8([1, 2]), 1.0),
                                 (np.int8([1, 2]), [200]), (2, 3), ([[1, 2], [3, 4]], U8)])
def test_set_functions_take_python_scalars_as_weak(fn, a, b, native):
    """NumPy's union1d concatenates first: a Python scalar is weak there (NEP 50), uint8 and 1
    give uint8; the others take unique of each operand, an array of its own dtype."""
    def run(xp):
        x, y = (xp.asarray(v) if isinstance(v, np.ndarray) else v for v in (a, b))
        return getattr(xp, fn)(x, y)
    check(run)


@pytest.mark.parametrize("kind", [None, "sort", "table"])
@pytest.mark.parametrize("invert", [False, True])
def test_isin_of_a_0d_element_is_a_0d_array(kind, invert, native):
    check(lambda xp: xp.isin(xp.asarray(np.int16(7)), xp.asarray([3, 7]), kind=kind, invert=invert))
    check(lambda xp: xp.isin(2, xp.asarray(np.uint8([1, 2])), kind=kind, invert=invert))
    check(lambda xp: xp.isin(xp.asarray(np.int16([[1, 7], [3, 9]])), xp.asarray([3, 9, 11]), kind=kind, invert=invert))
    if kind != "table":
        check(lambda xp: xp.isin(xp.asarray(np.float32(np.nan)), [3.0, np.nan], kind=kind, invert=invert))
        check(lambda xp: xp.isin(xp.asarray(np.float32([[1, 7], [3, np.nan]])), [3.0, 9.0], kind=kind, invert=invert))
