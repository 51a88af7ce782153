"""Python subclasses of metallic.ndarray as NumPy's: view(cls) makes one (calling
__array_finalize__), and slicing, operators, array methods and ufuncs return the
subclass where NumPy's do (through __array_wrap__ when the subclass defines one, else a
view as the subclass finalized from the input)."""
import numpy as _np

from . import _core

ndarray = _core.ndarray

# Whether any subclass was defined: the ufuncs look only then.
defined = [False]

_METHODS = (
    "__getitem__", "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
    "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__pow__", "__rpow__",
    "__matmul__", "__rmatmul__", "__neg__", "__pos__", "__abs__", "__invert__", "__and__", "__rand__",
    "__or__", "__ror__", "__xor__", "__rxor__", "__lshift__", "__rshift__", "__lt__", "__le__", "__gt__",
    "__ge__", "__eq__", "__ne__", "__copy__", "__deepcopy__", "reshape", "transpose", "ravel", "flatten",
    "squeeze", "swapaxes", "copy", "astype", "sum", "prod", "mean", "std", "var", "min", "max", "cumsum",
    "cumprod", "round", "clip", "conj", "conjugate", "repeat", "take", "diagonal", "dot", "compress")
_PROPERTIES = ("T", "real", "imag", "mT")


def finish(result, source):
    """result (a plain metallic array) as source's subclass, as NumPy's __array_wrap__."""
    cls = type(source)
    if type(result) is not ndarray or cls is ndarray:
        return result
    wrap = getattr(cls, "__array_wrap__", None)
    if wrap is not None:
        return wrap(source, result, None, False)
    return as_type(result, cls, source)


def as_type(a, cls, source):
    r = _core.as_subclass(cls, a)
    fin = getattr(cls, "__array_finalize__", None)
    if fin is not None:
        fin(r, source)
    return r


def wrap_ufunc_result(args, result):
    """The ufunc result as the subclass of its first subclassed input."""
    for a in args:
        if isinstance(a, ndarray) and type(a) is not ndarray:
            if isinstance(result, tuple):
                return tuple(finish(r, a) for r in result)
            return finish(result, a)
    return result


# Reductions whose whole-array result NumPy gives a subclass as a 0-d subclass array.
_REDUCTIONS = ("sum", "prod", "mean", "std", "var", "min", "max")


def _method(base):
    if getattr(base, "__name__", "") in _REDUCTIONS:
        def method(self, *args, **kwargs):
            r = base(self, *args, **kwargs)
            return finish(_core.asarray(r) if isinstance(r, _np.generic) else r, self)
    else:
        def method(self, *args, **kwargs):
            return finish(base(self, *args, **kwargs), self)
    method.__name__ = getattr(base, "__name__", "method")
    method.__doc__ = getattr(base, "__doc__", None)
    return method


def _property(name):
    base = getattr(ndarray, name)  # a data descriptor: its __set__ refuses where base does
    return property(lambda self: finish(base.__get__(self, ndarray), self), lambda self, v: base.__set__(self, v))


def _init_subclass(cls, **kwargs):
    defined[0] = True
    own = set()
    for klass in cls.__mro__:
        if klass is ndarray:
            break
        own |= set(vars(klass))
    for name in _METHODS:
        if name not in own and hasattr(ndarray, name):
            setattr(cls, name, _method(getattr(ndarray, name)))
    if "__new__" in own and "__init__" not in own:
        # Python calls __init__ after a __new__ that made the instance (through view):
        # ndarray's constructor must not run again on it (NumPy's accepts and ignores).
        cls.__init__ = lambda self, *args, **kwargs: None
    for name in _PROPERTIES:
        if name not in own and hasattr(ndarray, name):
            setattr(cls, name, _property(name))


ndarray.__init_subclass__ = classmethod(_init_subclass)
ndarray.__array_finalize__ = lambda self, obj: None  # as NumPy's: subclasses may call it
