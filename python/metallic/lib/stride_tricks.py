"""numpy.lib.stride_tricks: as_strided and sliding_window_view as views of metallic
arrays on their device; as_strided refuses views that would reach outside the array's
memory (ValueError), where NumPy reads whatever lies there."""
import numpy as _np

from .. import _core
from .._convert import asarray_any
from .._fallback import call_numpy as _call_numpy
from .._fallback import namespace_dir as _namespace_dir, namespace_getattr as _namespace_getattr
from .._functions import broadcast_arrays, broadcast_shapes, broadcast_to  # noqa: F401

__all__ = ["as_strided", "broadcast_arrays", "broadcast_shapes", "broadcast_to", "sliding_window_view"]


def as_strided(x, shape=None, strides=None, subok=False, writeable=True):
    a = asarray_any(x)
    if not isinstance(a, _core.ndarray):  # a dtype metallic does not hold
        return _call_numpy(_np.lib.stride_tricks.as_strided, (x,),
                           dict(shape=shape, strides=strides, subok=subok, writeable=writeable))
    shape = a.shape if shape is None else tuple(shape)
    strides = a.strides if strides is None else tuple(strides)
    view = _core.as_strided_checked(a, shape, strides)
    if not writeable:
        view.setflags(write=False)
    return view


def sliding_window_view(x, window_shape, axis=None, *, subok=False, writeable=False):
    a = asarray_any(x)
    if not isinstance(a, _core.ndarray):
        return _call_numpy(_np.lib.stride_tricks.sliding_window_view, (x, window_shape),
                           dict(axis=axis, subok=subok, writeable=writeable))
    window_shape = tuple(window_shape) if _np.iterable(window_shape) else (window_shape,)
    if any(w < 0 for w in window_shape):
        raise ValueError("`window_shape` cannot contain negative values")
    if axis is None:
        axis = tuple(range(a.ndim))
        if len(window_shape) != len(axis):
            raise ValueError(f"Since axis is `None`, must provide window_shape for all dimensions of `x`; "
                             f"got {len(window_shape)} window_shape elements and `x.ndim` is {a.ndim}.")
    else:
        axis = tuple(_np.lib.array_utils.normalize_axis_tuple(axis, a.ndim, allow_duplicate=True))
        if len(window_shape) != len(axis):
            raise ValueError(f"Must provide matching length window_shape and axis; got {len(window_shape)} "
                             f"window_shape elements and {len(axis)} axes elements.")
    out_strides = a.strides + tuple(a.strides[ax] for ax in axis)
    shape = list(a.shape)
    for ax, dim in zip(axis, window_shape):
        if shape[ax] < dim:
            raise ValueError("window shape cannot be larger than input array shape")
        shape[ax] -= dim - 1
    return as_strided(a, tuple(shape) + window_shape, out_strides, writeable=writeable)


__getattr__ = _namespace_getattr(_np.lib.stride_tricks, "metallic.lib.stride_tricks")
__dir__ = _namespace_dir(_np.lib.stride_tricks, globals())
