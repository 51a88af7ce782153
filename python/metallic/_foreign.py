"""Data metallic does not hold (structured, record, void, string, bytes, datetime64,
timedelta64, object dtypes) stays NumPy's: a metallic function that meets such an array or
dtype runs NumPy's function instead (counted in fallback_stats) and returns NumPy's result.
"""
import functools
import types

import numpy as _np

from . import _core
from ._fallback import call_numpy


def numpy_for_foreign_dtypes(fn, np_fn):
    """fn, running np_fn instead when fn meets a dtype metallic does not hold."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except _core.UnsupportedDtypeError:
            return call_numpy(np_fn, args, kwargs)
    wrapper.__wrapped_metallic__ = fn
    return wrapper


def wrap_namespace(names, numpy_namespace):
    """Wraps, in the dict names, every public function that numpy_namespace also has."""
    for name, value in list(names.items()):
        if name.startswith("_") or not isinstance(value, types.FunctionType):
            continue
        target = getattr(numpy_namespace, name, None)
        if callable(target) and not isinstance(target, type) and not hasattr(value, "__wrapped_metallic__"):
            names[name] = numpy_for_foreign_dtypes(value, target)
