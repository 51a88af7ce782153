"""NumPy's view and flag interface on ndarray: flags (whose writeable flag can be set),
setflags, view (sharing memory, any dtype), base, flat, the shape setter, real and
imag setters, resize and byteswap in place, shares_memory and may_share_memory."""

import sys

import numpy as _np

from . import _core, _manipulation
from ._fallback import call_numpy
from ._scalars import scalar_result

ndarray = _core.ndarray
_type = type  # view() takes a parameter of that name, as NumPy's
_HELD = "?bBhHiIlLqQefdFD"  # the dtypes metallic holds


# ---- flags -----------------------------------------------------------------------------

def _broadcast(a):
    """A view in which one element appears at several positions (broadcast_to's)."""
    return any(s == 0 and n > 1 for n, s in zip(a.shape, a.strides))


def _set_writeable(a, flag):
    flag = bool(flag)
    if flag and not a._writeable:
        base = a._base
        if (base is not None and not base._writeable) or _broadcast(a):
            raise ValueError("cannot set WRITEABLE flag to True of this array")
    a._set_writeable(flag)


class flagsobj:
    """a.flags: NumPy's flags of a metallic array as they were when it was asked for (as
    NumPy's flags object); setting WRITEABLE sets the array's."""

    _NAMES = {"C": "c_contiguous", "C_CONTIGUOUS": "c_contiguous", "CONTIGUOUS": "c_contiguous",
              "F": "f_contiguous", "F_CONTIGUOUS": "f_contiguous", "FORTRAN": "f_contiguous",
              "W": "writeable", "WRITEABLE": "writeable", "O": "owndata", "OWNDATA": "owndata",
              "A": "aligned", "ALIGNED": "aligned", "X": "writebackifcopy",
              "WRITEBACKIFCOPY": "writebackifcopy", "FNC": "fnc", "FORC": "forc", "B": "behaved",
              "BEHAVED": "behaved", "CA": "carray", "CARRAY": "carray", "FA": "farray",
              "FARRAY": "farray"}

    def __init__(self, a):
        object.__setattr__(self, "_a", a)
        object.__setattr__(self, "_w", a._writeable)
        object.__setattr__(self, "_layout", (a._c_contiguous, a._f_contiguous, a._base is None))

    c_contiguous = property(lambda self: self._layout[0])
    f_contiguous = property(lambda self: self._layout[1])
    contiguous = c_contiguous
    fortran = f_contiguous
    owndata = property(lambda self: self._layout[2])
    aligned = property(lambda self: True)
    writebackifcopy = property(lambda self: False)
    writeable = property(lambda self: self._w)
    behaved = property(lambda self: self.writeable)
    carray = property(lambda self: self.c_contiguous and self.writeable)
    farray = property(lambda self: self.f_contiguous and self.writeable and not self.c_contiguous)
    fnc = property(lambda self: self.f_contiguous and not self.c_contiguous)
    forc = property(lambda self: self.f_contiguous or self.c_contiguous)

    def __setattr__(self, name, value):
        if name != "writeable":
            if name in ("aligned", "writebackifcopy") and not value:
                return
            raise AttributeError(f"[flags] cannot set the {name} flag of a metallic array")
        _set_writeable(self._a, value)
        object.__setattr__(self, "_w", bool(value))

    def __getitem__(self, key):
        name = self._NAMES.get(key)
        if name is None:
            raise KeyError(f"Unknown flag {key!r}")
        return getattr(self, name)

    def __setitem__(self, key, value):
        name = self._NAMES.get(key)
        if name is None:
            raise KeyError(f"Unknown flag {key!r}")
        setattr(self, name, value)

    def __eq__(self, other):
        return isinstance(other, flagsobj) and all(
            getattr(self, n) == getattr(other, n) for n in ("c_contiguous", "f_contiguous", "owndata", "writeable"))

    def __repr__(self):
        return "\n".join(f"  {key} : {self[key]}" for key in
                         ("C_CONTIGUOUS", "F_CONTIGUOUS", "OWNDATA", "WRITEABLE", "ALIGNED", "WRITEBACKIFCOPY"))


def setflags(self, write=None, align=None, uic=None):
    if uic:
        raise ValueError("cannot set WRITEBACKIFCOPY flag to True")
    if align is False:
        raise ValueError("metallic arrays are always aligned")
    if write is not None:
        _set_writeable(self, write)


# ---- views -----------------------------------------------------------------------------

def view(self, dtype=None, type=None):
    """A new array over the same memory, optionally reading its bytes as another dtype."""
    if type is None and isinstance(dtype, _type) and issubclass(dtype, (ndarray, _np.ndarray)):
        dtype, type = None, dtype
    if type is not None and not issubclass(type, ndarray):
        return call_numpy(_np.ndarray.view, (self,), {"dtype": dtype, "type": type} if dtype is not None
                          else {"type": type})
    if type is not None and type is not ndarray:  # a Python subclass: finalized from self
        from ._subclass import as_type
        return as_type(view(self, dtype), type, self)
    if dtype is None:
        return _core.as_strided(self, self.shape, self.strides, 0)
    dt = _np.dtype(dtype)
    if dt.char not in _HELD:  # structured, string, datetime: data metallic does not hold
        return call_numpy(_np.ndarray.view, (self, dt), {})
    return _core.view_dtype(self, dt)


def _shape_setter(self, shape):
    shape = (shape,) if _np.ndim(shape) == 0 else tuple(shape)
    v = _core.reshape(self, shape, "C")
    if self.size and (not v._shares_buffer(self) or v._address() != self._address()):
        raise AttributeError("Incompatible shape for in-place modification. Use `.reshape()` "
                             "to make a copy with the desired shape.")
    _core.adopt_layout(self, v)


def _real_setter(self, value):
    r = _core.real(self)
    r[...] = value


def _imag_setter(self, value):
    if self.dtype.kind != "c":
        raise TypeError("array does not have imaginary part to set")
    r = _core.imag(self)
    r[...] = value


def _imag(self):
    r = _core.imag(self)
    if self.dtype.kind != "c":
        r._set_writeable(False)  # NumPy: the zeros of a real array's imaginary part are read-only
    return r


def resize(self, *new_shape, refcheck=True):
    """In place: the elements in C order kept, growth zero-filled (NumPy's ndarray.resize)."""
    if len(new_shape) == 1 and (new_shape[0] is None or _np.ndim(new_shape[0]) != 0):
        new_shape = () if new_shape[0] is None else tuple(new_shape[0])
    # sys.getrefcount sees the caller's name, this frame's self and its own argument.
    if refcheck and (sys.getrefcount(self) > 3 or self._referenced()):
        raise ValueError("cannot resize an array that references or is referenced\nby another array "
                         "in this way.\nUse the np.resize function or refcheck=False")
    _core.resize_in_place(self, tuple(int(n) for n in new_shape))


def byteswap(self, inplace=False):
    """The bytes of every element (each part of a complex one) reversed."""
    out = self if inplace else _core.copy(self)
    if inplace and not self._writeable:
        raise ValueError("[byteswap] array is read-only")
    parts = [_core.real(out), _core.imag(out)] if out.dtype.kind == "c" else [out]
    for p in parts:
        n = p.itemsize
        if n == 1:
            continue
        u = _core.view_dtype(p, _np.dtype(f"u{n}"))
        swapped = None
        for k in range(n):
            byte = (u >> (8 * k)) & 0xFF
            term = byte << (8 * (n - 1 - k))
            swapped = term if swapped is None else swapped | term
        _core.copyto(u, swapped, "unsafe")
    return out


# ---- flat ------------------------------------------------------------------------------

class flatiter:
    """a.flat: the elements of a in C order, read and written by flat positions."""

    def __init__(self, a):
        self.base = a
        self.index = 0

    def __len__(self):
        return self.base.size

    def _flat(self):
        return _core.ravel(self.base, "C")

    def __iter__(self):
        return iter(self.base._to_numpy().ravel())  # NumPy scalars, read in one transfer

    def __next__(self):
        if self.index >= self.base.size:
            raise StopIteration
        self.index += 1
        return self[self.index - 1]

    def __getitem__(self, idx):
        r = self._flat()[idx]
        if isinstance(r, ndarray) and r._shares_buffer(self.base):
            r = _core.copy(r)  # NumPy's flat indexing returns a copy
        return scalar_result(r)

    def __setitem__(self, idx, value):
        flat = self._flat()
        target = flat[idx]
        n = target.size if isinstance(target, ndarray) else 1
        v = value if isinstance(value, ndarray) else _core.asarray(value, self.base._device)
        v = _core.ravel(v, "C")
        if v.size and v.size != n:  # NumPy repeats a short value cyclically
            v = _manipulation.resize(v, (n,))
        if v.size == n:  # one value per target element, in the target's shape
            v = _core.reshape(v, target.shape if isinstance(target, ndarray) else (), "C")
        flat[idx] = v
        if not self.base._c_contiguous:  # flat was a copy: stored back
            self.base[...] = _core.reshape(flat, self.base.shape, "C")

    def __array__(self, dtype=None, copy=None):
        r = self.base._to_numpy().ravel()
        return r if dtype is None else r.astype(dtype)

    def copy(self):
        return _core.copy(self._flat())

    @property
    def coords(self):
        return _np.unravel_index(self.index, self.base.shape) if self.base.ndim else ()


def _flat_setter(self, value):
    flatiter(self)[...] = value


# ---- memory overlap --------------------------------------------------------------------

def _extent(x):
    """(address space, first byte, one past the last byte, element 0's byte) of x's
    elements; None when x is empty."""
    if isinstance(x, ndarray):
        if x.size == 0:
            return None
        space, start = x._device, x._address()
    else:
        x = x if isinstance(x, _np.ndarray) else _np.asarray(x)
        if x.size == 0:
            return None
        space, start = "cpu", x.__array_interface__["data"][0]
    lo = start + sum((n - 1) * s for n, s in zip(x.shape, x.strides) if s < 0)
    hi = start + sum((n - 1) * s for n, s in zip(x.shape, x.strides) if s > 0) + x.itemsize
    return space, lo, hi, start


def may_share_memory(a, b, max_work=None):
    """Whether a and b's memory extents overlap (NumPy's bounds check)."""
    if not isinstance(a, (ndarray, _np.ndarray)) or not isinstance(b, (ndarray, _np.ndarray)):
        return False  # a list or scalar becomes a new array of its own
    ea, eb = _extent(a), _extent(b)
    return bool(ea and eb and ea[0] == eb[0] and ea[1] < eb[2] and eb[1] < ea[2])


_EXACT_LIMIT = 1 << 22  # elements per array enumerated for the exact answer


def _byte_offsets(x, start):
    o = _np.zeros((), dtype=_np.int64)
    for n, s in zip(x.shape, x.strides):
        o = o[..., None] + _np.arange(n, dtype=_np.int64) * s
    return _np.sort(o.ravel() + start)


def shares_memory(a, b, max_work=None):
    """Whether some byte belongs to an element of both a and b (exact where each has at most
    2^22 elements or both are contiguous; past that, the bounds check)."""
    if not isinstance(a, (ndarray, _np.ndarray)) or not isinstance(b, (ndarray, _np.ndarray)):
        return False  # a list or scalar becomes a new array of its own
    ea, eb = _extent(a), _extent(b)
    if not (ea and eb and ea[0] == eb[0] and ea[1] < eb[2] and eb[1] < ea[2]):
        return False
    a_, b_ = (x if isinstance(x, (ndarray, _np.ndarray)) else _np.asarray(x) for x in (a, b))
    contiguous = all(x.flags.c_contiguous or x.flags.f_contiguous for x in (a_, b_))
    if contiguous or max_work == 0 or a_.size > _EXACT_LIMIT or b_.size > _EXACT_LIMIT:
        return True
    oa, ob = _byte_offsets(a_, ea[3]), _byte_offsets(b_, eb[3])
    # An element of b starting inside one of a's, or one of a's inside one of b's.
    i = _np.searchsorted(oa, ob, side="right") - 1
    if _np.any((i >= 0) & (ob < oa[_np.maximum(i, 0)] + a_.itemsize)):
        return True
    j = _np.searchsorted(ob, oa, side="right") - 1
    return bool(_np.any((j >= 0) & (oa < ob[_np.maximum(j, 0)] + b_.itemsize)))


def attach():
    shape_get = ndarray.__dict__["shape"].fget
    ndarray.shape = property(shape_get, _shape_setter)
    ndarray.flags = property(lambda self: flagsobj(self))
    ndarray.setflags = setflags
    ndarray.view = view
    ndarray.base = property(lambda self: self._base)
    ndarray.flat = property(lambda self: flatiter(self), _flat_setter)
    ndarray.real = property(lambda self: _core.real(self), _real_setter)
    ndarray.imag = property(_imag, _imag_setter)
    ndarray.resize = resize
    ndarray.byteswap = byteswap
