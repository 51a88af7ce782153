"""Property-based differential tests (hypothesis): random dtypes, shapes, broadcasting,
Python scalars (NEP 50), strided views, reductions over random axes and casts, each
checked against NumPy. METALLIC_HYPOTHESIS_EXAMPLES raises the number of cases per test
(default 500; CI runs them derandomized, so a failure reproduces)."""

import os

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import metallic as mtl  # noqa: E402
from harness import ALL_DTYPES, INTS, check, red_tol  # noqa: E402

EXAMPLES = int(os.environ.get("METALLIC_HYPOTHESIS_EXAMPLES", "500"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)

dtypes = st.sampled_from(ALL_DTYPES)
shapes = st.lists(st.integers(0, 4), min_size=0, max_size=3).map(tuple)


def data(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.random(shape) > 0.5
    if np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        lo, hi = max(info.min, -50), min(info.max, 50)
        return rng.integers(lo, hi + 1, size=shape).astype(dtype)
    v = rng.standard_normal(shape) * 3
    if np.dtype(dtype).kind == "c":
        v = v + 1j * rng.standard_normal(shape)
    return v.astype(dtype)


@st.composite
def broadcast_pair(draw):
    """Two shapes that broadcast together (some axes of length 1, some missing)."""
    out = draw(st.lists(st.integers(0, 4), min_size=0, max_size=3))
    def derive():
        keep = draw(st.integers(0, len(out)))
        return tuple(1 if draw(st.booleans()) else d for d in out[len(out) - keep:])
    return derive(), derive()


BINARY = ["add", "subtract", "multiply", "maximum", "minimum", "equal", "less", "greater_equal",
          "logical_and", "bitwise_and", "bitwise_xor", "floor_divide", "remainder", "true_divide",
          "arctan2", "hypot", "fmax", "copysign"]
SCALARS = st.one_of(st.booleans(), st.integers(-40, 40), st.floats(-10, 10, allow_nan=False),
                    st.complex_numbers(max_magnitude=5, allow_nan=False, allow_infinity=False))


@SETTINGS
@given(st.sampled_from(BINARY), dtypes, dtypes, broadcast_pair(), st.integers(0, 2**16))
def test_binary_ufunc_dtype_pairs_and_broadcasting(name, d1, d2, shapes_, seed):
    a, b = data(shapes_[0], d1, seed), data(shapes_[1], d2, seed + 1)
    if name in ("floor_divide", "remainder") and np.dtype(d2).kind in "iub":
        b = np.where(b == 0, 1, b).astype(b.dtype)  # integer division by zero warns in NumPy
    check(lambda xp: getattr(xp, name)(xp.asarray(a), xp.asarray(b)), rtol=1e-3, atol=1e-3)


@SETTINGS
@given(st.sampled_from(BINARY), dtypes, shapes, SCALARS, st.booleans(), st.integers(0, 2**16))
def test_python_scalars_nep50(name, dtype, shape, scalar, left, seed):
    a = data(shape, dtype, seed)
    if name in ("floor_divide", "remainder") and scalar == 0:
        scalar = 1
    def fn(xp):
        x = xp.asarray(a)
        return getattr(xp, name)(scalar, x) if left else getattr(xp, name)(x, scalar)
    check(fn, rtol=1e-3, atol=1e-3)


@st.composite
def strided_view(draw):
    """An array and a basic index (slices with any step, ints, None, Ellipsis) into it."""
    shape = tuple(draw(st.lists(st.integers(1, 5), min_size=1, max_size=3)))
    index = []
    for n in shape:
        kind = draw(st.sampled_from(["slice", "slice", "int", "none"]))
        if kind == "int":
            index.append(draw(st.integers(-n, n - 1)))
        elif kind == "none":
            index.append(None)
            index.append(slice(None))
        else:
            step = draw(st.sampled_from([1, 2, -1, -2, 3]))
            start = draw(st.one_of(st.none(), st.integers(-n - 1, n)))
            stop = draw(st.one_of(st.none(), st.integers(-n - 1, n)))
            index.append(slice(start, stop, step))
    if draw(st.booleans()):
        index.insert(draw(st.integers(0, len(index))), Ellipsis)
    return shape, tuple(index)


@SETTINGS
@given(strided_view(), st.sampled_from(["float32", "int16", "complex64", "bool"]),
       st.sampled_from(["sin", "negative", "square", "logical_not", "absolute"]), st.integers(0, 999))
def test_ufuncs_on_strided_views(view, dtype, name, seed):
    shape, index = view
    a = data(shape, dtype, seed)
    check(lambda xp: getattr(xp, name)(xp.asarray(a)[index]), rtol=1e-5, atol=1e-5)


@SETTINGS
@given(strided_view(), st.integers(0, 999))
def test_setitem_through_views(view, seed):
    shape, index = view
    a = data(shape, "float64", seed)
    def fn(xp):
        x = xp.asarray(a).copy()
        x[index] = -1.5
        x[index] += 2
        return x
    check(fn)


REDUCTIONS = ["sum", "prod", "max", "min", "mean", "std", "any", "all", "argmax", "argmin", "cumsum"]


@SETTINGS
@given(st.sampled_from(REDUCTIONS), st.sampled_from(["bool", "int8", "uint16", "int64", "float16",
                                                     "float32", "float64", "complex128"]),
       st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple), st.data())
def test_reductions_over_random_axes(name, dtype, shape, draw):
    a = data(shape, dtype, 7)
    if name in ("argmax", "argmin", "cumsum"):
        axis = draw.draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1)))
        kwargs = {"axis": axis}
    else:
        axes = draw.draw(st.lists(st.integers(0, len(shape) - 1), unique=True, max_size=len(shape)))
        kwargs = {"axis": tuple(axes) if axes else None, "keepdims": draw.draw(st.booleans())}
    if name in ("max", "min") and np.dtype(dtype).kind == "c":
        return  # complex ordering ties: NumPy's pick among equal-real values is an implementation detail
    rtol, atol = red_tol("float16" if dtype == "float16" else "float32")
    check(lambda xp: getattr(xp, name)(xp.asarray(a), **kwargs), rtol=rtol, atol=atol)


@SETTINGS
@given(dtypes, dtypes, shapes, st.integers(0, 999))
def test_astype_between_dtypes(src, dst, shape, seed):
    a = data(shape, src, seed)
    if np.dtype(src).kind in "fc" and np.dtype(dst).kind in "iub":
        a = np.round(a.real if np.dtype(src).kind == "c" else a)  # in range, no NaN
        a = a.astype(src)
    check(lambda xp: xp.asarray(a).astype(dst), rtol=1e-3, atol=1e-3)


@SETTINGS
@given(st.integers(-20, 20), st.integers(-20, 20), st.integers(-5, 5).filter(lambda s: s != 0),
       st.sampled_from(["int64", "float64", "float32", "int8", None]))
def test_arange(start, stop, step, dtype):
    check(lambda xp: xp.arange(start, stop, step, dtype=dtype))


@SETTINGS
@given(st.floats(-100, 100), st.floats(-100, 100), st.integers(0, 20), st.booleans())
def test_linspace(start, stop, num, endpoint):
    check(lambda xp: xp.linspace(start, stop, num, endpoint=endpoint), rtol=1e-12, atol=1e-12)
