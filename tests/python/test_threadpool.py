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
