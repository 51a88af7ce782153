"""metallic arrays as Dask chunks: the graphs run on metallic chunks end to end and match
NumPy (in-process with the synchronous scheduler, and on a dask.distributed LocalCluster
of two worker processes)."""

import pickle

import numpy as np
import pytest

import metallic as mtl

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")
mtl._dask.register()  # installed, Dask finds metallic through its entry points; from a source tree, not


def host(x):
    return np.asarray(x)


@pytest.fixture
def sync():
    with dask.config.set(scheduler="synchronous"):
        yield


def test_from_array_keeps_metallic_chunks(sync):
    x = mtl.arange(1000, dtype=mtl.float64) / 7.0
    d = da.from_array(x, chunks=300)
    assert isinstance(d._meta, mtl.ndarray)
    y = da.sin(d) * da.cos(d) + d * d - 2.0
    r = y.compute()
    assert isinstance(r, mtl.ndarray)
    xn = host(x)
    np.testing.assert_allclose(host(r), np.sin(xn) * np.cos(xn) + xn * xn - 2.0, rtol=1e-12)
    assert all(isinstance(blk.compute(), mtl.ndarray) for blk in y.to_delayed().ravel())


@pytest.mark.parametrize("name", ["sum", "mean", "std", "var", "min", "max", "argmin", "argmax", "any", "all"])
@pytest.mark.parametrize("axis", [None, 0, 1])
def test_reductions(sync, name, axis):
    xn = np.random.default_rng(1).standard_normal((60, 50))
    d = da.from_array(mtl.asarray(xn), chunks=(25, 20))
    r = getattr(d, name)(axis=axis).compute()
    # A reduction to one value is a NumPy scalar, as with NumPy chunks.
    assert isinstance(r, np.generic if axis is None and mtl.get_scalar_mode() == "numpy" else mtl.ndarray)
    np.testing.assert_allclose(host(r), getattr(xn, name)(axis=axis), rtol=1e-10, atol=1e-12)


def test_slicing_concatenate_stack_rechunk(sync):
    xn = np.arange(120.0).reshape(12, 10)
    d = da.from_array(mtl.asarray(xn), chunks=(5, 4))
    for got, want in [(d[::3, 1:-1], xn[::3, 1:-1]), (d[-1], xn[-1]),
                      (da.concatenate([d, d], axis=1), np.concatenate([xn, xn], axis=1)),
                      (da.stack([d, d + 1]), np.stack([xn, xn + 1])),
                      (d.rechunk((4, 10)).T, xn.T),
                      (d.map_blocks(lambda b: b * 2 + 1), xn * 2 + 1),
                      (d[np.array([0, 5, 11])], xn[[0, 5, 11]])]:
        r = got.compute()
        assert isinstance(r, mtl.ndarray)
        np.testing.assert_array_equal(host(r), want)


def test_products(sync):
    rng = np.random.default_rng(2)
    an, bn = rng.standard_normal((40, 30)), rng.standard_normal((30, 20))
    a, b = da.from_array(mtl.asarray(an), chunks=10), da.from_array(mtl.asarray(bn), chunks=10)
    for got, want in [(a @ b, an @ bn), (da.tensordot(a, b, axes=1), np.tensordot(an, bn, axes=1)),
                      (da.einsum("ij,jk->ik", a, b), np.einsum("ij,jk->ik", an, bn))]:
        r = got.compute()
        assert isinstance(r, mtl.ndarray)
        np.testing.assert_allclose(host(r), want, rtol=1e-10)


def test_metallic_backend_creates_metallic_chunks(sync):
    with dask.config.set({"array.backend": "metallic"}):
        for d, want in [(da.ones((10,), chunks=3), np.ones(10)), (da.zeros((4, 4), chunks=2), np.zeros((4, 4))),
                        (da.full((5,), 7.0, chunks=2), np.full(5, 7.0)), (da.arange(10, chunks=4), np.arange(10))]:
            assert isinstance(d._meta, mtl.ndarray)
            r = d.compute()
            assert isinstance(r, mtl.ndarray)
            np.testing.assert_array_equal(host(r), want)
        r1 = da.random.RandomState(5).random_sample((100,), chunks=30)
        r2 = da.random.RandomState(5).random_sample((100,), chunks=30)
        g = da.random.default_rng(5).standard_normal((100,), chunks=30)
        for r in (r1, g):
            assert isinstance(r._meta, mtl.ndarray) and isinstance(r.compute(), mtl.ndarray)
        np.testing.assert_array_equal(host(r1.compute()), host(r2.compute()))
        u = host(r1.compute())
        assert u.min() >= 0 and u.max() < 1 and len(np.unique(u)) == 100


def test_tokenize_is_cheap_deterministic_and_tracks_writes():
    x = mtl.arange(10.0) * 2
    t = dask.base.tokenize(x)
    assert t == dask.base.tokenize(x)
    assert t != dask.base.tokenize(mtl.arange(10.0) * 2)  # another buffer
    assert dask.base.tokenize(x[1:]) != t
    x += 1
    assert dask.base.tokenize(x) != t
    x[0] = 5
    t2 = dask.base.tokenize(x)
    assert t2 == dask.base.tokenize(x)
    h = mtl.arange(4.0, device="cpu")
    view = np.asarray(h)  # host memory shared with NumPy: hashed, so NumPy's writes change the token
    t3 = dask.base.tokenize(h)
    view[3] = -1
    assert dask.base.tokenize(h) != t3


def test_sizeof_and_pickle():
    from dask.sizeof import sizeof
    x = mtl.ones((100, 10), dtype=mtl.float32)
    assert sizeof(x) == 4000
    y = pickle.loads(pickle.dumps(x, protocol=5))
    assert isinstance(y, mtl.ndarray) and y.device == x.device
    np.testing.assert_array_equal(host(y), host(x))


def test_distributed_serialization_host_and_device_frames():
    """Host frames for every chunk (pickle protocol 5: one out-of-band frame); GPU chunks
    also as a device frame (the "cuda" family, used by transports that move GPU memory)."""
    protocol = pytest.importorskip("distributed.protocol")
    x = mtl.arange(12.0).reshape(3, 4)[:, 1:]
    header, frames = protocol.serialize(x, serializers=("dask", "pickle"))
    y = protocol.deserialize(header, frames, deserializers=("dask", "pickle"))
    assert isinstance(y, mtl.ndarray) and y.device == x.device
    np.testing.assert_array_equal(host(y), host(x))
    if not x.device.startswith("cuda"):
        return
    mtl._dask.register_distributed()
    header, frames = protocol.serialize(x, serializers=("cuda",))
    assert header["serializer"] == "cuda"
    y = protocol.deserialize(header, frames, deserializers=("cuda",))
    assert isinstance(y, mtl.ndarray) and y.device.startswith("cuda")
    np.testing.assert_array_equal(host(y), host(x))
    cp = pytest.importorskip("cupy")  # a transport's device buffer: a CUDA Array Interface of bytes
    raw = cp.asarray(host(mtl.ascontiguousarray(x))).view(cp.uint8).ravel()
    z = protocol.deserialize(header, [raw], deserializers=("cuda",))
    np.testing.assert_array_equal(host(z), host(x))


def test_foreign_arrays_get_their_turn(sync):
    """NumPy's protocols: a metallic array beside a Dask array lets Dask handle the call."""
    d = da.ones(6, chunks=3)
    x = mtl.arange(6.0)
    for r in (np.add(x, d), np.concatenate([d, d])):
        assert isinstance(r, da.Array)
    np.testing.assert_array_equal(np.asarray(np.add(x, d).compute()), np.arange(6.0) + 1)


def test_entry_points_when_installed():
    """Installed, Dask finds metallic by itself: a fresh process names the backend."""
    import os
    import subprocess
    import sys
    from importlib import metadata
    from pathlib import Path
    try:
        dist = metadata.distribution("metallic")
    except metadata.PackageNotFoundError:
        dist = None
    if dist is None or Path(dist.locate_file("metallic/__init__.py")).resolve() != Path(mtl.__file__).resolve():
        pytest.skip("metallic runs from a source tree here: no entry points")
    code = ("import dask, dask.array as da, metallic as mtl\n"
            "with dask.config.set({'array.backend': 'metallic'}):\n"
            "    r = da.ones(4, chunks=2).compute(scheduler='synchronous')\n"
            "assert isinstance(r, mtl.ndarray), type(r)\n"
            "from dask.sizeof import sizeof\n"
            "assert sizeof(mtl.ones(8)) == 64\n")
    subprocess.run([sys.executable, "-c", code], check=True, env=dict(os.environ))


@pytest.mark.parametrize("where", ["cpu", "gpu"])
def test_local_cluster(where):
    """The chunked workload on worker processes (two on the CPU; one per GPU): an
    elementwise chain plus reductions over 2*10^7 elements, a blocked matmul and a
    tall-skinny QR, against NumPy."""
    distributed = pytest.importorskip("distributed")
    n, chunk = 20_000_000, 2_500_000
    if where == "gpu":
        if not mtl.cuda.is_available():
            pytest.skip("needs a CUDA GPU")
        cluster = mtl.local_gpu_cluster()
    else:
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                           env={"METALLIC_DEVICE": "cpu", "OMP_NUM_THREADS": "1"})
    with cluster, distributed.Client(cluster), dask.config.set({"array.backend": "metallic"}):
        rs = da.random.RandomState(0)
        x = rs.random_sample(n, chunks=chunk)
        y = rs.random_sample(n, chunks=chunk)
        z = da.sin(x) * da.cos(y) + x * y - 2.0
        kinds = set((z + 0).map_blocks(lambda b: np.array([f"{type(b).__module__} {b.device}"], dtype=object),
                                       dtype=object, chunks=(1,)).compute())
        assert kinds == {f"metallic._core {'cpu' if where == 'cpu' else 'cuda:0'}"}, kinds
        zs = z.reshape(-1, 1000)
        got = dask.compute(z.sum(), z.std(), z.argmax(), zs.max(axis=0), zs.mean(axis=1), x, y)
        one_value = np.generic if mtl.get_scalar_mode() == "numpy" else mtl.ndarray
        assert all(isinstance(g, one_value) for g in got[:3])  # reductions to one value
        assert all(isinstance(g, mtl.ndarray) for g in got[3:])
        xn, yn = host(got[5]), host(got[6])
        zn = np.sin(xn) * np.cos(yn) + xn * yn - 2.0
        np.testing.assert_allclose(host(got[0]), zn.sum(), rtol=1e-9)
        np.testing.assert_allclose(host(got[1]), zn.std(), rtol=1e-9)
        assert int(host(got[2])) == int(zn.argmax())
        np.testing.assert_allclose(host(got[3]), zn.reshape(-1, 1000).max(axis=0), rtol=1e-12)
        np.testing.assert_allclose(host(got[4]), zn.reshape(-1, 1000).mean(axis=1), rtol=1e-9)

        a = rs.random_sample((600, 600), chunks=(200, 200))
        b = rs.random_sample((600, 600), chunks=(200, 200))
        c, an, bn = dask.compute(a @ b, a, b)
        assert isinstance(c, mtl.ndarray)
        np.testing.assert_allclose(host(c), host(an) @ host(bn), rtol=1e-10)

        tall = rs.random_sample((20_000, 20), chunks=(2_500, 20))
        q, r = da.linalg.qr(tall)
        qv, rv, tn = dask.compute(q, r, tall)
        assert isinstance(qv, mtl.ndarray) and isinstance(rv, mtl.ndarray)
        np.testing.assert_allclose(host(qv) @ host(rv), host(tn), atol=1e-10)
        np.testing.assert_allclose(host(qv).T @ host(qv), np.eye(20), atol=1e-10)
