"""Turning array-likes into metallic arrays and back."""

import numpy as _np

from . import _core


def asarray_any(a):
    """A metallic array for any array-like (Python scalars become strong 0-d arrays)."""
    if isinstance(a, _core.ndarray):
        return a
    return _core.asarray(a)


def on_device_of(host, like):
    """host data (a NumPy array, say) as a metallic array on like's device."""
    return _core.asarray(host, like._device)


def asnumpy(a, stream=None, order="C", out=None):
    """A numpy.ndarray copy of a (CuPy's name); anything else goes through numpy.asarray."""
    r = a._to_numpy() if isinstance(a, _core.ndarray) else _np.asarray(a, order=order)
    if out is not None:
        out[...] = r
        return out
    return r


def to_numpy_tree(obj):
    """Replaces metallic arrays inside lists, tuples and dicts by numpy arrays."""
    if isinstance(obj, _core.ndarray):
        return obj._to_numpy()
    if type(obj) is list:
        return [to_numpy_tree(x) for x in obj]
    if type(obj) is tuple:
        return tuple(to_numpy_tree(x) for x in obj)
    if isinstance(obj, dict):
        return {k: to_numpy_tree(v) for k, v in obj.items()}
    return obj


def from_numpy_tree(obj, device=None, native_only=True):
    """Replaces numpy arrays (of dtypes metallic holds) by metallic arrays on device
    (default: the default device); anything else passes through. An array in the other
    byte order (a NumPy function asked for it) stays NumPy's unless not native_only."""
    if isinstance(obj, _np.ndarray):
        if obj.dtype.char in "?bBhHiIlLqQefdFD" and (obj.dtype.isnative or not native_only):
            return _core.asarray(obj, device)  # the other byte order converted to native
        return obj
    if type(obj) is tuple:
        return tuple(from_numpy_tree(x, device, native_only) for x in obj)
    if type(obj) is list:
        return [from_numpy_tree(x, device, native_only) for x in obj]
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # named tuples (linalg results)
        return type(obj)(*(from_numpy_tree(x, device, native_only) for x in obj))
    return obj


def device_of_tree(obj):
    """The device of the first metallic array inside obj (lists, tuples, dicts), or None."""
    if isinstance(obj, _core.ndarray):
        return obj._device
    if isinstance(obj, (list, tuple)):
        for x in obj:
            d = device_of_tree(x)
            if d is not None:
                return d
    if isinstance(obj, dict):
        return device_of_tree(list(obj.values()))
    return None
