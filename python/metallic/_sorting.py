"""Sorting and searching: sort, argsort, partition, argpartition, lexsort, searchsorted.
Every sort is native and stable (NaN last, equal elements in their order), whatever kind
is asked for. partition and argpartition select natively where the device has a selection
(the CPU), else sort (a sorted row is partitioned at every rank). searchsorted is a native
binary search in the same order. Complex arrays sort as NumPy's (by real part, then
imaginary part; R + nanj, nan + Rj, nan + nanj last, in that order) through a lexsort of
three real keys.
Structured `order=` sorts and complex searchsorted run in NumPy (counted fallback)."""

import operator

import numpy as _np

from . import _core
from ._convert import asarray_any, on_device_of
from ._fallback import call_numpy

__all__ = ["sort", "argsort", "partition", "argpartition", "lexsort", "searchsorted", "sort_complex"]

_KINDS = (None, "quicksort", "mergesort", "heapsort", "stable")


def _check_kind(kind, stable):
    if stable is not None and kind is not None:
        raise ValueError("`kind` and keyword parameters can't be provided at the same time. Use only one of them.")
    if kind not in _KINDS and not (isinstance(kind, str) and kind[:1].lower() in "qmhs" and kind):
        raise ValueError(f"sort kind must be one of 'quick', 'heap', or 'stable' (got {kind!r})")


def _native(a, order):
    return order is None


def _complex_keys(z):
    """Three real keys whose lexsort is NumPy's order of the complex z: the imaginary part,
    the real part, and (most significant) which parts are NaN (none, imaginary, real, both)."""
    import metallic as m
    re, im = m.real(z), m.imag(z)
    return [im, re, (m.isnan(re).astype(_np.int8) * 2 + m.isnan(im).astype(_np.int8))]


def _complex_argsort(a, axis):
    if axis is None:
        a, axis = _core.ravel(a, "C"), -1
    return lexsort(_complex_keys(a), axis=operator.index(axis))


def sort(a, axis=-1, kind=None, order=None, *, stable=None):
    a = asarray_any(a)
    _check_kind(kind, stable)
    if not _native(a, order):
        return call_numpy(_np.sort, (a,), dict(axis=axis, kind=kind, order=order))
    if a.dtype.kind == "c" and a.ndim:
        from . import take_along_axis
        flat = _core.ravel(a, "C") if axis is None else a
        return take_along_axis(flat, _complex_argsort(a, axis), -1 if axis is None else axis)
    return _core.sort(a, None if axis is None else operator.index(axis))


def argsort(a, axis=-1, kind=None, order=None, *, stable=None):
    a = asarray_any(a)
    _check_kind(kind, stable)
    if not _native(a, order):
        return call_numpy(_np.argsort, (a,), dict(axis=axis, kind=kind, order=order))
    if a.ndim == 0:  # NumPy: the one position, as a 1-d array
        return _core.argsort(a.real if a.dtype.kind == "c" else a, None)
    if a.dtype.kind == "c":
        return _complex_argsort(a, axis)
    return _core.argsort(a, None if axis is None else operator.index(axis))


def sort_complex(a):
    """a sorted along its last axis as complex numbers (complex64 for the 8- and 16-bit
    integer types, complex128 otherwise, as NumPy's)."""
    a = asarray_any(a)
    b = sort(a)
    if b.dtype.kind != "c":
        b = b.astype(_np.complex64 if b.dtype.char in "bhBH" else _np.complex128)
    return b


def _check_kth(kth):
    """kth as a list of Python ints (NumPy's exception types for anything else; their range
    is checked natively)."""
    k = _np.asarray(kth)
    if k.dtype == bool:
        raise ValueError("Booleans unacceptable as partition index")
    if k.dtype.kind not in "iu":
        raise TypeError("Partition index must be integer")
    return [int(v) for v in k.ravel()]


def _partitioned(numpy_fn, native_fn, full_sort, a, kth, axis, kind, order):
    a = asarray_any(a)
    if kind != "introselect":
        raise ValueError(f"select kind must be 'introselect' (got {kind!r})")
    if not _native(a, order) or a.ndim == 0:
        return call_numpy(numpy_fn, (a, kth), dict(axis=axis, kind=kind, order=order))
    ks = _check_kth(kth)
    axis = None if axis is None else operator.index(axis)
    if a.size == 0:  # NumPy checks no kth against an empty array; its sort is its partition
        return full_sort(a, axis)
    if a.dtype.kind == "c":  # a sort: a valid partition
        n = a.size if axis is None else a.shape[_np.lib.array_utils.normalize_axis_index(axis, a.ndim)]
        for k in ks:
            if not -n <= k < n:
                raise ValueError(f"kth(={k}) out of bounds ({n})")
        return full_sort(a, axis)
    return native_fn(a, ks, axis)


def partition(a, kth, axis=-1, kind="introselect", order=None):
    return _partitioned(_np.partition, _core.partition, sort, a, kth, axis, kind, order)


def argpartition(a, kth, axis=-1, kind="introselect", order=None):
    return _partitioned(_np.argpartition, _core.argpartition, argsort, a, kth, axis, kind, order)


def lexsort(keys, axis=-1):
    """Positions sorting by the last key, ties broken by the one before, and so on: one
    stable argsort per key, from the first to the last, each applied to the order so far."""
    if isinstance(keys, _core.ndarray):
        if keys.ndim == 0:
            raise TypeError("need sequence of keys with len > 0 in lexsort")
        keys = [keys[i] for i in range(keys.shape[0])]
    elif isinstance(keys, tuple) or isinstance(keys, list):
        keys = [asarray_any(k) for k in keys]
    else:
        keys = list(asarray_any(keys))
    if not keys:
        raise TypeError("need sequence of keys with len > 0 in lexsort")
    keys = [part for k in keys for part in (_complex_keys(k) if k.dtype.kind == "c" else [k])]
    from . import broadcast_arrays, take_along_axis
    keys = broadcast_arrays(*keys)
    if keys[0].ndim == 0:  # NumPy: a 0-d key set sorts as one element
        return _core.argsort(keys[0], None)
    order = None
    for k in keys:
        if order is None:
            order = _core.argsort(k, axis)
        else:
            order = take_along_axis(order, _core.argsort(take_along_axis(k, order, axis), axis), axis)
    return order


def searchsorted(a, v, side="left", sorter=None):
    """Where v's elements would go into the sorted 1-d a to keep it sorted: a binary search
    per element, in the dtype the two share (NaN last, as NumPy)."""
    if side not in ("left", "right"):
        raise ValueError(f"search side must be 'left' or 'right' (got {side!r})")
    a = asarray_any(a)
    if a.ndim != 1:
        raise ValueError("object too deep for desired array" if a.ndim > 1 else "object of too small depth for desired array")
    scalar = _np.ndim(v) == 0  # any 0-d needle (a metallic 0-d array too) gives a scalar
    # NumPy makes an array of a Python scalar before promoting (it is not weak here):
    # -1 into uint8 compares as int64, 0.1 into float32 as float64.
    common = _np.result_type(a.dtype, v.dtype if isinstance(v, _core.ndarray) else _np.asarray(v).dtype)
    v = on_device_of(v, a)
    if common.kind not in "biuf":
        return call_numpy(_np.searchsorted, (a, v), dict(side=side, sorter=sorter))
    if sorter is not None:
        from ._indexing import take
        sorter = asarray_any(sorter)
        if sorter.ndim != 1:
            raise TypeError("could not parse sorter argument")
        if sorter.dtype.kind not in "iu":
            raise TypeError("sorter must only contain integers")
        if sorter.shape[0] != a.shape[0]:
            raise ValueError("sorter.size must equal a.size")
        a = take(a, sorter)
    r = _core.searchsorted(_core.astype(a, common, False), _core.astype(v, common, False), side == "right")
    return r[()] if scalar else r
