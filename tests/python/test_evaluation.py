"""Evaluation: fused and unfused results are identical; use from several threads."""

import os
import subprocess
import sys
import threading

import numpy as np
import pytest

from harness import check, make
import metallic as mtl

CHAINS = """
import numpy as np, metallic as mtl
rng = np.random.default_rng(0)
a = mtl.asarray(rng.standard_normal((37, 41)).astype(np.float32))
b = mtl.asarray(rng.standard_normal((41,)))
i = mtl.asarray(rng.integers(-50, 50, (37, 41)).astype(np.int16))
out = {
    "arith": (a + b) * a - b / (a * a + 1),
    "trig": mtl.sin(a) ** 2 + mtl.cos(b) * mtl.exp(-a * a),
    "ints": (i * 3 + 7) // 5 - (i % 4) + (i << 2),
    "where": mtl.where(a > 0, mtl.sqrt(mtl.abs(a)), -a + i),
    "reduce": ((a * b + 1) ** 2).sum(axis=0),
    "mixed": (a.T[::2] * 2.5 + i.T[::2]).astype(np.float64).mean(axis=1),
}
t = a * 2
u = t + 1
t[0] = 100
out["barrier"] = u
np.savez(OUT, **{k: np.asarray(v) for k, v in out.items()})
"""


def _run_chains(path, fusion):
    env = dict(os.environ, METALLIC_FUSION=fusion)
    code = CHAINS.replace("OUT", repr(str(path)))
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=300)
    with np.load(path) as f:
        return {k: f[k] for k in f.files}


def test_fusion_on_and_off_give_identical_results(tmp_path):
    fused = _run_chains(tmp_path / "fused.npz", "1")
    eager = _run_chains(tmp_path / "eager.npz", "0")
    assert fused.keys() == eager.keys()
    for k in fused:
        assert fused[k].dtype == eager[k].dtype, k
        if k in ("reduce", "mixed"):  # a fused GPU reduction adds in another order
            np.testing.assert_allclose(fused[k], eager[k], rtol=1e-13, err_msg=k)
        else:
            np.testing.assert_array_equal(fused[k], eager[k], err_msg=k)


def test_unfused_matches_numpy(tmp_path):
    eager = _run_chains(tmp_path / "eager.npz", "0")
    rng = np.random.default_rng(0)
    a = rng.standard_normal((37, 41)).astype(np.float32)
    b = rng.standard_normal((41,))
    t = a * 2
    u = t + 1
    np.testing.assert_allclose(eager["barrier"], u, rtol=1e-6)
    np.testing.assert_allclose(eager["arith"], (a + b) * a - b / (a * a + 1), rtol=1e-12)


def test_threads():
    """The same work from several Python threads gives the single-thread answers."""
    inputs = [make(np, (200, 300), "float64", seed=s) for s in range(8)]
    expected = [np.tanh(x * 2 + 1).sum(axis=1) for x in inputs]
    results = [None] * len(inputs)
    errors = []

    def work(k):
        try:
            for _ in range(5):
                x = mtl.asarray(inputs[k])
                results[k] = np.asarray(mtl.tanh(x * 2 + 1).sum(axis=1))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(inputs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    for r, e in zip(results, expected):
        np.testing.assert_allclose(r, e, rtol=1e-10)


@pytest.mark.parametrize("n", [1, 2, 3, 64, 1000, 4096, 4097, 65537])
def test_sizes_around_block_boundaries(n):
    check(lambda xp: xp.sqrt(xp.abs(make(xp, (n,), "float32"))) + make(xp, (n,), "float32", seed=2))
    check(lambda xp: make(xp, (n,), "float64").sum(), rtol=1e-10, atol=1e-10)
    check(lambda xp: make(xp, (n,), "int64").cumsum())
