"""Polynomials as array code (coefficient arrays, highest power first): polyval, polyfit
(least squares), vander, poly, roots (eigenvalues of the companion matrix), polyadd,
polysub, polymul, polydiv, polyder, polyint. Where an operand is NumPy's poly1d the call
is NumPy's (its class holds NumPy arrays)."""

import numpy as _np

from ._convert import asarray_any

__all__ = ["polyval", "polyfit", "vander", "poly", "roots", "polyadd", "polysub", "polymul",
           "polydiv", "polyder", "polyint"]


def _m():
    import metallic
    return metallic


def _poly1d_call(fn, args, kwargs=None):
    """NumPy's fn where an argument is a poly1d (the result is one too), else None."""
    if any(isinstance(a, _np.poly1d) for a in args):
        from ._fallback import call_numpy
        return call_numpy(fn, tuple(args), kwargs or {})
    return None


def polyval(p, x):
    """Horner's rule over the coefficients (highest power first): one fused pass."""
    mt = _m()
    if (r := _poly1d_call(_np.polyval, (p, x))) is not None:
        return r
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


def _coefficients(a):
    return _m().atleast_1d(asarray_any(a))


def _aligned(a1, a2):
    """Two coefficient vectors padded with leading zeros to one length."""
    mt = _m()
    a1, a2 = _coefficients(a1), _coefficients(a2)
    d = a2.shape[0] - a1.shape[0]
    if d > 0:
        a1 = mt.concatenate((mt.zeros(d, dtype=a1.dtype), a1))
    elif d < 0:
        a2 = mt.concatenate((mt.zeros(-d, dtype=a2.dtype), a2))
    return a1, a2


def polyadd(a1, a2):
    if (r := _poly1d_call(_np.polyadd, (a1, a2))) is not None:
        return r
    a1, a2 = _aligned(a1, a2)
    return a1 + a2


def polysub(a1, a2):
    if (r := _poly1d_call(_np.polysub, (a1, a2))) is not None:
        return r
    a1, a2 = _aligned(a1, a2)
    return a1 - a2


def polymul(a1, a2):
    if (r := _poly1d_call(_np.polymul, (a1, a2))) is not None:
        return r
    mt = _m()

    def trimmed(a):  # as a poly1d holds them: leading zeros dropped, at least one left
        a = _coefficients(a)
        t = mt.trim_zeros(a, trim="f")
        return t if t.shape[0] else mt.zeros(1, dtype=a.dtype)
    return mt.convolve(trimmed(a1), trimmed(a2))


def polyder(p, m=1):
    """The m-th derivative: each coefficient times its power, m times."""
    if (r := _poly1d_call(_np.polyder, (p,), {"m": m})) is not None:
        return r
    mt = _m()
    m = int(m)
    if m < 0:
        raise ValueError("Order of derivative must be positive (see polyint)")
    p = asarray_any(p)
    for _ in range(m):
        n = p.shape[0] - 1
        p = p[:-1] * mt.arange(n, 0, -1)
    return p


def polyint(p, m=1, k=None):
    """The m-th antiderivative; k: the integration constants (the lowest order's last)."""
    if (r := _poly1d_call(_np.polyint, (p,), {"m": m, "k": k})) is not None:
        return r
    mt = _m()
    m = int(m)
    if m < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    k = mt.zeros(m, dtype=float) if k is None else mt.atleast_1d(asarray_any(k))
    if k.shape[0] == 1 and m > 1:
        k = k[0] * mt.ones(m, dtype=float)
    if k.shape[0] < m:
        raise ValueError("k must be a scalar or a rank-1 array of length 1 or >m.")
    p = asarray_any(p)
    for i in range(m):
        q = p / mt.arange(p.shape[0], 0, -1)
        p = mt.concatenate((q, mt.reshape(k[i], (1,)).astype(q.dtype)))
    return p


def polydiv(u, v):
    """Quotient and remainder of long division; leading remainder terms within 1e-14 of
    zero (relative) are dropped as NumPy's."""
    if (r := _poly1d_call(_np.polydiv, (u, v))) is not None:
        return r
    mt = _m()
    u = _coefficients(u) + 0.0
    v = _coefficients(v) + 0.0
    m, n = u.shape[0] - 1, v.shape[0] - 1
    dtype = _np.result_type(u.dtype, v.dtype)
    scale = 1.0 / v[0]
    q = mt.zeros(max(m - n + 1, 1), dtype=dtype)
    r = u.astype(dtype)
    for k in range(m - n + 1):
        d = scale * r[k]
        q[k] = d
        r[k:k + n + 1] -= d * v
    while r.shape[-1] > 1 and bool(mt.allclose(r[0], 0, rtol=1e-14)):
        r = r[1:]
    return q, r


def roots(p):
    """The roots, as the eigenvalues of the companion matrix (trailing zero coefficients
    give zero roots)."""
    mt = _m()
    p = _coefficients(p)
    if p.ndim != 1:
        raise ValueError("Input must be a rank-1 array.")
    nz = mt.nonzero(p)[0]
    if nz.shape[0] == 0:
        return mt.array([])
    first, last = int(nz[0]), int(nz[-1])
    trailing = p.shape[0] - last - 1
    p = p[first:last + 1]
    if p.dtype.kind not in "fc":
        p = p.astype(float)
    N = p.shape[0]
    if N > 1:
        A = mt.diag(mt.ones(N - 2, dtype=p.dtype), -1)
        A[0, :] = -p[1:] / p[0]
        r = mt.linalg.eigvals(A)
    else:
        r = mt.array([], dtype=p.dtype)
    return mt.concatenate((r, mt.zeros(trailing, dtype=r.dtype)))


def poly(seq_of_zeros):
    """The coefficients of the monic polynomial with the given roots (of a square matrix:
    its eigenvalues'); real where the roots come in conjugate pairs."""
    mt = _m()
    seq = _coefficients(seq_of_zeros)
    sh = seq.shape
    if len(sh) == 2 and sh[0] == sh[1] and sh[0] != 0:
        seq = mt.linalg.eigvals(seq)
    elif len(sh) == 1:
        seq = seq.astype(_np.mintypecode(seq.dtype.char))
    else:
        raise ValueError("input must be 1d or non-empty square 2d array.")
    if seq.shape[0] == 0:
        return 1.0
    dt = seq.dtype
    a = mt.ones(1, dtype=dt)
    for i in range(seq.shape[0]):
        a = mt.convolve(a, mt.concatenate((mt.ones(1, dtype=dt), -mt.reshape(seq[i], (1,)))))
    if dt.kind == "c":
        r = seq.astype(complex)
        if bool(mt.all(mt.sort(r) == mt.sort(r.conjugate()))):
            a = a.real.copy()
    return a
