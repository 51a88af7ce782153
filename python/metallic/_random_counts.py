"""The discrete distributions of metallic.random (counts): each a draw with per-element
parameters (the shared C++ functors in functors_random.hpp), or composed from them."""

import math

import numpy as _np

from . import _core, _errstate


def _ints(name, v):
    """An integer parameter as int64 (NumPy truncates floats, as here)."""
    if isinstance(v, float):
        if v != v:
            raise ValueError(f"[{name}] parameter is NaN")
        return int(v)
    return v.astype(_np.int64)


@_errstate.quiet_methods
class _Counts:
    """Mixed into _Distributions: uses its _params, _check, _result and _sample."""

    def poisson(self, lam=1.0, size=None):
        """Poisson counts of mean lam."""
        q, shape, scalar = self._params("poisson", size, lam=lam)
        self._check("poisson", q["lam"], lambda v: (v < 0) | (v != v), "lam < 0 or lam is NaN")
        self._check("poisson", q["lam"], lambda v: v > 9.2e18 - 10 * math.sqrt(9.2e18), "lam value too large")
        return self._result(self._sample("poisson", shape, q["lam"]), scalar)

    def binomial(self, n, p, size=None):
        """Successes in n trials of probability p (int64)."""
        q, shape, scalar = self._params("binomial", size, n=n, p=p)
        self._check("binomial", q["n"], lambda v: v < 0, "n < 0")
        self._check("binomial", q["p"], lambda v: (v < 0) | (v > 1) | (v != v), "p < 0, p > 1 or p is NaN")
        return self._result(self._sample("binomial", shape, _ints("binomial", q["n"]), q["p"]), scalar)

    def negative_binomial(self, n, p, size=None):
        """Failures before the n-th success: a Poisson draw whose mean is a gamma draw of
        shape n and scale (1 - p) / p (NumPy's method)."""
        q, shape, scalar = self._params("negative_binomial", size, n=n, p=p)
        self._check("negative_binomial", q["n"], lambda v: (v <= 0) | (v != v), "n <= 0")
        self._check("negative_binomial", q["p"], lambda v: (v <= 0) | (v > 1) | (v != v),
                    "p <= 0, p > 1 or p contains NaNs")
        mean = self._sample("gamma", shape, q["n"]) * ((1.0 - q["p"]) / q["p"])
        return self._result(self._sample("poisson", shape, mean), scalar)

    def hypergeometric(self, ngood, nbad, nsample, size=None):
        """Good items among nsample drawn without replacement from ngood good and nbad bad."""
        q, shape, scalar = self._params("hypergeometric", size, ngood=ngood, nbad=nbad, nsample=nsample)
        good, bad, n = (_ints("hypergeometric", q[k]) for k in ("ngood", "nbad", "nsample"))
        self._check("hypergeometric", good, lambda v: v < 0, "ngood < 0")
        self._check("hypergeometric", bad, lambda v: v < 0, "nbad < 0")
        self._check("hypergeometric", n, lambda v: v < 0, "nsample < 0")
        self._check("hypergeometric", good + bad - n, lambda v: v < 0, "ngood + nbad < nsample")
        for v in (good, bad):
            self._check("hypergeometric", v, lambda v: v >= 10**9, "both ngood and nbad must be less than 1000000000")
        return self._result(self._sample("hypergeometric", shape, good, bad, n), scalar)

    def logseries(self, p, size=None):
        """Logarithmic series counts, 0 <= p < 1."""
        q, shape, scalar = self._params("logseries", size, p=p)
        self._check("logseries", q["p"], lambda v: (v < 0) | (v >= 1) | (v != v), "p < 0, p >= 1 or p is NaN")
        return self._result(self._sample("logseries", shape, q["p"]), scalar)

    def zipf(self, a, size=None):
        """Zipf counts with exponent a > 1."""
        q, shape, scalar = self._params("zipf", size, a=a)
        self._check("zipf", q["a"], lambda v: (v <= 1) | (v != v), "a <= 1 or a is NaN")
        return self._result(self._sample("zipf", shape, q["a"]), scalar)

    def multinomial(self, n, pvals, size=None):
        """Counts of n draws over len(pvals) outcomes: one binomial per outcome, of what the
        earlier outcomes left, with the probability conditional on them (the last outcome
        takes the rest). The result's shape is broadcast(size, n) + (len(pvals),)."""
        from . import asarray, broadcast_to, stack
        from ._convert import asnumpy
        hp = _np.asarray(asnumpy(pvals) if isinstance(pvals, _core.ndarray) else pvals, dtype=_np.float64)
        if hp.ndim != 1:
            return self._numpy("multinomial", n, pvals, size)
        if hp.size == 0:
            raise ValueError("[multinomial] pvals must have at least 1 element")
        if (hp < 0).any() or (hp > 1).any() or _np.isnan(hp).any():
            raise ValueError("[multinomial] pvals < 0, pvals > 1 or pvals contains NaNs")
        if hp[:-1].sum() > 1.0 + 1e-12:
            raise ValueError("[multinomial] sum(pvals[:-1]) > 1.0")
        q, shape, _ = self._params("multinomial", size, n=n)
        self._check("multinomial", q["n"], lambda v: v < 0, "n < 0")
        left = broadcast_to(asarray(_ints("multinomial", q["n"]), dtype=_np.int64), shape)
        counts, rest = [], 1.0
        for pj in hp[:-1].tolist():
            cond = min(max(pj / rest, 0.0), 1.0) if rest > 0 else 0.0
            x = self._sample("binomial", shape, left, cond)
            counts.append(x)
            left = left - x
            rest -= pj
        counts.append(left)
        return stack(counts, axis=-1)

    def _integer_range(self, low, high, shape, dt, endpoint):
        """Integers in [low, high) for array bounds: as integers() below, per element; None
        (the caller falls back) where some range is wider than 2**32."""
        from . import any as _any, asarray, floor, max as _max
        lo = asarray(low).astype(_np.int64)
        hi = asarray(high).astype(_np.int64) + (1 if endpoint else 0)
        if bool(_any(lo >= hi)):
            raise ValueError("[integers] low >= high" if not endpoint else "[integers] low > high")
        info = _np.iinfo(dt)
        if bool(_any(lo < int(info.min))) or bool(_any(hi - 1 > min(int(info.max), 2**63 - 1))):
            raise ValueError(f"[integers] bounds out of range for {dt}")
        width = hi - lo
        if int(_max(width)) > 2**32:
            return None
        offset = floor(self._u(shape) * width.astype(_np.float64)).astype(_np.int64)
        return (offset + lo).astype(dt)

