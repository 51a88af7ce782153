"""Where the time of a batched small solve goes (10,000 systems of 16, float32 and float64):
metallic's whole solve beside its factor and its solve alone, the kernels mtl.profile()
sees, and CuPy's and torch's whole solve, medians of synchronised runs on one GPU."""
import os
import sys

import numpy as np

import metallic as mtl
from metallic import _core

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
from timing import timeit  # noqa: E402


def median_us(f, sync, repeat=30):
    return timeit(f, sync, repeat) * 1e6


DEVICE = mtl.get_default_device()
rng = np.random.default_rng(0)
for dt in ("float32", "float64"):
    a_h = (rng.random((10_000, 16, 16)) + 16 * np.eye(16)).astype(dt)
    b_h = rng.random((10_000, 16, 1)).astype(dt)
    a, b = mtl.asarray(a_h, device=DEVICE), mtl.asarray(b_h, device=DEVICE)
    sync = mtl.synchronize
    mtl.linalg.solve(a, b)._eval()  # loads the solver library
    lu, piv, _ = _core.lu_factor(a)
    rows = _core.reshape(mtl.swapaxes(b, -1, -2), (-1, 1, 16), "C")
    rows._eval()
    row = {"solve": median_us(lambda: mtl.linalg.solve(a, b)._eval(), sync),
           "lu_factor": median_us(lambda: _core.lu_factor(a), sync),
           "lu_solve": median_us(lambda: _core.lu_solve(lu, piv, rows)._eval(), sync),
           "copy a": median_us(lambda: _core.copy(a)._eval(), sync)}
    try:
        import cupy as cp
        ca, cb = cp.asarray(a_h), cp.asarray(b_h)
        row["cupy solve"] = median_us(lambda: cp.linalg.solve(ca, cb), cp.cuda.runtime.deviceSynchronize)
    except ImportError:
        pass
    try:
        import torch
        ta, tb = torch.as_tensor(a_h, device=DEVICE), torch.as_tensor(b_h, device=DEVICE)
        row["torch solve"] = median_us(lambda: torch.linalg.solve(ta, tb), torch.cuda.synchronize)
    except ImportError:
        pass
    print(dt, "  ".join(f"{k} {v:.1f} us" for k, v in row.items()))
    with mtl.profile() as prof:
        mtl.linalg.solve(a, b)._eval()
        mtl.synchronize()
    print("  kernels:", "; ".join(f"{kernel} {ms * 1e3:.1f} us" for _, kernel, ms in prof.records))
