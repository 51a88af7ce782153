"""Index helpers as array code on the device: triu/tril/diag/mask indices, fill_diagonal,
fromfunction, piecewise, unstack, trim_zeros."""

import numpy as _np

from ._convert import asarray_any

__all__ = ["triu_indices", "tril_indices", "triu_indices_from", "tril_indices_from", "diag_indices",
           "diag_indices_from", "fill_diagonal", "fromfunction", "piecewise", "mask_indices", "unstack",
           "trim_zeros"]


def _m():
    import metallic
    return metallic


def tril_indices(n, k=0, m=None):
    """Row and column indices of the lower triangle, in row-major order (NumPy's)."""
    return _m().nonzero(_m().tri(n, m, k=k, dtype=bool))


def triu_indices(n, k=0, m=None):
    mt = _m()
    return mt.nonzero(mt.logical_not(mt.tri(n, m, k=k - 1, dtype=bool)))


def _two_d(arr):
    arr = asarray_any(arr)
    if arr.ndim != 2:
        raise ValueError("input array must be 2-d")
    return arr


def tril_indices_from(arr, k=0):
    arr = _two_d(arr)
    return tril_indices(arr.shape[-2], k=k, m=arr.shape[-1])


def triu_indices_from(arr, k=0):
    arr = _two_d(arr)
    return triu_indices(arr.shape[-2], k=k, m=arr.shape[-1])


def diag_indices(n, ndim=2):
    idx = _m().arange(n)
    return (idx,) * ndim


def diag_indices_from(arr):
    arr = asarray_any(arr)
    if arr.ndim < 2:
        raise ValueError("input array must be at least 2-d")
    if len(set(arr.shape)) != 1:
        raise ValueError("All dimensions of input must be of equal length")
    return diag_indices(arr.shape[0], arr.ndim)


def fill_diagonal(a, val, wrap=False):
    """In place: the main diagonal of a (every `step`-th element of its flat order), val
    repeated as needed; a tall 2-d matrix wraps around after N columns when wrap."""
    mt = _m()
    if a.ndim < 2:
        raise ValueError("array must be at least 2-d")
    if a.ndim == 2:
        step = a.shape[1] + 1
        end = a.size if wrap else min(a.size, a.shape[1] * a.shape[1])
    else:
        if len(set(a.shape)) != 1:
            raise ValueError("All dimensions of input must be of equal length")
        step = 1 + int(_np.cumprod(a.shape[:-1]).sum())
        end = a.size
    flat = mt.arange(0, end, step)
    if flat.shape[0] == 0:
        return
    where = mt.unravel_index(flat, a.shape)
    v = mt.asarray(val)
    if v.ndim:  # NumPy's flat assignment cycles through val
        v = mt.resize(mt.ravel(v), flat.shape[0]) if v.size else v
    a[where] = v


def fromfunction(function, shape, *, dtype=float, like=None, **kwargs):
    return function(*_m().indices(shape, dtype=dtype), **kwargs)


def _single_condition(condlist, x, mt):
    """Whether piecewise's condlist is one bare condition rather than a list of them."""
    if _np.isscalar(condlist):
        return True
    if x.ndim == 0:
        return False
    if isinstance(condlist, mt.ndarray):
        return condlist.ndim == x.ndim
    return isinstance(condlist, (list, tuple)) and bool(condlist) and \
        not isinstance(condlist[0], (list, tuple, _np.ndarray, mt.ndarray))


def piecewise(x, condlist, funclist, *args, **kw):
    """Each function (or constant) where its condition holds; with one function more than
    conditions, that one where none holds. A single condition may come bare."""
    mt = _m()
    x = asarray_any(x)
    if _single_condition(condlist, x, mt):
        condlist = [condlist]
    conds = [mt.broadcast_to(mt.asarray(c, dtype=bool), x.shape) for c in condlist]
    if len(funclist) == len(conds) + 1:
        anyc = mt.zeros(x.shape, dtype=bool)
        for c in conds:
            anyc = anyc | c
        conds.append(~anyc)
    elif len(funclist) != len(conds):
        raise ValueError(f"with {len(conds)} condition(s), either {len(conds)} or {len(conds) + 1} "
                         "functions are expected")
    y = mt.zeros_like(x)
    for cond, func in zip(conds, funclist):
        if not callable(func):
            y[cond] = func
        else:
            vals = x[cond]
            if vals.size:
                y[cond] = func(vals, *args, **kw)
    return y


def mask_indices(n, mask_func, k=0):
    """The indices where mask_func(ones((n, n)), k) is nonzero (triu, tril, ...)."""
    mt = _m()
    return mt.nonzero(mask_func(mt.ones((n, n), dtype=int), k) != 0)


def unstack(x, /, *, axis=0):
    mt = _m()
    x = asarray_any(x)
    if x.ndim == 0:
        raise ValueError("Input array must be at least 1-d.")
    moved = mt.moveaxis(x, axis, 0)
    return tuple(moved[i] for i in range(moved.shape[0]))


def trim_zeros(filt, trim="fb", axis=None):
    """filt without its leading ('f') and trailing ('b') zeros (1-d; NumPy's otherwise)."""
    mt = _m()
    a = asarray_any(filt)
    trim = trim.lower()
    if a.ndim != 1 or axis not in (None, 0, -1) or any(c not in "fb" for c in trim):
        from ._fallback import call_numpy
        return call_numpy(_np.trim_zeros, (filt, trim), {} if axis is None else {"axis": axis})
    nz = mt.nonzero(a)[0]
    if nz.shape[0] == 0:
        return a[:0]
    start = int(nz[0]) if "f" in trim else 0
    stop = int(nz[nz.shape[0] - 1]) + 1 if "b" in trim else a.shape[0]
    return a[start:stop]
