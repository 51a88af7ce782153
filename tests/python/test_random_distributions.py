"""The random distributions: shapes, dtypes, parameter broadcasting and errors as NumPy's,
and each distribution's samples against its CDF (Kolmogorov-Smirnov at a fixed seed).
Generator (default_rng) streams are reproducible and independent of the global one."""

import math
import os

import numpy as np
import pytest

import metallic as mtl

N = 200_000
KS_CRITICAL = 1.95 / math.sqrt(N)  # alpha = 0.001


def _ks(samples, cdf):
    x = np.sort(np.asarray(samples, dtype=np.float64))
    f = np.array([cdf(v) for v in x[:: max(1, len(x) // 20000)]])  # a thinned CDF check
    i = np.arange(0, len(x), max(1, len(x) // 20000))
    return np.max(np.maximum(np.abs(f - i / len(x)), np.abs(f - (i + 1) / len(x))))


phi = lambda z: 0.5 * (1 + math.erf(z / math.sqrt(2)))  # noqa: E731
CASES = {
    "random": (lambda g: g.random(N), lambda x: min(max(x, 0), 1)),
    "uniform": (lambda g: g.uniform(-2, 3, N), lambda x: min(max((x + 2) / 5, 0), 1)),
    "standard_normal": (lambda g: g.standard_normal(N), phi),
    "normal": (lambda g: g.normal(1.5, 2.0, N), lambda x: phi((x - 1.5) / 2)),
    "lognormal": (lambda g: g.lognormal(0.3, 0.5, N), lambda x: phi((math.log(x) - 0.3) / 0.5) if x > 0 else 0),
    "standard_exponential": (lambda g: g.standard_exponential(N), lambda x: 1 - math.exp(-x)),
    "exponential": (lambda g: g.exponential(3.0, N), lambda x: 1 - math.exp(-x / 3)),
    "rayleigh": (lambda g: g.rayleigh(2.0, N), lambda x: 1 - math.exp(-x * x / 8)),
    "weibull": (lambda g: g.weibull(1.7, N), lambda x: 1 - math.exp(-(x ** 1.7))),
    "pareto": (lambda g: g.pareto(3.0, N), lambda x: 1 - (1 + x) ** -3),
    "power": (lambda g: g.power(2.5, N), lambda x: min(max(x, 0), 1) ** 2.5),
    "gumbel": (lambda g: g.gumbel(1.0, 2.0, N), lambda x: math.exp(-math.exp(-(x - 1) / 2))),
    "laplace": (lambda g: g.laplace(0.5, 1.5, N),
                lambda x: 0.5 * math.exp((x - 0.5) / 1.5) if x < 0.5 else 1 - 0.5 * math.exp(-(x - 0.5) / 1.5)),
    "logistic": (lambda g: g.logistic(1.0, 0.7, N), lambda x: 1 / (1 + math.exp(-(x - 1) / 0.7))),
    "standard_cauchy": (lambda g: g.standard_cauchy(N), lambda x: 0.5 + math.atan(x) / math.pi),
    "gamma_half": (lambda g: g.standard_gamma(0.5, N), lambda x: math.erf(math.sqrt(x)) if x > 0 else 0),
    "gamma_2": (lambda g: g.gamma(2.0, 1.0, N), lambda x: 1 - math.exp(-x) * (1 + x) if x > 0 else 0),
    "gamma_3_scale_2": (lambda g: g.gamma(3.0, 2.0, N),
                        lambda x: 1 - math.exp(-x / 2) * (1 + x / 2 + (x / 2) ** 2 / 2) if x > 0 else 0),
    "chisquare_2": (lambda g: g.chisquare(2, N), lambda x: 1 - math.exp(-x / 2) if x > 0 else 0),
    "beta_2.5_1": (lambda g: g.beta(2.5, 1.0, N), lambda x: min(max(x, 0), 1) ** 2.5),
    "standard_t_1": (lambda g: g.standard_t(1, N), lambda x: 0.5 + math.atan(x) / math.pi),
    "triangular": (lambda g: g.triangular(-1.0, 0.5, 2.0, N),
                   lambda x: 0 if x <= -1 else (x + 1) ** 2 / 4.5 if x <= 0.5 else 1 if x >= 2 else
                   1 - (2 - x) ** 2 / 4.5),
    "wald": (lambda g: g.wald(1.5, 2.0, N),
             lambda x: 0 if x <= 0 else phi(math.sqrt(2.0 / x) * (x / 1.5 - 1)) +
             math.exp(2 * 2.0 / 1.5) * phi(-math.sqrt(2.0 / x) * (x / 1.5 + 1))),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("source", ["generator", "global"])
def test_distribution_matches_its_cdf(name, source):
    draw, cdf = CASES[name]
    if source == "generator":
        g = mtl.random.default_rng(2024)
    else:
        mtl.random.seed(2024)
        g = mtl.random
    x = draw(g)
    assert isinstance(x, mtl.ndarray) and x.shape == (N,) and x.dtype == np.float64
    assert _ks(x, cdf) < KS_CRITICAL, name


def test_geometric_matches_its_pmf_and_numpy_errors():
    g = mtl.random.default_rng(11)
    for p in (0.05, 0.3, 0.9, 1.0):
        x = g.geometric(p, N)
        assert x.dtype == np.int64 and x.shape == (N,)
        k = np.asarray(x)
        assert k.min() >= 1
        if p == 1.0:
            assert (k == 1).all()
            continue
        ks = np.arange(1, 60)
        ecdf = np.searchsorted(np.sort(k), ks, side="right") / len(k)  # P(X <= k), sampled
        assert np.max(np.abs(ecdf - (1 - (1 - p) ** ks))) < KS_CRITICAL
    assert isinstance(g.geometric(0.5), int)
    for bad in (0.0, -0.1, 1.5, float("nan")):
        with pytest.raises(ValueError):
            g.geometric(bad)
    with pytest.raises(ValueError):
        g.triangular(1.0, 0.0, 2.0)
    with pytest.raises(ValueError):
        g.triangular(1.0, 1.0, 1.0)
    with pytest.raises(ValueError):
        g.wald(0.0, 1.0)


@pytest.mark.parametrize("name", ["random", "standard_normal"])
def test_float32_draws_match_their_cdf_and_tails(name):
    """float32 uniforms and normals come from their own float32 streams (four per Philox
    block, Box-Muller in float32); they pass the same KS test, and normal tails reach past
    5 standard deviations."""
    g = mtl.random.default_rng(7)
    x = getattr(g, name)(N, dtype=np.float32)
    assert x.dtype == np.float32 and x.shape == (N,)
    cdf = CASES[name][1]
    assert _ks(x, cdf) < KS_CRITICAL
    if name == "standard_normal":
        big = np.asarray(g.standard_normal(1 << 24, dtype=np.float32))
        assert abs(float(big.mean())) < 1e-3 and abs(float(big.std()) - 1) < 1e-3
        assert 5.0 < float(np.abs(big).max()) < 7.0
        assert np.asarray(mtl.random.default_rng(7).standard_normal(N, dtype=np.float32)).tobytes() == \
            np.asarray(x).tobytes()  # reproducible


@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "int16"])
def test_integers_are_uniform_over_the_range(dtype):
    g = mtl.random.default_rng(7)
    x = np.asarray(g.integers(3, 20, size=N, dtype=dtype))
    assert x.dtype == np.dtype(dtype) and x.min() == 3 and x.max() == 19
    counts = np.bincount(x - 3, minlength=17)
    chi2 = ((counts - N / 17) ** 2 / (N / 17)).sum()
    assert chi2 < 45.0  # 16 degrees of freedom: p ~ 1e-4
    e = np.asarray(g.integers(0, 5, size=1000, endpoint=True))
    assert e.max() == 5
    one = g.integers(10, dtype=dtype)
    assert type(one) is np.dtype(dtype).type and 0 <= one < 10  # a NumPy scalar, as NumPy's


@pytest.mark.parametrize("low,high", [(2**62, 2**62 + 10), (2**63 - 10, 2**63 - 1), (-2**63, -2**63 + 3),
                                      (2**60 + 1, 2**60 + 3), (0, 2**40)])
def test_integers_at_the_edges_of_int64_stay_in_range(low, high):
    x = np.asarray(mtl.random.default_rng(1).integers(low, high, size=2000))
    assert x.min() >= low and x.max() < high and len(np.unique(x)) > 1


def test_shapes_scalars_and_parameter_broadcasting_follow_numpy():
    g = mtl.random.default_rng(0)
    assert isinstance(g.normal(), float) and isinstance(mtl.random.normal(), float)
    assert g.normal(size=(2, 3)).shape == (2, 3)
    assert g.normal([0.0, 10.0, 20.0], 1.0).shape == (3,)
    loc = np.arange(4.0).reshape(4, 1)
    assert g.normal(loc, [1.0, 2.0]).shape == (4, 2)
    assert g.uniform(loc, 10.0, size=(3, 4, 1)).shape == (3, 4, 1)
    with pytest.raises(ValueError):
        g.normal(loc, 1.0, size=(3,))  # size cannot hold the parameters' shape
    assert g.random(5, dtype=np.float32).dtype == np.float32
    assert g.standard_normal(5, dtype="float32").dtype == np.float32
    with pytest.raises(TypeError):
        g.random(5, dtype=np.int32)
    out = mtl.empty(4)
    assert g.random(4, out=out) is out


@pytest.mark.parametrize("call", [
    lambda g: g.normal(0, -1.0), lambda g: g.exponential(-2.0), lambda g: g.rayleigh(-1.0),
    lambda g: g.weibull(-0.5), lambda g: g.pareto(0.0), lambda g: g.power(-1.0),
    lambda g: g.gumbel(0, -1), lambda g: g.laplace(0, -1), lambda g: g.logistic(0, -1),
    lambda g: g.lognormal(0, -1), lambda g: g.normal([0, 0], [1, -1]),
    lambda g: g.integers(5, 5), lambda g: g.integers(5, 4, endpoint=True), lambda g: g.integers(0, 300, dtype=np.uint8),
])
def test_bad_parameters_raise_value_error_as_numpy(call):
    with pytest.raises(ValueError):
        call(np.random.default_rng(0))
    with pytest.raises(ValueError):
        call(mtl.random.default_rng(0))


def test_generators_are_reproducible_and_independent():
    a = np.asarray(mtl.random.default_rng(11).standard_normal(1000))
    b = np.asarray(mtl.random.default_rng(11).standard_normal(1000))
    c = np.asarray(mtl.random.default_rng(12).standard_normal(1000))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    mtl.random.seed(11)  # the global generator's stream is its own
    g = mtl.random.default_rng(11)
    first = np.asarray(g.random(10))
    mtl.random.rand(100)
    np.testing.assert_array_equal(np.asarray(mtl.random.default_rng(11).random(10)), first)
    kids = g.spawn(3)
    draws = [np.asarray(k.random(100)) for k in kids]
    assert not np.array_equal(draws[0], draws[1]) and not np.array_equal(draws[1], draws[2])
    assert mtl.random.default_rng(g) is g


def test_global_state_round_trips():
    mtl.random.seed(5)
    state = mtl.random.get_state()
    x = np.asarray(mtl.random.randn(50))
    mtl.random.set_state(state)
    np.testing.assert_array_equal(np.asarray(mtl.random.randn(50)), x)
    with pytest.raises(ValueError):
        mtl.random.set_state(np.random.get_state())


@pytest.mark.skipif(os.environ.get("METALLIC_FUSION", "1") == "0", reason="fusion disabled")
def test_distributions_are_lazy_and_fuse_with_their_consumer():
    g = mtl.random.default_rng(3)
    with mtl.profile() as p:
        s = float((g.exponential(2.0, 100_000) * 0.5).sum())
    assert p.kernels == 1 and p.fused_passes == 1, str(p)
    assert abs(s / 100_000 - 1.0) < 0.02


def test_dirichlet_and_f_moments():
    g = mtl.random.default_rng(9)
    d = np.asarray(g.dirichlet([1.0, 2.0, 3.0], 100_000))
    assert d.shape == (100_000, 3)
    np.testing.assert_allclose(d.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(d.mean(axis=0), [1 / 6, 2 / 6, 3 / 6], atol=3e-3)
    f = np.asarray(g.f(5.0, 10.0, 200_000))
    assert abs(f.mean() - 10.0 / 8.0) < 0.02  # dfden / (dfden - 2)
    with pytest.raises(ValueError):
        g.dirichlet([1.0, 0.0])
    with pytest.raises(ValueError):
        g.beta(0.0, 1.0)
    with pytest.raises(ValueError):
        g.chisquare(0)
    assert g.gamma([1.0, 2.0], 1.0).shape == (2,)  # array shapes run in NumPy for now


def test_float32_uniforms_never_reach_one_and_out_gets_its_own_values():
    g = mtl.random.default_rng(0)
    x = np.asarray(g.random(4_000_000, dtype=np.float32))
    assert x.max() < 1.0 and x.min() >= 0.0
    out = mtl.zeros(5)
    assert g.random(out=out) is out and len(np.unique(np.asarray(out))) == 5
    with pytest.raises(TypeError):
        g.random(out=mtl.zeros(3, dtype="float32"))  # float64 asked for
    with pytest.raises(ValueError):
        g.standard_normal(size=4, out=mtl.zeros(3))


def test_threads_and_spawned_children_never_share_streams():
    import threading
    mtl.random.seed(0)
    draws = []

    def work():
        draws.extend(mtl.random.random() for _ in range(500))

    ts = [threading.Thread(target=work) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert len(set(draws)) == len(draws) == 2000
    g = mtl.random.default_rng(1)
    a, b = g.spawn(1)[0].random(3), g.spawn(1)[0].random(3)
    assert not np.array_equal(np.asarray(a), np.asarray(b))
    kids = [mtl.random.default_rng(s).random(3) for s in np.random.SeedSequence(42).spawn(2)]
    assert not np.array_equal(np.asarray(kids[0]), np.asarray(kids[1]))


def test_permutation_and_shuffle():
    g = mtl.random.default_rng(4)
    p = np.asarray(g.permutation(50))
    assert sorted(p.tolist()) == list(range(50)) and p.tolist() != list(range(50))
    a = mtl.arange(12).reshape(4, 3)
    g.shuffle(a)
    rows = np.asarray(a)
    assert sorted(map(tuple, rows.tolist())) == [(0, 1, 2), (3, 4, 5), (6, 7, 8), (9, 10, 11)]
    q = np.asarray(g.permutation(mtl.arange(12).reshape(3, 4), axis=1))
    assert sorted(q[0].tolist()) == [0, 1, 2, 3] and (q[1] - q[0] == 4).all()


def test_size_as_an_array_and_infinite_uniform_ranges_as_numpy():
    g = mtl.random.default_rng(0)
    assert g.normal(size=np.array([2, 3])).shape == (2, 3)
    for rng in (np.random.default_rng(0), g):
        with pytest.raises(OverflowError):
            rng.uniform(0, np.inf)


def test_choice_as_numpy():
    g = mtl.random.default_rng(0)
    assert g.choice(5, 3).shape == (3,) and type(g.choice(5)) is type(np.random.default_rng(0).choice(5))
    assert g.choice([10, 20, 30], (2, 2)).shape == (2, 2)
    s = np.asarray(g.choice(50, 50, replace=False))
    assert sorted(s.tolist()) == list(range(50))
    x = np.asarray(g.choice(4, N, p=[0.1, 0.2, 0.3, 0.4]))
    np.testing.assert_allclose(np.bincount(x, minlength=4) / N, [0.1, 0.2, 0.3, 0.4], atol=0.005)
    rows = np.asarray(g.choice(mtl.arange(12).reshape(4, 3), 2))
    assert rows.shape == (2, 3) and (rows[:, 1] - rows[:, 0] == 1).all()
    for bad in (lambda r: r.choice(0), lambda r: r.choice(3, 5, replace=False),
                lambda r: r.choice(3, p=[0.5, 0.5, 0.5]), lambda r: r.choice(3, p=[0.5, 0.5])):
        with pytest.raises(ValueError):
            bad(np.random.default_rng(0))
        with pytest.raises(ValueError):
            bad(g)


def test_wald_and_geometric_extremes():
    w = np.asarray(mtl.random.default_rng(0).wald(1e8, 1.0, 100_000))
    assert (w > 0).all()  # no cancellation to zero or below
    g = mtl.random.default_rng(0).geometric(1e-300, 4)
    assert (np.asarray(g) == np.iinfo(np.int64).max).all()


@pytest.mark.parametrize("lam", [0.3, 3.0, 9.99, 10.0, 55.5, 1000.0])
def test_poisson_matches_its_cdf(lam):
    g = mtl.random.default_rng(21)
    x = g.poisson(lam, N)
    assert x.dtype == np.int64 and x.shape == (N,)
    k = np.sort(np.asarray(x))
    lo, hi = int(max(0, lam - 8 * math.sqrt(lam) - 2)), int(lam + 8 * math.sqrt(lam) + 3)
    ks = np.arange(lo, hi)
    logp = np.array([-lam + v * math.log(lam) - math.lgamma(v + 1) for v in range(hi)])
    cdf = np.cumsum(np.exp(logp))[lo:hi]
    ecdf = np.searchsorted(k, ks, side="right") / len(k)
    assert np.max(np.abs(ecdf - cdf)) < KS_CRITICAL
    assert isinstance(g.poisson(lam), int)
    with pytest.raises(ValueError):
        g.poisson(-1.0)


@pytest.mark.parametrize("call", [lambda r: r.normal(size=()), lambda r: r.integers(3, size=()), lambda r: r.random(size=()),
                                  lambda r: r.choice(5, size=()), lambda r: r.exponential(size=()), lambda r: r.choice(5),
                                  lambda r: r.choice([1, 2, 3]), lambda r: r.integers(5), lambda r: r.normal(),
                                  lambda r: r.integers(5, 5, size=0), lambda r: r.integers(0, 300, size=0, dtype=np.uint8)])
def test_result_kinds_as_numpys(call):
    """size=() gives a 0-d array, no size a scalar of NumPy's type (choice(n): a Python
    int), size=0 an empty array without bound checks, as NumPy's Generator."""
    want, got = call(np.random.default_rng(0)), call(mtl.random.default_rng(0))
    if isinstance(want, np.ndarray):
        assert isinstance(got, mtl.ndarray) and got.shape == want.shape and got.dtype == want.dtype
    else:
        assert type(got) is type(want)


def test_uniform_order_and_legacy_integers():
    with pytest.raises(ValueError):
        mtl.random.default_rng(0).uniform(3, 2, 5)
    assert np.asarray(mtl.random.uniform(3, 2, 4)).min() >= 2  # the legacy one takes them either way
    assert type(mtl.random.randint(5)) is type(np.random.randint(5)) and type(mtl.random.choice(5)) is int
