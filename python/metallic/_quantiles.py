"""median, percentile and quantile on the native selection: the data partitioned along the
axis on its device at the ranks the quantiles need and the last (a sort where the device
has no selection), those elements gathered, and NumPy's interpolation applied to them
(every method of NumPy's, its virtual indices computed by NumPy's formulas; NumPy's
result dtypes; NaN in a slice gives NaN), and their NaN-ignoring forms (each slice's
count of numbers found on the device, its indices per slice; partitioned at them where
they are few, else sorted). The quantiles themselves are few and live on the host.
Weights (method 'inverted_cdf', as NumPy) find each quantile in the running sum of the
weights in sorted order. Several axes at once and empty slices run in NumPy (counted
fallback)."""

import builtins
import operator
import warnings

import numpy as _np

from . import _core
from ._convert import asarray_any, on_device_of
from ._fallback import call_numpy
from ._scalars import returns_scalar
from . import _errstate

__all__ = ["median", "percentile", "quantile", "nanmedian", "nanpercentile", "nanquantile"]

_ALPHA_BETA = {"interpolated_inverted_cdf": (0.0, 1.0), "hazen": (0.5, 0.5), "weibull": (0.0, 0.0),
               "median_unbiased": (1 / 3.0, 1 / 3.0), "normal_unbiased": (3 / 8.0, 3 / 8.0)}
_DISCRETE = ("inverted_cdf", "closest_observation", "lower", "higher", "nearest")
_METHODS = _DISCRETE + ("linear", "midpoint", "averaged_inverted_cdf") + tuple(_ALPHA_BETA)


def _virtual_index(method, n, q, xp):
    """NumPy's virtual index of quantiles q among n sorted values (n a number with xp NumPy,
    or each slice's count with xp metallic): whole numbers for the discrete methods."""
    if method == "linear":
        return (n - 1) * q
    if method in ("lower", "higher", "nearest", "midpoint"):
        v = (n - 1) * q
        return {"lower": lambda: xp.floor(v), "higher": lambda: xp.ceil(v), "nearest": lambda: xp.round(v),
                "midpoint": lambda: 0.5 * (xp.floor(v) + xp.ceil(v))}[method]()
    if method == "averaged_inverted_cdf":
        return n * q - 1
    if method in _ALPHA_BETA:
        alpha, beta = _ALPHA_BETA[method]
        return n * q + (alpha + q * (1 - alpha - beta)) - 1
    index = n * q - 1 - (0.5 if method == "closest_observation" else 0)
    previous = xp.floor(index)
    at = index == previous
    if method == "closest_observation":  # the even order statistic (1-based) on a tie
        at = at & (previous % 2 == 1)
    return xp.maximum(xp.where(at, previous, previous + 1), 0)


def _fix_gamma(method, gamma, virtual, xp):
    """The interpolation weight NumPy uses for the method, from virtual - floor(virtual)."""
    if method == "midpoint":
        return xp.where(virtual % 1 == 0, 0.0, 0.5)
    if method == "averaged_inverted_cdf":
        return xp.where(gamma == 0, 0.5, 1.0)
    return gamma


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
    """Where a sorted (or partitioned at its last rank) slice holds NaN (NaN sorts last), or
    None for dtypes without NaN."""
    if s.dtype.kind != "f":
        return None
    m = _m()
    return m.isnan(m.take(s, s.shape[axis] - 1, axis=axis))


@returns_scalar
def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    a = asarray_any(a)
    flat, ax = _axis(a, axis)
    if flat is None or a.dtype.kind not in "biuf" or (flat.shape[ax] if flat.ndim else 0) == 0:
        return call_numpy(_np.median, (a,), dict(axis=axis, out=out, overwrite_input=overwrite_input,
                                                 keepdims=keepdims))
    m = _m()
    n = flat.shape[ax]
    middle = [n // 2] if n % 2 else [n // 2 - 1, n // 2]
    s = _core.partition(flat, middle + [n - 1], ax)
    r = m.mean(m.take(s, middle, axis=ax), axis=ax)
    nan = _nan_slices(s, ax)
    if nan is not None:
        r = m.where(nan, _np.nan, r)
    return _finish(r, a, None if axis is None else ax, keepdims, out)


@returns_scalar
def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *, weights=None,
             interpolation=None, _percent=False):
    fn = _np.percentile if _percent else _np.quantile
    a = asarray_any(a)
    q_host = _np.asarray(q._to_numpy() if isinstance(q, _core.ndarray) else q)
    if _percent:
        q_host = q_host / 100
    flat, ax = _axis(a, axis)
    if weights is not None and method != "inverted_cdf":
        raise ValueError(f"Only method 'inverted_cdf' supports weights. Got: {method}.")
    if (flat is None or interpolation is not None or method not in _METHODS
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
    if weights is not None:
        r, s = _weighted(a, flat, ax, axis, weights, qf, q_host)
        return _finish(r, a, None if axis is None else ax, keepdims, out, lead=q_host.ndim)
    virtual = _np.asarray(_virtual_index(method, n, qf, _np))  # in the quantiles' precision, as NumPy
    below = _np.clip(_np.floor(virtual), 0, n - 1).astype(_np.int64)
    above = _np.where(virtual < 0, 0, _np.clip(below + 1, 0, n - 1))  # NumPy's: both bounds outside
    s = _core.partition(flat, _np.union1d(below, above).tolist() + [n - 1], ax)
    # NumPy's result dtype, asked of NumPy on one element (its rules mix weak Python
    # scalars, the quantiles' dtype and the method).
    weak = type(q) in (builtins.int, builtins.float)
    result = fn(_np.zeros(1, a.dtype), q if weak else q_host * (100 if _percent else 1), method=method).dtype
    if method in _DISCRETE or (method == "linear" and q_host.dtype.kind in "biu"):
        # Whole virtual indices (integer quantiles: NumPy takes them, no interpolation).
        r = m.take(s, below, axis=ax).astype(result)
    else:
        # A Python scalar quantile is interpolated in the result's precision, an array of
        # them in the dtype of theirs and the data's, as NumPy: the difference of the two
        # neighbours in the data's own float dtype, the weight in the virtual index's.
        lo, hi = _neighbours(m.take(s, below.reshape(-1), axis=ax), m.take(s, above.reshape(-1), axis=ax), result)
        gamma = _fix_gamma(method, virtual - below, virtual, _np)
        diff = hi - lo
        if weak:  # one gamma, a Python float
            t = builtins.float(gamma)
            r = hi - diff * (1 - t) if t >= 0.5 else lo + diff * t
        else:
            shape = [1] * s.ndim
            shape[ax] = -1
            g = _np.asarray(gamma).astype(virtual.dtype).reshape(-1)
            g = m.asarray(g, device=a._device).reshape(tuple(shape))
            r = m.where(g >= 0.5, hi - diff * (1 - g), lo + diff * g)
        r = r.astype(result)
        r = r.reshape(s.shape[:ax] + q_host.shape + s.shape[ax + 1:])
    if r.ndim and q_host.ndim and ax:  # the quantiles' axes first, as NumPy
        r = m.moveaxis(r, tuple(range(ax, ax + q_host.ndim)), tuple(range(q_host.ndim)))
    nan = _nan_slices(s, ax)
    if nan is not None:
        r = m.where(nan, _np.nan, r)
    return _finish(r, a, None if axis is None else ax, keepdims, out, lead=q_host.ndim)


def _neighbours(lo, hi, result):
    """The values either side of each quantile, as interpolated: float data in its dtype (NumPy
    subtracts them there), integers in the result's float dtype (no wrap in the difference)."""
    if lo.dtype.kind == "f":
        return lo, hi
    return lo.astype(result), hi.astype(result)


def _weighted(a, flat, ax, axis, weights, qf, q_host):
    """inverted_cdf with weights, as NumPy's: the data sorted along the axis with their
    weights, the weights' running sum normalised to 1, and for each quantile the first
    position where it reaches the quantile. (result, sorted data)."""
    m = _m()
    w = on_device_of(weights, a)
    if w.shape != a.shape:
        if axis is None:
            raise TypeError("Axis must be specified when shapes of a and weights differ.")
        if w.ndim != 1 or w.shape[0] != a.shape[ax]:
            raise ValueError("Shape of weights must be consistent with shape of a along specified axis.")
        shape = [1] * a.ndim
        shape[ax] = -1
        w = m.broadcast_to(w.reshape(tuple(shape)), a.shape)
    elif axis is None:
        w = _core.ravel(w, "C")
    if bool(m.any(w < 0)):
        raise ValueError("Weights must be non-negative.")
    order = m.argsort(flat, axis=ax)
    s = m.take_along_axis(flat, order, ax)
    cdf = m.cumsum(m.take_along_axis(w, order, ax), axis=ax, dtype=_np.float64)
    with _errstate.errstate(invalid="ignore", divide="ignore"):
        cdf = cdf / m.take(cdf, [cdf.shape[ax] - 1], axis=ax)
    if bool(m.any(m.isnan(m.take(cdf, cdf.shape[ax] - 1, axis=ax)))):
        raise ValueError("Weights included NaN, inf or were all zero.")
    cdf = m.where(cdf == 0, -1.0, cdf).astype(qf.dtype)  # leading zero weights are never picked
    n = flat.shape[ax]
    picks = []
    for qk in qf.reshape(-1).tolist():  # the first position whose running sum reaches qk
        idx = m.minimum(m.sum(cdf < qf.dtype.type(qk), axis=ax, keepdims=True), n - 1)
        picks.append(m.take_along_axis(s, idx, ax))
    r = m.concatenate(picks, axis=ax) if picks else m.take(s, [], axis=ax)
    r = r.reshape(s.shape[:ax] + q_host.shape + s.shape[ax + 1:])
    if r.ndim and q_host.ndim and ax:
        r = m.moveaxis(r, tuple(range(ax, ax + q_host.ndim)), tuple(range(q_host.ndim)))
    nan = _nan_slices(s, ax)
    if nan is not None:
        r = m.where(nan, _np.nan, r)
    return r, s


@returns_scalar
def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *, weights=None,
               interpolation=None):
    return quantile(a, q, axis, out, overwrite_input, method, keepdims, weights=weights,
                    interpolation=interpolation, _percent=True)


def _counted(a, axis, fn, kwargs):
    """(the array with the axis last or flattened, axis, per-slice count of numbers
    (keepdims)) for the NaN-ignoring forms; None where NumPy should run instead. Warns as
    NumPy for slices of NaN only."""
    flat, ax = _axis(a, axis)
    if flat is None or a.dtype.kind != "f" or flat.shape[ax] == 0:
        return None
    m = _m()
    count = m.sum(~m.isnan(flat), axis=ax, keepdims=True)
    if bool(m.any(count == 0)):
        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=3)
    return flat, ax, count


_FEW_RANKS = 16


def _ordered_at(flat, ax, *indices):
    """flat along ax, each slice in NumPy's sort order (NaN last) at least at the given
    per-slice positions (index arrays): partitioned at them where they are few (read
    back: a handful of numbers), else sorted."""
    if sum(i.size for i in indices) <= 4 * _FEW_RANKS:
        ranks = _np.unique(_np.concatenate([_np.asarray(i._to_numpy()).ravel() for i in indices]))
        if ranks.size <= _FEW_RANKS:
            return _core.partition(flat, ranks.tolist(), ax)
    return _core.sort(flat, ax)


@returns_scalar
def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    a = asarray_any(a)
    if a.dtype.kind in "biu":
        return median(a, axis, out, overwrite_input, keepdims)
    kwargs = dict(axis=axis, out=out, overwrite_input=overwrite_input, keepdims=keepdims)
    found = _counted(a, axis, _np.nanmedian, kwargs)
    if found is None:
        return call_numpy(_np.nanmedian, (a,), kwargs)
    m = _m()
    flat, ax, count = found
    lo_at, hi_at = m.maximum((count - 1) // 2, 0), m.maximum(count // 2, 0)
    s = _ordered_at(flat, ax, lo_at, hi_at)
    lo, hi = m.take_along_axis(s, lo_at, ax), m.take_along_axis(s, hi_at, ax)
    r = m.where(count == 0, _np.nan, (lo + hi) / 2).astype(s.dtype)
    return _finish(m.squeeze(r, axis=ax), a, None if axis is None else ax, keepdims, out)


@returns_scalar
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
    flat, ax, count = found
    weak = type(q) in (builtins.int, builtins.float)
    result = fn(_np.zeros(1, a.dtype), q if weak else q_host, method=method).dtype
    shape = [1] * flat.ndim
    shape[ax] = -1
    qv = m.asarray(qf.reshape(-1), device=a._device).reshape(tuple(shape))
    last = m.maximum(count - 1, 0)
    virtual = _virtual_index(method, count.astype(qf.dtype), qv, m)  # in the quantiles' precision, as NumPy
    below = m.minimum(m.maximum(m.floor(virtual), 0), last).astype(_np.int64)
    if method in _DISCRETE or (method == "linear" and not _percent and q_host.dtype.kind in "biu"):
        s = _ordered_at(flat, ax, below)  # whole virtual indices, as in quantile
        r = m.take_along_axis(s, below, ax).astype(result)
    else:
        above = m.where(virtual < 0, 0, m.minimum(below + 1, last))
        s = _ordered_at(flat, ax, below, above)
        gamma = _fix_gamma(method, virtual - below, virtual, m)
        lo, hi = _neighbours(m.take_along_axis(s, below, ax), m.take_along_axis(s, above, ax), result)
        # NumPy's dtypes, as in quantile: a weak quantile's weight and 1 - weight taken in
        # float64 (Python floats), then to the data's dtype; else both in the quantiles' dtype.
        gamma = gamma.astype(qf.dtype)
        g, h = (gamma.astype(result), (1 - gamma).astype(result)) if weak else (gamma, 1 - gamma)
        diff = hi - lo
        r = m.where(gamma >= 0.5, hi - diff * h, lo + diff * g).astype(result)
    r = m.where(count == 0, _np.nan, r).astype(r.dtype)
    r = r.reshape(s.shape[:ax] + q_host.shape + s.shape[ax + 1:])
    if r.ndim and q_host.ndim and ax:  # the quantiles' axes first, as NumPy
        r = m.moveaxis(r, tuple(range(ax, ax + q_host.ndim)), tuple(range(q_host.ndim)))
    return _finish(r, a, None if axis is None else ax, keepdims, out, lead=q_host.ndim)


@returns_scalar
def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *,
                  weights=None, interpolation=None):
    return nanquantile(a, q, axis, out, overwrite_input, method, keepdims, weights=weights,
                       interpolation=interpolation, _percent=True)
