"""What only a machine with a GPU can check: devices, transfers, the memory pool and its
out-of-memory recovery. Skipped where CUDA is unavailable (the CPU-only CI)."""

import os

import numpy as np
import pytest

import metallic as mtl

pytestmark = pytest.mark.skipif(not mtl.cuda.is_available(), reason="needs a CUDA GPU")


def test_arrays_move_between_devices():
    a = np.arange(12.0).reshape(3, 4)
    with mtl.device("cuda"):
        g = mtl.asarray(a)
        assert g.device.startswith("cuda")
    c = g.to_device("cpu")
    assert c.device == "cpu"
    np.testing.assert_array_equal(np.asarray(c), a)
    np.testing.assert_array_equal(np.asarray(c.to_device("cuda:0") * 2), a * 2)


def test_mixing_devices_raises():
    with mtl.device("cuda"):
        g = mtl.ones(3)
    with mtl.device("cpu"):
        c = mtl.ones(3)
    with pytest.raises(ValueError, match="different devices"):
        g + c


def test_python_scalars_and_numpy_arrays_follow_the_gpu_operand():
    with mtl.device("cuda"):
        g = mtl.arange(4.0)
    with mtl.device("cpu"):
        r = g * 2 + np.ones(4)
    assert r.device.startswith("cuda")
    np.testing.assert_array_equal(np.asarray(r), np.arange(4.0) * 2 + 1)


def test_large_transfers_round_trip():
    a = np.random.default_rng(0).standard_normal(3_000_001)  # several staging chunks, odd size
    with mtl.device("cuda"):
        g = mtl.asarray(a)
    np.testing.assert_array_equal(g.get(), a)
    out = np.empty_like(a)
    assert g.get(out=out) is out
    np.testing.assert_array_equal(out, a)


@pytest.mark.parametrize("dtype", ["bool", "int8", "float16", "float64", "complex128"])
def test_large_results_come_back_in_memory_numpy_owns(dtype):
    # From 64 KiB on a result lands in pinned memory that the NumPy array then owns.
    a = (np.random.default_rng(1).standard_normal((1025, 2049)) * 100).astype(dtype)
    with mtl.device("cuda"):
        g = mtl.asarray(a)
    for _ in range(3):  # freed and reused from the cache in turns
        h = np.asarray(g)
        assert type(h) is np.ndarray and h.dtype == a.dtype and h.shape == a.shape and h.flags.writeable
        np.testing.assert_array_equal(h, a)
        h[0, 0] = h[1, 1]  # the array is the caller's: writing it leaves g alone
        np.testing.assert_array_equal(np.asarray(g)[0], a[0])
        back = mtl.asarray(h, device="cuda")  # pinned source: one DMA up
        np.testing.assert_array_equal(np.asarray(back)[1:], a[1:])
        del h


@pytest.mark.parametrize("dtype", ["bool", "int8", "float16", "float32", "complex128"])
def test_small_pending_results_are_written_straight_to_the_host(dtype):
    """A pending result of at most 64 KiB read to the host is written there by the kernel
    that computes it (no device buffer, no copy), so it stays pending: one op, a fused
    chain, a copy, a strided and a broadcast input, a NumPy scalar operand, 64 KiB exactly;
    one byte more takes the copy."""
    rng = np.random.default_rng(2)
    ha, hb = ((rng.standard_normal(1000) * 50).astype(dtype) for _ in range(2))
    limit = (64 << 10) // np.dtype(dtype).itemsize
    hc = (rng.standard_normal(limit + 1) * 50).astype(dtype)
    with mtl.device("cuda"):
        a, b, c = mtl.asarray(ha), mtl.asarray(hb), mtl.asarray(hc)
        cases = [
            (lambda: a + b, lambda: ha + hb),
            (lambda: (a * b + a) * b, lambda: (ha * hb + ha) * hb),
            (lambda: mtl.copy(a), lambda: ha.copy()),
            (lambda: a[1::3] + b[2::3], lambda: ha[1::3] + hb[2::3]),
            (lambda: a.reshape(40, 25) * b[:25], lambda: ha.reshape(40, 25) * hb[:25]),
            (lambda: a[7:8] * b[8], lambda: ha[7:8] * hb[8]),
            (lambda: c[:limit] + c[1:], lambda: hc[:limit] + hc[1:]),
        ]
        with np.errstate(all="ignore"):
            for got, want in cases:
                r = got()
                assert r._pending
                np.testing.assert_array_equal(np.asarray(r), want())
                assert r._pending  # computed into the host's memory, not stored
                np.testing.assert_array_equal(r.get(), want())  # computable again
            big = c + c  # 64 KiB and one element: stored, then copied
            np.testing.assert_array_equal(np.asarray(big), hc + hc)
            assert not big._pending
            assert (a[3] * 2).item() == (ha[3] * 2).item()


def test_a_small_result_read_to_the_host_brings_its_pending_siblings_along():
    with mtl.device("cuda"):
        x, y = mtl.random.randn(1000), mtl.random.randn(1000)
        s, t, u = x + y, mtl.sin(x), mtl.arctan2(x, y)
        got = np.asarray(s)
        assert s._pending and not t._pending and not u._pending  # one pass wrote all three
        xs, ys = np.asarray(x), np.asarray(y)
    np.testing.assert_array_equal(got, xs + ys)
    np.testing.assert_allclose(np.asarray(t), np.sin(xs), rtol=1e-15)
    np.testing.assert_allclose(np.asarray(u), np.arctan2(xs, ys), rtol=1e-15)


def test_scalar_values_share_one_kernel():
    with mtl.device("cuda"):
        x = mtl.arange(1000.0)
        x._eval()
        for k in (0.5, 1.5):  # the first pass may compile; the second must not
            before = mtl.cuda.kernel_stats()
            (x * k)._eval()
            ((x * k + k) * x)._eval()  # a fused chain with scalar leaves
            after = mtl.cuda.kernel_stats()
        assert after["compiles"] == before["compiles"] and after["disk_hits"] == before["disk_hits"], (before, after)
        assert after["memory_hits"] > before["memory_hits"]


def test_out_of_memory_is_recovered():
    pool = mtl.MemoryPool("cuda:0")
    old = pool.get_limit()
    with mtl.device("cuda"):
        keep = mtl.ones(1 << 20)
        pool.set_limit(pool.used_bytes() + (64 << 20))
        try:
            with pytest.raises(MemoryError):
                mtl.zeros(1 << 30)
            x = mtl.ones(1 << 20) + keep  # still works after the failure
            assert float(x.sum()) == 2.0 * (1 << 20)
        finally:
            pool.set_limit(old)
    pool.free_all_blocks()
    assert pool.used_bytes() >= 0


def test_out_of_memory_in_a_fused_chain_leaves_its_arrays_pending():
    """The pass's second output does not fit: MemoryError, nothing half-computed, nothing
    kept, and the chain computes once there is room."""
    pool = mtl.MemoryPool("cuda:0")
    old = pool.get_limit()
    n = 1 << 22  # 32 MiB of float64
    with mtl.device("cuda"):
        x = mtl.arange(n, dtype="float64")
        x._eval()
        a = x * 2  # still referenced: written out by the same pass as b
        b = mtl.sin(a) + 1
        base = pool.used_bytes()
        pool.set_limit(base + (40 << 20))  # room for one output, not two
        try:
            with pytest.raises(MemoryError):
                b._eval()
            assert a._pending and b._pending
            assert pool.used_bytes() <= base + 1024
        finally:
            pool.set_limit(old)
        np.testing.assert_allclose(np.asarray(b), np.sin(np.arange(n) * 2.0) + 1, rtol=1e-12, atol=1e-12)  # libm ulps
        np.testing.assert_array_equal(np.asarray(a), np.arange(n) * 2.0)


def test_memory_pool_accounts_for_arrays():
    pool = mtl.MemoryPool("cuda:0")
    before = pool.used_bytes()
    with mtl.device("cuda"):
        a = mtl.zeros(1 << 20)
        a._eval()
    assert pool.used_bytes() >= before + 8 * (1 << 20)
    del a
    assert pool.used_bytes() <= before + 1024
    assert pool.total_bytes() >= pool.used_bytes()


def test_corrupt_kernel_cache_is_rebuilt(tmp_path):
    import os
    import subprocess
    import sys

    child = ("import numpy as np, metallic as mtl\n"
             "x = mtl.arange(10.0)\n"
             "print(float((mtl.hypot(x, x) * 2.0).sum()))\n")
    env = dict(os.environ, METALLIC_CACHE_DIR=str(tmp_path), METALLIC_DEVICE="cuda")
    first = subprocess.run([sys.executable, "-c", child], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    files = list(tmp_path.iterdir())
    assert files, "no kernels were written to the disk cache"
    for f in files:  # truncate some, scribble over others
        f.write_bytes(b"garbage" if hash(f.name) % 2 else f.read_bytes()[: len(f.read_bytes()) // 2])
    second = subprocess.run([sys.executable, "-c", child], env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    expected = float((np.hypot(np.arange(10.0), np.arange(10.0)) * 2.0).sum())
    assert float(second.stdout.split()[-1]) == pytest.approx(expected)


def test_unwritable_kernel_cache_only_costs_compile_time(tmp_path):
    import subprocess
    import sys
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    child = ("import numpy as np, metallic as mtl\n"
             "x = mtl.arange(10.0)\n"
             "print(float((mtl.hypot(x, x) * 3.0).sum()))\n")
    env = dict(os.environ, METALLIC_CACHE_DIR=str(blocker / "cache"), METALLIC_DEVICE="cuda")
    run = subprocess.run([sys.executable, "-c", child], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    expected = float((np.hypot(np.arange(10.0), np.arange(10.0)) * 3.0).sum())
    assert float(run.stdout.split()[-1]) == pytest.approx(expected)
    assert blocker.read_text() == "not a directory"


_TRAP_CHILD = r"""
import ctypes, gc
import metallic as m
x = m.arange(1000.0, device="cuda")
print("before", float((x * 2).sum()))
# A kernel that traps, launched on the GPU's primary context (the one metallic uses), as
# another library's failed device-side assert would be.
cu = ctypes.CDLL("libcuda.so.1")
dev, ctx, mod, fn = ctypes.c_int(), ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
ptx = b".version 7.0\n.target sm_70\n.address_size 64\n.visible .entry metallic_trap()\n{\n trap;\n}\n"
assert cu.cuDeviceGet(ctypes.byref(dev), 0) == 0
assert cu.cuDevicePrimaryCtxRetain(ctypes.byref(ctx), dev) == 0
assert cu.cuCtxSetCurrent(ctx) == 0
assert cu.cuModuleLoadData(ctypes.byref(mod), ptx) == 0
assert cu.cuModuleGetFunction(ctypes.byref(fn), mod, b"metallic_trap") == 0
assert cu.cuLaunchKernel(fn, 1, 1, 1, 1, 1, 1, 0, None, None, None) == 0
print("fault", cu.cuCtxSynchronize() != 0)
for call in (lambda: float((x + 1).sum()), lambda: m.ones(3, device="cuda") + 1, lambda: x.get()):
    try:
        call()
        print("no error")
    except RuntimeError as e:
        print("raised", "the GPU faulted" in str(e) and "Restart Python" in str(e))
del x
gc.collect()
print("cpu", float(m.arange(5.0, device="cpu").sum()))
"""


def test_a_kernel_fault_raises_on_every_later_gpu_call_and_the_cpu_still_works():
    """A faulted kernel loses the GPU context for the whole process (CUDA cannot recover
    it): every later GPU call raises RuntimeError saying so, freeing the lost arrays is
    silent (no crash from a destructor), and CPU arrays still compute."""
    import subprocess
    import sys
    env = dict(os.environ, METALLIC_DEVICE="cuda")
    run = subprocess.run([sys.executable, "-c", _TRAP_CHILD], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\n")[:-1] == ["before 999000.0", "fault True"] + ["raised True"] * 3 + ["cpu 10.0"]
    assert "freeing" not in run.stderr


def test_the_gpu_is_the_default_device_when_present():
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k != "METALLIC_DEVICE"}
    out = subprocess.run([sys.executable, "-c", "import metallic as m; print(m.get_default_device(), m.ones(2).device)"],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["cuda:0", "cuda:0"]


def test_dlpack_with_gpu_libraries_is_zero_copy():
    x = mtl.arange(12.0, device="cuda").reshape(3, 4)
    assert x.__dlpack_device__() == (2, 0)
    peers = []  # name, from_dlpack, to NumPy, a fresh GPU array, wait for its stream
    try:
        import torch
        peers.append(("torch", torch.from_dlpack, lambda t: t.cpu().numpy(),
                      lambda: torch.arange(6.0, device="cuda"), torch.cuda.synchronize))
    except ImportError:
        pass
    try:
        import cupy
        peers.append(("cupy", cupy.from_dlpack, cupy.asnumpy, lambda: cupy.arange(6.0),
                      cupy.cuda.runtime.deviceSynchronize))
    except ImportError:
        pass
    if not peers:
        pytest.skip("neither torch nor cupy is installed")
    _dlpack_with_jax(x)
    for name, take, to_host, make, sync in peers:
        t = take(x)  # metallic -> peer, sharing memory
        np.testing.assert_array_equal(to_host(t), np.arange(12.0).reshape(3, 4), err_msg=name)
        t[0, 0] = 99.0
        sync()
        assert float(x[0, 0]) == 99.0, name
        x[0, 0] = 0.0
        p = make()
        sync()
        m = mtl.from_dlpack(p)  # peer -> metallic, sharing memory
        assert m.device == "cuda:0", name
        m *= 2
        mtl.synchronize()
        np.testing.assert_array_equal(to_host(p), np.arange(6.0) * 2, err_msg=name)


def _dlpack_with_jax(x):
    """JAX's arrays are immutable: zero-copy is seen in the buffer pointers, both ways (for
    float32: without jax_enable_x64, JAX turns float64 into float32, a copy)."""
    os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")  # share the GPU with the other workers
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return
    if not any(d.platform == "gpu" for d in jax.devices()):
        return
    j = jnp.from_dlpack(x)  # metallic -> JAX (JAX may copy onto its own device; the values must agree)
    np.testing.assert_array_equal(np.asarray(j), np.asarray(x))
    f = mtl.arange(12, dtype="float32", device=x.device).reshape(3, 4)
    jf = jnp.from_dlpack(f)  # metallic -> JAX, the same memory
    assert jf.unsafe_buffer_pointer() == f.__cuda_array_interface__["data"][0]
    np.testing.assert_array_equal(np.asarray(jf), np.arange(12, dtype=np.float32).reshape(3, 4))
    src = jnp.arange(8.0, dtype=jnp.float32) * 3
    m = mtl.from_dlpack(src)  # JAX -> metallic
    assert m.device.startswith("cuda") and m.__cuda_array_interface__["data"][0] == src.unsafe_buffer_pointer()
    np.testing.assert_array_equal(np.asarray(m + 1), np.arange(8.0, dtype=np.float32) * 3 + 1)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_same_seed_same_numbers_on_cpu_and_gpu(dtype):
    """One Philox stream: integers and uniforms bitwise equal on both devices, normals and
    gamma draws within a few ulp (the devices' log/sin/cos round differently)."""
    draws = {"random": lambda g: g.random(100_003, dtype=dtype),
             "standard_normal": lambda g: g.standard_normal(100_003, dtype=dtype),
             "integers": lambda g: g.integers(-5, 1 << 40, 100_003),
             "gamma": lambda g: g.standard_gamma(0.7, 10_001),
             "normal": lambda g: g.normal(2.0, 3.0, (31, 17))}
    for name, draw in draws.items():
        got = {}
        for dev in ("cpu", "cuda"):
            with mtl.device(dev):
                x = draw(mtl.random.default_rng(1234))
                assert x.device.startswith(dev)
                got[dev] = np.asarray(x)
        if name in ("random", "integers"):
            assert got["cpu"].tobytes() == got["cuda"].tobytes(), name
        else:
            tol = 2e-6 if got["cpu"].dtype == np.float32 else 1e-13
            np.testing.assert_allclose(got["cuda"], got["cpu"], rtol=tol, atol=tol, err_msg=name)


def test_cuda_array_interface_import_is_zero_copy():
    """Another library's GPU array becomes a metallic array over the same memory (asarray),
    or a copy (array); strided views keep their layout; the producer stays alive."""
    cp = pytest.importorskip("cupy")
    c = cp.arange(10, dtype=cp.float32)
    m = mtl.asarray(c)
    assert m.device.startswith("cuda") and m.dtype == np.float32
    c[0] = 42
    cp.cuda.runtime.deviceSynchronize()
    assert float(m[0]) == 42.0
    copied = mtl.array(c)
    c[1] = -1
    cp.cuda.runtime.deviceSynchronize()
    assert float(copied[1]) == 1.0 and float(m[1]) == -1.0
    v = mtl.asarray(c[::3])
    np.testing.assert_array_equal(np.asarray(v), cp.asnumpy(c[::3]))
    del c
    np.testing.assert_array_equal(np.asarray(m[2:4] * 2), [4.0, 6.0])


def test_draws_with_parameters_same_seed_on_cpu_and_gpu():
    """Draws with per-element parameters (functors_random.hpp) agree between devices: counts
    except where log/lgamma round differently right at an acceptance boundary (expected never
    in 10^5 draws, allowed for a handful), floats to within rounding."""
    lam = np.linspace(0.1, 80.0, 1000)
    draws = {"poisson_3": lambda g: g.poisson(3.0, 100_000), "poisson_50": lambda g: g.poisson(50.0, 100_000),
             "poisson_array": lambda g: g.poisson(lam, (100, 1000)),
             "binomial": lambda g: g.binomial([20, 1000, 10**7], [0.3, 0.4, 0.9], (30_000, 3)),
             "hypergeometric": lambda g: g.hypergeometric([10, 100, 300], [20, 200, 100], [5, 50, 250], (30_000, 3)),
             "logseries": lambda g: g.logseries(0.9, 100_000), "zipf": lambda g: g.zipf(2.0, 100_000),
             "negative_binomial": lambda g: g.negative_binomial(5, 0.3, 100_000),
             "vonmises": lambda g: g.vonmises([0.5, -2.0], [3.0, 0.5], (50_000, 2)),
             "gamma_array": lambda g: g.standard_gamma([0.5, 2.0, 30.0], (30_000, 3))}
    for name, draw in draws.items():
        got = {}
        for dev in ("cpu", "cuda"):
            with mtl.device(dev):
                x = draw(mtl.random.default_rng(99))
                assert x.device.startswith(dev)
                got[dev] = np.asarray(x)
        if got["cpu"].dtype == np.int64:
            assert (got["cpu"] == got["cuda"]).mean() >= 0.9999, name
        else:
            close = np.isclose(got["cuda"], got["cpu"], rtol=1e-10, atol=1e-12)
            assert close.mean() >= 0.9999, name
