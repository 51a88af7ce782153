"""matmul / @ / dot / tensordot against NumPy: shapes (1-D promotion, broadcast batches),
layouts (transposed, strided, broadcast operands), dtypes and errors. On the GPU these run
on cuBLAS."""

import numpy as np
import pytest

import metallic as mtl

TOL = {np.float16: 2e-2, np.float32: 2e-5, np.float64: 1e-12, np.complex64: 2e-5, np.complex128: 1e-12}


def data(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    if np.dtype(dtype).kind in "iub":
        x = rng.integers(-3, 4, shape)
    return x.astype(dtype)


def check(got, want, dtype):
    want = np.asarray(want)
    assert isinstance(got, mtl.ndarray) or want.ndim == 0  # a 0-d result may be a scalar
    g = np.asarray(got)
    assert g.shape == want.shape and g.dtype == want.dtype
    tol = TOL.get(np.dtype(dtype).type, 0)
    scale = max(1.0, float(np.abs(want).max())) if want.size else 1.0
    np.testing.assert_allclose(g, want, rtol=tol, atol=tol * scale)


SHAPES = [((3, 4), (4, 5)), ((4,), (4, 5)), ((3, 4), (4,)), ((4,), (4,)), ((2, 3, 4), (4, 5)),
          ((3, 4), (2, 4, 5)), ((2, 1, 3, 4), (1, 5, 4, 2)), ((0, 4), (4, 5)), ((3, 0), (0, 5)),
          ((1, 7), (7, 1)), ((65, 33), (33, 17))]


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex64, np.complex128, np.float16, np.int64])
@pytest.mark.parametrize("sa,sb", SHAPES)
def test_matmul_shapes_and_dtypes(sa, sb, dtype):
    a, b = data(sa, dtype, 1), data(sb, dtype, 2)
    check(mtl.asarray(a) @ mtl.asarray(b), a @ b, dtype)
    check(mtl.matmul(mtl.asarray(a), b), np.matmul(a, b), dtype)


def test_matmul_layouts():
    a, b = data((6, 8), np.float64, 3), data((8, 10), np.float64, 4)
    A, B = mtl.asarray(a), mtl.asarray(b)
    for x, y, xa, yb in [(A.T.T, B, a, b), (mtl.asarray(b.T).T, mtl.asarray(a.T).T, b, a),
                         (A[:, ::2], B[::2], a[:, ::2], b[::2]), (A[::-1], B, a[::-1], b),
                         (A[1:4, 2:7], B[2:7, 3:], a[1:4, 2:7], b[2:7, 3:])]:
        if xa.shape[-1] == yb.shape[0]:
            check(x @ y, xa @ yb, np.float64)
    # transposed operands (column-major memory) and broadcast batches with stride 0
    check(A.T @ mtl.asarray(a), a.T @ a, np.float64)
    s = data((5, 6, 8), np.float64, 5)
    check(mtl.asarray(s) @ B, s @ b, np.float64)
    check(mtl.asarray(s).transpose(0, 2, 1) @ mtl.asarray(s), s.transpose(0, 2, 1) @ s, np.float64)
    check(mtl.broadcast_to(A, (3, 6, 8)) @ B, np.broadcast_to(a, (3, 6, 8)) @ b, np.float64)
    check(mtl.asarray(data((2, 1, 6, 8), np.float64))[:, :, ::2] @ mtl.asarray(data((1, 3, 8, 4), np.float64)),
          data((2, 1, 6, 8), np.float64)[:, :, ::2] @ data((1, 3, 8, 4), np.float64), np.float64)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex128])
def test_matmul_of_a_matrix_with_its_own_transpose(dtype):
    """A @ A.T (one operand read both ways; real ones through ?syrk on the CPU, which fills
    one triangle and mirrors it): either order, a strided view, a stack; real ones exactly
    symmetric."""
    x = data((37, 50), dtype)
    for a in (x, x[:, 3:40:2], np.stack([x[:, :20], x[:, 20:40]])):
        ma = mtl.asarray(a) if a is not x[:, 3:40:2] else mtl.asarray(x)[:, 3:40:2]
        for got, want in ((ma @ ma.mT, a @ a.mT), (ma.mT @ ma, a.mT @ a)):
            check(got, want, dtype)
            g = np.asarray(got)
            assert np.array_equal(g, g.mT) or np.dtype(dtype).kind == "c"  # complex: gemm, not exact


def test_matmul_promotes_and_accepts_array_likes():
    a32, b64 = data((3, 4), np.float32), data((4, 2), np.float64)
    check(mtl.asarray(a32) @ mtl.asarray(b64), a32 @ b64, np.float64)
    check(mtl.asarray(a32) @ b64.tolist(), a32 @ np.asarray(b64.tolist()), np.float64)
    check(mtl.asarray(data((3, 4), np.int32)) @ mtl.asarray(b64), data((3, 4), np.int32) @ b64, np.float64)
    check(mtl.asarray(data((3, 4), np.bool_)) @ mtl.asarray(data((4, 2), np.bool_)),
          data((3, 4), np.bool_) @ data((4, 2), np.bool_), np.bool_)


def test_matmul_errors_as_numpy():
    A = mtl.ones((3, 4))
    with pytest.raises(ValueError):
        A @ mtl.ones((3, 4))
    with pytest.raises(ValueError):
        mtl.matmul(A, mtl.asarray(2.0))
    with pytest.raises(ValueError):
        mtl.ones((2, 3, 4)) @ mtl.ones((3, 4, 5))  # batches do not broadcast
    np.testing.assert_array_equal(np.asarray(A), np.ones((3, 4)))  # operands intact


def test_dot_and_tensordot():
    a, b = data((3, 4, 5), np.float64, 6), data((4, 5, 2), np.float64, 7)
    A, B = mtl.asarray(a), mtl.asarray(b)
    check(mtl.tensordot(A, B), np.tensordot(a, b), np.float64)
    check(mtl.tensordot(A, B, axes=([1, 2], [0, 1])), np.tensordot(a, b, axes=([1, 2], [0, 1])), np.float64)
    check(mtl.tensordot(A, B, axes=([1], [0])), np.tensordot(a, b, axes=([1], [0])), np.float64)
    check(mtl.tensordot(A, B, axes=0), np.tensordot(a, b, axes=0), np.float64)
    check(mtl.tensordot(A, mtl.asarray(a), axes=([0, 2], [0, 2])), np.tensordot(a, a, axes=([0, 2], [0, 2])),
          np.float64)
    with pytest.raises(ValueError):
        mtl.tensordot(A, B, axes=([0], [0]))
    m, v = data((4, 5), np.float64), data((5,), np.float64)
    check(mtl.dot(mtl.asarray(m), mtl.asarray(v)), np.dot(m, v), np.float64)
    check(mtl.asarray(m).dot(mtl.asarray(m.T)), m.dot(m.T), np.float64)
    check(mtl.dot(mtl.asarray(v), mtl.asarray(v)), np.asarray(np.dot(v, v)), np.float64)
    assert float(np.asarray(mtl.dot(mtl.asarray(a), 2.0)).sum()) == pytest.approx(float((a * 2).sum()))


def test_floating_products_do_not_fall_back():
    """Where the device has a BLAS (cuBLAS; OpenBLAS found on the CPU), floating and complex
    products never reach NumPy."""
    a = mtl.ones((4, 4), dtype=mtl.float32)
    _ = a @ a
    if a.device == "cpu" and not mtl._core.blas_library():
        pytest.skip("no CBLAS found on this machine")
    calls = lambda: {k: v for k, v in mtl.fallback_stats().items() if k != "__array__"}  # noqa: E731
    before = calls()
    for dt in (mtl.float32, mtl.float64, mtl.complex64, mtl.complex128):
        x = mtl.ones((3, 5, 4), dtype=dt)
        np.asarray(x @ mtl.ones((4, 2), dtype=dt))
        np.asarray(mtl.tensordot(x, x, axes=([0, 1], [0, 1])))
        r = np.matmul(x, mtl.ones((4, 2), dtype=dt))  # NumPy's gufunc on metallic arrays (Dask calls it)
        assert isinstance(r, mtl.ndarray) and r.shape == (3, 5, 2)
    assert calls() == before


def test_matmul_negative_and_broadcast_batch_strides_and_out():
    a = np.arange(12.0).reshape(3, 2, 2)
    b = np.arange(24.0).reshape(2, 3, 2, 2)
    check(mtl.asarray(a)[::-1] @ mtl.eye(2), a[::-1] @ np.eye(2), np.float64)
    check(mtl.asarray(b)[:, ::-1] @ mtl.asarray(a), b[:, ::-1] @ a, np.float64)
    check(mtl.asarray(b)[::-1, ::2] @ mtl.asarray(a)[::-2], b[::-1, ::2] @ a[::-2], np.float64)
    z = mtl.zeros((2, 2))
    r = np.matmul(mtl.eye(2), mtl.ones((2, 2)), out=z)  # NumPy's gufunc with a metallic out
    assert r is z
    np.testing.assert_array_equal(np.asarray(z), np.ones((2, 2)))
    o = mtl.zeros((2, 2))
    assert mtl.matmul(mtl.eye(2), mtl.ones((2, 2)) * 3, out=o) is o and float(o[0, 0]) == 3.0
    x, y = np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4)
    check(mtl.tensordot(mtl.asarray(x), mtl.asarray(y), axes=-1), np.tensordot(x, y, axes=-1), np.float64)
    check(mtl.tensordot(mtl.asarray(x), mtl.asarray(y), axes=(np.int64(1), np.int64(0))),
          np.tensordot(x, y, axes=(np.int64(1), np.int64(0))), np.float64)


EINSUM = [("ij,jk->ik", [(3, 4), (4, 5)]), ("ij,jk", [(3, 4), (4, 5)]), ("ij,jk,kl->il", [(3, 4), (4, 5), (5, 2)]),
          ("bij,bjk->bik", [(2, 3, 4), (2, 4, 6)]), ("ii->i", [(4, 4)]), ("ii", [(4, 4)]), ("ij->ji", [(3, 4)]),
          ("ij->", [(3, 4)]), ("ij->j", [(3, 4)]), ("i,i", [(4,), (4,)]), ("i,j->ij", [(3,), (5,)]),
          ("bij,bjk->bk", [(2, 3, 4), (2, 4, 6)]), ("ij,ij->i", [(3, 4), (3, 4)]), ("iij->j", [(3, 3, 2)]),
          ("ij,kj->ik", [(3, 4), (5, 4)]), ("abc,cd,bd->a", [(2, 3, 4), (4, 5), (3, 5)]),
          ("...ij,...jk->...ik", [(2, 3, 4), (2, 4, 5)]), ("...ij,...jk", [(2, 3, 4), (4, 5)]),
          ("ij...,jk...->ik...", [(3, 4, 2), (4, 5, 2)]), ("...i,...i->...", [(3, 4), (1, 4)]),
          ("...ii->...i", [(2, 3, 3)]), ("i...->...", [(3, 2, 2)]), ("a...,...b", [(2, 3), (3, 4)]),
          ("...ij,...jk->...ik", [(1, 3, 4), (6, 4, 5)])]


@pytest.mark.parametrize("subscripts,shapes", EINSUM)
def test_einsum_as_numpy(subscripts, shapes):
    ops = [data(s, np.float64, k) for k, s in enumerate(shapes)]
    calls = lambda: {k: v for k, v in mtl.fallback_stats().items() if k not in ("__array__", "matmul")}  # noqa: E731
    before = calls()
    got = mtl.einsum(subscripts, *[mtl.asarray(o) for o in ops])
    assert calls() == before  # native (matmul itself is NumPy's on a CPU without a BLAS)
    check(got, np.einsum(subscripts, *ops), np.float64)
    low = mtl.einsum(subscripts, *[mtl.asarray(o) for o in ops], dtype=np.float32, casting="same_kind")
    assert low.dtype == np.float32  # (NumPy itself returns its diagonal views in the input's dtype)
    np.testing.assert_allclose(np.asarray(low), np.einsum(subscripts, *ops), rtol=1e-4, atol=1e-5)
    with pytest.raises(TypeError):
        mtl.einsum(subscripts, *[mtl.asarray(o) for o in ops], dtype=np.float32)
    with pytest.raises(ValueError):
        mtl.einsum("ij,jk->ik", mtl.ones((2, 3)), mtl.ones((4, 5)))
    check(mtl.einsum("...ij,...jk", mtl.ones((2, 3, 4)), mtl.ones((2, 4, 5))), np.einsum("...ij,...jk", np.ones((2, 3, 4)),
                                                                                        np.ones((2, 4, 5))), np.float64)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.int8, np.uint8, np.bool_])
@pytest.mark.parametrize("sa,sb", SHAPES + [((300, 700), (700, 90))])
def test_integer_and_bool_products_are_native_and_exact(dtype, sa, sb, native):
    """Integer products wrap as NumPy's (int8 and uint8 overflow on purpose); bool is OR of ANDs."""
    rng = np.random.default_rng(9)
    a = rng.integers(-120, 120, sa).astype(dtype)
    b = rng.integers(-120, 120, sb).astype(dtype)
    got = mtl.asarray(a) @ mtl.asarray(b)
    want = a @ b
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(np.asarray(got), want)
    if len(sa) <= 2 and len(sb) <= 2:
        np.testing.assert_array_equal(np.asarray(mtl.dot(mtl.asarray(a), mtl.asarray(b))), np.dot(a, b))


@pytest.mark.parametrize("sa,sb", [((2, 3), (4, 5)), ((3,), (2, 2)), ((2, 2, 2), (3,)), ((), (3,)), ((2, 3), (2, 3))])
def test_kron(sa, sb, native):
    rng = np.random.default_rng(4)
    a, b = rng.standard_normal(sa), rng.integers(0, 5, sb)
    check(mtl.kron(mtl.asarray(a), mtl.asarray(b)), np.kron(a, b), np.float64)


@pytest.mark.parametrize("sa,sb,kw", [((5, 3), (5, 3), {}), ((5, 3), (3,), {}), ((4, 2), (4, 3), {}), ((3, 2), (3, 2), {}),
                                      ((3, 4), (4, 3), dict(axisa=0)), ((3, 4), (3, 4), dict(axis=0)),
                                      ((2, 3), (2, 3), dict(axisc=0)), ((4, 3), (4, 2), {})])
@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.complex128])
def test_cross(sa, sb, kw, dtype, native):
    import warnings
    rng = np.random.default_rng(5)
    a, b = rng.integers(-5, 5, sa).astype(dtype), rng.integers(-5, 5, sb).astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # NumPy 2.0 deprecates 2-component vectors
        try:
            want = np.cross(a, b, **kw)
        except ValueError:  # and later NumPy refuses them: so does metallic
            with pytest.raises(ValueError):
                mtl.cross(mtl.asarray(a), mtl.asarray(b), **kw)
        else:
            check(mtl.cross(mtl.asarray(a), mtl.asarray(b), **kw), want, dtype)
    if sa[-1] == 3 and sb[-1] == 3 and not kw:
        check(mtl.linalg.cross(mtl.asarray(a), mtl.asarray(b)), np.linalg.cross(a, b), dtype)


def test_array_api_linalg_forms(native):
    x = np.random.default_rng(6).standard_normal((2, 3, 3))
    check(mtl.linalg.trace(mtl.asarray(x), offset=1), np.linalg.trace(x, offset=1), np.float64)
    check(mtl.linalg.matmul(mtl.asarray(x), mtl.asarray(x)), np.linalg.matmul(x, x), np.float64)
    y = np.moveaxis(x, 0, -1)
    check(mtl.linalg.tensordot(mtl.asarray(x), mtl.asarray(y), axes=2), np.linalg.tensordot(x, y, axes=2), np.float64)
    with pytest.raises(ValueError):
        mtl.linalg.cross(mtl.ones((2, 2)), mtl.ones((2, 2)))
    with pytest.raises(ValueError):
        mtl.cross(mtl.ones((2, 4)), mtl.ones((2, 4)))


@pytest.mark.parametrize("optimize", [True, "greedy", "optimal", ["einsum_path", (1, 2), (0, 1)]])
def test_einsum_follows_numpys_contraction_order(optimize, monkeypatch, native):
    """With optimize, the pairs are contracted in the order NumPy's einsum_path plans: here
    the small (2 x 3) intermediate first, never the 100 x 100 one left to right would make."""
    from metallic import _products
    rng = np.random.default_rng(8)
    a, b, c = rng.standard_normal((100, 2)), rng.standard_normal((2, 100)), rng.standard_normal((100, 3))
    sizes = []
    two = _products._einsum_two

    def spy(*args):
        r = two(*args)
        if r is not None:
            sizes.append(r[0].size)
        return r
    monkeypatch.setattr(_products, "_einsum_two", spy)
    got = mtl.einsum("ij,jk,kl->il", mtl.asarray(a), mtl.asarray(b), mtl.asarray(c), optimize=optimize)
    check(got, np.einsum("ij,jk,kl->il", a, b, c), np.float64)
    assert max(sizes) < 100 * 100, sizes
    sizes.clear()
    mtl.einsum("ij,jk,kl->il", mtl.asarray(a), mtl.asarray(b), mtl.asarray(c))  # left to right
    assert max(sizes) == 100 * 100


def _outcome(fn, xp, *args):
    """fn's result (shape, dtype, values) or its exception (type, text)."""
    conv = [xp.asarray(a) if isinstance(a, np.ndarray) else a for a in args]
    try:
        r = np.asarray(fn(xp, *conv))
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e)
    return r.shape, r.dtype, r.tolist()


_A = np.arange(24.0).reshape(2, 3, 4)
GUFUNC_CASES = {
    "vecdot_axes_ints": (lambda xp, x: xp.vecdot(x, x, axes=[1, 1]), _A),
    "vecdot_axes_tuples": (lambda xp, x: xp.vecdot(x, x, axes=[(1,), (1,), ()]), _A),
    "vecdot_axis_keepdims": (lambda xp, x: xp.vecdot(x, x, axis=1, keepdims=True), _A),
    "vecdot_keepdims": (lambda xp, x: xp.vecdot(x, x, keepdims=True), _A),
    "vecdot_axis_and_axes": (lambda xp, x: xp.vecdot(x, x, axis=1, axes=[(1,), (1,), ()]), _A),
    "vecdot_dtype": (lambda xp, x: xp.vecdot(x, x, dtype=np.float32), _A),
    "vecdot_dtype_refused": (lambda xp, x: xp.vecdot(x, x, dtype=np.int32), _A),
    "vecdot_int8": (lambda xp, x: xp.vecdot(x, x), (_A % 5).astype(np.int8)),
    "vecdot_bool": (lambda xp, x: xp.vecdot(x, x), _A > 10),
    "vecdot_bad_axis": (lambda xp, x: xp.vecdot(x, x, axes=[(5,), (1,), ()]), _A),
    "vecdot_bad_casting": (lambda xp, x: xp.vecdot(x, x, casting="bogus"), _A),
    "vecdot_core_mismatch": (lambda xp, x: xp.vecdot(x, x[..., :3]), _A),
    "vecdot_0d": (lambda xp, x: xp.vecdot(x, 3.0), _A),
    "vecdot_order_subok": (lambda xp, x: xp.vecdot(x, x, order="C", casting="unsafe", subok=True), _A),
    "matvec_axis": (lambda xp, x: xp.matvec(x, x[0, 0], axis=1), _A),
    "matvec_keepdims": (lambda xp, x: xp.matvec(x, x[0, 0], keepdims=True), _A),
    "matvec_axes": (lambda xp, x: xp.matvec(x, x[0, :, 0], axes=[(-1, -2), (0,), (0,)]), _A),
    "vecmat_axes": (lambda xp, x: xp.vecmat(x[0, :, 0], x, axes=[(0,), (1, 2), (0,)]), _A),
    "vecmat": (lambda xp, x: xp.vecmat(x[0, :, 0], x), _A),
}


@pytest.mark.parametrize("case", sorted(GUFUNC_CASES))
def test_gufunc_arguments(case):
    fn, x = GUFUNC_CASES[case]
    assert _outcome(fn, mtl, x) == _outcome(fn, np, x)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_gufunc_out(dtype):
    for xp in (np, mtl):
        x = xp.asarray(_A)
        o = xp.empty((2, 3), dtype=dtype)
        if dtype == np.int64:
            with pytest.raises(TypeError, match="Cannot cast ufunc 'vecdot' output"):
                xp.vecdot(x, x, out=o)
            continue
        assert xp.vecdot(x, x, out=(o,)) is o
        np.testing.assert_allclose(np.asarray(o), np.vecdot(_A, _A), rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("mkn", [(7, 5, 1), (1, 5, 7), (1, 5, 1), (300, 64, 1), (1, 64, 300), (5, 1, 1)])
def test_products_with_one_row_or_column(dtype, mkn):
    # One row or one column: the matrix-vector routine, for every layout of the operands.
    m, k, n = mkn
    rng = np.random.default_rng(9)
    A, B = rng.standard_normal((m, k)).astype(dtype), rng.standard_normal((k, n)).astype(dtype)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    for ta in (False, True):
        for tb in (False, True):
            a = mtl.asarray(np.ascontiguousarray(A.T)).T if ta else mtl.asarray(A)
            b = mtl.asarray(np.ascontiguousarray(B.T)).T if tb else mtl.asarray(B)
            np.testing.assert_allclose(np.asarray(a @ b), A @ B, rtol=tol, atol=tol)
    stack, v = rng.standard_normal((3, m, k)).astype(dtype), rng.standard_normal(k).astype(dtype)
    np.testing.assert_allclose(np.asarray(mtl.asarray(stack) @ mtl.asarray(v)), stack @ v, rtol=tol, atol=tol)
    np.testing.assert_allclose(np.asarray(mtl.asarray(v) @ mtl.asarray(stack.transpose(0, 2, 1))),
                               v @ stack.transpose(0, 2, 1), rtol=tol, atol=tol)


EINSUM_0D = [("i,i", [(3,), (3,)]), ("i,i->", [(3,), (3,)]), ("ij,ij", [(2, 3), (2, 3)]), ("i,i", [(1,), (1,)]),
             ("i,j->", [(2,), (3,)]), ("ii", [(3, 3)]), ("i->", [(3,)]), ("i,j,k->", [(2,), (3,), (4,)]),
             ("ij,jk,ki", [(2, 2)] * 3), ("i,i,i", [(2,)] * 3), (",", [(), ()]), (",i->i", [(), (3,)])]


@pytest.mark.parametrize("optimize", [False, True, "optimal"])
@pytest.mark.parametrize("eq,shapes", EINSUM_0D)
def test_einsum_scalar_or_0d_array_as_numpys(eq, shapes, optimize, native):
    """NumPy's einsum gives a 0-d result as a scalar, except where optimize ends in a
    matrix product (bmm_einsum): a 0-d array there."""
    import harness
    ops = [data(s, np.float64, seed=k) for k, s in enumerate(shapes)]
    harness.check(lambda xp: xp.einsum(eq, *[xp.asarray(x) for x in ops], optimize=optimize))


EINSUM_LAYOUTS = [("a,b,c->abc", [(2,), (3,), (4,)]), ("c,b,a->abc", [(4,), (3,), (2,)]), ("i,j->ji", [(2,), (3,)]),
                  ("ij,k->kji", [(2, 3), (4,)]), ("ij,k->ikj", [(2, 3), (4,)]), ("ij,jk->ki", [(2, 3), (3, 4)]),
                  ("ij,jk->ik", [(2, 3), (3, 4)]), ("bij,bjk->kbi", [(2, 3, 4), (2, 4, 5)]),
                  ("ij,ij->ji", [(2, 3), (2, 3)]), ("ij,ji->ij", [(2, 3), (3, 2)]),
                  ("ab,bc,cd->da", [(2, 3), (3, 4), (4, 5)]), ("a,b,c,d->dcba", [(2,), (3,), (4,), (5,)]),
                  ("ab,c->cab", [(2, 3), (4,)])]


@pytest.mark.parametrize("optimize", [False, True])
@pytest.mark.parametrize("eq,shapes", EINSUM_LAYOUTS)
def test_einsum_result_layout_as_numpys(eq, shapes, optimize, native):
    """Products laid out as NumPy's einsum lays them out (C order, F order or neither), with
    optimize in NumPy's steps."""
    ops = [data(s, np.float64, seed=k) for k, s in enumerate(shapes)]
    got = mtl.einsum(eq, *[mtl.asarray(x) for x in ops], optimize=optimize)
    want = np.einsum(eq, *ops, optimize=optimize)
    check(got, want, np.float64)
    assert (got.flags.c_contiguous, got.flags.f_contiguous, got.strides) == \
        (want.flags.c_contiguous, want.flags.f_contiguous, want.strides)
