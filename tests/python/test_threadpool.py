"""metallic's CPU pool under threadpoolctl: listed, limited and restored; results of
elementwise work, sorts and FFTs do not depend on the limit."""
import numpy as np
import pytest

import metallic as mtl
from metallic import _core

threadpoolctl = pytest.importorskip("threadpoolctl")


def test_listed_and_limited():
    info = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "metallic"]
    assert len(info) == 1 and info[0]["num_threads"] == _core.cpu_threads()
    before = _core.cpu_threads()
    with threadpoolctl.threadpool_limits(1, user_api="metallic"):
        assert _core.cpu_threads() == 1
    assert _core.cpu_threads() == before
    with threadpoolctl.threadpool_limits(10 ** 6):  # beyond the pool: its size
        assert _core.cpu_threads() == _core.cpu_max_threads()
    assert _core.cpu_threads() == before


@pytest.mark.skipif(mtl.get_default_device() != "cpu", reason="the CPU's pool")
def test_results_do_not_depend_on_threads():
    x = np.random.default_rng(3).standard_normal(1 << 18)
    a = mtl.asarray(x)

    def work():
        return (np.asarray(mtl.sin(a) * 2.0 + a), np.asarray(mtl.sort(a)), np.asarray(mtl.fft.fft(mtl.reshape(a, (64, -1)))))
    many = work()
    with threadpoolctl.threadpool_limits(1, user_api="metallic"):
        one = work()
    for m, o in zip(many, one):
        assert np.array_equal(m, o)


_WORK = """
import hashlib, numpy as np, metallic as mtl
x = np.random.default_rng(5).standard_normal((4, 1 << 19)).astype(np.float32)
a = mtl.asarray(x)
h = hashlib.sha256()
for r in (a.sum(), a.sum(axis=1), a[:2].sum(axis=1), a.T.sum(axis=0), a.mean(), a.var(axis=1),
          mtl.prod(1 + a / 1e6, axis=1), (a * a).sum(axis=1), a.astype(np.float64).sum(),
          mtl.cumsum(a[0]), mtl.sin(a) + a, mtl.sort(a[1]), mtl.argmax(a, axis=1)):
    h.update(np.ascontiguousarray(np.asarray(r)).tobytes())
print(h.hexdigest())
"""


@pytest.mark.skipif(mtl.get_default_device() != "cpu", reason="the CPU's pool")
def test_results_do_not_depend_on_thread_count():
    """Long float reductions are cut by their length, never by the thread count: one,
    two and seven threads give the same bits."""
    import os
    import subprocess
    import sys
    digests = set()
    for threads in ("1", "2", "7"):
        env = dict(os.environ, METALLIC_NUM_THREADS=threads, METALLIC_DEVICE="cpu")
        out = subprocess.run([sys.executable, "-c", _WORK], env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1
