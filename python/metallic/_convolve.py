"""convolve and correlate of 1-d arrays: the full result, then cut to the mode's length. In
the operands' dtype, integers wrapping as NumPy's. Finite floats (checked: two booleans read
back) with a shorter operand of at least _MATMUL_MIN elements: two matrix products over
reshapes of the longer operand (_by_matmul); otherwise the sum over the shorter operand's
elements of each times the other operand shifted, directly as NumPy computes it. A
shorter operand of more than 256 elements runs in NumPy (counted fallback)."""

import numpy as _np

from . import _core
from ._convert import asarray_any, on_device_of
from ._fallback import call_numpy

__all__ = ["convolve", "correlate"]

_MAX_SHORT = 256
_MATMUL_MIN = 4  # shorter operands from this length: the matrix products


def _vectors(a, v):
    a = asarray_any(a)
    v = on_device_of(v, a)
    for x in (a, v):
        if x.ndim != 1:
            raise ValueError("object too deep for desired array" if x.ndim > 1
                             else "object of too small depth for desired array")
    if a.shape[0] == 0:
        raise ValueError("a cannot be empty")
    if v.shape[0] == 0:
        raise ValueError("v cannot be empty")
    return a, v


def _by_matmul(a, v):
    """The full convolution of finite floats as matrix products: output i = q*k + r (k =
    len(v)) is sum_t a_p[q*k + t] * w[t, r] over t < 2k, with a_p the input after k - 1
    zeros and w[t, r] = v[r + k - 1 - t] where that is an index of v, else 0. Rows t < k
    and t >= k of w multiply two reshapes of a_p (views, no copies): twice the
    multiplications of the direct sum, at the speed of a matrix product."""
    import metallic as m
    n, k = a.shape[0], v.shape[0]
    length = n + k - 1
    rows = -(-length // k)
    a_p = m.pad(a, (k - 1, (rows + 1) * k - length))
    at = _np.arange(k)[None, :] + (k - 1) - _np.arange(2 * k)[:, None]
    inside = (at >= 0) & (at < k)
    w = m.take(v, on_device_of(_np.clip(at, 0, k - 1), a)) * on_device_of(inside.astype(a.dtype), a)
    y = (m.matmul(_core.reshape(a_p[:rows * k], (rows, k), "C"), w[:k])
         + m.matmul(_core.reshape(a_p[k:], (rows, k), "C"), w[k:]))
    return _core.reshape(y, (rows * k,), "C")[:length]


def _full(a, v):
    """The full convolution: sum_j v[j] * a shifted right by j, over the shorter v (or, for
    finite floats and a v of at least _MATMUL_MIN elements, two matrix products)."""
    import metallic as m
    if v.shape[0] > a.shape[0]:
        a, v = v, a
    t = _np.result_type(a.dtype, v.dtype)
    a, v = a.astype(t), v.astype(t)
    k = v.shape[0]
    # inf or NaN would reach outputs they do not touch (0 * inf in the product): direct sum.
    if t.kind in "fc" and k >= _MATMUL_MIN and bool(m.isfinite(a).all()) and bool(m.isfinite(v).all()):
        return _by_matmul(a, v)
    y = None
    for j in range(k):
        term = m.pad(a * v[j:j + 1], (j, k - 1 - j))
        y = term if y is None else y + term
    return y


def _cut(y, n, k, mode):
    if mode in ("full", 2):
        return y
    if mode in ("same", 1):
        start = (min(n, k) - 1) // 2
        return y[start:start + max(n, k)]
    if mode in ("valid", 0):
        return y[min(n, k) - 1:max(n, k)]
    raise ValueError(f"mode must be one of 'valid', 'same', or 'full' (got {mode!r})")


def convolve(a, v, mode="full"):
    a, v = _vectors(a, v)
    if min(a.shape[0], v.shape[0]) > _MAX_SHORT:
        return call_numpy(_np.convolve, (a, v), dict(mode=mode))
    return _cut(_full(a, v), a.shape[0], v.shape[0], mode)


def correlate(a, v, mode="valid"):
    """c[k] = sum_n a[n + k] conj(v[n]): the convolution of a with v reversed and conjugated;
    with v the longer, NumPy's answer is that of the operands swapped, reversed."""
    import metallic as m
    a, v = _vectors(a, v)
    if min(a.shape[0], v.shape[0]) > _MAX_SHORT:
        return call_numpy(_np.correlate, (a, v), dict(mode=mode))
    if v.shape[0] > a.shape[0]:
        r = _cut(_full(v, m.conj(a[::-1]) if a.dtype.kind == "c" else a[::-1]), v.shape[0], a.shape[0], mode)
        r = r[::-1]
        return m.conj(r) if r.dtype.kind == "c" else r
    w = v[::-1]
    return _cut(_full(a, m.conj(w) if w.dtype.kind == "c" else w), a.shape[0], v.shape[0], mode)
