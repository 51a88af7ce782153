"""NaN-aware reductions, differences and simple statistics, composed from native ops (so
they run, lazily and fused where they can, on every device): nansum ... nancumprod, diff,
ediff1d, gradient, average, cov, corrcoef, trapezoid, cumulative_sum, cumulative_prod,
array_equiv. Forms not handled here (weights arrays for cov, coordinates for gradient, ...)
run in NumPy (counted fallback)."""

import builtins
import operator
import warnings

import numpy as _np

from . import _core
from ._convert import asarray_any
from ._fallback import call_numpy
from ._scalars import returns_scalar, scalar_result
from . import _errstate

__all__ = ["nansum", "nanprod", "nanmin", "nanmax", "nanargmin", "nanargmax", "nanmean", "nanvar", "nanstd",
           "nancumsum", "nancumprod", "diff", "ediff1d", "gradient", "average", "cov", "corrcoef", "trapezoid",
           "cumulative_sum", "cumulative_prod", "array_equiv"]


def _m():
    import metallic
    return metallic


def _inexact(a):
    return a.dtype.kind in "fc"


def _nan_to(a, value):
    """a with NaNs (in either part of a complex number) replaced by value, and the NaN mask."""
    mask = _core.ufunc("isnan", [a], None)[0]
    return _core.where(mask, _core.astype(asarray_any(value), a.dtype, False), a), mask


def _finish(r, out):
    if out is None:
        return scalar_result(r)  # a 0-d result is a scalar, as NumPy's (an all-NaN nanmax too)
    _core.copyto(out, r, "same_kind")
    return out


def nansum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    if where is not True:
        extra = {"initial": initial} if initial is not None else {}
        return call_numpy(_np.nansum, (a,), {"axis": axis, "dtype": dtype, "out": out, "keepdims": keepdims,
                                           "where": where, **extra})
    a = asarray_any(a)
    if _inexact(a):
        a = _nan_to(a, 0)[0]
    return _m().sum(a, axis=axis, dtype=dtype, out=out, keepdims=keepdims, initial=initial, where=where)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    if where is not True:
        extra = {"initial": initial} if initial is not None else {}
        return call_numpy(_np.nanprod, (a,), {"axis": axis, "dtype": dtype, "out": out, "keepdims": keepdims,
                                           "where": where, **extra})
    a = asarray_any(a)
    if _inexact(a):
        a = _nan_to(a, 1)[0]
    return _m().prod(a, axis=axis, dtype=dtype, out=out, keepdims=keepdims, initial=initial, where=where)


def _nan_extreme(a, axis, out, keepdims, is_max):
    m = _m()
    a = asarray_any(a)
    fn = m.max if is_max else m.min
    if not _inexact(a) or a.dtype.kind == "c":
        return fn(a, axis=axis, out=out, keepdims=keepdims) if not _inexact(a) else call_numpy(
            _np.nanmax if is_max else _np.nanmin, (a,), {"axis": axis, "out": out, "keepdims": keepdims})
    r = fn(a, axis=axis, keepdims=keepdims)  # NaN exactly where a line holds one
    if not bool(m.any(_core.ufunc("isnan", [r], None)[0])):
        return _finish(r, out)
    filled, mask = _nan_to(a, -_np.inf if is_max else _np.inf)
    r = fn(filled, axis=axis, keepdims=keepdims)
    all_nan = m.all(mask, axis=axis, keepdims=keepdims)
    if a.size and bool(m.any(all_nan)):
        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=3)
        r = _core.where(all_nan, _np.nan, r)
    return _finish(r, out)


def nanmin(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    if initial is not None or where is not True:
        return call_numpy(_np.nanmin, (a,), {"axis": axis, "out": out, "keepdims": keepdims, "initial": initial,
                                             "where": where})
    return _nan_extreme(a, axis, out, keepdims, False)


def nanmax(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    if initial is not None or where is not True:
        return call_numpy(_np.nanmax, (a,), {"axis": axis, "out": out, "keepdims": keepdims, "initial": initial,
                                             "where": where})
    return _nan_extreme(a, axis, out, keepdims, True)


def _nan_arg(a, axis, out, keepdims, is_max):
    m = _m()
    a = asarray_any(a)
    fn = m.argmax if is_max else m.argmin
    if a.dtype.kind != "f":
        return fn(a, axis=axis, out=out, keepdims=keepdims) if not _inexact(a) else call_numpy(
            _np.nanargmax if is_max else _np.nanargmin, (a,), {"axis": axis, "out": out, "keepdims": keepdims})
    # argmax/argmin answer a line's first NaN where it has one: where none of their answers
    # is NaN, no line holds one and they are the answer (one boolean read back).
    if axis is None:
        r = fn(a, keepdims=keepdims)
        hit = _core.take(_core.ravel(a, "C"), _core.ravel(r, "C"), 0)
    else:
        r = fn(a, axis=axis, keepdims=True)
        hit = m.take_along_axis(a, r, axis)
        r = r if keepdims else m.squeeze(r, axis=axis)
    if not bool(m.any(_core.ufunc("isnan", [hit], None)[0])):
        return _finish(r, out)
    filled, mask = _nan_to(a, -_np.inf if is_max else _np.inf)
    if bool(m.any(m.all(mask, axis=axis))):
        raise ValueError("All-NaN slice encountered")
    return fn(filled, axis=axis, out=out, keepdims=keepdims)


def nanargmin(a, axis=None, out=None, *, keepdims=False):
    return _nan_arg(a, axis, out, keepdims, False)


def nanargmax(a, axis=None, out=None, *, keepdims=False):
    return _nan_arg(a, axis, out, keepdims, True)


def _count(mask, axis, keepdims):
    return _m().sum(_core.ufunc("logical_not", [mask], None)[0], axis=axis, keepdims=keepdims, dtype=_np.intp)


@returns_scalar
def nanmean(a, axis=None, dtype=None, out=None, keepdims=False, where=True):
    m = _m()
    a = asarray_any(a)
    if where is not True:
        return call_numpy(_np.nanmean, (a,), {"axis": axis, "dtype": dtype, "out": out, "keepdims": keepdims,
                                              "where": where})
    if not _inexact(a):
        return m.mean(a, axis=axis, dtype=dtype, out=out, keepdims=keepdims)
    filled, mask = _nan_to(a, 0)
    cnt = _count(mask, axis, keepdims)
    total = m.sum(filled, axis=axis, dtype=dtype, keepdims=keepdims)
    if bool(m.any(cnt == 0)):
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=2)
    with _errstate.errstate(invalid="ignore", divide="ignore"):
        r = total / cnt
    return _finish(_core.astype(r, total.dtype, False), out)


@returns_scalar
def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=True, mean=None, correction=None):
    m = _m()
    a = asarray_any(a)
    if correction is not None:
        ddof = correction
    if where is not True or mean is not None:
        extra = {"mean": mean} if mean is not None else {}
        return call_numpy(_np.nanvar, (a,), {"axis": axis, "dtype": dtype, "out": out, "ddof": ddof,
                                             "keepdims": keepdims, "where": where, **extra})
    if not _inexact(a):
        return m.var(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims)
    filled, mask = _nan_to(a, 0)
    cnt = _count(mask, axis, True)
    total = m.sum(filled, axis=axis, dtype=dtype, keepdims=True)
    avg = _core.astype(total / cnt, total.dtype, False)  # in the data's precision, as NumPy
    dev = _core.where(mask, 0, filled - avg)
    sq = _core.real(dev * _core.ufunc("conjugate", [dev], None)[0]) if a.dtype.kind == "c" \
        else dev * dev
    dof = cnt - ddof
    if not keepdims:
        dof = m.squeeze(dof, axis=axis) if axis is not None else _core.reshape(dof, (), "C")
    if bool(m.any(dof <= 0)):
        warnings.warn("Degrees of freedom <= 0 for slice.", RuntimeWarning, stacklevel=2)
    total = m.sum(sq, axis=axis, dtype=dtype, keepdims=keepdims)
    r = _core.where(dof > 0, total / _core.where(dof > 0, dof, 1), _np.nan)
    return _finish(_core.astype(r, total.dtype, False), out)


@returns_scalar
def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=True, mean=None, correction=None):
    r = nanvar(a, axis=axis, dtype=dtype, ddof=ddof, keepdims=keepdims, where=where, mean=mean,
               correction=correction)
    return _finish(_core.ufunc("sqrt", [r], None)[0], out)


def nancumsum(a, axis=None, dtype=None, out=None):
    a = asarray_any(a)
    return _m().cumsum(_nan_to(a, 0)[0] if _inexact(a) else a, axis=axis, dtype=dtype, out=out)


def nancumprod(a, axis=None, dtype=None, out=None):
    a = asarray_any(a)
    return _m().cumprod(_nan_to(a, 1)[0] if _inexact(a) else a, axis=axis, dtype=dtype, out=out)


# ---- differences -----------------------------------------------------------------------

def _along(a, axis, sl):
    return _core.getitem(a, (slice(None),) * axis + (sl,))


def diff(a, n=1, axis=-1, prepend=_np._NoValue, append=_np._NoValue):
    m = _m()
    a = asarray_any(a)
    n = operator.index(n)
    if n == 0:
        return a
    if n < 0:
        raise ValueError(f"order must be non-negative but got {n!r}")
    if a.ndim == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    axis = operator.index(axis)
    if not -a.ndim <= axis < a.ndim:
        raise _np.exceptions.AxisError(axis, a.ndim)
    axis %= a.ndim
    parts = []
    for extra in (prepend, append):
        if extra is _np._NoValue:
            parts.append(None)
            continue
        e = asarray_any(extra)
        if e.ndim == 0:
            e = _core.broadcast_to(e, a.shape[:axis] + (1,) + a.shape[axis + 1:])
        parts.append(e)
    if parts[0] is not None or parts[1] is not None:
        a = m.concatenate([p for p in (parts[0], a, parts[1]) if p is not None], axis=axis)
    op = "not_equal" if a.dtype == _np.bool_ else "subtract"
    for _ in range(n):
        a = _core.ufunc(op, [_along(a, axis, slice(1, None)), _along(a, axis, slice(None, -1))], None)[0]
    return a


def ediff1d(ary, to_end=None, to_begin=None):
    a = _core.ravel(asarray_any(ary), "C")
    if a.dtype == _np.bool_:
        return call_numpy(_np.ediff1d, (a,), {"to_end": to_end, "to_begin": to_begin})
    d = _core.ufunc("subtract", [_core.getitem(a, (slice(1, None),)), _core.getitem(a, (slice(None, -1),))], None)[0]

    def edge(extra, name):
        e = _core.ravel(asarray_any(extra), "C")
        if not _np.can_cast(e.dtype, a.dtype, casting="same_kind"):
            raise TypeError(f"dtype of `{name}` must be compatible with input `ary` under the `same_kind` rule.")
        return _core.astype(e, a.dtype, False)
    parts = ([edge(to_begin, "to_begin")] if to_begin is not None else []) + [d] + (
        [edge(to_end, "to_end")] if to_end is not None else [])
    return parts[0] if len(parts) == 1 else _m().concatenate(parts)


def gradient(f, *varargs, axis=None, edge_order=1):
    """Second-order central differences inside, first- or second-order one-sided ones at
    the edges, with uniform (scalar) spacings; coordinate arrays run in NumPy."""
    m = _m()
    f = asarray_any(f)
    if any(_np.ndim(v) != 0 for v in varargs) or edge_order not in (1, 2):
        if edge_order not in (1, 2):
            raise ValueError("'edge_order' greater than 2 not supported")
        return call_numpy(_np.gradient, (f,) + varargs, {"axis": axis, "edge_order": edge_order})
    axes = list(range(f.ndim)) if axis is None else list(
        _np.lib.array_utils.normalize_axis_tuple(axis, f.ndim))
    if len(varargs) == 0:
        dx = [1.0] * len(axes)
    elif len(varargs) == 1:
        dx = [float(varargs[0])] * len(axes)
    elif len(varargs) == len(axes):
        dx = [float(v) for v in varargs]
    else:
        raise TypeError("invalid number of arguments")
    otype = f.dtype if f.dtype.kind in "fc" else _np.dtype(_np.float64)
    f = _core.astype(f, otype, False)
    out = []
    for ax, h in zip(axes, dx):
        n = f.shape[ax]
        if n < edge_order + 1:
            raise ValueError("Shape of array too small to calculate a numerical gradient, at least (edge_order + 1) "
                             "elements are required.")
        s = lambda sl: _along(f, ax, sl)  # noqa: E731
        mid = (s(slice(2, None)) - s(slice(None, -2))) / (2.0 * h)
        if edge_order == 1:
            first = (s(slice(1, 2)) - s(slice(0, 1))) / h
            last = (s(slice(n - 1, n)) - s(slice(n - 2, n - 1))) / h
        else:
            first = (-1.5 * s(slice(0, 1)) + 2.0 * s(slice(1, 2)) - 0.5 * s(slice(2, 3))) / h
            last = (0.5 * s(slice(n - 3, n - 2)) - 2.0 * s(slice(n - 2, n - 1)) + 1.5 * s(slice(n - 1, n))) / h
        g = m.concatenate([first, mid, last], axis=ax)
        out.append(_core.astype(g, otype, False))
    return out[0] if len(out) == 1 else tuple(out)


# ---- weighted means, covariance ----------------------------------------------------------

def average(a, axis=None, weights=None, returned=False, *, keepdims=False):
    m = _m()
    a = asarray_any(a)
    if weights is None:
        avg = m.mean(a, axis=axis, keepdims=keepdims)
        if not returned:
            return avg
        cnt = a.size if axis is None else int(_np.prod([a.shape[ax] for ax in ((axis,) if _np.ndim(axis) == 0
                                                                               else axis)]))
        return avg, _core.astype(_core.full(avg.shape, cnt, _np.dtype(_np.int64)), avg.dtype, False)
    w = asarray_any(weights)
    rtype = _np.result_type(a.dtype, w.dtype, _np.float64 if a.dtype.kind in "iub" else a.dtype)
    if a.shape != w.shape:
        if axis is None:
            raise TypeError("Axis must be specified when shapes of a and weights differ.")
        if w.ndim != 1 or _np.ndim(axis) != 0:
            return call_numpy(_np.average, (a,), {"axis": axis, "weights": w, "returned": returned,
                                                  "keepdims": keepdims})
        ax = operator.index(axis) % a.ndim
        if w.shape[0] != a.shape[ax]:
            raise ValueError("Shape of weights must be consistent with shape of a along specified axis.")
        w = _core.reshape(w, tuple(w.shape[0] if d == ax else 1 for d in range(a.ndim)), "C")
        w = _core.broadcast_to(w, a.shape)
    w = _core.astype(w, rtype, False)
    scl = m.sum(w, axis=axis, keepdims=keepdims)
    if bool(m.any(scl == 0)):
        raise ZeroDivisionError("Weights sum to zero, can't be normalized")
    avg = m.sum(_core.astype(a, rtype, False) * w, axis=axis, keepdims=keepdims) / scl
    return (avg, _core.broadcast_to(scl, avg.shape)) if returned else avg


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *, dtype=None):
    mt = _m()
    if fweights is not None or aweights is not None:
        return call_numpy(_np.cov, (m,), {"y": y, "rowvar": rowvar, "bias": bias, "ddof": ddof,
                                          "fweights": fweights, "aweights": aweights, "dtype": dtype})
    if ddof is not None and ddof != int(ddof):
        raise ValueError("ddof must be integer")
    x = asarray_any(m)
    if x.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    yy = asarray_any(y) if y is not None else None
    rtype = _np.dtype(dtype) if dtype is not None else _np.result_type(
        x.dtype, *([yy.dtype] if yy is not None else []), _np.float64)
    X = _core.astype(mt.atleast_2d(x), rtype, False)
    if not rowvar and x.ndim != 1:
        X = _core.transpose(X, None)
    if X.shape[0] == 0:
        return _core.reshape(_core.empty((0,), rtype), (0, 0), "C")
    if yy is not None:
        if yy.ndim > 2:
            raise ValueError("y has more than 2 dimensions")
        Y = _core.astype(mt.atleast_2d(yy), rtype, False)
        if not rowvar and yy.ndim != 1:
            Y = _core.transpose(Y, None)
        X = mt.concatenate([X, Y], axis=0)
    ddof = (0 if bias else 1) if ddof is None else int(ddof)
    fact = X.shape[1] - ddof
    if fact <= 0:
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=2)
        fact = 0.0
    X = X - mt.mean(X, axis=1, keepdims=True)
    c = mt.matmul(X, _core.ufunc("conjugate", [_core.transpose(X, None)], None)[0]) if rtype.kind == "c" \
        else mt.matmul(X, _core.transpose(X, None))
    with _errstate.errstate(divide="ignore", invalid="ignore"):
        c = c / fact if fact else c * _np.inf
    return mt.squeeze(c)


def corrcoef(x, y=None, rowvar=True, *, dtype=None):
    mt = _m()
    c = cov(x, y, rowvar, dtype=dtype)
    if c.ndim == 0:
        return c / c  # NaN, or 1 (NumPy's scalar case)
    d = mt.diagonal(c)
    std = _core.ufunc("sqrt", [_core.real(d)], None)[0]
    c = c / _core.reshape(std, (-1, 1), "C") / _core.reshape(std, (1, -1), "C")
    if c.dtype.kind == "c":
        re = mt.clip(_core.real(c), -1, 1)
        im = mt.clip(_core.imag(c), -1, 1)
        return re + 1j * im
    return mt.clip(c, -1, 1)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    mt = _m()
    y = asarray_any(y)
    axis = _np.lib.array_utils.normalize_axis_index(operator.index(axis), y.ndim)
    if x is None:
        d = dx
    else:
        xa = asarray_any(x)
        if xa.ndim == 1:
            d = diff(xa)
            d = _core.reshape(d, tuple(d.shape[0] if k == axis else 1 for k in range(y.ndim)), "C")
        else:
            d = diff(xa, axis=axis)
    mid = (_along(y, axis, slice(1, None)) + _along(y, axis, slice(None, -1))) / 2.0
    return mt.sum(d * mid, axis=axis)


def _cumulative(a, axis, dtype, out, include_initial, name, initial):
    mt = _m()
    x = asarray_any(a)
    if x.ndim == 0:
        raise ValueError(f"{name} does not support zero-dimensional arrays")
    if axis is None:
        if x.ndim > 1:
            raise ValueError("axis must be specified for multi-dimensional arrays.")
        axis = 0
    axis = _np.lib.array_utils.normalize_axis_index(operator.index(axis), x.ndim)
    r = (mt.cumsum if initial == 0 else mt.cumprod)(x, axis=axis, dtype=dtype)
    if include_initial:
        shape = r.shape[:axis] + (1,) + r.shape[axis + 1:]
        with _m().device(r._device):
            first = _core.full(shape, initial, r.dtype)
        r = mt.concatenate([first, r], axis=axis)
    return _finish(r, out)


def cumulative_sum(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    return _cumulative(x, axis, dtype, out, include_initial, "cumulative_sum", 0)


def cumulative_prod(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    return _cumulative(x, axis, dtype, out, include_initial, "cumulative_prod", 1)


def array_equiv(a1, a2):
    mt = _m()
    try:
        a, b = asarray_any(a1), asarray_any(a2)
        mt.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        return False
    return builtins.bool(mt.all(_core.ufunc("equal", [a, b], None)[0]))
