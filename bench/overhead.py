"""Per-call host overhead on small arrays (1000 float32 elements), metallic beside numpy,
CuPy and PyTorch in one run: recording one lazy elementwise op, and one op forced to the
host (c = a + b; c.get()), medians of many calls in microseconds.

    python bench/overhead.py [--n 1000] [--calls 20000]
"""

import argparse

import numpy as np

import metallic as mtl
from timing import per_call


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--calls", type=int, default=20000)
    args = p.parse_args()
    n, calls = args.n, args.calls
    rows = []
    ha, hb = np.random.rand(n).astype(np.float32), np.random.rand(n).astype(np.float32)
    rows.append(("numpy", "a + b", per_call(lambda: ha + hb, calls)))
    a, b = mtl.asarray(ha), mtl.asarray(hb)
    dev = a.device
    rows.append((f"metallic ({dev})", "record a + b (lazy)", per_call(lambda: a + b, calls)))
    rows.append((f"metallic ({dev})", "c = a + b; c.get()", per_call(lambda: (a + b).get(), calls // 4)))
    # Where the forced call's time goes: the launch and a wait for it, and the copy alone.
    def computed():
        (a + b)._eval()
        mtl.synchronize()

    rows.append((f"metallic ({dev})", "(a + b) computed, synced", per_call(computed, calls // 4)))
    rows.append((f"metallic ({dev})", "(a + b) computed, no wait", per_call(lambda: (a + b)._eval(), calls // 4)))
    rows.append((f"metallic ({dev})", "a.get() (a computed)", per_call(lambda: a.get(), calls // 4)))
    try:
        import cupy as cp
        ca, cb = cp.asarray(ha), cp.asarray(hb)
        rows.append(("cupy", "c = a + b (launch)", per_call(lambda: ca + cb, calls)))
        rows.append(("cupy", "c = a + b; c.get()", per_call(lambda: (ca + cb).get(), calls // 4)))
    except Exception as e:  # noqa: BLE001
        print("cupy:", type(e).__name__, e)
    try:
        import torch
        if torch.cuda.is_available():
            ta, tb = torch.from_numpy(ha).cuda(), torch.from_numpy(hb).cuda()
            rows.append(("torch", "c = a + b (launch)", per_call(lambda: ta + tb, calls)))
            rows.append(("torch", "c = a + b; c.cpu()", per_call(lambda: (ta + tb).cpu(), calls // 4)))
    except Exception as e:  # noqa: BLE001
        print("torch:", type(e).__name__, e)
    print(f"n = {n} float32; microseconds per call, medians of 5 rounds")
    for lib, what, us in rows:
        print(f"{lib:22} {what:24} {us:8.2f} us")


if __name__ == "__main__":
    main()
