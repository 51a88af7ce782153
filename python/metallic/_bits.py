"""packbits and unpackbits as array code: eight truth values per uint8, either bit order."""

import numpy as _np

from ._convert import asarray_any

__all__ = ["packbits", "unpackbits"]


def _m():
    import metallic
    return metallic


def _weights(mt, bitorder):
    if bitorder not in ("big", "little"):
        raise ValueError("'order' must be either 'little' or 'big'")
    w = [1 << (7 - i) for i in range(8)] if bitorder == "big" else [1 << i for i in range(8)]
    return mt.asarray(_np.array(w, dtype=_np.uint8))


def packbits(a, /, axis=None, bitorder="big"):
    mt = _m()
    a = asarray_any(a)
    if a.dtype.kind not in "biu":
        raise TypeError("Expected an input array of integer or boolean data type")
    w = _weights(mt, bitorder)
    if axis is None:
        a, axis = mt.ravel(a), 0
    axis = _np.lib.array_utils.normalize_axis_index(axis, a.ndim)
    bits = mt.moveaxis(a != 0, axis, -1).astype(_np.uint8)
    n = bits.shape[-1]
    pad = -n % 8
    if pad:
        bits = mt.concatenate([bits, mt.zeros(bits.shape[:-1] + (pad,), dtype=_np.uint8)], axis=-1)
    groups = bits.reshape(bits.shape[:-1] + ((n + pad) // 8, 8))
    packed = mt.sum(groups * w, axis=-1, dtype=_np.uint8)
    return mt.moveaxis(packed, -1, axis)


def unpackbits(a, /, axis=None, count=None, bitorder="big"):
    mt = _m()
    a = asarray_any(a)
    if a.dtype != _np.uint8:
        raise TypeError("Expected an input array of unsigned byte data type")
    w = _weights(mt, bitorder)
    if axis is None:
        a, axis = mt.ravel(a), 0
    axis = _np.lib.array_utils.normalize_axis_index(axis, a.ndim)
    moved = mt.moveaxis(a, axis, -1)
    bits = ((moved[..., None] & w) != 0).astype(_np.uint8)
    bits = bits.reshape(moved.shape[:-1] + (moved.shape[-1] * 8,))
    if count is not None:
        total = bits.shape[-1]
        keep = count if count >= 0 else max(total + count, 0)
        if keep > total:
            bits = mt.concatenate([bits, mt.zeros(bits.shape[:-1] + (keep - total,), dtype=_np.uint8)], axis=-1)
        else:
            bits = bits[..., :keep]
    return mt.moveaxis(bits, -1, axis)
