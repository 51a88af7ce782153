"""Selecting elements: nonzero and its relatives, take_along_axis, choose, select,
compress, extract, putmask, place, and index arithmetic (indices, ix_, unravel_index,
ravel_multi_index). Built from native pieces (comparisons, where, scans, take), so they run
on every device. Results whose size depends on the data (nonzero) come from the device's
stream compaction, which reads back only their count."""

import builtins
import math
import operator

import numpy as _np

from . import _core
from ._convert import asarray_any, on_device_of
from ._device import device as _on
from ._scalars import scalar_result

__all__ = ["nonzero", "flatnonzero", "argwhere", "count_nonzero", "extract", "compress", "take_along_axis",
           "choose", "select", "putmask", "place", "put", "put_along_axis", "indices", "ix_", "unravel_index",
           "ravel_multi_index"]


def _mask(a):
    a = asarray_any(a)
    return a if a.dtype == _np.bool_ else _core.ufunc("not_equal", [a, 0], None)[0]


def nonzero(a):
    """Indices of the non-zero elements, one int64 array per dimension (on a's device): the
    flat positions from the device's stream compaction, unravelled."""
    a = asarray_any(a)
    if a.ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.")
    flat = _core.flatnonzero(a)
    return (flat,) if a.ndim == 1 else unravel_index(flat, a.shape)


def flatnonzero(a):
    return _core.flatnonzero(asarray_any(a))


def argwhere(a):
    a = asarray_any(a)
    if a.ndim == 0:  # NumPy: one row of no coordinates when the scalar is non-zero
        with _on(a._device):
            return _core.empty((count_nonzero(a), 0), _np.dtype(_np.int64))
    idx = nonzero(a)
    from . import stack
    return stack(idx, axis=1)


def count_nonzero(a, axis=None, *, keepdims=False):
    from . import sum as _sum
    r = _sum(_mask(a), axis=axis, keepdims=keepdims, dtype=_np.intp)
    return r  # a NumPy scalar (intp) for a count of the whole array, as NumPy


def extract(condition, arr):
    arr = asarray_any(arr)
    return _core.take(_core.ravel(arr, "C"), flatnonzero(condition), 0)


def compress(condition, a, axis=None, out=None):
    a = asarray_any(a)
    r = _core.compress(on_device_of(condition, a), a, None if axis is None else operator.index(axis))
    if out is not None:
        _core.copyto(out, r, "same_kind")
        return out
    return r


def _check_indices(idx, n, axis):
    if idx.size:
        lo, hi = int(idx.min()), int(idx.max())
        if hi >= n or lo < -n:
            raise IndexError(f"index {hi if hi >= n else lo} is out of bounds for axis {axis} with size {n}")
        if lo < 0:
            idx = _core.where(_core.ufunc("less", [idx, 0], None)[0], _core.ufunc("add", [idx, n], None)[0], idx)
    return idx


def take_along_axis(arr, indices, axis=-1):
    """arr's elements at indices along axis (NumPy's rules: indices broadcast against arr
    over the other axes); one gather over the flattened array."""
    arr = asarray_any(arr)
    if axis is None:
        arr, axis = _core.ravel(arr, "C"), 0
    idx = indices if isinstance(indices, _core.ndarray) else on_device_of(_np.asarray(indices), arr)
    if idx.dtype.kind not in "iu":
        raise IndexError("`indices` must be an integer array")
    if idx.ndim != arr.ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    axis = _np.lib.array_utils.normalize_axis_index(operator.index(axis), arr.ndim)
    idx = _check_indices(_core.astype(idx, _np.dtype(_np.int64), False), arr.shape[axis], axis)
    shape = tuple(builtins.max(s, t) if d != axis else t for d, (s, t) in enumerate(zip(arr.shape, idx.shape)))
    src = _core.ravel(arr, "C")  # C order: element offsets are sums of index * stride
    stride = [math.prod(arr.shape[d + 1:]) for d in range(arr.ndim)]
    flat = _core.ufunc("multiply", [idx, stride[axis]], None)[0]
    for d in range(arr.ndim):
        if d != axis and arr.shape[d] > 1:
            with _on(arr._device):
                along = _core.indices_along(shape, d)
            flat = _core.ufunc("add", [flat, _core.ufunc("multiply", [along, stride[d]], None)[0]], None)[0]
    flat = _core.broadcast_to(flat, shape)
    return _core.take(src, flat, 0)


def choose(a, choices, out=None, mode="raise"):
    """The choice a names at each place; mode 'clip' and 'wrap' first bring a into the
    choices (clipped to the first and last, or modulo their number)."""
    from . import broadcast_arrays
    if mode not in ("raise", "clip", "wrap"):
        from ._fallback import call_numpy
        return call_numpy(_np.choose, (a, choices), {"out": out, "mode": mode})
    a = asarray_any(a)
    choices = [asarray_any(c) for c in choices]
    if mode != "raise" and a.dtype.kind in "iu" and choices:
        import metallic as m
        a = m.clip(a, 0, len(choices) - 1) if mode == "clip" else m.remainder(a, len(choices))
    if a.size and (int(a.min()) < 0 or int(a.max()) >= len(choices)):
        raise ValueError("invalid entry in choice array")
    parts = broadcast_arrays(a, *choices)
    r = parts[1]
    for k in range(2, len(parts)):
        r = _core.where(_core.ufunc("equal", [parts[0], k - 1], None)[0], parts[k], r)
    if out is not None:
        _core.copyto(out, r, "same_kind")
        return out
    return _core.copy(r)


def select(condlist, choicelist, default=0):
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if not condlist:
        raise ValueError("select with an empty condition list is not possible")
    choices = [asarray_any(c) for c in choicelist]
    conds = [asarray_any(c) for c in condlist]
    for i, c in enumerate(conds):
        if c.dtype != _np.bool_:
            raise TypeError(f"invalid entry {i} in condlist: should be boolean ndarray")
    dtype = _np.result_type(*[c.dtype for c in choices], default.dtype if isinstance(default, _core.ndarray)
                            else default)  # a Python scalar default is weak (NEP 50), as NumPy's
    r = _core.astype(asarray_any(default), dtype, False)
    for c, v in zip(reversed(conds), reversed(choices)):
        r = _core.where(c, _core.astype(v, dtype, False), r)
    return r


def putmask(a, mask, values):
    """a[mask] = values, values repeated over a's elements in C order (NumPy's putmask)."""
    if not isinstance(a, _core.ndarray):
        raise TypeError("putmask: first argument must be an array")
    values = asarray_any(values)
    mask = asarray_any(mask)
    if mask.size != a.size:
        raise ValueError("putmask: mask and data must be the same size")
    if values.size == 0:
        return None
    src = values if values.shape == a.shape else _resize_flat(values, a.shape)
    _core.copyto(a, _core.where(_core.reshape(mask, a.shape, "C"), src, a), "unsafe")


def place(arr, mask, vals):
    """Puts vals, in order and repeated as needed, where mask is true (NumPy's place)."""
    if not isinstance(arr, _core.ndarray):
        raise TypeError("argument 1 must be numpy.ndarray, not " + type(arr).__name__)
    m = _core.ravel(asarray_any(mask), "C")
    vals = _core.ravel(asarray_any(vals), "C")
    if vals.size == 0:
        if count_nonzero(m):
            raise ValueError("Cannot insert from an empty array!")
        return None
    # The k-th true position takes vals[k % len(vals)]: k is the running count of trues.
    from . import cumsum
    k = _core.ufunc("add", [cumsum(_core.astype(m, _np.dtype(_np.int64), False)), -1], None)[0]
    k = _core.where(m, _core.ufunc("remainder", [k, vals.size], None)[0], 0)
    src = _core.reshape(_core.take(vals, k, 0), arr.shape, "C")
    _core.copyto(arr, _core.where(_core.reshape(m, arr.shape, "C"), src, arr), "unsafe")


def _resize_flat(values, shape):
    n = math.prod(shape)
    flat = _core.ravel(values, "C")
    with _on(values._device):
        pos = _core.ufunc("remainder", [_core.arange(0, n, 1, _np.dtype(_np.int64)), flat.size], None)[0]
    return _core.reshape(_core.take(flat, pos, 0), tuple(shape), "C")


def indices(dimensions, dtype=int, sparse=False):
    dims = tuple(operator.index(d) for d in dimensions)
    dt = _np.dtype(dtype)
    if sparse:
        out = []
        for d, n in enumerate(dims):
            shape = tuple(n if e == d else 1 for e in range(len(dims)))
            out.append(_core.astype(_core.indices_along(shape, d), dt, False))
        return tuple(out)
    from . import stack
    if not dims:
        return _core.empty((0,), dt)
    return stack([_core.astype(_core.indices_along(dims, d), dt, False) for d in range(len(dims))])


def ix_(*args):
    out = []
    nd = len(args)
    for k, seq in enumerate(args):
        a = asarray_any(seq) if isinstance(seq, _core.ndarray) else _core.asarray(_np.asarray(seq))
        if a.ndim != 1:
            raise ValueError("Cross index must be 1 dimensional")
        if a.dtype == _np.bool_:
            a = nonzero(a)[0]
        elif a.size == 0:
            a = _core.astype(a, _np.dtype(_np.intp), False)
        out.append(_core.reshape(a, (1,) * k + (a.size,) + (1,) * (nd - k - 1), "C"))
    return tuple(out)


def unravel_index(indices, shape, order="C"):
    shape = (operator.index(shape),) if _np.ndim(shape) == 0 else tuple(operator.index(s) for s in shape)
    idx = indices if isinstance(indices, _core.ndarray) else _core.asarray(_np.asarray(indices))
    if idx.dtype.kind not in "iu":
        raise TypeError("only int indices permitted")
    size = math.prod(shape)
    if idx.size and (int(idx.min()) < 0 or int(idx.max()) >= size):
        bad = int(idx.max()) if int(idx.max()) >= size else int(idx.min())
        raise ValueError(f"index {bad} is out of bounds for array with size {size}")
    rem = _core.astype(idx, _np.dtype(_np.intp), False)
    dims = list(range(len(shape)))[::-1] if order == "C" else list(range(len(shape)))
    out = [None] * len(shape)
    for d in dims:
        out[d] = _core.ufunc("remainder", [rem, shape[d]], None)[0]
        rem = _core.ufunc("floor_divide", [rem, shape[d]], None)[0]
    return tuple(scalar_result(o) for o in out)  # one index: NumPy scalars, as NumPy's


def ravel_multi_index(multi_index, dims, mode="raise", order="C"):
    dims = tuple(operator.index(d) for d in dims)
    if len(multi_index) != len(dims):
        raise ValueError(f"parameter multi_index must be a sequence of length {len(dims)}")
    if mode != "raise":
        from ._fallback import call_numpy
        return call_numpy(_np.ravel_multi_index, (multi_index, dims), {"mode": mode, "order": order})
    parts = [m if isinstance(m, _core.ndarray) else _core.asarray(_np.asarray(m)) for m in multi_index]
    total = None
    for d, (m, n) in enumerate(zip(parts, dims)):
        if m.dtype.kind not in "iu":
            raise TypeError("only int indices permitted")
        if m.size and (int(m.min()) < 0 or int(m.max()) >= n):
            raise ValueError("invalid entry in coordinates array")
        stride = math.prod(dims[d + 1:]) if order == "C" else math.prod(dims[:d])
        term = _core.ufunc("multiply", [_core.astype(m, _np.dtype(_np.intp), False), stride], None)[0]
        total = term if total is None else _core.ufunc("add", [total, term], None)[0]
    return scalar_result(total)


def _write_flat(a, offsets, values):
    """a.flat[offsets] = values (a NumPy int64 array of C-order offsets, already checked and
    wrapped; values a metallic array of the same size), the last write winning for
    duplicate offsets."""
    values = _core.ravel(values, "C")
    if a.ndim == 0:
        if offsets.size:
            _core.copyto(a, _core.reshape(_core.take(values, on_device_of(_np.array([offsets.size - 1]), a), 0), (),
                                          "C"), "unsafe")
        return
    from ._indexing import _assign
    _assign(a, list(range(a.ndim)), offsets.reshape(-1), values, a)


def _checked(idx, n, axis):
    idx = _np.asarray(idx._to_numpy() if isinstance(idx, _core.ndarray) else idx)
    if idx.size and idx.dtype.kind not in "iu":
        raise TypeError(f"Cannot cast array data from {idx.dtype} to int64 according to the rule 'safe'")
    idx = idx.astype(_np.int64)
    if idx.size and (idx.max() >= n or idx.min() < -n):
        bad = int(idx.max()) if idx.max() >= n else int(idx.min())
        raise IndexError(f"index {bad} is out of bounds for axis {axis} with size {n}")
    return _np.where(idx < 0, idx + n, idx)


def put(a, ind, v, mode="raise"):
    """a.flat[ind] = v, v repeated as needed (NumPy's put; mode 'clip' and 'wrap' first bring
    the indices into the array: clipped to its ends, or modulo its size)."""
    if not isinstance(a, _core.ndarray):
        raise TypeError(f"argument 1 must be numpy.ndarray, not {type(a).__name__}")
    if mode not in ("raise", "clip", "wrap") or (mode != "raise" and a.size == 0):
        from ._fallback import call_numpy
        return call_numpy(_np.put, (a, ind, v), {"mode": mode})
    if mode != "raise":
        ind = _np.asarray(ind._to_numpy() if isinstance(ind, _core.ndarray) else ind)
        if ind.dtype.kind in "iu":
            ind = _np.clip(ind, 0, a.size - 1) if mode == "clip" else _np.mod(ind, a.size)
    offsets = _checked(ind, a.size, 0).reshape(-1)
    vals = _core.ravel(asarray_any(v), "C")
    if not offsets.size or not vals.size:
        return None
    vals = _core.astype(vals, a.dtype, False)
    _write_flat(a, offsets, _resize_flat(vals, (offsets.size,)))


def put_along_axis(arr, indices, values, axis):
    if not isinstance(arr, _core.ndarray):
        raise TypeError("put_along_axis: arr must be a metallic array")
    if axis is None:  # the flattened array (NumPy's), written back into arr
        if arr.ndim != 1:
            flat = _core.ravel(arr, "C")
            put_along_axis(flat, _np.ravel(indices._to_numpy() if isinstance(indices, _core.ndarray) else indices),
                           _core.ravel(asarray_any(values), "C") if _np.ndim(values) else values, 0)
            if not flat._shares_buffer(arr):
                _core.copyto(arr, _core.reshape(flat, arr.shape, "C"), "unsafe")
            return None
        axis = 0
    idx = _np.asarray(indices._to_numpy() if isinstance(indices, _core.ndarray) else indices)
    if idx.ndim != arr.ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    axis = _np.lib.array_utils.normalize_axis_index(operator.index(axis), arr.ndim)
    idx = _checked(idx, arr.shape[axis], axis)
    shape = _np.broadcast_shapes(tuple(s if d != axis else 1 for d, s in enumerate(arr.shape)), idx.shape)
    idx = _np.broadcast_to(idx, shape)
    stride = [math.prod(arr.shape[d + 1:]) for d in range(arr.ndim)]
    grids = _np.indices(shape, sparse=True)
    offsets = sum(g * stride[d] for d, g in enumerate(grids) if d != axis) + idx * stride[axis]
    vals = _core.astype(_core.broadcast_to(asarray_any(values), shape), arr.dtype, False)
    _write_flat(arr, _np.asarray(offsets, _np.int64), vals)
