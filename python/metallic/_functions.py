"""Functions composed from ufuncs and views: where, clip, round, real, ... ."""

import numpy as _np

from . import _core, _errstate
from ._convert import asarray_any, on_device_of
from ._fallback import call_numpy
from ._reductions import _finish
from ._scalars import returns_scalar

__all__ = ["where", "clip", "around", "round", "round_", "fix", "real", "imag", "angle",
           "reshape", "ravel", "transpose", "swapaxes", "moveaxis", "squeeze", "expand_dims",
           "broadcast_to", "broadcast_arrays", "broadcast_shapes", "atleast_1d", "atleast_2d",
           "atleast_3d", "copyto", "result_type", "can_cast", "astype", "isclose", "allclose",
           "array_equal", "permute_dims", "matrix_transpose", "isdtype", "from_dlpack"]


def where(condition, x=None, y=None):
    if x is None and y is None:  # where(condition): nonzero(condition)
        from ._selection import nonzero
        return nonzero(condition)
    if x is None or y is None:
        raise ValueError("either both or neither of x and y should be given")
    return _core.where(condition, x, y)


def clip(a, a_min=_np._NoValue, a_max=_np._NoValue, out=None, *, min=_np._NoValue,
         max=_np._NoValue, **kwargs):
    lo = a_min if a_min is not _np._NoValue else (None if min is _np._NoValue else min)
    hi = a_max if a_max is not _np._NoValue else (None if max is _np._NoValue else max)
    r = _core.clip(asarray_any(a), lo, hi)
    return _finish(r, out)


def around(a, decimals=0, out=None):
    return _finish(_core.round(asarray_any(a), decimals), out)


round = around


def round_(a, decimals=0, out=None):
    """NumPy 1's name for around (removed in NumPy 2), kept for old programs."""
    return around(a, decimals, out)


def fix(x, out=None):
    return _finish(_core.ufunc("trunc", [asarray_any(x)], None)[0], out)


def real(val):
    return _core.real(asarray_any(val))


def imag(val):
    return _core.imag(asarray_any(val))


@returns_scalar
def angle(z, deg=False):
    return _core.angle(asarray_any(z), deg)


def reshape(a, shape=None, order="C", *, newshape=None, copy=None):
    shape = newshape if shape is None else shape
    return asarray_any(a).reshape(shape, order=order, copy=copy)


def ravel(a, order="C"):
    return asarray_any(a).ravel(order)


def transpose(a, axes=None):
    return asarray_any(a).transpose(axes)


def swapaxes(a, axis1, axis2):
    return _core.swapaxes(asarray_any(a), axis1, axis2)


def moveaxis(a, source, destination):
    return _core.moveaxis(asarray_any(a), source, destination)


def squeeze(a, axis=None):
    return _core.squeeze(asarray_any(a), axis)


def expand_dims(a, axis):
    return _core.expand_dims(asarray_any(a), axis)


def broadcast_to(array, shape, subok=False):
    return _core.broadcast_to(asarray_any(array), shape)


def broadcast_shapes(*args):
    return _core.broadcast_shapes([a if isinstance(a, (tuple, list)) else (a,) for a in args])


def broadcast_arrays(*args, subok=False):
    arrays = [asarray_any(a) for a in args]
    shape = _core.broadcast_shapes([a.shape for a in arrays])
    return tuple(_core.broadcast_to(a, shape) for a in arrays)


def _atleast(n, arys):
    res = []
    for a in arys:
        a = asarray_any(a)
        if a.ndim < n:
            if n == 3 and a.ndim == 2:
                a = _core.reshape(a, a.shape + (1,), "C")
            elif n == 3 and a.ndim == 1:
                a = _core.reshape(a, (1,) + a.shape + (1,), "C")
            else:
                a = _core.reshape(a, (1,) * (n - a.ndim) + a.shape, "C")
        res.append(a)
    return res[0] if len(res) == 1 else tuple(res)


def atleast_1d(*arys):
    return _atleast(1, arys)


def atleast_2d(*arys):
    return _atleast(2, arys)


def atleast_3d(*arys):
    return _atleast(3, arys)


def copyto(dst, src, casting="same_kind", where=True):
    if isinstance(src, (list, tuple, _np.ndarray, _core.ndarray)):
        src = asarray_any(src)
        while src.ndim > dst.ndim and src.shape[0] == 1:  # NumPy drops leading length-1 axes
            src = _core.reshape(src, src.shape[1:], "C")
    if where is not True:
        src = _core.where(where, src, dst)
    _core.copyto(dst, src, casting)


def result_type(*arrays_and_dtypes):
    if any(isinstance(a, (_np.dtype, type, str)) for a in arrays_and_dtypes):
        return _np.result_type(*[a.dtype if isinstance(a, _core.ndarray) else a
                                 for a in arrays_and_dtypes])
    return _core.result_type(list(arrays_and_dtypes))


def can_cast(from_, to, casting="safe"):
    if isinstance(from_, _core.ndarray):
        from_ = from_.dtype
    return _np.can_cast(from_, to, casting)


def astype(x, dtype, /, *, copy=True, device=None):
    return _core.astype(asarray_any(x), dtype, copy)


_SCALARS = (int, float, complex)


def _operands(a, b, keep_scalars=True):
    """a and b as metallic arrays on the device of whichever already is one (Python scalars
    stay scalars where keep_scalars: NumPy treats them as weak)."""
    like = a if isinstance(a, _core.ndarray) else b if isinstance(b, _core.ndarray) else None

    def one(x):
        if (keep_scalars and isinstance(x, _SCALARS)) or isinstance(x, _core.ndarray):
            return x
        return asarray_any(x) if like is None else on_device_of(x, like)
    return one(a), one(b)


@_errstate.quiet
def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """NumPy's formula where the operands are: |a - b| <= atol + rtol * |b| with b finite, or
    a == b (and both NaN, with equal_nan); b made inexact first. Tolerances that are arrays
    or not finite, or two Python scalars: NumPy (counted fallback)."""
    x, y = _operands(a, b)
    if (isinstance(x, _SCALARS) and isinstance(y, _SCALARS)) or _np.ndim(rtol) or _np.ndim(atol) \
            or not (_np.isfinite(rtol) and _np.isfinite(atol)):
        return call_numpy(_np.isclose, (a, b, rtol, atol, equal_nan), {})
    def u(name, *args):
        return _core.ufunc(name, list(args), None)[0]

    def on(name, v):  # a ufunc of one operand; of a Python scalar, NumPy's answer
        return bool(getattr(_np, name)(v)) if isinstance(v, _SCALARS) else u(name, v)
    if isinstance(y, int):
        y = float(y)
    elif isinstance(y, _core.ndarray):
        y = _core.astype(y, _np.result_type(y.dtype, 1.0), False)
    result = u("logical_or", u("logical_and", u("less_equal", u("absolute", u("subtract", x, y)),
                                                  atol + rtol * (abs(y) if isinstance(y, _SCALARS) else u("absolute", y))),
                               on("isfinite", y)),
               u("equal", x, y))
    if equal_nan:
        result = u("logical_or", result, u("logical_and", on("isnan", x), on("isnan", y)))
    return result[()]


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    from ._reductions import all as all_
    return bool(all_(isclose(a, b, rtol, atol, equal_nan)))


def array_equal(a1, a2, equal_nan=False):
    """NumPy's test where the arrays are: one boolean read back (two with equal_nan)."""
    from ._reductions import all as all_
    try:
        a, b = _operands(a1, a2, keep_scalars=False)
    except _core.UnsupportedDtypeError:
        raise  # strings, objects...: NumPy's array_equal (the namespace's foreign-dtype wrapper)
    except Exception:
        return False
    if a.shape != b.shape:
        return False
    equal = _core.ufunc("equal", [a, b], None)[0]
    if not equal_nan or (a.dtype.kind not in "fc" and b.dtype.kind not in "fc"):  # no NaN to match
        return bool(all_(equal))
    if a1 is a2:
        return True
    a_nan, b_nan = (_core.ufunc("isnan", [v], None)[0] for v in (a, b))
    if not bool(all_(_core.ufunc("equal", [a_nan, b_nan], None)[0])):
        return False
    return bool(all_(_core.ufunc("logical_or", [equal, a_nan], None)[0]))


# ---- Array API standard names that differ from NumPy's ----------------------------------

def permute_dims(x, /, axes):
    return _core.transpose(asarray_any(x), tuple(axes))


def matrix_transpose(x, /):
    x = asarray_any(x)
    if x.ndim < 2:
        raise ValueError("matrix_transpose needs an array of at least two dimensions")
    return _core.swapaxes(x, -1, -2)


def isdtype(dtype, kind):
    return _np.isdtype(dtype, kind)


def from_dlpack(x, /, *, device=None, copy=None):
    """An array over any DLPack producer's memory (NumPy, PyTorch, CuPy, JAX, ...), on the
    CPU or the GPU, without a copy (copy=True copies; device= moves it)."""
    if isinstance(x, _core.ndarray):
        r = x
    else:
        if not hasattr(x, "__dlpack__"):
            raise TypeError(f"[from_dlpack] {type(x).__name__} does not support the DLPack protocol")
        kind, index = x.__dlpack_device__() if hasattr(x, "__dlpack_device__") else (1, 0)
        if kind == 2:  # CUDA: the producer orders its pending work before our stream
            stream = _core.native_stream(f"cuda:{index}")
            try:
                x = x.__dlpack__(stream=stream)
            except TypeError:  # a producer older than the stream argument
                x = x.__dlpack__()
        r = _core._from_dlpack(x)
    if device is not None and str(device) != r.device:
        return r.to_device(str(device))
    return r.copy() if copy else r
