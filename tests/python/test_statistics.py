"""NaN-aware reductions, differences and simple statistics against NumPy, natively."""

import warnings

import numpy as np
import pytest

import metallic as mtl


def close(got, want, rtol=1e-12):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            close(g, w, rtol)
        return
    g, w = np.asarray(got), np.asarray(want)
    assert g.shape == w.shape, (g.shape, w.shape)
    assert g.dtype == w.dtype, (g.dtype, w.dtype)
    np.testing.assert_allclose(g, w, rtol=rtol, atol=1e-12, equal_nan=True)


rng = np.random.default_rng(3)
A = rng.standard_normal((4, 5, 6))
A[rng.random(A.shape) < 0.2] = np.nan
A[1, 2, :] = np.nan  # an all-NaN line


@pytest.mark.parametrize("axis", [None, 0, 2, (0, 2)])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_nan_reductions(axis, dtype, native):
    a = A.astype(dtype)
    m = mtl.asarray(a)
    tol = 1e-12 if dtype == "float64" else 2e-5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for name in ("nansum", "nanprod", "nanmean", "nanvar", "nanstd", "nanmin", "nanmax"):
            close(getattr(mtl, name)(m, axis=axis), getattr(np, name)(a, axis=axis), tol)
            close(getattr(mtl, name)(m, axis=axis, keepdims=True), getattr(np, name)(a, axis=axis, keepdims=True), tol)
        close(mtl.nanvar(m, axis=axis, ddof=1), np.nanvar(a, axis=axis, ddof=1), tol)
    if axis in (None, 0, 2):
        close(mtl.nancumsum(m, axis=axis), np.nancumsum(a, axis=axis), tol)
        close(mtl.nancumprod(mtl.asarray(a[0]), axis=axis if axis != 2 else 1),
              np.nancumprod(a[0], axis=axis if axis != 2 else 1), tol)


@pytest.mark.parametrize("name", ["nanargmax", "nanargmin", "nanmax", "nanmin"])
def test_nan_extremes_with_and_without_nan(name):
    """No NaN anywhere: the plain reduction's answer stands; NaN in some lines only: those
    lines answer their best number. Every axis, keepdims, out."""
    x = np.random.default_rng(4).random((6, 5, 7))
    y = x.copy()
    y[1, ::2, 2] = np.nan
    y[4, 3, 1:] = np.nan
    for a in (x, y):
        for axis in (None, 0, 1, 2):
            for keepdims in (False, True):
                want = getattr(np, name)(a, axis=axis, keepdims=keepdims)
                np.testing.assert_array_equal(np.asarray(getattr(mtl, name)(mtl.asarray(a), axis=axis, keepdims=keepdims)),
                                              want)
    out = mtl.zeros((6, 5), dtype=np.int64 if "arg" in name else np.float64)
    assert getattr(mtl, name)(mtl.asarray(x), axis=2, out=out) is out
    np.testing.assert_array_equal(np.asarray(out), getattr(np, name)(x, axis=2))


def test_nan_functions_warn_and_raise_as_numpy():
    m = mtl.asarray(A)
    with pytest.warns(RuntimeWarning):
        mtl.nanmax(m, axis=2)
    with pytest.warns(RuntimeWarning):
        mtl.nanmean(m, axis=2)
    with pytest.raises(ValueError):
        mtl.nanargmax(m, axis=2)
    ok = np.where(np.isnan(A[0]), np.nan, A[0])
    for axis in (None, 0, 1):
        assert np.array_equal(np.asarray(mtl.nanargmin(mtl.asarray(ok), axis=axis)), np.nanargmin(ok, axis=axis))
        assert np.array_equal(np.asarray(mtl.nanargmax(mtl.asarray(ok), axis=axis)), np.nanargmax(ok, axis=axis))
    ints = np.arange(12).reshape(3, 4)
    close(mtl.nansum(mtl.asarray(ints), axis=1), np.nansum(ints, axis=1))
    close(mtl.nanmean(mtl.asarray(ints)), np.nanmean(ints))


def test_differences(native):
    x = rng.standard_normal((5, 7))
    m = mtl.asarray(x)
    for n, axis in [(1, -1), (2, 0), (3, 1), (0, 0)]:
        close(mtl.diff(m, n=n, axis=axis), np.diff(x, n=n, axis=axis))
    close(mtl.diff(m, prepend=0.0, append=mtl.asarray(x[:, :2]), axis=1), np.diff(x, prepend=0.0, append=x[:, :2], axis=1))
    b = x > 0
    close(mtl.diff(mtl.asarray(b), axis=0), np.diff(b, axis=0))
    close(mtl.ediff1d(m), np.ediff1d(x))
    close(mtl.ediff1d(m, to_begin=[-1.0, -2.0], to_end=9.0), np.ediff1d(x, to_begin=[-1.0, -2.0], to_end=9.0))
    for edge in (1, 2):
        close(mtl.gradient(m, edge_order=edge), np.gradient(x, edge_order=edge))
        close(mtl.gradient(m, 0.5, 2.0, edge_order=edge), np.gradient(x, 0.5, 2.0, edge_order=edge))
        close(mtl.gradient(m, axis=1, edge_order=edge), np.gradient(x, axis=1, edge_order=edge))
    close(mtl.gradient(mtl.asarray(np.arange(6) ** 2)), np.gradient(np.arange(6) ** 2))
    with pytest.raises(ValueError):
        mtl.gradient(mtl.asarray([1.0, 2.0]), edge_order=2)
    with pytest.raises(ValueError):
        mtl.diff(mtl.asarray(1.0))


def test_average_cov_corrcoef_trapezoid(native):
    x = rng.standard_normal((3, 8))
    w = rng.random(8)
    m = mtl.asarray(x)
    close(mtl.average(m), np.average(x))
    close(mtl.average(m, axis=1, weights=mtl.asarray(w)), np.average(x, axis=1, weights=w))
    close(mtl.average(m, axis=0, weights=mtl.asarray(x ** 2)), np.average(x, axis=0, weights=x ** 2))
    avg, scl = mtl.average(m, axis=1, weights=mtl.asarray(w), returned=True)
    wavg, wscl = np.average(x, axis=1, weights=w, returned=True)
    close(avg, wavg)
    close(scl, wscl)
    with pytest.raises(ZeroDivisionError):
        mtl.average(m, axis=1, weights=mtl.zeros(8))
    for kw in ({}, {"rowvar": False}, {"bias": True}, {"ddof": 3}):
        close(mtl.cov(m, **kw), np.cov(x, **kw))
    close(mtl.cov(mtl.asarray(x[0]), mtl.asarray(x[1])), np.cov(x[0], x[1]))
    close(mtl.cov(mtl.asarray(x[0])), np.cov(x[0]))
    close(mtl.corrcoef(m), np.corrcoef(x))
    close(mtl.corrcoef(mtl.asarray(x[0]), mtl.asarray(x[2])), np.corrcoef(x[0], x[2]))
    c = x[:2] + 1j * x[1:]
    close(mtl.cov(mtl.asarray(c)), np.cov(c))
    close(mtl.trapezoid(m), np.trapezoid(x))
    close(mtl.trapezoid(m, dx=0.5, axis=0), np.trapezoid(x, dx=0.5, axis=0))
    xs = np.cumsum(rng.random(8))
    close(mtl.trapezoid(m, x=mtl.asarray(xs)), np.trapezoid(x, x=xs))


def test_cumulative_and_array_equiv(native):
    x = np.arange(1, 13).reshape(3, 4)
    m = mtl.asarray(x)
    for axis in (0, 1):
        for inc in (False, True):
            close(mtl.cumulative_sum(m, axis=axis, include_initial=inc), np.cumulative_sum(x, axis=axis, include_initial=inc))
            close(mtl.cumulative_prod(m, axis=axis, include_initial=inc),
                  np.cumulative_prod(x, axis=axis, include_initial=inc))
    close(mtl.cumulative_sum(mtl.asarray(x[0]), dtype=np.float32), np.cumulative_sum(x[0], dtype=np.float32))
    with pytest.raises(ValueError):
        mtl.cumulative_sum(m)
    assert mtl.array_equiv(m, mtl.asarray(x)) and mtl.array_equiv(mtl.asarray(x[:1]), mtl.asarray(x[:1]).repeat(2, 0))
    assert not mtl.array_equiv(m, mtl.asarray(x[:, :2])) and not mtl.array_equiv(m, m + 1)


COMPARED = [np.array([1.0, np.nan, np.inf, -np.inf, 0.0, 1e-9, 1.00001, 2.0]),
            np.array([1.0, np.nan, np.inf, -np.inf, 0.0, 0.0, 1.0, 2.00001], np.float32),
            np.array([1, 2, 3, -2**63 + 1, 0, 5, 7, 9]), np.array([1 + 1j, np.nan + 0j, 1 + np.nan * 1j, 2, 0, 0, 1, 2]),
            np.array([[1.0], [np.nan]])]


@pytest.mark.parametrize("equal_nan", [False, True])
def test_isclose_allclose_array_equal_native(equal_nan, native):
    """NumPy's formulas run where the arrays are: NaN, inf, integers made inexact (the
    smallest int64 too), float32 beside float64, complex, broadcasting, Python scalars."""
    for a, b in [(x, y) for x in COMPARED for y in COMPARED] + [(COMPARED[0], 1.0), (2, COMPARED[2]),
                                                              (COMPARED[1], np.nan)]:
        ma = mtl.asarray(a) if isinstance(a, np.ndarray) else a
        mb = mtl.asarray(b) if isinstance(b, np.ndarray) else b
        for tol in ({}, {"rtol": 1e-3, "atol": 1e-2}):
            np.testing.assert_array_equal(np.asarray(mtl.isclose(ma, mb, equal_nan=equal_nan, **tol)),
                                          np.isclose(a, b, equal_nan=equal_nan, **tol))
            assert mtl.allclose(ma, mb, equal_nan=equal_nan, **tol) == np.allclose(a, b, equal_nan=equal_nan, **tol)
        assert mtl.array_equal(ma, mb, equal_nan=equal_nan) == np.array_equal(a, b, equal_nan=equal_nan)
    m = mtl.asarray(COMPARED[0])
    assert mtl.array_equal(m, m, equal_nan=True) and not mtl.array_equal(m, m)


@pytest.mark.parametrize("name", ["nanmax", "nanmin", "nanargmax", "nanmean", "nansum", "nanstd"])
@pytest.mark.parametrize("values", [[np.nan, np.nan], [1.0, np.nan], [2.0, 1.0]])
def test_nan_reductions_to_one_value_are_scalars(name, values):
    from harness import check
    if name == "nanargmax" and np.isnan(values).all():
        return  # raises in both
    check(lambda xp: getattr(xp, name)(xp.asarray(values)))
