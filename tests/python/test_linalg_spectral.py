"""numpy.linalg's eigh, eigvalsh, eig, eigvals, svd, svdvals and what is built on them (pinv, lstsq,
matrix_rank, cond, the 2/-2/nuclear norms, tensorsolve, tensorinv) against NumPy,
natively (no fallback). Eigen- and singular vectors are checked by what defines them
(reconstruction, orthonormality), since their signs and phases are free."""

import numpy as np
import pytest

import metallic as mtl
from harness import check, random_matrices

rng = np.random.default_rng(23)
DTYPES = [np.float64, np.float32, np.complex128, np.complex64]


def matrices(shape, dtype):
    return random_matrices(rng, shape, dtype)


def tol(dtype, n=8, scale=1.0):
    return 200 * np.finfo(dtype).eps * max(n, 1) * max(scale, 1.0)


def h(x):
    return np.conj(np.swapaxes(x, -1, -2))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5, 5), (3, 4, 4), (1, 1), (2, 1, 33, 33)])
def test_eigh(dtype, shape, native):
    a = matrices(shape, dtype)
    herm = a + h(a)
    w, v = mtl.linalg.eigh(mtl.asarray(herm))
    wn = np.linalg.eigvalsh(herm)
    assert w.shape == wn.shape and w.dtype == wn.dtype and v.shape == herm.shape and v.dtype == herm.dtype
    scale = np.abs(wn).max()
    t = tol(dtype, shape[-1], scale)
    np.testing.assert_allclose(np.asarray(w), wn, atol=t)
    vv = np.asarray(v)
    np.testing.assert_allclose(herm @ vv, vv * np.asarray(w)[..., None, :], atol=t)
    np.testing.assert_allclose(h(vv) @ vv, np.broadcast_to(np.eye(shape[-1]), vv.shape), atol=tol(dtype, shape[-1]))
    np.testing.assert_allclose(np.asarray(mtl.linalg.eigvalsh(mtl.asarray(herm))), wn, atol=t)


@pytest.mark.parametrize("dtype", [np.float64, np.complex128])
def test_eigh_reads_one_triangle(dtype, native):
    a = matrices((6, 6), dtype)
    herm = a + h(a)
    lower_only = np.tril(herm) + np.triu(matrices((6, 6), dtype), 1)  # junk above the diagonal
    upper_only = np.triu(herm) + np.tril(matrices((6, 6), dtype), -1)
    want = np.linalg.eigvalsh(herm)
    np.testing.assert_allclose(np.asarray(mtl.linalg.eigvalsh(mtl.asarray(lower_only))), want, atol=1e-12)
    np.testing.assert_allclose(np.asarray(mtl.linalg.eigh(mtl.asarray(upper_only), UPLO="U")[0]), want, atol=1e-12)
    np.testing.assert_allclose(np.asarray(mtl.linalg.eigvalsh(mtl.asarray(upper_only), UPLO="U")),
                               np.linalg.eigvalsh(upper_only, UPLO="U"), atol=1e-12)


def test_eigh_promotes_and_checks(native):
    x = mtl.asarray(np.array([[2, 1], [1, 2]]))
    w, v = mtl.linalg.eigh(x)
    assert w.dtype == np.float64 and isinstance(mtl.linalg.eigh(x), tuple)
    np.testing.assert_allclose(np.asarray(w), [1.0, 3.0])
    assert mtl.linalg.eigh(x).eigenvalues.shape == (2,)
    with pytest.raises(np.linalg.LinAlgError):
        mtl.linalg.eigh(mtl.ones((2, 3)))
    with pytest.raises(np.linalg.LinAlgError):
        mtl.linalg.eigvalsh(mtl.ones(3))
    with pytest.raises(ValueError):
        mtl.linalg.eigh(mtl.ones((2, 2)), UPLO="X")


def same_set(got, want, atol):
    """Every eigenvalue of each matrix has a partner in want's (their order is free)."""
    g, w = np.asarray(got).reshape(-1, got.shape[-1]), np.asarray(want).reshape(-1, want.shape[-1])
    for x, y in zip(g, w):
        assert np.abs(x[:, None] - y[None, :]).min(axis=1).max() <= atol


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5, 5), (3, 4, 4), (1, 1), (2, 1, 30, 30)])
def test_eig(dtype, shape, native):
    a = matrices(shape, dtype)
    w, v = mtl.linalg.eig(mtl.asarray(a))
    wn = np.linalg.eigvals(a)
    assert w.dtype == wn.dtype and w.shape == wn.shape and v.shape == a.shape
    scale = np.abs(wn).max()
    t = tol(dtype, shape[-1], scale)
    same_set(w, wn, t * 10)
    vv, ww = np.asarray(v), np.asarray(w)
    np.testing.assert_allclose(a @ vv, vv * ww[..., None, :], atol=t)
    np.testing.assert_allclose(np.linalg.norm(vv, axis=-2), 1.0, atol=tol(dtype, shape[-1]))
    same_set(mtl.linalg.eigvals(mtl.asarray(a)), wn, t * 10)


def test_eig_result_dtypes_as_numpys(native):
    sym = np.array([[2.0, 1.0], [1.0, 3.0]])
    w, v = mtl.linalg.eig(mtl.asarray(sym))
    want = np.linalg.eig(sym)  # real where all are real (complex always in newer NumPy)
    assert w.dtype == want.eigenvalues.dtype and v.dtype == want.eigenvectors.dtype
    rot = np.array([[0.0, -1.0], [1.0, 0.0]])  # eigenvalues +-i: complex pair, conjugate vectors
    w, v = mtl.linalg.eig(mtl.asarray(rot))
    assert w.dtype == np.complex128
    same_set(w, np.array([1j, -1j]), 1e-14)
    vv = np.asarray(v)
    np.testing.assert_allclose(rot @ vv, vv * np.asarray(w)[None, :], atol=1e-14)
    mixed = np.stack([sym, rot])  # one complex matrix makes the whole stack complex, as NumPy
    assert mtl.linalg.eigvals(mtl.asarray(mixed)).dtype == np.linalg.eigvals(mixed).dtype == np.complex128
    assert mtl.linalg.eig(mtl.asarray([[1, 2], [3, 4]])).eigenvalues.dtype == np.linalg.eig([[1, 2], [3, 4]])[0].dtype
    with pytest.raises(np.linalg.LinAlgError):
        mtl.linalg.eig(mtl.ones((2, 3)))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(4, 6), (6, 4), (5, 5), (2, 3, 7), (2, 7, 3), (1, 9), (40, 3)])
@pytest.mark.parametrize("full", [True, False])
def test_svd(dtype, shape, full, native):
    a = matrices(shape, dtype)
    u, s, vh = mtl.linalg.svd(mtl.asarray(a), full_matrices=full)
    un, sn, vhn = np.linalg.svd(a, full_matrices=full)
    assert (u.shape, s.shape, vh.shape) == (un.shape, sn.shape, vhn.shape)
    assert (u.dtype, s.dtype, vh.dtype) == (un.dtype, sn.dtype, vhn.dtype)
    k = s.shape[-1]
    t = tol(dtype, max(shape[-2:]), sn.max())
    np.testing.assert_allclose(np.asarray(s), sn, atol=t)
    uu, vv = np.asarray(u), np.asarray(vh)
    np.testing.assert_allclose((uu[..., :k] * np.asarray(s)[..., None, :]) @ vv[..., :k, :], a, atol=t)
    np.testing.assert_allclose(h(uu) @ uu, np.broadcast_to(np.eye(uu.shape[-1]), uu.shape[:-2] + (uu.shape[-1],) * 2),
                               atol=tol(dtype, shape[-2]))
    np.testing.assert_allclose(vv @ h(vv), np.broadcast_to(np.eye(vv.shape[-2]), vv.shape[:-2] + (vv.shape[-2],) * 2),
                               atol=tol(dtype, shape[-1]))
    np.testing.assert_allclose(np.asarray(mtl.linalg.svd(mtl.asarray(a), compute_uv=False)), sn, atol=t)
    np.testing.assert_allclose(np.asarray(mtl.linalg.svdvals(mtl.asarray(a))), sn, atol=t)


@pytest.mark.parametrize("dtype", [np.float64, np.complex128])
def test_svd_hermitian(dtype, native):
    a = matrices((2, 5, 5), dtype)
    herm = a + h(a)
    u, s, vh = mtl.linalg.svd(mtl.asarray(herm), hermitian=True)
    np.testing.assert_allclose(np.asarray(s), np.linalg.svd(herm, compute_uv=False), atol=1e-12)
    np.testing.assert_allclose((np.asarray(u) * np.asarray(s)[..., None, :]) @ np.asarray(vh), herm, atol=1e-12)
    np.testing.assert_allclose(np.asarray(mtl.linalg.svd(mtl.asarray(herm), compute_uv=False, hermitian=True)),
                               np.linalg.svd(herm, compute_uv=False, hermitian=True), atol=1e-12)


def low_rank(shape, rank, dtype):
    return matrices(shape[:-1] + (rank,), dtype) @ matrices(shape[:-2] + (rank, shape[-1]), dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128])
def test_matrix_rank_pinv_cond(dtype, native):
    a = low_rank((3, 6, 5), 3, dtype)
    ma = mtl.asarray(a)
    np.testing.assert_array_equal(np.asarray(mtl.linalg.matrix_rank(ma)), np.linalg.matrix_rank(a))
    np.testing.assert_array_equal(np.asarray(mtl.linalg.matrix_rank(ma, tol=1e-3)), np.linalg.matrix_rank(a, tol=1e-3))
    np.testing.assert_array_equal(np.asarray(mtl.linalg.matrix_rank(ma, rtol=0.5)), np.linalg.matrix_rank(a, rtol=0.5))
    assert mtl.linalg.matrix_rank(mtl.zeros(3)) == 0 and mtl.linalg.matrix_rank(mtl.ones(3)) == 1
    scale = np.abs(a).max() ** 2
    p, pn = np.asarray(mtl.linalg.pinv(ma, rtol=None)), np.linalg.pinv(a, rtol=None)
    assert p.shape == pn.shape and p.dtype == pn.dtype
    np.testing.assert_allclose(p, pn, atol=tol(dtype, 6, 1e3 / scale) if dtype != np.float32 else 1e-2)
    full = matrices((4, 4), dtype)
    np.testing.assert_allclose(np.asarray(mtl.linalg.pinv(mtl.asarray(full))), np.linalg.pinv(full),
                               rtol=1e-3 if dtype == np.float32 else 1e-9)
    c = matrices((2, 4, 4), dtype)
    for p_ in (None, 2, -2, "fro", 1, -1, np.inf, -np.inf):
        got, want = np.asarray(mtl.linalg.cond(mtl.asarray(c), p_)), np.linalg.cond(c, p_)
        assert got.dtype == want.dtype, p_
        np.testing.assert_allclose(got, want, rtol=1e-3 if dtype == np.float32 else 1e-8)


def test_cond_of_singular_matrices(native):
    s = mtl.asarray([[1.0, 2.0], [2.0, 4.0]])
    assert float(mtl.linalg.cond(mtl.zeros((2, 2)))) == np.inf  # 0/0: inf, as NumPy
    assert float(mtl.linalg.cond(s)) > 1e15


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128])
@pytest.mark.parametrize("shape,bshape,rank", [((8, 3), (8,), 3), ((8, 3), (8, 2), 3), ((3, 8), (3,), 3),
                                               ((6, 6), (6, 2), 6), ((7, 4), (7, 3), 2)])
def test_lstsq(dtype, shape, bshape, rank, native):
    if dtype == np.float32 and rank < min(shape):
        pytest.skip("a float32 product of rank 2 is not rank 2 in float32: the ranks are rounding's")
    a = low_rank(shape, rank, dtype) if rank < min(shape) else matrices(shape, dtype)
    b = matrices(bshape, dtype)
    x, res, r, s = mtl.linalg.lstsq(mtl.asarray(a), mtl.asarray(b))
    xn, resn, rn, sn = np.linalg.lstsq(a, b)
    assert r == rn and x.shape == xn.shape and x.dtype == xn.dtype and res.shape == resn.shape
    assert res.dtype == resn.dtype and s.dtype == sn.dtype
    t = 1e-3 if dtype == np.float32 else 1e-9
    np.testing.assert_allclose(np.asarray(x), xn, rtol=t, atol=t)
    np.testing.assert_allclose(np.asarray(res), resn, rtol=t, atol=t)
    np.testing.assert_allclose(np.asarray(s), sn, rtol=t, atol=t)


def test_lstsq_checks():
    with pytest.raises(np.linalg.LinAlgError):
        mtl.linalg.lstsq(mtl.ones((3, 2)), mtl.ones(4))
    with pytest.raises(np.linalg.LinAlgError):
        mtl.linalg.lstsq(mtl.ones((2, 3, 2)), mtl.ones(3))


@pytest.mark.parametrize("dtype", [np.float64, np.complex128, np.float32])
def test_two_and_nuclear_norms(dtype, native):
    x = matrices((3, 4, 5), dtype)
    mx = mtl.asarray(x)
    t = 1e-4 if dtype == np.float32 else 1e-10
    for ord_ in (2, -2, "nuc"):
        for axis in ((1, 2), (0, 1), (2, 0)):
            got = mtl.linalg.norm(mx, ord=ord_, axis=axis)
            np.testing.assert_allclose(np.asarray(got), np.linalg.norm(x, ord=ord_, axis=axis), rtol=t)
        got = mtl.linalg.norm(mx, ord=ord_, axis=(1, 2), keepdims=True)
        want = np.linalg.norm(x, ord=ord_, axis=(1, 2), keepdims=True)
        assert got.shape == want.shape
        np.testing.assert_allclose(np.asarray(got), want, rtol=t)
        np.testing.assert_allclose(np.asarray(mtl.linalg.matrix_norm(mx, ord=ord_)),
                                   np.linalg.matrix_norm(x, ord=ord_), rtol=t)
    np.testing.assert_allclose(np.asarray(mtl.linalg.norm(mx[0], ord=2)), np.linalg.norm(x[0], ord=2), rtol=t)


def test_tensorsolve_and_tensorinv(native):
    a = matrices((6, 4, 2, 3, 4), np.float64)
    b = matrices((6, 4), np.float64)
    np.testing.assert_allclose(np.asarray(mtl.linalg.tensorsolve(mtl.asarray(a), mtl.asarray(b))),
                               np.linalg.tensorsolve(a, b), rtol=1e-8, atol=1e-10)
    a2, b2 = matrices((6, 2, 3), np.float64), matrices((2, 3), np.float64)
    np.testing.assert_allclose(np.asarray(mtl.linalg.tensorsolve(mtl.asarray(a2), mtl.asarray(b2), axes=(0,))),
                               np.linalg.tensorsolve(a2, b2, axes=(0,)), rtol=1e-8, atol=1e-10)
    t = matrices((4, 6, 8, 3), np.float64)
    np.testing.assert_allclose(np.asarray(mtl.linalg.tensorinv(mtl.asarray(t))), np.linalg.tensorinv(t), rtol=1e-8,
                               atol=1e-10)
    with pytest.raises(ValueError):
        mtl.linalg.tensorinv(mtl.asarray(t), ind=0)


NAN = [[np.nan, 1.0], [1.0, 1.0]]
INF = [[np.inf, 1.0], [1.0, 1.0]]
SVD_BASED = {"svd": lambda xp, a: xp.linalg.svd(a).S,  # (for an inf, the vectors are LAPACK's accident)
             "svdvals": lambda xp, a: xp.linalg.svdvals(a), "svd_s": lambda xp, a: xp.linalg.svd(a, compute_uv=False),
             "pinv": lambda xp, a: xp.linalg.pinv(a), "matrix_rank": lambda xp, a: xp.linalg.matrix_rank(a),
             "cond": lambda xp, a: xp.linalg.cond(a), "norm2": lambda xp, a: xp.linalg.norm(a, 2, axis=(-2, -1)),
             "nuc": lambda xp, a: xp.linalg.norm(a, "nuc", axis=(-2, -1))}


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128])
@pytest.mark.parametrize("fn", list(SVD_BASED))
def test_svd_of_nan_raises_and_of_inf_as_numpys(fn, dtype, native):
    """gesdd refuses a NaN (info -4, nothing written): LinAlgError, as NumPy, never the
    uninitialised output; an inf goes through (NaN results), as in NumPy."""
    f = SVD_BASED[fn]
    stack = np.stack([np.eye(2), NAN]).astype(dtype)  # one bad matrix fails the stack
    for a in (np.asarray(NAN, dtype), stack):
        with pytest.raises(np.linalg.LinAlgError, match="SVD did not converge"):
            f(np, a)
        with pytest.raises(np.linalg.LinAlgError, match="SVD did not converge"):
            f(mtl, mtl.asarray(a))
    with np.errstate(all="ignore"):
        check(lambda xp: f(xp, xp.asarray(np.asarray(INF, dtype))))


@pytest.mark.parametrize("a", [NAN, INF, [[1.0, -np.inf], [0.0, 1.0]]])
@pytest.mark.parametrize("dtype", [np.float64, np.complex64])
def test_eig_of_nonfinite_input_raises(a, dtype, native):
    a = np.asarray(a, dtype)
    for fn in (lambda xp, x: xp.linalg.eig(x), lambda xp, x: xp.linalg.eigvals(x)):
        for xp in (np, mtl):
            with pytest.raises(np.linalg.LinAlgError, match="must not contain infs or NaNs"):
                fn(xp, xp.asarray(a))
    with np.errstate(all="ignore"):  # eigh and eigvalsh go through, as NumPy's
        check(lambda xp: xp.linalg.eigvalsh(xp.asarray(a)))
        check(lambda xp: xp.linalg.eigh(xp.asarray(a)).eigenvalues)


def test_lstsq_of_nonfinite_input_and_its_rank_type(native):
    b = np.array([1.0, 2.0, 3.0])
    for bad in (np.nan, np.inf):
        a = np.array([[bad, 1.0], [1.0, 2.0], [3.0, 4.0]])
        for xp in (np, mtl):
            with pytest.raises(np.linalg.LinAlgError, match="Linear Least Squares"):
                xp.linalg.lstsq(xp.asarray(a), xp.asarray(b))
    a = np.array([[1.0, 1.0], [1.0, 2.0], [3.0, 4.0]])
    with np.errstate(all="ignore"):
        check(lambda xp: xp.linalg.lstsq(xp.asarray(a), xp.asarray([1.0, np.nan, 3.0])))
    check(lambda xp: xp.linalg.lstsq(xp.asarray(a), xp.asarray(b)))
    assert type(mtl.linalg.lstsq(mtl.asarray(a), mtl.asarray(b))[2]) is type(np.linalg.lstsq(a, b)[2])


@pytest.mark.parametrize("uplo", ["L", "U"])
@pytest.mark.parametrize("kind", ["real", "complex", "fixed"])
def test_eigh_vectors_as_numpys_signs_included(kind, uplo):
    """LAPACK is handed A in NumPy's layout with NumPy's triangle: the same eigenvectors,
    signs included (PCA components print the same)."""
    rng = np.random.default_rng(1)
    if kind == "fixed":
        a = np.array([[4.0, 1, 2, 0], [1, 3, 0, 1], [2, 0, 5, 1], [0, 1, 1, 2]])
    else:
        x = rng.standard_normal((5, 5)) + (1j * rng.standard_normal((5, 5)) if kind == "complex" else 0)
        a = x + x.conj().T
    check(lambda xp: xp.linalg.eigh(xp.asarray(a), UPLO=uplo), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shape", [(2, 2), (5, 5), (6, 3), (4, 4, 4)])
def test_svd_vectors_of_square_and_tall_as_numpys(shape):
    a = np.random.default_rng(2).standard_normal(shape)
    if shape == (2, 2):
        a = np.array([[1.0, 2], [3, 4]])
    check(lambda xp: xp.linalg.svd(xp.asarray(a)), rtol=1e-10, atol=1e-12)
