"""metallic.random: NumPy's legacy random API on the Philox4x32-10 generator.

The same seed gives the same numbers on every device; they are not NumPy's numbers.
"""

import operator

import numpy as _np

from . import _core
from ._fallback import namespace_getattr


def _size(args):
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = tuple(args[0])
    return tuple(operator.index(a) for a in args)


def seed(seed=None):
    """Reseed the global generator (None: from the operating system's entropy)."""
    if seed is None:
        import os
        seed = int.from_bytes(os.urandom(8), "little")
    s = operator.index(seed)
    if s < 0:
        raise ValueError("Seed must be between 0 and 2**32 - 1")
    _core.random_seed(s & (2**64 - 1))


def rand(*shape):
    """Uniform samples in [0, 1) of the given shape (float64)."""
    return _core.random_rand(_size(shape))


def randn(*shape):
    """Standard normal samples of the given shape (float64)."""
    return _core.random_randn(_size(shape))


def random(size=None):
    """Uniform samples in [0, 1); size None gives a 0-d array."""
    return _core.random_rand(() if size is None else _size((size,)))


random_sample = random
ranf = random
sample = random


def standard_normal(size=None):
    return _core.random_randn(() if size is None else _size((size,)))


# NumPy's other distributions and RandomState/Generator run in NumPy (counted fallback)
# until the random issue makes them native.
__getattr__ = namespace_getattr(_np.random, "metallic.random")
