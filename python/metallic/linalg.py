"""metallic.linalg: NumPy's linalg. solve, inv, det, slogdet and cholesky run natively
(LAPACK on the CPU, cuSOLVER on the GPU; stacked inputs broadcast as NumPy's, and
LinAlgError for singular or non-positive-definite matrices, found on the device too);
every other function runs in NumPy through the counted fallback, its results coming back
as metallic arrays on the inputs' device."""

from collections import namedtuple

import numpy as _np

from . import _core
from ._convert import asarray_any, on_device_of
from ._device import device as _on
from ._fallback import call_numpy, namespace_getattr
from ._products import find_blas

LinAlgError = _np.linalg.LinAlgError
SlogdetResult = namedtuple("SlogdetResult", ["sign", "logabsdet"])

__getattr__ = namespace_getattr(_np.linalg, "metallic.linalg")


def _m():
    import metallic
    return metallic


def _square(a):
    if a.ndim < 2:
        raise LinAlgError(f"{a.ndim}-dimensional array given. Array must be at least two-dimensional")
    if a.shape[-1] != a.shape[-2]:
        raise LinAlgError("Last 2 dimensions of the array must be square")


def _dtype(*arrays):
    """The dtype NumPy's linalg computes in: float64 for integers and bool."""
    t = _np.result_type(*[x.dtype for x in arrays])
    if t == _np.float16:
        raise TypeError("array type float16 is unsupported in linalg")
    return t if t.kind in "fc" else _np.dtype(_np.float64)


def _stack(a, t):
    """a cast to t, as a C-contiguous (batch, n, n) stack."""
    n = a.shape[-1]
    return _core.reshape(_core.astype(a, t, False), (-1, n, n), "C")  # the core copies it


def _factor(a, t):
    """LU factors of the stack, or None where the device has no solver."""
    find_blas()
    try:
        return _core.lu_factor(_stack(a, t))
    except NotImplementedError:
        return None


def solve(a, b):
    a = asarray_any(a)
    b = on_device_of(b, a)
    _square(a)
    t = _dtype(a, b)
    m = _m()
    vector = b.ndim == 1
    bm = b[:, None] if vector else b
    n, k = a.shape[-1], bm.shape[-1]
    if bm.shape[-2] != n:
        raise ValueError(f"solve: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                         f"(m,m),(m,n)->(m,n) (size {bm.shape[-2]} is different from {n})")
    batch = _np.broadcast_shapes(a.shape[:-2], bm.shape[:-2])
    if n == 0 or k == 0 or _np.prod(batch, dtype=_np.int64) == 0:
        with _on(a._device):
            x = m.zeros(batch + (n, k), dtype=t)
        return x[..., 0] if vector else x
    factors = _factor(m.broadcast_to(a, batch + (n, n)), t)
    if factors is None:
        return call_numpy(_np.linalg.solve, (a, b), {})
    lu, pivots, info = factors
    if any(i > 0 for i in info):
        raise LinAlgError("Singular matrix")
    rows = m.broadcast_to(_core.astype(bm, t, False), batch + (n, k))  # right-hand sides as rows
    rows = _core.reshape(m.swapaxes(rows, -1, -2), (-1, k, n), "C")
    x = m.swapaxes(_core.reshape(_core.lu_solve(lu, pivots, rows), batch + (k, n), "C"), -1, -2)
    return x[..., 0] if vector else x


def inv(a):
    a = asarray_any(a)
    _square(a)
    n = a.shape[-1]
    with _on(a._device):
        eye = _m().eye(n, dtype=_dtype(a))
    return solve(a, _m().broadcast_to(eye, a.shape))


def _lu_parts(a):
    """(diagonal of U, whether the row swaps are odd) of each matrix, or None (no solver)."""
    t = _dtype(a)
    factors = _factor(a, t)
    if factors is None:
        return None
    lu, pivots, _ = factors
    m = _m()
    n = a.shape[-1]
    with _on(a._device):
        swaps = m.sum(pivots != m.arange(1, n + 1), axis=-1)
    batch = a.shape[:-2]
    diag = _core.reshape(m.diagonal(lu, axis1=-2, axis2=-1), batch + (n,), "C")
    return diag, _core.reshape(swaps % 2 == 1, batch, "C")


def _slogdet(a, fn):
    """(sign, log|det|) of each matrix from its LU factors; fn (NumPy's) where there is no
    solver or nothing to factor."""
    a = asarray_any(a)
    _square(a)
    parts = None if a.shape[-1] == 0 or a.size == 0 else _lu_parts(a)
    if parts is None:
        return call_numpy(fn, (a,), {}), None
    diag, odd = parts
    m = _m()
    size = m.abs(diag)
    zero = m.any(size == 0, axis=-1)
    unit = diag / m.where(size == 0, 1, size)  # each pivot's sign (or phase)
    sign = m.prod(unit, axis=-1)
    sign = m.where(zero, 0, m.where(odd, -sign, sign))
    with _np.errstate(divide="ignore"):
        return sign, m.sum(m.log(size), axis=-1)


def det(a):
    # As NumPy: sign * exp(log|det|), which stays finite where the running product of the
    # pivots would overflow.
    sign, logdet = _slogdet(a, _np.linalg.det)
    return sign if logdet is None else sign * _m().exp(logdet)


def slogdet(a):
    sign, logdet = _slogdet(a, _np.linalg.slogdet)
    return sign if logdet is None else SlogdetResult(sign, logdet)


def cholesky(a, /, *, upper=False):
    a = asarray_any(a)
    _square(a)
    t = _dtype(a)
    n = a.shape[-1]
    m = _m()
    if n == 0 or a.size == 0:
        return call_numpy(_np.linalg.cholesky, (a,), dict(upper=upper))
    find_blas()
    try:
        u, info = _core.cholesky_factor(_stack(a, t))
    except NotImplementedError:
        return call_numpy(_np.linalg.cholesky, (a,), dict(upper=upper))
    if any(i > 0 for i in info):
        raise LinAlgError("Matrix is not positive definite")
    with _on(a._device):
        below = m.arange(n)[:, None] >= m.arange(n)[None, :]
    lower = m.where(below, _core.reshape(u, a.shape, "C"), 0).astype(t)
    return m.conj(m.swapaxes(lower, -1, -2)) if upper else lower
