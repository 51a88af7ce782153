"""metallic.linalg's eigen- and singular value decompositions (syevd/heevd, geev and gesdd
in LAPACK on the CPU, syevd, geev and gesvd in cuSOLVER on the GPU), and what NumPy builds
on them: eigvals, eigvalsh, svdvals, pinv, matrix_rank, cond, lstsq and the 2, -2 and
nuclear norms."""

import functools
from collections import namedtuple

import numpy as _np

from . import _core, _errstate
from ._convert import asarray_any, on_device_of
from ._device import device as _on
from ._fallback import call_numpy
from ._products import find_blas
from ._scalars import returns_scalar

LinAlgError = _np.linalg.LinAlgError
EighResult = namedtuple("EighResult", ["eigenvalues", "eigenvectors"])
EigResult = namedtuple("EigResult", ["eigenvalues", "eigenvectors"])
SVDResult = namedtuple("SVDResult", ["U", "S", "Vh"])
SVDResult.__doc__ = "svd's result: U, the singular values S (descending) and Vh, as NumPy's."


def _m():
    import metallic
    return metallic


def _dtype(*arrays):
    """The dtype NumPy's linalg computes in: float64 for integers and bool."""
    t = _np.result_type(*[x.dtype for x in arrays])
    if t == _np.float16:
        raise TypeError("array type float16 is unsupported in linalg")
    return t if t.kind in "fc" else _np.dtype(_np.float64)


def _at_least_2d(a):
    if a.ndim < 2:
        raise LinAlgError(f"{a.ndim}-dimensional array given. Array must be at least two-dimensional")


def _stack(a, t):
    """a cast to t, as a C-contiguous (batch, m, n) stack (the core copies it)."""
    return _core.reshape(_core.astype(a, t, False), (-1,) + tuple(a.shape[-2:]), "C")


def _native(fn, a, *args):
    """fn(stack, *args) from the core, or None where the device has no solver library."""
    find_blas()
    try:
        return fn(_stack(a, _dtype(a)), *args)
    except NotImplementedError:
        return None


def _square(a):
    _at_least_2d(a)
    if a.shape[-1] != a.shape[-2]:
        raise LinAlgError("Last 2 dimensions of the array must be square")


def _eigh(a, UPLO, vectors, fn):
    """(w, v) of Hermitian matrices from the chosen triangle (v None without vectors), or
    (None, NumPy's answer) where the device has no solver."""
    a = asarray_any(a)
    _square(a)
    if UPLO not in ("L", "U"):
        raise ValueError("UPLO argument must be 'L' or 'U'")
    r = None if a.size == 0 else _native(_core.eigh_factor, a, vectors, UPLO == "L")
    if r is None:
        return None, call_numpy(fn, (a,), dict(UPLO=UPLO))
    w, v, info = r
    if any(i != 0 for i in info):
        raise LinAlgError("Eigenvalues did not converge")
    return _core.reshape(w, a.shape[:-1], "C"), (_core.reshape(v, a.shape, "C") if vectors else None)


def eigh(a, UPLO="L"):
    """Eigenvalues (ascending) and eigenvectors (columns) of Hermitian matrices, from the
    lower (UPLO='L') or upper triangle."""
    w, v = _eigh(a, UPLO, True, _np.linalg.eigh)
    return EighResult(*v) if w is None else EighResult(w, v)


def eigvalsh(a, UPLO="L"):
    w, fallback = _eigh(a, UPLO, False, _np.linalg.eigvalsh)
    return fallback if w is None else w


def _eig(a, vectors, fn):
    """(w, v) of general matrices from geev: complex, or real where every eigenvalue of the
    stack is real (NumPy's rule for real input); None where the device has no solver."""
    m = _m()
    a = asarray_any(a)
    _square(a)
    if a.dtype.kind in "fc" and not bool(m.all(m.isfinite(a))):  # as NumPy, before geev
        raise LinAlgError("Array must not contain infs or NaNs")
    r = None if a.size == 0 else _native(_core.eig_factor, a, vectors)
    if r is None:
        return None, call_numpy(fn, (a,), {})
    w, v, info = r
    if any(i != 0 for i in info):
        raise LinAlgError("Eigenvalues did not converge")
    batch, n = tuple(a.shape[:-2]), a.shape[-1]
    if w.dtype.kind == "f":  # real parts, imaginary parts; pairs packed in v's columns
        wr, wi = w[:, 0, :], w[:, 1, :]
        if not _numpy_eig_always_complex() and not bool(m.any(wi != 0)):
            w, v = wr, v
        else:
            w = wr + 1j * wi
            if vectors:
                first, second = (wi > 0)[:, None, :], (wi < 0)[:, None, :]
                re = m.where(second, m.roll(v, 1, axis=-1), v)
                im = m.where(first, m.roll(v, -1, axis=-1), m.where(second, -v, 0))
                v = re + 1j * im
    w = _core.reshape(w, batch + (n,), "C")
    return w, (_core.reshape(v, a.shape, "C") if vectors else None)


@functools.cache
def _numpy_eig_always_complex():
    """Whether the NumPy installed gives complex eigenvalues of real matrices whatever they
    are (newer NumPy), rather than real ones where all are real."""
    return _np.linalg.eigvals(_np.eye(1)).dtype.kind == "c"


def eig(a):
    """Eigenvalues and right eigenvectors (columns, unit norm) of general matrices."""
    w, v = _eig(a, True, _np.linalg.eig)
    return v if w is None else EigResult(w, v)


def eigvals(a):
    w, fallback = _eig(a, False, _np.linalg.eigvals)
    return fallback if w is None else w


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """a = U diag(S) Vh, singular values descending (reduced U and Vh without
    full_matrices); for Hermitian a, from its eigen-decomposition, as NumPy's."""
    a = asarray_any(a)
    _at_least_2d(a)
    m = _m()
    if hermitian:
        if not compute_uv:
            return m.flip(m.sort(m.abs(eigvalsh(a)), axis=-1), axis=-1)
        s, u = eigh(a)
        sgn = m.copysign(1.0, s)
        order = m.flip(m.argsort(m.abs(s), axis=-1), axis=-1)
        sgn, s = m.take_along_axis(sgn, order, axis=-1), m.take_along_axis(m.abs(s), order, axis=-1)
        u = m.take_along_axis(u, order[..., None, :], axis=-1)
        return SVDResult(u, s, m.conj(m.swapaxes(u * sgn[..., None, :], -1, -2)))
    r = None if a.size == 0 else _native(_core.svd_factor, a, compute_uv, full_matrices)
    if r is None:
        return call_numpy(_np.linalg.svd, (a,), dict(full_matrices=full_matrices, compute_uv=compute_uv))
    u, s, vh, info = r
    if any(i != 0 for i in info):  # info -4: gesdd found a NaN and wrote nothing
        raise LinAlgError("SVD did not converge")
    batch = tuple(a.shape[:-2])
    s = _core.reshape(s, batch + tuple(s.shape[-1:]), "C")
    if not compute_uv:
        return s
    return SVDResult(_core.reshape(u, batch + tuple(u.shape[-2:]), "C"), s,
                     _core.reshape(vh, batch + tuple(vh.shape[-2:]), "C"))


def svdvals(x, /):
    return svd(x, compute_uv=False, hermitian=False)


def matrix_rank(A, tol=None, hermitian=False, *, rtol=None):
    if rtol is not None and tol is not None:
        raise ValueError("`tol` and `rtol` can't be both set.")
    m = _m()
    A = asarray_any(A)
    if A.ndim < 2:
        return int(not bool(m.all(A == 0)))
    S = svd(A, compute_uv=False, hermitian=hermitian)
    if tol is None:
        if rtol is None:
            rtol = max(A.shape[-2:]) * _np.finfo(S.dtype).eps
        else:
            rtol = m.asarray(rtol)[..., None]
        big = m.max(S, axis=-1, keepdims=True) if S.shape[-1] else m.zeros(S.shape[:-1] + (1,), dtype=S.dtype)
        tol = big * rtol
    else:
        tol = m.asarray(tol)[..., None]
    return m.count_nonzero(S > tol, axis=-1)


def pinv(a, rcond=None, hermitian=False, *, rtol=_np._NoValue):
    m = _m()
    a = asarray_any(a)
    if rcond is None:
        if rtol is _np._NoValue:
            rcond = 1e-15
        elif rtol is None:
            rcond = max(a.shape[-2:]) * _np.finfo(_dtype(a)).eps
        else:
            rcond = rtol
    elif rtol is not _np._NoValue:
        raise ValueError("`rtol` and `rcond` can't be both set.")
    _at_least_2d(a)
    if a.size == 0:
        return call_numpy(_np.linalg.pinv, (a,), dict(rcond=rcond, hermitian=hermitian))
    u, s, vt = svd(m.conj(a), full_matrices=False, hermitian=hermitian)
    cutoff = m.asarray(rcond)[..., None] * m.max(s, axis=-1, keepdims=True)
    large = s > cutoff
    s = m.where(large, 1.0 / m.where(large, s, 1.0), 0.0).astype(s.dtype)
    return m.matmul(m.swapaxes(vt, -1, -2), s[..., None] * m.swapaxes(u, -1, -2))


@returns_scalar
@_errstate.quiet
def cond(x, p=None):
    """The condition number: from the singular values for p None, 2, -2; norm(x, p) times
    norm(inv(x), p) otherwise. NaNs become inf unless x had NaNs."""
    m = _m()
    x = asarray_any(x)
    _at_least_2d(x)
    if x.shape[-1] == 0 or x.shape[-2] == 0:
        raise LinAlgError("cond is not defined on empty arrays")
    if p is None or p in (2, -2):
        s = svd(x, compute_uv=False)
        r = s[..., -1] / s[..., 0] if p == -2 else s[..., 0] / s[..., -1]
    else:
        if x.shape[-1] != x.shape[-2]:
            raise LinAlgError("Last 2 dimensions of the array must be square")
        from .linalg import inv, norm
        try:
            r = norm(x, p, axis=(-2, -1)) * norm(inv(x), p, axis=(-2, -1))
        except LinAlgError:  # a singular matrix: NumPy's inf for it
            return call_numpy(_np.linalg.cond, (x,), dict(p=p))
        r = r.astype(_np.finfo(_dtype(x)).dtype)
    return m.where(m.isnan(r) & ~m.any(m.isnan(x), axis=(-2, -1)), _np.inf, r)


def lstsq(a, b, rcond=None):
    """The least-squares solution from the SVD of a (LAPACK's gelsd's answer): singular
    values at most rcond times the largest count as zero. Returns (x, residuals, rank, s)."""
    m = _m()
    a = asarray_any(a)
    b = on_device_of(b, a)
    vector = b.ndim == 1
    bm = b[:, None] if vector else b
    for x in (a, bm):
        if x.ndim != 2:
            raise LinAlgError(f"{x.ndim}-dimensional array given. Array must be two-dimensional")
    rows, cols = a.shape
    if bm.shape[0] != rows:
        raise LinAlgError("Incompatible dimensions")
    t = _dtype(a, b)
    if rcond is None:
        rcond = _np.finfo(t).eps * max(rows, cols)
    if a.size == 0 or bm.shape[1] == 0:
        return call_numpy(_np.linalg.lstsq, (a, b), dict(rcond=rcond))
    if not bool(m.all(m.isfinite(a))):  # NumPy's gelsd fails on a NaN or an inf in a
        raise LinAlgError("SVD did not converge in Linear Least Squares")
    a, bm = a.astype(t), bm.astype(t)
    u, s, vh = svd(a, full_matrices=False)
    large = s > (rcond if rcond >= 0 else _np.finfo(t).eps) * s[0]
    rank = _np.int32(m.count_nonzero(large))  # NumPy's: LAPACK's int
    inv_s = m.where(large, 1.0 / m.where(large, s, 1.0), 0.0).astype(s.dtype)
    x = m.conj(m.swapaxes(vh, -1, -2)) @ (inv_s[:, None] * (m.conj(m.swapaxes(u, -1, -2)) @ bm))
    if rank == cols and rows > cols:
        d = m.abs(bm - a @ x)
        resids = m.sum(d * d, axis=0)
    else:
        with _on(a._device):
            resids = m.empty((0,), dtype=s.dtype)
    return (x[:, 0] if vector else x), resids, rank, s


def matrix_norm_2(x, ord, axes):
    """The 2, -2 and nuclear norms over axes (row, col): the largest, smallest or summed
    singular values."""
    m = _m()
    s = svd(m.moveaxis(x, axes, (-2, -1)), compute_uv=False)
    return m.max(s, axis=-1) if ord == 2 else m.min(s, axis=-1) if ord == -2 else m.sum(s, axis=-1)
