"""mtl.random: NumPy's API, not NumPy's bit streams, so checked by properties."""

import numpy as np
import pytest

import metallic as mtl

SIZES = [(3, 4), (7,), (2, 3, 5), (1,), (0,), (1001,)]


def host(x):
    return np.asarray(x)


@pytest.mark.parametrize("shape", SIZES, ids=str)
@pytest.mark.parametrize("func", ["rand", "randn"])
def test_varargs_shape_dtype(func, shape):
    mtl.random.seed(0)
    x = getattr(mtl.random, func)(*shape)
    assert isinstance(x, mtl.ndarray)
    assert tuple(x.shape) == shape
    assert x.dtype == np.float64
    h = host(x)
    assert h.shape == shape and h.dtype == np.float64
    assert np.isfinite(h).all()
    if func == "rand":
        assert ((h >= 0) & (h < 1)).all()


@pytest.mark.parametrize("size", [None, 5, (3, 4), (2, 0)], ids=str)
def test_random_size(size):
    mtl.random.seed(1)
    x = mtl.random.random(size)
    h = host(x)
    assert h.shape == np.shape(np.random.random(size))
    assert h.dtype == np.float64
    assert ((h >= 0) & (h < 1)).all()


@pytest.mark.parametrize("func,args", [("rand", (4, 5)), ("randn", (4, 5)), ("random", ((4, 5),))])
def test_same_seed_same_numbers(func, args):
    f = getattr(mtl.random, func)
    mtl.random.seed(123)
    a, b = host(f(*args)), host(f(*args))
    mtl.random.seed(123)
    c, d = host(f(*args)), host(f(*args))
    np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(b, d)
    assert not np.array_equal(a, b), "consecutive draws must differ"


@pytest.mark.parametrize("func", ["rand", "randn", "random"])
def test_different_seeds_differ(func):
    f = getattr(mtl.random, func)
    mtl.random.seed(0)
    a = host(f(100) if func != "random" else f(100))
    mtl.random.seed(1)
    b = host(f(100))
    assert not np.array_equal(a, b)
    assert len(np.unique(a)) > 95, "values should not repeat"


def test_randn_moments():
    mtl.random.seed(0)
    h = host(mtl.random.randn(10**5))
    assert abs(h.mean()) < 0.02
    assert abs(h.std() - 1) < 0.02
    # a normal has ~68.3% within one sigma and is symmetric
    assert abs((np.abs(h) < 1).mean() - 0.6827) < 0.01
    assert abs((h > 0).mean() - 0.5) < 0.01


@pytest.mark.parametrize("func", ["rand", "random"])
def test_uniform_moments(func):
    mtl.random.seed(0)
    h = host(getattr(mtl.random, func)(10**5))
    assert abs(h.mean() - 0.5) < 0.01
    assert abs(h.var() - 1 / 12) < 0.005
    counts = np.histogram(h, bins=10, range=(0, 1))[0]
    assert counts.min() > 9000 and counts.max() < 11000


def test_random_usable_in_arithmetic():
    mtl.random.seed(5)
    x = mtl.random.rand(50)
    y = x * 2 - 1
    np.testing.assert_allclose(host(y), host(x) * 2 - 1, rtol=1e-15)


def test_readme_example(capsys):
    mtl.random.seed(0)
    x = mtl.random.randn(4)
    y = mtl.random.randn(4)
    print(x + y, mtl.sin(x), mtl.arctan2(x, y))
    got = capsys.readouterr().out
    nx, ny = host(x), host(y)
    print(nx + ny, np.sin(nx), np.arctan2(nx, ny))
    want = capsys.readouterr().out
    assert got == want
