"""bincount, digitize, histogram and interp on the native sort and searchsorted: counts
are the gaps between where each value starts in the sorted data (floats in equal bins
find their bin by arithmetic first, as NumPy's histogram does); interp finds each
point's interval by a binary search and applies NumPy's formula and special cases. Bin edges are computed on the
host, by NumPy itself, from the data's minimum and maximum (two numbers read back), so
they are NumPy's to the last bit. Weighted counts are differences of a running sum of the
weights in bin order, as NumPy's histogram computes them. The string bin rules ('auto',
'fd', ...) are NumPy's own estimators run on the metallic data (their percentiles and
deviations native), except 'stone', which runs in NumPy (counted fallback)."""

import operator
import warnings
from builtins import range as builtins_range

import numpy as _np

from . import _core, _errstate
from ._scalars import host_scalar, returns_scalar
from ._convert import asarray_any, on_device_of
from ._device import device as _on
from ._fallback import call_numpy

__all__ = ["bincount", "digitize", "histogram", "histogram2d", "histogramdd", "histogram_bin_edges", "interp"]


def _m():
    import metallic
    return metallic


def _counts(s, length):
    """How many times each of 0 .. length-1 occurs in the sorted int64 array s."""
    m = _m()
    with _on(s._device):
        starts = m.searchsorted(s, m.arange(length + 1, dtype=_np.int64))
    return m.diff(starts)


def _weighted_counts(idx, w, length, dtype):
    """The sum of w over each of 0 .. length-1 in the int64 array idx, as dtype: w in idx's
    order, a running sum (float64 or complex128 for inexact weights: each bin within a
    rounding of the running total; integers wrap exactly as NumPy's) differenced at each
    bin's start."""
    m = _m()
    order = m.argsort(idx)
    acc = _np.dtype(_np.complex128 if dtype.kind == "c" else _np.float64) if dtype.kind in "fc" else dtype
    running = m.cumsum(m.take(w, order).astype(acc))
    with _on(idx._device):
        starts = m.searchsorted(m.take(idx, order), m.arange(length + 1, dtype=_np.int64))
        running = m.concatenate([m.zeros(1, dtype=running.dtype), running])
    return (m.take(running, starts[1:]) - m.take(running, starts[:-1])).astype(dtype)


def bincount(x, weights=None, minlength=0):
    if not isinstance(x, (_core.ndarray, _np.ndarray)) and _np.size(x) == 0:
        x = _np.zeros(0, _np.int64)  # an empty sequence holds no values to cast, as NumPy
    x = asarray_any(x)
    minlength = operator.index(minlength)
    if minlength < 0:
        raise ValueError("'minlength' must not be negative")
    if x.ndim != 1:
        raise ValueError("object too deep for desired array" if x.ndim > 1
                         else "object of too small depth for desired array")
    if x.dtype.kind not in "biu":  # uint64 wraps into int64, as NumPy (large values read as negative)
        raise TypeError(f"Cannot cast array data from {x.dtype!r} to dtype('int64') according to the rule 'safe'")
    if x.shape[0] == 0:  # NumPy: int64 zeros, weights or not
        with _on(x._device):
            return _m().zeros(minlength, dtype=_np.int64)
    if weights is not None:
        w = on_device_of(weights, x)
        if w.shape != x.shape:
            raise ValueError("The weights and list don't have the same length.")
        if w.dtype.kind == "c":
            raise TypeError("Cannot cast array data from dtype('complex128') to dtype('float64') according to the "
                            "rule 'safe'")
    s = _core.sort(_core.astype(x, _np.dtype(_np.int64), False), 0)
    n = s.shape[0]
    if n and int(s[0]) < 0:
        raise ValueError("'list' argument must have no negative elements")
    length = max(int(s[n - 1]) + 1 if n else 0, minlength)
    if weights is not None:
        return _weighted_counts(_core.astype(x, _np.dtype(_np.int64), False), w, length, _np.dtype(_np.float64))
    return _counts(s, length)


def _monotonicity(edges):
    """True where the edges increase, False where they decrease (NumPy's test, in float64: the
    direction from the first value unlike the first, then no step against it; a comparison with
    NaN is no step, so a NaN edge passes); ValueError for neither."""
    e = edges.astype(_np.float64)
    moved = _np.flatnonzero(~(e[1:] == e[0])) + 1 if e.size else e
    if not moved.size:
        return True  # one value throughout
    i = moved[0]
    increasing = bool(e[0] < e[i])
    later, step = e[i:-1], e[i + 1:]
    if (later > step).any() if increasing else (later < step).any():
        raise ValueError("bins must be monotonically increasing or decreasing")
    return increasing


def digitize(x, bins, right=False):
    x = asarray_any(x)
    edges = _np.asarray(bins._to_numpy() if isinstance(bins, _core.ndarray) else bins)
    if x.dtype.kind == "c" or edges.dtype.kind == "c":
        raise TypeError("x may not be complex")
    if edges.ndim != 1:
        raise ValueError("object too deep for desired array" if edges.ndim > 1
                         else "object of too small depth for desired array")
    increasing = _monotonicity(edges)
    side = "left" if right else "right"
    m = _m()
    if increasing:
        return m.searchsorted(on_device_of(edges, x), x, side=side)
    return len(edges) - m.searchsorted(on_device_of(edges[::-1].copy(), x), x, side=side)


def _estimated_bins(flat, rule, range, weights):
    """The number of bins NumPy's estimator `rule` gives the data (trimmed to range): its own
    formula, applied to the metallic array; None where NumPy should do it all."""
    from numpy.lib import _histograms_impl as impl
    selectors = getattr(impl, "_hist_bin_selectors", {})
    if rule not in selectors:
        if rule in ("auto", "fd", "doane", "scott", "stone", "rice", "sturges", "sqrt"):
            return None
        raise ValueError(f"{rule!r} is not a valid estimator for `bins`")
    if weights is not None:
        raise TypeError("Automated estimation of the number of bins is not supported for weighted data")
    if rule == "stone":
        return None
    if flat.shape[0] == 0:
        return 1
    extremes = _np.array([] if range is not None else _extremes(flat), dtype=flat.dtype)
    first, last = impl._get_outer_edges(extremes, range)  # NumPy's checks, and its widening of one value
    if range is not None:
        flat = flat[(flat >= first) & (flat <= last)]
        if flat.shape[0] == 0:
            return 1
    width = float(selectors[rule](flat, (first, last)))
    if not width:
        return 1
    if flat.dtype.kind in "iu" and width < 1:
        width = 1
    return int(_np.ceil(impl._unsigned_subtract(last, first) / width))  # no wrap of a wide int range


def _extremes(flat):
    """The non-empty flat's minimum and maximum, as NumPy scalars (exact for wide integers)."""
    m = _m()
    return [host_scalar(m.min(flat)), host_scalar(m.max(flat))]


def _bin_edges(a, flat, bins, range, weights):
    """NumPy's edges (host), from a stand-in holding the data's extremes; None where NumPy
    should run instead."""
    if a.dtype.kind == "b":  # as NumPy: booleans binned as uint8 (the estimators subtract)
        warnings.warn(f"Converting input from {a.dtype} to {_np.uint8} for compatibility.", RuntimeWarning,
                      stacklevel=3)
        a, flat = _core.astype(a, _np.dtype(_np.uint8), False), _core.astype(flat, _np.dtype(_np.uint8), False)
    if isinstance(bins, str):
        bins = _estimated_bins(flat, bins, range, weights)
        if bins is None:
            return None
    if _np.ndim(bins) == 0:
        # NumPy's own edges from a stand-in holding the data's extremes.
        extremes = _np.array(_extremes(flat) if flat.shape[0] and range is None else [], dtype=a.dtype)
        return _np.histogram_bin_edges(extremes, bins=bins, range=range)
    edges = _np.asarray(bins._to_numpy() if isinstance(bins, _core.ndarray) else bins)
    _np.histogram_bin_edges(_np.zeros(0, a.dtype), bins=edges)  # NumPy's checks of the edges
    return edges


def histogram_bin_edges(a, bins=10, range=None, weights=None):
    a = asarray_any(a)
    edges = None if a.dtype.kind == "c" else _bin_edges(a, _core.ravel(a, "C"), bins, range, weights)
    if edges is None:
        return call_numpy(_np.histogram_bin_edges, (a,), dict(bins=bins, range=range, weights=weights))
    return on_device_of(edges, a)


def _uniform_counts(x, edges, dev_edges):
    """Counts of floats x in equal bins (edges: NumPy's linspace), as NumPy's histogram finds
    them: each value's bin from its distance to the first edge, in x's dtype, then moved
    by one where the value falls on the other side of that bin's edge; a value on the last
    edge in the last bin; values outside the edges not counted (one boolean read back)."""
    m = _m()
    nbins = len(edges) - 1
    first, last = edges[0], edges[-1]
    keep = (x >= first) & (x <= last)
    if not bool(keep.all()):
        x = x[keep]
    at = _core.astype((x - first) / (last - first) * nbins, _np.dtype(_np.int64), False)
    at = m.where(at == nbins, nbins - 1, at)
    at = at - (x < m.take(dev_edges, at))
    at = at + ((x >= m.take(dev_edges, at + 1)) & (at != nbins - 1))
    return bincount(at, minlength=nbins)


def histogram(a, bins=10, range=None, density=None, weights=None):
    a = asarray_any(a)
    m = _m()
    flat = _core.ravel(a, "C")
    edges = None if a.dtype.kind == "c" else _bin_edges(a, flat, bins, range, weights)
    if edges is None:
        return call_numpy(_np.histogram, (a,), dict(bins=bins, range=range, density=density, weights=weights))
    if weights is not None:
        weights = on_device_of(weights, a)
        if weights.shape != a.shape:
            raise ValueError("weights should have the same shape as a.")
        weights = _core.ravel(weights, "C")
    nbins = len(edges) - 1
    dev_edges = on_device_of(edges, a)
    x = _core.astype(flat, _np.result_type(a.dtype, edges.dtype), False)
    if weights is None and x.dtype.kind == "f" and (isinstance(bins, str) or _np.ndim(bins) == 0):
        counts = _uniform_counts(x, edges, dev_edges)
    else:
        keep = (x >= edges[0]) & (x <= edges[-1])
        at = m.searchsorted(dev_edges, x, side="right") - 1
        at = m.where(x == edges[-1], nbins - 1, at)  # the last bin holds its right edge
        at = _core.astype(at[keep], _np.dtype(_np.int64), False)
        if weights is None:
            counts = _counts(_core.sort(at, 0), nbins)
        else:
            counts = _weighted_counts(at, weights[keep], nbins, weights.dtype)
    if density:
        widths = m.diff(dev_edges)
        return counts / widths / counts.sum(), dev_edges
    return counts, dev_edges


def _outer_edges(column, rng):
    """NumPy's outer edges of one dimension's bins, from its extremes (read back)."""
    if rng is not None:
        first, last = rng
        if first > last:
            raise ValueError("max must be larger than min in range parameter.")
        if not (_np.isfinite(first) and _np.isfinite(last)):
            raise ValueError(f"supplied range of [{first}, {last}] is not finite")
    elif column.shape[0] == 0:
        first, last = 0, 1
    else:
        m = _m()
        first, last = host_scalar(m.min(column)), host_scalar(m.max(column))
        if not (_np.isfinite(first) and _np.isfinite(last)):
            raise ValueError(f"autodetected range of [{first}, {last}] is not finite")
    if first == last:
        first, last = first - 0.5, last + 0.5
    return first, last


def histogramdd(sample, bins=10, range=None, density=None, weights=None):
    """NumPy's histogramdd, its steps on the device: each dimension's bin by a binary search
    (the last edge counted in the last bin), the bins raveled and counted."""
    m = _m()
    if isinstance(sample, (list, tuple)) and sample and all(isinstance(v, _core.ndarray) for v in sample):
        x = m.stack(list(sample), axis=1)  # one 1-d sample per dimension
    else:
        x = asarray_any(sample)
        if not (isinstance(sample, (_core.ndarray, _np.ndarray)) and x.ndim == 2):
            x = m.atleast_2d(x).T  # a sequence of 1-d samples, one per dimension
    n_points, dims = x.shape
    if (x.dtype.kind == "c" or isinstance(bins, str)
            or (isinstance(bins, (list, tuple)) and any(isinstance(b, str) for b in bins))):
        return call_numpy(_np.histogramdd, (x,), dict(bins=bins, range=range, density=density, weights=weights))
    try:
        if len(bins) != dims:
            raise ValueError("The dimension of bins must be equal to the dimension of the sample x.")
    except TypeError:
        bins = dims * [bins]
    if range is None:
        range = (None,) * dims
    elif len(range) != dims:
        raise ValueError("range argument must have one entry per dimension")
    edges, counts, shape = [], [], []
    for i in builtins_range(dims):
        column = x[:, i]
        if _np.ndim(bins[i]) == 0:
            if bins[i] < 1:
                raise ValueError(f"`bins[{i}]` must be positive, when an integer")
            first, last = _outer_edges(column, range[i])
            try:
                n = operator.index(bins[i])
            except TypeError as e:
                raise TypeError(f"`bins[{i}]` must be an integer, when a scalar") from e
            e = _np.linspace(first, last, n + 1)
        elif _np.ndim(bins[i]) == 1:
            e = _np.asarray(bins[i]._to_numpy() if isinstance(bins[i], _core.ndarray) else bins[i])
            if _np.any(e[:-1] > e[1:]):
                raise ValueError(f"`bins[{i}]` must be monotonically increasing, when an array")
        else:
            raise ValueError(f"`bins[{i}]` must be a scalar or 1d array")
        dev = on_device_of(e, x)
        common = _np.result_type(e.dtype, x.dtype)
        at = _core.searchsorted(_core.astype(dev, common, False), _core.astype(column, common, False), True)
        counts.append(m.where(column == e[-1], at - 1, at))  # the last edge belongs to the last bin
        edges.append(dev)
        shape.append(len(e) + 1)  # an outlier bin at each end
    flat = counts[0]
    for c, size in zip(counts[1:], shape[1:]):
        flat = flat * size + c
    total = int(_np.prod(shape))
    with _on(x._device):
        flat = flat if n_points else m.zeros(0, dtype=_np.int64)
    flat = _core.astype(flat, _np.dtype(_np.int64), False)
    if weights is None:
        hist = _counts(_core.sort(flat, 0), total)
    else:
        w = on_device_of(weights, x)
        if w.shape != (n_points,):
            raise ValueError("weights should have the same length as the sample.")
        hist = _weighted_counts(flat, w, total, _np.dtype(_np.float64))
    hist = _core.astype(_core.reshape(hist, tuple(shape), "C"), _np.dtype(_np.float64), False)
    hist = hist[(slice(1, -1),) * dims]
    if density:
        s = hist.sum()
        for i in builtins_range(dims):
            widths = [1] * dims
            widths[i] = shape[i] - 2
            hist = hist / m.diff(edges[i]).reshape(tuple(widths))
        hist = hist / s
    return hist, edges


def histogram2d(x, y, bins=10, range=None, density=None, weights=None):
    try:
        n = len(bins)
    except TypeError:
        n = 1
    if n != 1 and n != 2:
        bins = [bins, bins]
    hist, edges = histogramdd([asarray_any(x), asarray_any(y)], bins, range, density, weights)
    return hist, edges[0], edges[1]


@returns_scalar
@_errstate.quiet
def interp(x, xp, fp, left=None, right=None, period=None):
    x = asarray_any(x)
    xp, fp = on_device_of(xp, x), on_device_of(fp, x)
    if period is not None or fp.dtype.kind == "c" or x.dtype.kind == "c" or xp.dtype.kind == "c":
        return call_numpy(_np.interp, (x, xp, fp), dict(left=left, right=right, period=period))
    if xp.ndim != 1 or fp.ndim != 1:
        raise ValueError("object too deep for desired array")
    if xp.shape[0] != fp.shape[0]:
        raise ValueError("fp and xp are not of the same length.")
    if xp.shape[0] == 0:
        raise ValueError("array of sample points is empty")
    m = _m()
    f64 = _np.dtype(_np.float64)
    x, xp, fp = (_core.astype(v, f64, False) for v in (x, xp, fp))
    n = xp.shape[0]
    first, last = xp[0], xp[n - 1]
    lval = fp[0] if left is None else float(left)
    rval = fp[n - 1] if right is None else float(right)
    if n == 1:
        return m.where(x < first, lval, m.where(x > first, rval, fp[0]))
    # As NumPy: the interval [xp[j], xp[j + 1]) holding x, the line through its ends (from
    # the other end when that gives NaN), and the sample itself where x sits on one.
    j = m.clip(_core.searchsorted(xp, x, True) - 1, 0, n - 2)
    x0, x1 = _core.take(xp, j, 0), _core.take(xp, j + 1, 0)
    y0, y1 = _core.take(fp, j, 0), _core.take(fp, j + 1, 0)
    slope = (y1 - y0) / (x1 - x0)
    r = slope * (x - x0) + y0
    r = m.where(m.isnan(r), slope * (x - x1) + y1, r)
    r = m.where(m.isnan(r) & (y0 == y1), y0, r)
    r = m.where(x == x0, y0, r)
    r = m.where(x == last, fp[n - 1], r)
    r = m.where(x > last, rval, m.where(x < first, lval, r))
    return m.where(m.isnan(x), _np.nan, r)
