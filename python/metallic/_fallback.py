"""Running NumPy for what metallic does not implement natively: counted, optionally warned."""

import os
import warnings

import numpy as _np

from . import _core
from ._convert import device_of_tree, from_numpy_tree, to_numpy_tree

_counts = {}
_mode = os.environ.get("METALLIC_FALLBACK", "ignore")


class FallbackWarning(UserWarning):
    """Issued (METALLIC_FALLBACK=warn) when a call runs in NumPy on the host."""


def set_fallback_mode(mode):
    """What a call that runs NumPy's on the host does: 'ignore' (counted only, the default),
    'warn' (a FallbackWarning) or 'raise' (NotImplementedError). METALLIC_FALLBACK sets it
    at import."""
    global _mode
    if mode not in ("ignore", "warn", "raise"):
        raise ValueError("fallback mode must be 'ignore', 'warn' or 'raise'")
    _mode = mode


_conversion_mode = os.environ.get("METALLIC_ARRAY_CONVERSION", "allow")


def set_array_conversion_mode(mode):
    """What implicit conversion to NumPy (np.asarray(x), __array__) does: 'allow' (counted
    as '__array__' in fallback_stats), 'warn', or 'raise' (strict)."""
    global _conversion_mode
    if mode not in ("allow", "warn", "raise"):
        raise ValueError("array conversion mode must be 'allow', 'warn' or 'raise'")
    _conversion_mode = mode


def count_conversion():
    """Called by every implicit conversion of a metallic array to NumPy."""
    _counts["__array__"] = _counts.get("__array__", 0) + 1
    if _conversion_mode == "raise":
        raise TypeError("implicit conversion of a metallic array to NumPy is disabled "
                        "(METALLIC_ARRAY_CONVERSION=raise); use x.get() or mtl.asnumpy(x)")
    if _conversion_mode == "warn":
        warnings.warn("metallic: implicit conversion to a NumPy array", FallbackWarning, stacklevel=3)


def fallback_stats():
    """How many times each NumPy function ran as a fallback ('__array__': implicit
    conversions to NumPy; reads that make NumPy scalar results count in mtl.profile)."""
    return dict(_counts)


def call_numpy(fn, args, kwargs):
    """fn(*args, **kwargs) in NumPy on host copies of metallic arrays, the results brought
    back as metallic arrays; counted (fallback_stats) and, by the fallback mode, warned of
    or refused."""
    name = getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn)))
    _counts[name] = _counts.get(name, 0) + 1
    if _mode == "raise":
        raise NotImplementedError(f"metallic has no native '{name}' (METALLIC_FALLBACK=raise)")
    if _mode == "warn":
        warnings.warn(f"metallic: '{name}' runs in NumPy on the host", FallbackWarning, stacklevel=3)
    # Results go back to the device the metallic arguments were on.
    device = device_of_tree(args) or device_of_tree(kwargs)
    np_args, np_kwargs = to_numpy_tree(args), to_numpy_tree(kwargs)
    result = fn(*np_args, **np_kwargs)
    # NumPy wrote into its copies of metallic arrays: out= arrays and the first argument of
    # functions that work in place. Those writes go back into the metallic arrays.
    if args and isinstance(args[0], _core.ndarray) and _in_place(fn):
        _core.copyto(args[0], np_args[0], "unsafe")
    out = kwargs.get("out")
    if out is not None:
        outs, np_outs = (out, np_kwargs["out"]) if isinstance(out, tuple) else ((out,), (np_kwargs["out"],))
        for mine, theirs in zip(outs, np_outs):
            if isinstance(mine, _core.ndarray):
                _core.copyto(mine, theirs, "unsafe")
        if result is np_outs[0] or (isinstance(result, tuple) and all(r is t for r, t in zip(result, np_outs))):
            return outs[0] if isinstance(result, _np.ndarray) else outs
    return from_numpy_tree(result, device)


# NumPy functions and ndarray methods that modify their first argument.
_IN_PLACE = {_np.put, _np.place, _np.putmask, _np.copyto, _np.fill_diagonal, _np.put_along_axis,
             _np.ndarray.sort, _np.ndarray.partition, _np.ndarray.put, _np.ndarray.fill, _np.ndarray.setfield,
             _np.random.shuffle}


def _in_place(fn):
    if fn in _IN_PLACE:
        return True
    owner = getattr(fn, "__self__", None)  # ufunc.at, Generator.shuffle and friends
    return (getattr(fn, "__name__", "") == "at" and isinstance(owner, _np.ufunc)) or \
        getattr(fn, "__name__", "") in ("shuffle",)


def namespace_getattr(numpy_module, module_name):
    """A module __getattr__ that serves numpy_module's functions through the fallback."""
    def __getattr__(name):
        target = getattr(numpy_module, name, None)
        if target is None or name.startswith("__"):
            raise AttributeError(f"module '{module_name}' has no attribute '{name}'")
        if callable(target) and not isinstance(target, type):
            return wrap(target)
        return target

    return __getattr__


def namespace_dir(numpy_module, names):
    """A module __dir__: the module's own names (the dict names) and numpy_module's public ones."""
    def __dir__():
        return sorted(set(names) | {n for n in dir(numpy_module) if not n.startswith("_")})

    return __dir__


def wrap(fn):
    def wrapper(*args, **kwargs):
        return call_numpy(fn, args, kwargs)

    wrapper.__name__ = getattr(fn, "__name__", "fallback")
    wrapper.__doc__ = getattr(fn, "__doc__", None)
    wrapper.__wrapped__ = fn
    wrapper._numpy_fallback = True  # not metallic's own (see ndarray.__array_function__)
    return wrapper


# NumPy functions that run NumPy's on the host (their arguments copied there, results
# copied back), and why. tests/python/test_namespace_walk.py keeps this list exact.
_HOST_WORK = "text, files and printing: parsed or formatted on the host"
_MATRIX = "numpy.matrix is NumPy's class"
_PYTHON = "calls a Python function per element or per slice"
DOCUMENTED = {
    "numpy": {
        **dict.fromkeys(("array2string", "array_repr", "array_str", "frombuffer", "fromfile", "fromiter",
                         "fromregex", "fromstring", "genfromtxt", "loadtxt", "save", "savetxt", "savez",
                         "savez_compressed"), _HOST_WORK),
        **dict.fromkeys(("asmatrix", "bmat"), _MATRIX),
        **dict.fromkeys(("frompyfunc", "nested_iters"), _PYTHON),
        "test": "NumPy's test runner",
    },
    "numpy.linalg": {"test": "NumPy's test runner"},
    "numpy.fft": {"test": "NumPy's test runner"},
    "numpy.random": {"get_bit_generator": "NumPy's legacy global generator",
                     "set_bit_generator": "NumPy's legacy global generator", "test": "NumPy's test runner"},
}
