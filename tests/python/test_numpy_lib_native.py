"""NumPy functions that are array code, native in metallic (no NumPy fallback): index
helpers, value tests, windows, polynomials, vector products."""
import numpy as np
import pytest

import metallic as mtl

rng = np.random.default_rng(7)
X = rng.standard_normal((4, 5))
A3 = rng.standard_normal((3, 4, 5))
V5 = rng.standard_normal(5)
V4 = rng.standard_normal(4)
SPECIAL = np.array([np.nan, np.inf, -np.inf, 1.0, -0.0, 0.0])


def _fill(lib, shape, val, wrap=False):
    a = lib.zeros(shape)
    lib.fill_diagonal(a, val, wrap)
    return a


CASES = {
    "triu_indices": lambda m: m.triu_indices(4, 1),
    "triu_indices wide": lambda m: m.triu_indices(4, -1, 6),
    "tril_indices": lambda m: m.tril_indices(5, 0, 3),
    "triu_indices_from": lambda m: m.triu_indices_from(m.asarray(X), 2),
    "tril_indices_from": lambda m: m.tril_indices_from(m.asarray(X), -1),
    "diag_indices": lambda m: m.diag_indices(3, 3),
    "diag_indices_from": lambda m: m.diag_indices_from(m.zeros((3, 3))),
    "fill_diagonal": lambda m: _fill(m, (4, 4), 5),
    "fill_diagonal tall wrap": lambda m: _fill(m, (7, 3), [1, 2], True),
    "fill_diagonal tall": lambda m: _fill(m, (7, 3), 9),
    "fill_diagonal 3-d": lambda m: _fill(m, (3, 3, 3), 4),
    "fromfunction": lambda m: m.fromfunction(lambda i, j: i * 10 + j, (3, 4)),
    "piecewise": lambda m: m.piecewise(m.asarray(V5), [m.asarray(V5) < 0, m.asarray(V5) >= 0],
                                       [lambda t: -t, lambda t: t * 2]),
    "piecewise otherwise": lambda m: m.piecewise(m.asarray(V5), [m.asarray(V5) < 0], [0, lambda t: t + 1]),
    "isposinf": lambda m: m.isposinf(m.asarray(SPECIAL)),
    "isneginf": lambda m: m.isneginf(m.asarray(SPECIAL)),
    "isreal": lambda m: m.isreal(m.asarray([1 + 0j, 1 + 1j])),
    "iscomplex": lambda m: m.iscomplex(m.asarray([1 + 0j, 1 + 1j])),
    "iscomplex of reals": lambda m: m.iscomplex(m.asarray([1.0, 2.0])),
    "iscomplexobj": lambda m: m.iscomplexobj(m.asarray([1 + 0j])),
    "isrealobj": lambda m: m.isrealobj(m.asarray([1.0])),
    "nan_to_num": lambda m: m.nan_to_num(m.asarray(SPECIAL)),
    "nan_to_num float32": lambda m: m.nan_to_num(m.asarray(SPECIAL.astype(np.float32)), nan=-1, posinf=7),
    "nan_to_num complex": lambda m: m.nan_to_num(m.asarray([complex(np.nan, np.inf), complex(-np.inf, 1)])),
    "nan_to_num int": lambda m: m.nan_to_num(m.asarray([1, 2])),
    "real_if_close": lambda m: m.real_if_close(m.asarray([1 + 1e-16j, 2])),
    "sinc": lambda m: m.sinc(m.asarray(np.linspace(-3, 3, 13))),
    "sinc float32": lambda m: m.sinc(m.asarray(np.linspace(-3, 3, 13).astype(np.float32))),
    "polyval": lambda m: m.polyval(m.asarray([3.0, 0, 1]), m.asarray(V5)),
    "polyval ints": lambda m: m.polyval([3, 0, 1], m.asarray([1, 2, 3])),
    "vander": lambda m: m.vander(m.asarray([1, 2, 3, 5])),
    "vander increasing": lambda m: m.vander(m.asarray([1.5, 2, 3]), 5, True),
    "vecdot": lambda m: m.vecdot(m.asarray(A3), m.asarray(V5)),
    "vecdot axis": lambda m: m.vecdot(m.asarray(A3), m.asarray(A3), axis=0),
    "vecdot complex": lambda m: m.vecdot(m.asarray(A3 * 1j + 1), m.asarray(A3)),
    "matvec": lambda m: m.matvec(m.asarray(A3), m.asarray(V5)),
    "vecmat": lambda m: m.vecmat(m.asarray(V4 + 2j), m.asarray(A3)),
}
for _w in ("bartlett", "blackman", "hamming", "hanning"):
    for _M in (0, 1, 5, 6):
        CASES[f"{_w}({_M})"] = (lambda w, M: lambda m: getattr(m, w)(M))(_w, _M)


def _same(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            _same(g, w)
        return
    g = np.asarray(got)
    w = np.asarray(want)
    assert g.dtype == w.dtype and g.shape == w.shape, (g.dtype, w.dtype, g.shape, w.shape)
    np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", list(CASES))
def test_native_as_numpy(name, native):
    _same(CASES[name](mtl), CASES[name](np))


def test_errors_as_numpy():
    for call in (lambda m: m.triu_indices_from(m.zeros(3)), lambda m: m.diag_indices_from(m.zeros((2, 3))),
                 lambda m: m.fill_diagonal(m.zeros(3), 1), lambda m: m.vander(m.zeros((2, 2))),
                 lambda m: m.fill_diagonal(m.zeros((2, 3, 2)), 1)):
        with pytest.raises(ValueError):
            call(np)
        with pytest.raises(ValueError):
            call(mtl)
    with pytest.raises(TypeError):
        mtl.isposinf(mtl.asarray([1j]))


def test_nan_to_num_in_place_and_scalars():
    a = mtl.asarray(SPECIAL.copy())
    r = mtl.nan_to_num(a, copy=False)
    assert r is a
    np.testing.assert_array_equal(np.asarray(a), np.nan_to_num(SPECIAL))
    assert mtl.nan_to_num(np.nan) == 0.0 and np.ndim(mtl.nan_to_num(np.inf)) == 0


@pytest.mark.parametrize("kw", [{}, {"discont": 4.0}, {"period": 6.0}, {"axis": 0}])
def test_unwrap(kw, native):
    phase = np.cumsum(rng.uniform(-2.5, 2.5, (6, 40)), axis=1)
    wrapped = np.angle(np.exp(1j * phase))
    for x in (wrapped, wrapped.astype(np.float32)):
        got, want = mtl.unwrap(mtl.asarray(x), **kw), np.unwrap(x, **kw)
        assert np.asarray(got).dtype == want.dtype
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5 if x.dtype == np.float32 else 1e-12, atol=1e-5)


@pytest.mark.parametrize("bitorder", ["big", "little"])
def test_packbits_unpackbits(bitorder, native):
    bits = rng.integers(0, 2, (3, 13)).astype(bool)
    for axis in (None, 0, 1, -1):
        want = np.packbits(bits, axis=axis, bitorder=bitorder)
        got = mtl.packbits(mtl.asarray(bits), axis=axis, bitorder=bitorder)
        _same(got, want)
        for count in (None, 5, -3, 40):
            if axis is None or count is None or count < want.shape[axis] * 8:
                _same(mtl.unpackbits(got, axis=axis, count=count, bitorder=bitorder),
                      np.unpackbits(want, axis=axis, count=count, bitorder=bitorder))
    with pytest.raises(TypeError):
        mtl.unpackbits(mtl.asarray([1.0]))


@pytest.mark.parametrize("deg", [0, 1, 3])
def test_polyfit(deg, native):
    x = np.linspace(-2, 3, 50)
    y = 0.5 * x ** 3 - x + 2 + rng.standard_normal(50) * 0.01
    w = rng.uniform(0.5, 2, 50)
    np.testing.assert_allclose(np.asarray(mtl.polyfit(mtl.asarray(x), mtl.asarray(y), deg)), np.polyfit(x, y, deg),
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(np.asarray(mtl.polyfit(mtl.asarray(x), mtl.asarray(y), deg, w=mtl.asarray(w))),
                               np.polyfit(x, y, deg, w=w), rtol=1e-9, atol=1e-12)
    y2 = np.stack([y, 2 * y], axis=1)
    np.testing.assert_allclose(np.asarray(mtl.polyfit(mtl.asarray(x), mtl.asarray(y2), deg)), np.polyfit(x, y2, deg),
                               rtol=1e-9, atol=1e-12)


def test_i0_and_kaiser(native):
    x = np.concatenate([np.linspace(-30, 30, 601), [0.0, 1e-300, 19.999, 20.0, 20.001, 700.0, 710.0, np.inf,
                                                    np.nan]])
    got, want = np.asarray(mtl.i0(mtl.asarray(x))), np.i0(x)
    assert got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-13)
    np.testing.assert_allclose(np.asarray(mtl.i0(mtl.asarray([1, 2, 3]))), np.i0([1, 2, 3]), rtol=1e-13)
    for M, beta in [(0, 5.0), (1, 5.0), (12, 0.0), (12, 14.0), (51, 8.6)]:
        got, want = mtl.kaiser(M, beta), np.kaiser(M, beta)
        assert np.asarray(got).dtype == want.dtype
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-13, atol=1e-300)
    with pytest.raises(TypeError):
        mtl.i0(mtl.asarray([1j]))


def test_einsum_path_and_min_scalar_type(native):
    a, b = rng.standard_normal((8, 5)), rng.standard_normal((5, 7))
    assert mtl.einsum_path("ij,jk->ik", mtl.asarray(a), mtl.asarray(b)) == np.einsum_path("ij,jk->ik", a, b)
    for v in (np.array(3), np.array(300), np.array(-1.5), np.arange(3), 1e300):
        assert mtl.min_scalar_type(mtl.asarray(v) if isinstance(v, np.ndarray) else v) == np.min_scalar_type(v)
