"""metallic.linalg.qr: Householder QR natively (LAPACK's geqrf and orgqr/ungqr on the CPU,
cuSOLVER's on the GPU) in every NumPy mode: 'reduced', 'complete', 'r' and 'raw'."""

from collections import namedtuple

import numpy as _np

from . import _core
from ._convert import asarray_any
from ._fallback import call_numpy
from ._products import find_blas

LinAlgError = _np.linalg.LinAlgError
QRResult = namedtuple("QRResult", ["Q", "R"])
QRResult.__doc__ = "qr's result: Q (orthonormal columns) and R (upper triangular), as NumPy's."


def qr(a, mode="reduced"):
    if mode not in ("reduced", "complete", "r", "raw"):
        raise ValueError(f"Unrecognized mode '{mode}'")
    import metallic as m
    a = asarray_any(a)
    if a.ndim < 2:
        raise LinAlgError(f"{a.ndim}-dimensional array given. Array must be at least two-dimensional")
    t = _np.result_type(a.dtype)
    if t == _np.float16:
        raise TypeError("array type float16 is unsupported in linalg")
    t = t if t.kind in "fc" else _np.dtype(_np.float64)
    rows, cols = a.shape[-2:]
    k = min(rows, cols)
    if a.size == 0:
        return call_numpy(_np.linalg.qr, (a,), dict(mode=mode))
    find_blas()
    stack = _core.reshape(_core.astype(a, t, False), (-1, rows, cols), "C")
    try:
        h, tau, info = _core.qr_factor(stack)
    except NotImplementedError:
        return call_numpy(_np.linalg.qr, (a,), dict(mode=mode))
    if any(i < 0 for i in info):
        raise LinAlgError("Illegal argument found while calling lapack geqrf")
    batch = tuple(a.shape[:-2])
    if mode == "raw":
        return _core.reshape(h, batch + (cols, rows), "C"), _core.reshape(tau, batch + (k,), "C")
    full = m.swapaxes(h, -1, -2)  # (batch, rows, cols): R in its upper triangle
    r = m.triu(full if mode == "complete" else full[:, :k, :])
    r = _core.reshape(r, batch + tuple(r.shape[-2:]), "C")
    if mode == "r":
        return r
    q = _core.qr_q(h, tau, rows if mode == "complete" else k)
    return QRResult(_core.reshape(q, batch + tuple(q.shape[-2:]), "C"), r)
