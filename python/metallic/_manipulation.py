"""Joining, splitting, tiling and flipping arrays: compositions of views and copies into
views, so they run on any device without a host round trip."""

import builtins
import operator

import numpy as _np

from . import _core
from ._convert import asarray_any, on_device_of
from ._device import device

__all__ = ["concatenate", "concat", "stack", "hstack", "vstack", "dstack", "column_stack",
           "row_stack", "split", "array_split", "hsplit", "vsplit", "dsplit", "flip", "fliplr",
           "flipud", "roll", "rot90", "tile", "repeat", "diagonal", "trace", "diagflat",
           "append", "pad", "insert", "delete", "resize", "rollaxis", "block"]


def _axis(axis, ndim):
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise _np.exceptions.AxisError(axis, ndim)
    return axis % ndim


def concatenate(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    arrays = [asarray_any(a) for a in arrays]
    if not arrays:
        raise ValueError("need at least one array to concatenate")
    if axis is None:
        arrays = [_core.ravel(a, "C") for a in arrays]
        axis = 0
    nd = arrays[0].ndim
    if nd == 0:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    for a in arrays:
        if a.ndim != nd:
            raise ValueError("all the input array dimensions except for the concatenation axis "
                             f"must match exactly, but along dimension 0, the array at index 0 has "
                             f"{nd} dimension(s) and another array has {a.ndim} dimension(s)")
    axis = _axis(axis, nd)
    for a in arrays:
        for d in range(nd):
            if d != axis and a.shape[d] != arrays[0].shape[d]:
                raise ValueError("all the input array dimensions except for the concatenation axis "
                                 "must match exactly")
    result_dtype = _np.dtype(dtype) if dtype is not None else _np.result_type(*[a.dtype for a in arrays])
    shape = list(arrays[0].shape)
    shape[axis] = builtins.sum(a.shape[axis] for a in arrays)
    if out is None:
        with device(arrays[0]._device):
            out = _core.empty(tuple(shape), result_dtype)
    elif tuple(out.shape) != tuple(shape):
        raise ValueError("Output array is the wrong shape")
    start = 0
    for a in arrays:
        n = a.shape[axis]
        index = (slice(None),) * axis + (slice(start, start + n),)
        _core.copyto(_core.getitem(out, index), a, casting)
        start += n
    return out


concat = concatenate


def stack(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    arrays = [asarray_any(a) for a in arrays]
    if not arrays:
        raise ValueError("need at least one array to stack")
    shape = arrays[0].shape
    if builtins.any(a.shape != shape for a in arrays):
        raise ValueError("all input arrays must have the same shape")
    axis = _axis(axis, len(shape) + 1)
    expanded = [_core.expand_dims(a, [axis]) for a in arrays]
    return concatenate(expanded, axis=axis, out=out, dtype=dtype, casting=casting)


def _atleast_nd(a, n):
    a = asarray_any(a)
    return _core.reshape(a, (1,) * (n - a.ndim) + a.shape, "C") if a.ndim < n else a


def hstack(tup, dtype=None, casting="same_kind"):
    arrays = [_atleast_nd(a, 1) for a in tup]
    return concatenate(arrays, axis=0 if arrays and arrays[0].ndim == 1 else 1, dtype=dtype, casting=casting)


def vstack(tup, dtype=None, casting="same_kind"):
    return concatenate([_atleast_nd(a, 2) for a in tup], axis=0, dtype=dtype, casting=casting)


row_stack = vstack


def dstack(tup):
    arrays = []
    for a in tup:
        a = asarray_any(a)
        if a.ndim == 0:
            a = _core.reshape(a, (1, 1, 1), "C")
        elif a.ndim == 1:
            a = _core.reshape(a, (1,) + a.shape + (1,), "C")
        elif a.ndim == 2:
            a = _core.reshape(a, a.shape + (1,), "C")
        arrays.append(a)
    return concatenate(arrays, axis=2)


def column_stack(tup):
    arrays = []
    for a in tup:
        a = asarray_any(a)
        arrays.append(_core.reshape(a, (-1, 1), "C") if a.ndim < 2 else a)  # a 0-d one: (1, 1)
    return concatenate(arrays, axis=1)


def array_split(ary, indices_or_sections, axis=0):
    a = asarray_any(ary)
    axis = _axis(axis, a.ndim)
    n = a.shape[axis]
    if isinstance(indices_or_sections, (int, _np.integer)):
        sections = operator.index(indices_or_sections)
        if sections <= 0:
            raise ValueError("number sections must be larger than 0.")
        each, extra = divmod(n, sections)
        sizes = [each + 1] * extra + [each] * (sections - extra)
        bounds = [0]
        for s in sizes:
            bounds.append(bounds[-1] + s)
    else:
        bounds = [0] + [operator.index(i) for i in indices_or_sections] + [n]
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        index = (slice(None),) * axis + (slice(lo, hi),)
        out.append(_core.getitem(a, index))
    return out


def split(ary, indices_or_sections, axis=0):
    if isinstance(indices_or_sections, (int, _np.integer)):
        a = asarray_any(ary)
        if a.shape[_axis(axis, a.ndim)] % operator.index(indices_or_sections):
            raise ValueError("array split does not result in an equal division")
    return array_split(ary, indices_or_sections, axis)


def hsplit(ary, indices_or_sections):
    a = asarray_any(ary)
    if a.ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(a, indices_or_sections, axis=1 if a.ndim > 1 else 0)


def vsplit(ary, indices_or_sections):
    a = asarray_any(ary)
    if a.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(a, indices_or_sections, axis=0)


def dsplit(ary, indices_or_sections):
    a = asarray_any(ary)
    if a.ndim < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(a, indices_or_sections, axis=2)


def flip(m, axis=None):
    a = asarray_any(m)
    axes = range(a.ndim) if axis is None else (
        [axis] if isinstance(axis, (int, _np.integer)) else list(axis))
    index = [slice(None)] * a.ndim
    for ax in axes:
        index[_axis(ax, a.ndim)] = slice(None, None, -1)
    return _core.getitem(a, tuple(index))


def fliplr(m):
    a = asarray_any(m)
    if a.ndim < 2:
        raise ValueError("Input must be >= 2-d.")
    return flip(a, 1)


def flipud(m):
    a = asarray_any(m)
    if a.ndim < 1:
        raise ValueError("Input must be >= 1-d.")
    return flip(a, 0)


def roll(a, shift, axis=None):
    a = asarray_any(a)
    if axis is None:  # the flat array, by all the shifts together
        total = shift if isinstance(shift, (int, _np.integer)) else builtins.sum(operator.index(s) for s in shift)
        return _core.reshape(roll(_core.ravel(a, "C"), total, 0), a.shape, "C")
    axes = [axis] if isinstance(axis, (int, _np.integer)) else list(axis)
    shifts = [shift] if isinstance(shift, (int, _np.integer)) else list(shift)
    if len(axes) == 1:  # shift and axis broadcast together, as NumPy's
        axes = axes * len(shifts)
    elif len(shifts) == 1:
        shifts = shifts * len(axes)
    if len(shifts) != len(axes):
        raise ValueError("'shift' and 'axis' should be scalars or 1D sequences")
    r = a
    for s, ax in zip(shifts, axes):
        ax = _axis(ax, a.ndim)
        n = r.shape[ax]
        if n == 0:
            continue
        s = operator.index(s) % n
        if s == 0:
            continue
        head = (slice(None),) * ax
        r = concatenate([_core.getitem(r, head + (slice(n - s, n),)),
                         _core.getitem(r, head + (slice(0, n - s),))], axis=ax)
    return r if r is not a else _core.copy(a)


def rot90(m, k=1, axes=(0, 1)):
    a = asarray_any(m)
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError("len(axes) must be 2.")
    ax0, ax1 = _axis(axes[0], a.ndim), _axis(axes[1], a.ndim)
    if ax0 == ax1:
        raise ValueError("Axes must be different.")
    k %= 4
    if k == 0:
        return _core.getitem(a, (Ellipsis,))
    if k == 2:
        return flip(flip(a, ax0), ax1)
    perm = list(range(a.ndim))
    perm[ax0], perm[ax1] = perm[ax1], perm[ax0]
    if k == 1:
        return _core.transpose(flip(a, ax1), perm)
    return flip(_core.transpose(a, perm), ax1)


def tile(A, reps):
    a = asarray_any(A)
    reps = (reps,) if isinstance(reps, (int, _np.integer)) else tuple(reps)
    d = builtins.max(len(reps), a.ndim)
    reps = (1,) * (d - len(reps)) + reps
    a = _core.reshape(a, (1,) * (d - a.ndim) + a.shape, "C")
    # (r0, n0, r1, n1, ...) by broadcasting, then merge each pair.
    expanded = _core.reshape(a, tuple(x for n in a.shape for x in (1, n)), "C")
    target = tuple(x for r, n in zip(reps, a.shape) for x in (r, n))
    b = _core.copy(_core.broadcast_to(expanded, target))
    return _core.reshape(b, tuple(r * n for r, n in zip(reps, a.shape)), "C")


def repeat(a, repeats, axis=None):
    a = asarray_any(a)
    if axis is None:
        a, axis = _core.ravel(a, "C"), 0
    counts = _np.asarray(repeats._to_numpy() if isinstance(repeats, _core.ndarray) else repeats)
    if counts.ndim == 1 and counts.size != 1:  # a count per element: one gather
        axis = _axis(axis, a.ndim)
        if counts.dtype.kind not in "iu" or counts.size != a.shape[axis] or (counts < 0).any():
            return _fallback(_np.repeat, a, repeats, axis)  # NumPy's errors
        return _core.take(a, on_device_of(_np.repeat(_np.arange(a.shape[axis]), counts), a), axis)
    repeats = operator.index(counts.reshape(()).item() if counts.ndim else counts.item())
    if repeats < 0:
        raise ValueError("negative dimensions are not allowed")
    axis = _axis(axis, a.ndim)
    b = _core.expand_dims(a, [axis + 1])
    shape = a.shape[:axis + 1] + (repeats,) + a.shape[axis + 1:]
    c = _core.copy(_core.broadcast_to(b, shape))
    return _core.reshape(c, a.shape[:axis] + (a.shape[axis] * repeats,) + a.shape[axis + 1:], "C")


def diagonal(a, offset=0, axis1=0, axis2=1):
    a = asarray_any(a)
    if a.ndim < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    ax1, ax2 = _axis(axis1, a.ndim), _axis(axis2, a.ndim)
    if ax1 == ax2:
        raise ValueError("axis1 and axis2 cannot be the same")
    rest = [d for d in range(a.ndim) if d not in (ax1, ax2)]
    t = _core.transpose(a, rest + [ax1, ax2])
    n, m = t.shape[-2], t.shape[-1]
    if offset >= 0:
        length, start = builtins.max(0, builtins.min(n, m - offset)), (0, offset)
    else:
        length, start = builtins.max(0, builtins.min(n + offset, m)), (-offset, 0)
    s0, s1 = t.strides[-2], t.strides[-1]
    shape = t.shape[:-2] + (length,)
    strides = t.strides[:-2] + (s0 + s1,)
    v = _core.as_strided(t, shape, strides, (start[0] * s0 + start[1] * s1) if length else 0)
    v._set_writeable(False)  # NumPy's diagonal is a read-only view
    return v


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    from ._reductions import sum as _sum
    return _sum(diagonal(a, offset, axis1, axis2), axis=-1, dtype=dtype, out=out)


def diagflat(v, k=0):
    from ._creation import diag
    return diag(_core.ravel(asarray_any(v), "C"), k)


def append(arr, values, axis=None):
    arr, values = asarray_any(arr), asarray_any(values)
    if axis is None:
        return concatenate([_core.ravel(arr, "C"), _core.ravel(values, "C")], axis=0)
    return concatenate([arr, values], axis=axis)


def _fallback(fn, *args, **kwargs):
    from ._fallback import call_numpy
    return call_numpy(fn, args, kwargs)


def _pad_widths(pad_width, ndim):
    w = _np.asarray(pad_width)
    if w.dtype.kind not in "iu":
        raise TypeError("`pad_width` must be of integral type.")
    w = _np.broadcast_to(w, (ndim, 2)).astype(_np.int64)
    if (w < 0).any():
        raise ValueError("index can't contain negative values")
    return w


def pad(array, pad_width, mode="constant", **kwargs):
    """NumPy's pad for the constant, edge, reflect, symmetric and wrap modes: each axis in
    turn gets its borders (slices, flips and broadcasts of the array) joined on. Other modes
    and arguments run in NumPy."""
    a = asarray_any(array)
    simple = {"constant": {"constant_values"}, "edge": set(), "reflect": {"reflect_type"},
              "symmetric": {"reflect_type"}, "wrap": set(), "linear_ramp": {"end_values"}}
    if mode == "linear_ramp" and a.dtype.kind not in "fc":
        return _fallback(_np.pad, a, pad_width, mode, **kwargs)  # integer ramps: NumPy's rounding
    if not isinstance(mode, str) or mode not in simple or set(kwargs) - simple[mode] or \
            kwargs.get("reflect_type", "even") != "even":
        return _fallback(_np.pad, a, pad_width, mode, **kwargs)
    widths = _pad_widths(pad_width, a.ndim)
    cvals = _np.broadcast_to(_np.asarray(kwargs.get("constant_values", kwargs.get("end_values", 0))), (a.ndim, 2))
    for d in range(a.ndim):
        before, after = (int(v) for v in widths[d])
        n = a.shape[d]
        if not before and not after:
            continue
        limit = {"reflect": n - 1, "symmetric": n, "wrap": n}.get(mode)
        if mode != "constant" and (n == 0 or (limit is not None and builtins.max(before, after) > limit)):
            return _fallback(_np.pad, a, widths, mode, **kwargs)  # repeated reflections, empty axes: NumPy
        take = lambda lo, hi: _core.getitem(a, (slice(None),) * d + (slice(lo, hi),))  # noqa: E731
        parts = []
        for side, width in (("before", before), ("after", after)):
            if not width:
                parts.append(None)
                continue
            shape = a.shape[:d] + (width,) + a.shape[d + 1:]
            if mode == "constant":
                with device(a._device):
                    part = _core.full(shape, cvals[d][0 if side == "before" else 1].item(), a.dtype)
            elif mode == "linear_ramp":  # from the end value towards the edge, edge excluded
                edge = take(0, 1) if side == "before" else take(n - 1, n)
                end = cvals[d][0 if side == "before" else 1].item()
                with device(a._device):
                    k = _core.arange(0, width, 1, _np.dtype(_np.float64))
                k = _core.reshape(k, (1,) * d + (width,) + (1,) * (a.ndim - d - 1), "C")
                ramp = _core.ufunc("add", [_core.ufunc("multiply", [
                    k, _core.ufunc("divide", [_core.ufunc("subtract", [edge, end], None)[0], width], None)[0]],
                    None)[0], end], None)[0]
                part = _core.astype(ramp if side == "before" else flip(ramp, d), a.dtype, False)
            elif mode == "edge":
                part = _core.broadcast_to(take(0, 1) if side == "before" else take(n - 1, n), shape)
            elif mode == "wrap":
                part = take(n - width, n) if side == "before" else take(0, width)
            elif mode == "reflect":
                part = flip(take(1, width + 1) if side == "before" else take(n - width - 1, n - 1), d)
            else:  # symmetric
                part = flip(take(0, width) if side == "before" else take(n - width, n), d)
            parts.append(part)
        a = concatenate([p for p in (parts[0], a, parts[1]) if p is not None], axis=d)
    return _core.copy(a) if a is array else a


def insert(arr, obj, values, axis=None):
    """NumPy's insert: one index (values broadcast into the new slots) by concatenation;
    several indices or a slice by one gather."""
    a = asarray_any(arr)
    if axis is None:
        a, axis = _core.ravel(a, "C"), 0
    axis = _axis(axis, a.ndim)
    if isinstance(obj, (_np.ndarray, _core.ndarray)) and obj.ndim == 0 and obj.dtype.kind in "iu":
        obj = int(obj.item() if isinstance(obj, _np.ndarray) else obj._item())  # a 0-d index: the scalar rules
    if not isinstance(obj, (int, _np.integer)) or isinstance(obj, (bool, _np.bool_)):
        return _insert_many(a, obj, values, axis)
    v = _ndmin(values, a)
    return _insert_at(a, operator.index(obj), _core.moveaxis(v, [0], [axis]), axis)


def _ndmin(values, a):
    """values in a's dtype with at least a's number of dimensions (leading ones added)."""
    v = _core.astype(asarray_any(values), a.dtype, False)
    return _core.reshape(v, (1,) * (a.ndim - v.ndim) + v.shape, "C") if v.ndim < a.ndim else v


def _insert_at(a, index, v, axis):
    """v (a.ndim dimensions) inserted before position index along axis."""
    n = a.shape[axis]
    if not -n <= index <= n:
        raise IndexError(f"index {index} is out of bounds for axis {axis} with size {n}")
    if index < 0:
        index += n
    shape = list(a.shape)
    shape[axis] = v.shape[axis]
    v = _core.broadcast_to(v, tuple(shape))
    cut = (slice(None),) * axis
    return concatenate([_core.getitem(a, cut + (slice(0, index),)), v, _core.getitem(a, cut + (slice(index, None),))],
                       axis=axis)


def _insert_many(a, obj, values, axis):
    """insert at several indices (a sequence or a slice): where each output element comes
    from (NumPy's placement, worked out on the host), then one gather."""
    n = a.shape[axis]
    if isinstance(obj, slice):
        idx = _np.arange(*obj.indices(n))
    else:
        idx = _np.asarray(obj._to_numpy() if isinstance(obj, _core.ndarray) else obj)
        if idx.dtype.kind == "b" or (idx.size and idx.dtype.kind not in "iu") or idx.ndim > 1:
            return _fallback(_np.insert, a, obj, values, axis=axis)
        idx = idx.astype(_np.int64).reshape(-1)
    if idx.size == 1:  # NumPy: like a[:, [i], :] = values, so values are not moved
        return _insert_at(a, int(idx[0]), _ndmin(values, a), axis)
    if idx.size and (idx.max() > n or idx.min() < -n):
        bad = int(idx.max()) if idx.max() > n else int(idx.min())
        raise IndexError(f"index {bad} is out of bounds for axis {axis} with size {n}")
    idx = _np.where(idx < 0, idx + n, idx)
    k = idx.size
    order = _np.argsort(idx, kind="mergesort")
    placed = idx.copy()
    placed[order] += _np.arange(k)
    total = n + k
    src = _np.empty(total, _np.int64)
    old = _np.ones(total, bool)
    old[placed] = False
    src[old] = _np.arange(n)
    src[placed] = n + _np.arange(k)
    v = _ndmin(values, a)
    shape = list(a.shape)
    shape[axis] = k
    v = _core.broadcast_to(v, tuple(shape))
    return _core.take(concatenate([a, v], axis=axis), on_device_of(src, a), axis)


def delete(arr, obj, axis=None):
    """NumPy's delete: the kept positions (NumPy's own index rules, on the host) gathered."""
    a = asarray_any(arr)
    if axis is None:
        a, axis = _core.ravel(a, "C"), 0
    axis = _axis(axis, a.ndim)
    if isinstance(obj, _core.ndarray):
        obj = obj._to_numpy()
    kept = _np.delete(_np.arange(a.shape[axis]), obj)
    return _core.take(a, on_device_of(kept.astype(_np.int64), a), axis)


def resize(a, new_shape):
    a = asarray_any(a)
    shape = (operator.index(new_shape),) if _np.ndim(new_shape) == 0 else tuple(operator.index(s) for s in new_shape)
    if any(s < 0 for s in shape):
        raise ValueError("all elements of `new_shape` must be non-negative")
    if a.size == 0 or 0 in shape:
        with device(a._device):
            return _core.zeros(shape, a.dtype)
    from ._selection import _resize_flat
    return _resize_flat(a, shape)


def rollaxis(a, axis, start=0):
    a = asarray_any(a)
    n = a.ndim
    axis = _axis(axis, n)
    start = operator.index(start)
    if start < 0:
        start += n
    if not 0 <= start < n + 1:
        raise _np.exceptions.AxisError(f"'start' arg requires {-n} <= start < {n + 1}, but {start} was passed in")
    if axis < start:
        start -= 1
    axes = [d for d in range(n) if d != axis]
    axes.insert(start, axis)
    return _core.transpose(a, axes)


def block(arrays):
    """NumPy's block: nested lists joined innermost first, the innermost along the last axis."""
    def depth(x):
        if isinstance(x, list):
            if not x:
                return None
            ds = {depth(e) for e in x}
            return None if len(ds) != 1 or None in ds else 1 + ds.pop()
        return None if isinstance(x, tuple) else 0

    d = depth(arrays)
    if d is None:  # empty lists, tuples, ragged nesting: NumPy's error
        return _fallback(_np.block, arrays)

    leaves = []

    def collect(x):
        if isinstance(x, list):
            for e in x:
                collect(e)
        else:
            leaves.append(asarray_any(x))
    collect(arrays)
    nd = builtins.max([d] + [x.ndim for x in leaves])

    def build(x, level):
        if not isinstance(x, list):
            x = asarray_any(x)
            return _core.reshape(x, (1,) * (nd - x.ndim) + x.shape, "C")
        return concatenate([build(e, level + 1) for e in x], axis=nd - (d - level))
    r = build(arrays, 0)
    return _core.copy(r) if d == 0 else r
