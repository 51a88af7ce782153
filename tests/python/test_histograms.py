"""bincount, digitize and histogram (with weights) against NumPy."""

import numpy as np
import pytest

import metallic as mtl
from harness import check

rng = np.random.default_rng(3)


def same(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            same(g, w)
        return
    g, w = np.asarray(got), np.asarray(want)
    assert g.shape == w.shape and g.dtype == w.dtype, (g.shape, g.dtype, w.shape, w.dtype)
    np.testing.assert_allclose(g, w, rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.int64, np.int8, np.uint8, np.uint32, np.bool_])
@pytest.mark.parametrize("n", [0, 1, 50, 5000])
def test_bincount(dtype, n, native):
    x = (rng.integers(0, 40, n) % (2 if dtype is np.bool_ else 100)).astype(dtype)
    same(mtl.bincount(mtl.asarray(x)), np.bincount(x))
    same(mtl.bincount(mtl.asarray(x), minlength=60), np.bincount(x, minlength=60))


def test_bincount_errors_and_weights():
    with pytest.raises(ValueError, match="negative"):
        mtl.bincount(mtl.asarray([1, -1]))
    with pytest.raises(TypeError):
        mtl.bincount(mtl.asarray([1.0, 2.0]))
    with pytest.raises(ValueError, match="negative"):  # NumPy 2.4: uint64 wraps into int64
        mtl.bincount(mtl.asarray(np.array([1, 2**63], np.uint64)))
    with pytest.raises(ValueError):
        mtl.bincount(mtl.zeros((2, 2), dtype=np.int64))
    with pytest.raises(ValueError, match="minlength"):
        mtl.bincount(mtl.arange(3), minlength=-1)
    x, w = np.array([0, 1, 1, 3]), np.array([0.5, 1.0, 2.0, 4.0])
    same(mtl.bincount(mtl.asarray(x), weights=mtl.asarray(w)), np.bincount(x, weights=w))
    with pytest.raises(ValueError):
        mtl.bincount(mtl.asarray(x), weights=mtl.ones(3))


@pytest.mark.parametrize("wdtype", [np.float64, np.float32, np.int32, np.complex128, np.bool_])
@pytest.mark.parametrize("density", [False, True])
def test_weights(wdtype, density, native):
    """Weighted counts: bincount (float64 always), histogram (the weights' dtype), and
    histogramdd/2d (float64), with negative and integer weights."""
    x = rng.integers(0, 30, 2000)
    w = (rng.standard_normal(2000) * 10).astype(wdtype) if wdtype != np.complex128 else (
        rng.standard_normal(2000) + 1j * rng.standard_normal(2000))
    if wdtype != np.complex128:
        same(mtl.bincount(mtl.asarray(x), weights=mtl.asarray(w), minlength=40), np.bincount(x, weights=w, minlength=40))
    a = rng.standard_normal(2000)
    got, want = mtl.histogram(mtl.asarray(a), bins=15, weights=mtl.asarray(w), density=density), np.histogram(
        a, bins=15, weights=w, density=density)
    assert got[0].dtype == want[0].dtype
    np.testing.assert_allclose(np.asarray(got[0]), want[0], rtol=1e-5 if wdtype == np.float32 else 1e-10, atol=1e-9)
    if wdtype in (np.float64, np.int32):
        s = rng.standard_normal((2000, 3))
        g, _ = mtl.histogramdd(mtl.asarray(s), bins=4, weights=mtl.asarray(w), density=density)
        np.testing.assert_allclose(np.asarray(g), np.histogramdd(s, bins=4, weights=w, density=density)[0], atol=1e-10)
        g = mtl.histogram2d(mtl.asarray(s[:, 0]), mtl.asarray(s[:, 1]), bins=6, weights=mtl.asarray(w))[0]
        np.testing.assert_allclose(np.asarray(g), np.histogram2d(s[:, 0], s[:, 1], bins=6, weights=w)[0], atol=1e-10)
    with pytest.raises(ValueError):
        mtl.histogram(mtl.asarray(a), weights=mtl.ones(3))


@pytest.mark.parametrize("right", [False, True])
def test_digitize(right, native):
    x = np.concatenate([rng.standard_normal(200) * 3, [0.0, 1.0, np.inf, -np.inf, np.nan]])
    for bins in ([-2.0, 0.0, 1.0, 1.0, 4.0], [5, 1, 0, -3], np.linspace(-1, 1, 9), [0.5]):
        same(mtl.digitize(mtl.asarray(x), bins, right=right), np.digitize(x, bins, right=right))
    ints = rng.integers(-5, 5, 30)
    same(mtl.digitize(mtl.asarray(ints), [-2, 0, 3], right=right), np.digitize(ints, [-2, 0, 3], right=right))
    with pytest.raises(ValueError, match="monoton"):
        mtl.digitize(mtl.asarray(x), [1, 3, 2])


@pytest.mark.parametrize("bins", [10, 1, 7, [-1.0, 0.0, 0.5, 2.0], np.linspace(-3, 3, 13)])
@pytest.mark.parametrize("rng_", [None, (-1.0, 1.0), (0, 0)])
@pytest.mark.parametrize("density", [None, True])
def test_histogram(bins, rng_, density, native):
    if np.ndim(bins) and rng_ is not None:
        pytest.skip("NumPy ignores range with explicit edges")
    for x in (rng.standard_normal(3000), rng.integers(-4, 9, 500), rng.standard_normal((20, 30)).astype(np.float32),
              np.zeros(0)):
        same(mtl.histogram(mtl.asarray(x), bins=bins, range=rng_, density=density),
             np.histogram(x, bins=bins, range=rng_, density=density))


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_histogram_values_on_and_beside_the_edges(dtype, native):
    """Equal bins find a value's bin by arithmetic, then correct it against the edges: values
    on every edge and a step either side of it, and outside the range, land as NumPy's."""
    edges = np.histogram_bin_edges(np.array([-1.5, 2.25], dtype), bins=7)
    x = np.concatenate([edges, np.nextafter(edges, dtype(-np.inf)), np.nextafter(edges, dtype(np.inf)),
                        rng.uniform(-1.5, 2.25, 500).astype(dtype)]).astype(dtype)
    for rng_ in (None, (-1.0, 1.0)):
        same(mtl.histogram(mtl.asarray(x), bins=7, range=rng_), np.histogram(x, bins=7, range=rng_))


def test_histogram_errors_and_fallbacks():
    with pytest.raises(ValueError):
        mtl.histogram(mtl.asarray([1.0, np.nan]))
    with pytest.raises(ValueError):
        mtl.histogram(mtl.arange(3), bins=0)
    with pytest.raises(ValueError):
        mtl.histogram(mtl.arange(3), bins=[3, 1, 2])
    with pytest.raises(ValueError):
        mtl.histogram(mtl.arange(3), range=(3, 1))
    x = rng.standard_normal(100)
    same(mtl.histogram(mtl.asarray(x), bins="stone"), np.histogram(x, bins="stone"))  # in NumPy
    with pytest.raises(ValueError):
        mtl.histogram(mtl.asarray(x), bins="best")
    with pytest.raises(TypeError):
        mtl.histogram(mtl.asarray(x), bins="auto", weights=mtl.ones(100))


@pytest.mark.parametrize("rule", ["auto", "fd", "doane", "scott", "rice", "sturges", "sqrt"])
@pytest.mark.parametrize("kind", ["normal", "ints", "constant", "skewed"])
@pytest.mark.parametrize("rng_", [None, (0.1, 0.9)])
def test_estimated_bins(rule, kind, rng_, native):
    """NumPy's bin-count estimators, run on the metallic data."""
    x = {"normal": rng.standard_normal(1000), "ints": rng.integers(0, 50, 300), "constant": np.full(10, 3.0),
         "skewed": rng.random(2000) ** 3}[kind]
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's "may be suboptimal"
        same(mtl.histogram(mtl.asarray(x), bins=rule, range=rng_), np.histogram(x, bins=rule, range=rng_))
        same(mtl.histogram_bin_edges(mtl.asarray(x), bins=rule, range=rng_),
             np.histogram_bin_edges(x, bins=rule, range=rng_))


@pytest.mark.parametrize("left,right", [(None, None), (-5.0, 7.0)])
def test_interp(left, right, native):
    xp = np.sort(rng.random(20))
    fp = rng.standard_normal(20)
    x = np.concatenate([rng.random(50) * 1.4 - 0.2, xp[:3], [np.nan, xp[-1], np.inf, -np.inf]])
    same(mtl.interp(mtl.asarray(x), xp, fp, left=left, right=right), np.interp(x, xp, fp, left=left, right=right))
    same(mtl.interp(mtl.asarray(x.reshape(3, 19).astype(np.float32)), mtl.asarray(xp), fp, left=left, right=right),
         np.interp(x.reshape(3, 19).astype(np.float32), xp, fp, left=left, right=right))
    same(mtl.interp(mtl.asarray([0.5, 1.0, 2.0]), [1], [4], left=left, right=right),
         np.interp([0.5, 1.0, 2.0], [1], [4], left=left, right=right))
    xi, fi = np.array([0, 1, 2, 3.0]), np.array([0, np.inf, np.inf, 5.0])  # NumPy's special cases
    same(mtl.interp(mtl.asarray([0.5, 1.0, 1.5, 2.5]), xi, fi), np.interp([0.5, 1.0, 1.5, 2.5], xi, fi))


def test_interp_errors_and_fallbacks():
    with pytest.raises(ValueError, match="same length"):
        mtl.interp(mtl.asarray([1.0]), [1, 2], [1])
    with pytest.raises(ValueError, match="empty"):
        mtl.interp(mtl.asarray([1.0]), [], [])
    with pytest.raises(ValueError):
        mtl.interp(mtl.asarray([1.0]), [[1, 2]], [[1, 2]])
    x = np.array([0.5, 370.0])
    same(mtl.interp(mtl.asarray(x), [0, 90, 180], [1, 2, 3], period=360), np.interp(x, [0, 90, 180], [1, 2, 3],
                                                                                     period=360))


@pytest.mark.parametrize("bins", [10, [3, 4, 5], [np.linspace(-2, 2, 5), 4, [-1.0, 0.0, 1.0]]])
@pytest.mark.parametrize("rng_", [None, [(-1, 1), (-2, 2), (0, 3)]])
@pytest.mark.parametrize("density", [None, True])
def test_histogramdd(bins, rng_, density, native):
    s = rng.standard_normal((500, 3))
    s[:3] = [[1.0, 2.0, 3.0], [-1.0, -2.0, 0.0], [0.5, 0.0, 1.0]]  # points on edges
    h, e = mtl.histogramdd(mtl.asarray(s), bins=bins, range=rng_, density=density)
    H, E = np.histogramdd(s, bins=bins, range=rng_, density=density)
    same(h, H)
    for got, want in zip(e, E):
        same(got, want)


def test_histogram2d(native):
    x, y = rng.standard_normal(300), rng.standard_normal(300).astype(np.float32)
    for bins in (5, [3, np.linspace(-1, 1, 6)], np.linspace(-2, 2, 4)):
        got = mtl.histogram2d(mtl.asarray(x), mtl.asarray(y), bins=bins)
        want = np.histogram2d(x, y, bins=bins)
        for g, w in zip(got, want):
            same(g, w)
    same(mtl.histogram2d(mtl.asarray(x[:0]), mtl.asarray(y[:0]), bins=2)[0], np.histogram2d(x[:0], y[:0], bins=2)[0])


def test_histogramdd_errors():
    s = mtl.asarray(rng.standard_normal((10, 2)))
    with pytest.raises(ValueError, match="dimension of bins"):
        mtl.histogramdd(s, bins=[2, 3, 4])
    with pytest.raises(ValueError, match="positive"):
        mtl.histogramdd(s, bins=0)
    with pytest.raises(ValueError, match="monotonically"):
        mtl.histogramdd(s, bins=[[1, 0], 2])
    with pytest.raises(ValueError, match="not finite"):
        mtl.histogramdd(mtl.asarray([[np.nan, 1.0]]))
    with pytest.raises(ValueError, match="one entry per dimension"):
        mtl.histogramdd(s, range=[(0, 1)])


def test_bincount_of_uint64_and_of_nothing(native):
    """NumPy 2.4 counts uint64 (cast to int64: values past it read as negative), and an empty
    input gives int64 zeros of minlength, weights or not."""
    check(lambda xp: xp.bincount(xp.asarray(np.uint64([0, 1, 1]))))
    check(lambda xp: xp.bincount(xp.asarray(np.uint64([3, 1])), minlength=6))
    check(lambda xp: xp.bincount(xp.asarray(np.uint64([0, 2])), weights=xp.asarray([0.5, 2.0])))
    check(lambda xp: xp.bincount(xp.asarray(np.uint64([0, 2**63]))))
    for dtype in ("int64", "int8", "uint8", "uint64", "bool"):
        for w in (None, "float64", "int8"):
            for minlength in (0, 3):
                check(lambda xp: xp.bincount(xp.zeros(0, dtype), None if w is None else xp.zeros(0, w), minlength))
    check(lambda xp: xp.bincount([]))
    check(lambda xp: xp.bincount((), weights=[]))
    check(lambda xp: xp.bincount(xp.zeros(0)))  # float64: not castable, even empty


@pytest.mark.parametrize("rule", ["auto", "fd", "doane", "scott", "rice", "sturges", "sqrt", 3])
@pytest.mark.parametrize("data", [np.array([True, False, True, True]), np.zeros(3, bool), np.int64([2**62, -2**62, 0]),
                                  np.int64([2**63 - 1, 0, 5]), np.int16([-30000, 30000, 5, 7]),
                                  np.uint64([0, 2**64 - 1, 3]), np.int8([-100, 100, 3, 5]), np.uint8([0, 255, 3])])
@pytest.mark.parametrize("rng_", [None, (0, 10)])
def test_histogram_of_bool_and_wide_ints(rule, data, rng_, native):
    """NumPy bins booleans as uint8, and measures an integer range unsigned (no wrap)."""
    check(lambda xp: xp.histogram(xp.asarray(data), bins=rule, range=rng_))
    check(lambda xp: xp.histogram_bin_edges(xp.asarray(data), bins=rule, range=rng_))
    check(lambda xp: xp.histogram(xp.asarray(data.reshape(1, -1)), bins=rule, range=rng_, density=True))


NAN = np.nan


@pytest.mark.parametrize("bins", [[1.0, 2.0, NAN], [1.0, 2.0, NAN, NAN], [NAN, 2.0, 1.0], [NAN, NAN, 3.0, 1.0],
                                  [NAN, NAN], [1.0, 1.0, 1.0], [], [3.0], [3.0, 3.0, 2.0], [1.0, 2.0, 1.0],
                                  [NAN, 1.0, 2.0, 1.0]])
@pytest.mark.parametrize("right", [False, True])
def test_digitize_with_nan_edges(bins, right, native):
    """NumPy's monotonicity test steps over NaN (a comparison with NaN is no step), so NaN
    edges at the end of increasing bins or the start of decreasing ones are accepted."""
    for x in ([0.5, 1.5, 5.0, NAN, 2.0, 1.0, -np.inf, np.inf], np.int8([0, 3, 100]), np.float32([[1.0, NAN]])):
        check(lambda xp: xp.digitize(xp.asarray(x), xp.asarray(bins), right=right))
        check(lambda xp: xp.digitize(xp.asarray(x), bins, right=right))
