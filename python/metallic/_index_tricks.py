"""Index helpers as array code on the device: triu/tril/diag indices, fill_diagonal,
fromfunction, piecewise."""

import numpy as _np

from ._convert import asarray_any

__all__ = ["triu_indices", "tril_indices", "triu_indices_from", "tril_indices_from", "diag_indices",
           "diag_indices_from", "fill_diagonal", "fromfunction", "piecewise"]


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


def piecewise(x, condlist, funclist, *args, **kw):
    """Each function (or constant) where its condition holds; with one function more than
    conditions, that one where none holds. A single condition may come bare."""
    mt = _m()
    x = asarray_any(x)
    if _np.isscalar(condlist) or isinstance(condlist, mt.ndarray) and condlist.ndim == x.ndim != 0 or (
            isinstance(condlist, (list, tuple)) and condlist
            and not isinstance(condlist[0], (list, tuple, _np.ndarray, mt.ndarray)) and x.ndim != 0):
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
