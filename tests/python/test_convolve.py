"""convolve and correlate against NumPy: every mode, either operand the longer, dtypes
(integers wrapping as NumPy's, bool, complex conjugated in correlate), errors."""

import numpy as np
import pytest

import metallic as mtl

rng = np.random.default_rng(31)


def vector(n, dtype):
    if np.dtype(dtype).kind == "c":
        return (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(dtype)
    return (rng.standard_normal(n) * 50).astype(dtype)


@pytest.mark.parametrize("fn", ["convolve", "correlate"])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("na,nv", [(5, 3), (3, 5), (1, 1), (7, 7), (10, 4), (4, 10), (6, 1), (1, 6), (300, 20)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int8, np.int64, np.bool_, np.complex128])
def test_against_numpy(fn, mode, na, nv, dtype, native):
    a, v = vector(na, dtype), vector(nv, dtype)
    got = getattr(mtl, fn)(mtl.asarray(a), mtl.asarray(v), mode)
    want = getattr(np, fn)(a, v, mode)
    assert got.shape == want.shape and got.dtype == want.dtype
    tol = 1e-4 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(np.asarray(got), want, rtol=tol, atol=tol * max(1.0, float(np.abs(want).max())))


def test_errors_and_long_operands():
    with pytest.raises(ValueError):
        mtl.convolve(mtl.ones(3), mtl.ones(0))
    with pytest.raises(ValueError):
        mtl.correlate(mtl.ones((2, 2)), mtl.ones(2))
    with pytest.raises(ValueError):
        mtl.convolve(mtl.ones(3), mtl.ones(2), mode="middle")
    a, v = rng.standard_normal(600), rng.standard_normal(400)  # both long: NumPy's
    np.testing.assert_allclose(np.asarray(mtl.convolve(mtl.asarray(a), mtl.asarray(v))), np.convolve(a, v),
                               atol=1e-9)


@pytest.mark.parametrize("fn", ["convolve", "correlate"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_inf_and_nan_reach_only_the_outputs_they_touch(fn, dtype, native):
    """Long enough for the matrix products, which would spread 0 * inf = NaN over a whole
    block: inputs holding inf or NaN take the direct sum. (Real dtypes: NumPy's complex
    convolve answers nan + inf j where a product of complex infinities gives inf + inf j.)"""
    a, v = vector(60, dtype), vector(9, dtype)
    a[10], a[40] = np.inf, np.nan
    for x, y in ((a, v), (v, a)):
        got = getattr(mtl, fn)(mtl.asarray(x), mtl.asarray(y), "full")
        np.testing.assert_allclose(np.asarray(got), getattr(np, fn)(x, y, "full"), rtol=1e-4)
