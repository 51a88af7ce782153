"""NumPy's floating-point error handling (seterr, geterr, errstate, seterrcall, geterrcall)
for metallic's kernels.

NumPy's own state is the one state: these functions set it (so code NumPy runs for
metallic follows it too) and hand the core the same settings as a mode word that every
op records when it is called. Kernels note which conditions their elements raised; the
conditions are reported under the mode their op was recorded with:

* 'raise' somewhere in the state: ops are computed as they are called and checked at
  once, so FloatingPointError comes from the call that caused it, as NumPy's;
* 'warn' where the warnings filters want RuntimeWarning at once ('error' or 'always' for
  it, as under pytest.warns): the same, warnings from the call (the core reads the filters);
* otherwise (warn, call, print, log) when the results become visible (a transfer to the
  host, NumPy reading the memory, a scalar, printing), and at the latest when the errstate
  block they were recorded in exits (its work is computed then): later than NumPy, which
  reports inside the call, but under the state of that call.
"""
import contextlib
import functools
import os
import sys
import warnings

import numpy as _np

from . import _core

_CONDITIONS = ("divide", "over", "under", "invalid")
_TEXT = ("divide by zero", "overflow", "underflow", "invalid value")
_MODES = {"ignore": 0, "warn": 1, "raise": 2, "call": 3, "print": 4, "log": 5}
_WARN_NOW = 6  # 'warn', computed at the call: the warnings filters want RuntimeWarning there
_CALL_SHIFT = 12

# Error callbacks by the number mode words carry for them (the most recent few).
_callbacks = {}
_last_callback = [None, 0]


def _callback_number(fn):
    if fn is None:
        return 0
    if _last_callback[0] is fn:
        return _last_callback[1]
    number = _last_callback[1] % ((1 << 20) - 1) + 1
    _callbacks[number] = fn
    if len(_callbacks) > 64:
        _callbacks.pop(next(iter(_callbacks)))
    _last_callback[:] = [fn, number]
    return number


def _mode_word():
    state = _np.geterr()
    word = 0
    for i, name in enumerate(_CONDITIONS):
        word |= _MODES[state[name]] << (3 * i)
    if any(state[n] in ("call", "log") for n in _CONDITIONS):
        word |= _callback_number(_np.geterrcall()) << _CALL_SHIFT
    return word


def _sync():
    _core._set_fp_mode(_mode_word())


def _install_state_reader():
    """Lets the core read NumPy's state itself, so that np.errstate and np.seterr apply to
    metallic's ops as well: only where it reads every setting as _mode_word does (NumPy 2
    keeps the state in a context variable; its layout is NumPy's own). Otherwise metallic's
    functions keep the core in step, as before."""
    try:
        from numpy._core._ufunc_config import _extobj_contextvar as var
    except ImportError:
        return
    for action in _MODES:
        for name in _CONDITIONS:
            with _np.errstate(**{name: action}):
                if _core._fp_mode_of_numpy_state(var.get()) != _mode_word() & 0xFFF:
                    return
    _core._set_fp_mode_source(var)


_install_state_reader()


_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _user_stacklevel():
    """warnings.warn's stacklevel, from _report, for the first frame outside metallic."""
    level, frame = 2, sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        level, frame = level + 1, frame.f_back
    return level


def warn(category, message):
    """warnings.warn at the first caller outside metallic (the core's bindings call it)."""
    warnings.warn(message, category, stacklevel=_user_stacklevel())


def _report(events):
    """Acts on what passes raised: [(op name, condition bits, mode word)], in order."""
    for name, flags, mode in events:
        for i in range(4):
            if not flags >> i & 1:
                continue
            action = mode >> (3 * i) & 7
            message = f"{_TEXT[i]} encountered in {name}"
            if action in (1, _WARN_NOW):
                warnings.warn(message, RuntimeWarning, stacklevel=_user_stacklevel())
            elif action == 2:
                raise FloatingPointError(message)
            elif action in (3, 5):
                # (set through NumPy's own seterr, the word names no callback: NumPy's current)
                number = mode >> _CALL_SHIFT
                fn = _callbacks.get(number) if number else _np.geterrcall()
                if action == 3:
                    if fn is None:
                        raise NameError(f"python callback specified for {_TEXT[i]} (in  {name}) "
                                        "but no function found.")
                    fn(_TEXT[i], flags)
                else:
                    if fn is None or not hasattr(fn, "write"):
                        raise ValueError(f"log specified for {_TEXT[i]} (in {name}) but no object "
                                         "with write method found.")
                    fn.write(f"Warning: {message}\n")
            elif action == 4:
                sys.stderr.write(f"Warning: {message}\n")


def seterr(all=None, divide=None, over=None, under=None, invalid=None):
    old = _np.seterr(all=all, divide=divide, over=over, under=under, invalid=invalid)
    _sync()
    return old


def geterr():
    return _np.geterr()


def seterrcall(func):
    old = _np.seterrcall(func)
    _sync()
    return old


def geterrcall():
    return _np.geterrcall()


_UNSET = object()


@contextlib.contextmanager
def reported():
    """A block whose metallic work is computed, and what it raised reported, before the
    block ends (NumPy reports inside each call): errstate's, and assert_warns's."""
    _core._capture_begin()
    try:
        yield
    except BaseException:
        _core._capture_end(False)
        raise
    _core._capture_end(True)
    _core._fp_flush(False)


class errstate(contextlib.ContextDecorator):
    """NumPy's errstate for metallic's kernels as well as NumPy's (a context manager and a
    decorator). The work recorded inside is computed before the block exits, and what it
    raised reported under the block's state, as NumPy's."""

    def __init__(self, *, call=_UNSET, all=None, divide=None, over=None, under=None, invalid=None):
        kwargs = dict(all=all, divide=divide, over=over, under=under, invalid=invalid)
        if call is not _UNSET:
            kwargs["call"] = call
        self._kwargs = kwargs
        self._states = []

    def __enter__(self):
        state = _np.errstate(**self._kwargs)
        state.__enter__()
        report = reported()
        report.__enter__()
        self._states.append((state, report))
        _sync()
        return self

    def __exit__(self, *exc):
        state, report = self._states.pop()
        try:
            report.__exit__(*exc)
        finally:
            state.__exit__(*exc)
            _sync()
        return False


def quiet(fn):
    """Runs fn with every condition ignored by metallic's kernels: for functions whose
    NumPy counterpart never warns (its C code does not look at the status flags) or
    silences the conditions itself."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        old = _core._fp_mode()
        _core._set_fp_mode(0)
        try:
            return fn(*args, **kwargs)
        finally:
            _core._set_fp_mode(old)
    return wrapper


def quiet_methods(cls):
    """quiet for every public method cls defines."""
    for name, value in list(vars(cls).items()):
        if callable(value) and not name.startswith("_"):
            setattr(cls, name, quiet(value))
    return cls


_core._set_fp_reporter(_report)
_sync()
