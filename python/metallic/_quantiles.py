"""median, percentile and quantile on the native sort: the data sorted along the axis on
its device, the elements each quantile needs gathered, and NumPy's interpolation applied
to them (methods linear, lower, higher, nearest, midpoint; NumPy's result dtypes; NaN in
a slice gives NaN). The quantiles themselves are few and live on the host. Other methods,
weights, several axes at once and empty slices run in NumPy (counted fallback)."""

import builtins
import operator

import numpy as _np

from . import _core
from ._convert import asarray_any
from ._fallback import call_numpy

__all__ = ["median", "percentile", "quantile"]

_METHODS = ("linear", "lower", "higher", "nearest", "midpoint")


def _m():
    import metallic
    return metallic


def _axis(a, axis):
    """(array, axis) with axis=None flattened; None when NumPy should handle it."""
    if axis is None:
        return _core.ravel(a, "C"), 0
    if isinstance(axis, (tuple, list)):
        if len(axis) != 1:
            return None, None
        axis = axis[0]
    axis = operator.index(axis)
    if not -a.ndim <= axis < a.ndim:
        raise _np.exceptions.AxisError(axis, a.ndim)
    return a, axis % a.ndim


def _finish(r, a, axis, keepdims, out, lead=0):
    """Puts the reduced axis back as length 1 (keepdims, after `lead` quantile axes), and
    writes out."""
    if keepdims:
        shape = list(r.shape)
        if axis is None:
            shape[lead:] = [1] * a.ndim
        else:
            shape.insert(lead + (axis % a.ndim), 1)
        r = r.reshape(tuple(shape))
    if out is not None:
        _core.copyto(out, asarray_any(r), "same_kind")
        return out
    return r


def _nan_slices(s, axis):
    """Where a sorted slice holds NaN (NaN sorts last), or None for dtypes without NaN."""
    if s.dtype.kind != "f":
        return None
    m = _m()
    return m.isnan(m.take(s, s.shape[axis] - 1, axis=axis))


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    a = asarray_any(a)
    flat, ax = _axis(a, axis)
    if flat is None or a.dtype.kind not in "biuf" or (flat.shape[ax] if flat.ndim else 0) == 0:
        return call_numpy(_np.median, (a,), dict(axis=axis, out=out, overwrite_input=overwrite_input,
                                                 keepdims=keepdims))
    m = _m()
    n = flat.shape[ax]
    s = _core.sort(flat, ax)
    middle = [n // 2] if n % 2 else [n // 2 - 1, n // 2]
    r = m.mean(m.take(s, middle, axis=ax), axis=ax)
    nan = _nan_slices(s, ax)
    if nan is not None:
        r = m.where(nan, _np.nan, r)
    return _finish(r, a, None if axis is None else ax, keepdims, out)


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *, weights=None,
             interpolation=None, _percent=False):
    fn = _np.percentile if _percent else _np.quantile
    a = asarray_any(a)
    q_host = _np.asarray(q._to_numpy() if isinstance(q, _core.ndarray) else q)
    if _percent:
        q_host = q_host / 100
    flat, ax = _axis(a, axis)
    if (flat is None or weights is not None or interpolation is not None or method not in _METHODS
            or a.dtype.kind not in "biuf" or q_host.dtype.kind not in "biuf" or flat.shape[ax] == 0):
        kwargs = dict(axis=axis, out=out, overwrite_input=overwrite_input, method=method, keepdims=keepdims)
        kwargs.update({k: v for k, v in (("weights", weights), ("interpolation", interpolation)) if v is not None})
        return call_numpy(fn, (a, q), kwargs)
    if not ((q_host >= 0) & (q_host <= 1)).all():
        raise ValueError("Percentiles must be in the range [0, 100]" if _percent
                         else "Quantiles must be in the range [0, 1]")
    m = _m()
    n = flat.shape[ax]
    qf = q_host if q_host.dtype.kind == "f" else q_host.astype(_np.float64)
    virtual = (n - 1) * qf  # in the quantiles' precision, as NumPy
    below = _np.clip(_np.floor(virtual), 0, n - 1).astype(_np.int64)
    above = _np.clip(below + 1, 0, n - 1)
    s = _core.sort(flat, ax)
    if method in ("lower", "higher", "nearest"):
        at = {"lower": below, "higher": _np.ceil(virtual).astype(_np.int64),
              "nearest": _np.around(virtual).astype(_np.int64)}[method]
        r = m.take(s, at, axis=ax)
    else:
        # NumPy's result dtype, asked of NumPy on one element (its rules mix weak Python
        # scalars, the quantiles' dtype and the method). A Python scalar quantile is
        # interpolated in the result's precision, an array of them in theirs with it.
        weak = type(q) in (builtins.int, builtins.float)
        result = fn(_np.zeros(1, a.dtype), q if weak else q_host * (100 if _percent else 1), method=method).dtype
        calc = result if weak else _np.result_type(result, qf.dtype)
        gamma = virtual - below
        if method == "midpoint":
            gamma = _np.where(gamma == 0, 0.0, 0.5)
        lo = m.take(s, below.reshape(-1), axis=ax).astype(calc)
        hi = m.take(s, above.reshape(-1), axis=ax).astype(calc)
        diff = hi - lo
        if weak:  # one gamma, a Python float
            t = builtins.float(gamma)
            r = hi - diff * (1 - t) if t >= 0.5 else lo + diff * t
        else:
            shape = [1] * s.ndim
            shape[ax] = -1
            g = m.asarray(gamma.astype(calc).reshape(-1), device=a._device).reshape(tuple(shape))
            r = m.where(g >= 0.5, hi - diff * (1 - g), lo + diff * g)
        r = r.astype(result)
        r = r.reshape(s.shape[:ax] + q_host.shape + s.shape[ax + 1:])
    if r.ndim and q_host.ndim and ax:  # the quantiles' axes first, as NumPy
        r = m.moveaxis(r, tuple(range(ax, ax + q_host.ndim)), tuple(range(q_host.ndim)))
    nan = _nan_slices(s, ax)
    if nan is not None:
        r = m.where(nan, _np.nan, r)
    return _finish(r, a, None if axis is None else ax, keepdims, out, lead=q_host.ndim)


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *, weights=None,
               interpolation=None):
    return quantile(a, q, axis, out, overwrite_input, method, keepdims, weights=weights,
                    interpolation=interpolation, _percent=True)
