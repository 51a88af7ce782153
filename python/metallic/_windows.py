"""Signal helpers as array code: the window functions bartlett, blackman, hamming,
hanning and kaiser, the Bessel function i0, sinc, unwrap."""

import numpy as _np

from ._convert import asarray_any

__all__ = ["bartlett", "blackman", "hamming", "hanning", "kaiser", "i0", "sinc", "unwrap"]


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


def unwrap(p, discont=None, axis=-1, *, period=2 * _np.pi):
    """p with every jump between neighbours along axis larger than discont (default
    period / 2) replaced by its equivalent modulo period: cumulative corrections."""
    mt = _m()
    p = asarray_any(p)
    dtype = _np.result_type(p.dtype, period)
    if dtype.kind not in "fc" or p.ndim == 0:  # integer periods: NumPy's boundary rules
        from ._fallback import call_numpy
        return call_numpy(_np.unwrap, (p,), dict(discont=discont, axis=axis, period=period))
    half = period / 2
    discont = half if discont is None else discont
    axis = axis % p.ndim
    dd = mt.diff(p, axis=axis)
    wrapped = mt.mod(dd + half, period) - half
    wrapped = mt.where((wrapped == -half) & (dd > 0), half, wrapped)  # +half stays +half
    correction = mt.where(mt.abs(dd) < discont, 0, wrapped - dd)
    out = mt.array(p, dtype=dtype, copy=True)
    tail = (slice(None),) * axis + (slice(1, None),)
    out[tail] = p[tail] + mt.cumsum(correction, axis=axis)
    return out


def i0(x):
    """The modified Bessel function of the first kind, order 0: its power series (all terms
    positive) up to |x| = 20, beyond it the asymptotic series of exp(x) / sqrt(2 pi x)."""
    mt = _m()
    x = asarray_any(x)
    if x.dtype.kind == "c":
        raise TypeError("i0 not supported for complex values")
    if x.dtype.kind != "f":
        x = x.astype(_np.float64)
    a = mt.abs(x)
    small = mt.minimum(a, 20.0)  # the power series: sum of (x^2/4)^k / (k!)^2
    q = small * small * 0.25
    term = mt.ones_like(small)
    total = term
    for k in range(1, 40):
        term = term * q * (1.0 / (k * k))
        total = total + term
    big = mt.maximum(a, 20.0)  # the asymptotic series in 1 / (8x)
    r = 1.0 / (8.0 * big)
    term = mt.ones_like(big)
    series = term
    for k in range(1, 25):
        term = term * r * float((2 * k - 1) ** 2 / k)
        series = series + term
    asym = mt.exp(big) * series / mt.sqrt(2.0 * _np.pi * big)  # inf past exp's range, as NumPy's
    return mt.where(a <= 20.0, total, asym).astype(x.dtype, copy=False)


def kaiser(M, beta):
    scale = float(i0(_m().asarray(float(beta))))
    return _window(M, lambda mt, n, d: i0(beta * mt.sqrt(1 - (n / d) ** 2.0)) / scale)
