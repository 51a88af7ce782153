"""Polynomials as array code: polyval, polyfit (least squares), vander."""

import numpy as _np

from ._convert import asarray_any

__all__ = ["polyval", "polyfit", "vander"]


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


def polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    """The least-squares polynomial fit of degree deg (highest power first): the
    Vandermonde matrix with its columns scaled to unit norm, solved by lstsq. full=True and
    cov go through NumPy's (their diagnostics and warnings are its)."""
    mt = _m()
    if full or cov or _np.ndim(deg) != 0:
        from ._fallback import call_numpy
        return call_numpy(_np.polyfit, (x, y, deg), dict(rcond=rcond, full=full, w=w, cov=cov))
    deg = int(deg)
    x = asarray_any(x) + 0.0
    y = asarray_any(y) + 0.0
    if deg < 0:
        raise ValueError("expected deg >= 0")
    if x.ndim != 1:
        raise TypeError("expected 1D vector for x")
    if x.size == 0:
        raise TypeError("expected non-empty vector for x")
    if y.ndim < 1 or y.ndim > 2:
        raise TypeError("expected 1D or 2D array for y")
    if x.shape[0] != y.shape[0]:
        raise TypeError("expected x and y to have same length")
    rcond = x.shape[0] * _np.finfo(x.dtype).eps if rcond is None else rcond
    lhs = vander(x, deg + 1)
    rhs = y
    if w is not None:
        w = asarray_any(w) + 0.0
        if w.ndim != 1:
            raise TypeError("expected a 1-d array for weights")
        if w.shape[0] != y.shape[0]:
            raise TypeError("expected w and y to have the same length")
        lhs = lhs * w[:, None]
        rhs = rhs * (w if rhs.ndim == 1 else w[:, None])
    scale = mt.sqrt(mt.sum(lhs * lhs, axis=0))
    c, _, rank, _ = mt.linalg.lstsq(lhs / scale, rhs, rcond=rcond)
    if int(rank) != deg + 1:
        import warnings
        warnings.warn("Polyfit may be poorly conditioned", _np.exceptions.RankWarning, stacklevel=2)
    return (c.T / scale).T
