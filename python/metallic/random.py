"""metallic.random: NumPy's random API on the Philox4x32-10 generator.

The legacy functions (seed, rand, randn, normal, ...) use one global generator;
default_rng(seed) gives a Generator with its own state. The same seed gives the same
numbers on every device (they are not NumPy's numbers). Every distribution is written
once, as elementwise work over uniform or normal draws or as a draw with per-element
parameters (functors_random.hpp), so it is lazy and fuses into the kernels that consume
it. What is not here yet runs in NumPy (counted fallback).
"""

import math
import operator
import os
import threading

import numpy as _np

from . import _core, _errstate
from ._convert import asnumpy
from ._fallback import call_numpy as _call_numpy, namespace_getattr, namespace_dir
from ._random_counts import _Counts


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


@_errstate.quiet_methods
class _Distributions(_Counts):
    """The distributions, over the stream a subclass hands out: _take_stream()."""

    def _draw(self, what, shape, float32=False):
        key, stream = self._take_stream()
        return _core.random_draw(what, key, stream, shape, float32)

    def _sample(self, what, shape, *params):
        """A draw with per-element parameters (numbers or arrays, broadcast to shape; int64
        where the parameter is an integer, float64 otherwise)."""
        from . import asarray, broadcast_to
        key, stream = self._take_stream()
        arrays = []
        for v in params:
            dt = _np.int64 if (isinstance(v, int) or getattr(v, "dtype", _np.dtype(float)).kind in "iu") else _np.float64
            arrays.append(broadcast_to(asarray(v, dtype=dt), shape))
        return _core.random_sample(what, key, stream, arrays)

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
        if scalar:
            return x.item()
        if not isinstance(x, _core.ndarray):  # size=(): a 0-d array, as NumPy's (not a scalar)
            from . import asarray
            x = asarray(x)
        return x

    def _u(self, shape):
        return self._draw("uniform", shape)

    def _n(self, shape):
        return self._draw("normal", shape)

    def _g(self, k, shape):
        return self._sample("gamma", shape, k)

    def _numpy(self, name, *args, **kwargs):
        """A method not native for these arguments, run in NumPy (counted fallback) on a
        NumPy generator seeded from this one's next stream."""
        key, stream = self._take_stream()
        rng = _np.random.default_rng([key, stream])
        return _call_numpy(getattr(rng, name), args, kwargs)

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

    _ordered_uniform = False  # Generator's uniform refuses high < low (the legacy one does not)

    def uniform(self, low=0.0, high=1.0, size=None):
        p, shape, scalar = self._params("uniform", size, low=low, high=high)
        if self._ordered_uniform:
            from . import subtract
            self._check("uniform", p["high"] - p["low"] if isinstance(p["high"], float) and isinstance(p["low"], float)
                        else subtract(p["high"], p["low"]), lambda v: v < 0, "high - low < 0")
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

    # -- from gammas -----------------------------------------------------------------------
    def standard_gamma(self, shape, size=None, dtype=_np.float64, out=None):
        out_shape, _ = _out_size("standard_gamma", size, out, dtype)  # checks dtype and out
        q, sz, scalar = self._params("standard_gamma", out_shape if out is not None else size, shape=shape)
        self._check("standard_gamma", q["shape"], lambda v: (v < 0) | (v != v), "shape < 0")
        return _into(out, self._result(self._g(q["shape"], sz), scalar and out is None, dtype))

    def gamma(self, shape, scale=1.0, size=None):
        q, sz, scalar = self._params("gamma", size, shape=shape, scale=scale)
        self._check("gamma", q["shape"], lambda v: (v < 0) | (v != v), "shape < 0")
        self._check("gamma", q["scale"], lambda v: v < 0, "scale < 0")
        return self._result(q["scale"] * self._g(q["shape"], sz), scalar)

    def chisquare(self, df, size=None):
        q, sz, scalar = self._params("chisquare", size, df=df)
        self._check("chisquare", q["df"], lambda v: (v <= 0) | (v != v), "df <= 0")
        return self._result(2.0 * self._g(q["df"] / 2.0, sz), scalar)

    def beta(self, a, b, size=None):
        q, sz, scalar = self._params("beta", size, a=a, b=b)
        self._check("beta", q["a"], lambda v: (v <= 0) | (v != v), "a <= 0")
        self._check("beta", q["b"], lambda v: (v <= 0) | (v != v), "b <= 0")
        x, y = self._g(q["a"], sz), self._g(q["b"], sz)
        return self._result(x / (x + y), scalar)

    def f(self, dfnum, dfden, size=None):
        q, sz, scalar = self._params("f", size, dfnum=dfnum, dfden=dfden)
        self._check("f", q["dfnum"], lambda v: (v <= 0) | (v != v), "dfnum <= 0")
        self._check("f", q["dfden"], lambda v: (v <= 0) | (v != v), "dfden <= 0")
        num, den = self._g(q["dfnum"] / 2.0, sz), self._g(q["dfden"] / 2.0, sz)
        return self._result((num / q["dfnum"]) / (den / q["dfden"]), scalar)

    def standard_t(self, df, size=None):
        from . import sqrt
        q, sz, scalar = self._params("standard_t", size, df=df)
        self._check("standard_t", q["df"], lambda v: (v <= 0) | (v != v), "df <= 0")
        return self._result(self._n(sz) / sqrt(2.0 * self._g(q["df"] / 2.0, sz) / q["df"]), scalar)

    def noncentral_chisquare(self, df, nonc, size=None):
        """NumPy's method: for df > 1, a chi-square of df - 1 plus a normal shifted by
        sqrt(nonc), squared; otherwise a chi-square of df + 2 Poisson(nonc / 2)."""
        q, sz, scalar = self._params("noncentral_chisquare", size, df=df, nonc=nonc)
        self._check("noncentral_chisquare", q["df"], lambda v: (v <= 0) | (v != v), "df <= 0")
        self._check("noncentral_chisquare", q["nonc"], lambda v: (v < 0) | (v != v), "nonc < 0")
        return self._result(self._noncentral_chisquare(q["df"], q["nonc"], sz), scalar)

    def _noncentral_chisquare(self, df, nonc, shape):
        from . import sqrt, where
        central = lambda: 2.0 * self._g(df / 2.0, shape)  # noqa: E731
        above = lambda d: 2.0 * self._g((d - 1.0) / 2.0, shape) + (self._n(shape) + sqrt(nonc)) ** 2  # noqa: E731
        below = lambda: 2.0 * self._g(df / 2.0 + self._sample("poisson", shape, nonc / 2.0), shape)  # noqa: E731
        if isinstance(df, float) and isinstance(nonc, float):  # one branch
            return central() if nonc == 0 else above(df) if df > 1 else below()
        big = df > 1  # elsewhere above's df is a stand-in whose values are not used
        return where(nonc == 0, central(), where(big, above(where(big, df, 2.0)), below()))

    def noncentral_f(self, dfnum, dfden, nonc, size=None):
        q, sz, scalar = self._params("noncentral_f", size, dfnum=dfnum, dfden=dfden, nonc=nonc)
        self._check("noncentral_f", q["dfnum"], lambda v: (v <= 0) | (v != v), "dfnum <= 0")
        self._check("noncentral_f", q["dfden"], lambda v: (v <= 0) | (v != v), "dfden <= 0")
        self._check("noncentral_f", q["nonc"], lambda v: (v < 0) | (v != v), "nonc < 0")
        t = self._noncentral_chisquare(q["dfnum"], q["nonc"], sz) * q["dfden"]
        return self._result(t / (2.0 * self._g(q["dfden"] / 2.0, sz) * q["dfnum"]), scalar)

    def vonmises(self, mu, kappa, size=None):
        """von Mises angles in [-pi, pi] (Best and Fisher's rejection, per element)."""
        q, sz, scalar = self._params("vonmises", size, mu=mu, kappa=kappa)
        self._check("vonmises", q["kappa"], lambda v: (v < 0) | (v != v), "kappa < 0")
        return self._result(self._sample("vonmises", sz, q["mu"], q["kappa"]), scalar)

    def dirichlet(self, alpha, size=None):
        alpha = [float(a) for a in _np.asarray(alpha, dtype=_np.float64).ravel()]
        if any(a <= 0 for a in alpha) or not alpha:
            raise ValueError("[dirichlet] alpha <= 0")
        g = self._g(_np.asarray(alpha), (_shape(size) or ()) + (len(alpha),))
        return g / g.sum(axis=-1, keepdims=True)

    # -- permutations --------------------------------------------------------------------
    def permutation(self, x, axis=0):
        """A shuffled copy of x along axis (of arange(x) for an integer): the order of a
        uniform draw per position."""
        from . import arange, argsort, asarray, take
        a = arange(x) if _is_int(x) else asarray(x)
        if a.ndim == 0:
            raise TypeError("[permutation] x must be an integer or at least 1-dimensional")
        return take(a, argsort(self._u((a.shape[axis],))), axis=axis)

    def permuted(self, x, axis=None, out=None):
        """x with every slice along axis shuffled independently (the whole array, flattened,
        for axis None): the order of a uniform draw per element."""
        from . import argsort, asarray, take_along_axis
        a = asarray(x)
        if axis is None:
            r = a.reshape(-1)[argsort(self._u((a.size,)))].reshape(a.shape)
        else:
            r = take_along_axis(a, argsort(self._u(a.shape), axis=axis), axis=axis)
        if out is None:
            return r
        if tuple(out.shape) != a.shape:
            raise ValueError("[permuted] out must have the same shape as x")
        out[...] = r
        return out

    def choice(self, a, size=None, replace=True, p=None, axis=0, shuffle=True):
        """Samples from a (an int n: arange(n)), uniformly or with probabilities p (a search
        of p's running sum; without replacement, the order of exponential keys)."""
        from . import argsort, asarray, cumsum, minimum, searchsorted, take
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
            hp = _np.asarray(asnumpy(p) if isinstance(p, _core.ndarray) else p, dtype=_np.float64)
            if hp.ndim != 1 or hp.size != n:
                raise ValueError("[choice] a and p must have same size")
            if (hp < 0).any() or not _np.isfinite(hp).all():
                raise ValueError("[choice] probabilities are not non-negative")
            if abs(hp.sum() - 1.0) > _np.sqrt(_np.finfo(_np.float64).eps):
                raise ValueError("[choice] probabilities do not sum to 1")
            if not replace:
                # Successive sampling proportional to p is the order of exponential keys
                # E / p (Efraimidis and Spirakis): the k smallest, in order.
                if k > n:
                    raise ValueError("[choice] Cannot take a larger sample than population when replace is False")
                if k > int(_np.count_nonzero(hp)):
                    raise ValueError("[choice] Fewer non-zero entries in p than size")
                idx = argsort(self._std_exp((n,)) / asarray(hp))[:k].reshape(shape)
            else:
                cdf = cumsum(asarray(hp))
                idx = minimum(searchsorted(cdf, self._u(shape) * float(hp.sum()), side="right"), n - 1)
        elif replace:
            idx = self.integers(0, n, shape)
        else:
            if k > n:
                raise ValueError("[choice] Cannot take a larger sample than population when replace is False")
            idx = self.permutation(n)[:k].reshape(shape)
        out = idx if pop is None else take(pop, idx, axis=axis)
        if size is None and pop is None:
            return int(out.item())  # choice(n): a Python int, as NumPy's
        if size is None and pop.ndim == 1:
            return out.dtype.type(out.item())  # a NumPy scalar, as NumPy's
        return out

    def shuffle(self, x, axis=0):
        """Shuffles x in place along axis."""
        if not isinstance(x, (_core.ndarray, _np.ndarray)):
            return self._numpy("shuffle", x, axis=axis)
        x[...] = self.permutation(x, axis=axis)

    def bytes(self, length):
        """length random bytes."""
        return asnumpy(self.integers(0, 256, operator.index(length), dtype=_np.uint8)).tobytes()

    def multivariate_normal(self, mean, cov, size=None, check_valid="warn", tol=1e-8, *, method="svd"):
        """mean + z @ A with z standard normal and A^T A = cov. A comes from the d x d
        covariance factored on the host by NumPy (svd, eigh or cholesky, as NumPy's method=
        chooses); the draw and the product run on the array's device."""
        import warnings
        from . import asarray
        m = _np.asarray(asnumpy(mean) if isinstance(mean, _core.ndarray) else mean, dtype=_np.float64)
        c = _np.asarray(asnumpy(cov) if isinstance(cov, _core.ndarray) else cov, dtype=_np.float64)
        if m.ndim != 1:
            raise ValueError("[multivariate_normal] mean must be 1 dimensional")
        if c.ndim != 2 or c.shape[0] != c.shape[1]:
            raise ValueError("[multivariate_normal] cov must be 2 dimensional and square")
        if m.shape[0] != c.shape[0]:
            raise ValueError("[multivariate_normal] mean and cov must have same length")
        if check_valid not in ("warn", "raise", "ignore"):
            raise ValueError("[multivariate_normal] check_valid must equal 'warn', 'raise', or 'ignore'")
        if method == "cholesky":
            factor, psd = _np.linalg.cholesky(c).T, True
        elif method == "eigh":
            s, u = _np.linalg.eigh(c)
            psd = not (s < -tol).any()
            factor = (u * _np.sqrt(_np.abs(s))).T
        elif method == "svd":
            u, s, vh = _np.linalg.svd(c)
            psd = _np.allclose(_np.dot(vh.T * s, vh), c, rtol=tol, atol=tol)
            factor = _np.sqrt(s)[:, None] * vh
        else:
            raise ValueError("[multivariate_normal] method must be one of {'eigh', 'svd', 'cholesky'}")
        if not psd and check_valid == "warn":
            warnings.warn("covariance is not symmetric positive-semidefinite.", RuntimeWarning, stacklevel=2)
        elif not psd and check_valid == "raise":
            raise ValueError("[multivariate_normal] covariance is not symmetric positive-semidefinite.")
        shape = (_shape(size) or ()) + m.shape
        return self._n(shape) @ asarray(factor) + asarray(m)

    # -- integers ----------------------------------------------------------------------
    def integers(self, low, high=None, size=None, dtype=_np.int64, endpoint=False):
        """Integers in [low, high) ([low, high] with endpoint): a uniform draw scaled to the
        range and floored, then low added exactly. Ranges up to 2**32 are native (each value's
        probability off by at most 2**-21 of itself), for number or array bounds; wider ones,
        uint64 array bounds and bool run in NumPy."""
        from . import broadcast_shapes, floor
        if high is None:
            low, high = 0, low
        dt = _np.dtype(dtype)
        if dt.kind in "iu" and dt != _np.uint64 and not (_is_int(low) and _is_int(high)):
            shape = _shape(size)
            pshape = broadcast_shapes(_np.shape(low), _np.shape(high))
            if shape is not None and broadcast_shapes(shape, pshape) != shape:
                raise ValueError("[integers] shape mismatch: objects cannot be broadcast to a single shape")
            r = self._integer_range(low, high, pshape if shape is None else shape, dt, endpoint)
            if r is not None:
                return r
        if not (_is_int(low) and _is_int(high)) or dt.kind not in "iu":
            return self._numpy("integers", low, high, size, dtype=dtype, endpoint=endpoint)
        lo, hi = operator.index(low), operator.index(high) + (1 if endpoint else 0)
        if size is not None and math.prod(_shape(size)) == 0:  # nothing drawn: no bounds to check
            from . import empty
            return empty(_shape(size), dt)
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
        return dt.type(r.item()) if size is None else self._result(r, False)


def _into(out, r):
    if out is None:
        return r
    from . import copyto
    copyto(out, r)
    return out


class Generator(_Distributions):
    """numpy.random.Generator's API over a Philox4x32-10 stream of its own: default_rng(s)
    gives the same numbers on every device, independent of the global generator."""

    _ordered_uniform = True

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

    _ordered_uniform = False

    def __init__(self, seed=None):
        super().__init__(seed)

    def seed(self, seed=None):
        self.__init__(seed)

    def rand(self, *shape):
        return self.random(_legacy_size(shape))

    def randn(self, *shape):
        return self.standard_normal(_legacy_size(shape))

    def randint(self, low, high=None, size=None, dtype=int):
        r = self.integers(low, high, size, dtype=_np.int64 if dtype is int else dtype)
        return int(r) if size is None and dtype is int and _np.ndim(low) == 0 and _np.ndim(high) == 0 else r

    def random_integers(self, low, high=None, size=None):
        if high is None:
            low, high = 1, low
        return self.integers(low, high, size, endpoint=True)

    def random_sample(self, size=None):
        return self.random(size)

    ranf = sample = random_sample

    def get_state(self):
        """This generator's state (Philox key and next stream), for set_state."""
        with self._lock:
            return {"bit_generator": "Philox4x32-10", "key": self._key, "stream": self._stream}

    def set_state(self, state):
        self._key, self._stream = _checked_state(state)

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


def _checked_state(state):
    if not isinstance(state, dict) or state.get("bit_generator") != "Philox4x32-10":
        raise ValueError("[set_state] expects a state returned by metallic.random.get_state()")
    return operator.index(state["key"]), operator.index(state["stream"])


def set_state(state):
    _core.random_set_state(*_checked_state(state))


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
              "dirichlet", "permutation", "shuffle", "choice", "geometric", "triangular", "wald", "poisson",
              "binomial", "negative_binomial", "hypergeometric", "logseries", "zipf", "multinomial",
              "multivariate_normal", "noncentral_chisquare", "noncentral_f", "vonmises", "bytes"):
    globals()[_name] = getattr(_global, _name)
random_sample = random  # noqa: F821 (defined just above)
ranf = random  # noqa: F821
sample = random  # noqa: F821

# Anything else of numpy.random's runs in NumPy (counted fallback).
__getattr__ = namespace_getattr(_np.random, "metallic.random")
__dir__ = namespace_dir(_np.random, globals())
