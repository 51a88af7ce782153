"""Differential test harness: one test body runs with xp=numpy and xp=metallic.

Modelled on CuPy's ``testing/_loops.py``: ``check(fn)`` calls ``fn(numpy)`` and
``fn(metallic)`` and compares exception type, dtype, shape and values.
"""

import contextlib
import math
import warnings
import zlib

import numpy as np
import pytest

import metallic as mtl

# ---------------------------------------------------------------------------
# dtypes

BOOL = ["bool"]
SIGNED = ["int8", "int16", "int32", "int64"]
UNSIGNED = ["uint8", "uint16", "uint32", "uint64"]
INTS = SIGNED + UNSIGNED
FLOATS = ["float16", "float32", "float64"]
COMPLEX = ["complex64", "complex128"]
INEXACT = FLOATS + COMPLEX
NUMERIC = INTS + INEXACT
ALL_DTYPES = BOOL + NUMERIC

# Relative tolerances per result dtype; atol is a small fraction of rtol so that
# results near zero (sin(pi), a sum that cancels) are not judged on rtol alone.
RTOL = {"float16": 1e-3, "float32": 1e-5, "float64": 1e-12,
        "complex64": 1e-5, "complex128": 1e-12}
ATOL = {"float16": 1e-3, "float32": 1e-6, "float64": 1e-13,
        "complex64": 1e-6, "complex128": 1e-13}

# Looser tolerances for reductions (summation order is implementation-defined).
RED_RTOL = {"float16": 1e-2, "float32": 1e-4, "float64": 1e-10,
            "complex64": 1e-4, "complex128": 1e-10}


def red_tol(dtype, scale=1.0):
    """(rtol, atol) for a reduction whose result has ``dtype``."""
    name = np.dtype(dtype).name
    r = RED_RTOL.get(name, 0.0) * scale
    return r, r


# ---------------------------------------------------------------------------
# input data


def _rng(seed, shape, dtype, kind):
    key = zlib.crc32(repr((tuple(shape), str(dtype), kind)).encode())
    return np.random.default_rng([seed, key])


def _real_values(rng, shape, dtype, kind):
    """Float64 values for ``kind`` (later cast to the float/complex dtype)."""
    if kind == "normal":
        return rng.standard_normal(shape) * 3
    if kind == "nonzero":
        v = rng.standard_normal(shape) * 3
        return np.where(np.abs(v) < 0.25, 0.75, v)
    if kind == "positive":
        return rng.uniform(0.1, 10.0, shape)
    if kind == "unit":
        return rng.uniform(-0.95, 0.95, shape)
    if kind == "ge1":
        return rng.uniform(1.0, 10.0, shape)
    if kind == "int_small":
        return rng.integers(0, 8, shape).astype(np.float64)
    if kind == "exponent":
        return rng.uniform(-2.5, 2.5, shape)
    if kind == "base":
        return rng.uniform(0.1, 4.0, shape)
    if kind == "prod":
        return rng.uniform(0.7, 1.4, shape) * rng.choice([-1.0, 1.0], shape)
    raise ValueError(f"unknown kind {kind!r}")


def _int_values(rng, shape, dtype, kind):
    info = np.iinfo(dtype)
    signed = info.min < 0
    if kind == "normal":
        lo, hi = (-10, 11) if signed else (0, 21)
    elif kind == "nonzero":
        v = rng.integers(-10 if signed else 1, 11, shape)
        return np.where(v == 0, 3, v)
    elif kind in ("positive", "ge1"):
        lo, hi = 1, 21
    elif kind == "unit":
        lo, hi = (-1, 2) if signed else (0, 2)
    elif kind == "int_small":
        lo, hi = 0, 8
    elif kind == "exponent":
        lo, hi = 0, 4
    elif kind == "base":
        lo, hi = 0, 6
    elif kind == "prod":
        return rng.choice([-1, 1, 2, 3] if signed else [1, 2, 3], shape)
    elif kind == "wide":
        return rng.integers(info.min, info.max, shape, dtype=dtype, endpoint=True)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return rng.integers(lo, hi, shape)


SPECIAL_FLOATS = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.5, -2.5,
                  3.0, 1e30, -1e-30, 7.25, -np.nan, 2.0, -0.5]


def data(shape, dtype, kind="normal", seed=0):
    """A NumPy array of ``shape``/``dtype`` filled according to ``kind``."""
    dtype = np.dtype(dtype)
    shape = tuple(shape)
    rng = _rng(seed, shape, dtype, kind)
    if kind == "special":
        n = int(np.prod(shape))
        vals = np.resize(np.array(SPECIAL_FLOATS), n).reshape(shape)
        if dtype.kind == "c":
            vals = vals + 1j * np.resize(np.array(SPECIAL_FLOATS[::-1]), n).reshape(shape)
        with np.errstate(all="ignore"):
            return vals.astype(dtype)
    if dtype.kind == "b":
        if kind in ("positive", "nonzero", "ge1"):
            return np.ones(shape, dtype)
        return rng.integers(0, 2, shape).astype(bool)
    if dtype.kind in "iu":
        return np.asarray(_int_values(rng, shape, dtype, kind)).astype(dtype)
    v = _real_values(rng, shape, dtype, kind)
    if dtype.kind == "c":
        if kind in ("positive", "ge1"):
            im = rng.uniform(-1.0, 1.0, shape)
        elif kind == "unit":
            v = v * 0.7
            im = rng.uniform(-0.6, 0.6, shape)
        else:
            im = _real_values(rng, shape, dtype, kind)
        v = v + 1j * im
    return np.asarray(v).astype(dtype)


def random_matrices(rng, shape, dtype):
    """Standard normal entries (real and imaginary parts for complex dtypes) of dtype."""
    x = rng.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dtype)


def make(xp, shape, dtype, kind="normal", seed=0, layout="C"):
    """Build an input with ``xp`` from deterministic NumPy data.

    layout: "C" contiguous; "strided" (every other element of the last axis);
    "T" (transpose of the reversed shape); "neg" (negative stride on axis 0);
    "F" (Fortran-ordered copy).
    """
    shape = tuple(shape)
    if layout == "C" or len(shape) == 0:
        return xp.asarray(data(shape, dtype, kind, seed))
    if layout == "strided":
        big = shape[:-1] + (shape[-1] * 2,)
        d = data(big, dtype, kind, seed)
        return xp.asarray(d)[..., ::2]
    if layout == "T":
        d = data(shape[::-1], dtype, kind, seed)
        return xp.asarray(d).T
    if layout == "neg":
        d = data(shape, dtype, kind, seed)
        return xp.asarray(d)[::-1]
    if layout == "F":
        d = data(shape, dtype, kind, seed)
        return xp.asarray(d).T.copy().T
    raise ValueError(layout)


LAYOUTS = ["C", "strided", "T", "neg"]

# ---------------------------------------------------------------------------
# comparison


def _builtin_base(exc_type):
    for cls in exc_type.__mro__:
        if cls.__module__ == "builtins":
            return cls
    return Exception


def _accepted_exceptions(np_exc):
    if isinstance(np_exc, np.exceptions.AxisError):
        return (ValueError, IndexError)
    return (_builtin_base(type(np_exc)),)


@contextlib.contextmanager
def quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            yield


def _run(fn, xp):
    try:
        with quiet():
            return fn(xp), None
    except Exception as e:  # noqa: BLE001 - we compare exception types
        return None, e


def _is_arraylike_result(x):
    return isinstance(x, (np.ndarray, np.generic))


def _tol(dtype, rtol, atol):
    name = np.dtype(dtype).name
    r = RTOL.get(name, 0.0) if rtol is None else rtol
    a = ATOL.get(name, 0.0) if atol is None else atol
    return r, a


def compare(actual, expected, *, rtol=None, atol=None, check_dtype=True,
            check_type=True, signed_zero=False, path="result"):
    """Assert that metallic's ``actual`` matches NumPy's ``expected``."""
    if isinstance(expected, (tuple, list)) and not _is_arraylike_result(actual):
        assert isinstance(actual, (tuple, list)), (
            f"{path}: expected a {type(expected).__name__}, got {type(actual)!r}")
        assert len(actual) == len(expected), f"{path}: length {len(actual)} != {len(expected)}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            compare(a, e, rtol=rtol, atol=atol, check_dtype=check_dtype,
                    check_type=check_type, signed_zero=signed_zero, path=f"{path}[{i}]")
        return
    if isinstance(expected, (str, bytes)):
        assert isinstance(actual, type(expected)), f"{path}: {type(actual)!r}"
        assert actual == expected, f"{path}:\n metallic: {actual!r}\n numpy:    {expected!r}"
        return
    if isinstance(expected, (bool, int, float, complex)) and not isinstance(expected, np.generic):
        # Python scalars (item(), tolist() leaves, len(), float(x) ...): same type and value.
        assert type(actual) is type(expected), (
            f"{path}: metallic gave {type(actual).__name__}, numpy gave {type(expected).__name__}")
        if isinstance(expected, float) and math.isnan(expected):
            assert math.isnan(actual), f"{path}: {actual!r} != nan"
        else:
            assert actual == expected, f"{path}: {actual!r} != {expected!r}"
        return
    if expected is None:
        assert actual is None, f"{path}: expected None, got {actual!r}"
        return
    if isinstance(expected, np.dtype):
        assert np.dtype(actual) == expected, f"{path}: dtype {actual!r} != {expected!r}"
        return
    assert _is_arraylike_result(expected), f"{path}: unexpected numpy result type {type(expected)}"

    if check_type and isinstance(expected, np.ndarray):
        assert isinstance(actual, mtl.ndarray), (
            f"{path}: numpy returned an ndarray, metallic returned {type(actual)!r}")
    if check_type and isinstance(expected, np.generic) and mtl.get_scalar_mode() == "numpy":
        assert isinstance(actual, np.generic), (
            f"{path}: numpy returned a scalar ({type(expected).__name__}), metallic returned {type(actual)!r}")
    if hasattr(actual, "dtype") and hasattr(actual, "shape") and not isinstance(actual, np.generic):
        # What the array reports must match what it materialises to.
        if check_dtype:
            assert actual.dtype == expected.dtype, (
                f"{path}: dtype {actual.dtype} != numpy's {expected.dtype}")
        assert tuple(actual.shape) == expected.shape, (
            f"{path}: shape {tuple(actual.shape)} != numpy's {expected.shape}")
    a = np.asarray(actual)
    e = np.asarray(expected)
    if check_dtype:
        assert a.dtype == e.dtype, f"{path}: dtype {a.dtype} != numpy's {e.dtype}"
    assert a.shape == e.shape, f"{path}: shape {a.shape} != numpy's {e.shape}"
    assert_values(a, e, rtol=rtol, atol=atol, signed_zero=signed_zero, path=path)


def assert_values(a, e, *, rtol=None, atol=None, signed_zero=False, path="result"):
    if e.dtype.kind in "fc" or a.dtype.kind in "fc":
        # Judge by the less precise of the two dtypes.
        dt = e.dtype if e.dtype.kind in "fc" else a.dtype
        if a.dtype.kind in "fc" and a.dtype.itemsize < dt.itemsize and a.dtype.kind == dt.kind:
            dt = a.dtype
        r, t = _tol(dt, rtol, atol)
        with quiet():
            np.testing.assert_allclose(a.astype(np.result_type(a, e)), e, rtol=r, atol=t,
                                       equal_nan=True, err_msg=path)
        if signed_zero and e.dtype.kind == "f":
            zero = (e == 0)
            np.testing.assert_array_equal(np.signbit(a[zero]), np.signbit(e[zero]),
                                          err_msg=f"{path}: sign of zero")
    else:
        np.testing.assert_array_equal(a, e, err_msg=path, strict=False)


def check(fn, *, rtol=None, atol=None, check_dtype=True, check_type=True,
          signed_zero=False):
    """Run ``fn(numpy)`` and ``fn(metallic)`` and compare the outcomes.

    If NumPy raises, metallic must raise an instance of the builtin base class of
    NumPy's exception (AxisError: ValueError or IndexError). Otherwise dtype,
    shape and values are compared (per-dtype tolerances, NaN positions equal).
    Returns NumPy's result for further checks.
    """
    expected, np_exc = _run(fn, np)
    actual, mtl_exc = _run(fn, mtl)
    if np_exc is not None:
        accepted = _accepted_exceptions(np_exc)
        if mtl_exc is None:
            pytest.fail(f"numpy raised {type(np_exc).__name__}: {np_exc}; "
                        f"metallic returned {actual!r}")
        if not isinstance(mtl_exc, accepted):
            raise AssertionError(
                f"numpy raised {type(np_exc).__name__}({np_exc}); metallic raised "
                f"{type(mtl_exc).__name__}({mtl_exc}), expected an instance of "
                f"{'/'.join(c.__name__ for c in accepted)}") from mtl_exc
        return None
    if mtl_exc is not None:
        raise AssertionError(
            f"numpy returned a result but metallic raised {type(mtl_exc).__name__}: "
            f"{mtl_exc}") from mtl_exc
    compare(actual, expected, rtol=rtol, atol=atol, check_dtype=check_dtype,
            check_type=check_type, signed_zero=signed_zero)
    return expected


def check_raises(fn, exc):
    """Both libraries must raise ``exc`` (metallic: an instance of ``exc``'s builtin base)."""
    if issubclass(exc, np.exceptions.AxisError):
        base = (ValueError, IndexError)
    else:
        base = _builtin_base(exc)
    for xp in (np, mtl):
        with quiet(), pytest.raises(base if xp is mtl else exc):
            fn(xp)


def assigned(shape, dtype, idx, value):
    """fn(xp) for check: zeros(shape, dtype) after a[idx] = value."""
    def fn(xp):
        a = xp.zeros(shape, dtype)
        a[idx] = value
        return a
    return fn


def to_numpy(x):
    return np.asarray(x)
