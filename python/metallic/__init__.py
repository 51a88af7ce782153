"""metallic: NumPy's API on NVIDIA GPUs and multi-core CPUs.

``import metallic as np`` and a NumPy program runs unchanged. What metallic does not
implement natively runs in NumPy (counted: ``fallback_stats()``).
"""

import sys as _sys

import numpy as _np

from . import _core
from . import _ndarray  # noqa: F401  (attaches NumPy's methods to ndarray)
from . import fft, lib, linalg, random, testing
from ._convert import asnumpy
from ._device import (MemoryPool, __array_namespace_info__, device, get_default_device,
                      get_default_memory_pool, set_default_device, synchronize)
from ._core import ndarray
from ._profile import profile
from ._scalars import get_scalar_mode, set_scalar_mode
from ._views import may_share_memory, shares_memory
from ._dask import local_gpu_cluster, register_distributed as _register_distributed
from ._creation import (arange, array, asanyarray, asarray, ascontiguousarray, asfortranarray,
                        copy, diag, empty, empty_like, eye, full, full_like, geomspace, identity,
                        linspace, logspace, meshgrid, ones, ones_like, tri, tril, triu, zeros,
                        zeros_like)
from ._fallback import (FallbackWarning, fallback_stats, set_array_conversion_mode,
                        set_fallback_mode, wrap as _wrap)
from ._functions import *  # noqa: F401,F403
from ._manipulation import *  # noqa: F401,F403
from ._products import cross, dot, einsum, einsum_path, inner, kron, matmul, matvec, outer, tensordot, vdot, vecdot, vecmat
from ._indexing import take
from ._selection import *  # noqa: F401,F403
from ._sorting import *  # noqa: F401,F403
from ._sets import *  # noqa: F401,F403
from ._quantiles import *  # noqa: F401,F403
from ._histograms import *  # noqa: F401,F403
from ._convolve import *  # noqa: F401,F403
from ._statistics import *  # noqa: F401,F403
from ._index_tricks import *  # noqa: F401,F403
from ._type_checks import *  # noqa: F401,F403
from ._windows import *  # noqa: F401,F403
from ._polynomial import *  # noqa: F401,F403
from ._io import load  # noqa: F401
from ._bits import *  # noqa: F401,F403
from ._apply import *  # noqa: F401,F403
from ._functions import __all__ as _function_names
from ._reductions import (all, amax, amin, any, argmax, argmin, cumprod, cumsum, max, mean, min,
                          prod, ptp, std, sum, var)
from ._ufunc import ALIASES as _ALIASES, UFUNCS as _UFUNCS, ufunc

__version__ = "0.1.0"
__array_api_version__ = "2024.12"

globals().update(_UFUNCS)
globals().update({alias: _UFUNCS[name] for alias, name in _ALIASES.items()})

# NumPy's own dtype objects and constants: mtl.float32 is numpy.float32.
for _name in ("bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
              "float16", "float32", "float64", "complex64", "complex128", "intp", "uintp",
              "byte", "ubyte", "short", "ushort", "intc", "uintc", "int_", "uint", "longlong",
              "ulonglong", "half", "single", "double", "csingle", "cdouble", "generic", "number",
              "integer", "signedinteger", "unsignedinteger", "inexact", "floating",
              "complexfloating", "dtype", "finfo", "iinfo", "pi", "e", "inf", "nan", "newaxis",
              "euler_gamma", "promote_types", "issubdtype", "isscalar",
              "set_printoptions", "get_printoptions",
              "printoptions", "exceptions"):
    globals()[_name] = getattr(_np, _name)
bool = _np.bool_
from ._errstate import errstate, seterr, geterr, seterrcall, geterrcall  # noqa: E402
from ._config import show_config  # noqa: E402


def shape(a):
    """a's shape (metallic arrays answer without leaving the device)."""
    return a.shape if isinstance(a, ndarray) else _np.shape(a)


def ndim(a):
    return a.ndim if isinstance(a, ndarray) else _np.ndim(a)


def size(a, axis=None):
    if isinstance(a, ndarray):
        if axis is None:
            return a.size
        axes = _np.lib.array_utils.normalize_axis_tuple(axis, a.ndim)
        return int(_np.prod([a.shape[d] for d in axes]))
    return _np.size(a, axis)


def eval(*arrays):
    """Runs the pending work behind the given arrays now (an explicit evaluation point).
    Intermediates they share are computed once: each one still referenced is written out
    by the first pass that reaches it."""
    for a in arrays:
        if isinstance(a, ndarray):
            a._eval()


def eval_stats():
    """Counters of evaluation so far: nodes run one by one, fused passes, fused steps, and
    evaluations forced by the graph-depth and pending-memory limits."""
    return _core.eval_stats()


class cuda:
    """The CUDA side of metallic (the backend is loaded at run time when present)."""

    @staticmethod
    def is_available():
        return _core.cuda_is_available()

    @staticmethod
    def device_count():
        return _core.cuda_device_count()

    @staticmethod
    def unavailable_reason():
        return _core.cuda_unavailable_reason()

    @staticmethod
    def kernel_stats(device="cuda"):
        """Generated kernels so far: compiles (NVRTC), disk_hits (the kernel cache
        directory) and memory_hits (reused in this process)."""
        return _core.kernel_stats(device)


_register_distributed()  # in a dask.distributed process (a worker): GPU chunks as device frames

# Structured, string, datetime and object arrays stay NumPy's through every function.
from ._foreign import wrap_namespace as _wrap_namespace  # noqa: E402
_wrap_namespace(globals(), _np)
_wrap_namespace(vars(linalg), _np.linalg)
_wrap_namespace(vars(fft), _np.fft)
for _name in ("broadcast_arrays", "broadcast_shapes", "broadcast_to"):
    setattr(lib.stride_tricks, _name, globals()[_name])


# NumPy's functions that read no array data (types, printing options, scalars, dates):
# NumPy's own, called directly (no host copies of metallic arguments, nothing counted).
for _name in ("isscalar", "iterable", "issubdtype", "typename", "mintypecode", "common_type",
              "get_printoptions", "set_printoptions", "printoptions", "getbufsize", "setbufsize",
              "get_include", "show_runtime", "info", "format_float_positional", "format_float_scientific",
              "base_repr", "binary_repr", "datetime_data", "busday_count", "busday_offset", "is_busday",
              "datetime_as_string"):
    globals()[_name] = getattr(_np, _name)

# NumPy's modules where metallic adds nothing of its own: `import metallic.ma` is NumPy's
# (their functions accept metallic arrays through conversion). metallic.testing is
# metallic's: NumPy's assertions given host copies of metallic arrays.
for _name in ("polynomial", "ma", "char", "strings", "exceptions", "typing", "rec", "dtypes", "emath"):
    _module = getattr(_np, _name)
    _sys.modules[f"{__name__}.{_name}"] = _module
    globals()[_name] = _module


from . import _docs, _threadpool  # noqa: E402

_docs.attach_all(_sys.modules[__name__])
_threadpool.install()


def __dir__():
    """metallic's names and every public name NumPy has (those run NumPy's: see __getattr__)."""
    return sorted(set(globals()) | {n for n in dir(_np) if not n.startswith("_")})


def __getattr__(name):
    """Anything else NumPy has runs in NumPy (see fallback_stats)."""
    target = getattr(_np, name, None)
    if target is None:
        raise AttributeError(f"module 'metallic' has no attribute '{name}'")
    if callable(target) and not isinstance(target, type):
        fn = _wrap(target)
        globals()[name] = fn
        return fn
    return target
