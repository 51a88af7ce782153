"""Several Python threads at once, and no memory growth over many small operations."""

import os
import threading

import numpy as np
import pytest

import metallic as mtl


def test_threads_give_numpys_answers():
    shared_np = np.random.default_rng(0).standard_normal((64, 64))
    shared = mtl.asarray(shared_np)
    errors = []

    def work(seed):
        try:
            rng = np.random.default_rng(seed)
            for _ in range(60):
                a_np = rng.standard_normal((32, 64))
                a = mtl.asarray(a_np)
                r = ((mtl.sin(a) * 2 + shared[:32]) ** 2).sum(axis=1)
                r_np = ((np.sin(a_np) * 2 + shared_np[:32]) ** 2).sum(axis=1)
                np.testing.assert_allclose(np.asarray(r), r_np, rtol=1e-10)
                b = a.copy()
                b[1:] += b[:-1]  # in-place with aliasing, per thread
                c_np = a_np.copy()
                c_np[1:] += c_np[:-1]
                np.testing.assert_array_equal(np.asarray(b), c_np)
                with mtl.device("cpu"):  # the default device is per thread
                    assert mtl.get_default_device() == "cpu"
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc")
def test_no_memory_growth_over_many_small_operations():
    n = int(os.environ.get("METALLIC_STRESS_OPS", "100000"))
    x = mtl.ones(100)

    def burst(k):
        y = x
        for i in range(k):
            y = y * 1.0 + 0.0
            if i % 50 == 0:
                y._eval()
        return float(y.sum())

    burst(2000)  # warm caches and pools
    on_gpu = x.device != "cpu"
    pool = mtl.get_default_memory_pool() if on_gpu else None
    before, dev_before = _rss_bytes(), pool.used_bytes() if on_gpu else 0
    assert burst(n // 2) == 100.0
    after, dev_after = _rss_bytes(), pool.used_bytes() if on_gpu else 0
    # 10^5 operations on 100-element arrays: anything held per operation would show.
    assert after - before < 16 << 20, f"RSS grew by {(after - before) >> 20} MiB"
    assert dev_after - dev_before < 1 << 20, f"GPU memory in use grew by {dev_after - dev_before} bytes"


def test_ctrl_c_during_long_work_raises_keyboard_interrupt_and_later_calls_work():
    import signal
    import subprocess
    import sys
    import time
    code = (
        "import sys, metallic as m, numpy as np\n"
        "x = m.random.rand(1 << 20); m.eval(x)\n"
        "print('ready', flush=True)\n"
        "try:\n"
        "    while True:\n"
        "        y = (m.sin(x) * m.cos(x) + x).sum(); float(y)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', flush=True)\n"
        "z = m.arange(10.0) * 2\n"
        "assert (np.asarray(z) == np.arange(10.0) * 2).all() and float(x.sum()) > 0\n"
        "print('still works', flush=True)\n")
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "ready"
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    out, _ = p.communicate(timeout=60)
    assert out.split() == ["interrupted", "still", "works"] and p.returncode == 0, out


def test_foreign_memory_released_from_a_thread_without_the_gil():
    """The last metallic array over NumPy's memory dying inside another thread's native work
    (no GIL there) neither deadlocks nor leaks: the owner is released soon after."""
    import gc
    import threading
    import weakref

    class Owner(np.ndarray):
        pass

    host = np.arange(1 << 16, dtype=np.float64).view(Owner)
    ref = weakref.ref(host)
    m = mtl.from_dlpack(host)
    del host
    y = m * 2.0  # pending work that reads the foreign memory
    del m
    done = []

    def work():
        done.append(float(mtl.sum(y)))  # evaluation drops the last reference in this thread

    t = threading.Thread(target=work)
    t.start()
    del y
    t.join(timeout=30)
    assert not t.is_alive() and done == [float(np.arange(1 << 16).sum() * 2)]
    for _ in range(100):  # pending calls run between bytecodes of the main thread
        gc.collect()
        if ref() is None:
            break
    assert ref() is None
