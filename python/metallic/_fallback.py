"""Running NumPy for what metallic does not implement natively: counted, optionally warned."""

import os
import warnings

import numpy as _np

from ._convert import from_numpy_tree, to_numpy_tree

_counts = {}
_mode = os.environ.get("METALLIC_FALLBACK", "ignore")


class FallbackWarning(UserWarning):
    """Issued (METALLIC_FALLBACK=warn) when a call runs in NumPy on the host."""


def set_fallback_mode(mode):
    global _mode
    if mode not in ("ignore", "warn", "raise"):
        raise ValueError("fallback mode must be 'ignore', 'warn' or 'raise'")
    _mode = mode


def fallback_stats():
    """How many times each NumPy function ran as a fallback."""
    return dict(_counts)


def call_numpy(fn, args, kwargs):
    name = getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn)))
    _counts[name] = _counts.get(name, 0) + 1
    if _mode == "raise":
        raise NotImplementedError(f"metallic has no native '{name}' (METALLIC_FALLBACK=raise)")
    if _mode == "warn":
        warnings.warn(f"metallic: '{name}' runs in NumPy on the host", FallbackWarning, stacklevel=3)
    return from_numpy_tree(fn(*to_numpy_tree(args), **to_numpy_tree(kwargs)))


def wrap(fn):
    def wrapper(*args, **kwargs):
        return call_numpy(fn, args, kwargs)

    wrapper.__name__ = getattr(fn, "__name__", "fallback")
    wrapper.__doc__ = getattr(fn, "__doc__", None)
    wrapper.__wrapped__ = fn
    return wrapper
