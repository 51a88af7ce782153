"""mtl.profile() and mtl.eval(): kernels launched per chain, transfers, fused results equal
to step-by-step ones bit for bit. Runs on the default device (CPU in CI, the GPU in the
device run)."""

import os

import numpy as np
import pytest

import metallic as mtl

FUSED = os.environ.get("METALLIC_FUSION", "1") != "0"
fused_only = pytest.mark.skipif(not FUSED, reason="fusion disabled")


def _inputs(dtype="float32", n=10_000):
    x = mtl.random.rand(n).astype(dtype)
    y = mtl.random.rand(n).astype(dtype)
    mtl.eval(x, y)
    return x, y


@fused_only
def test_a_chain_is_one_kernel():
    x, y = _inputs()
    with mtl.profile() as p:
        z = mtl.sin(x) * mtl.cos(y) + x * y - 2.0
        mtl.eval(z)
    assert p.kernels == 1 and p.fused_passes == 1 and p.fused_steps == 6, str(p)
    (dev, name, ms), = p.records
    assert name == "fused sin,cos,multiply,multiply,add,subtract" and ms >= 0
    assert "1 kernels" in str(p)


@fused_only
def test_a_reduction_of_a_chain_is_one_kernel():
    x, y = _inputs()
    with mtl.profile() as p:
        s = ((x - y) ** 2).sum()
        v = float(s)
    assert p.kernels == 1, str(p)
    assert p.records[0][1] == "fused subtract,square -> reduce add"
    expected = float(np.sum((np.asarray(x, dtype=np.float64) - np.asarray(y)) ** 2))
    assert v == pytest.approx(expected, rel=1e-5)
    if x.device != "cpu":
        assert p.d2h_bytes == 4  # the float32 result


def test_unfused_work_counts_each_op():
    x, y = _inputs(n=1000)  # short enough for a one-kernel scan on every device
    with mtl.profile() as p:
        a = x + y
        mtl.eval(a)
        b = mtl.cumsum(a)
        mtl.eval(b)
    assert p.kernels == 2, str(p)
    assert [r[1] for r in p.records] == ["add", "scan add"]


def test_transfers_are_counted():
    with mtl.profile() as p:
        a = mtl.asarray(np.arange(1000.0))
        h = np.asarray(a * 2)
    np.testing.assert_array_equal(h, np.arange(1000.0) * 2)
    if a.device == "cpu":
        assert p.h2d_bytes == 0 and p.d2h_bytes == 0
    else:
        assert p.h2d_bytes >= 8000 and p.d2h_bytes == 8000


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int32", "complex64"])
def test_fused_results_equal_step_by_step_bit_for_bit(dtype):
    x, y = _inputs(dtype if dtype != "int32" else "float64", 4099)
    if dtype == "int32":
        x, y = (x * 1000).astype("int32"), (y * 1000).astype("int32")
        mtl.eval(x, y)

    def chain(step):
        a = step(x * y)
        b = step(a + 3)
        c = step(b * b)
        d = step(c - x) if dtype not in ("int32",) else step(c % 7)
        return step(mtl.sqrt(mtl.abs(d))) if dtype != "int32" else d

    fused = chain(lambda v: v)
    eager = chain(lambda v: (v._eval(), v)[1])
    np.testing.assert_array_equal(np.asarray(fused), np.asarray(eager))


@fused_only
def test_eval_is_an_evaluation_point():
    x = mtl.arange(10.0)
    a = x * 2
    b = a + 1
    assert a._pending and b._pending
    mtl.eval(a, b, 3, None)  # non-arrays are ignored
    assert not a._pending and not b._pending
    np.testing.assert_array_equal(np.asarray(b), np.arange(10.0) * 2 + 1)


@fused_only
def test_graph_depth_limit_evaluates_long_chains():
    before = mtl.eval_stats()["depth_limit"]
    x = mtl.zeros(10)
    for _ in range(200):
        x = x + 1
    assert mtl.eval_stats()["depth_limit"] - before >= 3
    np.testing.assert_array_equal(np.asarray(x), np.full(10, 200.0))


@fused_only
def test_pending_memory_limit_evaluates_new_arrays():
    import subprocess
    import sys
    code = (
        "import metallic as m, numpy as np\n"
        "x = m.ones(10000); m.eval(x)\n"
        "a = x + 1\n"                       # 80 kB pending: under the limit
        "assert a._pending\n"
        "b = a * 2\n"                       # 160 kB pending: over it, computed at once
        "assert not b._pending and m.eval_stats()['pending_limit'] == 1\n"
        "assert (np.asarray(b) == 4).all()\n"
        "print('ok')\n")
    env = dict(os.environ, METALLIC_PENDING_LIMIT="100000")
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert r.stdout.strip() == "ok", r.stderr


@fused_only
def test_profiles_nest():
    x, y = _inputs()
    with mtl.profile() as outer:
        mtl.eval(x + y)
        with mtl.profile() as inner:
            mtl.eval(mtl.sin(x) * 2)
        mtl.eval(x - y)
    assert inner.kernels == 1 and len(inner.records) == 1
    assert outer.kernels == 3 and [r[1] for r in outer.records] == ["add", "fused sin,multiply", "subtract"]
