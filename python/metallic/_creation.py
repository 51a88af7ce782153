"""Array creation with NumPy's signatures."""

import builtins
import math
import operator

import numpy as _np

from . import _core
from ._device import device as _device_scope
from ._fallback import call_numpy


class _Nowhere:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _at(device):
    """Where a creation function builds its result: device=, else the default device."""
    return _Nowhere() if device is None else _device_scope(device)


def _dtype_or(dtype, default):
    return _np.dtype(default if dtype is None else dtype)


def _check_order(order, allowed="CFAK"):
    if order is None:
        return "K"
    if not isinstance(order, str) or order.upper() not in "CFAK":
        raise ValueError(f"order must be one of 'C', 'F', 'A', or 'K' (got {order!r})")
    if order.upper() not in allowed:
        raise ValueError("only 'C' or 'F' order is permitted")
    return order.upper()


def _wants_fortran(order, like):
    """Whether order asks for F layout: 'F', or 'A'/'K' for an array laid out in F order only."""
    return order == "F" or (order in ("A", "K") and like is not None and like.ndim > 1 and
                            like._f_contiguous and not like._c_contiguous)


def _fortran_copy(a):
    return _core.transpose(_core.copy(_core.transpose(a, None)), None)


def _made(make, shape, order):
    """make(shape) laid out as order asks (an F array made as its transpose's C one)."""
    shape = _shape(shape)
    if _check_order(order, "CF") == "F" and len(shape) > 1:
        return _core.transpose(make(shape[::-1]), None)
    return make(shape)


def _shape(shape):
    if isinstance(shape, (tuple, list)):
        return tuple(operator.index(s) for s in shape)
    return (operator.index(shape),)


def _from_cuda_array_interface(obj, dtype=None, shape=None):
    """Another library's GPU array (CuPy, Numba, PyTorch, ...) as a metallic array over the
    same memory (CUDA Array Interface v3; the producer's stream is waited for). dtype and
    shape reinterpret a contiguous buffer (a raw frame of bytes)."""
    cai = obj.__cuda_array_interface__
    if cai.get("mask") is not None:
        raise BufferError("[asarray] masked CUDA arrays are not supported")
    dt = _np.dtype(cai["typestr"] if dtype is None else dtype)
    if not dt.isnative:
        raise BufferError("[asarray] non-native byte order")
    ptr, readonly = cai["data"]
    strides = list(cai.get("strides") or ()) if shape is None else []
    here = _core.default_device()
    index = int(here.split(":")[1]) if here.startswith("cuda") else 0
    nbytes = -1 if shape is None else math.prod(cai["shape"]) * _np.dtype(cai["typestr"]).itemsize
    return _core._wrap_cuda_memory(ptr or 0, dt, list(cai["shape"] if shape is None else shape), strides,
                                   bool(readonly), index, cai.get("stream") or 0, nbytes, obj)


_NO_COPY = ("Unable to avoid copy while creating an array as requested.\nIf using "
            "`np.array(obj, copy=False)` replace it with `np.asarray(obj)` to allow a copy when needed.")


def array(obj, dtype=None, copy=True, order="K", subok=False, ndmin=0, like=None):
    """copy: True always copies; None copies where needed; False never does (ValueError
    where a copy would be needed: another dtype, or data that is not a metallic array's)."""
    if not isinstance(obj, _core.ndarray) and hasattr(obj, "__cuda_array_interface__"):
        obj = _from_cuda_array_interface(obj)  # zero-copy; copy= and dtype= apply below
    if copy is False and (not isinstance(obj, _core.ndarray) or
                          (dtype is not None and _np.dtype(dtype) != obj.dtype)):
        raise ValueError(_NO_COPY)
    order = _check_order(order)
    if isinstance(obj, _core.ndarray):
        r = obj
        if dtype is not None and _np.dtype(dtype) != obj.dtype:
            r = _core.astype(obj, dtype, True)
        elif copy:
            r = _core.copy(obj)
        source = obj
    else:
        host = _np.asarray(obj) if dtype is None else _np.asarray(obj, dtype=dtype)
        if host.dtype.char not in "?bBhHiIlLqQefdFD" or (dtype is not None and not host.dtype.isnative):
            return host  # metallic holds no such data (strings, objects, the other byte order asked for)
        r = _core.asarray(host)
        source = r if not (host.ndim > 1 and host.flags.f_contiguous and not host.flags.c_contiguous) else None
    if r.ndim < ndmin:
        r = _core.reshape(r, (1,) * (ndmin - r.ndim) + r.shape, "C")
    # The layout order asks for ('K', 'A': the source's): a copy where r has another.
    fortran = _wants_fortran(order, source) or (source is None and order in "AK")
    if fortran and r.ndim > 1 and not r._f_contiguous:
        r = _laid_out(r, True, copy)
    elif order == "C" and not r._c_contiguous:
        r = _laid_out(r, False, copy)
    return r


def _laid_out(r, fortran, copy):
    if copy is False:
        raise ValueError(_NO_COPY)
    return _fortran_copy(r) if fortran else _core.copy(r)


def asarray(a, dtype=None, order=None, copy=None, like=None, device=None):
    with _at(device):
        r = array(a, dtype=dtype, copy=copy, order=order or "K")
    if device is not None and isinstance(r, _core.ndarray):
        r = _core.asarray(r, str(device))  # moves a metallic array from another device; else the same
    return r


asanyarray = asarray


def ascontiguousarray(a, dtype=None, like=None):
    r = asarray(a, dtype=dtype)
    if r.ndim == 0:
        return _core.reshape(r, (1,), "C")
    return r if r._c_contiguous else _core.copy(r)


def asfortranarray(a, dtype=None, like=None):
    r = asarray(a, dtype=dtype)
    return r if r._f_contiguous else _core.transpose(_core.copy(_core.transpose(r, None)), None)


def _held(a):
    """asarray(a), which must be a metallic array: else UnsupportedDtypeError (NumPy's
    function then runs, see _foreign)."""
    a = asarray(a)
    if not isinstance(a, _core.ndarray):
        raise _core.UnsupportedDtypeError(f"metallic does not hold dtype {a.dtype}")
    return a


def copy(a, order="K", subok=False):
    a = _held(a)
    return _fortran_copy(a) if _wants_fortran(_check_order(order), a) else _core.copy(a)


def empty(shape, dtype=float, order="C", like=None, device=None):
    with _at(device):
        return _made(lambda s: _core.empty(s, _dtype_or(dtype, float)), shape, order)


def zeros(shape, dtype=float, order="C", like=None, device=None):
    with _at(device):
        return _made(lambda s: _core.zeros(s, _dtype_or(dtype, float)), shape, order)


def ones(shape, dtype=None, order="C", like=None, device=None):
    with _at(device):
        return _made(lambda s: _core.ones(s, _dtype_or(dtype, float)), shape, order)


def full(shape, fill_value, dtype=None, order="C", like=None, device=None):
    with _at(device):
        if _check_order(order, "CF") == "F" and _np.ndim(shape) and len(shape) > 1:
            return _fortran_copy(_full(shape, fill_value, dtype))
        return _full(shape, fill_value, dtype)


def _full(shape, fill_value, dtype):
    if dtype is None:
        dtype = (fill_value.dtype if isinstance(fill_value, _core.ndarray)
                 else _np.asarray(fill_value).dtype)
    if isinstance(fill_value, _core.ndarray) and fill_value.ndim > 0 or (
            not isinstance(fill_value, _core.ndarray) and _np.ndim(fill_value) > 0):
        r = _core.empty(_shape(shape), _np.dtype(dtype))
        _core.copyto(r, fill_value, "unsafe")
        return r
    return _core.full(_shape(shape), fill_value, _np.dtype(dtype))


def _like(a, dtype, shape, device, order):
    """dtype, shape, device and layout ('C' or 'F') of a *_like result: the prototype's
    unless given."""
    a = _held(a)
    shape = a.shape if shape is None else _shape(shape)
    layout = "F" if len(shape) == a.ndim and _wants_fortran(_check_order(order), a) else "C"
    return (a.dtype if dtype is None else _np.dtype(dtype)), shape, (
        a._device if device is None else device), layout


def empty_like(prototype, dtype=None, order="K", subok=True, shape=None, device=None):
    d, s, where, layout = _like(prototype, dtype, shape, device, order)
    return empty(s, d, layout, device=where)


def zeros_like(a, dtype=None, order="K", subok=True, shape=None, device=None):
    d, s, where, layout = _like(a, dtype, shape, device, order)
    return zeros(s, d, layout, device=where)


def ones_like(a, dtype=None, order="K", subok=True, shape=None, device=None):
    d, s, where, layout = _like(a, dtype, shape, device, order)
    return ones(s, d, layout, device=where)


def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None, device=None):
    d, s, where, layout = _like(a, dtype, shape, device, order)
    return full(s, fill_value, d, layout, device=where)


def arange(start=None, stop=None, step=None, dtype=None, *, like=None, device=None):
    if start is None:
        if stop is None:
            raise TypeError("arange() requires stop to be specified.")
        start = 0  # arange(stop=5)
    with _at(device):
        return _arange(start, stop, step, dtype)


def _arange(start, stop, step, dtype):
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    values = [v.item() if isinstance(v, (_core.ndarray, _np.generic)) else v for v in (start, stop, step)]
    if any(isinstance(v, complex) for v in values):
        return call_numpy(_np.arange, (start, stop, step), {"dtype": dtype})
    if values[2] == 0:
        raise ZeroDivisionError("division by zero")
    if dtype is None:  # as NumPy: integers give the default int, anything else float64
        dtype = _np.int64 if all(isinstance(v, int) for v in values) else _np.float64
    dtype = _np.dtype(dtype)
    if dtype == _np.bool_:
        n = builtins.max(0, -(-(values[1] - values[0]) // values[2]))
        if n > 2:
            raise TypeError("arange() is only supported for booleans when the result has at most "
                            "length 2.")
    return _core.arange(values[0], values[1], values[2], dtype)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *, device=None):
    with _at(device):
        return _linspace(start, stop, num, endpoint, retstep, dtype, axis)


def _linspace(start, stop, num, endpoint, retstep, dtype, axis):
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    if _np.ndim(start) or _np.ndim(stop) or isinstance(start, complex) or isinstance(stop, complex):
        return call_numpy(_np.linspace, (start, stop, num, endpoint, retstep, dtype, axis), {})
    out_dtype = _np.dtype(dtype) if dtype is not None else _np.result_type(start, stop, float(num))
    r = _core.linspace(float(start), float(stop), num, endpoint, out_dtype)
    if retstep:
        div = (num - 1) if endpoint else num
        dt = _np.result_type(start, stop, float(num))  # NumPy's step: a scalar of this dtype
        step = (dt.type(stop) - dt.type(start)) / div if div > 0 else _np.nan  # NumPy: a float nan
        return r, step
    return r


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    if _np.ndim(start) or _np.ndim(stop) or _np.ndim(base):
        return call_numpy(_np.logspace, (start, stop, num, endpoint, base, dtype, axis), {})
    y = linspace(start, stop, num=num, endpoint=endpoint)
    r = _core.ufunc("power", [float(base), y], None)[0]
    return r if dtype is None else _core.astype(r, _np.dtype(dtype), False)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    if (_np.ndim(start) or _np.ndim(stop) or isinstance(start, complex)
            or isinstance(stop, complex) or start == 0 or stop == 0 or (start < 0) != (stop < 0)):
        return call_numpy(_np.geomspace, (start, stop, num, endpoint, dtype, axis), {})
    sign = -1.0 if start < 0 else 1.0
    lo, hi = _np.log10(abs(start)), _np.log10(abs(stop))
    r = _core.copy(logspace(lo, hi, num=num, endpoint=endpoint))
    if num > 0:
        _core.setitem(r, 0, abs(start))
        if num > 1 and endpoint:
            _core.setitem(r, -1, abs(stop))
    if sign < 0:
        r = _core.ufunc("negative", [r], None)[0]
    out = _np.result_type(start, stop, float(num)) if dtype is None else _np.dtype(dtype)
    return _core.astype(r, out, False)


def eye(N, M=None, k=0, dtype=float, order="C", *, like=None, device=None):
    with _at(device):
        r = _core.eye(operator.index(N), operator.index(N if M is None else M), operator.index(k),
                      _np.dtype(dtype))
    return _fortran_copy(r) if _check_order(order, "CF") == "F" else r


def identity(n, dtype=None, *, like=None):
    return eye(n, dtype=float if dtype is None else dtype)


def tri(N, M=None, k=0, dtype=float, *, like=None):
    M = N if M is None else M
    rows = _core.indices_along((N, M), 0)
    cols = _core.indices_along((N, M), 1)
    m = _core.ufunc("greater_equal", [_core.ufunc("add", [rows, int(k)], None)[0], cols], None)[0]
    return _core.astype(m, _np.dtype(dtype), False)


def tril(m, k=0):
    m = asarray(m)
    mask = tri(*m.shape[-2:], k=k, dtype=bool)
    return _core.where(mask, m, _core.zeros((), m.dtype))


def triu(m, k=0):
    m = asarray(m)
    mask = tri(*m.shape[-2:], k=k - 1, dtype=bool)
    return _core.where(mask, _core.zeros((), m.dtype), m)


def _diag_strided(a, start, length):
    s0, s1 = a.strides
    return _core.as_strided(a, (length,), (s0 + s1,), start[0] * s0 + start[1] * s1)


def diag(v, k=0):
    v = asarray(v)
    if v.ndim == 1:
        n = v.shape[0] + abs(k)
        out = _core.zeros((n, n), v.dtype)
        start = (0, k) if k >= 0 else (-k, 0)
        if v.shape[0]:
            _core.copyto(_diag_strided(out, start, v.shape[0]), v, "unsafe")
        return out
    if v.ndim == 2:
        n, m = v.shape
        if k >= 0:
            length, start = builtins.max(0, builtins.min(n, m - k)), (0, k)
        else:
            length, start = builtins.max(0, builtins.min(n + k, m)), (-k, 0)
        if length == 0:
            return _core.zeros((0,), v.dtype)
        d = _diag_strided(v, start, length)
        d._set_writeable(False)  # NumPy's diag of a matrix is its diagonal: a read-only view
        return d
    raise ValueError("Input must be 1- or 2-d.")


def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    ndim = len(xi)
    s0 = (1,) * ndim
    out = [_core.reshape(asarray(x), s0[:i] + (-1,) + s0[i + 1:], "C") for i, x in enumerate(xi)]
    if indexing == "xy" and ndim > 1:
        out[0] = _core.reshape(out[0], (1, -1) + s0[2:], "C")
        out[1] = _core.reshape(out[1], (-1, 1) + s0[2:], "C")
    if not sparse:
        shape = _core.broadcast_shapes([o.shape for o in out])
        out = [_core.broadcast_to(o, shape) for o in out]
    if copy:
        out = [_core.copy(o) for o in out]
    return tuple(out)
