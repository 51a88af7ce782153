"""Ufunc objects: NumPy's calling convention (out=, dtype=, casting=, where=) over the core."""

import functools

import numpy as _np

from . import _core, _subclass
from ._scalars import scalar_result


def _as_out_tuple(out, nout):
    if out is None:
        return None
    if not isinstance(out, tuple):
        out = (out,)
    if len(out) != nout:
        raise ValueError(f"The 'out' tuple must have exactly {nout} entries: one per ufunc output")
    return out


def _store(name, dst, result, casting):
    if dst is None:
        return result
    if isinstance(dst, _np.ndarray):  # a NumPy out= (n += metallic_array): the result copied in
        if not _np.can_cast(result.dtype, dst.dtype, casting):
            raise TypeError(f"Cannot cast ufunc '{name}' output from {result.dtype!r} to "
                            f"{dst.dtype!r} with casting rule '{casting}'")
        _np.copyto(dst, result._to_numpy(), casting="unsafe")
        return dst
    if not isinstance(dst, _core.ndarray):
        raise TypeError("return arrays must be of ArrayType")
    if not _core.can_cast(result.dtype, dst.dtype, casting):
        raise TypeError(f"Cannot cast ufunc '{name}' output from {result.dtype!r} to "
                        f"{dst.dtype!r} with casting rule '{casting}'")
    _core.copyto(dst, result, "unsafe")
    return dst


def _numpy_for_foreign(fn):
    """A ufunc method that runs NumPy's (the same method of NumPy's ufunc) when it meets a
    dtype metallic does not hold."""
    @functools.wraps(fn)
    def method(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except _core.UnsupportedDtypeError:
            from ._fallback import call_numpy
            return call_numpy(getattr(self._np, fn.__name__), args, kwargs)
    return method


class ufunc:
    """An elementwise function with NumPy's ufunc interface."""

    def __init__(self, name, nin, nout, identity=None, numpy_name=None):
        self.__name__ = name
        self._core_name = name
        self.nin = nin
        self.nout = nout
        self.nargs = nin + nout
        self.identity = identity
        self._np = getattr(_np, numpy_name or name)
        self.__doc__ = self._np.__doc__  # NumPy's text, read from the installed NumPy

    def __repr__(self):
        return f"<ufunc '{self.__name__}'>"

    @property
    def types(self):
        return self._np.types

    @property
    def ntypes(self):
        return self._np.ntypes

    @property
    def signature(self):
        return self._np.signature  # None: these are elementwise, not generalized, ufuncs

    def reduceat(self, array, indices, axis=0, dtype=None, out=None):
        """NumPy's, on the host (counted): sums over slices between indices."""
        from ._fallback import call_numpy
        return call_numpy(self._np.reduceat, (array, indices), dict(axis=axis, dtype=dtype, out=out))

    def __call__(self, *args, out=None, dtype=None, casting="same_kind", where=True, signature=None,
                 order="K", subok=True):
        try:
            # Fast path: the plain call with one result.
            r = None
            if out is None and dtype is None and where is True and signature is None and self.nout == 1:
                if self.nin == 2 and len(args) == 2:
                    r = _core.ufunc2(self._core_name, args[0], args[1])
                elif self.nin == 1 and len(args) == 1:
                    r = _core.ufunc1(self._core_name, args[0])
            if r is None:
                r = self._call(args, out, dtype, casting, where, signature)
            return r if not _subclass.defined[0] or out is not None else _subclass.wrap_ufunc_result(args, r)
        except _core.UnsupportedDtypeError:  # strings, datetimes...: NumPy's ufunc
            from ._fallback import call_numpy
            kwargs = dict(out=out, dtype=dtype, casting=casting, where=where, signature=signature)
            defaults = dict(out=None, dtype=None, casting="same_kind", where=True, signature=None)
            return call_numpy(self._np, args, {k: v for k, v in kwargs.items() if v is not defaults[k]})

    def _call(self, args, out, dtype, casting, where, signature):
        if len(args) < self.nin:
            raise TypeError(f"{self.__name__}() takes from {self.nin} to {self.nargs} positional "
                            f"arguments but {len(args)} were given")
        if len(args) > self.nin:
            if out is not None:
                raise TypeError("cannot specify 'out' as both a positional and keyword argument")
            out = args[self.nin:]
            args = args[: self.nin]
        if signature is not None and dtype is None:
            dtype = self._signature_dtype(signature)
            if dtype is None:  # a loop of several types: NumPy's
                from ._fallback import call_numpy
                return call_numpy(self._np, args, dict(out=out, casting=casting, where=where, signature=signature))
        if dtype is not None and casting != "unsafe":
            for i, x in enumerate(args):
                if isinstance(x, (_core.ndarray, _np.ndarray, _np.generic)) and \
                        not _core.can_cast(x.dtype, dtype, casting):
                    raise TypeError(f"Cannot cast ufunc '{self.__name__}' input {i} from {x.dtype!r} to "
                                    f"{_np.dtype(dtype)!r} with casting rule '{casting}'")
        outs = _as_out_tuple(out, self.nout)
        results = _core.ufunc(self._core_name, args, dtype)
        if where is not True:
            if outs is None:
                raise NotImplementedError(f"[{self.__name__}] where= without out= leaves "
                                          "elements uninitialised; pass out=")
            results = [_core.where(where, r, o) for r, o in zip(results, outs)]
        if outs is not None:
            results = [_store(self.__name__, o, r, casting) if o is not None else r
                       for o, r in zip(outs, results)]
        if outs is None:
            results = [scalar_result(r) for r in results]
        return results[0] if self.nout == 1 else tuple(results)

    def _signature_dtype(self, signature):
        """The one dtype a signature fixes (None where it names several, or none)."""
        if isinstance(signature, str):
            if len(signature.replace("->", "")) != self.nargs:
                return None  # not a string of type codes: NumPy's says why
            parts = list(signature.replace("->", ""))
        elif isinstance(signature, tuple):
            parts = list(signature)
        else:
            return signature
        named = {_np.dtype(p) for p in parts if p is not None}
        return named.pop() if len(named) == 1 else None

    @_numpy_for_foreign
    def reduce(self, array, axis=0, dtype=None, out=None, keepdims=False, initial=None,
               where=True):
        from ._reductions import _reduce
        if self.nin != 2 or self.nout != 1:
            raise ValueError("reduce only supported for binary functions")
        if self._core_name in ("add", "multiply", "maximum", "minimum", "logical_and", "logical_or",
                               "fmax", "fmin"):
            return _reduce(self._core_name, array, axis, dtype, out, keepdims, initial, where)
        from ._fallback import call_numpy
        kwargs = dict(axis=axis, dtype=dtype, out=out, keepdims=keepdims, where=where)
        if initial is not None:
            kwargs["initial"] = initial
        return call_numpy(self._np.reduce, (array,), kwargs)

    @_numpy_for_foreign
    def accumulate(self, array, axis=0, dtype=None, out=None):
        from ._reductions import _finish
        a = _core.asarray(array) if not isinstance(array, _core.ndarray) else array
        if self._core_name == "add":
            return _finish(_core.cumsum(a, axis, dtype), out)
        if self._core_name == "multiply":
            return _finish(_core.cumprod(a, axis, dtype), out)
        from ._fallback import call_numpy
        return call_numpy(self._np.accumulate, (array,), dict(axis=axis, dtype=dtype, out=out))

    @_numpy_for_foreign
    def outer(self, A, B, **kwargs):
        a = _core.asarray(A) if not isinstance(A, _core.ndarray) else A
        b = _core.asarray(B) if not isinstance(B, _core.ndarray) else B
        a = _core.reshape(a, a.shape + (1,) * b.ndim, "C")
        return self(a, b, **kwargs)

    def at(self, a, indices, b=None):
        """In place, unbuffered (repeated indices apply repeatedly): runs in NumPy on a host
        copy of a, then stored back (any index NumPy takes: arrays, slices, tuples)."""
        from ._convert import to_numpy_tree
        from ._fallback import call_numpy
        if not isinstance(a, _core.ndarray):
            return call_numpy(self._np.at, (a, indices) + (() if b is None else (b,)), {})
        na = a._to_numpy()
        args = (na, to_numpy_tree(indices)) + (() if b is None else (to_numpy_tree(b),))
        call_numpy(self._np.at, args, {})
        _core.copyto(a, na, "unsafe")


# name -> (nin, nout, identity)
_DEFS = {
    "add": (2, 1, 0), "subtract": (2, 1, None), "multiply": (2, 1, 1), "divide": (2, 1, None),
    "floor_divide": (2, 1, None), "remainder": (2, 1, None), "fmod": (2, 1, None),
    "divmod": (2, 2, None), "power": (2, 1, None), "float_power": (2, 1, None),
    "negative": (1, 1, None), "positive": (1, 1, None), "absolute": (1, 1, None),
    "fabs": (1, 1, None), "sign": (1, 1, None), "reciprocal": (1, 1, None),
    "square": (1, 1, None), "sqrt": (1, 1, None), "cbrt": (1, 1, None), "exp": (1, 1, None),
    "exp2": (1, 1, None), "expm1": (1, 1, None), "log": (1, 1, None), "log2": (1, 1, None),
    "log10": (1, 1, None), "log1p": (1, 1, None), "logaddexp": (2, 1, None),
    "logaddexp2": (2, 1, None), "sin": (1, 1, None), "cos": (1, 1, None), "tan": (1, 1, None),
    "arcsin": (1, 1, None), "arccos": (1, 1, None), "arctan": (1, 1, None),
    "arctan2": (2, 1, None), "hypot": (2, 1, 0), "sinh": (1, 1, None), "cosh": (1, 1, None),
    "tanh": (1, 1, None), "arcsinh": (1, 1, None), "arccosh": (1, 1, None),
    "arctanh": (1, 1, None), "degrees": (1, 1, None), "radians": (1, 1, None),
    "floor": (1, 1, None), "ceil": (1, 1, None), "trunc": (1, 1, None), "rint": (1, 1, None),
    "maximum": (2, 1, None), "minimum": (2, 1, None), "fmax": (2, 1, None), "fmin": (2, 1, None),
    "isnan": (1, 1, None), "isinf": (1, 1, None), "isfinite": (1, 1, None),
    "signbit": (1, 1, None), "copysign": (2, 1, None), "nextafter": (2, 1, None),
    "spacing": (1, 1, None),
    "ldexp": (2, 1, None), "frexp": (1, 2, None), "modf": (1, 2, None),
    "heaviside": (2, 1, None), "gcd": (2, 1, 0), "lcm": (2, 1, None), "equal": (2, 1, None),
    "not_equal": (2, 1, None), "less": (2, 1, None), "less_equal": (2, 1, None),
    "greater": (2, 1, None), "greater_equal": (2, 1, None), "logical_and": (2, 1, True),
    "logical_or": (2, 1, False), "logical_xor": (2, 1, False), "logical_not": (1, 1, None),
    "bitwise_and": (2, 1, -1), "bitwise_or": (2, 1, 0), "bitwise_xor": (2, 1, 0),
    "invert": (1, 1, None), "bitwise_count": (1, 1, None), "left_shift": (2, 1, None), "right_shift": (2, 1, None),
    "conjugate": (1, 1, None),
}

UFUNCS = {name: ufunc(name, *spec) for name, spec in _DEFS.items()}

# NumPy's other names for the same ufuncs.
ALIASES = {
    "true_divide": "divide", "mod": "remainder", "abs": "absolute", "conj": "conjugate",
    "deg2rad": "radians", "rad2deg": "degrees", "bitwise_not": "invert",
    "bitwise_invert": "invert", "bitwise_left_shift": "left_shift",
    "bitwise_right_shift": "right_shift", "pow": "power", "acos": "arccos", "asin": "arcsin",
    "atan": "arctan", "atan2": "arctan2", "acosh": "arccosh", "asinh": "arcsinh",
    "atanh": "arctanh",
}
