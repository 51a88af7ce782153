"""metallic.random: NumPy's random API on the Philox4x32-10 generator.

The legacy functions (seed, rand, randn, normal, ...) use one global generator;
default_rng(seed) gives a Generator with its own state. The same seed gives the same
numbers on every device (they are not NumPy's numbers). Every distribution is written
once, as elementwise work over uniform or normal draws, so it is lazy and fuses into the
kernels that consume it. What is not here yet runs in NumPy (counted fallback).
"""

import math
import operator
import os
import threading

import numpy as _np

from . import _core
from ._convert import asnumpy
from ._fallback import call_numpy, namespace_getattr


def _shape(size):
    if size is None:
        return None
    if isinstance(size, (tuple, list, _np.ndarray)):
        return tuple(operator.index(s) for s in _np.asarray(size).reshape(-1).tolist())
    return (operator.index(size),)


def _seed_int(seed):
    if seed is None:
        return int.from_bytes(os.urandom(8), "little")
    if hasattr(seed, "generate_state"):  # numpy.random.SeedSequence (spawned ones differ)
        return int(seed.generate_state(1, _np.uint64)[0])
    if isinstance(seed, (list, tuple, _np.ndarray)):
        return int(_np.random.SeedSequence(seed).generate_state(1, _np.uint64)[0])
    s = operator.index(seed)
    if s < 0:
        raise ValueError("Seed must be between 0 and 2**32 - 1")
    return s & (2**64 - 1)


def _is_number(v):
    """A Python or NumPy real number, or a 0-d array of one: a scalar parameter."""
    return (isinstance(v, (int, float, _np.integer, _np.floating)) and not isinstance(v, (bool, _np.bool_))) or (
        isinstance(v, (_np.ndarray, _core.ndarray)) and v.ndim == 0 and v.dtype.kind in "iuf")


def _is_int(v):
    try:
        operator.index(v)
        return True
    except TypeError:
        return False


def _out_size(name, size, out, dtype):
    """The shape to draw and whether the result is a Python scalar; with out=, its shape."""
    if _np.dtype(dtype) not in (_np.float64, _np.float32):
        raise TypeError(f"[{name}] unsupported dtype {_np.dtype(dtype)} (float64 or float32)")
    if out is None:
        return _shape(size) or (), size is None
    if size is not None and _shape(size) != tuple(out.shape):
        raise ValueError(f"[{name}] size must match out.shape when used together")
    if out.dtype != _np.dtype(dtype):
        raise TypeError(f"[{name}] out has dtype {out.dtype}, not {_np.dtype(dtype)}")
    return tuple(out.shape), False


class _Distributions:
    """The distributions, over the stream a subclass hands out: _take_stream()."""

    def _draw(self, what, shape, k=0.0, float32=False):
        key, stream = self._take_stream()
        return _core.random_draw(what, key, stream, shape, k, float32)

    # -- helpers -------------------------------------------------------------------
    def _params(self, name, size, **params):
        """Parameters (Python numbers stay numbers: weak scalars, no device array; host
        sequences stay NumPy arrays, checked on the host), the output shape, and whether the
        result is a Python scalar."""
        from . import broadcast_shapes
        values = {k: (float(v) if _is_number(v) else
                      v if isinstance(v, _core.ndarray) else _np.asarray(v, dtype=_np.float64))
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
        """Raise ValueError when bad(value) holds anywhere (on the host unless value is a
        metallic array; -0.0 counts as negative, as NumPy's sign-bit test)."""
        from . import any as _any
        if isinstance(value, float):
            if bad(value) or (value == 0 and math.copysign(1.0, value) < 0 and bad(-1.0)):
                raise ValueError(f"[{name}] {message}")
        elif bool(_any(bad(value)) if isinstance(value, _core.ndarray) else _np.any(bad(value))):
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
        size, scalar = _out_size("random", size, out, dtype)
        f32 = _np.dtype(dtype) == _np.float32  # float32's own stream: 24-bit uniforms
        return _into(out, self._result(self._draw("uniform", size, float32=f32), scalar))

    def standard_normal(self, size=None, dtype=_np.float64, out=None):
        size, scalar = _out_size("standard_normal", size, out, dtype)
        f32 = _np.dtype(dtype) == _np.float32  # Box-Muller in float32 (a stream of its own)
        return _into(out, self._result(self._draw("normal", size, float32=f32), scalar))

    def uniform(self, low=0.0, high=1.0, size=None):
        p, shape, scalar = self._params("uniform", size, low=low, high=high)
        if isinstance(p["low"], float) and isinstance(p["high"], float) and not math.isfinite(p["high"] - p["low"]):
            raise OverflowError("[uniform] range exceeds valid bounds")
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
        size, scalar = _out_size("standard_exponential", size, out, dtype)
        return _into(out, self._result(self._std_exp(size), scalar, dtype))

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

    def geometric(self, p, size=None):
        """Trials up to the first success: 1 + floor(log(1 - u) / log(1 - p)) (inversion)."""
        from . import floor, log1p
        q, shape, scalar = self._params("geometric", size, p=p)
        self._check("geometric", q["p"], lambda v: (v <= 0) | (v > 1) | (v != v), "p <= 0, p > 1 or p contains NaNs")
        from . import where
        k = 1.0 + floor(log1p(-self._u(shape)) / log1p(-q["p"]))
        big = k >= 2.0 ** 63  # past int64 (tiny p): NumPy's largest count
        k = where(big, _np.iinfo(_np.int64).max, where(big, 0.0, k).astype(_np.int64))
        return self._result(k, scalar)

    def triangular(self, left, mode, right, size=None):
        """Inversion of the triangular CDF."""
        from . import sqrt, where
        q, shape, scalar = self._params("triangular", size, left=left, mode=mode, right=right)
        lo, mo, hi = q["left"], q["mode"], q["right"]
        self._check("triangular", lo - mo, lambda v: v > 0, "left > mode")
        self._check("triangular", mo - hi, lambda v: v > 0, "mode > right")
        self._check("triangular", hi - lo, lambda v: v == 0, "left == right")
        u, width = self._u(shape), hi - lo
        fc = (mo - lo) / width
        return self._result(where(u < fc, lo + sqrt(u * width * (mo - lo)), hi - sqrt((1.0 - u) * width * (hi - mo))),
                            scalar)

    def wald(self, mean, scale, size=None):
        """Inverse Gaussian (Michael, Schucany and Haas: one normal and one uniform)."""
        from . import sqrt, where
        q, shape, scalar = self._params("wald", size, mean=mean, scale=scale)
        self._check("wald", q["mean"], lambda v: v <= 0, "mean <= 0")
        self._check("wald", q["scale"], lambda v: v <= 0, "scale <= 0")
        mu, lam = q["mean"], q["scale"]
        y = mu * self._n(shape) ** 2
        # mu + mu/(2 lam) (y - sqrt(y^2 + 4 lam y)) without the cancellation of that difference
        x = 4.0 * mu * lam * y / (y + sqrt(y * y + 4.0 * lam * y)) ** 2
        return self._result(where(self._u(shape) <= mu / (mu + x), x, mu * mu / x), scalar)

    def poisson(self, lam=1.0, size=None):
        """Poisson counts of mean lam (a number; arrays of means run in NumPy)."""
        if not _is_number(lam):
            return self._numpy("poisson", lam, size)
        lam = float(lam)
        if lam < 0 or lam != lam:
            raise ValueError("[poisson] lam < 0 or lam is NaN")
        if lam > 9.2e18 - 10 * math.sqrt(9.2e18):
            raise ValueError("[poisson] lam value too large")
        shape = _shape(size) or ()
        k = self._draw("poisson", shape, lam)
        return self._result(k, size is None)

    # -- from gammas -----------------------------------------------------------------------
    def standard_gamma(self, shape, size=None, dtype=_np.float64, out=None):
        if not _is_number(shape):
            return _into(out, self._numpy("standard_gamma", shape, size, dtype=dtype))
        if shape < 0:
            raise ValueError("[standard_gamma] shape < 0")
        sz, scalar = _out_size("standard_gamma", size, out, dtype)
        g = self._g(float(shape), sz) if shape > 0 else self._u(sz) * 0.0
        return _into(out, self._result(g, scalar, dtype))

    def gamma(self, shape, scale=1.0, size=None):
        if not _is_number(shape) or not _is_number(scale):
            return self._numpy("gamma", shape, scale, size)
        if shape < 0 or scale < 0:
            raise ValueError("[gamma] shape < 0" if shape < 0 else "[gamma] scale < 0")
        return self._result(scale * self.standard_gamma(shape, _shape(size) or ()), size is None)

    def chisquare(self, df, size=None):
        if not _is_number(df):
            return self._numpy("chisquare", df, size)
        if df <= 0:
            raise ValueError("[chisquare] df <= 0")
        return self._result(2.0 * self.standard_gamma(df / 2.0, _shape(size) or ()), size is None)

    def beta(self, a, b, size=None):
        if not _is_number(a) or not _is_number(b):
            return self._numpy("beta", a, b, size)
        if a <= 0 or b <= 0:
            raise ValueError("[beta] a <= 0" if a <= 0 else "[beta] b <= 0")
        sz = _shape(size) or ()
        x, y = self.standard_gamma(a, sz), self.standard_gamma(b, sz)
        return self._result(x / (x + y), size is None)

    def f(self, dfnum, dfden, size=None):
        if not _is_number(dfnum) or not _is_number(dfden):
            return self._numpy("f", dfnum, dfden, size)
        if dfnum <= 0 or dfden <= 0:
            raise ValueError("[f] dfnum <= 0" if dfnum <= 0 else "[f] dfden <= 0")
        sz = _shape(size) or ()
        num, den = self.chisquare(dfnum, sz), self.chisquare(dfden, sz)
        return self._result((num / dfnum) / (den / dfden), size is None)

    def standard_t(self, df, size=None):
        from . import sqrt
        if not _is_number(df):
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

    # -- permutations --------------------------------------------------------------------
    def permutation(self, x, axis=0):
        """A shuffled copy of x along axis (of arange(x) for an integer): the order of a
        uniform draw per position (the sort runs in NumPy until sorting is native)."""
        from . import arange, asarray, take
        a = arange(x) if _is_int(x) else asarray(x)
        if a.ndim == 0:
            raise TypeError("[permutation] x must be an integer or at least 1-dimensional")
        n = a.shape[axis]
        order = _np.argsort(asnumpy(self._u((n,))), kind="stable")
        return take(a, asarray(order), axis=axis)

    def choice(self, a, size=None, replace=True, p=None, axis=0, shuffle=True):
        """Samples from a (an int n: arange(n)), uniformly or with probabilities p. Indices
        are drawn and picked natively (take); the search of p's running sum runs in NumPy
        until searchsorted is native."""
        from . import asarray, take
        if _is_int(a):
            n = operator.index(a)
            if n <= 0:
                raise ValueError("[choice] a must be a positive integer unless no samples are taken")
            pop = None
        else:
            pop = asarray(a)
            if pop.ndim == 0:
                raise ValueError("[choice] a must be 1-dimensional or an integer")
            n = pop.shape[axis]
            if n == 0:
                raise ValueError("[choice] a cannot be empty unless no samples are taken")
        shape = _shape(size) or ()
        k = math.prod(shape)
        if p is not None:
            hp = _np.asarray(p, dtype=_np.float64)
            if hp.ndim != 1 or hp.size != n:
                raise ValueError("[choice] a and p must have same size")
            if (hp < 0).any() or not _np.isfinite(hp).all():
                raise ValueError("[choice] probabilities are not non-negative")
            if abs(hp.sum() - 1.0) > _np.sqrt(_np.finfo(_np.float64).eps):
                raise ValueError("[choice] probabilities do not sum to 1")
            if not replace:
                return self._numpy("choice", a if pop is None else _np.asarray(pop), size, replace, p, axis, shuffle)
            cdf = _np.cumsum(hp)
            idx = asarray(_np.minimum(_np.searchsorted(cdf, asnumpy(self._u(shape)) * cdf[-1], side="right"), n - 1))
        elif replace:
            idx = self.integers(0, n, shape)
        else:
            if k > n:
                raise ValueError("[choice] Cannot take a larger sample than population when replace is False")
            idx = self.permutation(n)[:k].reshape(shape)
        out = idx if pop is None else take(pop, idx, axis=axis)
        if size is None and (pop is None or pop.ndim == 1):
            return out.dtype.type(out.item())  # a NumPy scalar, as NumPy's
        return out

    def shuffle(self, x, axis=0):
        """Shuffles x in place along axis."""
        if not isinstance(x, (_core.ndarray, _np.ndarray)):
            return self._numpy("shuffle", x, axis=axis)
        x[...] = self.permutation(x, axis=axis)

    # -- integers ----------------------------------------------------------------------
    def integers(self, low, high=None, size=None, dtype=_np.int64, endpoint=False):
        """Integers in [low, high) ([low, high] with endpoint): a uniform draw scaled to the
        range and floored, then low added exactly. Ranges up to 2**32 are native (each value's
        probability off by at most 2**-21 of itself); wider ones, array bounds and bool run in
        NumPy."""
        from . import floor
        if high is None:
            low, high = 0, low
        dt = _np.dtype(dtype)
        if not (_is_int(low) and _is_int(high)) or dt.kind not in "iu":
            return self._numpy("integers", low, high, size, dtype=dtype, endpoint=endpoint)
        lo, hi = operator.index(low), operator.index(high) + (1 if endpoint else 0)
        if lo >= hi:
            raise ValueError("[integers] low >= high" if not endpoint else "[integers] low > high")
        info = _np.iinfo(dt)
        if lo < info.min or hi - 1 > info.max:
            raise ValueError(f"[integers] bounds out of range for {dt}")
        if hi - lo > 2**32:
            return self._numpy("integers", low, high, size, dtype=dtype, endpoint=endpoint)
        wide = _np.int64 if dt.kind == "i" else _np.uint64
        offset = floor(self._u(_shape(size) or ()) * float(hi - lo)).astype(wide)
        r = (offset + wide(lo)).astype(dt)
        return dt.type(r.item()) if size is None else r


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
        self._spawned = 0
        self._lock = threading.Lock()  # threads sharing a generator never share a stream

    def _take_stream(self):
        with self._lock:
            s = self._stream
            self._stream += 1
        return self._key, s

    def spawn(self, n_children):
        """Independent generators: keys derived from this one's key and each child's number
        (numbers keep counting across calls, so every spawned child is new)."""
        with self._lock:
            first = self._spawned
            self._spawned += n_children
        mix = lambda i: (self._key ^ (0x9E3779B97F4A7C15 * (i + 1))) & (2**64 - 1)  # noqa: E731
        return [Generator(_key=_core.random_key_for_seed(mix(first + i))) for i in range(n_children)]

    def __getattr__(self, name):
        # Methods not written natively yet run in a NumPy Generator seeded from this one.
        target = getattr(_np.random.Generator, name, None)
        if name.startswith("_") or not callable(target):
            raise AttributeError(f"'Generator' object has no attribute '{name}'")
        return lambda *a, **k: self._numpy(name, *a, **k)

    def __repr__(self):
        return "Generator(Philox4x32-10)"


class Philox:
    """The bit generator behind every metallic Generator, as an object (numpy.random.Philox's
    role): Philox(seed) holds a SeedSequence; default_rng(Philox(...)) draws from a key it
    generates, and spawn() gives independent children (as Dask's random module uses them)."""

    def __init__(self, seed=None):
        self._seed_seq = seed if isinstance(seed, _np.random.SeedSequence) else _np.random.SeedSequence(
            _seed_int(seed) if seed is not None else None)

    @property
    def seed_seq(self):
        return self._seed_seq

    def spawn(self, n_children):
        return [Philox(s) for s in self._seed_seq.spawn(n_children)]

    def __repr__(self):
        return "metallic.random.Philox"


def default_rng(seed=None):
    """A Generator seeded with seed (an int, a SeedSequence, a Philox, None for fresh
    entropy, or a Generator, returned as it is)."""
    if isinstance(seed, Generator):
        return seed
    return Generator(seed._seed_seq if isinstance(seed, Philox) else seed)


class RandomState(Generator):
    """numpy.random.RandomState's API (rand, randn, randint, random_sample, ... and the
    distributions) over a Generator of its own; seed with an int, an array of ints or None.
    Its numbers are metallic's (Philox4x32-10), not the Mersenne Twister's."""

    def __init__(self, seed=None):
        super().__init__(seed)

    def seed(self, seed=None):
        self.__init__(seed)

    def rand(self, *shape):
        return self.random(_legacy_size(shape))

    def randn(self, *shape):
        return self.standard_normal(_legacy_size(shape))

    def randint(self, low, high=None, size=None, dtype=int):
        return self.integers(low, high, size, dtype=_np.int64 if dtype is int else dtype)

    def random_integers(self, low, high=None, size=None):
        if high is None:
            low, high = 1, low
        return self.integers(low, high, size, endpoint=True)

    def random_sample(self, size=None):
        return self.random(size)

    ranf = sample = random_sample

    def tomaxint(self, size=None):
        return self.integers(0, _np.iinfo(_np.int64).max, size)

    def __repr__(self):
        return "RandomState(Philox4x32-10)"


class _Global(_Distributions):
    """The legacy module-level functions: one generator for the process."""

    def _take_stream(self):
        return _core.random_take_stream()  # atomic: threads never share a stream


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


def _legacy_size(shape):
    """rand(2, 3) / rand((2, 3)) / rand(): the size argument (None for no arguments)."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    return tuple(operator.index(s) for s in shape) if shape else None


def rand(*shape):
    """Uniform samples in [0, 1) of the given shape (float64)."""
    return _global.random(_legacy_size(shape))


def randn(*shape):
    """Standard normal samples of the given shape (float64)."""
    return _global.standard_normal(_legacy_size(shape))


def randint(low, high=None, size=None, dtype=int):
    return RandomState.randint(_global, low, high, size, dtype)


def random_integers(low, high=None, size=None):
    return RandomState.random_integers(_global, low, high, size)


for _name in ("random", "standard_normal", "uniform", "normal", "lognormal", "standard_cauchy",
              "standard_exponential", "exponential", "rayleigh", "weibull", "pareto", "power", "gumbel",
              "laplace", "logistic", "standard_gamma", "gamma", "chisquare", "beta", "f", "standard_t",
              "dirichlet", "permutation", "shuffle", "choice", "geometric", "triangular", "wald", "poisson"):
    globals()[_name] = getattr(_global, _name)
random_sample = random  # noqa: F821 (defined just above)
ranf = random  # noqa: F821
sample = random  # noqa: F821

# NumPy's other distributions run in NumPy
# (counted fallback) until they are native.
__getattr__ = namespace_getattr(_np.random, "metallic.random")
