"""metallic.linalg: NumPy's linalg. solve, inv, det, slogdet, cholesky, eigh, eig, svd and
qr run natively (LAPACK on the CPU, cuSOLVER on the GPU; stacked inputs broadcast as NumPy's,
and LinAlgError for singular or non-positive-definite matrices, found on the device too),
and so does what is composed from them (_linalg_spectral.py: pinv, lstsq, matrix_rank, cond,
...), and cross, trace, matmul, tensordot (the Array API's forms). Where a device has no
solver library (or cuSOLVER predates geev) a function runs in NumPy through the counted
fallback, its results coming back on the inputs' device."""

import operator
from collections import namedtuple

import numpy as _np

from . import _core
from ._convert import asarray_any, on_device_of
from ._device import device as _on
from ._fallback import call_numpy as _call_numpy, namespace_getattr, namespace_dir
from ._linalg_qr import QRResult, qr  # noqa: F401
from ._linalg_spectral import (EighResult, EigResult, SVDResult, cond, eig, eigh, eigvals, eigvalsh,  # noqa: F401
                               lstsq, matrix_norm_2, matrix_rank, pinv, svd, svdvals)
from ._products import find_blas
from ._scalars import scalar_result
from . import _errstate

LinAlgError = _np.linalg.LinAlgError
SlogdetResult = namedtuple("SlogdetResult", ["sign", "logabsdet"])

__getattr__ = namespace_getattr(_np.linalg, "metallic.linalg")
__dir__ = namespace_dir(_np.linalg, globals())


def _m():
    import metallic
    return metallic


def _square(a):
    if a.ndim < 2:
        raise LinAlgError(f"{a.ndim}-dimensional array given. Array must be at least two-dimensional")
    if a.shape[-1] != a.shape[-2]:
        raise LinAlgError("Last 2 dimensions of the array must be square")


def _dtype(*arrays):
    """The dtype NumPy's linalg computes in: float64 for integers and bool."""
    t = _np.result_type(*[x.dtype for x in arrays])
    if t == _np.float16:
        raise TypeError("array type float16 is unsupported in linalg")
    return t if t.kind in "fc" else _np.dtype(_np.float64)


def _stack(a, t):
    """a cast to t, as a C-contiguous (batch, n, n) stack."""
    n = a.shape[-1]
    return _core.reshape(_core.astype(a, t, False), (-1, n, n), "C")  # the core copies it


def _factor(a, t):
    """LU factors of the stack, or None where the device has no solver."""
    find_blas()
    try:
        return _core.lu_factor(_stack(a, t))
    except NotImplementedError:
        return None


def solve(a, b):
    a = asarray_any(a)
    b = on_device_of(b, a)
    _square(a)
    t = _dtype(a, b)
    m = _m()
    vector = b.ndim == 1
    bm = b[:, None] if vector else b
    n, k = a.shape[-1], bm.shape[-1]
    if bm.shape[-2] != n:
        raise ValueError(f"solve: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                         f"(m,m),(m,n)->(m,n) (size {bm.shape[-2]} is different from {n})")
    batch = _np.broadcast_shapes(a.shape[:-2], bm.shape[:-2])
    if n == 0 or k == 0 or _np.prod(batch, dtype=_np.int64) == 0:
        with _on(a._device):
            x = m.zeros(batch + (n, k), dtype=t)
        return x[..., 0] if vector else x
    factors = _factor(m.broadcast_to(a, batch + (n, n)), t)
    if factors is None:
        return _call_numpy(_np.linalg.solve, (a, b), {})
    lu, pivots, info = factors
    if any(i > 0 for i in info):
        raise LinAlgError("Singular matrix")
    rows = m.broadcast_to(_core.astype(bm, t, False), batch + (n, k))  # right-hand sides as rows
    rows = _core.reshape(m.swapaxes(rows, -1, -2), (-1, k, n), "C")
    x = m.swapaxes(_core.reshape(_core.lu_solve(lu, pivots, rows), batch + (k, n), "C"), -1, -2)
    return x[..., 0] if vector else m.ascontiguousarray(x)  # C-ordered, as NumPy's


def inv(a):
    a = asarray_any(a)
    _square(a)
    n = a.shape[-1]
    with _on(a._device):
        eye = _m().eye(n, dtype=_dtype(a))
    return solve(a, _m().broadcast_to(eye, a.shape))


def _lu_parts(a):
    """(diagonal of U, whether the row swaps are odd) of each matrix, or None (no solver).
    The factored matrix is a itself in LAPACK's column order (C order of its transpose),
    as NumPy's: the same pivots, so the same answer where a holds NaNs or infs."""
    t = _dtype(a)
    factors = _factor(_m().swapaxes(a, -1, -2), t)
    if factors is None:
        return None
    lu, pivots, _ = factors
    m = _m()
    n = a.shape[-1]
    with _on(a._device):
        swaps = m.sum(pivots != m.arange(1, n + 1), axis=-1)
    batch = a.shape[:-2]
    diag = _core.reshape(m.diagonal(lu, axis1=-2, axis2=-1), batch + (n,), "C")
    return diag, _core.reshape(swaps % 2 == 1, batch, "C")


def _slogdet(a, fn):
    """(sign, log|det|) of each matrix from its LU factors; fn (NumPy's) where there is no
    solver or nothing to factor."""
    a = asarray_any(a)
    _square(a)
    parts = None if a.shape[-1] == 0 or a.size == 0 else _lu_parts(a)
    if parts is None:
        return _call_numpy(fn, (a,), {}), None
    diag, odd = parts
    m = _m()
    size = m.abs(diag)
    zero = m.any(size == 0, axis=-1)  # getrf's info > 0: NumPy's (0, -inf)
    if diag.dtype.kind == "c":  # each pivot's phase
        unit = diag / m.where(size == 0, 1, size)
    else:  # -1 for a negative pivot, else 1 (NaN and inf pivots too, as NumPy's)
        unit = m.where(diag < 0, -1, 1).astype(diag.dtype)
    sign = m.prod(unit, axis=-1)
    sign = m.where(zero, 0, m.where(odd, -sign, sign))
    with _errstate.errstate(divide="ignore"):
        logdet = m.where(zero, -_np.inf, m.sum(m.log(size), axis=-1))
    return sign, logdet.astype(size.dtype)


def det(a):
    # As NumPy: sign * exp(log|det|), which stays finite where the running product of the
    # pivots would overflow.
    sign, logdet = _slogdet(a, _np.linalg.det)
    return sign if logdet is None else sign * _m().exp(logdet)


def slogdet(a):
    sign, logdet = _slogdet(a, _np.linalg.slogdet)
    return sign if logdet is None else SlogdetResult(scalar_result(sign), scalar_result(logdet))


def cholesky(a, /, *, upper=False):
    a = asarray_any(a)
    _square(a)
    t = _dtype(a)
    n = a.shape[-1]
    m = _m()
    if n == 0 or a.size == 0:
        return _call_numpy(_np.linalg.cholesky, (a,), dict(upper=upper))
    find_blas()
    try:
        u, info = _core.cholesky_factor(_stack(a, t))
    except NotImplementedError:
        return _call_numpy(_np.linalg.cholesky, (a,), dict(upper=upper))
    if any(i > 0 for i in info):
        raise LinAlgError("Matrix is not positive definite")
    with _on(a._device):
        below = m.arange(n)[:, None] >= m.arange(n)[None, :]
    lower = m.where(below, _core.reshape(u, a.shape, "C"), 0).astype(t)
    return m.conj(m.swapaxes(lower, -1, -2)) if upper else lower


# ---- compositions of native pieces: products, transposes, norms --------------------------

def matrix_transpose(x, /):
    x = asarray_any(x)
    if x.ndim < 2:
        raise ValueError("Input array must be at least 2-dimensional")
    return _m().swapaxes(x, -1, -2)


def diagonal(x, /, *, offset=0):
    return _m().diagonal(asarray_any(x), offset=offset, axis1=-2, axis2=-1)


def outer(x1, x2, /):
    x1, x2 = asarray_any(x1), asarray_any(x2)
    if x1.ndim != 1 or x2.ndim != 1:
        raise ValueError(f"Input arrays must be one-dimensional, but they are {x1.ndim=} and {x2.ndim=}.")
    return _m().outer(x1, x2)


def vecdot(x1, x2, /, *, axis=-1):
    m = _m()
    x1, x2 = asarray_any(x1), asarray_any(x2)
    return m.sum(m.conj(x1) * x2, axis=axis)


def matrix_power(a, n):
    a = asarray_any(a)
    _square(a)
    n = operator.index(n)
    m = _m()
    if n == 0:
        with _on(a._device):
            return m.broadcast_to(m.eye(a.shape[-1], dtype=a.dtype), a.shape).copy()
    if n < 0:
        a, n = inv(a), -n
    result, square = None, a
    while n:  # binary powers
        if n & 1:
            result = square if result is None else m.matmul(result, square)
        n >>= 1
        if n:
            square = m.matmul(square, square)
    return result if result is not a else a.copy()


def multi_dot(arrays, *, out=None):
    """Matrix products in the cheapest order (NumPy's dynamic programme over the shapes);
    a 1-d first or last operand is a row or a column, as NumPy's. Two operands are NumPy's
    dot of them, of any dimensions."""
    m = _m()
    arrays = [asarray_any(x) for x in arrays]
    if len(arrays) < 2:
        raise ValueError("Expecting at least two arrays.")
    if len(arrays) == 2:
        return m.dot(arrays[0], arrays[1], out=out)
    first, last = arrays[0].ndim, arrays[-1].ndim
    if first == 1:
        arrays[0] = m.reshape(arrays[0], (1, -1))
    if last == 1:
        arrays[-1] = m.reshape(arrays[-1], (-1, 1))
    for x in arrays:
        if x.ndim != 2:
            raise LinAlgError(f"{x.ndim}-dimensional array given. Array must be two-dimensional")
    dims = [arrays[0].shape[0]] + [x.shape[1] for x in arrays]
    k = len(arrays)
    cost = [[0] * k for _ in range(k)]
    split = [[0] * k for _ in range(k)]
    for length in range(1, k):
        for i in range(k - length):
            j = i + length
            cost[i][j] = None
            for s in range(i, j):
                c = cost[i][s] + cost[s + 1][j] + dims[i] * dims[s + 1] * dims[j + 1]
                if cost[i][j] is None or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, s

    def product(i, j):
        return arrays[i] if i == j else m.matmul(product(i, split[i][j]), product(split[i][j] + 1, j))
    r = product(0, k - 1)
    if first == 1 and last == 1:
        r = r[0, 0]
    elif first == 1 or last == 1:
        r = m.ravel(r)
    if out is not None:
        _core.copyto(out, r, "same_kind")
        return out
    return r


def _keep(r, x, axes, keepdims):
    if not keepdims:
        return r
    shape = list(x.shape)
    for ax in axes:
        shape[ax] = 1
    return _core.reshape(asarray_any(r), tuple(shape), "C")


def norm(x, ord=None, axis=None, keepdims=False):
    """NumPy's norm: vector norms of every order and the matrix norms 'fro', 'nuc', 1, -1,
    2, -2, inf and -inf."""
    x = asarray_any(x)
    m = _m()
    if x.dtype.kind not in "fc":
        x = x.astype(_np.float64)
    if axis is None:
        if ord is None or (ord in ("f", "fro") and x.ndim == 2) or (ord == 2 and x.ndim == 1):
            r = m.sqrt(m.sum((m.conj(x) * x).real if x.dtype.kind == "c" else x * x))
            return _keep(r, x, range(x.ndim), keepdims) if keepdims else r
        axis = tuple(range(x.ndim))
    elif not isinstance(axis, tuple):
        try:
            axis = (operator.index(axis),)
        except TypeError as e:  # NumPy's: a list is no axis either
            raise TypeError("'axis' must be None, an integer or a tuple of integers") from e
    if len(axis) not in (1, 2):  # before the axes are checked, as NumPy's
        raise ValueError("Improper number of dimensions to norm.")
    axes = tuple(_norm_axis(ax, x.ndim) for ax in axis)
    a = m.abs(x)
    if len(axes) == 1:
        ax = axes[0]
        if ord == _np.inf:
            r = m.max(a, axis=ax)
        elif ord == -_np.inf:
            r = m.min(a, axis=ax)
        elif ord == 0:
            r = m.sum(x != 0, axis=ax).astype(a.dtype)
        elif ord == 1:
            r = m.sum(a, axis=ax)
        elif ord is None or ord == 2:
            r = m.sqrt(m.sum((m.conj(x) * x).real if x.dtype.kind == "c" else x * x, axis=ax))
        elif isinstance(ord, str):
            raise ValueError(f"Invalid norm order '{ord}' for vectors")
        else:
            r = m.sum(a ** ord, axis=ax) ** (1.0 / ord)
        return _keep(r, x, axes, keepdims)
    row, col = axes
    if row == col:
        raise ValueError("Duplicate axes given.")
    if ord in (2, -2, "nuc"):
        return _keep(matrix_norm_2(x, ord, (row, col)), x, axes, keepdims)
    if ord in (1, -1):
        pick = m.max if ord == 1 else m.min
        r = pick(m.sum(a, axis=row), axis=col - 1 if col > row else col)
    elif ord in (_np.inf, -_np.inf):
        pick = m.max if ord == _np.inf else m.min
        r = pick(m.sum(a, axis=col), axis=row - 1 if row > col else row)
    elif ord in (None, "fro", "f"):
        r = m.sqrt(m.sum((m.conj(x) * x).real if x.dtype.kind == "c" else x * x, axis=axes))
    else:
        raise ValueError("Invalid norm order for matrices.")
    return _keep(r, x, axes, keepdims)


def _norm_axis(ax, ndim):
    ax = operator.index(ax)
    if not -ndim <= ax < ndim:
        raise _np.exceptions.AxisError(ax, ndim)
    return ax % ndim


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    x = asarray_any(x)
    if axis is None and x.ndim != 1:
        r = norm(_core.ravel(x, "C"), ord=ord, axis=0)
        return _keep(r, x, range(x.ndim), keepdims)
    if isinstance(axis, tuple) and len(axis) > 1:
        return _call_numpy(_np.linalg.vector_norm, (x,), dict(axis=axis, keepdims=keepdims, ord=ord))
    return norm(x, ord=ord, axis=0 if axis is None else axis, keepdims=keepdims)


def matrix_norm(x, /, *, keepdims=False, ord="fro"):
    return norm(asarray_any(x), ord=ord, axis=(-2, -1), keepdims=keepdims)


def tensorsolve(a, b, axes=None):
    """x with tensordot(a, x, x.ndim) == b: a reshaped to a square matrix and solved."""
    m = _m()
    a = asarray_any(a)
    b = on_device_of(b, a)
    if axes is not None:
        allaxes = list(range(a.ndim))
        for k in axes:
            allaxes.remove(k)
            allaxes.insert(a.ndim, k)
        a = m.transpose(a, allaxes)
    oldshape = a.shape[-(a.ndim - b.ndim):]
    prod = int(_np.prod(oldshape))
    if a.size != prod ** 2:
        raise LinAlgError("Input arrays must satisfy the requirement prod(a.shape[b.ndim:]) == "
                          "prod(a.shape[:b.ndim])")
    return m.reshape(solve(m.reshape(a, (prod, prod)), m.ravel(b)), oldshape)


def tensorinv(a, ind=2):
    """The inverse of a as a tensor: tensordot(tensorinv(a), a, ind) is the identity."""
    m = _m()
    a = asarray_any(a)
    if ind <= 0:
        raise ValueError("Invalid ind argument.")
    oldshape = a.shape
    invshape = oldshape[ind:] + oldshape[:ind]
    prod = int(_np.prod(oldshape[ind:]))
    if int(_np.prod(oldshape[:ind])) != prod:
        raise LinAlgError("Last 2 dimensions of the array must be square")
    return m.reshape(inv(m.reshape(a, (-1, prod))), invshape)


def cross(x1, x2, /, *, axis=-1):
    """The Array API's cross: vectors of three components only."""
    x1 = asarray_any(x1)
    x2 = on_device_of(x2, x1)
    if x1.shape[axis] != 3 or x2.shape[axis] != 3:
        raise ValueError(f"Both input arrays must be (arrays of) 3-dimensional vectors, but they are "
                         f"{x1.shape[axis]} and {x2.shape[axis]} dimensional instead.")
    return _m().cross(x1, x2, axis=axis)


def trace(x, /, *, offset=0, dtype=None):
    return _m().trace(asarray_any(x), offset=offset, axis1=-2, axis2=-1, dtype=dtype)


def matmul(x1, x2, /):
    return _m().matmul(x1, x2)


def tensordot(x1, x2, /, *, axes=2):
    return _m().tensordot(x1, x2, axes=axes)
