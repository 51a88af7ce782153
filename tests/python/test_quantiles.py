"""median, percentile and quantile, and their NaN-ignoring forms, against NumPy: values,
dtypes and shapes."""

import contextlib
import warnings

import numpy as np
import pytest

import metallic as mtl
from harness import check

rng = np.random.default_rng(5)
METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf", "hazen",
           "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher", "nearest", "midpoint"]


def close(got, want, dtype_too=True):
    g, w = np.asarray(got), np.asarray(want)
    assert g.shape == w.shape and (g.dtype == w.dtype or not dtype_too), (g.shape, g.dtype, w.shape, w.dtype)
    tol = {np.float16: 1e-3, np.float32: 1e-6}.get(w.dtype.type, 1e-12)
    np.testing.assert_allclose(g, w, rtol=tol, atol=tol, equal_nan=True)


def data(dtype):
    x = rng.integers(-50, 50, (5, 6, 7)).astype(dtype)
    if np.dtype(dtype).kind == "f":
        x[1, 2, 3] = np.nan  # one slice of each axis holds NaN
    return x


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16, np.int64, np.int8, np.uint16])
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("q", [0.0, 0.3, 0.5, 1.0, [0.25, 0.75], np.array([[0.1], [0.9]]), np.float32(0.4)])
def test_quantile(dtype, method, q, native):
    x = data(dtype)
    a = mtl.asarray(x)
    # NumPy gives float16 data and a float32 quantile float32 results, except where a slice
    # holds NaN (float16 there): we keep float32 throughout.
    quirk = dtype is np.float16 and isinstance(q, np.float32)
    for axis in (None, 0, 1, -1, (2,)):
        for keepdims in (False, True):
            close(mtl.quantile(a, q, axis=axis, method=method, keepdims=keepdims),
                  np.quantile(x, q, axis=axis, method=method, keepdims=keepdims), dtype_too=not quirk)
    qp = np.asarray(q) * 100 if not isinstance(q, float) else q * 100
    close(mtl.percentile(a, qp, axis=1, method=method), np.percentile(x, qp, axis=1, method=method))


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16, np.int64, np.int8, np.bool_])
def test_median(dtype, native):
    x = data(dtype) if dtype is not np.bool_ else data(np.int8) > 0
    a = mtl.asarray(x)
    for axis in (None, 0, 1, 2, -1):
        for keepdims in (False, True):
            close(mtl.median(a, axis=axis, keepdims=keepdims), np.median(x, axis=axis, keepdims=keepdims))
    even = x[:, :, :6]
    close(mtl.median(mtl.asarray(even), axis=2), np.median(even, axis=2))
    close(a.sum() * 0 + mtl.median(a), np.sum(x) * 0 + np.median(x))


def test_out_and_scalars(native):
    x = rng.standard_normal((4, 9))
    out = mtl.empty(4)
    r = mtl.median(mtl.asarray(x), axis=1, out=out)
    assert r is out
    close(out, np.median(x, axis=1))
    got = mtl.quantile(mtl.asarray(x), 0.5)
    assert np.ndim(got) == 0
    close(got, np.quantile(x, 0.5))


def test_quantile_errors_and_fallbacks():
    a = mtl.asarray(np.arange(10.0))
    with pytest.raises(ValueError, match="Quantiles"):
        mtl.quantile(a, 1.5)
    with pytest.raises(ValueError, match="Percentiles"):
        mtl.percentile(a, [-1, 50])
    with pytest.raises(np.exceptions.AxisError):
        mtl.median(a, axis=1)
    x = np.arange(10.0)
    close(mtl.quantile(a, 0.3, weights=mtl.ones(10), method="inverted_cdf"),
          np.quantile(x, 0.3, weights=np.ones(10), method="inverted_cdf"))  # in NumPy
    close(mtl.median(mtl.asarray(np.ones((3, 4))), axis=(0, 1)), np.median(np.ones((3, 4)), axis=(0, 1)))


def holey(dtype):
    """Random numbers with NaN holes, and one slice along each axis all NaN."""
    x = rng.standard_normal((4, 7, 5))
    x[rng.random(x.shape) < 0.3] = np.nan
    x[1, :, 2] = np.nan
    x[0, 0, 0] = 0.5  # NumPy's result dtype follows its first slice's: all NaN gives the data's
    return x.astype(dtype)


@contextlib.contextmanager
def quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def near(got, want, dtype):
    """As close(), with the data's precision: NumPy interpolates float32 data in float32 for
    some float64 results (per slice), here in float64."""
    g, w = np.asarray(got), np.asarray(want)
    assert g.shape == w.shape and g.dtype == w.dtype, (g.shape, g.dtype, w.shape, w.dtype)
    tol = {np.float16: 1e-3, np.float32: 1e-6}.get(np.dtype(dtype).type, 1e-12)
    np.testing.assert_allclose(g, w, rtol=tol, atol=tol, equal_nan=True)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("q", [0.0, 0.3, 1.0, [0.1, 0.5, 1.0], np.array([[0.2], [0.9]], dtype=np.float32)])
def test_nanquantile_nanpercentile_nanmedian(dtype, method, q, native):
    x = holey(dtype)
    a = mtl.asarray(x)
    for axis in (None, 0, 1, -1):
        for keepdims in (False, True):
            if axis == 1:  # a slice of NaN only: NumPy's warning
                with pytest.warns(RuntimeWarning, match="All-NaN"):
                    got = mtl.nanquantile(a, q, axis=axis, keepdims=keepdims, method=method)
            else:
                got = mtl.nanquantile(a, q, axis=axis, keepdims=keepdims, method=method)
            with quiet():
                near(got, np.nanquantile(x, q, axis=axis, keepdims=keepdims, method=method), dtype)
                near(mtl.nanpercentile(a, np.asarray(q) * 100, axis=axis, method=method),
                     np.nanpercentile(x, np.asarray(q) * 100, axis=axis, method=method), dtype)
                near(mtl.nanmedian(a, axis=axis, keepdims=keepdims), np.nanmedian(x, axis=axis, keepdims=keepdims),
                     dtype)


def test_nan_forms_of_integers_and_out(native):
    x = rng.integers(0, 100, (6, 5))
    close(mtl.nanmedian(mtl.asarray(x), axis=0), np.nanmedian(x, axis=0))
    close(mtl.nanpercentile(mtl.asarray(x), 30, axis=1), np.nanpercentile(x, 30, axis=1))
    h = holey(np.float64)[0]
    out = mtl.empty(5)
    assert mtl.nanquantile(mtl.asarray(h), 0.4, axis=0, out=out) is out
    close(out, np.nanquantile(h, 0.4, axis=0))
    with pytest.raises(ValueError):
        mtl.nanquantile(mtl.asarray(h), 1.5)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
@pytest.mark.parametrize("axis,wshape", [(1, (3, 8)), (1, (8,)), (0, (3,)), (None, (3, 8))])
@pytest.mark.parametrize("q", [0.0, 0.3, 1.0, [0.1, 0.5, 0.99]])
def test_weighted_quantiles(dtype, axis, wshape, q, native):
    """method='inverted_cdf' with weights (NumPy's only weighted method), NaN slices and
    leading zero weights included."""
    x = (rng.standard_normal((3, 8)) * 10).astype(dtype)
    if dtype != np.int64:
        x[1, 3] = np.nan
    w = rng.random(wshape)
    w[..., 0] = 0.0
    with quiet():
        close(mtl.quantile(mtl.asarray(x), q, axis=axis, weights=mtl.asarray(w), method="inverted_cdf"),
              np.quantile(x, q, axis=axis, weights=w, method="inverted_cdf"))
        close(mtl.percentile(mtl.asarray(x), np.asarray(q) * 100, axis=axis, weights=mtl.asarray(w),
                             method="inverted_cdf", keepdims=True),
              np.percentile(x, np.asarray(q) * 100, axis=axis, weights=w, method="inverted_cdf", keepdims=True))


def test_weighted_quantile_errors():
    a = mtl.arange(10.0)
    for lib, arr in ((np, np.arange(10.0)), (mtl, a)):
        with pytest.raises(ValueError):
            lib.quantile(arr, 0.3, weights=-np.ones(10), method="inverted_cdf")
        with pytest.raises(ValueError):
            lib.quantile(arr, 0.3, weights=np.ones(10))
        with pytest.raises(TypeError):
            lib.quantile(arr, 0.3, weights=np.ones(3), method="inverted_cdf")
        with pytest.raises(ValueError), quiet():
            lib.quantile(arr, 0.3, weights=np.zeros(10), method="inverted_cdf")


@pytest.mark.parametrize("method", ["linear", "lower", "midpoint", "hazen"])
def test_long_slices_partitioned(method, native):
    """Slices long enough for the CPU's selection (not its sort), with ties, NaN (a
    different count in each row, one row all NaN), the ranks at both ends."""
    x = np.round(rng.standard_normal((3, 40000)) * 100)
    x[0, ::7] = np.nan
    x[1, :3] = np.nan
    x[2] = np.nan
    flat = x[:2].ravel()
    for q in (0.0, 0.5, 1.0, [0.01, 0.25, 0.9]):
        close(mtl.quantile(mtl.asarray(flat), q, method=method), np.quantile(flat, q, method=method))
        close(mtl.nanquantile(mtl.asarray(flat), q, method=method), np.nanquantile(flat, q, method=method))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            close(mtl.nanquantile(mtl.asarray(x), q, axis=1, method=method),
                  np.nanquantile(x, q, axis=1, method=method))
            close(mtl.quantile(mtl.asarray(x[:2]), q, axis=1, method=method),
                  np.quantile(x[:2], q, axis=1, method=method))
    close(mtl.median(mtl.asarray(flat[1:])), np.median(flat[1:]))
    close(mtl.nanmedian(mtl.asarray(flat)), np.nanmedian(flat))
    close(mtl.nanmedian(mtl.asarray(flat[1:])), np.nanmedian(flat[1:]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        close(mtl.nanmedian(mtl.asarray(x), axis=1), np.nanmedian(x, axis=1))


def _float_data(dtype, nan):
    x = (np.random.default_rng(11).standard_normal((5, 7)) * 10).astype(dtype)
    if nan:
        x[1, 2] = x[3, 0] = x[3, 4] = np.nan
    return x


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("q", [np.float64(0.25), [0.25], np.float64([0.25, 0.5, 0.9]), np.float32([0.3, 0.7]),
                               np.float16([0.3]), 0.33, 0.25, (0.1,), np.array([[0.1, 0.2], [0.6, 0.7]])])
@pytest.mark.parametrize("method", ["linear", "hazen", "midpoint", "weibull", "median_unbiased"])
@pytest.mark.parametrize("axis", [None, 0, 1])
def test_quantile_in_the_dtype_numpy_interpolates_in(dtype, q, method, axis, native):
    """NumPy subtracts the two neighbours in the data's dtype, then weighs the difference in
    the dtype it shares with the quantiles (float64 for float32 data and a float64 q) and a
    Python float quantile in the data's; a weak quantile's 1 - weight is a Python float."""
    pct = np.float64(q * 100) if isinstance(q, np.float64) else q * 100 if isinstance(q, float) else np.asarray(q) * 100
    x, xn = _float_data(dtype, False), _float_data(dtype, True)
    check(lambda xp: xp.quantile(xp.asarray(x), q, axis=axis, method=method))
    check(lambda xp: xp.percentile(xp.asarray(x), pct, axis=axis, method=method))
    check(lambda xp: xp.nanquantile(xp.asarray(xn), q, axis=axis, method=method))
    check(lambda xp: xp.nanpercentile(xp.asarray(xn), pct, axis=axis, method=method))


def test_quantile_of_float32_data_and_a_float64_q(native):
    x = np.float32([0.1, 0.7, 0.3])
    for fn in ("quantile", "nanquantile"):
        for q in (np.float64(0.25), [0.25], np.float64([0.25, 0.75]), np.float32(0.25), 0.25):
            check(lambda xp: getattr(xp, fn)(xp.asarray(x), q))
    check(lambda xp: xp.percentile(xp.asarray(x), np.float64(25)))
    check(lambda xp: xp.nanpercentile(xp.asarray(x), [25.0, 50.0]))


@pytest.mark.parametrize("x", [[np.inf, np.inf, 1.0], [-np.inf, np.inf], [True, False, True],
                               [[np.nan, np.inf, 1.0], [2.0, np.nan, np.nan]]])
@pytest.mark.parametrize("q", [1, [0, 1], np.int64([1]), True])
def test_quantile_at_integer_q_takes_the_element(x, q, native):
    """An integer q (method 'linear') gives whole virtual indices: NumPy takes those elements,
    no interpolation (so inf stays inf, and booleans work)."""
    for fn in ("quantile", "nanquantile"):
        for axis in (None, -1):
            check(lambda xp: getattr(xp, fn)(xp.asarray(np.array(x)), q, axis=axis))
