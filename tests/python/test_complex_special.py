"""Complex ufuncs at special values (signed zeros, infinities, NaNs, the ends of the
range, the branch points) and over the whole range, against NumPy."""
import warnings

import numpy as np
import pytest

import metallic as mtl

_PARTS = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 1e300, -1e300, 5e-324, np.inf, -np.inf, np.nan, 710.0, -710.0]
_GRID = np.array([complex(a, b) for a in _PARTS for b in _PARTS])

_UNARY = ["exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "reciprocal", "sin", "cos", "tan",
          "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh", "absolute", "sign",
          "negative", "conjugate", "isnan", "isinf", "isfinite"]


def _same(got, ref, rtol):
    """Equal values with equal signs (zeros included); NaN matches NaN."""
    got, ref = np.asarray(got), np.asarray(ref)
    if ref.dtype.kind == "c":
        return _same(got.real, ref.real, rtol) & _same(got.imag, ref.imag, rtol)
    if ref.dtype.kind == "b":
        return got == ref
    with np.errstate(all="ignore"):
        close = np.isclose(got, ref, rtol=rtol, atol=0) & (np.signbit(got) == np.signbit(ref))
    return close | (np.isnan(got) & np.isnan(ref))


def _run(lib, name, z):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"), mtl.errstate(all="ignore"):
            return np.asarray(getattr(lib, name)(lib.asarray(z)))


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@pytest.mark.parametrize("name", _UNARY)
def test_special_values(name, dtype):
    with np.errstate(over="ignore"):
        z = _GRID.astype(dtype)
    ref, got = _run(np, name, z), _run(mtl, name, z)
    assert got.dtype == ref.dtype
    bad = ~_same(got, ref, 1e-5 if dtype == np.complex64 else 1e-12)
    assert not bad.any(), [(z[i], got[i], ref[i]) for i in np.nonzero(bad)[0][:5]]


def _wide_sample(dtype, n=4000, seed=0):
    rng = np.random.default_rng(seed)
    top = 300 if dtype == np.complex128 else 37
    parts = 10.0 ** rng.uniform(-top, top, (2, n)) * rng.choice([-1, 1], (2, n))
    circle = (1 + rng.standard_normal(n) * 1e-9) * np.exp(1j * rng.uniform(-np.pi, np.pi, n))
    branch = rng.choice([1, -1, 1j, -1j], n) + (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * 10.0 ** rng.uniform(-17, -1, n)
    middle = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * 10.0 ** rng.uniform(-3, 3, n)
    return np.concatenate([parts[0] + 1j * parts[1], circle, branch, middle]).astype(dtype)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@pytest.mark.parametrize("name", [u for u in _UNARY if u not in ("isnan", "isinf", "isfinite", "negative", "conjugate")])
def test_accuracy_over_the_range(name, dtype):
    """Within a few units in the last place of NumPy's (relative to |result|), finite where NumPy's is."""
    z = _wide_sample(dtype)
    ref, got = _run(np, name, z), _run(mtl, name, z)
    assert (np.isfinite(ref) == np.isfinite(got)).all()
    eps = np.finfo(ref.real.dtype).eps
    fin = np.isfinite(ref)
    err = np.abs(got[fin].astype(np.complex128) - ref[fin]) / np.maximum(np.abs(ref[fin]), np.finfo(ref.real.dtype).tiny)
    assert err.max() <= 8 * eps, (z[fin][np.argmax(err)], err.max() / eps)


@pytest.mark.parametrize("name, z, message", [
    ("log", 0j, "divide by zero encountered in log"),
    ("log10", -0j, "divide by zero encountered in log10"),
    ("arctanh", 1 + 0j, "divide by zero encountered in arctanh"),
    ("arctan", 1j, "divide by zero encountered in arctan"),
    ("exp", complex(1, np.nan), "invalid value encountered in exp"),
    ("reciprocal", complex(np.nan, 0), "invalid value encountered in reciprocal"),
    ("sinh", complex(2, np.nan), "invalid value encountered in sinh"),
    ("exp", 1000 + 1j, "overflow encountered in exp"),
])
def test_warnings(name, z, message):
    a = np.array([z, 0.5 + 0.5j])
    for lib in (np, mtl):
        with pytest.warns(RuntimeWarning, match=message):
            np.asarray(getattr(lib, name)(lib.asarray(a)))


def test_no_invalid_where_numpy_has_none():
    a = np.array([complex(np.nan, 1), complex(1, np.nan), complex(np.nan, np.nan)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in ("cos", "cosh", "log", "sqrt", "arcsin", "arctanh", "absolute"):
            np.asarray(getattr(mtl, name)(mtl.asarray(a)))


def test_power_special_cases():
    base = np.array([0j, 0j, 0j, 1 + 1j, complex(np.inf, 0), 2 - 3j, -1 + 0j])
    expo = np.array([2 + 0j, 1 + 1j, -1 + 0j, 0.5 + 0j, 2 + 0j, -3 + 0j, 0.5 + 0j])
    ref, got = _run_pow(np, base, expo), _run_pow(mtl, base, expo)
    assert _same(got, ref, 1e-12).all(), (got, ref)


def _run_pow(lib, a, b):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"), mtl.errstate(all="ignore"):
            return np.asarray(lib.power(lib.asarray(a), lib.asarray(b)))
