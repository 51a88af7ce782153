"""What NumPy scalar results cost: a loop that takes one reduction per iteration (s =
x.sum(), then s used as a number), per iteration in microseconds, medians of 5 rounds.
metallic in its default mode (x.sum() is a numpy.float64: one device-to-host read each) and
in the array mode (METALLIC_SCALARS=array: a 0-d device array, read only by float(s)),
beside numpy and, on a GPU, CuPy and PyTorch (whose sums are 0-d device arrays) in one run.

    python bench/scalar_cost.py [--calls 2000]
"""

import argparse

import numpy as np

import metallic as mtl
from timing import per_call as per_iteration


def peers():
    found = []
    try:
        import cupy
        if cupy.cuda.runtime.getDeviceCount():
            found.append(("cupy", cupy.asarray, cupy.cuda.Device().synchronize))
    except Exception:
        pass
    try:
        import torch
        if torch.cuda.is_available():
            found.append(("torch", lambda h: torch.as_tensor(h, device="cuda"), torch.cuda.synchronize))
    except Exception:
        pass
    return found


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--calls", type=int, default=2000)
    args = p.parse_args()
    device = mtl.asarray([0.0]).device
    print(f"metallic on {device}; per iteration, us (median of 5 rounds)")
    print(f"{'n':>10}  {'library / mode':34} {'s = x.sum()':>12} {'float(x.sum())':>15}")
    for n in (1000, 10_000_000):
        calls = args.calls if n < 10**6 else max(args.calls // 20, 20)
        h = np.random.default_rng(0).random(n)
        rows = [("numpy", per_iteration(lambda: h.sum(), calls), per_iteration(lambda: float(h.sum()), calls))]
        x = mtl.asarray(h)
        sync = mtl.synchronize
        for mode in ("numpy", "array"):
            mtl.set_scalar_mode(mode)
            rows.append((f"metallic, scalar mode '{mode}'", per_iteration(lambda: x.sum(), calls, sync),
                         per_iteration(lambda: float(x.sum()), calls, sync)))
        mtl.set_scalar_mode("numpy")
        for name, put, peer_sync in peers():
            d = put(h)
            rows.append((name, per_iteration(lambda: d.sum(), calls, peer_sync),
                         per_iteration(lambda: float(d.sum()), calls, peer_sync)))
        for name, lazy, read in rows:
            print(f"{n:>10}  {name:34} {lazy:12.2f} {read:15.2f}")


if __name__ == "__main__":
    main()
