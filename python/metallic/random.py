"""metallic.random: NumPy's random API on the Philox4x32-10 generator.

The legacy functions (seed, rand, randn, normal, ...) use one global generator;
default_rng(seed) gives a Generator with its own state. The same seed gives the same
numbers on every device (they are not NumPy's numbers). Every distribution is written
once, as elementwise work over uniform or normal draws, so it is lazy and fuses into the
kernels that consume it. What is not here yet runs in NumPy (counted fallback).
"""

import operator
import os

import numpy as _np

from . import _core
from ._fallback import call_numpy, namespace_getattr


def _shape(size):
    if size is None:
        return None
    if isinstance(size, (tuple, list)):
        return tuple(operator.index(s) for s in size)
    return (operator.index(size),)


def _seed_int(seed):
    if seed is None:
        return int.from_bytes(os.urandom(8), "little")
    if hasattr(seed, "entropy"):  # numpy.random.SeedSequence
        seed = seed.entropy
    s = operator.index(seed)
    if s < 0:
        raise ValueError("Seed must be between 0 and 2**32 - 1")
    return s & (2**64 - 1)


class _Distributions:
    """The distributions, over two draws a subclass provides: _draw(normal, shape)."""

    # -- helpers -------------------------------------------------------------------
    def _params(self, name, size, **params):
        """Parameters (Python numbers stay numbers: weak scalars, no device array), the
        output shape, and whether the result is a Python scalar."""
        from . import asarray, broadcast_shapes
        values = {k: (float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else
                      v if isinstance(v, _core.ndarray) else asarray(v, dtype=_np.float64))
                  for k, v in params.items()}
        shape = _shape(size)
        pshape = broadcast_shapes(*[_np.shape(v) for v in values.values()]) if values else ()
        if shape is None:
            shape = pshape
        elif broadcast_shapes(shape, pshape) != shape:
            raise ValueError(f"[{name}] shape mismatch: objects cannot be broadcast to a single shape")
        scalar = size is None and all(isinstance(v, float) for v in values.values())
        return values, shape, scalar

    @staticmethod
    def _check(name, value, bad, message):
        """Raise ValueError when bad(value) holds anywhere (on the host for a number)."""
        from . import any as _any
        if isinstance(value, float) and bad(value) or not isinstance(value, float) and bool(_any(bad(value))):
            raise ValueError(f"[{name}] {message}")

    @staticmethod
    def _result(x, scalar, dtype=None):
        if dtype is not None and _np.dtype(dtype) != x.dtype:
            x = x.astype(dtype)
        return x.item() if scalar else x

    def _u(self, shape):
        return self._draw("uniform", shape)

    def _n(self, shape):
        return self._draw("normal", shape)

    def _g(self, k, shape):
        return self._draw("gamma", shape, k)

    def _numpy(self, name, *args, **kwargs):
        """A method not native for these arguments, run in NumPy (counted fallback) on a
        NumPy generator seeded from this one's next stream."""
        key, stream = self._take_stream()
        rng = _np.random.default_rng([key, stream])
        return call_numpy(getattr(rng, name), args, kwargs)

    def _std_exp(self, shape):
        from . import log1p
        return -log1p(-self._u(shape))  # u < 1: finite

    # -- uniform and normal ----------------------------------------------------------
    def random(self, size=None, dtype=_np.float64, out=None):
        """Uniform samples in [0, 1)."""
        if _np.dtype(dtype) not in (_np.float64, _np.float32):
            raise TypeError(f"[random] unsupported dtype {_np.dtype(dtype)} (float64 or float32)")
        r = self._result(self._u(_shape(size) or ()), size is None, dtype)
        return _into(out, r)

    def standard_normal(self, size=None, dtype=_np.float64, out=None):
        if _np.dtype(dtype) not in (_np.float64, _np.float32):
            raise TypeError(f"[standard_normal] unsupported dtype {_np.dtype(dtype)} (float64 or float32)")
        r = self._result(self._n(_shape(size) or ()), size is None, dtype)
        return _into(out, r)

    def uniform(self, low=0.0, high=1.0, size=None):
        p, shape, scalar = self._params("uniform", size, low=low, high=high)
        return self._result(p["low"] + (p["high"] - p["low"]) * self._u(shape), scalar)

    def normal(self, loc=0.0, scale=1.0, size=None):
        p, shape, scalar = self._params("normal", size, loc=loc, scale=scale)
        self._check("normal", p["scale"], lambda v: v < 0, "scale < 0")
        return self._result(p["loc"] + p["scale"] * self._n(shape), scalar)

    def lognormal(self, mean=0.0, sigma=1.0, size=None):
        from . import exp
        p, shape, scalar = self._params("lognormal", size, mean=mean, sigma=sigma)
        self._check("lognormal", p["sigma"], lambda v: v < 0, "sigma < 0")
        return self._result(exp(p["mean"] + p["sigma"] * self._n(shape)), scalar)

    def standard_cauchy(self, size=None):
        shape = _shape(size) or ()
        return self._result(self._n(shape) / self._n(shape), size is None)

    # -- from exponentials -------------------------------------------------------------
    def standard_exponential(self, size=None, dtype=_np.float64, method="inv", out=None):
        return _into(out, self._result(self._std_exp(_shape(size) or ()), size is None, dtype))

    def exponential(self, scale=1.0, size=None):
        p, shape, scalar = self._params("exponential", size, scale=scale)
        self._check("exponential", p["scale"], lambda v: v < 0, "scale < 0")
        return self._result(p["scale"] * self._std_exp(shape), scalar)

    def rayleigh(self, scale=1.0, size=None):
        from . import sqrt
        p, shape, scalar = self._params("rayleigh", size, scale=scale)
        self._check("rayleigh", p["scale"], lambda v: v < 0, "scale < 0")
        return self._result(p["scale"] * sqrt(2.0 * self._std_exp(shape)), scalar)

    def weibull(self, a, size=None):
        p, shape, scalar = self._params("weibull", size, a=a)
        self._check("weibull", p["a"], lambda v: v < 0, "a < 0")
        from . import where
        a, e = p["a"], self._std_exp(shape)
        if isinstance(a, float):  # a == 0 gives zeros, as NumPy
            return self._result(e ** (1.0 / a) if a else e * 0.0, scalar)
        return self._result(where(a == 0, 0.0, e ** (1.0 / where(a == 0, 1.0, a))), scalar)

    def pareto(self, a, size=None):
        from . import expm1
        p, shape, scalar = self._params("pareto", size, a=a)
        self._check("pareto", p["a"], lambda v: v <= 0, "a <= 0")
        return self._result(expm1(self._std_exp(shape) / p["a"]), scalar)

    def power(self, a, size=None):
        from . import expm1
        p, shape, scalar = self._params("power", size, a=a)
        self._check("power", p["a"], lambda v: v <= 0, "a <= 0")
        return self._result((-expm1(-self._std_exp(shape))) ** (1.0 / p["a"]), scalar)

    def gumbel(self, loc=0.0, scale=1.0, size=None):
        from . import log
        p, shape, scalar = self._params("gumbel", size, loc=loc, scale=scale)
        self._check("gumbel", p["scale"], lambda v: v < 0, "scale < 0")
        return self._result(p["loc"] - p["scale"] * log(self._std_exp(shape)), scalar)

    def laplace(self, loc=0.0, scale=1.0, size=None):
        from . import where
        p, shape, scalar = self._params("laplace", size, loc=loc, scale=scale)
        self._check("laplace", p["scale"], lambda v: v < 0, "scale < 0")
        e = self._std_exp(shape)
        sign = where(self._u(shape) < 0.5, -1.0, 1.0)
        return self._result(p["loc"] + sign * p["scale"] * e, scalar)

    def logistic(self, loc=0.0, scale=1.0, size=None):
        from . import log
        p, shape, scalar = self._params("logistic", size, loc=loc, scale=scale)
        self._check("logistic", p["scale"], lambda v: v < 0, "scale < 0")
        u = self._u(shape)
        return self._result(p["loc"] + p["scale"] * log(u / (1.0 - u)), scalar)

    # -- from gammas -----------------------------------------------------------------------
    def standard_gamma(self, shape, size=None, dtype=_np.float64, out=None):
        if not isinstance(shape, (int, float)) or isinstance(shape, bool):
            return _into(out, self._numpy("standard_gamma", shape, size, dtype=dtype))
        if shape < 0:
            raise ValueError("[standard_gamma] shape < 0")
        sz = _shape(size) or ()
        g = self._g(float(shape), sz) if shape > 0 else self._u(sz) * 0.0
        return _into(out, self._result(g, size is None, dtype))

    def gamma(self, shape, scale=1.0, size=None):
        if not isinstance(shape, (int, float)) or not isinstance(scale, (int, float)):
            return self._numpy("gamma", shape, scale, size)
        if shape < 0 or scale < 0:
            raise ValueError("[gamma] shape < 0" if shape < 0 else "[gamma] scale < 0")
        return self._result(scale * self.standard_gamma(shape, _shape(size) or ()), size is None)

    def chisquare(self, df, size=None):
        if not isinstance(df, (int, float)):
            return self._numpy("chisquare", df, size)
        if df <= 0:
            raise ValueError("[chisquare] df <= 0")
        return self._result(2.0 * self.standard_gamma(df / 2.0, _shape(size) or ()), size is None)

    def beta(self, a, b, size=None):
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            return self._numpy("beta", a, b, size)
        if a <= 0 or b <= 0:
            raise ValueError("[beta] a <= 0" if a <= 0 else "[beta] b <= 0")
        sz = _shape(size) or ()
        x, y = self.standard_gamma(a, sz), self.standard_gamma(b, sz)
        return self._result(x / (x + y), size is None)

    def f(self, dfnum, dfden, size=None):
        if not isinstance(dfnum, (int, float)) or not isinstance(dfden, (int, float)):
            return self._numpy("f", dfnum, dfden, size)
        if dfnum <= 0 or dfden <= 0:
            raise ValueError("[f] dfnum <= 0" if dfnum <= 0 else "[f] dfden <= 0")
        sz = _shape(size) or ()
        num, den = self.chisquare(dfnum, sz), self.chisquare(dfden, sz)
        return self._result((num / dfnum) / (den / dfden), size is None)

    def standard_t(self, df, size=None):
        from . import sqrt
        if not isinstance(df, (int, float)):
            return self._numpy("standard_t", df, size)
        if df <= 0:
            raise ValueError("[standard_t] df <= 0")
        sz = _shape(size) or ()
        return self._result(self._n(sz) / sqrt(self.chisquare(df, sz) / df), size is None)

    def dirichlet(self, alpha, size=None):
        from . import stack
        alpha = [float(a) for a in _np.asarray(alpha, dtype=_np.float64).ravel()]
        if any(a <= 0 for a in alpha) or not alpha:
            raise ValueError("[dirichlet] alpha <= 0")
        sz = _shape(size) or ()
        g = stack([self.standard_gamma(a, sz) for a in alpha], axis=-1)
        return g / g.sum(axis=-1, keepdims=True)

    # -- integers ----------------------------------------------------------------------
    def integers(self, low, high=None, size=None, dtype=_np.int64, endpoint=False):
        """Integers in [low, high) ([low, high] with endpoint), from a uniform draw scaled
        and floored (uniform to within 2**-53 of each value's probability)."""
        from . import floor
        if high is None:
            low, high = 0, low
        dt = _np.dtype(dtype)
        if dt.kind not in "iu":
            raise TypeError(f"[integers] unsupported dtype {dt}")
        lo, hi = operator.index(low), operator.index(high) + (1 if endpoint else 0)
        if lo >= hi:
            raise ValueError("[integers] low >= high" if not endpoint else "[integers] low > high")
        info = _np.iinfo(dt)
        if lo < info.min or hi - 1 > info.max:
            raise ValueError(f"[integers] bounds out of range for {dt}")
        if hi - lo > 2**53:
            raise NotImplementedError("[integers] ranges wider than 2**53")
        shape = _shape(size) or ()
        r = (floor(self._u(shape) * float(hi - lo)) + float(lo)).astype(dt)
        return r.item() if size is None else r


def _into(out, r):
    if out is None:
        return r
    from . import copyto
    copyto(out, r)
    return out


class Generator(_Distributions):
    """numpy.random.Generator's API over a Philox4x32-10 stream of its own: default_rng(s)
    gives the same numbers on every device, independent of the global generator."""

    def __init__(self, seed=None, *, _key=None):
        self._key = _core.random_key_for_seed(_seed_int(seed)) if _key is None else _key
        self._stream = 0

    def _take_stream(self):
        s = self._stream
        self._stream += 1
        return self._key, s

    def _draw(self, what, shape, k=0.0):
        key, stream = self._take_stream()
        return _core.random_draw(what, key, stream, shape, k)

    def spawn(self, n_children):
        """Independent generators (keys derived from this one's key and the child's number)."""
        return [Generator(_key=_core.random_key_for_seed(self._key ^ (0x9E3779B97F4A7C15 * (i + 1) & (2**64 - 1))))
                for i in range(n_children)]

    def __getattr__(self, name):
        # Methods not written natively yet run in a NumPy Generator seeded from this one.
        target = getattr(_np.random.Generator, name, None)
        if target is None or name.startswith("_"):
            raise AttributeError(f"'Generator' object has no attribute '{name}'")
        return lambda *a, **k: self._numpy(name, *a, **k)

    def __repr__(self):
        return "Generator(Philox4x32-10)"


def default_rng(seed=None):
    """A Generator seeded with seed (an int, a SeedSequence, None for fresh entropy, or a
    Generator, returned as it is)."""
    if isinstance(seed, Generator):
        return seed
    return Generator(seed)


class _Global(_Distributions):
    """The legacy module-level functions: one generator for the process."""

    def _take_stream(self):
        key, stream = _core.random_get_state()
        _core.random_set_state(key, stream + 1)
        return key, stream

    def _draw(self, what, shape, k=0.0):
        key, stream = self._take_stream()
        return _core.random_draw(what, key, stream, shape, k)


_global = _Global()


def seed(seed=None):
    """Reseed the global generator (None: from the operating system's entropy)."""
    _core.random_seed(_seed_int(seed))


def get_state():
    """The global generator's state (Philox key and next stream), for set_state."""
    key, stream = _core.random_get_state()
    return {"bit_generator": "Philox4x32-10", "key": key, "stream": stream}


def set_state(state):
    if not isinstance(state, dict) or state.get("bit_generator") != "Philox4x32-10":
        raise ValueError("[set_state] expects a state returned by metallic.random.get_state()")
    _core.random_set_state(operator.index(state["key"]), operator.index(state["stream"]))


def rand(*shape):
    """Uniform samples in [0, 1) of the given shape (float64)."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    return _global.random(tuple(operator.index(s) for s in shape)) if shape else _global.random()


def randn(*shape):
    """Standard normal samples of the given shape (float64)."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    return _global.standard_normal(tuple(operator.index(s) for s in shape)) if shape else _global.standard_normal()


def randint(low, high=None, size=None, dtype=int):
    return _global.integers(low, high, size, dtype=_np.int64 if dtype is int else dtype)


def random_integers(low, high=None, size=None):
    if high is None:
        low, high = 1, low
    return _global.integers(low, high, size, endpoint=True)


for _name in ("random", "standard_normal", "uniform", "normal", "lognormal", "standard_cauchy",
              "standard_exponential", "exponential", "rayleigh", "weibull", "pareto", "power", "gumbel",
              "laplace", "logistic", "standard_gamma", "gamma", "chisquare", "beta", "f", "standard_t",
              "dirichlet"):
    globals()[_name] = getattr(_global, _name)
random_sample = random  # noqa: F821 (defined just above)
ranf = random  # noqa: F821
sample = random  # noqa: F821

# NumPy's other distributions, RandomState, choice, permutation, shuffle run in NumPy
# (counted fallback) until they are native.
__getattr__ = namespace_getattr(_np.random, "metallic.random")
