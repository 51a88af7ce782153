"""Sorting and searching against NumPy: sort, argsort, partition, argpartition, lexsort,
searchsorted. Our sorts are stable, so they are compared with NumPy's kind='stable' bit
for bit (the sign of zero and NaN payloads included); the lengths cross every switch
between the backends' algorithms (short rows in shared memory or by comparison, radix
passes, chunks over threads)."""

import numpy as np
import pytest

import metallic as mtl
from harness import check

rng = np.random.default_rng(7)
LENGTHS = [0, 1, 2, 7, 256, 257, 2048, 2049, 5000, 70000]
DTYPES = [np.float64, np.float32, np.float16, np.int64, np.int32, np.int16, np.int8, np.uint64, np.uint32,
          np.uint16, np.uint8, np.bool_]


def values(dtype, shape, spread=1000):
    """Random values with ties, and for floats NaN (two payloads, both signs), inf, -0."""
    n = int(np.prod(shape))
    if np.dtype(dtype).kind == "b":
        return rng.integers(0, 2, n).astype(bool).reshape(shape)
    if np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        x = rng.integers(max(info.min, -spread), min(info.max, spread), n, endpoint=True).astype(dtype)
        if n > 4:
            x[:2] = [info.min, info.max]
        return x.reshape(shape)
    x = np.round(rng.standard_normal(n) * 10).astype(dtype)  # rounded: many ties
    if n > 8:
        x[::11] = np.nan
        x[1::13] = -np.nan
        x[2], x[3], x[4], x[5] = -0.0, 0.0, np.inf, -np.inf
        bits = x.view(np.dtype(f"u{x.itemsize}"))
        bits[6] = bits[0] | 1 if np.isnan(x[0]) else bits[6]  # another NaN payload
    return x.reshape(shape)


def same_bits(got, want):
    got = np.asarray(got)
    assert got.shape == want.shape and got.dtype == want.dtype, (got.shape, got.dtype, want.shape, want.dtype)
    assert got.tobytes() == want.tobytes()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", LENGTHS)
def test_sort_and_argsort_1d(dtype, n, native):
    x = values(dtype, (n,))
    a = mtl.asarray(x)
    same_bits(mtl.sort(a), np.sort(x, kind="stable"))
    same_bits(mtl.argsort(a), np.argsort(x, kind="stable"))


@pytest.mark.parametrize("dtype", [np.float32, np.int64, np.float16, np.uint8])
@pytest.mark.parametrize("shape,axis", [((3, 5000), -1), ((300, 3000), 1), ((2, 3, 70000), 2), ((5000, 3), 0),
                                        ((4, 6, 5), 1), ((4, 6, 5), None), ((100, 100), 0), ((0, 4), 1),
                                        ((3, 0), 1), ((1000, 1), -1)])
def test_sort_along_axes(dtype, shape, axis, native):
    x = values(dtype, shape)
    a = mtl.asarray(x)
    same_bits(mtl.sort(a, axis=axis), np.sort(x, axis=axis, kind="stable"))
    same_bits(mtl.argsort(a, axis=axis), np.argsort(x, axis=axis, kind="stable"))


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.int32, np.uint16, np.int8, np.bool_])
@pytest.mark.parametrize("length", [1, 2, 3, 64, 100, 129, 256])
def test_many_short_rows(dtype, length, native):
    """Rows sorted several at a time (the CPU's sorting network, 8 rows a pass with
    positions, 16 for values alone): a row count that is not a multiple of either, widths on both sides of powers of 2, ties, NaN, -0."""
    x = values(dtype, (37, length))
    a = mtl.asarray(x)
    same_bits(mtl.sort(a, axis=1), np.sort(x, axis=1, kind="stable"))
    same_bits(mtl.argsort(a, axis=1), np.argsort(x, axis=1, kind="stable"))


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
@pytest.mark.parametrize("length", [5, 100, 256])
def test_short_rows_keep_zeros_and_nans_in_order(dtype, length, native):
    """Values alone sort as keys, which do not tell -0 from +0 or one NaN from another:
    every row's zeros (both signs) and NaNs (several payloads, both signs) must come back
    in their input order, as NumPy's stable sort leaves them."""
    x = np.round(rng.standard_normal((41, length)) * 3).astype(dtype)
    x[rng.random(x.shape) < 0.2] = -0.0
    bits = x.view(np.dtype(f"u{x.itemsize}"))
    nan = np.array(np.nan, dtype).view(bits.dtype)
    for payload in (0, 1, 2):
        at = rng.random(x.shape) < 0.05
        bits[at] = nan | payload
        bits[at & (rng.random(x.shape) < 0.5)] |= np.array(-0.0, dtype).view(bits.dtype)  # the sign bit
    same_bits(mtl.sort(mtl.asarray(x), axis=1), np.sort(x, axis=1, kind="stable"))


def test_sort_views_and_methods(native):
    x = values(np.float64, (6, 40))
    a = mtl.asarray(x)
    for idx in (np.s_[::-2], np.s_[:, ::3], np.s_[1:4, 5:30]):
        same_bits(mtl.sort(a[idx]), np.sort(x[idx], kind="stable"))
    same_bits(mtl.argsort(a.T), np.argsort(x.T, kind="stable"))
    v = a[:, ::2]  # in place through a view: the base sees it
    v.sort(axis=0)
    want = x.copy()
    want[:, ::2].sort(axis=0, kind="stable")
    same_bits(a, want)
    same_bits(a.argsort(axis=None), want.argsort(axis=None, kind="stable"))
    p = a.copy()
    p.partition(3, axis=1)
    np.testing.assert_array_equal(np.asarray(p)[:, 3], np.sort(want, axis=1)[:, 3])


@pytest.mark.parametrize("kind", ["quicksort", "mergesort", "heapsort", "stable", None])
def test_every_kind_sorts_stably(kind, native):
    x = values(np.int32, (3000,), spread=5)
    same_bits(mtl.argsort(mtl.asarray(x), kind=kind), np.argsort(x, kind="stable"))


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.uint16])
def test_long_sorts_over_many_tiles(dtype, native):
    """A million elements: hundreds of tiles of a radix pass, each placed after the ones
    before it; on the CPU, parts split by sampled keys on the threads (one key throughout:
    every element in one part)."""
    x = values(dtype, (1 << 20,), spread=1 << 40)
    a = mtl.asarray(x)
    same_bits(mtl.sort(a), np.sort(x, kind="stable"))
    same = np.full(1 << 18, x[7])
    same_bits(mtl.sort(mtl.asarray(same)), same)
    same_bits(mtl.argsort(a), np.argsort(x, kind="stable"))
    rows = x[: 3 * 70001].reshape(3, 70001)
    same_bits(mtl.argsort(mtl.asarray(rows), axis=1), np.argsort(rows, axis=1, kind="stable"))


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.float64])
@pytest.mark.parametrize("span", [3, 500, None])
def test_sorts_of_narrow_ranges_across_zero(dtype, span, native):
    """Keys that straddle the sign bit in a narrow range (digits counted from the smallest
    key), and the widest range, the type's extremes beside each other."""
    rng = np.random.default_rng(7)
    if span is None:
        info = np.iinfo(dtype) if np.dtype(dtype).kind == "i" else np.finfo(dtype)
        x = rng.choice(np.array([info.min, info.max, 0, -1, 1], dtype=dtype), 70_001)
    else:
        x = rng.integers(-span, span + 1, 70_001).astype(dtype)
    a = mtl.asarray(x)
    same_bits(mtl.sort(a), np.sort(x, kind="stable"))
    same_bits(mtl.argsort(a), np.argsort(x, kind="stable"))
    rows = x[:70_000].reshape(7, 10_000)  # the rows' digits after the keys'
    same_bits(mtl.argsort(mtl.asarray(rows), axis=1), np.argsort(rows, axis=1, kind="stable"))


@pytest.mark.parametrize("dtype", [np.int64, np.int16, np.uint32, np.uint8, np.bool_])
@pytest.mark.parametrize("span", [1, 7, 1000, 70_000])
def test_sorts_of_many_values_in_a_narrow_range(dtype, span, native):
    """Integers in a narrow range, values only: counted and written out (the CPU's counting
    sort, over several threads' chunks when there are several); the widest span takes the
    radix passes instead."""
    info = np.iinfo(dtype) if np.dtype(dtype).kind != "b" else None
    x = rng.integers(0, 2, 300_001).astype(bool) if info is None else \
        rng.integers(max(info.min, -span // 2), min(info.max, span - span // 2), 300_001, endpoint=True).astype(dtype)
    same_bits(mtl.sort(mtl.asarray(x)), np.sort(x, kind="stable"))
    rows = x[:300_000].reshape(3, 100_000)
    same_bits(mtl.sort(mtl.asarray(rows), axis=1), np.sort(rows, axis=1, kind="stable"))


def test_special_sorts():
    same_bits(mtl.sort(mtl.full(5000, 3.0)), np.full(5000, 3.0))  # nothing moves
    same_bits(mtl.argsort(mtl.zeros(5000, dtype=np.int8)), np.arange(5000))
    big = np.array([2**63 + 5, 3, 2**64 - 1, 2**63, 0] * 1000, dtype=np.uint64)
    same_bits(mtl.argsort(mtl.asarray(big)), np.argsort(big, kind="stable"))
    same_bits(mtl.argsort(mtl.asarray(3.5)), np.argsort(np.array(3.5)))
    same_bits(mtl.sort(mtl.asarray(3.5), axis=None), np.sort(np.array(3.5), axis=None))


COMPLEX = np.array([1 + 2j, 1 + 1j, np.nan + 1j, 1 + np.nan * 1j, np.nan + np.nan * 1j, -0.0 + 0j, 0.0 - 0j, 2 - 1j,
                    np.nan + 0j, complex(0, np.nan), 1 + 1j, -3 + 5j])


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@pytest.mark.parametrize("shape,axis", [((12,), -1), ((4, 12), -1), ((4, 12), 0), ((4, 12), None), ((3, 4, 5), 1)])
def test_complex_sorts(dtype, shape, axis, native):
    """NumPy's order: by real part, then imaginary; R + nanj, nan + Rj, nan + nanj last."""
    n = int(np.prod(shape))
    x = np.resize(np.concatenate([COMPLEX, rng.integers(-2, 3, n) + 1j * rng.integers(-2, 3, n)]), shape).astype(dtype)
    x = x.reshape(shape)
    same_bits(mtl.sort(mtl.asarray(x), axis=axis), np.sort(x, axis=axis, kind="stable"))
    same_bits(mtl.argsort(mtl.asarray(x), axis=axis), np.argsort(x, axis=axis, kind="stable"))
    if axis == -1:
        same_bits(mtl.sort_complex(mtl.asarray(x)), np.sort_complex(x))
        keys = (x, np.arange(n).reshape(shape) % 3)
        same_bits(mtl.lexsort(tuple(mtl.asarray(k) for k in keys)), np.lexsort(keys))


@pytest.mark.parametrize("dtype", [np.int8, np.uint16, np.float32, np.int64])
def test_sort_complex_of_reals(dtype, native):
    x = rng.integers(-9, 9, (3, 7)).astype(dtype)
    same_bits(mtl.sort_complex(mtl.asarray(x)), np.sort_complex(x))


def test_sort_errors():
    a = mtl.asarray(np.arange(5.0))
    with pytest.raises(np.exceptions.AxisError):
        mtl.sort(a, axis=1)
    with pytest.raises(np.exceptions.AxisError):
        mtl.sort(mtl.asarray(3.0))
    with pytest.raises(ValueError, match="sort kind"):
        mtl.sort(a, kind="bogus")
    with pytest.raises(ValueError):
        mtl.sort(a, kind="stable", stable=True)
    with pytest.raises(ValueError, match="kth"):
        mtl.partition(a, 5)
    with pytest.raises(ValueError, match="kth"):
        mtl.argpartition(a, -6)
    with pytest.raises(TypeError):
        mtl.partition(a, 1.5)


@pytest.mark.parametrize("kth", [0, 3, -1, [1, 4]])
def test_partition(kth, native):
    x = values(np.float64, (5, 9))
    for axis in (-1, 0):
        got = np.asarray(mtl.partition(mtl.asarray(x), kth, axis=axis))
        want = np.partition(x, kth, axis=axis)
        np.testing.assert_array_equal(np.take(got, kth, axis), np.take(want, kth, axis))
        ix = np.asarray(mtl.argpartition(mtl.asarray(x), kth, axis=axis))
        np.testing.assert_array_equal(np.take_along_axis(x, ix, axis), got)


def no_later(lhs, rhs):
    """Whether lhs comes no later than rhs in NumPy's sort order (NaN last), elementwise."""
    if lhs.dtype.kind != "f":
        return lhs <= rhs
    return np.isnan(rhs) | (~np.isnan(lhs) & (lhs <= rhs))


def check_partition(x, got, kth):
    """got (rows along the last axis) a partition of x's rows at every rank in kth: the
    same bits in each row, the sorted row's element at each rank, none before it later in
    the order and none after it earlier."""
    bits = np.dtype(f"u{x.itemsize}") if x.dtype != bool else np.uint8
    np.testing.assert_array_equal(np.sort(got.view(bits), axis=-1), np.sort(x.view(bits), axis=-1))
    want = np.sort(x, axis=-1)
    for k in np.atleast_1d(kth):
        at = got[..., k:k + 1] if k != -1 else got[..., -1:]
        np.testing.assert_array_equal(at[..., 0], want[..., k])
        k = k % x.shape[-1]
        assert no_later(got[..., :k], at).all() and no_later(at, got[..., k + 1:]).all()


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16, np.int64, np.int16, np.uint8, np.bool_])
@pytest.mark.parametrize("n,kth", [(1, 0), (100, [0, 99]), (20000, 10000), (20000, [5, 19999, 7000]),
                                   (300000, 150000), (300000, [0, 1, 299998, 299999]),
                                   (300000, list(range(1000, 300000, 30000)))])
def test_partition_long(dtype, n, kth, native):
    """Ranges long enough to be split around sampled pivots (in chunks on the threads, the
    longest), with ties, NaN of both signs and payloads, -0; the smallest and largest ranks."""
    x = values(dtype, (n,))
    check_partition(x, np.asarray(mtl.partition(mtl.asarray(x), kth)), kth)
    ix = np.asarray(mtl.argpartition(mtl.asarray(x), kth))
    np.testing.assert_array_equal(np.sort(ix), np.arange(n))
    check_partition(x, x[ix], kth)


@pytest.mark.parametrize("data", ["sorted", "reversed", "equal", "two values", "organ pipe"])
def test_partition_patterns(data, native):
    """Inputs where a strided sample of the keys misleads or holds one value."""
    n = 200000
    x = {"sorted": np.arange(n, dtype=np.float64), "reversed": np.arange(n, 0, -1).astype(np.int32),
         "equal": np.full(n, 3.0), "two values": (np.arange(n) % 97 == 0).astype(np.int64),
         "organ pipe": np.concatenate([np.arange(n // 2), np.arange(n // 2, 0, -1)]).astype(np.float32)}[data]
    for kth in (0, n // 2, n - 1, [n // 3, n // 2, 2 * n // 3]):
        check_partition(x, np.asarray(mtl.partition(mtl.asarray(x), kth)), kth)
        check_partition(x, x[np.asarray(mtl.argpartition(mtl.asarray(x), kth))], kth)


def test_partition_rows(native):
    x = values(np.float32, (300, 500))
    for axis in (1, 0):
        got = np.moveaxis(np.asarray(mtl.partition(mtl.asarray(x), [3, 250], axis=axis)), axis, -1)
        check_partition(np.moveaxis(x, axis, -1), got, [3, 250])
    ix = np.asarray(mtl.argpartition(mtl.asarray(x), -2, axis=None))
    check_partition(x.ravel(), x.ravel()[ix], -2)


def test_partition_kth_errors():
    a = mtl.asarray(np.arange(5.0))
    with pytest.raises(ValueError, match="Booleans"):
        mtl.partition(a, True)
    with pytest.raises(TypeError):
        mtl.partition(a, [])
    with pytest.raises(ValueError, match="kth"):
        mtl.partition(mtl.asarray(np.arange(5.0) + 1j), 7)
    got = mtl.partition(a, np.array([1, 2], dtype=np.uint8))
    check_partition(np.arange(5.0), np.asarray(got), [1, 2])


def test_lexsort(native):
    k = [values(np.int8, (200,), spread=2), values(np.float32, (200,)), values(np.int64, (200,), spread=3)]
    same_bits(mtl.lexsort([mtl.asarray(v) for v in k]), np.lexsort(k))
    two = np.stack([values(np.int16, (5, 30), spread=2) for _ in range(2)])
    same_bits(mtl.lexsort(mtl.asarray(two), axis=0), np.lexsort(two, axis=0))
    same_bits(mtl.lexsort(mtl.asarray(two)), np.lexsort(two))
    with pytest.raises(TypeError):
        mtl.lexsort([])


@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted(side, native):
    a = np.sort(values(np.float64, (3000,)))
    v = np.concatenate([values(np.float64, (50,)), [np.nan, -np.inf, np.inf, a[10], a[-1]]]).reshape(5, 11)
    ma = mtl.asarray(a)
    same_bits(mtl.searchsorted(ma, mtl.asarray(v), side=side), np.searchsorted(a, v, side=side))
    same_bits(ma.searchsorted(v[0], side=side), a.searchsorted(v[0], side=side))
    assert mtl.searchsorted(ma, 0.0, side=side) == np.searchsorted(a, 0.0, side=side)
    ints = values(np.int16, (500,))
    order = np.argsort(ints, kind="stable")
    same_bits(mtl.searchsorted(mtl.asarray(ints), mtl.asarray(v), side=side, sorter=mtl.asarray(order)),
              np.searchsorted(ints, v, side=side, sorter=order))
    same_bits(mtl.searchsorted(mtl.asarray(np.array([], np.float32)), [1, 2], side=side),
              np.searchsorted(np.array([], np.float32), [1, 2], side=side))


def test_searchsorted_errors():
    with pytest.raises(ValueError, match="side"):
        mtl.searchsorted(mtl.arange(3), 1, side="middle")
    with pytest.raises(ValueError):
        mtl.searchsorted(mtl.zeros((2, 2)), 1)


@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "uint64", "float16", "float32", "float64", "bool"])
def test_searchsorted_python_needle_is_not_weak(dtype, native):
    """NumPy makes an array of a Python needle (int64, float64) and searches in the dtype it
    shares with a: -1 goes before any uint8, 200 after any int8, 0.1 after float32's 0.1."""
    a = np.array([False, True]) if dtype == "bool" else np.array([0, 1, 2, 100], dtype)
    for v in (-1, 0, 1, 200, 300, 0.1, 1.5, -0.5, True, [-1, 200], [0.1, 2.5]):
        for side in ("left", "right"):
            check(lambda xp: xp.searchsorted(xp.asarray(a), v, side=side))
    for side in ("left", "right"):
        check(lambda xp: xp.searchsorted(xp.asarray(np.float32([0.1, 0.5])), 0.1, side=side))
        check(lambda xp: xp.searchsorted(xp.asarray(np.float32([0.1, 0.5])), np.float64(0.1), side=side))
        check(lambda xp: xp.searchsorted(xp.asarray(np.float32([0.1, 0.5])), np.float32(0.1), side=side))
    check(lambda xp: xp.searchsorted(xp.asarray(np.uint8([1, 2, 3])), -1))
    check(lambda xp: xp.searchsorted(xp.asarray(np.int8([1, 100])), 200))
    check(lambda xp: xp.asarray(np.uint8([1, 2, 3])).searchsorted(-1))


def test_searchsorted_0d_needle_gives_a_scalar(native):
    check(lambda xp: xp.searchsorted(xp.asarray([1, 2, 3]), xp.asarray(2)))
    check(lambda xp: xp.searchsorted(xp.asarray([1.0, 2, 3]), xp.asarray(np.float32(2.5)), side="right"))
    check(lambda xp: xp.searchsorted(xp.asarray(np.int8([1, 2, 3])), xp.asarray(np.int64(300))))
    check(lambda xp: xp.searchsorted(xp.asarray([3, 1, 2]), xp.asarray(2), sorter=xp.asarray([1, 2, 0])))
    check(lambda xp: xp.searchsorted(xp.asarray([3, 1, 2]), [0, 2, 5], sorter=[1, 2, 0]))
    check(lambda xp: xp.asarray([3, 1, 2]).searchsorted(2, side="right", sorter=xp.asarray([1, 2, 0])))


@pytest.mark.parametrize("sorter", [[0, 1], [0, 1, 2, 3], [], [[1, 2, 0]], [1.0, 2.0, 0.0], [True, False, True]])
def test_searchsorted_sorter_errors(sorter):
    check(lambda xp: xp.searchsorted(xp.asarray([3, 1, 2]), 2, sorter=xp.asarray(sorter)))
    check(lambda xp: xp.asarray([3, 1, 2]).searchsorted([1, 2], sorter=sorter))


@pytest.mark.parametrize("shape,axis", [((0,), -1), ((0,), None), ((0, 3), 0), ((0, 3), 1), ((3, 0), -1),
                                        ((0, 3), None), ((0, 3), 2)])
@pytest.mark.parametrize("kth", [0, 2, -1, [0, 5]])
@pytest.mark.parametrize("dtype", ["float64", "int8", "complex128"])
def test_partition_of_empty_checks_no_kth(shape, axis, kth, dtype, native):
    """NumPy partitions an empty array whatever kth (its type is still checked)."""
    check(lambda xp: xp.partition(xp.zeros(shape, dtype), kth, axis=axis))
    check(lambda xp: xp.argpartition(xp.zeros(shape, dtype), kth, axis=axis))


def test_partition_of_empty_kth_type_errors():
    for kth in (0.5, True):
        check(lambda xp: xp.partition(xp.zeros(0), kth))
        check(lambda xp: xp.argpartition(xp.zeros((0, 2)), kth))
