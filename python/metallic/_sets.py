"""unique and the set functions, on the native stable sort: unique (axis=None) with every
return option, the Array API's unique_all / unique_counts / unique_inverse /
unique_values, isin, intersect1d, union1d, setdiff1d, setxor1d. How many unique values
there are depends on the data: the mask of first occurrences is read back once. unique
along an axis sorts the slices lexicographically (lexsort, one key per element of a
slice). Complex arrays and slices of more than 64 elements or holding NaN run in NumPy
(counted fallback)."""

import math
from collections import namedtuple

import numpy as _np

from . import _core
from ._convert import asarray_any, on_device_of
from ._device import device as _on
from ._fallback import call_numpy

__all__ = ["unique", "unique_all", "unique_counts", "unique_inverse", "unique_values", "isin", "intersect1d",
           "union1d", "setdiff1d", "setxor1d"]

UniqueAllResult = namedtuple("UniqueAllResult", ["values", "indices", "inverse_indices", "counts"])
UniqueCountsResult = namedtuple("UniqueCountsResult", ["values", "counts"])
UniqueInverseResult = namedtuple("UniqueInverseResult", ["values", "inverse_indices"])


def _m():
    import metallic
    return metallic


def _ravel(a):
    return _core.ravel(asarray_any(a), "C")


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *, equal_nan=True,
           sorted=True):
    ar = asarray_any(ar)
    if axis is not None and ar.dtype.kind in "biuf":
        r = _unique_axis(ar, axis, return_index, return_inverse, return_counts)
        if r is not None:
            return r
    if axis is not None or ar.dtype.kind not in "biuf":
        return call_numpy(_np.unique, (ar, return_index, return_inverse, return_counts, axis),
                          dict(equal_nan=equal_nan, sorted=sorted))
    m = _m()
    flat = _ravel(ar)
    n = flat.shape[0]
    perm = _core.argsort(flat, 0) if return_index or return_inverse else None
    aux = _core.take(flat, perm, 0) if perm is not None else _core.sort(flat, 0)
    with _on(ar._device):
        if n == 0:
            new = m.empty(0, dtype=_np.bool_)
        else:
            differs = aux[1:] != aux[:-1]
            if equal_nan and ar.dtype.kind == "f":  # NaNs sort last: the first of them stands for all
                differs = differs & ~m.isnan(aux[:-1])
            new = m.concatenate([m.ones(1, dtype=_np.bool_), differs])
        if not (return_index or return_inverse or return_counts):
            return _core.compress(new, aux, 0)
        firsts = _core.flatnonzero(new)
        result = [_core.take(aux, firsts, 0)]
        if return_index:
            result.append(_core.take(perm, firsts, 0))
        if return_inverse:
            inverse = m.empty(n, dtype=_np.int64)
            if n:
                _core.scatter_rows(inverse, perm, m.cumsum(new) - 1, 0)
            result.append(_core.reshape(inverse, ar.shape, "C"))
        if return_counts:
            result.append(m.diff(m.concatenate([firsts, m.full(1, n, dtype=_np.int64)])))
    return result[0] if len(result) == 1 else tuple(result)


def _unique_axis(ar, axis, return_index, return_inverse, return_counts):
    """unique of the slices along axis: the slices as rows, sorted lexicographically, the
    first of each run of equal rows kept; None where NumPy should run instead."""
    m = _m()
    axis = _np.lib.array_utils.normalize_axis_index(axis, ar.ndim)
    moved = m.moveaxis(ar, axis, 0)
    n, width = moved.shape[0], math.prod(moved.shape[1:])
    if n == 0 or width == 0 or width > 64:  # before the reshape: (0, -1) has no width to infer
        return None
    rows = _core.reshape(moved, (n, width), "C")
    if ar.dtype.kind == "f" and bool(m.any(m.isnan(rows))):
        return None
    order = m.lexsort(tuple(rows[:, j] for j in reversed(range(width))))
    srt = m.take(rows, order, axis=0)
    with _on(ar._device):
        new = m.concatenate([m.ones(1, dtype=_np.bool_), m.any(srt[1:] != srt[:-1], axis=1)])
        firsts = m.flatnonzero(new)
        values = _core.reshape(m.take(srt, firsts, axis=0), (firsts.shape[0],) + tuple(moved.shape[1:]), "C")
        result = [m.moveaxis(values, 0, axis)]
        if return_index:
            result.append(m.take(order, firsts))
        if return_inverse:
            inverse = m.empty(n, dtype=_np.int64)
            _core.scatter_rows(inverse, order, m.cumsum(new) - 1, 0)
            result.append(inverse)
        if return_counts:
            result.append(m.diff(m.concatenate([firsts, m.full(1, n, dtype=_np.int64)])))
    return result[0] if len(result) == 1 else tuple(result)


def unique_all(x):
    return UniqueAllResult(*unique(x, True, True, True, equal_nan=False))


def unique_counts(x):
    return UniqueCountsResult(*unique(x, return_counts=True, equal_nan=False))


def unique_inverse(x):
    return UniqueInverseResult(*unique(x, return_inverse=True, equal_nan=False))


def unique_values(x):
    return unique(x, equal_nan=False)


def isin(element, test_elements, assume_unique=False, invert=False, *, kind=None):
    """Each element looked up in the sorted test elements (a merge by sort, as searchsorted)."""
    if kind not in (None, "sort", "table"):
        raise ValueError(f"Invalid kind: '{kind}'. Please use None, 'sort' or 'table'.")
    e = asarray_any(element)
    t = _ravel(on_device_of(test_elements, e))
    if e.dtype.kind not in "biuf" or t.dtype.kind not in "biuf":
        return call_numpy(_np.isin, (e, t), dict(assume_unique=assume_unique, invert=invert, kind=kind))
    m = _m()
    if t.shape[0] == 0:
        with _on(e._device):
            return m.full(e.shape, bool(invert), dtype=_np.bool_)
    shape, e = e.shape, _ravel(e)  # found over the flat elements, then shaped: a 0-d array stays one
    found = _in_table(e, t, kind) if e.dtype.kind in "iu" and t.dtype.kind in "iu" and kind != "sort" else None
    if found is None:
        s = _core.sort(t, 0)
        at = m.minimum(m.searchsorted(s, e), t.shape[0] - 1)
        found = _core.take(s, at, 0) == e
    return _core.reshape(~found if invert else found, shape, "C")


def _in_table(e, t, kind):
    """isin of integers as NumPy's kind='table': a boolean per value between the test
    elements' smallest and largest (two numbers read back), looked up at each element, in
    int64; None where that table would pass NumPy's memory bound (6 x both sizes) and kind
    is None, or for uint64 (values past int64)."""
    if _np.dtype(_np.uint64) in (e.dtype, t.dtype):
        return None
    m = _m()
    lo, hi = int(m.min(t)), int(m.max(t))
    if kind is None and hi - lo > 6 * (e.size + t.size):
        return None
    i64 = _np.dtype(_np.int64)
    e, t = _core.astype(e, i64, False), _core.astype(t, i64, False)
    with _on(e._device):
        table = m.zeros(hi - lo + 1, dtype=_np.bool_)
        table[t - lo] = True
        inside = (e >= lo) & (e <= hi)
        return inside & _core.take(table, _ravel(m.clip(e, lo, hi) - lo), 0).reshape(e.shape)


def intersect1d(ar1, ar2, assume_unique=False, return_indices=False):
    ar1, ar2 = asarray_any(ar1), asarray_any(ar2)
    if ar1.dtype.kind not in "biuf" or ar2.dtype.kind not in "biuf":
        return call_numpy(_np.intersect1d, (ar1, ar2, assume_unique, return_indices), {})
    m = _m()
    ar1, ar2 = _ravel(ar1), _ravel(on_device_of(ar2, ar1))
    if not assume_unique:
        if return_indices:
            (ar1, first1), (ar2, first2) = unique(ar1, return_index=True), unique(ar2, return_index=True)
        else:
            ar1, ar2 = unique(ar1), unique(ar2)
    aux = m.concatenate([ar1, ar2])
    if not return_indices:
        aux = m.sort(aux)
        return aux[:-1][aux[1:] == aux[:-1]]
    order = m.argsort(aux)  # stable: a common value's ar1 copy comes first
    aux = m.take(aux, order)
    both = aux[1:] == aux[:-1]
    i1, i2 = order[:-1][both], order[1:][both] - ar1.shape[0]
    if not assume_unique:
        i1, i2 = m.take(first1, i1), m.take(first2, i2)
    return aux[:-1][both], i1, i2


def union1d(ar1, ar2):
    """unique of the two concatenated, in NumPy's dtype for that: a Python scalar is weak
    (NEP 50: uint8 with 1 stays uint8, a value out of range wrapping as NumPy's)."""
    m = _m()
    dtype = _np.result_type(*(v if type(v) in (int, float, complex) else asarray_any(v).dtype for v in (ar1, ar2)))
    return unique(m.concatenate([_ravel(asarray_any(ar1)), _ravel(asarray_any(ar2))], dtype=dtype, casting="unsafe"))


def setdiff1d(ar1, ar2, assume_unique=False):
    ar1 = asarray_any(ar1)
    ar1 = _ravel(ar1) if assume_unique else unique(ar1)
    if not assume_unique:
        ar2 = unique(on_device_of(ar2, ar1))
    return ar1[isin(ar1, ar2, assume_unique=True, invert=True)]


def setxor1d(ar1, ar2, assume_unique=False):
    m = _m()
    ar1, ar2 = asarray_any(ar1), asarray_any(ar2)
    if not assume_unique:
        ar1, ar2 = unique(ar1), unique(ar2)
    aux = m.sort(m.concatenate([_ravel(ar1), _ravel(ar2)]))
    if aux.shape[0] == 0:
        return aux
    with _on(aux._device):
        true = m.ones(1, dtype=_np.bool_)
        flag = m.concatenate([true, aux[1:] != aux[:-1], true])
    return aux[flag[1:] & flag[:-1]]
