"""metallic.fft: NumPy's fft. On the GPU every transform runs on cuFFT (one batched 1-D
transform per axis, the axis moved last; NumPy's n, axis/axes/s and norm rules and its
dtypes: float32 and complex64 stay single precision). On the CPU the transforms run on
every thread of metallic's pool in scipy.fft's pocketfft where SciPy is installed (NumPy's
runs on one core; the results are the same, bit for bit), reading and writing the arrays
in place; without SciPy, and for out= and float16 input, in NumPy's (counted fallback).
fftfreq, rfftfreq, fftshift and ifftshift are native everywhere."""

import math
import operator

import numpy as _np

from . import _core
from ._convert import asarray_any
from ._fallback import call_numpy as _call_numpy, namespace_getattr, namespace_dir

__all__ = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fftn", "ifftn", "rfftn", "irfftn", "fft2", "ifft2",
           "rfft2", "irfft2", "fftfreq", "rfftfreq", "fftshift", "ifftshift"]

__getattr__ = namespace_getattr(_np.fft, "metallic.fft")
__dir__ = namespace_dir(_np.fft, globals())

_C2C, _R2C, _C2R = 0, 1, 2
_SINGLE = (_np.float16, _np.float32, _np.complex64)


def _m():
    import metallic
    return metallic


def _native(a, out):
    return out is None and a.ndim > 0 and str(a._device).startswith("cuda") and a.dtype.kind in "biufc"


def _scipy_fft():
    try:
        import scipy.fft
    except ImportError:
        return None
    return scipy.fft


def _threaded(a, out):
    """Whether a CPU transform of a runs in scipy.fft on metallic's threads."""
    return (out is None and a.ndim > 0 and str(a._device) == "cpu" and a.dtype.kind in "biufc"
            and a.dtype != _np.float16 and _scipy_fft() is not None)


def _on_threads(name, a, **kwargs):
    """scipy.fft's transform of a CPU array, over its memory and into a new metallic array
    that takes the result's memory (no copies)."""
    r = getattr(_scipy_fft(), name)(_np.from_dlpack(a), workers=_core.cpu_threads(), **kwargs)
    return _m().from_dlpack(r)


def _as_complex(a):
    """Real input to a complex transform made complex first, as NumPy's does (scipy's own
    path for real input gives other last bits and -0.0 imaginary parts)."""
    if a.dtype.kind == "c":
        return a
    return a.astype(_np.complex64 if a.dtype in _SINGLE else _np.complex128)


def _cpu(fn, a, n, axis, norm, out, inverse, half=False, real=False):
    """A 1-D transform that is not the GPU's: on metallic's threads after NumPy's checks
    (for NumPy's messages; half: n counts 2 (m - 1) points by default), else NumPy's
    (always for complex input to a transform of real input: NumPy's TypeError)."""
    if _threaded(a, out) and not (real and a.dtype.kind == "c"):
        m = a.shape[_axis(a, axis)]
        _scale(norm, _points(n, 2 * (m - 1) if half else m), inverse)
        return _on_threads(fn.__name__, a, n=n, axis=axis, norm=norm)
    return _call_numpy(fn, (a,), dict(n=n, axis=axis, norm=norm, out=out))


def _scale(norm, n, inverse):
    if norm not in (None, "backward", "ortho", "forward"):
        raise ValueError(f'Invalid norm value {norm}; should be "backward","ortho" or "forward".')
    if norm == "ortho":
        return 1 / math.sqrt(n)
    return 1 / n if inverse == (norm in (None, "backward")) else 1


def _swap(norm):
    if norm not in (None, "backward", "ortho", "forward"):
        raise ValueError(f'Invalid norm value {norm}; should be "backward","ortho" or "forward".')
    return {None: "forward", "backward": "forward", "forward": "backward", "ortho": "ortho"}[norm]


def _points(n, default):
    n = default if n is None else operator.index(n)
    if n < 1:
        raise ValueError(f"Invalid number of FFT data points ({n}) specified.")
    return n


def _last(a, axis, length, dtype):
    """a cast to dtype with axis moved last, cropped or zero-padded to length."""
    m = _m()
    x = m.moveaxis(_core.astype(a, _np.dtype(dtype), False), axis, -1)
    have = x.shape[-1]
    if have > length:
        x = x[..., :length]
    elif have < length:
        x = m.concatenate([x, m.zeros(x.shape[:-1] + (length - have,), dtype=dtype, device=a._device)], axis=-1)
    return x


def _axis(a, axis):
    axis = operator.index(axis)
    if not -a.ndim <= axis < a.ndim:
        raise _np.exceptions.AxisError(axis, a.ndim)
    return axis % a.ndim


def _run(x, kind, inverse, n, scale, axis):
    r = _core.fft_last(x, kind, inverse, n)
    if scale != 1:
        r = r * scale
    return _m().moveaxis(r, -1, axis)


def _c2c(fn, a, n, axis, norm, out, inverse):
    a = asarray_any(a)
    if not _native(a, out):
        return _cpu(fn, _as_complex(a), n, axis, norm, out, inverse)
    axis = _axis(a, axis)
    n = _points(n, a.shape[axis])
    t = _np.complex64 if a.dtype in _SINGLE else _np.complex128
    return _run(_last(a, axis, n, t), _C2C, inverse, n, _scale(norm, n, inverse), axis)


def fft(a, n=None, axis=-1, norm=None, out=None):
    return _c2c(_np.fft.fft, a, n, axis, norm, out, False)


def ifft(a, n=None, axis=-1, norm=None, out=None):
    return _c2c(_np.fft.ifft, a, n, axis, norm, out, True)


def rfft(a, n=None, axis=-1, norm=None, out=None):
    a = asarray_any(a)
    if not _native(a, out) or a.dtype.kind == "c":
        return _cpu(_np.fft.rfft, a, n, axis, norm, out, False, real=True)
    axis = _axis(a, axis)
    n = _points(n, a.shape[axis])
    t = _np.float32 if a.dtype in _SINGLE else _np.float64
    return _run(_last(a, axis, n, t), _R2C, False, n, _scale(norm, n, False), axis)


def irfft(a, n=None, axis=-1, norm=None, out=None):
    a = asarray_any(a)
    if not _native(a, out) or a.dtype == _np.float16:
        return _cpu(_np.fft.irfft, a, n, axis, norm, out, True, half=True)
    axis = _axis(a, axis)
    n = _points(n, 2 * (a.shape[axis] - 1))
    t = _np.complex64 if a.dtype in _SINGLE else _np.complex128
    return _run(_last(a, axis, n // 2 + 1, t), _C2R, True, n, _scale(norm, n, True), axis)


def hfft(a, n=None, axis=-1, norm=None, out=None):
    a = asarray_any(a)
    if not _native(a, out):
        return _cpu(_np.fft.hfft, a, n, axis, norm, out, True, half=True)
    return irfft(_m().conj(a), n, axis, _swap(norm))


def ihfft(a, n=None, axis=-1, norm=None, out=None):
    a = asarray_any(a)
    if not _native(a, out) or a.dtype.kind == "c":
        return _cpu(_np.fft.ihfft, a, n, axis, norm, out, False, real=True)
    return _m().conj(rfft(a, n, axis, _swap(norm)))


def _nd(fn, a, s, axes, norm, out, steps):
    """An n-dimensional transform as 1-D ones; steps(a, s, axes) runs them. NumPy's own
    where it is not native, and for the forms NumPy deprecates (s without axes, None in s)."""
    a = asarray_any(a)
    deprecated = s is not None and (axes is None or any(v is None for v in s))
    gpu = _native(a, out)
    if deprecated or not (gpu or _threaded(a, out)) or (fn is _np.fft.rfftn and a.dtype.kind == "c"):
        return _call_numpy(fn, (a,), dict(s=s, axes=axes, norm=norm, out=out))
    axes = list(range(a.ndim)) if axes is None else [operator.index(x) for x in axes]
    s = [a.shape[_axis(a, x)] for x in axes] if s is None else [operator.index(v) for v in s]
    if len(s) != len(axes):
        raise ValueError("Shape and axes have different lengths.")
    if not gpu:
        for v in s:
            _points(v, 1)
        _scale(norm, 1, False)
        if fn.__name__ in ("fftn", "ifftn", "fft2", "ifft2"):
            a = _as_complex(a)
        return _on_threads(fn.__name__, a, s=s, axes=axes, norm=norm) if axes else a
    return steps(a, s, axes) if axes else a


def _every_axis(one, norm):
    """steps for _nd: the 1-d transform `one` along each axis, the last first (as NumPy)."""
    def steps(a, s, axes):
        for n, axis in reversed(list(zip(s, axes))):
            a = one(a, n, axis, norm)
        return a
    return steps


def fftn(a, s=None, axes=None, norm=None, out=None):
    return _nd(_np.fft.fftn, a, s, axes, norm, out, _every_axis(fft, norm))


def ifftn(a, s=None, axes=None, norm=None, out=None):
    return _nd(_np.fft.ifftn, a, s, axes, norm, out, _every_axis(ifft, norm))


def rfftn(a, s=None, axes=None, norm=None, out=None):
    def steps(a, s, axes):
        a = rfft(a, s[-1], axes[-1], norm)
        for n, axis in reversed(list(zip(s[:-1], axes[:-1]))):
            a = fft(a, n, axis, norm)
        return a
    return _nd(_np.fft.rfftn, a, s, axes, norm, out, steps)


def irfftn(a, s=None, axes=None, norm=None, out=None):
    def steps(a, s, axes):
        for n, axis in zip(s[:-1], axes[:-1]):
            a = ifft(a, n, axis, norm)
        return irfft(a, s[-1], axes[-1], norm)
    a = asarray_any(a)
    if s is None and (_native(a, out) or _threaded(a, out)):  # NumPy's default for the last axis: 2 (m - 1)
        axes = list(range(a.ndim)) if axes is None else [operator.index(x) for x in axes]
        s = [a.shape[_axis(a, x)] for x in axes]
        if s:
            s[-1] = 2 * (s[-1] - 1)
    return _nd(_np.fft.irfftn, a, s, axes, norm, out, steps)


def fft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    return fftn(a, s, axes, norm, out)


def ifft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    return ifftn(a, s, axes, norm, out)


def rfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    return rfftn(a, s, axes, norm, out)


def irfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    return irfftn(a, s, axes, norm, out)


def fftfreq(n, d=1.0, device=None):
    m = _m()
    n = operator.index(n)
    half = (n - 1) // 2 + 1
    k = m.concatenate([m.arange(0, half, device=device), m.arange(-(n // 2), 0, device=device)])
    return k * (1.0 / (n * d))


def rfftfreq(n, d=1.0, device=None):
    m = _m()
    n = operator.index(n)
    return m.arange(0, n // 2 + 1, device=device) * (1.0 / (n * d))


def _shift(x, axes, sign):
    m = _m()
    x = asarray_any(x)
    if axes is None:
        axes = tuple(range(x.ndim))
        shift = [sign * (dim // 2) for dim in x.shape]
    elif isinstance(axes, int):
        shift = sign * (x.shape[axes] // 2)
    else:
        shift = [sign * (x.shape[ax] // 2) for ax in axes]
    return m.roll(x, shift, axes)


def fftshift(x, axes=None):
    return _shift(x, axes, 1)


def ifftshift(x, axes=None):
    return _shift(x, axes, -1)
