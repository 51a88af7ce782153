"""No input crashes: lazy graphs of any shape (repeated inputs, diamonds, deep and wide
chains) evaluate to NumPy's values, fused and unfused; sizes that cannot be addressed raise
NumPy's ValueError before anything is allocated."""

import os
import subprocess
import sys

import numpy as np
import pytest

import metallic as mtl
from harness import check_raises

# Ops that keep values in [-1, 1] whatever the depth: (arity, function of xp and operands).
OPS = [
    (2, lambda xp, a, b: a * b),
    (2, lambda xp, a, b: (a + b) * 0.5),
    (2, lambda xp, a, b: xp.maximum(a, b)),
    (2, lambda xp, a, b: xp.where(a > b, a, -b)),
    (1, lambda xp, a: xp.sin(a)),
    (1, lambda xp, a: -a),
    (1, lambda xp, a: xp.tanh(a * 2.0)),
    (1, lambda xp, a: a * a),
]


def random_graph(xp, seed, steps, leaves=3, n=37):
    """Nodes built from random earlier nodes (recent ones more often: long chains and
    diamonds); some intermediates are kept by the caller, most are dropped."""
    rng = np.random.default_rng(seed)
    base = np.random.default_rng(1000 + seed).uniform(-1, 1, (leaves, n))
    nodes = [xp.asarray(row) for row in base]
    kept = []
    for _ in range(steps):
        arity, fn = OPS[rng.integers(len(OPS))]
        picks = [len(nodes) - 1 - min(int(rng.exponential(3)), len(nodes) - 1) for _ in range(arity)]
        nodes.append(fn(xp, *[nodes[p] for p in picks]))
        if rng.random() < 0.05:
            kept.append(nodes[-1])
        if rng.random() < 0.5 and len(nodes) > 8:  # drop an old reference: only the graph holds it
            nodes[rng.integers(leaves, len(nodes) - 4)] = nodes[-1]
    return [nodes[-1], sum_of(xp, nodes[-3:])] + kept


def sum_of(xp, arrays):
    total = arrays[0]
    for a in arrays[1:]:
        total = total + a
    return total


@pytest.mark.parametrize("steps", [1, 2, 5, 17, 47, 48, 49, 50, 63, 64, 97, 150, 300])
@pytest.mark.parametrize("seed", range(3))
def test_random_graphs(seed, steps):
    want = random_graph(np, seed, steps)
    got = random_graph(mtl, seed, steps)
    for g, w in zip(got, want):
        np.testing.assert_allclose(np.asarray(g), w, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("op", ["mul", "add"])
@pytest.mark.parametrize("steps", [47, 48, 49, 63, 64, 100, 300])
def test_chain_reading_one_array_twice(op, steps):
    x, h = mtl.ones(10) * 0.999, np.ones(10) * 0.999
    for _ in range(steps):
        x, h = (x * x, h * h) if op == "mul" else ((x + x) * 0.5, (h + h) * 0.5)
    np.testing.assert_allclose(np.asarray(x), h, rtol=1e-12)
    assert float(x.sum()) == pytest.approx(float(h.sum()))


def test_random_graphs_unfused():
    """The same graphs with METALLIC_FUSION=0 (read once, at start-up: a new process)."""
    code = ("import sys; sys.path.insert(0, %r); import numpy as np, test_graph_limits as t\n"
            "for seed in range(2):\n"
            "    for steps in (49, 150):\n"
            "        for g, w in zip(t.random_graph(t.mtl, seed, steps), t.random_graph(np, seed, steps)):\n"
            "            np.testing.assert_allclose(np.asarray(g), w, rtol=1e-12, atol=1e-14)\n"
            "print('ok')\n") % os.path.dirname(__file__)
    env = dict(os.environ, METALLIC_FUSION="0")
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr[-2000:]


TOO_BIG = {
    "zeros 2^32 x 2^32": lambda xp: xp.zeros((2**32, 2**32), np.int8),
    "ones 2^62 float64": lambda xp: xp.ones(2**62),
    "empty 2^31 x 2^31 x 4": lambda xp: xp.empty((2**31, 2**31, 4)),
    "full": lambda xp: xp.full((2**40, 2**40), 1.0),
    "arange 2^61": lambda xp: xp.arange(2**61),
    "arange float": lambda xp: xp.arange(0, 1e300, 1.0),
    "linspace": lambda xp: xp.linspace(0, 1, 2**62),
    "random": lambda xp: xp.random.random(2**62),
    "reshape": lambda xp: xp.zeros(1).reshape(2**40, 2**40),
    "broadcast_to": lambda xp: xp.broadcast_to(xp.zeros(1), (2**40, 2**40)),
    "repeat": lambda xp: xp.repeat(xp.zeros(4), 2**62),
    "tile": lambda xp: xp.tile(xp.zeros(4), 2**62),
    "ones_like": lambda xp: xp.zeros_like(xp.zeros(1), shape=(2**32, 2**32)),
}


# NumPy 2.4 itself crashes on these (repeat's count times the length overflows).
NUMPY_CRASHES = {"repeat"}


@pytest.mark.parametrize("case", sorted(TOO_BIG))
def test_sizes_that_cannot_be_addressed_raise(case):
    fn = TOO_BIG[case]
    if case not in NUMPY_CRASHES:
        with pytest.raises((ValueError, MemoryError)):
            fn(np)
    with pytest.raises((ValueError, MemoryError)):
        fn(mtl)


def test_negative_dimensions_and_empty_shapes():
    check_raises(lambda xp: xp.zeros((2, -1)), ValueError)
    check_raises(lambda xp: xp.zeros((0, -1)), ValueError)
    check_raises(lambda xp: xp.empty(-3), ValueError)
    check_raises(lambda xp: xp.zeros((0, 2**62, 2**62), np.int8), ValueError)
    check_raises(lambda xp: xp.zeros((2**62, 2**62, 0), np.int8), ValueError)
    assert mtl.zeros((0, 2**40)).shape == (0, 2**40)
