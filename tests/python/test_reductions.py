"""Reductions and scans: axis, keepdims, dtype, out, ddof, empty inputs, NaN."""

import numpy as np
import pytest

from harness import ALL_DTYPES, LAYOUTS, check, check_raises, make
import metallic as mtl

REDUCTIONS = ["sum", "prod", "min", "max", "amin", "amax", "mean", "var", "std",
              "argmin", "argmax", "any", "all", "ptp"]
SCANS = ["cumsum", "cumprod"]
METHODS = ["sum", "prod", "min", "max", "mean", "var", "std", "argmin", "argmax", "any",
           "all", "cumsum", "cumprod"]
INT_AXIS_ONLY = {"argmin", "argmax", "cumsum", "cumprod"}
AXES = [None, 0, 1, -1, (0, 2), (2, 0, 1), ()]
GRID_DTYPES = ["bool", "int8", "uint16", "int64", "uint64", "float16", "float32", "float64",
               "complex128"]


def tol(dtype):
    """(rtol, atol) by input dtype; summation order is implementation-defined."""
    t = {"float16": 1e-2, "float32": 1e-4, "complex64": 1e-4}.get(np.dtype(dtype).name, 1e-10)
    return dict(rtol=t, atol=t)


def kind_for(name):
    return "prod" if name in ("prod", "cumprod") else "normal"


def call(xp, name, a, **kw):
    return getattr(xp, name)(a, **kw)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("axis", [None, 1, -1])
@pytest.mark.parametrize("name", REDUCTIONS + SCANS)
def test_reduction_all_dtypes(name, axis, dtype):
    check(lambda xp: call(xp, name, make(xp, (3, 4, 5), dtype, kind_for(name)), axis=axis),
          **tol(dtype))


GRID = [(n, ax, kd) for n in REDUCTIONS for ax in AXES for kd in (False, True)
        if not (n in INT_AXIS_ONLY and isinstance(ax, tuple))]
GRID += [(n, ax, False) for n in SCANS for ax in (None, 0, 2, -2)]


@pytest.mark.parametrize("dtype", GRID_DTYPES)
@pytest.mark.parametrize("name,axis,keepdims", GRID, ids=str)
def test_reduction_axis_keepdims(name, axis, keepdims, dtype):
    kw = {"axis": axis}
    if keepdims:
        kw["keepdims"] = True
    check(lambda xp: call(xp, name, make(xp, (3, 4, 5), dtype, kind_for(name)), **kw), **tol(dtype))


@pytest.mark.parametrize("name", ["argmin", "argmax", "cumsum", "cumprod"])
def test_tuple_axis_not_accepted(name):
    check(lambda xp: call(xp, name, make(xp, (3, 4), "float64"), axis=(0, 1)))


@pytest.mark.parametrize("dtype", ["int32", "float32", "float64", "complex64", "bool"])
@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
@pytest.mark.parametrize("name", METHODS)
def test_methods(name, axis, dtype):
    if name in INT_AXIS_ONLY and isinstance(axis, tuple):
        axis = -1
    check(lambda xp: getattr(make(xp, (4, 6), dtype, kind_for(name)), name)(axis=axis), **tol(dtype))


@pytest.mark.parametrize("layout", LAYOUTS[1:] + ["F"])
@pytest.mark.parametrize("axis", [None, 0, 1, 2, (0, 2)])
@pytest.mark.parametrize("name", ["sum", "max", "argmin", "mean", "std", "any", "cumsum"])
def test_noncontiguous_input(name, axis, layout):
    if name in INT_AXIS_ONLY and isinstance(axis, tuple):
        axis = 0
    check(lambda xp: call(xp, name, make(xp, (4, 5, 6), "float32", layout=layout), axis=axis),
          **tol("float32"))


@pytest.mark.parametrize("shape,axis", [((100003,), None), ((300, 301), 0), ((300, 301), 1),
                                        ((7, 3000), None), ((2, 50001), -1)], ids=str)
@pytest.mark.parametrize("name,dtype", [("sum", "float32"), ("sum", "float64"), ("sum", "int32"),
                                        ("mean", "float32"), ("max", "float64"),
                                        ("argmax", "float32"), ("argmin", "int16"),
                                        ("var", "float64"), ("cumsum", "int64"),
                                        ("all", "bool"), ("any", "uint8")], ids=str)
def test_large(name, dtype, shape, axis):
    kind = "positive" if name in ("sum", "mean") else "normal"
    check(lambda xp: call(xp, name, make(xp, shape, dtype, kind), axis=axis), **tol(dtype))


@pytest.mark.parametrize("ddof", [0, 1, 2])
@pytest.mark.parametrize("dtype", ["int16", "float16", "float32", "float64", "complex64", "complex128"])
@pytest.mark.parametrize("name", ["var", "std"])
def test_ddof(name, dtype, ddof):
    check(lambda xp: call(xp, name, make(xp, (4, 5), dtype), axis=0, ddof=ddof), **tol(dtype))
    check(lambda xp: getattr(make(xp, (4, 5), dtype), name)(ddof=ddof), **tol(dtype))


# var/std with an integer dtype= depends on NumPy's internal algorithm: not compared.
DTYPE_ARG = [(n, d, o) for n in ["sum", "prod", "mean", "cumsum", "cumprod", "var", "std"]
             for d in ["bool", "int8", "uint8", "int32", "float32", "float64"]
             for o in [None, "int16", "int64", "uint32", "float32", "float64", "complex128", "bool"]
             if n not in ("var", "std") or o in (None, "float32", "float64")]


@pytest.mark.parametrize("name,dtype,out_dtype", DTYPE_ARG, ids=str)
def test_dtype_argument(name, dtype, out_dtype):
    check(lambda xp: call(xp, name, make(xp, (3, 4), dtype, kind_for(name)), axis=1,
                          dtype=out_dtype), **tol("float32"))


@pytest.mark.parametrize("out_dtype", ["float64", "float32", "int64", "int32"])
@pytest.mark.parametrize("name", ["sum", "prod", "min", "max", "mean", "any", "all", "argmax",
                                  "argmin", "cumsum", "std"])
def test_out(name, out_dtype):
    def fn(xp):
        a = make(xp, (3, 4), "float64", kind_for(name))
        shape = (3, 4) if name.startswith("cum") else (3,)
        out = xp.zeros(shape, dtype=out_dtype)
        r = call(xp, name, a, axis=1, out=out)
        return out, r is out
    check(fn)


@pytest.mark.parametrize("name", ["sum", "max", "mean", "argmax"])
def test_out_keepdims_and_wrong_shape(name):
    def fn(xp):
        out = xp.zeros((3, 1), dtype="int64" if name == "argmax" else "float64")
        call(xp, name, make(xp, (3, 4), "float64"), axis=1, keepdims=True, out=out)
        return out
    check(fn)
    check(lambda xp: call(xp, name, make(xp, (3, 4), "float64"), axis=1,
                          out=xp.zeros((4,), dtype="int64" if name == "argmax" else "float64")))


# ---------------------------------------------------------------------------
# empty arrays and 0-d arrays


@pytest.mark.parametrize("shape,axis", [((0,), None), ((0,), 0), ((2, 0, 3), None),
                                        ((2, 0, 3), 0), ((2, 0, 3), 1), ((2, 0, 3), 2),
                                        ((2, 0, 3), (0, 2)), ((0, 3), 1), ((0, 3), 0)], ids=str)
@pytest.mark.parametrize("name", REDUCTIONS + SCANS)
def test_empty(name, shape, axis):
    if name in INT_AXIS_ONLY and isinstance(axis, tuple):
        axis = 0
    check(lambda xp: call(xp, name, make(xp, shape, "float64"), axis=axis))
    check(lambda xp: call(xp, name, make(xp, shape, "int32"), axis=axis))


def test_empty_sum_is_zero_and_max_raises():
    r = check(lambda xp: xp.sum(xp.zeros((0,), dtype="float32")))
    assert r == 0
    check_raises(lambda xp: xp.max(xp.zeros((0,))), ValueError)
    check_raises(lambda xp: xp.zeros((0, 3)).argmax(axis=0), ValueError)


@pytest.mark.parametrize("axis", [None, 0, -1, ()])
@pytest.mark.parametrize("name", REDUCTIONS + SCANS)
def test_zero_dim(name, axis):
    check(lambda xp: call(xp, name, make(xp, (), "float64"), axis=axis))


# ---------------------------------------------------------------------------
# NaN handling


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "complex128"])
@pytest.mark.parametrize("name", ["min", "max", "amin", "amax", "argmin", "argmax", "ptp", "sum",
                                  "mean", "var", "cumsum", "any", "all", "prod"])
def test_nan_propagation(name, dtype):
    def fn(xp):
        a = xp.asarray([[1.0, np.nan, 3.0, np.nan], [np.inf, -np.inf, 2.0, 0.0],
                        [5.0, 4.0, -1.0, np.nan]]).astype(dtype)
        return call(xp, name, a), call(xp, name, a, axis=0), call(xp, name, a, axis=1)
    check(fn)


def test_argmax_returns_first_nan():
    r = check(lambda xp: xp.argmax(xp.asarray([1.0, 7.0, np.nan, 3.0, np.nan])))
    assert r == 2
    check(lambda xp: xp.argmin(xp.asarray([[1.0, np.nan], [np.nan, 0.0], [2.0, 3.0]]), axis=0))


@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_arg_ties_return_first(name):
    check(lambda xp: call(xp, name, xp.asarray([[3, 1, 3, 1, 3], [0, 0, 0, 0, 0]]), axis=1))
    check(lambda xp: call(xp, name, xp.asarray([2.0, -0.0, 0.0, 2.0, -0.0])))


# ---------------------------------------------------------------------------
# errors


@pytest.mark.parametrize("axis", [3, -4, (0, 3), (0, 0), (1, -2), 1.5])
@pytest.mark.parametrize("name", ["sum", "max", "mean", "std", "any", "argmax", "cumsum", "ptp"])
def test_bad_axis(name, axis):
    check(lambda xp: call(xp, name, make(xp, (2, 3, 4), "float64"), axis=axis))


def test_axis_error_type():
    check_raises(lambda xp: xp.sum(xp.ones((2, 3)), axis=2), np.exceptions.AxisError)
    check_raises(lambda xp: xp.ones((2, 3)).max(axis=-3), np.exceptions.AxisError)


# Long lines: on the GPU these take the many-blocks-per-line arg-reduction and the chunked
# three-pass scan (few lines), or many lines side by side (strided lines).
LONG_SHAPES = [((300_001,), 0), ((3, 100_003), 1), ((100_003, 3), 0), ((2, 70_001, 2), 1)]


@pytest.mark.parametrize("shape,axis", LONG_SHAPES)
@pytest.mark.parametrize("name", ["argmax", "argmin"])
@pytest.mark.parametrize("dtype", ["float32", "int16", "float64"])
def test_arg_reductions_over_long_lines(shape, axis, name, dtype):
    def fn(xp):
        a = (make(xp, shape, "float64") * 50).astype(dtype)  # many ties among int16
        return getattr(a, name)(axis=axis)
    check(fn)


@pytest.mark.parametrize("shape,axis", LONG_SHAPES[:2])
def test_arg_reductions_over_long_lines_find_the_first_nan_and_the_first_tie(shape, axis):
    def fn(xp):
        a = xp.zeros(shape)
        flat = a.reshape(-1)
        flat[shape[-1] // 2 + 7] = 5.0
        flat[-3] = 5.0
        flat[-100] = np.nan
        flat[-50] = np.nan
        b = xp.zeros(shape)
        b.reshape(-1)[[11, 200_000 % b.size, -2]] = 9.0
        return a.argmax(axis=axis), a.argmin(axis=axis), b.argmax(axis=axis), (-b).argmin(axis=axis)
    check(fn)


@pytest.mark.parametrize("dtype", ["float32", "int8", "float16", "complex64", "uint64"])
@pytest.mark.parametrize("start", [0, 1, 3])
def test_arg_reductions_over_long_lines_at_every_alignment(dtype, start):
    """Contiguous lines read in 16-byte vectors after a head of single elements: ties,
    NaN and the best value in the head, the vectors and the tail."""
    def fn(xp):
        a = (make(xp, (300_017,), "float64") * 40).astype(dtype)[start:]
        b = xp.zeros(300_017, dtype=dtype)[start:]
        b[[1, 150_000, -1]] = 7
        b[[2, 150_001]] = -7
        out = [a.argmax(), a.argmin(), b.argmax(), b.argmin(), b[:-1].argmax(), b[3:].argmin()]
        if dtype[0] in "fc":
            c = xp.zeros(300_017, dtype=dtype)[start:]
            c[[5, 200_000]] = np.nan
            out += [c.argmax(), c.argmin(), c[6:].argmax()]
        return out
    check(fn)


@pytest.mark.parametrize("shape,axis", LONG_SHAPES)
@pytest.mark.parametrize("name,dtype", [("cumsum", "int64"), ("cumsum", "int8"), ("cumsum", "float64"),
                                        ("cumprod", "int32"), ("cumsum", "bool"), ("cumsum", "complex128"),
                                        ("cumsum", "float32")])
def test_scans_over_long_lines(shape, axis, name, dtype):
    def fn(xp):
        a = make(xp, shape, dtype)
        if name == "cumprod":
            a = a % 3 - 1  # products stay small: 0, 1 and -1
        if dtype == "float32":  # growing sums, so a relative tolerance means something
            a = xp.abs(a)
        return getattr(a, name)(axis=axis)
    rtol = 1e-4 if dtype == "float32" else 1e-9
    check(fn, rtol=rtol, atol=rtol)  # long float sums: other association, same values


@pytest.mark.parametrize("shape,axis", LONG_SHAPES[:2])
def test_long_scans_keep_negative_zero_and_small_accumulators(shape, axis):
    def fn(xp):
        z = xp.zeros(shape) * -1.0  # -0.0 throughout: every partial sum stays -0.0
        i = make(xp, shape, "int8")
        return xp.signbit(z.cumsum(axis=axis)), i.cumsum(axis=axis, dtype=xp.int8), (i % 2 == 0).cumsum(axis=axis)
    check(fn, rtol=0, atol=0)


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_float16_scans_round_every_step_as_numpy(name):
    def fn(xp):
        a = xp.asarray(np.concatenate([np.ones(3000), np.full(30, 1.3)]).astype(np.float16))
        b = xp.asarray((np.random.default_rng(0).random((5, 400)) + 0.5).astype(np.float16))
        return getattr(a, name)(), getattr(b, name)(axis=1)
    check(fn, rtol=0, atol=0)


@pytest.mark.parametrize("layout", ["contiguous", "strided", "float16 input"])
@pytest.mark.parametrize("n", [3000, 100_003, (1 << 22) + 5])
def test_long_float32_sums_are_pairwise_accurate(layout, n):
    """A long float sum adds its stretches pairwise: its error grows as log n (NumPy's
    pairwise summation), not n, whatever the layout; the mean likewise."""
    import metallic as mtl
    dt = np.float16 if layout == "float16 input" else np.float32
    x = np.full(n * (2 if layout == "strided" else 1), 0.1, dt)
    exact = float(np.sum(x[::2] if layout == "strided" else x, dtype=np.float64))
    a = mtl.asarray(x)
    a = a[::2] if layout == "strided" else a
    kw = dict(dtype=np.float32) if dt == np.float16 else {}  # a float16 input converted as it is read
    for got, want in ((float(a.sum(**kw)), exact), (float(a.mean(**kw)), exact / n)):
        assert abs(got - want) <= 2e-6 * abs(want)


_W = [[True, False, True, True], [False, False, False, False], [True, True, False, True]]
WHERE_CASES = {
    "sum": lambda xp, a, w: xp.sum(a, where=w),
    "sum axis": lambda xp, a, w: xp.sum(a, axis=1, where=w),
    "sum keepdims initial": lambda xp, a, w: xp.sum(a, axis=0, where=w, keepdims=True, initial=2),
    "prod": lambda xp, a, w: xp.prod(a, axis=1, where=w),
    "max initial": lambda xp, a, w: xp.max(a, axis=1, where=w, initial=-5),
    "min initial": lambda xp, a, w: xp.min(a, where=w, initial=50),
    "max without initial": lambda xp, a, w: xp.max(a, where=w),
    "any": lambda xp, a, w: xp.any(a > 1, axis=0, where=w),
    "all": lambda xp, a, w: xp.all(a > 1, axis=1, where=w),
    "mean": lambda xp, a, w: xp.mean(a, where=w),
    "mean axis": lambda xp, a, w: xp.mean(a, axis=1, where=w),
    "mean row mask": lambda xp, a, w: xp.mean(a, axis=0, where=xp.asarray([True, False, True, True])),
    "var": lambda xp, a, w: xp.var(a, axis=1, where=w),
    "var ddof": lambda xp, a, w: xp.var(a, where=w, ddof=1),
    "std": lambda xp, a, w: xp.std(a, axis=0, where=w, keepdims=True),
    "std mean=": lambda xp, a, w: xp.std(a, axis=1, mean=xp.mean(a, axis=1, keepdims=True)),
    "var mean= where": lambda xp, a, w: xp.var(a, axis=0, where=w, mean=xp.mean(a, axis=0, keepdims=True)),
    "add.reduce": lambda xp, a, w: xp.add.reduce(a, axis=1, where=w),
    "maximum.reduce": lambda xp, a, w: xp.maximum.reduce(a, axis=0, where=w, initial=0),
    "method": lambda xp, a, w: a.sum(axis=1, where=w),
}


@pytest.mark.parametrize("dtype", ["int32", "float16", "float32", "float64", "complex128", "bool"])
@pytest.mark.parametrize("name", list(WHERE_CASES))
def test_where_argument(name, dtype):
    """where= chooses the elements reduced (NumPy's identity or initial elsewhere; mean and
    var over the chosen count, NaN and NumPy's warning where a line chooses none)."""
    if dtype == "complex128" and name.startswith(("max", "min", "maximum")):
        return
    if dtype == "bool" and name.startswith(("var", "std", "mean")):
        return

    def f(xp):
        a = xp.asarray((np.arange(12).reshape(3, 4) % 5 + 0.5 * (dtype[0] in "fc")).astype(dtype))
        return WHERE_CASES[name](xp, a, xp.asarray(_W))
    check(f, rtol=1e-2 if dtype == "float16" else 1e-6)


@pytest.mark.parametrize("name", ["sum", "mean", "cumsum", "prod"])
def test_an_inexact_out_is_the_accumulator(name):
    """NumPy accumulates in out='s type: float32 data into a float64 out sums in float64."""
    def f(xp):
        a = xp.asarray(np.float32([0.1, 0.2, 0.3, 0.7]))
        out = xp.zeros(4 if name == "cumsum" else ())
        getattr(xp, name)(a, out=out)
        return out
    check(f, rtol=1e-15, atol=0)


@pytest.mark.parametrize("ufunc, initial, values", [
    ("subtract", 100, [6, 3, 5]), ("bitwise_or", 8, [6, 3, 5]), ("logical_xor", True, [6, 3, 5]),
    ("power", 2, [1, 2, 3]), ("true_divide", 8.0, [1.0, 2.0, 4.0]), ("hypot", 12.0, [3.0, 4.0])])
def test_reduce_initial_of_other_ufuncs(ufunc, initial, values):
    check(lambda xp: getattr(xp, ufunc).reduce(xp.asarray(values), initial=initial))
    check(lambda xp: getattr(xp, ufunc).reduce(xp.asarray(values)))


@pytest.mark.parametrize("call", [lambda xp: xp.mean(xp.asarray([])), lambda xp: xp.mean(xp.zeros((0, 3)), axis=0),
                                  lambda xp: xp.mean(xp.zeros((0, 3)), axis=1), lambda xp: xp.var(xp.asarray([5.0]), ddof=1),
                                  lambda xp: xp.std(xp.zeros((0, 3)), axis=0), lambda xp: xp.var(xp.ones((2, 3)), axis=0, ddof=2)])
def test_empty_slice_warnings(call):
    """NumPy's own warnings for means of nothing and degrees of freedom <= 0."""
    import warnings
    texts = {}
    for xp in (np, mtl):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            np.asarray(call(xp))
        texts[xp] = {str(w.message) for w in caught if "slice" in str(w.message)}
    assert texts[mtl] == texts[np]


SIGNED_ZERO_CASES = {
    "sum one": lambda xp: xp.sum(xp.asarray([-0.0])),
    "sum many": lambda xp: xp.sum(xp.asarray([-0.0] * 200)),
    "sum float32": lambda xp: xp.sum(xp.asarray([-0.0], dtype="f4")),
    "sum rows": lambda xp: xp.sum(-xp.zeros((3, 1)), axis=1),
    "sum columns": lambda xp: xp.sum(-xp.zeros((20, 30)), axis=0),
    "sum fused": lambda xp: (xp.asarray([-0.0, -0.0]) * 1).sum(),
    "prod": lambda xp: xp.prod(xp.asarray([-0.0])),
    "cumsum": lambda xp: xp.cumsum(xp.asarray([-0.0, -0.0])),
    "max ties": lambda xp: (xp.max(xp.asarray([0.0, -0.0])), xp.max(xp.asarray([-0.0, 0.0]))),
    "min ties": lambda xp: (xp.min(xp.asarray([-0.0, 0.0])), xp.min(xp.asarray([0.0, -0.0]))),
    "maximum": lambda xp: (xp.maximum(xp.asarray([-0.0] * 40), xp.asarray([0.0] * 40)),
                           xp.minimum(xp.asarray([0.0] * 40), xp.asarray([-0.0] * 40)),
                           xp.maximum(xp.asarray([-0.0]), 0.0), xp.minimum(0.0, xp.asarray([-0.0]))),
    # (NumPy's fmax/fmin give either zero depending on the loop: not compared)
}


@pytest.mark.parametrize("name", list(SIGNED_ZERO_CASES))
def test_signed_zeros_as_numpy(name):
    """A sum starts from NumPy's identity (a sum of -0.0s is 0.0); maximum and minimum give
    the second operand on ties, as NumPy's loops."""
    check(SIGNED_ZERO_CASES[name], signed_zero=True)
