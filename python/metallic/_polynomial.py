"""Polynomial evaluation and Vandermonde matrices as array code: polyval, vander."""

import numpy as _np

from ._convert import asarray_any

__all__ = ["polyval", "vander"]


def _m():
    import metallic
    return metallic


def polyval(p, x):
    """Horner's rule over the coefficients (highest power first): one fused pass."""
    mt = _m()
    if isinstance(p, _np.poly1d) or isinstance(x, _np.poly1d):
        from ._fallback import call_numpy
        return call_numpy(_np.polyval, (p, x), {})
    p = asarray_any(p)
    x = asarray_any(x)
    y = mt.zeros_like(x)
    for i in range(p.shape[0] if p.ndim else 1):
        y = y * x + (p[i] if p.ndim else p)
    return y


def vander(x, N=None, increasing=False):
    mt = _m()
    x = asarray_any(x)
    if x.ndim != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    n = x.shape[0]
    N = n if N is None else N
    dtype = _np.promote_types(x.dtype, int)
    if N <= 0 or n == 0:
        return mt.zeros((n, max(N, 0)), dtype=dtype)
    cols = [mt.ones((n, 1), dtype=dtype)]
    if N > 1:
        cols.append(mt.cumprod(mt.broadcast_to(x.astype(dtype)[:, None], (n, N - 1)), axis=1))
    v = mt.concatenate(cols, axis=1)
    return v if increasing else mt.ascontiguousarray(v[:, ::-1])
