"""Fusion: chains of elementwise operations run as one pass, with the results of eager
evaluation (the whole suite also runs under METALLIC_FUSION=0 and must agree)."""

import os

import numpy as np
import pytest

import metallic as mtl
from harness import check, make

FUSED = os.environ.get("METALLIC_FUSION", "1") != "0"


def _delta(before):
    after = mtl.eval_stats()
    return {k: after[k] - before[k] for k in after}


@pytest.mark.skipif(not FUSED, reason="fusion disabled")
def test_chain_runs_as_one_pass_without_materialising_intermediates():
    x, y = mtl.random.rand(1000), mtl.random.rand(1000)
    x._eval(), y._eval()
    before = mtl.eval_stats()
    z = mtl.sin(x) * mtl.cos(y) + x * y - 2.0
    z._eval()
    d = _delta(before)
    assert d["fused_passes"] == 1 and d["fused_steps"] == 6 and d["nodes"] == 0, d


@pytest.mark.skipif(not FUSED, reason="fusion disabled")
def test_referenced_intermediates_come_out_of_the_same_pass():
    x = mtl.arange(100.0)
    a = x + 1
    b = a * 2
    before = mtl.eval_stats()
    b._eval()
    d = _delta(before)
    assert d["fused_passes"] == 1 and d["nodes"] == 0, d
    assert not a._pending  # still referenced, so written in the same pass
    np.testing.assert_array_equal(np.asarray(a), np.arange(100.0) + 1)


@pytest.mark.skipif(not FUSED, reason="fusion disabled")
def test_pending_siblings_come_out_of_the_same_pass():
    """The seed workload's shape: results over the same pending inputs, computed together
    when the first is asked for; those over other pending work wait."""
    x, y = mtl.random.randn(1000), mtl.random.randn(1000)
    other = mtl.arange(1000.0) * 3  # pending, but not over x or y
    s, t, u = x + y, mtl.sin(x), mtl.arctan2(x, y)
    v = mtl.cos(x) + other  # reads pending work outside the pass
    before = mtl.eval_stats()
    got = np.asarray(s)
    d = _delta(before)
    # randn twice, +, sin, arctan2; not cos(x), which only v's pending work holds
    assert d["fused_passes"] == 1 and d["fused_steps"] == 5 and d["nodes"] == 0, d
    assert not t._pending and not u._pending and v._pending and other._pending
    xs, ys = np.asarray(x), np.asarray(y)
    np.testing.assert_array_equal(got, xs + ys)
    np.testing.assert_allclose(np.asarray(t), np.sin(xs), rtol=1e-15)
    np.testing.assert_allclose(np.asarray(u), np.arctan2(xs, ys), rtol=1e-15)
    np.testing.assert_allclose(np.asarray(v), np.cos(xs) + np.arange(1000.0) * 3, rtol=1e-15)


def test_fused_results_match_numpy_across_dtypes():
    def fn(xp):
        h = make(xp, (5, 7), "float16")
        i = make(xp, (5, 7), "int8")
        f = make(xp, (7,), "float32")
        return ((h * 3 + 1) * f - i) / 2, (i * i + 1).astype("float16") * h, xp.where(h > 0, i, f) + 1
    check(fn)


def test_generators_and_broadcasting_in_one_chain():
    mtl.random.seed(3)
    a = mtl.random.randn(4, 5) * 2 + mtl.arange(5.0)
    mtl.random.seed(3)
    b = np.asarray(mtl.random.randn(4, 5)) * 2 + np.arange(5.0)
    np.testing.assert_allclose(np.asarray(a), b, rtol=1e-15)


@pytest.mark.skipif(not FUSED, reason="fusion disabled")
def test_chain_assigned_into_a_view_is_one_pass():
    """concatenate, out= and slice assignment store a pending chain straight into the
    destination's memory, strided or not, in one fused pass."""
    x = mtl.arange(1.0, 9.0)
    x._eval()
    before = mtl.eval_stats()
    n = mtl.concatenate([mtl.zeros(1), (x[1:] - x[:-1]) * 2 + mtl.sqrt(x[1:])])
    n._eval()
    d = _delta(before)
    assert d["fused_passes"] == 1 and d["nodes"] <= 2, d  # the pass, and zeros(1) on its own
    xs = np.arange(1.0, 9.0)
    np.testing.assert_allclose(np.asarray(n), np.concatenate([[0.0], (xs[1:] - xs[:-1]) * 2 + np.sqrt(xs[1:])]))

    def fn(xp):
        a = xp.arange(12.0).reshape(3, 4)
        b = xp.zeros((4, 3))
        b[:, 1] = xp.sin(a[1]) * 2 + 1  # a strided destination
        a[1:, :] = a[:-1, :] * 3 - 1  # the chain reads the destination's buffer: no direct store
        c = xp.arange(6.0)
        xp.multiply(xp.exp(c[::2]), 2.0, out=c[1::2])
        return a, b, c
    check(fn)


def test_write_barrier_holds_inside_fused_graphs():
    def fn(xp):
        a = xp.arange(6.0)
        t = a * 2
        u = t + 1
        v = xp.sqrt(u) - a
        a[0] = 100.0  # later write: u and v must see the old a
        return u, v
    check(fn)


@pytest.mark.parametrize("name", ["sum", "prod", "max", "min", "any", "all", "mean"])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32", "uint8", "complex64", "bool"])
@pytest.mark.parametrize("keepdims", [False, True])
def test_whole_array_reductions_of_chains(name, dtype, keepdims):
    if name in ("max", "min") and dtype == "complex64":
        pytest.skip("complex ordering ties: NumPy's pick is an implementation detail")
    def fn(xp):
        a = make(xp, (37, 151), dtype)
        b = make(xp, (151,), dtype, seed=5)
        chain = (a * b + a) if dtype != "bool" else (a | b) & ~a
        return getattr(chain, name)(keepdims=keepdims)
    check(fn, rtol=2e-2 if dtype == "float16" else 1e-5, atol=1e-2 if dtype == "float16" else 1e-6)


@pytest.mark.skipif(not FUSED, reason="fusion disabled")
def test_reduction_reads_the_chain_once_and_the_chain_stays_usable():
    x, y = mtl.random.rand(5000), mtl.random.rand(5000)
    x._eval(), y._eval()
    d2 = (x - y) ** 2
    before = mtl.eval_stats()
    s = d2.sum()
    d = _delta(before)
    assert d["fused_passes"] == 1 and d["nodes"] == 0, d
    assert d2._pending  # never stored; still computable
    np.testing.assert_allclose(float(s), float(np.sum(np.asarray(d2))), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(d2), (np.asarray(x) - np.asarray(y)) ** 2)


@pytest.mark.parametrize("axis", [0, 1, 2, (0, 1), (0, 2), (1, 2), -1])
@pytest.mark.parametrize("name", ["sum", "max", "prod", "any"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "float16"])
@pytest.mark.parametrize("keepdims", [False, True])
def test_axis_reductions_of_chains(axis, name, dtype, keepdims):
    if dtype == "float16" and name in ("sum", "prod"):
        pytest.skip("float16 sums round by summation order (NumPy's pairwise order is its own)")

    def fn(xp):
        a = make(xp, (9, 33, 70), dtype)
        b = make(xp, (33, 1), dtype, seed=5)  # broadcast along the last axis
        chain = a * b - a * 0.5 if dtype.startswith("float") else a * b - a
        if name == "prod":
            chain = chain * 0 + 1.001 if dtype != "int32" else chain % 2 + 1
        return getattr(chain, name)(axis=axis, keepdims=keepdims)
    # float32: NumPy adds pairwise, a GPU thread in order (errors grow with the length)
    tol = {"float16": (2e-2, 1e-1), "float32": (2e-4, 1e-4)}.get(dtype, (1e-9, 1e-9))
    check(fn, rtol=tol[0], atol=tol[1])


def test_axis_reduction_writes_referenced_intermediates_and_keeps_the_chain():
    def fn(xp):
        x = make(xp, (300, 257), "float64")
        y = make(xp, (300, 257), "float64", seed=2)
        t = x * y  # referenced: written by the same pass
        s = (t + 1).sum(axis=0)
        m = (t - y).max(axis=1)
        return s, m, t
    check(fn)


@pytest.mark.skipif(not FUSED, reason="fusion disabled")
def test_axis_reduction_of_a_chain_is_one_fused_pass():
    rng = np.random.default_rng(0)
    hx, hy = rng.random((1000, 300)), rng.random((1000, 300))
    x, y = mtl.array(hx), mtl.array(hy)  # copies: arrays NumPy shares are read eagerly
    for axis in (0, 1):
        with mtl.profile() as p:
            s = (x * y).sum(axis=axis)
            s._eval()
        np.testing.assert_allclose(np.asarray(s), (hx * hy).sum(axis=axis), rtol=1e-12)
        if x.device == "cpu":  # fused over the last axis; over the first, rows accumulate
            assert (p.fused_passes, p.kernels) == ((1, 1) if axis == 1 else (0, 2)), str(p)
        else:  # the chain's pass, plus a pass over partials when outputs are few
            assert p.fused_passes == 1 and p.kernels <= 2, str(p)


@pytest.mark.skipif(not FUSED, reason="fusion disabled")
@pytest.mark.parametrize("terms", [7, 9, 16, 40])
def test_chains_over_many_arrays_run_as_few_passes(terms):
    # More distinct inputs than one pass reads: the chain splits into a few passes (an
    # input too many is computed on its own and read), never an op at a time.
    x = np.random.default_rng(8).random((300, 350))
    a = mtl.asarray(x)
    before = mtl.eval_stats()
    r = sum(float(k) * a[:, k:k + 300] for k in range(terms))
    got = np.asarray(r)
    d = _delta(before)
    np.testing.assert_array_equal(got, sum(float(k) * x[:, k:k + 300] for k in range(terms)))
    assert d["fused_passes"] >= 1 and d["nodes"] <= terms // 6 + 2, d
