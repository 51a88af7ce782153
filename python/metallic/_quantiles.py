"""median, percentile and quantile on the native sort: the data sorted along the axis on
its device, the elements each quantile needs gathered, and NumPy's interpolation applied
to them (methods linear, lower, higher, nearest, midpoint; NumPy's result dtypes; NaN in
a slice gives NaN), and their NaN-ignoring forms (each slice's count of numbers found on
the device, its indices per slice). The quantiles themselves are few and live on the
host. Other methods, weights, several axes at once and empty slices run in NumPy (counted
fallback)."""

import builtins
import operator
import warnings

import numpy as _np

from . import _core
from ._convert import asarray_any
from ._fallback import call_numpy

__all__ = ["median", "percentile", "quantile", "nanmedian", "nanpercentile", "nanquantile"]

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


def _counted(a, axis, fn, kwargs):
    """(sorted array, axis, per-slice count of numbers (keepdims)) for the NaN-ignoring
    forms, NaNs sorted last; None where NumPy should run instead. Warns as NumPy for
    slices of NaN only."""
    flat, ax = _axis(a, axis)
    if flat is None or a.dtype.kind != "f" or flat.shape[ax] == 0:
        return None
    m = _m()
    s = _core.sort(flat, ax)
    count = m.sum(~m.isnan(s), axis=ax, keepdims=True)
    if bool(m.any(count == 0)):
        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=3)
    return s, ax, count


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    a = asarray_any(a)
    if a.dtype.kind in "biu":
        return median(a, axis, out, overwrite_input, keepdims)
    kwargs = dict(axis=axis, out=out, overwrite_input=overwrite_input, keepdims=keepdims)
    found = _counted(a, axis, _np.nanmedian, kwargs)
    if found is None:
        return call_numpy(_np.nanmedian, (a,), kwargs)
    m = _m()
    s, ax, count = found
    lo = m.take_along_axis(s, m.maximum((count - 1) // 2, 0), ax)
    hi = m.take_along_axis(s, m.maximum(count // 2, 0), ax)
    r = m.where(count == 0, _np.nan, (lo + hi) / 2).astype(s.dtype)
    return _finish(m.squeeze(r, axis=ax), a, None if axis is None else ax, keepdims, out)


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *, weights=None,
                interpolation=None, _percent=False):
    """quantile over each slice's numbers only: the slice's count n of them gives its own
    indices (n - 1) q into the sorted slice (NaNs last)."""
    fn = _np.nanpercentile if _percent else _np.nanquantile
    a = asarray_any(a)
    if a.dtype.kind in "biu":
        return quantile(a, q, axis, out, overwrite_input, method, keepdims, weights=weights,
                        interpolation=interpolation, _percent=_percent)
    q_host = _np.asarray(q._to_numpy() if isinstance(q, _core.ndarray) else q)
    kwargs = dict(axis=axis, out=out, overwrite_input=overwrite_input, method=method, keepdims=keepdims)
    kwargs.update({k: v for k, v in (("weights", weights), ("interpolation", interpolation)) if v is not None})
    if weights is not None or interpolation is not None or method not in _METHODS or q_host.dtype.kind not in "biuf":
        return call_numpy(fn, (a, q), kwargs)
    qf = (q_host / 100 if _percent else q_host).astype(_np.float64 if q_host.dtype.kind != "f" else q_host.dtype)
    if not ((qf >= 0) & (qf <= 1)).all():
        raise ValueError("Percentiles must be in the range [0, 100]" if _percent
                         else "Quantiles must be in the range [0, 1]")
    found = _counted(a, axis, fn, kwargs)
    if found is None:
        return call_numpy(fn, (a, q), kwargs)
    m = _m()
    s, ax, count = found
    weak = type(q) in (builtins.int, builtins.float)
    result = fn(_np.zeros(1, a.dtype), q if weak else q_host, method=method).dtype
    calc = result if weak else _np.result_type(result, qf.dtype)
    shape = [1] * s.ndim
    shape[ax] = -1
    qv = m.asarray(qf.reshape(-1), device=a._device).reshape(tuple(shape))
    last = m.maximum(count - 1, 0)
    virtual = (count - 1).astype(qf.dtype) * qv  # in the quantiles' precision, as NumPy
    clip = lambda i: m.minimum(m.maximum(i, 0), last).astype(_np.int64)  # noqa: E731
    below = clip(m.floor(virtual))
    if method in ("lower", "higher", "nearest"):
        at = {"lower": below, "higher": clip(m.ceil(virtual)), "nearest": clip(m.round(virtual))}[method]
        r = m.take_along_axis(s, at, ax)
    else:
        gamma = virtual - below
        if method == "midpoint":
            gamma = m.where(gamma == 0, 0.0, 0.5)
        lo = m.take_along_axis(s, below, ax).astype(calc)
        hi = m.take_along_axis(s, clip(below + 1), ax).astype(calc)
        g, diff = gamma.astype(calc), hi - lo
        r = m.where(g >= 0.5, hi - diff * (1 - g), lo + diff * g).astype(result)
    r = m.where(count == 0, _np.nan, r).astype(r.dtype)
    r = r.reshape(s.shape[:ax] + q_host.shape + s.shape[ax + 1:])
    if r.ndim and q_host.ndim and ax:  # the quantiles' axes first, as NumPy
        r = m.moveaxis(r, tuple(range(ax, ax + q_host.ndim)), tuple(range(q_host.ndim)))
    return _finish(r, a, None if axis is None else ax, keepdims, out, lead=q_host.ndim)


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *,
                  weights=None, interpolation=None):
    return nanquantile(a, q, axis, out, overwrite_input, method, keepdims, weights=weights,
                       interpolation=interpolation, _percent=True)
