"""Reductions and scans with NumPy's signatures (out=, keepdims=, dtype=, ddof=)."""

import numpy as _np

from . import _core
from ._errstate import warn as _warn
from ._convert import asarray_any, on_device_of
from ._scalars import scalar_result


def _finish(result, out, casting="unsafe"):
    """Stores result into out (when given) under NumPy's casting rule for outputs; without
    out, a 0-d result is a NumPy scalar (see _scalars)."""
    if out is None:
        return scalar_result(result)
    if not isinstance(out, _core.ndarray):
        raise TypeError("output must be an array")
    if out.shape != result.shape:
        raise ValueError(f"output parameter has the wrong shape: expected {result.shape}, got {out.shape}")
    if not _core.can_cast(result.dtype, out.dtype, casting):
        raise TypeError(f"Cannot cast array data from {result.dtype!r} to {out.dtype!r} "
                        f"according to the rule '{casting}'")
    _core.copyto(out, result, "unsafe")
    return out


_IDENTITY = {"add": 0, "multiply": 1, "logical_or": False, "logical_and": True}


def _acc_dtype(dtype, out):
    """The accumulator: dtype=, else an inexact out='s (NumPy accumulates in out's type)."""
    if dtype is None and isinstance(out, _core.ndarray) and out.dtype.kind in "fc":
        return out.dtype
    return dtype


def _masked(name, a, where, initial):
    """a with the elements where= leaves out replaced by the op's identity (or initial)."""
    fill = _IDENTITY.get(name, initial)  # no identity (maximum, ...): initial stands in
    if fill is None:
        raise ValueError(f"reduction operation '{name}' does not have an identity, so to use a where mask "
                         "one has to specify 'initial'")
    w = _core.broadcast_to(on_device_of(where, a), tuple(a.shape))
    return _core.where(w, a, _core.full((), fill, a.dtype)), w


def _reduce(name, a, axis, dtype, out, keepdims, initial=None, where=True):
    a = asarray_any(a)
    if where is not True:
        a, _ = _masked(name, a, where, initial)
    return _finish(_core.reduce(name, a, axis, keepdims, _acc_dtype(dtype, out), initial), out)


def sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    return _reduce("add", a, axis, dtype, out, keepdims, initial, where)


def prod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    return _reduce("multiply", a, axis, dtype, out, keepdims, initial, where)


def max(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    return _reduce("maximum", a, axis, None, out, keepdims, initial, where)


def min(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    return _reduce("minimum", a, axis, None, out, keepdims, initial, where)


amax = max
amin = min


def any(a, axis=None, out=None, keepdims=False, where=True):
    return _reduce("logical_or", a, axis, None, out, keepdims, None, where)


def all(a, axis=None, out=None, keepdims=False, where=True):
    return _reduce("logical_and", a, axis, None, out, keepdims, None, where)


def ptp(a, axis=None, out=None, keepdims=False):
    a = asarray_any(a)
    r = _core.ufunc("subtract", [_core.reduce("maximum", a, axis, keepdims, None, None),
                                 _core.reduce("minimum", a, axis, keepdims, None, None)], None)[0]
    return _finish(r, out)


def _line_length(a, axis):
    """The number of elements each result of a reduction over axis combines."""
    return _np.prod([a.shape[i] for i in _axes(axis, a.ndim)], dtype=_np.int64) if a.ndim else 1


def mean(a, axis=None, dtype=None, out=None, keepdims=False, where=True):
    a = asarray_any(a)
    if where is not True:
        return _finish(_masked_mean(a, axis, dtype, keepdims, where), out)
    if _line_length(a, axis) == 0:
        _warn(RuntimeWarning, "Mean of empty slice")
    return _finish(_core.mean(a, axis, keepdims, _acc_dtype(dtype, out)), out)


def _count(w, axis, keepdims):
    return _core.reduce("add", w, axis, keepdims, _np.dtype(_np.intp), None)


def _masked_mean(a, axis, dtype, keepdims, where):
    """NumPy's mean with where=: the sum of the chosen elements over their count (NaN and
    NumPy's warning where a line chooses none)."""
    acc = dtype if dtype is not None else "f8" if a.dtype.kind in "biu" else "f4" if a.dtype == "f2" else None
    masked, w = _masked("add", a, where, None)
    total = _core.reduce("add", masked, axis, keepdims, acc, None)
    count = _count(w, axis, keepdims)
    if not bool(_core.reduce("logical_and", count, None, False, None, None)):
        _warn(RuntimeWarning, "Mean of empty slice")
    r = _core.ufunc("divide", [total, count], None)[0]
    want = _np.dtype(dtype) if dtype is not None else a.dtype if a.dtype.kind in "fc" else r.dtype
    return _core.astype(r, want, False)


def _moments(a, axis, dtype, ddof, keepdims, where, mean):
    """NumPy's var with where= or mean=: the squared deviations from the mean (mean= given,
    or that of the chosen elements) summed over the chosen elements, over their count less
    ddof."""
    w = True if where is True else _core.broadcast_to(on_device_of(where, a), tuple(a.shape))
    if mean is None:
        mean = _masked_mean(a, axis, dtype, True, w) if where is not True else _core.mean(a, axis, True, dtype)
    d = _core.ufunc("subtract", [a, asarray_any(mean)], None)[0]
    if d.dtype.kind == "c":
        re, im = _core.real(d), _core.imag(d)
        sq = _core.ufunc("add", [_core.ufunc("multiply", [re, re], None)[0],
                                 _core.ufunc("multiply", [im, im], None)[0]], None)[0]
    else:
        sq = _core.ufunc("multiply", [d, d], None)[0]
    if w is not True:
        sq = _core.where(w, sq, _core.full((), 0, sq.dtype))
        count = _count(w, axis, keepdims)
    else:
        count = _core.full((), _line_length(a, axis), _np.intp)
    total = _core.reduce("add", sq, axis, keepdims, dtype, None)
    dof = _core.ufunc("maximum", [_core.ufunc("subtract", [count, ddof], None)[0], 0], None)[0]
    r = _core.ufunc("divide", [total, dof], None)[0]
    want = _np.dtype(dtype) if dtype is not None else total.dtype if total.dtype.kind in "fc" else r.dtype
    return _core.astype(r, want.char.lower() if want.kind == "c" else want, False)


def _axes(axis, ndim):
    if axis is None:
        return range(ndim)
    return [x % ndim for x in (axis if isinstance(axis, tuple) else (axis,))]


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=True, mean=None,
        correction=None):
    if correction is not None:
        ddof = correction
    a = asarray_any(a)
    if where is not True or mean is not None:
        return _finish(_moments(a, axis, dtype, ddof, keepdims, where, mean), out)
    _check_dof(a, axis, ddof)
    return _finish(_core.var(a, axis, keepdims, float(ddof), dtype), out)


def _check_dof(a, axis, ddof):
    if _line_length(a, axis) - ddof <= 0:
        _warn(RuntimeWarning, "Degrees of freedom <= 0 for slice")


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=True, mean=None,
        correction=None):
    if correction is not None:
        ddof = correction
    a = asarray_any(a)
    if where is not True or mean is not None:
        r = _core.ufunc("sqrt", [_moments(a, axis, dtype, ddof, keepdims, where, mean)], None)[0]
    else:
        _check_dof(a, axis, ddof)
        r = _core.std(a, axis, keepdims, float(ddof), dtype)
    # NumPy's std ends in sqrt(..., out=out), a ufunc call: same_kind applies.
    return _finish(r, out, "same_kind")


def _arg_finish(result, out):
    # NumPy requires an out= that its int64 indices can be cast from and back safely.
    if out is not None and not _core.can_cast(out.dtype, result.dtype, "safe"):
        raise TypeError(f"Cannot cast array data from {out.dtype!r} to {result.dtype!r} "
                        "according to the rule 'safe'")
    return _finish(result, out, "unsafe")


def argmax(a, axis=None, out=None, keepdims=False):
    return _arg_finish(_core.argmax(asarray_any(a), axis, keepdims), out)


def argmin(a, axis=None, out=None, keepdims=False):
    return _arg_finish(_core.argmin(asarray_any(a), axis, keepdims), out)


def cumsum(a, axis=None, dtype=None, out=None):
    return _finish(_core.cumsum(asarray_any(a), axis, _acc_dtype(dtype, out)), out)


def cumprod(a, axis=None, dtype=None, out=None):
    return _finish(_core.cumprod(asarray_any(a), axis, _acc_dtype(dtype, out)), out)
