"""Matrix products: matmul (``@``), dot and tensordot. Floating and complex products run on
the device's BLAS: cuBLAS on the GPU, OpenBLAS on the CPU (the scipy-openblas32 wheel's, or
else the one inside NumPy's wheel). Integer and boolean products run in NumPy (counted
fallback)."""

import glob
import math
import operator
import os

import numpy as _np

from . import _core
from ._fallback import call_numpy

__all__ = ["matmul", "dot", "tensordot"]


_blas_searched = False


def _find_blas():
    """The CPU's CBLAS, found once: scipy-openblas32, else NumPy's bundled OpenBLAS."""
    global _blas_searched
    _blas_searched = True
    if _core.blas_library():
        return
    candidates = []
    try:
        import scipy_openblas32 as s
        candidates.append(os.path.join(s.get_lib_dir(), f"lib{s.get_library()}.so"))
    except ImportError:
        pass
    candidates += sorted(glob.glob(os.path.join(os.path.dirname(_np.__file__), os.pardir, "numpy.libs",
                                                "libscipy_openblas*.so")))
    for path in candidates:
        if _core.set_blas_library(path):
            return


def _native(a, b):
    if not _blas_searched:
        _find_blas()
    return _core.matmul_native(a, b) if all(isinstance(x, (_core.ndarray, _np.ndarray, list, tuple))
                                            for x in (a, b)) else None


def _ndim(x):
    return x.ndim if isinstance(x, (_core.ndarray, _np.ndarray)) else _np.ndim(x)


def matmul(x1, x2, /, out=None, **kwargs):
    if isinstance(out, tuple) and len(out) == 1:
        out = out[0]  # as NumPy's ufunc protocol passes it
    r = _native(x1, x2) if not kwargs else None
    if r is None:
        return call_numpy(_np.matmul, (x1, x2), dict(kwargs, **({"out": out} if out is not None else {})))
    if out is not None:
        if not isinstance(out, _core.ndarray) or out.shape != r.shape:
            raise ValueError(f"matmul: out must be a metallic array of shape {r.shape}")
        _core.copyto(out, r, "same_kind")
        return out
    return r


def dot(a, b, out=None):
    """NumPy's dot: matmul for operands of one or two dimensions (as NumPy defines it)."""
    if 1 <= _ndim(a) <= 2 and 1 <= _ndim(b) <= 2:
        r = _native(a, b)
        if r is not None:
            if out is not None:
                _core.copyto(out, r, "no")  # NumPy's dot: out must match exactly
                return out
            return r
    return call_numpy(_np.dot, (a, b), {} if out is None else {"out": out})


def tensordot(a, b, axes=2):
    """NumPy's tensordot: the summed axes moved together and one matrix product."""
    a, b = _core.asarray(a), _core.asarray(b)
    try:
        iter(axes)
    except TypeError:  # an int n: a's last n axes against b's first n (NumPy's ranges, n < 0 too)
        n = operator.index(axes)
        axes_a, axes_b = list(range(-n, 0)), list(range(0, n))
    else:
        axes_a, axes_b = axes
        axes_a = [operator.index(axes_a)] if _np.ndim(axes_a) == 0 else [operator.index(v) for v in axes_a]
        axes_b = [operator.index(axes_b)] if _np.ndim(axes_b) == 0 else [operator.index(v) for v in axes_b]
    if any(not -a.ndim <= ax < a.ndim for ax in axes_a) or any(not -b.ndim <= ax < b.ndim for ax in axes_b):
        raise ValueError("shape-mismatch for sum")
    if len(axes_a) != len(axes_b):
        raise ValueError("shape-mismatch for sum")
    axes_a = [ax + a.ndim if ax < 0 else ax for ax in axes_a]
    axes_b = [ax + b.ndim if ax < 0 else ax for ax in axes_b]
    if any(a.shape[i] != b.shape[j] for i, j in zip(axes_a, axes_b)):
        raise ValueError("shape-mismatch for sum")
    keep_a = [k for k in range(a.ndim) if k not in axes_a]
    keep_b = [k for k in range(b.ndim) if k not in axes_b]
    inner = math.prod(a.shape[i] for i in axes_a)
    at = _core.reshape(_core.transpose(a, keep_a + axes_a), (math.prod(a.shape[i] for i in keep_a), inner), "C")
    bt = _core.reshape(_core.transpose(b, axes_b + keep_b), (inner, math.prod(b.shape[i] for i in keep_b)), "C")
    r = matmul(at, bt)
    return _core.reshape(r, tuple(a.shape[i] for i in keep_a) + tuple(b.shape[i] for i in keep_b), "C")
