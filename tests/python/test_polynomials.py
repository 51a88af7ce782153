"""The polynomial functions (coefficient arrays, highest power first) and
apply_along_axis / apply_over_axes, against NumPy's."""
import numpy as np
import pytest

import metallic as mtl
from harness import compare

COEFFS = [[1.0], [3.0, -2.0], [1, 2, 3], [2.0, 0.0, -1.0, 5.0], [0.0, 1.0, 2.0], [1 + 2j, -1j, 3.0],
          np.array([1, 2, 3], dtype=np.float32), [4, 0, 0]]


def same(got, want, rtol=1e-9):
    compare(got, want, rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("name", ["polyadd", "polysub", "polymul", "polydiv"])
def test_binary(name):
    for a in COEFFS:
        for b in COEFFS:
            if name == "polydiv" and np.asarray(b)[0] == 0:
                continue
            want = getattr(np, name)(np.asarray(a), np.asarray(b))
            same(getattr(mtl, name)(mtl.asarray(a), mtl.asarray(b)), want)
            if isinstance(a, list) and isinstance(b, list):  # plain sequences, converted
                same(getattr(mtl, name)(a, b), getattr(np, name)(a, b))


@pytest.mark.parametrize("m", [0, 1, 2, 4])
def test_der_int(m):
    for c in COEFFS:
        same(mtl.polyder(mtl.asarray(c), m), np.polyder(np.asarray(c), m))
        same(mtl.polyint(mtl.asarray(c), m), np.polyint(np.asarray(c), m))
        same(mtl.polyint(mtl.asarray(c), m, k=3.0), np.polyint(np.asarray(c), m, k=3.0))
    same(mtl.polyint([1.0, 2.0], 2, k=[1.0, 2.0]), np.polyint([1.0, 2.0], 2, k=[1.0, 2.0]))
    for fn in ("polyder", "polyint"):
        with pytest.raises(ValueError):
            getattr(mtl, fn)([1.0, 2.0], -1)
    with pytest.raises(ValueError):
        mtl.polyint([1.0, 2.0], 3, k=[1.0, 2.0])


def test_roots_and_poly():
    for c in ([1, -3, 2], [1, 0, 1], [2.0, -4.0, 0.0, 0.0], [0, 0, 1, -1], [5], [0, 0], [1, 2, 3, 4, 5]):
        want = np.roots(c)
        got = np.asarray(mtl.roots(mtl.asarray(c)))
        assert got.shape == want.shape and got.dtype.kind == want.dtype.kind
        np.testing.assert_allclose(np.sort_complex(got), np.sort_complex(want), atol=1e-10)
    for z in ([1.0, 2.0], [1j, -1j], [1 + 1j, 2.0], [3], [], np.array([0.5, 2.0], dtype=np.float32),
              [[1.0, 2.0], [3.0, 4.0]], [1, 2, 3]):
        same(mtl.poly(mtl.asarray(z) if len(z) else z), np.poly(np.asarray(z)), rtol=1e-6)
    with pytest.raises(ValueError):
        mtl.poly(mtl.ones((2, 3)))
    with pytest.raises(ValueError):
        mtl.roots(mtl.ones((2, 2)))


def test_poly1d_goes_to_numpy():
    p = np.poly1d([1.0, 2.0])
    assert isinstance(mtl.polyadd(p, [1.0]), np.poly1d)
    assert mtl.polymul(p, p) == np.polymul(p, p)


def test_apply_along_axis():
    x = np.arange(24.0).reshape(2, 3, 4)
    a = mtl.asarray(x)
    for axis in (0, 1, 2, -1):
        for fn in (lambda v: v.sum(), lambda v: v * 2, lambda v: v[:2], lambda v: np.outer(v, v) if isinstance(v, np.ndarray) else mtl.outer(v, v)):
            same(mtl.apply_along_axis(fn, axis, a), np.apply_along_axis(fn, axis, x))
    same(mtl.apply_along_axis(lambda v, k: v.max() + k, 1, a, 3.0), np.apply_along_axis(lambda v, k: v.max() + k, 1, x, 3.0))
    seen = []
    mtl.apply_along_axis(lambda v: seen.append(type(v)) or v.sum(), 0, a)
    assert all(t is type(a) for t in seen)
    with pytest.raises(ValueError):
        mtl.apply_along_axis(lambda v: v, 1, mtl.ones((0, 3)))
    with pytest.raises(np.exceptions.AxisError):
        mtl.apply_along_axis(lambda v: v, 3, a)


def test_apply_over_axes():
    x = np.arange(24.0).reshape(2, 3, 4)
    a = mtl.asarray(x)
    for axes in (0, [0, 2], [-1], (1, 2)):
        same(mtl.apply_over_axes(mtl.sum, a, axes), np.apply_over_axes(np.sum, x, axes))
    with pytest.raises(ValueError):
        mtl.apply_over_axes(lambda v, ax: mtl.sum(v), a, [0, 1])
