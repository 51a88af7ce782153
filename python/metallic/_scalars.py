"""Scalar results as NumPy's: indexing one element, reductions to one value and ufuncs of
0-d arrays give NumPy scalar objects (one counted device-to-host read each). In the
"array" mode (``METALLIC_SCALARS=array`` or ``set_scalar_mode("array")``) they stay 0-d
metallic arrays on the device instead, which behave as NumPy's 0-d arrays."""

import operator

import numpy as _np

from . import _core


def set_scalar_mode(mode):
    """'numpy' (the default): scalar results are NumPy scalars; 'array': 0-d device arrays."""
    if mode not in ("numpy", "array"):
        raise ValueError("scalar mode must be 'numpy' or 'array'")
    _core.numpy_scalars(mode == "numpy")


def get_scalar_mode():
    """'numpy' or 'array': what scalar results are (see set_scalar_mode)."""
    return "numpy" if _core.numpy_scalars() else "array"


def scalar_result(r):
    """r, or its value as a NumPy scalar where r is a 0-d metallic array and the mode says so."""
    if isinstance(r, _core.ndarray) and r.ndim == 0 and _core.numpy_scalars():
        return r._scalar()
    return r


def _is_integer_index(i):
    if isinstance(i, (bool, _np.bool_)):
        return False
    if isinstance(i, (_core.ndarray, _np.ndarray)):
        return i.ndim == 0 and i.dtype.kind in "iu"
    try:
        operator.index(i)
    except TypeError:
        return False
    return True


def selects_element(idx, ndim):
    """Whether a[idx] picks one element (NumPy returns a scalar there, not a 0-d view)."""
    if not isinstance(idx, tuple):
        return ndim == 1 and _is_integer_index(idx)
    return len(idx) == ndim and all(_is_integer_index(i) for i in idx)


def host_scalar(r):
    """r's value as a NumPy scalar, whatever the mode (for code that needs it on the host)."""
    return r._scalar() if isinstance(r, _core.ndarray) else r


def returns_scalar(fn):
    """fn with a 0-d result returned as scalar_result does (for functions whose result NumPy
    gives as a scalar: median, dot, ...)."""
    def wrapper(*args, **kwargs):
        return scalar_result(fn(*args, **kwargs))

    wrapper.__name__, wrapper.__qualname__, wrapper.__doc__ = fn.__name__, fn.__qualname__, fn.__doc__
    wrapper.__module__ = fn.__module__
    return wrapper
