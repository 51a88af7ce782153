"""Advanced indexing on the device: take, and x[...] / x[...] = v with integer arrays and
boolean masks among ints, slices, None and Ellipsis. Reading is one native gather (one
index array stays on the device; several are broadcast and checked on the host); writing
scatters the indexed rows when the destination is C-contiguous and otherwise rewrites the
indexed axes through one gather and one where. Indices are checked before anything runs,
so an out-of-bounds one raises IndexError on every device. Forms outside these (float or
bool scalar indices, ...) run in NumPy (counted fallback)."""

import math
import operator

import numpy as _np

from . import _core
from ._convert import on_device_of
from ._fallback import call_numpy
from ._scalars import returns_scalar

__all__ = ["take"]


@returns_scalar
def take(a, indices, axis=None, out=None, mode="raise"):
    """The gather; mode 'clip' and 'wrap' first bring the indices into the axis (clipped to
    its ends, or taken modulo its length), on the device."""
    idx = indices if isinstance(indices, _core.ndarray) else _np.asarray(indices)
    if isinstance(indices, (list, tuple)) and idx.size == 0:
        idx = idx.astype(_np.intp)  # NumPy takes an empty list as no indices
    if out is not None or mode not in ("raise", "clip", "wrap") or idx.dtype.kind not in "iu" \
            or not isinstance(a, _core.ndarray) or (mode != "raise" and idx.dtype == _np.uint64):
        return call_numpy(_np.take, (a, indices), {"axis": axis, "out": out, "mode": mode})
    if mode != "raise":
        n = a.size if axis is None else a.shape[_np.lib.array_utils.normalize_axis_index(axis, a.ndim)]
        if n == 0:
            return call_numpy(_np.take, (a, indices), {"axis": axis, "mode": mode})  # NumPy's error
        import metallic as m
        idx = _core.astype(idx if isinstance(idx, _core.ndarray) else on_device_of(idx, a), _np.dtype(_np.int64), False)
        idx = m.clip(idx, 0, n - 1) if mode == "clip" else m.remainder(idx, n)
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


class _Plan:
    """x[idx] with one index array: the basic part as a view, the axis q of the view the
    array indexes, the integer indices (NumPy array or metallic array) or a boolean mask of
    the axis's length on the view's device (mask; arr then None), and whether NumPy puts
    the index dimensions first (ints not adjacent to the array)."""

    def __init__(self, view, q, arr, front, mask=None):
        self.view, self.q, self.arr, self.front, self.mask = view, q, arr, front, mask


def _plan(a, idx):
    items = idx if isinstance(idx, tuple) else (idx,)
    arrays = [(i, _index_array(it)) for i, it in enumerate(items)]
    arrays = [(i, arr) for i, arr in arrays if arr is not None]
    if len(arrays) != 1 or not all(_basic(it) for i, it in enumerate(items) if i != arrays[0][0]):
        return None  # several index arrays, booleans scalars, floats, ...: NumPy's rules
    p, arr = arrays[0]
    mask = None
    consumed = sum(1 for it in items if it is not None and it is not Ellipsis)
    if arr.dtype.kind == "b" and arr.shape == (0,):
        arr = _np.zeros(0, _np.int64)  # an empty 1-D mask indexes nothing, as an empty integer list
    if arr.dtype.kind == "b":
        if arr.ndim != 1:
            return None
        axis_len = _axis_length(a, items, p, consumed)
        if axis_len is not None and arr.shape[0] != axis_len:
            raise IndexError(f"boolean index did not match indexed array along axis {p}; size of axis is "
                             f"{axis_len} but size of corresponding boolean axis is {arr.shape[0]}")
        if isinstance(arr, _core.ndarray) and axis_len is not None and arr._device == a._device:
            mask = arr  # compressed where it lives: its positions are in range
        else:
            arr = _core.flatnonzero(arr) if isinstance(arr, _core.ndarray) else _np.flatnonzero(arr)
    elif arr.dtype.kind not in "iu":
        if arr.size or not isinstance(items[p], list):
            return None  # floats etc.: NumPy's IndexError
        arr = arr.astype(_np.int64)  # [] indexes nothing
    view = _core.getitem(a, items[:p] + (slice(None),) + items[p + 1:])
    q = 0
    for it in items[:p]:
        if it is None or isinstance(it, slice):
            q += 1
        elif it is Ellipsis:
            q += a.ndim - consumed
    # Integer scalars count as advanced indices too: when they and the array are not
    # adjacent, NumPy puts the array's dimensions first.
    adv = [i for i, it in enumerate(items) if i == p or _is_int(it)]
    front = adv[-1] - adv[0] + 1 != len(adv) and q > 0 and (mask is not None or arr.ndim > 0)
    return _Plan(view, q, None if mask is not None else arr, front, mask)


def _mask(a, idx):
    """x[mask] with one boolean array over x's leading axes: (the mask on x's device, its
    number of axes); None for other forms."""
    items = idx if isinstance(idx, tuple) else (idx,)
    if len(items) != 1:
        return None
    m = _index_array(items[0])
    if m is None or m.dtype.kind != "b" or m.ndim < 2:
        return None  # 1-D masks go through _plan
    if m.ndim > a.ndim or tuple(m.shape) != tuple(a.shape[:m.ndim]):
        axis = next((d for d in range(min(m.ndim, a.ndim)) if m.shape[d] != a.shape[d]), a.ndim)
        raise IndexError(f"boolean index did not match indexed array along axis {axis}; size of axis is "
                         f"{a.shape[axis] if axis < a.ndim else 0} but size of corresponding boolean axis is "
                         f"{m.shape[axis] if axis < m.ndim else 0}")
    if not isinstance(m, _core.ndarray):
        m = on_device_of(m, a)
    return m, m.ndim


def gather(a, idx):
    """a[idx] natively when idx holds one index array (integers, or a boolean mask) among
    ints, slices, None and Ellipsis, or is one boolean mask over a's leading axes; None
    (nothing done) otherwise."""
    masked = _mask(a, idx)
    if masked is not None:
        m, k = masked
        flat = _core.reshape(a, (-1,) + tuple(a.shape[k:]), "C")
        return _core.compress(_core.ravel(m, "C"), flat, 0)
    plan = _plan(a, idx)
    if plan is None:
        return None
    if plan.mask is not None:
        r = _core.compress(plan.mask, plan.view, plan.q)
    else:
        r = _core.take(plan.view, plan.arr, plan.q)
    if plan.front:
        q, n = plan.q, 1 if plan.arr is None else plan.arr.ndim
        r = _core.transpose(r, list(range(q, q + n)) + [d for d in range(r.ndim) if not q <= d < q + n])
    return r


def _value(value, dtype):
    """The value of an assignment in the target's dtype (NumPy casts unsafely, but a Python
    int that does not fit raises OverflowError)."""
    if isinstance(value, int) and not isinstance(value, bool) and dtype.kind in "iu":
        info = _np.iinfo(dtype)
        if not info.min <= value <= info.max:
            raise OverflowError(f"Python integer {value} out of bounds for {dtype}")
    if type(value) is complex and dtype.kind in "iuf":
        raise TypeError(f"can't convert complex to {'int' if dtype.kind in 'iu' else 'float'}")
    if type(value) is float and dtype.kind in "iu" and not _np.isfinite(value):
        if value != value:
            raise ValueError("cannot convert float NaN to integer")
        raise OverflowError("cannot convert float infinity to integer")
    v = value if isinstance(value, _core.ndarray) else _core.asarray(_np.asarray(value))
    return _core.astype(v, dtype, False)


def _broadcast_value(v, shape):
    extra = v.ndim - len(shape)
    if extra > 0 and all(s == 1 for s in v.shape[:extra]):  # NumPy drops leading length-1 axes
        v = _core.reshape(v, tuple(v.shape[extra:]), "C")
    try:
        return _core.broadcast_to(v, tuple(shape))
    except ValueError:
        raise ValueError(f"shape mismatch: value array of shape {tuple(v.shape)} could not be broadcast to "
                         f"indexing result of shape {tuple(shape)}") from None


def _last_writers(flat):
    """The distinct indices of flat and, for each, the position of its last occurrence
    (NumPy's rule for duplicate indices in an assignment: the last one wins)."""
    uniq, first = _np.unique(flat[::-1], return_index=True)
    return uniq, flat.size - 1 - first


def _write_rows(view, flat, v, axis, like):
    """view[..., flat[k], ...] = v[..., k, ...] writing only those rows (one scatter); False
    when view's layout does not allow it (the caller then rewrites the axis)."""
    if not view._c_contiguous:
        return False
    uniq, last = _last_writers(flat)
    if uniq.size != flat.size:
        v, flat = _core.take(v, on_device_of(last, like), axis), uniq
    return _core.scatter_rows(view, on_device_of(flat, like), v, axis)


def scatter(a, idx, value):
    """a[idx] = value natively for the forms gather and multi_gather take; False (nothing
    done) otherwise. Duplicate indices: the last assignment wins, as NumPy's."""
    masked = _mask(a, idx)
    if masked is not None:
        m, k = masked
        v = _value(value, a.dtype)
        tail = tuple(a.shape[k:])
        if v.ndim <= len(tail) and all(s in (1, t) for s, t in zip(v.shape[::-1], tail[::-1])):
            src = _core.broadcast_to(v, tuple(a.shape))
        elif a._c_contiguous:  # one value per selected element, written in place
            at = _core.flatnonzero(m)  # the true positions, in C order
            rows = _broadcast_value(v, (at.shape[0],) + tail)
            if at.shape[0]:
                _core.scatter_rows(_core.reshape(a, (m.size,) + tail, "C"), at, rows, 0)
            return True
        else:  # one value per selected element: the k-th true position takes row k
            from ._selection import count_nonzero
            from . import cumsum
            count = count_nonzero(m)
            rows = _broadcast_value(v, (count,) + tail)
            if not count:
                return True  # nothing selected: nothing written
            flat = _core.ravel(m, "C")
            rank = _core.where(flat, _core.ufunc("subtract", [cumsum(flat), 1], None)[0], 0)
            src = _core.reshape(_core.take(rows, rank, 0), tuple(a.shape), "C")
        keep = _core.reshape(m, tuple(m.shape) + (1,) * (a.ndim - k), "C")
        _core.copyto(a, _core.where(keep, src, a), "unsafe")
        return True
    m = _multi(a, idx)
    if m is None:
        return False
    flat, _ = _flat_offsets(m)
    rest = tuple(n for d, n in enumerate(m.view.shape) if d not in m.axes)
    v = _broadcast_value(_value(value, a.dtype), rest[:m.dest] + flat.shape + rest[m.dest:])
    if m.dest and flat.ndim:
        v = _core.moveaxis(v, list(range(m.dest, m.dest + flat.ndim)), list(range(flat.ndim)))
    _assign(m.view, m.axes, flat.reshape(-1), _core.reshape(v, (flat.size,) + rest, "C"), a)
    return True


def _assign(view, axes, flat, v, like):
    """view's axes `axes`, merged in row-major order, get rows flat[k] = v[k] (v has shape
    (flat.size,) + view's other axes), the last writer winning: only those rows when the
    layout allows (one scatter), else the merged axes rewritten (one gather, one where)."""
    if not flat.size:
        return
    k = len(axes)
    if k == 1 and _write_rows(view, flat, _core.moveaxis(v, [0], [axes[0]]), axes[0], like):
        return
    front = _front(view, axes)
    if list(axes) == list(range(k)) and front._shares_buffer(view) and _write_rows(front, flat, v, 0, like):
        return  # the indexed axes lead: their merged rows are written in place
    pos = _np.full(front.shape[0], -1, _np.int64)
    pos[flat] = _np.arange(flat.size)  # NumPy's rule for duplicates: the last one wins
    src = _core.take(v, on_device_of(_np.maximum(pos, 0), like), 0)
    keep = on_device_of((pos >= 0).reshape((pos.size,) + (1,) * (front.ndim - 1)), like)
    merged = _core.where(keep, src, front)
    sizes = tuple(view.shape[q] for q in axes)
    new = _core.moveaxis(_core.reshape(merged, sizes + tuple(front.shape[1:]), "C"), list(range(k)), list(axes))
    _core.copyto(view, new, "unsafe")


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


# ---- several index arrays (broadcast together), with ints, slices, None, Ellipsis --------------

class _Multi:
    """x[idx] with several index arrays: the basic part as a view, the view's advanced axes
    (in order), the index arrays as int64 NumPy arrays broadcast together (negatives
    wrapped, bounds checked), and where the result's index dimensions go."""

    def __init__(self, view, axes, index, dest):
        self.view, self.axes, self.index, self.dest = view, axes, index, dest


def _multi(a, idx):
    items = list(idx) if isinstance(idx, tuple) else [idx]
    if sum(1 for it in items if it is Ellipsis) > 1:
        return None
    expanded = []  # ("adv", int array) | ("basic", item); bool masks become their nonzero arrays
    for it in items:
        arr = _index_array(it)
        if arr is not None:
            host = arr._to_numpy() if isinstance(arr, _core.ndarray) else _np.asarray(arr)
            if host.dtype.kind == "b":
                if host.ndim == 0:
                    return None
                # An empty 1-D mask indexes nothing, as an empty integer list (NumPy's rule).
                expanded.append(("adv", _np.zeros(0, _np.int64)) if host.shape == (0,) else ("mask", host))
            elif host.dtype.kind in "iu" or (host.size == 0 and isinstance(it, list)):
                expanded.append(("adv", host.astype(_np.int64)))
            else:
                return None
        elif _is_int(it):
            expanded.append(("adv", _np.asarray(operator.index(it), dtype=_np.int64)))
        elif it is None or it is Ellipsis or isinstance(it, slice):
            expanded.append(("basic", it))
        else:
            return None  # floats, bool scalars, ...: NumPy's rules
    if not any(k != "basic" for k, _ in expanded):
        return None
    consumed = sum(it.ndim if k == "mask" else 1 for k, it in expanded if k != "basic" or isinstance(it, slice))
    if consumed > a.ndim:
        raise IndexError(f"too many indices for array: array is {a.ndim}-dimensional, but {consumed} were indexed")
    # A mask over k axes is k index arrays (its true positions) once its shape is checked.
    resolved, apos = [], 0
    for kind, it in expanded:
        if kind == "mask":
            for j, n in enumerate(it.shape):
                if a.shape[apos + j] != n:
                    raise IndexError(f"boolean index did not match indexed array along axis {apos + j}; size of "
                                     f"axis is {a.shape[apos + j]} but size of corresponding boolean axis is {n}")
            resolved += [("adv", i) for i in _np.nonzero(it)]
            apos += it.ndim
            continue
        resolved.append((kind, it))
        apos += a.ndim - consumed if it is Ellipsis else 0 if it is None else 1
    expanded = resolved
    basic, axes, arrays, positions, vpos, apos = [], [], [], [], 0, 0
    for n, (kind, it) in enumerate(expanded):
        if kind == "adv":
            basic.append(slice(None))
            size = a.shape[apos]
            if it.size and (it.max() >= size or it.min() < -size):
                bad = int(it.max()) if it.max() >= size else int(it.min())
                raise IndexError(f"index {bad} is out of bounds for axis {apos} with size {size}")
            arrays.append(_np.where(it < 0, it + size, it))
            axes.append(vpos)
            positions.append(n)
            vpos, apos = vpos + 1, apos + 1
        elif it is Ellipsis:
            fill = a.ndim - consumed
            basic.append(Ellipsis)
            vpos, apos = vpos + fill, apos + fill
        elif it is None:
            basic.append(None)
            vpos += 1
        else:
            basic.append(it)
            vpos, apos = vpos + 1, apos + 1
    try:
        index = _np.broadcast_arrays(*arrays)
    except ValueError:
        shapes = " ".join(str(x.shape) for x in arrays)
        raise IndexError(f"shape mismatch: indexing arrays could not be broadcast together with shapes {shapes}") \
            from None
    view = _core.getitem(a, tuple(basic))
    adjacent = positions[-1] - positions[0] + 1 == len(positions)
    return _Multi(view, axes, index, axes[0] if adjacent else 0)


def _flat_offsets(m):
    """Row-major offsets into the view's advanced axes moved to the front and merged."""
    sizes = [m.view.shape[q] for q in m.axes]
    flat = _np.zeros(m.index[0].shape, _np.int64)
    for i, n in zip(m.index, sizes):
        flat = flat * n + i
    return flat, math.prod(sizes)


def _front(view, axes):
    """view with the given axes first, merged into one."""
    k = len(axes)
    moved = _core.moveaxis(view, list(axes), list(range(k)))
    return _core.reshape(moved, (math.prod(moved.shape[:k]),) + tuple(moved.shape[k:]), "C")


def multi_gather(a, idx):
    m = _multi(a, idx)
    if m is None:
        return None
    flat, _ = _flat_offsets(m)
    r = _core.take(_front(m.view, m.axes), on_device_of(flat, a), 0)
    nb = flat.ndim
    if m.dest and nb:
        r = _core.moveaxis(r, list(range(nb)), list(range(m.dest, m.dest + nb)))
    return r
