"""Window functions and sinc as array code: bartlett, blackman, hamming, hanning, sinc."""

import numpy as _np

from ._convert import asarray_any

__all__ = ["bartlett", "blackman", "hamming", "hanning", "sinc"]


def _m():
    import metallic
    return metallic


def _window(M, shape):
    """M points of shape(n, M - 1) at n = 1 - M, 3 - M, ..., M - 1 (float64, as NumPy's)."""
    mt = _m()
    dtype = _np.result_type(0.0, M)
    if M < 1:
        return mt.zeros(0, dtype=dtype)
    if M == 1:
        return mt.ones(1, dtype=dtype)
    n = mt.arange(1 - M, M, 2, dtype=dtype)
    return shape(mt, n, M - 1)


def bartlett(M):
    return _window(M, lambda mt, n, d: mt.where(n <= 0, 1 + n / d, 1 - n / d))


def blackman(M):
    return _window(M, lambda mt, n, d: 0.42 + 0.5 * mt.cos(_np.pi * n / d) + 0.08 * mt.cos(2.0 * _np.pi * n / d))


def hamming(M):
    return _window(M, lambda mt, n, d: 0.54 + 0.46 * mt.cos(_np.pi * n / d))


def hanning(M):
    return _window(M, lambda mt, n, d: 0.5 + 0.5 * mt.cos(_np.pi * n / d))


def sinc(x):
    """sin(pi x) / (pi x), 1 at 0."""
    mt = _m()
    x = asarray_any(x)
    y = _np.pi * mt.where(x == 0, 1.0e-20, x)
    return mt.sin(y) / y
