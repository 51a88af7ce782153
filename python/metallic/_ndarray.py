"""NumPy's ndarray interface, attached to the core's array class."""

import operator
import types

import numpy as _np

from . import _core, _reductions, _views
from ._fallback import call_numpy, count_conversion
from ._scalars import scalar_result, selects_element
from ._ufunc import UFUNCS

ndarray = _core.ndarray


# The arithmetic and comparison operators (+, +=, <, ...) are bound in C++
# (python/src/operators_bind.cpp): their per-call cost matters most.


ndarray.__divmod__ = lambda self, other: UFUNCS["divmod"](self, other)
ndarray.__rdivmod__ = lambda self, other: UFUNCS["divmod"](other, self)
def _unary(name):
    uf = UFUNCS[name]
    return lambda self: uf(self)


ndarray.__neg__ = _unary("negative")
ndarray.__pos__ = _unary("positive")
ndarray.__abs__ = _unary("absolute")
ndarray.__invert__ = _unary("invert")
ndarray.__hash__ = None
ndarray.__array_priority__ = 0.0  # NumPy's ndarray's: scipy.sparse's 10.1 takes a @ s


def _matmul(a, b):
    from ._products import matmul
    return matmul(a, b)


ndarray.__matmul__ = lambda self, other: NotImplemented if _core.defer_to_other(other) else _matmul(self, other)
ndarray.__rmatmul__ = lambda self, other: NotImplemented if _core.defer_to_other(other) else _matmul(other, self)


# ---- host access ---------------------------------------------------------------------

def __array__(self, dtype=None, copy=None):
    count_conversion()
    a = self._to_numpy()
    if dtype is not None and a.dtype != _np.dtype(dtype):
        a = a.astype(dtype)
    if not self._writeable:
        a.flags.writeable = False
    return a


ndarray.__array__ = __array__


def _array_interface(self):
    """Zero-copy host view for NumPy (CPU arrays); GPU arrays have none (AttributeError)."""
    if self._device != "cpu":
        raise AttributeError("__array_interface__")
    count_conversion()
    ptr = self._host_pointer() if self.size else 0
    return {"version": 3, "shape": self.shape, "typestr": self.dtype.str,
            "data": (ptr, not self._writeable),
            "strides": None if self._c_contiguous else self.strides}


ndarray.__array_interface__ = property(_array_interface)


def _cuda_array_interface(self):
    """CUDA Array Interface v3 for GPU arrays (CuPy, Numba, PyTorch read it zero-copy)."""
    if not self._device.startswith("cuda"):
        raise AttributeError("__cuda_array_interface__")
    ptr = self._device_pointer() if self.size else 0
    return {"version": 3, "shape": self.shape, "typestr": self.dtype.str,
            "data": (ptr, not self._writeable),
            "strides": None if self._c_contiguous else self.strides, "stream": None}


ndarray.__cuda_array_interface__ = property(_cuda_array_interface)


def __dlpack__(self, *, stream=None, max_version=None, dl_device=None, copy=None):
    """DLPack export, zero-copy on the CPU and the GPU (the capsule keeps the array alive;
    pending work and the device stream are finished first, so any consumer stream may read)."""
    kwargs = {"stream": stream}
    if max_version is not None:
        kwargs["max_version"] = max_version
    if dl_device is not None:
        kwargs["dl_device"] = dl_device
    source = self.copy() if copy else self  # copy=True: the consumer gets its own memory
    return _core._dlpack_export(source).__dlpack__(**kwargs)


def __dlpack_device__(self):
    if self._device == "cpu":
        return (1, 0)  # kDLCPU
    return (2, int(self._device.split(":")[1]))  # kDLCUDA


ndarray.__dlpack__ = __dlpack__
ndarray.__dlpack_device__ = __dlpack_device__


def __array_namespace__(self, *, api_version=None):
    if api_version not in (None, "2021.12", "2022.12", "2023.12", "2024.12"):
        raise ValueError(f"metallic does not support array API version {api_version}")
    import metallic
    return metallic


ndarray.__array_namespace__ = __array_namespace__
def get(self, stream=None, order="C", out=None):
    """A NumPy copy (CuPy's name); with out=, copied into that NumPy array."""
    if out is None:
        return self._to_numpy()
    if out.shape != self.shape or out.dtype != self.dtype:
        raise ValueError("[get] out= must have the array's shape and dtype")
    self._copy_to_host(out)
    return out


ndarray.get = get
ndarray.tolist = lambda self: self._to_numpy().tolist()
ndarray.__repr__ = lambda self: repr(self._to_numpy())
ndarray.__str__ = lambda self: str(self._to_numpy())
ndarray.__format__ = lambda self, spec: format(self._to_numpy(), spec)


def item(self, *args):
    if args:
        return self._to_numpy().item(*args)
    if self.size != 1:
        raise ValueError("can only convert an array of size 1 to a Python scalar")
    return self._item()


ndarray.item = item


def _scalar_conversion(kind):
    def conv(self):
        if self.ndim != 0:  # NumPy 2.4 accepts only 0-d arrays
            raise TypeError("only 0-dimensional arrays can be converted to Python scalars")
        return kind(self._item())

    return conv


ndarray.__float__ = _scalar_conversion(float)
ndarray.__int__ = _scalar_conversion(int)
ndarray.__complex__ = _scalar_conversion(complex)


def __index__(self):
    if self.dtype.kind not in "iub" or self.ndim != 0 or self.dtype.kind == "b":
        raise TypeError("only integer scalar arrays can be converted to a scalar index")
    return self._item()


ndarray.__index__ = __index__


def __bool__(self):
    if self.size == 1:
        return bool(self._item())
    if self.size == 0:
        raise ValueError("The truth value of an empty array is ambiguous. Use `array.size > 0` "
                         "to check that an array is not empty.")
    raise ValueError("The truth value of an array with more than one element is ambiguous. "
                     "Use a.any() or a.all()")


ndarray.__bool__ = __bool__


def __len__(self):
    if self.ndim == 0:
        raise TypeError("len() of unsized object")
    return self.shape[0]


ndarray.__len__ = __len__


def __iter__(self):
    if self.ndim == 0:
        raise TypeError("iteration over a 0-d array")
    if self.ndim == 1 and _core.numpy_scalars():
        count_conversion()
        return iter(self._to_numpy())  # NumPy scalars, read in one transfer
    return (_core.getitem(self, i) for i in range(self.shape[0]))


ndarray.__iter__ = __iter__


def __copy__(self):
    from ._creation import copy
    return copy(self, "K")  # the layout kept, as NumPy's copy.copy


ndarray.__copy__ = __copy__
ndarray.__deepcopy__ = lambda self, memo: __copy__(self)
# ndarray[Any, dtype[float64]] in annotations, as NumPy's
ndarray.__class_getitem__ = classmethod(lambda cls, item: types.GenericAlias(cls, item))
def _restore(host, device):
    """Unpickling: the array back on the device it was pickled from, or on this process's
    default device when that one is not here (a GPU worker's chunk on a CPU-only worker)."""
    if device.startswith("cuda") and int(device.partition(":")[2] or 0) >= _core.cuda_device_count():
        device = None
    if host.flags.f_contiguous and not host.flags.c_contiguous:  # kept in Fortran order
        return _core.transpose(_core.asarray(host.T, device), None)
    return _core.asarray(host, device)


def __dask_tokenize__(self):
    """Dask's content token without reading the data: the buffer's serial number and write
    count. Memory others may write (NumPy views, DLPack) is hashed where it is host memory
    and gets a fresh token each time otherwise."""
    from . import _dask
    _dask.register()
    content = self._content_id()
    if content is None and self._device == "cpu":
        from dask.tokenize import normalize_token
        content = normalize_token(_np.asarray(self))
    elif content is None:
        import uuid
        content = uuid.uuid4().hex
    return ("metallic.ndarray", str(self.dtype), self.shape, self.strides, self._device, content)


ndarray.__dask_tokenize__ = __dask_tokenize__


def __reduce__(self):
    host = self._to_numpy()
    if self._f_contiguous and not self._c_contiguous:
        host = _np.asfortranarray(host)  # memory order survives the round trip, as NumPy's
    return _restore, (host, self._device)


ndarray.__reduce__ = __reduce__


# ---- indexing ------------------------------------------------------------------------

def _to_numpy_index(idx):
    if isinstance(idx, tuple):
        return tuple(_to_numpy_index(i) for i in idx)
    if isinstance(idx, ndarray):
        return idx._to_numpy()
    return idx


def __getitem__(self, idx):
    try:
        r = _core.getitem(self, idx)
    except KeyError:  # advanced indexing: one index array natively, other forms in NumPy
        from ._indexing import gather, multi_gather
        r = gather(self, idx)
        if r is None:
            r = multi_gather(self, idx)
        if r is None:
            r = call_numpy(operator.getitem, (self, _to_numpy_index(idx)), {})
            if isinstance(r, _np.generic):
                return r
            r = r if isinstance(r, ndarray) else _core.asarray(r)
    if r.ndim == 0 and selects_element(idx, self.ndim):
        # One element: a NumPy scalar, or (array mode) a 0-d copy, never a live view.
        return r._scalar() if _core.numpy_scalars() else _core.copy(r)
    if _has_array_item(idx) and r._shares_buffer(self):
        return _core.copy(r)  # a 0-d integer array indexes as advanced indexing does: a copy
    return r


def _has_array_item(idx):
    if isinstance(idx, tuple):
        return any(isinstance(i, (ndarray, _np.ndarray)) for i in idx)
    return isinstance(idx, (ndarray, _np.ndarray))


def _converted(value, dtype):
    """value for an array of dtype: sequences and objects metallic does not hold as values
    (strings, None, Decimal, Fraction) converted by NumPy's rules for dtype ('1.5' is 1.5,
    None is NaN, 'abc' ValueError, [300] into uint8 OverflowError)."""
    if isinstance(value, (ndarray, _np.ndarray, _np.generic, int, float, complex)) or any(
            hasattr(value, p) for p in ("__cuda_array_interface__", "__dlpack__", "__array__")):
        return value  # arrays of other libraries go as they are (on their device)
    return _np.asarray(value, dtype=dtype)  # lists too: [300] into uint8 raises, as NumPy's


def __setitem__(self, idx, value):
    value = _converted(value, self.dtype)
    if selects_element(idx, self.ndim):
        value = _element_value(value, self.dtype)
    try:
        _core.setitem(self, idx, value)
    except KeyError:  # advanced indexing: one index array or mask natively, other forms in NumPy
        from ._indexing import scatter
        if scatter(self, idx, value):
            return
        host = self._to_numpy()
        call_numpy(operator.setitem, (host, _to_numpy_index(idx), value), {})
        _core.copyto(self, host, "unsafe")


def _element_value(value, dtype):
    """A value for one element, checked as NumPy's: no sequence, and a Python float into an
    integer type as int() of it, which must fit."""
    if isinstance(value, (list, tuple)) or (isinstance(value, (ndarray, _np.ndarray)) and value.ndim > 0):
        raise ValueError("setting an array element with a sequence.")
    if type(value) is float and dtype.kind in "iu" and _np.isfinite(value):
        whole = int(value)
        info = _np.iinfo(dtype)
        if not info.min <= whole <= info.max:
            raise OverflowError(f"Python integer {whole} out of bounds for {dtype}")
        return whole
    return value


ndarray.__getitem__ = __getitem__
ndarray.__setitem__ = __setitem__


# ---- properties ----------------------------------------------------------------------

ndarray.T = property(lambda self: _core.transpose(self, None))
ndarray.mT = property(lambda self: _core.swapaxes(self, -1, -2))
ndarray.device = property(lambda self: self._device)


# ---- methods -------------------------------------------------------------------------

def _shape_args(args):
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(args[0])
    return args


def reshape(self, *shape, order="C", copy=None):
    r = _core.reshape(self, _shape_args(shape), "F" if order == "A" and self._f_contiguous and
                      not self._c_contiguous else order)
    if copy is False and self.size and not r._shares_buffer(self):
        raise ValueError("Unable to avoid creating a copy while reshaping.")
    return _core.copy(r) if copy else r


def transpose(self, *axes):
    if axes == (None,):
        axes = ()
    axes = _shape_args(axes)
    return _core.transpose(self, axes if axes else None)


def astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):
    # None: float64, as NumPy's; a DType class (numpy.dtypes.Int32DType): its instance
    dtype = dtype() if isinstance(dtype, type) and issubclass(dtype, _np.dtype) else _np.dtype(dtype)
    if dtype.char not in "?bBhHiIlLqQefdFD":
        # Strings, objects, datetimes: data metallic does not hold stays a NumPy array.
        return call_numpy(_np.ndarray.astype, (self, dtype), {"casting": casting})
    if not dtype.isnative:  # the other byte order, asked for: NumPy's array (metallic holds native order)
        return self.get().astype(dtype, casting=casting)
    from ._creation import _check_order, _fortran_copy, _wants_fortran
    fortran = _wants_fortran(_check_order(order), self)
    if not copy and self.dtype == dtype and (self._f_contiguous if fortran else order != "C" or self._c_contiguous):
        return self
    if not _core.can_cast(self.dtype, dtype, casting):
        raise TypeError(f"Cannot cast array data from {self.dtype!r} to {dtype!r} "
                        f"according to the rule '{casting}'")
    r = _core.astype(self, dtype, True if fortran else copy)
    return _fortran_copy(r) if fortran and not r._f_contiguous else r


def fill(self, value):
    _core.copyto(self, _converted(value, self.dtype), "unsafe")


def to_device(self, device, stream=None):
    return _core.to_device(self, str(device))


ndarray.reshape = reshape
ndarray.transpose = transpose
ndarray.astype = astype
ndarray.fill = fill
ndarray.to_device = to_device
ndarray.copy = lambda self, order="C": __import__("metallic")._creation.copy(self, order)
def _memory_order(a, order):
    """'A' means F order for arrays laid out in F order only, else C ('K' too, once
    _in_memory_order has put the axes in the order of the elements in memory)."""
    if order in ("A", "K"):
        return "F" if a._f_contiguous and not a._c_contiguous else "C"
    return order


def _in_memory_order(a):
    """a's axes ordered by stride, largest first (an axis stepping backwards is not
    reversed, as NumPy's): a C-order pass visits the elements in memory order (order='K')."""
    strides = a.strides
    perm = sorted(range(a.ndim), key=lambda d: -abs(strides[d]))
    return a.transpose(perm) if perm != list(range(a.ndim)) else a


def _flat(fn):
    def method(self, order="C"):
        if order == "K" and not (self._c_contiguous or self._f_contiguous):
            return fn(_in_memory_order(self), "C")
        return fn(self, _memory_order(self, order))
    return method


ndarray.ravel = _flat(_core.ravel)
ndarray.flatten = _flat(_core.flatten)
ndarray.squeeze = lambda self, axis=None: _core.squeeze(self, axis)
ndarray.swapaxes = lambda self, a1, a2: _core.swapaxes(self, a1, a2)
# A real array's conjugate is the array itself (bool stays bool, 0-d stays an array), as NumPy's.
ndarray.conj = lambda self: UFUNCS["conjugate"](self) if self.dtype.kind == "c" else self
ndarray.__contains__ = lambda self, value: bool(UFUNCS["equal"](self, value).any())
ndarray.conjugate = ndarray.conj
ndarray.round = lambda self, decimals=0, out=None: _reductions._finish(_core.round(self, decimals), out)
ndarray.clip = lambda self, min=None, max=None, out=None, **kw: __import__("metallic").clip(self, min, max, out=out, **kw)
for _name in ("sum", "prod", "max", "min", "any", "all", "mean", "var", "std", "argmax",
              "argmin", "cumsum", "cumprod"):  # no ptp method: NumPy 2 removed it
    setattr(ndarray, _name, getattr(_reductions, _name))


def _numpy_method(name):
    def method(self, *args, **kwargs):
        return call_numpy(getattr(_np.ndarray, name), (self,) + args, kwargs)

    method.__name__ = name
    return method


ndarray.dot = lambda self, b, out=None: __import__("metallic")._products.dot(self, b, out)

ndarray.take = lambda self, indices, axis=None, out=None, mode="raise": \
    __import__("metallic")._indexing.take(self, indices, axis, out, mode)

ndarray.nonzero = lambda self: __import__("metallic")._selection.nonzero(self)

for _name in ("tobytes", "dump", "dumps", "tofile"):
    setattr(ndarray, _name, _numpy_method(_name))


def _native_method(module, name, adapt=None):
    """ndarray.<name> as metallic.<name>(self, ...) (module imported on first use)."""
    def method(self, *args, **kwargs):
        import importlib
        fn = getattr(importlib.import_module("metallic." + module), name)
        return fn(self, *args, **kwargs) if adapt is None else adapt(fn, self, *args, **kwargs)

    method.__name__ = name
    return method


def _in_place(fn, self, *args, **kwargs):
    self[...] = fn(self, *args, **kwargs)


ndarray.sort = _native_method("_sorting", "sort", _in_place)
ndarray.partition = _native_method("_sorting", "partition", _in_place)
ndarray.argsort = _native_method("_sorting", "argsort")
ndarray.argpartition = _native_method("_sorting", "argpartition")
ndarray.searchsorted = _native_method("_sorting", "searchsorted")
ndarray.repeat = _native_method("_manipulation", "repeat")
ndarray.put = _native_method("_selection", "put")
ndarray.diagonal = _native_method("_manipulation", "diagonal")
ndarray.trace = _native_method("_manipulation", "trace")
ndarray.compress = _native_method("_selection", "compress",
                                  lambda fn, self, condition, axis=None, out=None: fn(condition, self, axis, out))
ndarray.choose = _native_method("_selection", "choose",
                                lambda fn, self, choices, out=None, mode="raise": fn(self, choices, out, mode))


def _foreign(objs):
    """Another library's array type among objs (NEP 13/18): it gets its own turn."""
    return any(hasattr(type(o), "__array_ufunc__") and not isinstance(o, (ndarray, _np.ndarray, _np.generic))
               and type(o).__array_ufunc__ is not None for o in objs)


def __array_ufunc__(self, uf, method, *inputs, **kwargs):
    if _foreign(inputs + tuple(kwargs.get("out", ()) or ())):
        return NotImplemented
    if uf is _np.matmul and method == "__call__":  # a gufunc: metallic's matmul (the BLAS)
        from ._products import matmul
        return matmul(*inputs, **kwargs)
    ours = UFUNCS.get(uf.__name__)
    if ours is None or method not in ("__call__", "reduce", "accumulate", "outer", "at"):
        return call_numpy(getattr(uf, method), inputs, kwargs)
    fn = ours if method == "__call__" else getattr(ours, method)
    return fn(*inputs, **kwargs)


ndarray.__array_ufunc__ = __array_ufunc__


def __array_function__(self, func, types, args, kwargs):
    if any(not issubclass(t, (ndarray, _np.ndarray)) for t in types):
        return NotImplemented
    import metallic
    # metallic's function of the same module (numpy.strings.mod is not the ufunc mod)
    space = {"numpy": metallic, "numpy.linalg": metallic.linalg, "numpy.fft": metallic.fft,
             "numpy.lib.stride_tricks": metallic.lib.stride_tricks}.get(func.__module__)
    ours = space.__dict__.get(func.__name__) if space is not None else None
    if ours is func:  # NumPy's own function, reading no array data: its undispatched body
        impl = getattr(func, "_implementation", None)
        return impl(*args, **kwargs) if impl is not None else call_numpy(func, args, kwargs)
    if ours is not None and callable(ours) and not getattr(ours, "_numpy_fallback", False) \
            and func.__module__.startswith("numpy") and "." not in func.__qualname__:
        # Without the NumPy run for dtypes metallic does not hold: a library dispatching here
        # (dask) sees the TypeError that tells it the array type lacks them, as with CuPy.
        return getattr(ours, "__wrapped_metallic__", ours)(*args, **kwargs)
    return call_numpy(func, args, kwargs)


ndarray.__array_function__ = __array_function__
_views.attach()
