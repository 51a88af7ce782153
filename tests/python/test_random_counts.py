"""Draws with per-element parameters and what is composed from them: the discrete
distributions, von Mises, the noncentral ones, multinomial, multivariate normal, permuted,
bytes and array-valued parameters. Each distribution's samples against its exact CDF at a
fixed seed (a Kolmogorov-Smirnov bound that a wrong distribution fails), moments where the
CDF has no closed form, and NumPy's shapes, dtypes and errors."""

import math
import warnings

import numpy as np
import pytest

import metallic as mtl

N = 200_000
KS_CRITICAL = 1.95 / math.sqrt(N)  # alpha = 0.001


def _ks_counts(x, logpmf, lo, hi):
    """Largest gap between the sampled and the exact CDF over the integers lo..hi - 1 (the
    pmf is summed from 0, or from lo where it is negligible below)."""
    k = np.sort(np.asarray(x))
    ks = np.arange(lo, hi)
    cdf = np.cumsum(np.exp([logpmf(v) for v in ks]))
    ecdf = np.searchsorted(k, ks, side="right") / len(k)
    return np.max(np.abs(ecdf - cdf))


def _log_binomial(n, p):
    return lambda k: (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * math.log(p) +
                      (n - k) * math.log1p(-p))


def _sd_range(mean, sd, top):
    return int(max(0, mean - 9 * sd - 2)), int(min(top + 1, mean + 9 * sd + 3))


@pytest.mark.parametrize("n,p", [(20, 0.3), (50, 0.95), (1000, 0.4), (100, 0.9), (7, 0.5), (10**6, 0.01)])
def test_binomial_matches_its_cdf(n, p):
    """Inversion (n p < 10, also for p > 1/2 by symmetry) and BTRS (n p >= 10)."""
    x = mtl.random.default_rng(5).binomial(n, p, N)
    assert x.dtype == np.int64 and x.shape == (N,)
    lo, hi = _sd_range(n * p, math.sqrt(n * p * (1 - p)), n)
    if lo > 0:  # the exact CDF below lo is negligible; start the sum there
        assert np.asarray(x).min() >= lo
    assert _ks_counts(x, _log_binomial(n, p), lo, hi) < KS_CRITICAL


def test_binomial_edges_and_array_parameters():
    g = mtl.random.default_rng(6)
    x = np.asarray(g.binomial([0, 5, 5, 2**40], [0.5, 0.0, 1.0, 0.5], (1000, 4)))
    assert (x[:, 0] == 0).all() and (x[:, 1] == 0).all() and (x[:, 2] == 5).all()
    assert abs(x[:, 3].mean() - 2**39) < 6 * math.sqrt(2**38 / 1000)
    per = np.asarray(g.binomial(np.arange(1, 401), 0.25, (500, 400)))  # each column its own n
    assert (per <= np.arange(1, 401)).all()
    means = per.mean(axis=0)
    assert np.all(np.abs(means - 0.25 * np.arange(1, 401)) < 6 * np.sqrt(np.arange(1, 401) * 0.1875 / 500))
    assert isinstance(g.binomial(10, 0.5), int)
    np.testing.assert_array_equal(np.asarray(g.binomial(2.7, 0.5, 1000)) <= 2, True)  # n truncated as NumPy


@pytest.mark.parametrize("good,bad,sample", [(10, 20, 5), (100, 200, 50), (300, 100, 250), (5, 1000, 20),
                                             (1000, 5, 20), (50, 50, 100), (10**6, 10**6, 10**4)])
def test_hypergeometric_matches_its_cdf(good, bad, sample):
    x = mtl.random.default_rng(7).hypergeometric(good, bad, sample, N)
    assert x.dtype == np.int64

    def logpmf(k):
        if k < max(0, sample - bad) or k > min(good, sample):
            return -math.inf
        lc = lambda a, b: math.lgamma(a + 1) - math.lgamma(b + 1) - math.lgamma(a - b + 1)  # noqa: E731
        return lc(good, k) + lc(bad, sample - k) - lc(good + bad, sample)

    mean = sample * good / (good + bad)
    sd = math.sqrt(mean * bad / (good + bad) * (good + bad - sample) / max(1, good + bad - 1))
    lo, hi = _sd_range(mean, sd, min(good, sample))
    assert _ks_counts(x, logpmf, lo, hi) < KS_CRITICAL


@pytest.mark.parametrize("p", [0.3, 0.9, 0.99])
def test_logseries_matches_its_cdf(p):
    x = mtl.random.default_rng(8).logseries(p, N)
    logpmf = lambda k: k * math.log(p) - math.log(k) - math.log(-math.log1p(-p)) if k >= 1 else -math.inf  # noqa
    assert _ks_counts(x, logpmf, 0, 400) < KS_CRITICAL
    assert (np.asarray(mtl.random.default_rng(8).logseries(0.0, 10)) == 1).all()


@pytest.mark.parametrize("a,zeta", [(2.0, math.pi**2 / 6), (3.0, 1.2020569031595942), (1.5, 2.612375348685488)])
def test_zipf_matches_its_cdf(a, zeta):
    x = mtl.random.default_rng(9).zipf(a, N)
    logpmf = lambda k: -a * math.log(k) - math.log(zeta) if k >= 1 else -math.inf  # noqa: E731
    assert _ks_counts(x, logpmf, 0, 200) < KS_CRITICAL


@pytest.mark.parametrize("n,p", [(5, 0.3), (0.5, 0.7), (40.0, 0.9)])
def test_negative_binomial_matches_its_cdf(n, p):
    x = mtl.random.default_rng(10).negative_binomial(n, p, N)
    assert x.dtype == np.int64
    logpmf = lambda k: (math.lgamma(k + n) - math.lgamma(n) - math.lgamma(k + 1) + n * math.log(p) +  # noqa
                        k * math.log1p(-p))
    mean = n * (1 - p) / p
    assert _ks_counts(x, logpmf, 0, int(mean + 12 * math.sqrt(mean / p) + 5)) < KS_CRITICAL


def test_poisson_with_array_means():
    lam = np.array([0.0, 0.5, 9.9, 10.0, 300.0])
    x = np.asarray(mtl.random.default_rng(12).poisson(lam, (N // 5, 5)))
    assert (x[:, 0] == 0).all()
    np.testing.assert_allclose(x.mean(axis=0), lam, atol=6 * math.sqrt(300 / (N // 5)))
    np.testing.assert_allclose(x.var(axis=0), lam, rtol=0.05, atol=0.01)


@pytest.mark.parametrize("mu,kappa", [(0.5, 3.0), (-2.0, 0.5), (3.0, 50.0), (0.0, 1e-6), (1.0, 1e-9)])
def test_vonmises_matches_its_cdf(mu, kappa):
    x = np.asarray(mtl.random.default_rng(13).vonmises(mu, kappa, N))
    assert (np.abs(x) <= math.pi).all()
    grid = np.linspace(-math.pi, math.pi, 200_001)
    dens = np.exp(kappa * (np.cos(grid - mu) - 1))  # scaled: no overflow at large kappa
    cdf = np.concatenate([[0], np.cumsum((dens[1:] + dens[:-1]) / 2)])
    cdf /= cdf[-1]
    xs = np.sort(x)
    i = np.arange(len(xs))
    f = np.interp(xs, grid, cdf)
    assert np.max(np.maximum(np.abs(f - i / len(xs)), np.abs(f - (i + 1) / len(xs)))) < KS_CRITICAL


def test_vonmises_concentrated_is_a_wrapped_normal():
    x = np.asarray(mtl.random.default_rng(14).vonmises([0.0, math.pi], 1e7, (N // 2, 2)))
    assert abs(x[:, 0].mean()) < 1e-5 and abs(x[:, 0].std() - 1 / math.sqrt(1e7)) < 2e-5
    assert (np.abs(x[:, 1]) <= math.pi).all() and abs(np.abs(x[:, 1]).mean() - math.pi) < 1e-3


@pytest.mark.parametrize("df,nonc", [(3.0, 2.0), (0.5, 1.5), (5.0, 0.0), (1.0, 10.0)])
def test_noncentral_chisquare_moments(df, nonc):
    x = np.asarray(mtl.random.default_rng(15).noncentral_chisquare(df, nonc, N))
    mean, var = df + nonc, 2 * (df + 2 * nonc)
    assert abs(x.mean() - mean) < 5 * math.sqrt(var / N)
    assert abs(x.var() / var - 1) < 0.05
    arr = np.asarray(mtl.random.default_rng(15).noncentral_chisquare([df, df], [nonc, nonc], (N // 2, 2)))
    assert abs(arr.mean() - mean) < 5 * math.sqrt(var / N)


def test_noncentral_f_moments():
    dfnum, dfden, nonc = 3.0, 20.0, 2.0
    x = np.asarray(mtl.random.default_rng(16).noncentral_f(dfnum, dfden, nonc, N))
    mean = dfden * (dfnum + nonc) / (dfnum * (dfden - 2))
    assert abs(x.mean() / mean - 1) < 0.01


def test_gamma_family_with_array_parameters():
    g = mtl.random.default_rng(17)
    k = np.array([0.5, 2.0, 30.0])
    x = np.asarray(g.standard_gamma(k, (N // 3, 3)))
    np.testing.assert_allclose(x.mean(axis=0), k, rtol=0.02)
    np.testing.assert_allclose(x.var(axis=0), k, rtol=0.05)
    np.testing.assert_allclose(np.asarray(g.gamma(k, [1.0, 2.0, 3.0], (N // 3, 3))).mean(axis=0), k * [1, 2, 3],
                               rtol=0.02)
    np.testing.assert_allclose(np.asarray(g.chisquare([1.0, 4.0], (N // 2, 2))).mean(axis=0), [1, 4], rtol=0.02)
    b = np.asarray(g.beta([1.0, 2.0], [3.0, 2.0], (N // 2, 2)))
    np.testing.assert_allclose(b.mean(axis=0), [0.25, 0.5], atol=0.005)
    t = np.asarray(g.standard_t([5.0, 30.0], (N // 2, 2)))
    np.testing.assert_allclose(t.var(axis=0), [5 / 3, 30 / 28], rtol=0.06)
    f = np.asarray(g.f([3.0, 5.0], [10.0, 20.0], (N // 2, 2)))
    np.testing.assert_allclose(f.mean(axis=0), [10 / 8, 20 / 18], rtol=0.02)
    assert (np.asarray(g.standard_gamma([0.0, 1.0], (10, 2)))[:, 0] == 0).all()
    out = mtl.empty((4, 3))
    assert g.standard_gamma(k, out=out) is out and (np.asarray(out) > 0).all()


def test_multinomial_counts():
    g = mtl.random.default_rng(18)
    p = [0.2, 0.3, 0.5]
    x = np.asarray(g.multinomial(20, p, N // 10))
    assert x.shape == (N // 10, 3) and x.dtype == np.int64 and (x.sum(axis=1) == 20).all()
    np.testing.assert_allclose(x.mean(axis=0), 20 * np.array(p), atol=0.05)
    np.testing.assert_allclose(x.var(axis=0), 20 * np.array(p) * (1 - np.array(p)), rtol=0.05)
    y = np.asarray(g.multinomial([10, 100], [0.4, 0.6]))
    assert y.shape == (2, 2) and (y.sum(axis=1) == [10, 100]).all()
    short = np.asarray(g.multinomial(10, [0.1, 0.1], 1000))  # the last outcome takes the rest
    assert (short.sum(axis=1) == 10).all() and short[:, 1].mean() > 8


def test_multivariate_normal_covariance_and_methods():
    mean, cov = np.array([1.0, -2.0, 0.5]), np.array([[2.0, 0.6, 0.2], [0.6, 1.0, -0.3], [0.2, -0.3, 0.5]])
    for method in ("svd", "eigh", "cholesky"):
        x = np.asarray(mtl.random.default_rng(19).multivariate_normal(mean, cov, N, method=method))
        assert x.shape == (N, 3)
        np.testing.assert_allclose(x.mean(axis=0), mean, atol=0.02)
        np.testing.assert_allclose(np.cov(x.T), cov, atol=0.02)
    assert mtl.random.default_rng(0).multivariate_normal(mean, cov).shape == (3,)
    assert mtl.random.multivariate_normal(mean, cov, (2, 4)).shape == (2, 4, 3)
    bad = [[1.0, 2.0], [2.0, 1.0]]
    for lib in (np, mtl):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            lib.random.default_rng(0).multivariate_normal([0, 0], bad)
        assert any(issubclass(i.category, RuntimeWarning) for i in w)
        with pytest.raises(ValueError):
            lib.random.default_rng(0).multivariate_normal([0, 0], bad, check_valid="raise")
        with pytest.raises(ValueError):
            lib.random.default_rng(0).multivariate_normal([0, 0, 0], bad)


def test_permuted_bytes_permutation_and_choice():
    g = mtl.random.default_rng(20)
    a = mtl.arange(24).reshape(4, 6)
    rows = np.asarray(g.permuted(a, axis=1))
    np.testing.assert_array_equal(np.sort(rows, axis=1), np.asarray(a))
    assert not (rows == np.asarray(a)).all()
    whole = np.asarray(g.permuted(a))
    np.testing.assert_array_equal(np.sort(whole.ravel()), np.arange(24))
    out = mtl.empty((4, 6), dtype=a.dtype)
    assert g.permuted(a, axis=0, out=out) is out
    np.testing.assert_array_equal(np.sort(np.asarray(out), axis=0), np.asarray(a))
    b = g.bytes(10)
    assert isinstance(b, bytes) and len(b) == 10
    perm = np.asarray(g.permutation(1000))
    np.testing.assert_array_equal(np.sort(perm), np.arange(1000))
    p = np.array([0.1, 0.0, 0.6, 0.3])
    c = np.asarray(g.choice(4, N, p=p))
    np.testing.assert_allclose(np.bincount(c, minlength=4) / N, p, atol=0.005)


def test_choice_without_replacement_with_p_and_state_round_trip():
    g = mtl.random.default_rng(22)
    p = np.array([0.5, 0.3, 0.15, 0.05, 0.0])
    picks = np.stack([np.asarray(g.choice(5, 3, replace=False, p=p)) for _ in range(2000)])
    assert all(len(set(row)) == 3 for row in picks) and (picks != 4).all()
    np.testing.assert_allclose(np.bincount(picks[:, 0], minlength=5) / 2000, p, atol=0.04)  # first: as p
    assert sorted(np.asarray(g.choice(["a", "b", "c"], 3, replace=False, p=[0.2, 0.3, 0.5])).tolist()) == ["a", "b", "c"]
    for lib in (np, mtl):
        with pytest.raises(ValueError):
            lib.random.default_rng(0).choice(5, 5, replace=False, p=p)
        with pytest.raises(ValueError):
            lib.random.default_rng(0).choice(5, 6, replace=False, p=p)
    r = mtl.random.RandomState(4)
    state = r.get_state()
    a = np.asarray(r.binomial(10, 0.5, 50))
    r.set_state(state)
    np.testing.assert_array_equal(np.asarray(r.binomial(10, 0.5, 50)), a)


def test_integers_with_array_bounds():
    g = mtl.random.default_rng(21)
    x = np.asarray(g.integers([0, -5, 100], [3, 5, 101], (N // 4, 3)))
    assert x.dtype == np.int64
    for j, (lo, hi) in enumerate([(0, 3), (-5, 5), (100, 101)]):
        counts = np.bincount(x[:, j] - lo, minlength=hi - lo)
        assert len(counts) == hi - lo
        np.testing.assert_allclose(counts / (N // 4), 1 / (hi - lo), atol=0.01)
    y = np.asarray(g.integers(0, [1, 2, 3], endpoint=True, dtype=np.int16))
    assert y.dtype == np.int16 and y.shape == (3,) and (y <= [1, 2, 3]).all()
    leg = np.asarray(mtl.random.randint([1, 5], [2, 10], (100, 2)))
    assert (leg[:, 0] == 1).all() and ((leg[:, 1] >= 5) & (leg[:, 1] < 10)).all()


@pytest.mark.parametrize("call", [
    lambda g: g.binomial(-1, 0.5), lambda g: g.binomial(5, 1.5), lambda g: g.binomial(5, float("nan")),
    lambda g: g.binomial([5, 5], [0.5, -0.1]), lambda g: g.negative_binomial(0, 0.5),
    lambda g: g.negative_binomial(1, 0.0), lambda g: g.hypergeometric(5, 5, 11), lambda g: g.hypergeometric(-1, 5, 1),
    lambda g: g.hypergeometric(5, -1, 1), lambda g: g.hypergeometric(5, 5, -1), lambda g: g.hypergeometric(10**9, 1, 1),
    lambda g: g.logseries(1.0), lambda g: g.logseries(-0.1), lambda g: g.zipf(1.0), lambda g: g.zipf([2.0, 0.5]),
    lambda g: g.vonmises(0, -1), lambda g: g.noncentral_chisquare(0, 1), lambda g: g.noncentral_chisquare(1, -1),
    lambda g: g.noncentral_f(1, 1, -1), lambda g: g.noncentral_f(0, 1, 1), lambda g: g.poisson([1.0, -1.0]),
    lambda g: g.multinomial(5, [0.7, 0.7, 0.1]), lambda g: g.multinomial(5, [-0.1, 1.1]),
    lambda g: g.standard_gamma([1.0, -1.0]), lambda g: g.gamma(1.0, [1.0, -1.0]), lambda g: g.beta([1.0, 0.0], 1.0),
    lambda g: g.integers([5, 1], [5, 6]), lambda g: g.integers(0, [300, 2], dtype=np.uint8),
    lambda g: g.binomial([1, 2], [0.5, 0.5], size=3),
])
def test_bad_parameters_raise_value_error_as_numpy(call):
    with pytest.raises(ValueError):
        call(np.random.default_rng(0))
    with pytest.raises(ValueError):
        call(mtl.random.default_rng(0))


def test_legacy_functions_are_native_and_shaped_as_numpy():
    mtl.random.seed(3)
    for name, args in [("binomial", (10, 0.5)), ("negative_binomial", (3, 0.5)), ("hypergeometric", (5, 6, 4)),
                       ("logseries", (0.5,)), ("zipf", (2.5,)), ("vonmises", (0.0, 1.0)),
                       ("noncentral_chisquare", (2.0, 1.0)), ("noncentral_f", (2.0, 5.0, 1.0)), ("poisson", (4.0,))]:
        x = getattr(mtl.random, name)(*args, size=(3, 2))
        ref = getattr(np.random, name)(*args, size=(3, 2))
        assert isinstance(x, mtl.ndarray) and x.shape == ref.shape and x.dtype == ref.dtype, name
        assert type(getattr(mtl.random, name)(*args)) is type(getattr(np.random.default_rng(0), name)(*args)), name
    assert mtl.random.multinomial(10, [0.5, 0.5], 3).shape == (3, 2)
    assert len(mtl.random.bytes(7)) == 7
