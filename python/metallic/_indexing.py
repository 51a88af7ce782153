"""Integer-array indexing on the device: take, and x[...] with one integer-array or 1-D
boolean index among basic ones (the basic part as a view, then one native gather; indices
checked first, so an out-of-bounds one raises IndexError on every device). Other advanced
forms, and assignment through them, run in NumPy for now (counted fallback)."""

import numpy as _np

from . import _core
from ._fallback import call_numpy

__all__ = ["take"]


def take(a, indices, axis=None, out=None, mode="raise"):
    idx = indices if isinstance(indices, _core.ndarray) else _np.asarray(indices)
    if out is not None or mode != "raise" or idx.dtype.kind not in "iu" or not isinstance(a, _core.ndarray):
        return call_numpy(_np.take, (a, indices), {"axis": axis, "out": out, "mode": mode})
    return _core.take(a, idx, axis)


def _index_array(item):
    """item as an index array (metallic or NumPy), or None when it is a basic index."""
    if isinstance(item, _core.ndarray):
        return item
    if isinstance(item, (list, _np.ndarray)):
        arr = _np.asarray(item)
        return arr if arr.dtype.kind in "iub" or (arr.size == 0 and isinstance(item, list)) else None
    return None


def _basic(item):
    return item is None or item is Ellipsis or isinstance(item, slice) or (
        isinstance(item, (int, _np.integer)) and not isinstance(item, (bool, _np.bool_)))


def gather(a, idx):
    """a[idx] natively when idx holds exactly one index array (integers, or a 1-D boolean
    mask) among ints, slices, None and Ellipsis; None (nothing done) otherwise."""
    items = idx if isinstance(idx, tuple) else (idx,)
    arrays = [(i, _index_array(it)) for i, it in enumerate(items)]
    arrays = [(i, arr) for i, arr in arrays if arr is not None]
    if len(arrays) != 1 or not all(_basic(it) for i, it in enumerate(items) if i != arrays[0][0]):
        return None  # several index arrays, booleans scalars, floats, ...: NumPy's rules
    p, arr = arrays[0]
    if arr.dtype.kind == "b":
        if arr.ndim != 1:
            return None
        consumed = sum(1 for it in items if it is not None and it is not Ellipsis)
        axis_len = _axis_length(a, items, p, consumed)
        if axis_len is not None and arr.shape[0] != axis_len:
            raise IndexError(f"boolean index did not match indexed array along axis {p}; size of axis is "
                             f"{axis_len} but size of corresponding boolean axis is {arr.shape[0]}")
        mask = arr._to_numpy() if isinstance(arr, _core.ndarray) else arr  # data-dependent size: host
        arr = _np.flatnonzero(mask)
    elif arr.dtype.kind not in "iu":
        if arr.size or not isinstance(items[p], list):
            return None  # floats etc.: NumPy's IndexError
        arr = arr.astype(_np.int64)  # [] indexes nothing
    basic = items[:p] + (slice(None),) + items[p + 1:]
    view = _core.getitem(a, basic)
    consumed = sum(1 for it in items if it is not None and it is not Ellipsis)
    q = 0
    for it in items[:p]:
        if it is None or isinstance(it, slice):
            q += 1
        elif it is Ellipsis:
            q += a.ndim - consumed
    r = _core.take(view, arr, q)
    # Integer scalars count as advanced indices too: when they and the array are not
    # adjacent, NumPy puts the array's dimensions first.
    adv = [i for i, it in enumerate(items) if i == p or _is_int(it)]
    if adv[-1] - adv[0] + 1 != len(adv) and q and arr.ndim:
        order = list(range(q, q + arr.ndim)) + [d for d in range(r.ndim) if not q <= d < q + arr.ndim]
        r = _core.transpose(r, order)
    return r


def _is_int(item):
    return isinstance(item, (int, _np.integer)) and not isinstance(item, (bool, _np.bool_))


def _axis_length(a, items, p, consumed):
    """The length of the axis items[p] indexes (None when Ellipsis placement is unclear)."""
    axis = 0
    for it in items[:p]:
        if it is Ellipsis:
            axis += a.ndim - consumed
        elif it is not None:
            axis += 1
    return a.shape[axis] if axis < a.ndim else None
