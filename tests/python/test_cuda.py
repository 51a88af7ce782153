"""What only a machine with a GPU can check: devices, transfers, the memory pool and its
out-of-memory recovery. Skipped where CUDA is unavailable (the CPU-only CI)."""

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
