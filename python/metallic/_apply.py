"""apply_along_axis and apply_over_axes with metallic arrays: the Python function is
called on metallic views (each 1-d slice, or the whole array per axis), so the data stays
on its device."""

import numpy as _np

from ._convert import asarray_any

__all__ = ["apply_along_axis", "apply_over_axes"]


def _m():
    import metallic
    return metallic


def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    """func1d on every 1-d slice along axis; its results (of one shape) stacked where the
    axis was."""
    mt = _m()
    arr = asarray_any(arr)
    nd = arr.ndim
    axis = _np.lib.array_utils.normalize_axis_index(axis, nd)
    # The iteration axes first, the sliced axis last.
    moved = mt.moveaxis(arr, axis, -1)
    outer = moved.shape[:-1]
    if any(d == 0 for d in outer):
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    indices = iter(_np.ndindex(outer))
    first = next(indices)
    res = asarray_any(func1d(moved[first], *args, **kwargs))
    out = mt.empty(outer + res.shape, dtype=res.dtype)
    out[first] = res
    for ind in indices:
        out[ind] = asarray_any(func1d(moved[ind], *args, **kwargs))
    # The result's own axes go where the sliced axis was.
    k = res.ndim
    order = list(range(axis)) + list(range(out.ndim - k, out.ndim)) + list(range(axis, out.ndim - k))
    return mt.transpose(out, order)


def apply_over_axes(func, a, axes):
    """func(a, axis) for each axis in turn; a result one dimension short gets it back."""
    mt = _m()
    val = asarray_any(a)
    n = val.ndim
    for axis in _np.atleast_1d(axes).tolist():
        axis = axis + n if axis < 0 else axis
        res = asarray_any(func(val, axis))
        if res.ndim == val.ndim:
            val = res
        elif res.ndim == val.ndim - 1:
            val = mt.expand_dims(res, axis)
        else:
            raise ValueError("function is not returning an array of the correct shape")
    return val
