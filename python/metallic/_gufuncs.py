"""vecdot, matvec and vecmat with NumPy's generalized-ufunc arguments: out, dtype, casting,
axes, axis, keepdims (order and subok accepted; signature goes to NumPy's). Core axes are
moved last, the product is computed there, and the output's core axis moved back."""

import numpy as _np

from . import _core
from ._products import _conj, matmul
from ._scalars import returns_scalar

__all__ = ["vecdot", "matvec", "vecmat"]

# Per function: the core dimensions of each input and of the output, NumPy's signature.
_CORE = {"vecdot": ((1, 1), 0, "(n),(n)->()"), "matvec": ((2, 1), 1, "(m,n),(n)->(m)"),
         "vecmat": ((1, 2), 1, "(n),(n,m)->(m)")}
_CASTINGS = ("no", "equiv", "safe", "same_kind", "unsafe")


def _m():
    import metallic
    return metallic


def _axes_of(spec, ncore):
    """One operand's entry of axes= as a tuple (an int stands for one core axis)."""
    spec = (spec,) if isinstance(spec, int) else tuple(spec)
    if len(spec) != ncore:
        raise ValueError(f"axes item has {len(spec)} entries where the core has {ncore} dimensions")
    return spec


def _normalized(axes, ndim):
    return tuple(_np.lib.array_utils.normalize_axis_index(a, ndim) for a in axes)


def _core_last(x, axes):
    """x with the given core axes moved to the end, in order."""
    axes = _normalized(axes, x.ndim)
    return _m().moveaxis(x, axes, tuple(range(x.ndim - len(axes), x.ndim)))


def _gufunc(name, compute, x1, x2, kwargs):
    mt = _m()
    in_core, out_core, signature = _CORE[name]
    out = kwargs.pop("out", None)
    dtype = kwargs.pop("dtype", None)
    casting = kwargs.pop("casting", "same_kind")
    kwargs.pop("order", None)
    kwargs.pop("subok", None)
    axes = kwargs.pop("axes", None)
    axis = kwargs.pop("axis", None)
    keepdims = kwargs.pop("keepdims", False)
    signature_arg = kwargs.pop("signature", None)
    if signature_arg is not None:  # loops chosen by name: NumPy's
        from ._fallback import call_numpy
        given = dict(out=out, dtype=dtype, axes=axes, axis=axis)
        kw = {k: v for k, v in given.items() if v is not None}
        return call_numpy(getattr(_np, name), (x1, x2),
                          dict(kwargs, casting=casting, keepdims=keepdims, signature=signature_arg, **kw))
    if kwargs:
        raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kwargs))}'")
    if casting not in _CASTINGS:
        raise ValueError(f"casting must be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe' (got {casting!r})")
    if axis is not None and axes is not None:
        raise TypeError("cannot specify both 'axis' and 'axes'")
    if axis is not None and name != "vecdot":
        raise TypeError(f"{name}: axis can only be used with a single shared core dimension, not with the "
                        f"2 distinct ones implied by signature {signature}.")
    if keepdims and name != "vecdot":
        raise TypeError(f"{name} does not support keepdims: its signature {signature} requires input 1 to have "
                        f"{in_core[1]} core dimensions, but keepdims can only be used when all inputs have the "
                        "same number of core dimensions and all outputs have no core dimensions.")
    a, b = _core.asarray(x1), _core.asarray(x2)
    for x, n in zip((a, b), in_core):
        if x.ndim < n:
            raise ValueError(f"{name}: Input operand {0 if x is a else 1} does not have enough dimensions "
                             f"(has {x.ndim}, gufunc core with signature {signature} requires {n})")
    if dtype is not None:
        dtype = _np.dtype(dtype)
        for i, x in enumerate((a, b)):
            if not _np.can_cast(x.dtype, dtype, casting):
                raise _np._core._exceptions._UFuncInputCastingError(getattr(_np, name), casting, x.dtype, dtype, i)
        a, b = a.astype(dtype, copy=False), b.astype(dtype, copy=False)
    if axis is not None:
        axes = [(axis,), (axis,)]
    out_axis = None
    if axes is not None:
        if len(axes) not in (2, 3) or (len(axes) == 2 and out_core):
            raise ValueError("axes should be a list with an entry for all 3 inputs and outputs; "
                             "entries for outputs can only be omitted if none of them has core axes.")
        a = _core_last(a, _axes_of(axes[0], in_core[0]))
        b = _core_last(b, _axes_of(axes[1], in_core[1]))
        if len(axes) == 3 and out_core:
            out_axis = _axes_of(axes[2], out_core)[0]
    r = compute(a, b)
    if out_axis is not None:
        r = mt.moveaxis(r, -1, _np.lib.array_utils.normalize_axis_index(out_axis, r.ndim))
    if keepdims:
        where = -1 if axis is None else axis
        r = mt.expand_dims(r, _np.lib.array_utils.normalize_axis_index(where, r.ndim + 1))
    if out is not None:
        if isinstance(out, tuple):
            if len(out) != 1:
                raise ValueError("The 'out' tuple must have exactly one entry per ufunc output")
            out = out[0]
        if not isinstance(out, _core.ndarray):
            raise TypeError("return arrays must be of ArrayType")
        if not _np.can_cast(r.dtype, out.dtype, casting):
            raise _np._core._exceptions._UFuncOutputCastingError(getattr(_np, name), casting, r.dtype, out.dtype, 0)
        mt.copyto(out, r, casting="unsafe")
        return out
    return r


def _check_core(name, a, b, sizes):
    (i, j) = sizes
    if a.shape[i] != b.shape[j]:
        raise ValueError(f"{name}: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                         f"{_CORE[name][2]} (size {b.shape[j]} is different from {a.shape[i]})")


def _vecdot(a, b):
    _check_core("vecdot", a, b, (-1, -1))
    p = _core.ufunc("multiply", [_conj(a), b], None)[0]
    return _core.reduce("add", p, [p.ndim - 1], False, p.dtype, None)  # in the operands' type


def _matvec(a, b):
    _check_core("matvec", a, b, (-1, -1))
    r = matmul(a, _core.reshape(b, b.shape + (1,), "C"))
    return _core.reshape(r, r.shape[:-1], "C")


def _vecmat(a, b):
    _check_core("vecmat", a, b, (-1, -2))
    r = matmul(_core.reshape(_conj(a), a.shape[:-1] + (1, a.shape[-1]), "C"), b)
    return _core.reshape(r, r.shape[:-2] + r.shape[-1:], "C")


@returns_scalar
def vecdot(x1, x2, /, **kwargs):
    """The dot product of vectors along axis (the first operand conjugated), broadcast."""
    return _gufunc("vecdot", _vecdot, x1, x2, kwargs)


@returns_scalar
def matvec(x1, x2, /, **kwargs):
    """Matrix (..., m, n) times vector (..., n), broadcast over the leading dimensions."""
    return _gufunc("matvec", _matvec, x1, x2, kwargs)


@returns_scalar
def vecmat(x1, x2, /, **kwargs):
    """Vector (..., n), conjugated, times matrix (..., n, m), broadcast."""
    return _gufunc("vecmat", _vecmat, x1, x2, kwargs)
