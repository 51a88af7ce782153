"""numpy.testing for metallic arrays: NumPy's assertions, handed metallic arrays as host
(NumPy) copies, so `np.testing.assert_equal(a, b)` works as with NumPy's arrays;
assert_warns and assert_no_warnings compute the metallic work of their block inside it (its
warnings are raised there). Everything else is NumPy's own."""
import contextlib
import functools

import numpy.testing as _npt

from ._convert import to_numpy_tree
from ._errstate import reported

# These call the function they are given with its own arguments: those stay as they are.
_RUN_CALLABLES = {"assert_raises", "assert_raises_regex", "assert_warns", "assert_no_warnings",
                  "assert_no_gc_cycles"}


def _on_host(fn):
    @functools.wraps(fn)
    def assertion(*args, **kwargs):
        __tracebackhide__ = True  # pytest shows the caller's line
        return fn(*to_numpy_tree(args), **to_numpy_tree(kwargs))
    return assertion


@contextlib.contextmanager
def _watching(catcher):
    with catcher, reported():  # metallic's work inside computed, its warnings raised, in the catcher
        yield


def _block_or_call(catcher, args, kwargs):
    """The catcher as a block (no arguments), or around a call of args[0](*args[1:], **kwargs)."""
    if not args and not kwargs:
        return _watching(catcher)
    with _watching(catcher):
        return args[0](*args[1:], **kwargs)


def assert_warns(warning_class, *args, **kwargs):
    """NumPy's assert_warns, with the metallic work of the block (or call) computed inside
    it, so the warnings it raises are seen there."""
    return _block_or_call(_npt.assert_warns(warning_class), args, kwargs)


def assert_no_warnings(*args, **kwargs):
    """NumPy's assert_no_warnings, with the metallic work inside computed inside it."""
    return _block_or_call(_npt.assert_no_warnings(), args, kwargs)


def __getattr__(name):
    value = getattr(_npt, name)
    if name.startswith("assert_") and name not in _RUN_CALLABLES and callable(value):
        value = _on_host(value)
        globals()[name] = value  # made once
    return value


def __dir__():
    return dir(_npt)
