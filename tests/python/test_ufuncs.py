"""Elementwise functions (ufuncs and friends), differential against NumPy."""

import numpy as np
import pytest

from harness import RTOL, ALL_DTYPES, FLOATS, LAYOUTS, check, make

# name -> input kind (domain) for the argument.
UNARY = {
    "negative": "normal", "positive": "normal", "absolute": "normal", "fabs": "normal",
    "sign": "normal", "reciprocal": "nonzero", "square": "normal", "sqrt": "positive",
    "cbrt": "normal", "exp": "normal", "exp2": "normal", "expm1": "normal",
    "log": "positive", "log2": "positive", "log10": "positive", "log1p": "positive",
    "sin": "normal", "cos": "normal", "tan": "normal", "arcsin": "unit",
    "arccos": "unit", "arctan": "normal", "sinh": "normal", "cosh": "normal",
    "tanh": "normal", "arcsinh": "normal", "arccosh": "ge1", "arctanh": "unit",
    "degrees": "normal", "radians": "normal", "deg2rad": "normal", "rad2deg": "normal",
    "floor": "normal", "ceil": "normal", "trunc": "normal", "rint": "normal",
    "around": "normal", "round": "normal", "fix": "normal", "isnan": "normal",
    "isinf": "normal", "isfinite": "normal", "signbit": "normal",
    "logical_not": "normal", "invert": "normal", "bitwise_not": "normal",
    "real": "normal", "imag": "normal", "conj": "normal", "conjugate": "normal",
    "angle": "normal", "frexp": "normal", "modf": "normal", "spacing": "normal",
    "bitwise_count": "normal",
}

# name -> (kind of x1, kind of x2)
BINARY = {
    "add": ("normal", "normal"), "subtract": ("normal", "normal"),
    "multiply": ("normal", "normal"), "divide": ("normal", "nonzero"),
    "true_divide": ("normal", "nonzero"), "floor_divide": ("normal", "nonzero"),
    "mod": ("normal", "nonzero"), "remainder": ("normal", "nonzero"),
    "fmod": ("normal", "nonzero"), "divmod": ("normal", "nonzero"),
    "power": ("base", "exponent"), "float_power": ("positive", "exponent"),
    "logaddexp": ("normal", "normal"), "logaddexp2": ("normal", "normal"),
    "arctan2": ("normal", "normal"), "hypot": ("normal", "normal"),
    "maximum": ("normal", "normal"), "minimum": ("normal", "normal"),
    "fmax": ("normal", "normal"), "fmin": ("normal", "normal"),
    "copysign": ("normal", "normal"), "nextafter": ("normal", "normal"),
    "heaviside": ("normal", "normal"), "gcd": ("normal", "normal"),
    "lcm": ("normal", "normal"), "equal": ("normal", "normal"),
    "not_equal": ("normal", "normal"), "less": ("normal", "normal"),
    "less_equal": ("normal", "normal"), "greater": ("normal", "normal"),
    "greater_equal": ("normal", "normal"), "logical_and": ("normal", "normal"),
    "logical_or": ("normal", "normal"), "logical_xor": ("normal", "normal"),
    "bitwise_and": ("normal", "normal"), "bitwise_or": ("normal", "normal"),
    "bitwise_xor": ("normal", "normal"), "left_shift": ("normal", "int_small"),
    "right_shift": ("normal", "int_small"), "ldexp": ("normal", "int_small"),
}


def _unary(name, dtype, shape=(3, 5), layout="C", kind=None):
    kind = kind or UNARY[name]
    return lambda xp: getattr(xp, name)(make(xp, shape, dtype, kind, layout=layout))


def _binary(name, dt1, dt2, s1=(3, 5), s2=(3, 5), l1="C", l2="C", kinds=None):
    k1, k2 = kinds or BINARY[name]

    def fn(xp):
        a = make(xp, s1, dt1, k1, seed=1, layout=l1)
        b = make(xp, s2, dt2, k2, seed=2, layout=l2)
        return getattr(xp, name)(a, b)
    return fn


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary(name, dtype):
    check(_unary(name, dtype))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary(name, dtype):
    check(_binary(name, dtype, dtype))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_ldexp_int_exponent(dtype):
    check(_binary("ldexp", dtype, "int32"))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_where(dtype):
    def fn(xp):
        cond = make(xp, (3, 5), "bool", seed=3)
        return xp.where(cond, make(xp, (3, 5), dtype, seed=1), make(xp, (3, 5), dtype, seed=2))
    check(fn)


@pytest.mark.parametrize("case", ["scalars", "broadcast", "mixed_dtype", "nonbool_cond"])
def test_where_variants(case):
    def fn(xp):
        a = make(xp, (4, 3), "float32", seed=1)
        if case == "scalars":
            return xp.where(a > 0, 1.5, -2)
        if case == "broadcast":
            return xp.where(make(xp, (3,), "bool"), a, make(xp, (4, 1), "float64"))
        if case == "mixed_dtype":
            return xp.where(a > 0, a, make(xp, (4, 3), "int16"))
        return xp.where(make(xp, (4, 3), "int32"), a, 0)
    check(fn)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_clip_arrays(dtype):
    def fn(xp):
        a = make(xp, (3, 5), dtype, seed=1)
        lo = make(xp, (5,), dtype, seed=2)
        return xp.clip(a, lo, lo + make(xp, (5,), dtype, "positive", seed=4))
    check(fn)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("bounds", [(2, 5), (None, 3), (1, None), (0.5, 2.5), (-1, 4)])
def test_clip_scalars(dtype, bounds):
    check(lambda xp: xp.clip(make(xp, (3, 5), dtype), *bounds))


@pytest.mark.parametrize("dtype", FLOATS + ["int32", "uint8", "complex128"])
@pytest.mark.parametrize("decimals", [-1, 0, 1, 2])
@pytest.mark.parametrize("name", ["round", "around"])
def test_round_decimals(name, dtype, decimals):
    check(lambda xp: getattr(xp, name)(make(xp, (4, 6), dtype) * 7, decimals=decimals))


# ---------------------------------------------------------------------------
# shapes and memory layouts

SHAPES = [(), (0,), (2, 0, 3), (1,), (7,), (3, 4, 5), (1031,), (3, 257)]
LAYOUT_CASES = [(s, "C") for s in SHAPES] + [
    (s, l) for s in [(6, 5), (3, 4, 5)] for l in LAYOUTS[1:]] + [((9,), "neg"), ((9,), "strided")]
LAYOUT_UNARY = [("negative", "float64"), ("absolute", "int16"), ("sqrt", "float32"),
                ("sin", "float64"), ("exp", "float32"), ("floor", "float64"),
                ("isnan", "float32"), ("invert", "uint16"), ("square", "complex128"),
                ("conj", "complex64"), ("log1p", "float16"), ("logical_not", "int8")]


@pytest.mark.parametrize("shape,layout", LAYOUT_CASES, ids=str)
@pytest.mark.parametrize("name,dtype", LAYOUT_UNARY, ids=str)
def test_unary_layouts(name, dtype, shape, layout):
    check(_unary(name, dtype, shape, layout))


BROADCASTS = [((3, 1), (4,)), ((), (3, 4)), ((3, 4), ()), ((2, 1, 4), (3, 1)),
              ((0,), (1,)), ((2, 0, 3), (3,)), ((1, 1), (2, 0)), ((5,), (5,)),
              ((1031,), (1031,)), ((4, 1, 1), (1, 3, 1))]
LAYOUT_BINARY = [("add", "float64", "float64"), ("subtract", "int32", "int32"),
                 ("multiply", "complex64", "complex64"), ("true_divide", "int16", "int16"),
                 ("floor_divide", "float32", "float32"), ("power", "float64", "float64"),
                 ("maximum", "uint8", "uint8"), ("arctan2", "float32", "float32"),
                 ("less", "int64", "float64"), ("logical_and", "bool", "float32"),
                 ("bitwise_xor", "uint32", "uint32"), ("add", "int8", "float16")]


@pytest.mark.parametrize("s1,s2", BROADCASTS, ids=str)
@pytest.mark.parametrize("name,dt1,dt2", LAYOUT_BINARY, ids=str)
def test_binary_broadcast(name, dt1, dt2, s1, s2):
    check(_binary(name, dt1, dt2, s1, s2))


@pytest.mark.parametrize("l1,l2", [("strided", "C"), ("C", "T"), ("neg", "strided"),
                                   ("T", "T"), ("F", "C")], ids=str)
@pytest.mark.parametrize("name,dt1,dt2", LAYOUT_BINARY, ids=str)
def test_binary_layouts(name, dt1, dt2, l1, l2):
    check(_binary(name, dt1, dt2, (4, 6), (4, 6), l1, l2))


# ---------------------------------------------------------------------------
# special values: nan, +-inf, +-0.0

SIGNED_ZERO = {"negative", "absolute", "fabs", "floor", "ceil", "trunc", "rint",
               "sqrt", "cbrt", "sin", "tan", "arctan", "sinh", "tanh", "expm1",
               "log1p", "multiply", "copysign", "positive"}
SPECIAL_UNARY = sorted(n for n in UNARY if n not in ("invert", "bitwise_not"))
SPECIAL_BINARY = ["add", "subtract", "multiply", "divide", "floor_divide", "remainder",
                  "fmod", "divmod", "power", "float_power", "maximum", "minimum", "fmax",
                  "fmin", "arctan2", "hypot", "copysign", "nextafter", "logaddexp",
                  "logaddexp2", "heaviside", "equal", "not_equal", "less", "greater_equal",
                  "logical_and", "logical_xor"]


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("name", SPECIAL_UNARY)
def test_unary_special_values(name, dtype):
    check(_unary(name, dtype, (16,), kind="special"), signed_zero=name in SIGNED_ZERO)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("name", SPECIAL_BINARY)
def test_binary_special_values(name, dtype):
    if name == "nextafter" and dtype == "float16":
        pytest.xfail("known gap: float16 nextafter steps in float32 precision")
    def fn(xp):
        a = make(xp, (16, 1), dtype, "special")
        return getattr(xp, name)(a, a.reshape(1, 16))
    check(fn, signed_zero=name in SIGNED_ZERO)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("name", ["isnan", "isinf", "isfinite", "absolute", "real", "imag",
                                  "conj", "add", "multiply", "equal"])
def test_complex_special_values(name, dtype):
    def fn(xp):
        a = make(xp, (16,), dtype, "special")
        f = getattr(xp, name)
        return f(a, a[::-1]) if name in ("add", "multiply", "equal") else f(a)
    check(fn)


# ---------------------------------------------------------------------------
# integer edge cases


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "uint8", "uint32", "uint64"])
@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "negative", "absolute", "square"])
def test_integer_wraparound(name, dtype):
    def fn(xp):
        a = make(xp, (64,), dtype, "wide", seed=1)
        f = getattr(xp, name)
        return f(a) if name in ("negative", "absolute", "square") else f(a, make(xp, (64,), dtype, "wide", seed=2))
    check(fn)


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "uint8", "uint64"])
@pytest.mark.parametrize("name", ["floor_divide", "remainder", "fmod", "divmod"])
def test_integer_division_signs(name, dtype):
    def fn(xp):
        a = xp.asarray([7, -7, 7, -7, 0, 5, -1, 100], dtype="int64").astype(dtype)
        b = xp.asarray([2, 2, -2, -2, 3, -5, 3, 7], dtype="int64").astype(dtype)
        return getattr(xp, name)(a, b)
    check(fn)


@pytest.mark.parametrize("dtype", ["int8", "int32", "int64", "uint8", "uint16"])
@pytest.mark.parametrize("name", ["left_shift", "right_shift"])
def test_shift_by_bit_width_or_more(name, dtype):
    def fn(xp):
        a = xp.asarray([1, 3, 100, 127, 5, 1, 2, 9, 3, 1], dtype="int64").astype(dtype)
        s = xp.asarray([0, 1, 7, 8, 15, 16, 31, 40, 63, 64], dtype="int64").astype(dtype)
        return getattr(xp, name)(a, s)
    check(fn)


def test_integer_negative_power_raises():
    check(lambda xp: xp.power(xp.asarray([2, 3]), xp.asarray([1, -1])))


def test_power_integer_values():
    check(lambda xp: xp.power(xp.arange(-4, 5), 3))
    check(lambda xp: xp.asarray([2, 3, 4], dtype="int8") ** xp.asarray([0, 1, 2], dtype="int8"))


# ---------------------------------------------------------------------------
# out= and dtype=


@pytest.mark.parametrize("name,dtype,out_dtype", [
    ("sin", "float64", "float64"), ("sin", "float32", "float64"), ("sin", "float64", "float32"),
    ("sin", "float64", "int32"), ("negative", "int32", "int64"), ("negative", "int64", "int8"),
    ("sqrt", "int32", "float32"), ("isnan", "float32", "bool"), ("isnan", "float32", "float64"),
    ("absolute", "complex128", "float64"), ("absolute", "complex128", "complex64")])
def test_unary_out(name, dtype, out_dtype):
    def fn(xp):
        out = xp.zeros((3, 5), dtype=out_dtype)
        r = getattr(xp, name)(make(xp, (3, 5), dtype, UNARY[name]), out=out)
        return out, r is out
    # The loop runs in the input's precision; a wider out= only stores its result.
    check(fn, rtol=max(RTOL.get(dtype, 0.0), RTOL.get(out_dtype, 0.0)) or None)


@pytest.mark.parametrize("name,dt,out_dtype,out_shape", [
    ("add", "int32", "int32", (3, 4)), ("add", "int32", "float64", (3, 4)),
    ("add", "float64", "float32", (3, 4)), ("add", "float64", "int32", (3, 4)),
    ("multiply", "float32", "complex64", (3, 4)), ("add", "float64", "float64", (4, 3)),
    ("add", "float64", "float64", (2, 3, 4)), ("less", "float64", "bool", (3, 4)),
    ("less", "float64", "int8", (3, 4)), ("add", "float64", "float64", (4,))])
def test_binary_out(name, dt, out_dtype, out_shape):
    def fn(xp):
        out = xp.ones(out_shape, dtype=out_dtype)
        r = getattr(xp, name)(make(xp, (3, 1), dt, seed=1), make(xp, (4,), dt, seed=2), out=out)
        return out, r is out
    check(fn)


def test_out_tuple_and_keyword_positional():
    def fn(xp):
        a, b = make(xp, (5,), "float64", seed=1), make(xp, (5,), "float64", seed=2)
        o1, o2 = xp.empty(5), xp.empty(5)
        xp.add(a, b, out=(o1,))
        xp.multiply(a, b, o2)
        return o1, o2
    check(fn)


def test_divmod_out_pair():
    def fn(xp):
        a, b = make(xp, (6,), "float64", seed=1), make(xp, (6,), "float64", "nonzero", seed=2)
        q, r = xp.empty(6), xp.empty(6)
        res = xp.divmod(a, b, out=(q, r))
        return q, r, res[0] is q and res[1] is r
    check(fn)


def test_out_aliases_input():
    def fn(xp):
        a = make(xp, (4, 5), "float64")
        xp.sin(a, out=a)
        xp.add(a, a[::-1], out=a)
        return a
    check(fn)


@pytest.mark.parametrize("name,dt,dtype", [
    ("add", "int8", "float32"), ("add", "int8", "int64"), ("multiply", "float64", "float32"),
    ("multiply", "float64", "int64"), ("sqrt", "int32", "float32"), ("sqrt", "float16", "float64"),
    ("negative", "int16", "float64"), ("less", "int32", "float32"), ("divide", "int32", "float32"),
    ("add", "complex128", "float64"), ("exp", "float32", "complex64")])
def test_dtype_argument(name, dt, dtype):
    def fn(xp):
        f = getattr(xp, name)
        a = make(xp, (3, 4), dt, UNARY.get(name, "normal"), seed=1)
        if name in UNARY:
            return f(a, dtype=dtype)
        return f(a, make(xp, (3, 4), dt, "nonzero", seed=2), dtype=dtype)
    check(fn)


# ---------------------------------------------------------------------------
# evaluation order: results must not depend on when (lazy) work actually runs


@pytest.mark.parametrize("case", range(8))
def test_chains(case):
    def fn(xp):
        a, b = make(xp, (5, 7), "float32", seed=1), make(xp, (5, 7), "float32", seed=2)
        c = make(xp, (7,), "float64", seed=3)
        i8, u8 = make(xp, (5, 7), "int8", seed=4), make(xp, (7,), "uint8", seed=5)
        return [lambda: (a + b) * c - a / (b * b + 1),
                lambda: xp.sin(a) ** 2 + xp.cos(a) ** 2 - 1,
                lambda: (i8 + i8.astype("int16")) * 3 - u8,
                lambda: xp.where(a > 0, xp.sqrt(xp.abs(a)), -a) + xp.exp(-b * b),
                lambda: ((a * b + c).sum(axis=0), (a - 1).max(axis=1)),
                lambda: xp.maximum(a, 0) * (b > 0) + xp.floor(a * 3) // 2,
                lambda: ((a > 0) & (b < 0)) | ~(c > 1),
                lambda: xp.tanh(xp.log1p(xp.abs(a)) * c)][case]()
    # float32 intermediates (log1p of a float32 array) carry float32 rounding into
    # float64 results: compare at float32 precision.
    check(fn, rtol=1e-5, atol=1e-6)


def test_result_unaffected_by_later_write_to_input():
    def fn(xp):
        a = make(xp, (6,), "float64")
        b = a + 1
        c = xp.sin(a)
        d = a[1:4]
        a[...] = 0
        a += 5
        return a, b, c, d
    check(fn)


def test_intermediate_kept_and_mutated():
    def fn(xp):
        a = make(xp, (3, 4), "float32")
        t = a * 2
        u = t + 1
        t[0] = 100
        v = t - u
        return t, u, v
    check(fn)


def test_inplace_with_transposed_self():
    def fn(xp):
        a = make(xp, (5, 5), "float64")
        a += a.T
        b = make(xp, (6,), "int32")
        b[1:] += b[:-1]
        return a, b
    check(fn)


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64"])
def test_gcd_and_lcm_at_the_most_negative_value(dtype):
    info = np.iinfo(dtype)

    def fn(xp):
        a = xp.asarray(np.array([info.min, info.min, 126, -12, 0, 7, info.max], dtype=dtype))
        b = xp.asarray(np.array([info.max, info.min, 127, 18, 0, -3, 2], dtype=dtype))
        return xp.gcd(a, b), xp.lcm(a, b)
    check(fn)


def test_dtype_classes_as_dtype_arguments():
    """NumPy accepts DType classes (numpy.dtypes.Float64DType) where a dtype goes, and passes
    them itself (its histogram estimators do); numpy.dtype() would make them object."""
    import metallic as mtl
    x = mtl.asarray([1.0, 2.0])
    got = mtl.subtract(x, 0.5, dtype=np.dtypes.Float64DType)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(np.asarray(got), [0.5, 1.5])
    assert mtl.add(x, 1, dtype=np.dtypes.Float32DType).dtype == np.float32
    assert x.astype(np.dtypes.Int32DType).dtype == np.int32
    assert np.subtract(x, 0.5, dtype=np.dtypes.Float64DType).dtype == np.float64


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "int32", "int64", "uint64"])
@pytest.mark.parametrize("decimals", [-1, -2, -3, -5, -20])
def test_round_integers_to_tens_beyond_the_type(dtype, decimals):
    """Rounding integers to a power of ten the type cannot hold gives 0 (NumPy divides by a
    float64 power), never a wrapped factor; halves to even."""
    info = np.iinfo(dtype)
    top = info.max if dtype != "uint64" else info.max // 2  # near 2^64 the float rounds past the type
    values = np.array([0, 5, 15, 25, 35, top, info.min, info.max // 3], dtype=dtype)
    check(lambda xp: xp.round(xp.asarray(values), decimals))


@pytest.mark.parametrize("dtype", ["int8", "float16", "bool", "float32"])
@pytest.mark.parametrize("name", ["sin", "exp", "sqrt", "log1p"])
def test_out_of_a_wider_type_gets_the_loops_result(name, dtype):
    """out= of a wider type receives the loop's result cast (NumPy computes sin(int8) in
    float16, then casts into a float64 out)."""
    def f(xp):
        out = xp.zeros(4)
        getattr(xp, name)(xp.asarray(np.array([1, 2, 3, 0], dtype=dtype)), out=out)
        return out
    check(f, rtol=3e-7 if dtype == "float32" else 0, atol=0)  # float32 exp/log1p: NumPy's own loops


@pytest.mark.parametrize("signature", [(None, None, "float64"), ("f8", "f8", "f8"), ("f8", None, None),
                                       "dd->d", "ii->i", "f4,f4->f4", ("i4", "f8", "f8")])
def test_signature_argument(signature):
    check(lambda xp: xp.add(xp.asarray(np.int8([1, 2, 3])), xp.asarray(np.int8([4, 5, 6])), signature=signature))


@pytest.mark.parametrize("dtype, casting", [("float32", "safe"), ("int8", "safe"), ("int16", "same_kind"),
                                            ("float32", "same_kind"), ("float32", "unsafe"), ("float64", "no")])
def test_dtype_argument_checks_the_inputs_casting(dtype, casting):
    check(lambda xp: xp.add(xp.ones(2), xp.asarray([1.0, 2.0]), dtype=dtype, casting=casting))


def test_numpy_arrays_as_outputs():
    """A NumPy array as out= of a ufunc over metallic arrays gets the result (n += m, as
    with NumPy's own arrays); casting is checked as NumPy's."""
    import metallic as mtl
    n = np.zeros(3)
    n += mtl.arange(3.0)
    np.testing.assert_array_equal(n, [0.0, 1.0, 2.0])
    out = np.empty(3)
    assert np.sin(mtl.arange(3.0), out=out) is out
    np.testing.assert_allclose(out, np.sin(np.arange(3.0)), rtol=1e-15)
    mtl.add(mtl.arange(3.0), 1, out=out)
    np.testing.assert_array_equal(out, [1.0, 2.0, 3.0])
    with pytest.raises(TypeError):
        np.multiply(mtl.arange(3.0), 2, out=np.zeros(3, int))
