"""Drop-in behaviour: NumPy functions metallic lacks run through the counted fallback, and
metallic arrays speak NumPy's protocols (array API, DLPack, pickling, .npy files)."""

import os
import pickle
import warnings

import numpy as np
import pytest

import metallic as mtl
from harness import check, make

A = np.array([[3.0, 1.0, 2.0], [1.0, 4.0, 0.5], [2.0, 0.5, 5.0]])
V = np.array([3.0, -1.0, 2.0, 2.0, 7.5, 0.0])

# NumPy functions metallic has no native version of (yet): name -> call on a module.
FALLBACK_CASES = {
    "sort": lambda xp: xp.sort(xp.asarray(V)),
    "argsort": lambda xp: xp.argsort(xp.asarray(V), kind="stable"),
    "unique": lambda xp: xp.unique(xp.asarray(V)),
    "concatenate": lambda xp: xp.concatenate([xp.asarray(V), xp.asarray(V)]),
    "stack": lambda xp: xp.stack([xp.asarray(V), xp.asarray(V)], axis=1),
    "median": lambda xp: xp.median(xp.asarray(A), axis=0),
    "percentile": lambda xp: xp.percentile(xp.asarray(V), 30),
    "diff": lambda xp: xp.diff(xp.asarray(V)),
    "convolve": lambda xp: xp.convolve(xp.asarray(V), xp.asarray([1.0, 2.0])),
    "interp": lambda xp: xp.interp(xp.asarray([0.5, 1.5]), xp.asarray([0.0, 1.0, 2.0]), xp.asarray([1.0, 3.0, 2.0])),
    "cross": lambda xp: xp.cross(xp.asarray(A[0]), xp.asarray(A[1])),
    "outer": lambda xp: xp.outer(xp.asarray(V), xp.asarray(V[:3])),
    "kron": lambda xp: xp.kron(xp.asarray(A[:2, :2]), xp.asarray(A[:2, :2])),
    "trace": lambda xp: xp.trace(xp.asarray(A)),
    "tile": lambda xp: xp.tile(xp.asarray(V), 2),
    "repeat": lambda xp: xp.repeat(xp.asarray(V), 2),
    "roll": lambda xp: xp.roll(xp.asarray(V), 2),
    "flip": lambda xp: xp.flip(xp.asarray(A), axis=0),
    "pad": lambda xp: xp.pad(xp.asarray(V), 2, mode="reflect"),
    "take": lambda xp: xp.take(xp.asarray(V), [0, 2, 4]),
    "nonzero": lambda xp: xp.nonzero(xp.asarray(V)),
    "argwhere": lambda xp: xp.argwhere(xp.asarray(A) > 2),
    "searchsorted": lambda xp: xp.searchsorted(xp.asarray([1.0, 2.0, 4.0]), xp.asarray(V)),
    "dot": lambda xp: xp.dot(xp.asarray(A), xp.asarray(A)),
    "matmul": lambda xp: xp.matmul(xp.asarray(A), xp.asarray(A)),
    "einsum": lambda xp: xp.einsum("ij,jk->ik", xp.asarray(A), xp.asarray(A)),
    "cov": lambda xp: xp.cov(xp.asarray(A)),
    "corrcoef": lambda xp: xp.corrcoef(xp.asarray(A)),
    "nanmean": lambda xp: xp.nanmean(xp.asarray([1.0, np.nan, 3.0])),
    "histogram": lambda xp: xp.histogram(xp.asarray(V), bins=3),
    "polyfit": lambda xp: xp.polyfit(xp.asarray([0.0, 1, 2, 3]), xp.asarray([1.0, 3, 5, 7]), 1),
    "linalg.inv": lambda xp: xp.linalg.inv(xp.asarray(A)),
    "linalg.det": lambda xp: xp.linalg.det(xp.asarray(A)),
    "linalg.norm": lambda xp: xp.linalg.norm(xp.asarray(A), axis=1),
    "linalg.eigh": lambda xp: xp.linalg.eigh(xp.asarray(A)).eigenvalues,
    "linalg.solve": lambda xp: xp.linalg.solve(xp.asarray(A), xp.asarray(V[:3])),
    "fft.fft": lambda xp: xp.fft.fft(xp.asarray(V)),
    "fft.irfft": lambda xp: xp.fft.irfft(xp.asarray(V)),
    "fft.fftfreq": lambda xp: xp.fft.fftfreq(8),
}


@pytest.mark.parametrize("name", sorted(FALLBACK_CASES))
def test_fallback_matches_numpy_and_returns_metallic_arrays(name):
    fn = FALLBACK_CASES[name]
    check(fn, rtol=1e-10, atol=1e-12)
    result = fn(mtl)
    for r in result if isinstance(result, tuple) else (result,):
        if np.ndim(r) > 0:
            assert isinstance(r, mtl.ndarray), f"{name} returned {type(r)}"


def test_fallback_is_counted_and_controlled():
    before = mtl.fallback_stats().get("histogram_bin_edges", 0)
    mtl.histogram_bin_edges(mtl.arange(5.0), bins="stone")
    assert mtl.fallback_stats()["histogram_bin_edges"] == before + 1
    mtl.set_fallback_mode("warn")
    try:
        with pytest.warns(mtl.FallbackWarning, match="histogram_bin_edges"):
            mtl.histogram_bin_edges(mtl.arange(5.0), bins="stone")
        mtl.set_fallback_mode("raise")
        with pytest.raises(NotImplementedError, match="histogram_bin_edges"):
            mtl.histogram_bin_edges(mtl.arange(5.0), bins="stone")
    finally:
        mtl.set_fallback_mode("ignore")


def test_native_errors_are_not_hidden_by_the_fallback():
    with pytest.raises(ValueError):
        mtl.ones(3) + mtl.ones(4)
    with pytest.raises(np.exceptions.AxisError):
        mtl.sum(mtl.ones(3), axis=2)


def test_constants_and_dtypes_are_numpys():
    assert mtl.float32 is np.float32 and mtl.int64 is np.int64
    assert mtl.pi == np.pi and mtl.inf == np.inf and mtl.newaxis is None
    assert mtl.dtype is np.dtype and mtl.finfo is np.finfo
    assert mtl.linalg.LinAlgError is np.linalg.LinAlgError


def test_implicit_conversion_is_counted_and_strict_mode_raises():
    x = mtl.arange(3.0)
    before = mtl.fallback_stats().get("__array__", 0)
    np.asarray(x)
    assert mtl.fallback_stats()["__array__"] == before + 1
    mtl.set_array_conversion_mode("raise")
    try:
        with pytest.raises(TypeError, match="implicit conversion"):
            np.asarray(x)
        assert isinstance(x.get(), np.ndarray)  # explicit conversion still works
    finally:
        mtl.set_array_conversion_mode("allow")


@pytest.mark.parametrize("method", ["reduce", "accumulate", "outer"])
def test_numpy_ufunc_methods_run_in_metallic(method):
    def fn(xp):
        a = make(xp, (4, 3), "float64")
        f = getattr(np.add, method)
        return f(a, a) if method == "outer" else f(a, axis=0)
    check(fn)
    assert isinstance(getattr(np.add, "reduce")(mtl.ones((2, 2)), axis=0), mtl.ndarray)


def test_numpy_ufunc_at_runs_on_metallic_arrays():
    x = mtl.zeros(4)
    np.add.at(x, [0, 0, 2], 1.0)
    np.testing.assert_array_equal(np.asarray(x), [2.0, 0.0, 1.0, 0.0])


def test_array_function_dispatch():
    x = mtl.arange(4.0)
    assert isinstance(np.where(x > 1, x, 0), mtl.ndarray)
    assert isinstance(np.concatenate([x, x]), mtl.ndarray)
    np.testing.assert_array_equal(np.asarray(np.transpose(mtl.ones((2, 3)))), np.ones((3, 2)))


def test_array_api_namespace():
    x = mtl.ones((2, 3))
    xp = x.__array_namespace__()
    assert xp is mtl and mtl.__array_api_version__ == "2024.12"
    assert xp.isdtype(xp.float32, "real floating") and not xp.isdtype(xp.int8, "real floating")
    assert xp.permute_dims(x, (1, 0)).shape == (3, 2)
    assert xp.matrix_transpose(mtl.ones((4, 2, 3))).shape == (4, 3, 2)
    assert x.mT.shape == (3, 2)
    assert x.device == "cpu" or x.device.startswith("cuda")
    with pytest.raises(ValueError):
        x.__array_namespace__(api_version="1999.01")


def test_array_api_inspection_lists_metallic_devices():
    info = mtl.__array_namespace_info__()
    devices = info.devices()
    assert devices[0] == "cpu" and info.default_device() in devices
    assert mtl.ones(2).device in devices
    assert len(devices) == 1 + (mtl.cuda.device_count() if mtl.cuda.is_available() else 0)
    for d in devices:
        x = mtl.ones(2, device=d)
        assert x.device == d
        assert info.dtypes(device=d) == np.__array_namespace_info__().dtypes()
        assert info.default_dtypes(device=d)["real floating"] == np.float64
    assert info.capabilities()["boolean indexing"] is True
    with pytest.raises(ValueError):
        info.dtypes(device="tpu")


def test_dlpack_with_numpy_is_zero_copy():
    x = mtl.arange(6.0, device="cpu")
    h = np.from_dlpack(x)
    np.testing.assert_array_equal(h, np.arange(6.0))
    h[0] = 42.0  # a view of x's memory
    assert float(x[0]) == 42.0
    assert x.__dlpack_device__() == (1, 0)
    a = np.arange(12.0).reshape(3, 4)
    y = mtl.from_dlpack(a)  # metallic over NumPy's memory, both ways
    assert isinstance(y, mtl.ndarray) and y.dtype == np.float64 and y.device == "cpu"
    a[0, 0] = 100.0
    assert float(y[0, 0]) == 100.0
    y *= 2
    assert a[0, 0] == 200.0 and a[2, 3] == 22.0
    z = y + 1  # lazy work over imported memory sees later writes only before it runs
    np.testing.assert_array_equal(np.asarray(z), a + 1)


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint16", "int64", "float16", "float32", "complex128"])
def test_dlpack_round_trips_views_and_dtypes(dtype):
    base = (np.arange(60) % 7).astype(dtype).reshape(3, 4, 5)
    views = [base, base[::-1, 1:, ::2], base.transpose(2, 0, 1), base[1], base[..., 2]]
    for v in views:
        m = mtl.from_dlpack(v)
        assert m.shape == v.shape and m.dtype == v.dtype
        np.testing.assert_array_equal(np.asarray(m), v)
        np.testing.assert_array_equal(np.from_dlpack(m), v)  # and back out, zero-copy
    x = mtl.asarray(base, device="cpu")[::2, ::-1]  # NumPy takes host memory only
    np.testing.assert_array_equal(np.from_dlpack(x), base[::2, ::-1])
    assert mtl.from_dlpack(np.asarray(x), copy=True).shape == x.shape


def test_from_dlpack_rejects_what_is_not_dlpack():
    with pytest.raises(TypeError):
        mtl.from_dlpack([1, 2, 3])
    with pytest.raises(BufferError):
        mtl.from_dlpack(np.arange(3, dtype=">f8"))  # byte order DLPack cannot carry


def test_dlpack_copy_true_gives_the_consumer_its_own_memory():
    x = mtl.arange(3.0, device="cpu")
    n = np.from_dlpack(x, copy=True)
    n[0] = 9.0
    assert float(x[0]) == 0.0


def test_dlpack_keeps_read_only_memory_read_only_both_ways():
    b = mtl.broadcast_to(mtl.arange(3.0, device="cpu"), (2, 3))
    n = np.from_dlpack(b)
    assert not n.flags.writeable
    np.testing.assert_array_equal(n, [[0, 1, 2], [0, 1, 2]])
    x = np.arange(4.0)
    x.flags.writeable = False
    y = mtl.from_dlpack(x)
    with pytest.raises(ValueError):
        y[0] = 5.0
    z = mtl.from_dlpack(np.broadcast_to(np.arange(3.0), (4, 3)))  # stride 0, read-only
    assert float(z.sum()) == 12.0


def test_pickle_round_trip():
    x = mtl.asarray(A)
    y = pickle.loads(pickle.dumps(x))
    assert isinstance(y, mtl.ndarray) and y.device == x.device
    np.testing.assert_array_equal(np.asarray(y), A)


def test_npy_and_npz_files_interoperate_with_numpy(tmp_path):
    x = mtl.asarray(A)
    mtl.save(tmp_path / "a.npy", x)
    np.testing.assert_array_equal(np.load(tmp_path / "a.npy"), A)
    np.save(tmp_path / "b.npy", V)
    b = mtl.load(tmp_path / "b.npy")
    assert isinstance(b, mtl.ndarray)
    np.testing.assert_array_equal(np.asarray(b), V)
    mtl.savez(tmp_path / "c.npz", a=x, v=mtl.asarray(V))
    with np.load(tmp_path / "c.npz") as z:
        np.testing.assert_array_equal(z["a"], A)
        np.testing.assert_array_equal(z["v"], V)


def test_everyday_behaviour():
    x = mtl.asarray(V)
    assert x.tolist() == V.tolist() and x[1].item() == -1.0
    assert f"{x[4]:.3f}" == "7.500"
    with pytest.raises(TypeError):
        hash(x)
    with pytest.raises(ValueError, match="ambiguous"):
        bool(x == x)
    assert len(x) == 6 and [float(v) for v in x] == V.tolist()


def test_astype_to_dtypes_metallic_does_not_hold_gives_numpy_arrays():
    x = mtl.arange(3)
    s = x.astype("U3")
    assert isinstance(s, np.ndarray) and s.tolist() == ["0", "1", "2"]
    assert isinstance(x.astype(object), np.ndarray)


def test_comparison_with_none_is_elementwise():
    check(lambda xp: (xp.arange(3.0) == None, xp.arange(3.0) != None, None == xp.ones((2, 2))))  # noqa: E711


def test_pandas_and_matplotlib_take_metallic_arrays():
    """Libraries built on NumPy accept metallic arrays through __array__."""
    x = mtl.arange(5.0) * 2
    pd = pytest.importorskip("pandas")
    s = pd.Series(x)
    np.testing.assert_array_equal(s.to_numpy(), np.arange(5.0) * 2)
    df = pd.DataFrame({"a": x, "b": mtl.ones(5)})
    assert df["a"].sum() == 20.0 and df.shape == (5, 2)
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    (line,) = ax.plot(x, x * x)
    np.testing.assert_array_equal(np.asarray(line.get_ydata()), (np.arange(5.0) * 2) ** 2)
    plt.close(fig)


def test_fallbacks_write_back_what_numpy_modified():
    """NumPy functions run on copies; what they write (in-place methods, out=) reaches the
    metallic arrays, and out= returns the metallic array given."""
    x = mtl.asarray([3.0, 1.0, 2.0])
    x.sort()
    np.testing.assert_array_equal(np.asarray(x), [1.0, 2.0, 3.0])
    y = mtl.zeros(4)
    np.put(y, [1], [5.0])
    np.testing.assert_array_equal(np.asarray(y), [0.0, 5.0, 0.0, 0.0])
    a = mtl.zeros((3, 3))
    np.fill_diagonal(a, 2.0)
    np.testing.assert_array_equal(np.asarray(a), np.eye(3) * 2)
    o = mtl.zeros(3)
    r = np.heaviside(mtl.asarray([-1.0, 0.0, 2.0]), 0.5, out=o)
    assert r is o
    np.testing.assert_array_equal(np.asarray(o), [0.0, 0.5, 1.0])


def test_numpy_submodule_functions_dispatch_to_their_own():
    """np.char.mod / np.strings.mod given metallic arrays are NumPy's string functions, not
    metallic's ufunc mod (same name, another module)."""
    import metallic as mtl
    assert np.char.mod("%03d", mtl.asarray([1, 22])).tolist() == ["001", "022"]
    assert np.strings.mod(np.array(["%.1f"]), mtl.asarray([1.25])).tolist() == ["1.2"]
    assert isinstance(np.concatenate([mtl.arange(2), mtl.arange(2)]), mtl.ndarray)
