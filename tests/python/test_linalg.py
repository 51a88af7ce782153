"""numpy.linalg's solve, inv, det, slogdet and cholesky against NumPy, natively (no
fallback), with tolerances scaled by each matrix's condition number."""

import numpy as np
import pytest

import metallic as mtl
from harness import check, random_matrices

rng = np.random.default_rng(17)
DTYPES = [np.float64, np.float32, np.complex128, np.complex64]


def matrices(shape, dtype):
    return random_matrices(rng, shape, dtype)


def close(got, want, a=None):
    g, w = np.asarray(got), np.asarray(want)
    assert g.shape == w.shape and g.dtype == w.dtype, (g.shape, g.dtype, w.shape, w.dtype)
    eps = np.finfo(w.dtype).eps
    cond = np.max(np.linalg.cond(a)) if a is not None and a.size else 1.0
    tol = 50 * eps * max(cond, 1.0) * max(a.shape[-1] if a is not None else 1, 1)
    np.testing.assert_allclose(g, w, rtol=tol, atol=tol * max(np.max(np.abs(w)) if w.size else 1, 1))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("ashape,bshape", [((4, 4), (4,)), ((4, 4), (4, 3)), ((2, 3, 3), (2, 3, 1)),
                                           ((5, 5), (2, 5, 2)), ((2, 1, 6, 6), (3, 6, 2)), ((1, 1), (1,)),
                                           ((70, 70), (70, 5)), ((0, 0), (0,)), ((3, 3), (3, 0))])
def test_solve(dtype, ashape, bshape, native):
    a, b = matrices(ashape, dtype), matrices(bshape, dtype)
    close(mtl.linalg.solve(mtl.asarray(a), mtl.asarray(b)), np.linalg.solve(a, b), a)
    if len(ashape) == 2 and ashape[0]:
        close(np.linalg.solve(mtl.asarray(a.T), b), np.linalg.solve(a.T, b), a)  # a transposed view, NumPy's call


def test_solve_promotes_and_checks(native):
    a = rng.integers(-5, 5, (4, 4)) + 10 * np.eye(4, dtype=np.int64)
    b = rng.standard_normal(4).astype(np.float32)
    close(mtl.linalg.solve(mtl.asarray(a), mtl.asarray(b)), np.linalg.solve(a, b), a.astype(float))
    with pytest.raises(np.linalg.LinAlgError, match="Singular"):
        mtl.linalg.solve(mtl.ones((3, 3)), mtl.ones(3))
    with pytest.raises(np.linalg.LinAlgError):
        mtl.linalg.solve(mtl.ones((3, 2)), mtl.ones(3))
    with pytest.raises(np.linalg.LinAlgError):
        mtl.linalg.solve(mtl.ones(3), mtl.ones(3))
    with pytest.raises(ValueError):
        mtl.linalg.solve(mtl.eye(3), mtl.ones(4))
    with pytest.raises(TypeError):
        mtl.linalg.solve(mtl.eye(3, dtype=np.float16), mtl.ones(3, dtype=np.float16))
    s = mtl.asarray(np.stack([np.eye(3), np.ones((3, 3))]))  # one singular matrix in the stack
    with pytest.raises(np.linalg.LinAlgError):
        mtl.linalg.inv(s)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(1, 1), (5, 5), (3, 4, 4), (2, 2, 8, 8), (60, 60)])
def test_inv_det_slogdet(dtype, shape, native):
    a = matrices(shape, dtype)
    m = mtl.asarray(a)
    close(mtl.linalg.inv(m), np.linalg.inv(a), a)
    close(mtl.linalg.det(m), np.linalg.det(a), a)
    sign, logdet = mtl.linalg.slogdet(m)
    want = np.linalg.slogdet(a)
    close(sign, want.sign, a)
    close(logdet, want.logabsdet, a)
    assert type(mtl.linalg.slogdet(m)).__name__ == "SlogdetResult"


def test_det_of_singular_and_swapped(native):
    for a in (np.ones((3, 3)), np.array([[0.0, 1.0], [1.0, 0.0]]), np.zeros((2, 2)), np.diag([2.0, -3.0, 0.5])):
        close(mtl.linalg.det(mtl.asarray(a)), np.linalg.det(a))
        s, l = mtl.linalg.slogdet(mtl.asarray(a))
        w = np.linalg.slogdet(a)
        np.testing.assert_allclose(np.asarray(s), w.sign)
        np.testing.assert_allclose(np.asarray(l), w.logabsdet)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(1, 1), (6, 6), (3, 5, 5), (50, 50)])
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky(dtype, shape, upper, native):
    x = matrices(shape, dtype)
    a = x @ np.conj(np.swapaxes(x, -1, -2)) + shape[-1] * np.eye(shape[-1], dtype=dtype)
    close(mtl.linalg.cholesky(mtl.asarray(a), upper=upper), np.linalg.cholesky(a, upper=upper), a)


def test_cholesky_not_positive_definite():
    with pytest.raises(np.linalg.LinAlgError, match="positive definite"):
        mtl.linalg.cholesky(mtl.asarray(-np.eye(3)))
    with pytest.raises(np.linalg.LinAlgError):
        mtl.linalg.cholesky(mtl.ones((2, 3)))


def test_other_functions_fall_back():
    a = matrices((4, 4), np.float64)
    close(mtl.linalg.cross(mtl.asarray(a[:, :3]), mtl.asarray(a[:, 1:])), np.linalg.cross(a[:, :3], a[:, 1:]))
    close(mtl.linalg.norm(mtl.asarray(a)), np.linalg.norm(a))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (5, 5), (2, 7, 3), (3, 2, 3, 7), (1, 1), (40, 2)])
def test_qr_every_mode(dtype, shape, native):
    """Same LAPACK algorithm as NumPy's: the factors themselves match, signs included."""
    a = matrices(shape, dtype)
    ma = mtl.asarray(a)
    for mode in ("reduced", "complete"):
        q, r = mtl.linalg.qr(ma, mode=mode)
        qn, rn = np.linalg.qr(a, mode=mode)
        close(r, rn, a)
        close(q, qn, a)
        np.testing.assert_allclose(np.asarray(q) @ np.asarray(r), a, atol=100 * np.finfo(dtype).eps * max(shape))
    close(mtl.linalg.qr(ma, mode="r"), np.linalg.qr(a, mode="r"), a)
    h, tau = mtl.linalg.qr(ma, mode="raw")
    hn, taun = np.linalg.qr(a, mode="raw")
    close(h, hn, a)
    close(tau, taun, a)


def test_qr_checks():
    with pytest.raises(ValueError):
        mtl.linalg.qr(mtl.ones((2, 2)), mode="full_q")
    with pytest.raises(np.linalg.LinAlgError):
        mtl.linalg.qr(mtl.ones(3))
    q, r = mtl.linalg.qr(mtl.asarray([[1, 2], [3, 4]]))
    assert q.dtype == np.float64 and r.dtype == np.float64


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128])
def test_products_and_transposes(dtype, native):
    a, b = matrices((3, 4), dtype), matrices((5, 4), dtype)
    v, w = matrices((7,), dtype), matrices((7,), dtype)
    close(mtl.vdot(mtl.asarray(a), mtl.asarray(a)), np.vdot(a, a))
    close(mtl.inner(mtl.asarray(a), mtl.asarray(b)), np.inner(a, b))
    close(mtl.inner(mtl.asarray(v), 2.0), np.inner(v, 2.0))
    close(mtl.outer(mtl.asarray(a), mtl.asarray(v)), np.outer(a, v))
    close(mtl.linalg.outer(mtl.asarray(v), mtl.asarray(w)), np.linalg.outer(v, w))
    close(mtl.linalg.vecdot(mtl.asarray(a), mtl.asarray(a[::-1])), np.linalg.vecdot(a, a[::-1]))
    close(mtl.linalg.matrix_transpose(mtl.asarray(a)), np.linalg.matrix_transpose(a))
    close(mtl.linalg.diagonal(mtl.asarray(a), offset=1), np.linalg.diagonal(a, offset=1))
    with pytest.raises(ValueError):
        mtl.inner(mtl.asarray(a), mtl.asarray(a.T))


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, -1, -3])
def test_matrix_power(n, native):
    a = matrices((2, 4, 4), np.float64) + 4 * np.eye(4)
    close(mtl.linalg.matrix_power(mtl.asarray(a), n), np.linalg.matrix_power(a, n), a)


def test_multi_dot(native):
    shapes = [(10, 3), (3, 30), (30, 4), (4, 7)]
    ms = [matrices(s, np.float64) for s in shapes]
    close(mtl.linalg.multi_dot([mtl.asarray(x) for x in ms]), np.linalg.multi_dot(ms))
    v, w = matrices((10,), np.float64), matrices((7,), np.float64)
    close(mtl.linalg.multi_dot([mtl.asarray(v)] + [mtl.asarray(x) for x in ms] + [mtl.asarray(w)]),
          np.linalg.multi_dot([v] + ms + [w]))
    close(mtl.linalg.multi_dot([mtl.asarray(v), mtl.asarray(ms[0])]), np.linalg.multi_dot([v, ms[0]]))


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex64, np.int64])
def test_norms(dtype, native):
    x = matrices((3, 4, 5), np.float64 if dtype is np.int64 else dtype)
    if dtype is np.int64:
        x = (x * 10).astype(np.int64)
    mx = mtl.asarray(x)
    close(mtl.linalg.norm(mx), np.linalg.norm(x))
    close(mtl.linalg.norm(mx, keepdims=True), np.linalg.norm(x, keepdims=True))
    for ord in (None, 1, 2, 3, 0.5, np.inf, -np.inf, 0):
        for axis in (0, -1, (1,)):
            close(mtl.linalg.norm(mx, ord=ord, axis=axis), np.linalg.norm(x, ord=ord, axis=axis))
    for ord in (None, "fro", 1, -1, np.inf, -np.inf):
        for axis in ((0, 1), (2, 0), (-1, -2)):
            for keepdims in (False, True):
                close(mtl.linalg.norm(mx, ord=ord, axis=axis, keepdims=keepdims),
                      np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims))
    close(mtl.linalg.norm(mx[0], ord=1), np.linalg.norm(x[0], ord=1))
    close(mtl.linalg.norm(mx[0, 0], ord=np.inf), np.linalg.norm(x[0, 0], ord=np.inf))
    close(mtl.linalg.vector_norm(mx, ord=3), np.linalg.vector_norm(x, ord=3))
    close(mtl.linalg.vector_norm(mx, axis=1, keepdims=True), np.linalg.vector_norm(x, axis=1, keepdims=True))
    close(mtl.linalg.matrix_norm(mx, ord=np.inf), np.linalg.matrix_norm(x, ord=np.inf))


def test_norm_errors_and_fallbacks():
    x = mtl.asarray(matrices((3, 4, 5), np.float64))
    with pytest.raises(ValueError):
        mtl.linalg.norm(x, ord=1)
    with pytest.raises(ValueError):
        mtl.linalg.norm(x[0, 0], ord="fro", axis=0)
    with pytest.raises(ValueError):
        mtl.linalg.norm(x, axis=(0, 0))
    h = np.asarray(x)
    close(mtl.linalg.norm(x, ord=2, axis=(0, 1)), np.linalg.norm(h, ord=2, axis=(0, 1)), h)


NONFINITE = [[[np.nan, 1.0], [1.0, 1.0]], [[1.0, 2.0], [3.0, np.nan]], [[np.inf, 1.0], [1.0, 1.0]],
             [[-np.inf, 2.0], [3.0, 1.0]], [[1.0, 2.0], [np.nan, 1.0]]]


@pytest.mark.parametrize("a", NONFINITE)
@pytest.mark.parametrize("dtype", [np.float64, np.complex128])
def test_factorisations_of_nonfinite_input(a, dtype):
    """NaN and inf go through LU, Cholesky and QR as in NumPy's LAPACK calls: det and
    slogdet from the same pivots (singular: (0, -inf)), solve and inv raising where a pivot
    is zero, never unwritten memory."""
    a = np.asarray(a, dtype)
    with np.errstate(all="ignore"):
        check(lambda xp: xp.linalg.det(xp.asarray(a)))
        check(lambda xp: tuple(xp.linalg.slogdet(xp.asarray(a))))
        check(lambda xp: xp.linalg.solve(xp.asarray(a), xp.asarray([1.0, 2.0], dtype)))
        check(lambda xp: xp.linalg.inv(xp.asarray(a)))
        check(lambda xp: xp.linalg.cholesky(xp.asarray(a)))
        check(lambda xp: tuple(xp.linalg.qr(xp.asarray(a))))


def test_slogdet_gives_scalars_for_one_matrix(native):
    for a in ([[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [2.0, 4.0]], np.array([[1.0, 2.0], [3.0, 4.0]]) + 1j):
        a = np.asarray(a)
        got, want = mtl.linalg.slogdet(mtl.asarray(a)), np.linalg.slogdet(a)
        for g, w in zip(got, want):
            assert type(g) is type(w)
            np.testing.assert_allclose(g, w)
    stacked = mtl.linalg.slogdet(mtl.asarray(np.stack([np.eye(2), np.ones((2, 2))])))
    assert isinstance(stacked.sign, mtl.ndarray) and isinstance(stacked.logabsdet, mtl.ndarray)


def test_multi_dot_of_two_is_dot():
    a, st = matrices((3, 3), np.float64), matrices((3, 3, 3), np.float64)
    check(lambda xp: xp.linalg.multi_dot([xp.asarray(a), xp.asarray(st)]))
    check(lambda xp: xp.linalg.multi_dot([xp.asarray(st), xp.asarray(a)]))
    check(lambda xp: xp.linalg.multi_dot([xp.asarray(2.0), xp.asarray(a)]))
    check(lambda xp: xp.linalg.multi_dot([xp.asarray(a[0]), xp.asarray(a[1])]))
    check(lambda xp: xp.linalg.multi_dot([xp.asarray(a), xp.asarray(st), xp.asarray(a)]))  # LinAlgError


@pytest.mark.parametrize("fn", [lambda xp, a: xp.linalg.inv(a), lambda xp, a: xp.linalg.solve(a, a[..., :2]),
                                lambda xp, a: xp.linalg.solve(a, a)])
@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 3)])
def test_inverse_and_solution_are_c_ordered(fn, shape, native):
    a = matrices(shape, np.float64) + 3 * np.eye(3)
    for x in (a, a[..., ::-1, :]):
        got, want = fn(mtl, mtl.asarray(x)), fn(np, x)
        assert got.flags.c_contiguous and want.flags.c_contiguous and got.strides == want.strides
        close(got, want, x)
    got, want = mtl.linalg.tensorinv(mtl.asarray(a[..., 0, :, :] if a.ndim > 2 else a), 1), np.linalg.tensorinv(
        a[..., 0, :, :] if a.ndim > 2 else a, 1)
    assert got.flags.c_contiguous and got.strides == want.strides


def test_norm_axis_errors_as_numpys():
    x = matrices((2, 3), np.float64)
    for axis in ((0, 1, 2), (0, 1, 5), ()):  # too many (or no) axes: ValueError before any is checked
        with pytest.raises(ValueError) as e:
            mtl.linalg.norm(mtl.asarray(x), axis=axis)
        assert type(e.value) is ValueError and "Improper number of dimensions" in str(e.value)
        with pytest.raises(ValueError, match="Improper number of dimensions"):
            np.linalg.norm(x, axis=axis)
    for axis in (2, (0, 2)):
        check(lambda xp: xp.linalg.norm(xp.asarray(x), axis=axis))  # AxisError in both
    with pytest.raises(np.exceptions.AxisError):
        mtl.linalg.norm(mtl.asarray(x), axis=(0, 2))
    for xp in (np, mtl):
        with pytest.raises(TypeError):
            xp.linalg.norm(xp.asarray(x), axis=[0, 1])
