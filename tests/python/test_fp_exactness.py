"""Results that depend on an element's value only (not its place, block or SIMD lane), and
float16 exactly as NumPy: nextafter over all 65,536 values, single rounding from float64."""
import numpy as np
import pytest

import metallic as mtl

UNARY = ["sin", "cos", "tan", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "arcsin",
         "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "cbrt", "sqrt"]
BINARY = ["arctan2", "hypot", "power", "add", "multiply", "divide"]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", UNARY + BINARY)
def test_same_value_same_result_everywhere(name, dtype):
    v = 0.75 if name in ("arcsin", "arccos", "arctanh") else 2.5
    f = getattr(mtl, name)
    one = None
    for n in list(range(1, 70)) + [255, 256, 257, 300, 2047, 2048, 2049, 4097]:
        x = mtl.full(n, v, dtype=dtype)
        r = np.asarray(f(x) if name in UNARY else f(x, x * 0.5))
        assert len(np.unique(r)) == 1, (name, n)
        one = r[0] if one is None else one
        assert r[0] == one, (name, n)


def test_float16_nextafter_all_values():
    h = np.arange(65536, dtype=np.uint16).view(np.float16)
    for t in (np.inf, -np.inf, 0.0, 1.0, np.nan):
        with np.errstate(all="ignore"), mtl.errstate(all="ignore"):
            want = np.nextafter(h, np.float16(t))
            got = np.asarray(mtl.nextafter(mtl.asarray(h), mtl.asarray(np.full(65536, t, np.float16))))
        same = (got.view(np.uint16) == want.view(np.uint16)) | (np.isnan(got) & np.isnan(want))
        assert same.all(), (t, h[~same][:5])


def test_float64_to_float16_rounds_once():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(400000) * np.exp(rng.uniform(-20, 12, 400000))
    # Values just beside float16 ties, where rounding through float32 first goes wrong.
    ties = (np.arange(1, 2048, dtype=np.float64) + 0.5) * 2.0 ** -10
    x = np.concatenate([x, ties + 2.0 ** -40, ties - 2.0 ** -40, ties])
    with np.errstate(over="ignore"), mtl.errstate(over="ignore"):
        want = x.astype(np.float16)
        got = np.asarray(mtl.asarray(x).astype(np.float16))
    np.testing.assert_array_equal(got.view(np.uint16), want.view(np.uint16))


@pytest.mark.parametrize("name", ["less", "less_equal", "greater", "greater_equal", "maximum", "minimum",
                                  "fmax", "fmin"])
def test_complex_order_with_nan_parts(name):
    import itertools
    v = [complex(a, b) for a in (0, 1, np.nan, np.inf, -np.inf) for b in (0, 1, np.nan, -np.inf, -0.0)]
    a = np.array([x for x, _ in itertools.product(v, v)])
    b = np.array([y for _, y in itertools.product(v, v)])
    with np.errstate(all="ignore"):
        want = getattr(np, name)(a, b)
    got = np.asarray(getattr(mtl, name)(mtl.asarray(a), mtl.asarray(b)))
    np.testing.assert_array_equal(got, want)


def test_float16_var_and_std_in_float16():
    # NumPy's var keeps float16 (its squares and their sum round to float16): 700 values
    # of +-200 have squares of 40000, whose sum overflows float16.
    h = np.where(np.arange(700) % 2, 200, -200).astype(np.float16)
    for name in ("var", "std"):
        with np.errstate(over="ignore"), mtl.errstate(over="ignore"):
            want = getattr(np, name)(h)
            got = getattr(mtl, name)(mtl.asarray(h))
        assert np.asarray(got).dtype == want.dtype and np.isinf(want) and np.isinf(np.asarray(got))
    small = np.random.default_rng(3).standard_normal(500).astype(np.float16)
    np.testing.assert_allclose(np.asarray(mtl.var(mtl.asarray(small))), np.var(small), rtol=2e-3)
    np.testing.assert_allclose(np.asarray(mtl.var(mtl.asarray(small), dtype=np.float32)), np.var(small, dtype=np.float32), rtol=1e-5)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_complex_absolute_is_numpys_formula(dtype):
    # NumPy's loops compute |z| as max * sqrt(1 + r^2), not libm's hypot: they round alike
    # (all but where NumPy's AVX loops fuse 1 + r^2 and a plain build does not), within 2 ulp.
    rng = np.random.default_rng(11)
    z = (rng.standard_normal(200000) * np.exp(rng.uniform(-30, 30, 200000))
         + 1j * rng.standard_normal(200000)).astype(dtype)
    got, want = np.asarray(mtl.abs(mtl.asarray(z))), np.abs(z)
    assert np.mean(got == want) > 0.99  # 1.0 on an AVX2 or AVX-512 machine
    np.testing.assert_array_max_ulp(got, want, maxulp=2)
