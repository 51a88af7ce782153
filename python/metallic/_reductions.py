"""Reductions and scans with NumPy's signatures (out=, keepdims=, dtype=, ddof=)."""

from . import _core
from ._convert import asarray_any
from ._scalars import scalar_result


def _finish(result, out, casting="unsafe"):
    """Stores result into out (when given) under NumPy's casting rule for outputs; without
    out, a 0-d result is a NumPy scalar (see _scalars)."""
    if out is None:
        return scalar_result(result)
    if not isinstance(out, _core.ndarray):
        raise TypeError("output must be an array")
    if out.shape != result.shape:
        raise ValueError(f"output parameter has the wrong shape: expected {result.shape}, got {out.shape}")
    if not _core.can_cast(result.dtype, out.dtype, casting):
        raise TypeError(f"Cannot cast array data from {result.dtype!r} to {out.dtype!r} "
                        f"according to the rule '{casting}'")
    _core.copyto(out, result, "unsafe")
    return out


def _reduce(name, a, axis, dtype, out, keepdims, initial=None, where=True):
    if where is not True:
        raise NotImplementedError(f"[{name}] where= is not supported yet")
    return _finish(_core.reduce(name, asarray_any(a), axis, keepdims, dtype, initial), out)


def sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    return _reduce("add", a, axis, dtype, out, keepdims, initial, where)


def prod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    return _reduce("multiply", a, axis, dtype, out, keepdims, initial, where)


def max(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    return _reduce("maximum", a, axis, None, out, keepdims, initial, where)


def min(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    return _reduce("minimum", a, axis, None, out, keepdims, initial, where)


amax = max
amin = min


def any(a, axis=None, out=None, keepdims=False, where=True):
    return _reduce("logical_or", a, axis, None, out, keepdims, None, where)


def all(a, axis=None, out=None, keepdims=False, where=True):
    return _reduce("logical_and", a, axis, None, out, keepdims, None, where)


def ptp(a, axis=None, out=None, keepdims=False):
    a = asarray_any(a)
    r = _core.ufunc("subtract", [_core.reduce("maximum", a, axis, keepdims, None, None),
                                 _core.reduce("minimum", a, axis, keepdims, None, None)], None)[0]
    return _finish(r, out)


def mean(a, axis=None, dtype=None, out=None, keepdims=False, where=True):
    if where is not True:
        raise NotImplementedError("[mean] where= is not supported yet")
    return _finish(_core.mean(asarray_any(a), axis, keepdims, dtype), out)


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=True, mean=None,
        correction=None):
    if correction is not None:
        ddof = correction
    if where is not True or mean is not None:
        raise NotImplementedError("[var] where= and mean= are not supported yet")
    return _finish(_core.var(asarray_any(a), axis, keepdims, float(ddof), dtype), out)


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=True, mean=None,
        correction=None):
    if correction is not None:
        ddof = correction
    if where is not True or mean is not None:
        raise NotImplementedError("[std] where= and mean= are not supported yet")
    # NumPy's std ends in sqrt(..., out=out), a ufunc call: same_kind applies.
    return _finish(_core.std(asarray_any(a), axis, keepdims, float(ddof), dtype), out, "same_kind")


def _arg_finish(result, out):
    # NumPy requires an out= that its int64 indices can be cast from and back safely.
    if out is not None and not _core.can_cast(out.dtype, result.dtype, "safe"):
        raise TypeError(f"Cannot cast array data from {out.dtype!r} to {result.dtype!r} "
                        "according to the rule 'safe'")
    return _finish(result, out, "unsafe")


def argmax(a, axis=None, out=None, keepdims=False):
    return _arg_finish(_core.argmax(asarray_any(a), axis, keepdims), out)


def argmin(a, axis=None, out=None, keepdims=False):
    return _arg_finish(_core.argmin(asarray_any(a), axis, keepdims), out)


def cumsum(a, axis=None, dtype=None, out=None):
    return _finish(_core.cumsum(asarray_any(a), axis, dtype), out)


def cumprod(a, axis=None, dtype=None, out=None):
    return _finish(_core.cumprod(asarray_any(a), axis, dtype), out)
