"""NumPy's value and type tests as array code: isposinf, isneginf, isreal, iscomplex,
iscomplexobj, isrealobj, nan_to_num, real_if_close, asarray_chkfinite, require, isfortran."""

import numpy as _np

from . import _core
from ._convert import asarray_any
from ._scalars import scalar_result

__all__ = ["isposinf", "isneginf", "isreal", "iscomplex", "iscomplexobj", "isrealobj", "nan_to_num",
           "real_if_close", "asarray_chkfinite", "require", "isfortran", "min_scalar_type"]


def _m():
    import metallic
    return metallic


def _infinite_of_sign(x, negative, out):
    mt = _m()
    x = asarray_any(x)
    if x.dtype.kind == "c":
        raise TypeError("This operation is not supported for complex values because it would be ambiguous.")
    s = mt.signbit(x) if negative else mt.logical_not(mt.signbit(x))
    return mt.logical_and(mt.isinf(x), s, out=out)


def isposinf(x, out=None):
    return _infinite_of_sign(x, False, out)


def isneginf(x, out=None):
    return _infinite_of_sign(x, True, out)


def isreal(x):
    return _m().imag(x) == 0


def iscomplex(x):
    mt = _m()
    ax = asarray_any(x)
    if ax.dtype.kind == "c":
        return mt.imag(ax) != 0
    return scalar_result(mt.zeros(ax.shape, dtype=bool))


def iscomplexobj(x):
    dtype = getattr(x, "dtype", None)
    return (_np.dtype(dtype) if dtype is not None else asarray_any(x).dtype).kind == "c"


def isrealobj(x):
    return not iscomplexobj(x)


def _replace(mt, v, nan, posinf, neginf):
    info = _np.finfo(v.dtype)
    v = mt.where(mt.isnan(v), nan, v)
    v = mt.where(v == _np.inf, info.max if posinf is None else posinf, v)
    return mt.where(v == -_np.inf, info.min if neginf is None else neginf, v).astype(v.dtype, copy=False)


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """NaN to nan, infinities to posinf/neginf (the dtype's largest finite values unless
    given); complex parts each. copy=False writes into x."""
    mt = _m()
    scalar = not isinstance(x, (_core.ndarray, _np.ndarray)) and _np.ndim(x) == 0
    a = asarray_any(x)
    if a.dtype.kind not in "fc":
        r = mt.array(a, copy=copy) if copy else a
        return r[()] if scalar else r
    if a.dtype.kind == "c":
        r = mt.empty_like(a)
        r.real = _replace(mt, mt.real(a), nan, posinf, neginf)
        r.imag = _replace(mt, mt.imag(a), nan, posinf, neginf)
    else:
        r = _replace(mt, a, nan, posinf, neginf)
    if not copy and isinstance(a, _core.ndarray):
        _core.copyto(a, r, "unsafe")
        r = a
    return r[()] if scalar else r


def real_if_close(a, tol=100):
    mt = _m()
    a = asarray_any(a)
    if a.dtype.kind != "c":
        return a
    if tol > 1:
        tol = _np.finfo(a.dtype).eps * tol
    return mt.real(a) if bool(mt.all(mt.abs(mt.imag(a)) < tol)) else a


def asarray_chkfinite(a, dtype=None, order=None):
    mt = _m()
    a = mt.asarray(a, dtype=dtype)
    if isinstance(a, _core.ndarray) and a.dtype.kind in "fc" and not bool(mt.all(mt.isfinite(a))):
        raise ValueError("array must not contain infs or NaNs")
    return a


_REQUIREMENTS = {"C": "C", "C_CONTIGUOUS": "C", "CONTIGUOUS": "C", "F": "F", "F_CONTIGUOUS": "F",
                 "FORTRAN": "F", "A": "A", "ALIGNED": "A", "W": "W", "WRITEABLE": "W", "O": "O",
                 "OWNDATA": "O", "E": "E", "ENSUREARRAY": "E"}


def require(a, dtype=None, requirements=None, *, like=None):
    """a as an array of dtype meeting the flags asked for (copied where it does not)."""
    mt = _m()
    if isinstance(requirements, str):
        requirements = [requirements]
    wanted = {_REQUIREMENTS[r.upper()] for r in (requirements or ())}
    if "C" in wanted and "F" in wanted:
        raise ValueError("Cannot specify both 'C' and 'F' order")
    a = mt.asarray(a, dtype=dtype)
    if not isinstance(a, _core.ndarray):
        return _np.require(a, dtype, requirements)
    if "C" in wanted and not a.flags.c_contiguous:
        a = mt.ascontiguousarray(a)
    elif "F" in wanted and not a.flags.f_contiguous:
        a = mt.asfortranarray(a)
    if ("W" in wanted and not a.flags.writeable) or ("O" in wanted and not a.flags.owndata):
        a = mt.array(a, copy=True, order="F" if "F" in wanted else "C")
    return a


def isfortran(a):
    return bool(a.flags.f_contiguous and not a.flags.c_contiguous)


def min_scalar_type(a, /):
    """A metallic array's own dtype, or for a 0-d one (or a scalar) NumPy's smallest type
    for its value (one element read)."""
    if isinstance(a, _core.ndarray):
        return a.dtype if a.ndim else _np.min_scalar_type(a._scalar())
    return _np.min_scalar_type(a)
