"""Where one small forced call's time goes, metallic beside CuPy and PyTorch in one process:
the host's cost of launching a + b (1000 float32) without waiting, a wait on an idle
stream, the launch and its wait, the copy of a computed array to the host, and the whole
c = a + b; c.get(). The libraries take turns round by round, so clock drift hits all
alike. Microseconds per call, medians of the rounds.

    python scripts/probe_overhead.py [--n 1000] [--calls 4000] [--rounds 7]
"""

import argparse
import statistics
import time

import numpy as np

import metallic as mtl


def per_call(fn, calls):
    t0 = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - t0) / calls * 1e6


def cases(n):
    ha, hb = np.random.rand(n).astype(np.float32), np.random.rand(n).astype(np.float32)
    out = {}
    a, b = mtl.asarray(ha), mtl.asarray(hb)
    a._eval(), b._eval()
    out["metallic"] = {
        "launch": lambda: (a + b)._eval(),
        "sync (idle)": mtl.synchronize,
        "launch + sync": lambda: ((a + b)._eval(), mtl.synchronize()),
        "get (computed)": lambda: a.get(),
        "a + b; get": lambda: (a + b).get(),
    }
    try:
        import cupy as cp
        ca, cb = cp.asarray(ha), cp.asarray(hb)
        sync = cp.cuda.get_current_stream().synchronize
        out["cupy"] = {
            "launch": lambda: ca + cb,
            "sync (idle)": sync,
            "launch + sync": lambda: (ca + cb, sync()),
            "get (computed)": lambda: ca.get(),
            "a + b; get": lambda: (ca + cb).get(),
        }
    except Exception as e:  # noqa: BLE001
        print("cupy:", type(e).__name__, e)
    try:
        import torch
        ta, tb = torch.from_numpy(ha).cuda(), torch.from_numpy(hb).cuda()
        out["torch"] = {
            "launch": lambda: ta + tb,
            "sync (idle)": torch.cuda.synchronize,
            "launch + sync": lambda: (ta + tb, torch.cuda.synchronize()),
            "get (computed)": lambda: ta.cpu(),
            "a + b; get": lambda: (ta + tb).cpu(),
        }
    except Exception as e:  # noqa: BLE001
        print("torch:", type(e).__name__, e)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--calls", type=int, default=4000)
    p.add_argument("--rounds", type=int, default=7)
    args = p.parse_args()
    libs = cases(args.n)
    times = {lib: {c: [] for c in cs} for lib, cs in libs.items()}
    for lib, cs in libs.items():  # warm-up
        for fn in cs.values():
            per_call(fn, 100)
    for _ in range(args.rounds):
        for case in next(iter(libs.values())):
            for lib, cs in libs.items():
                times[lib][case].append(per_call(cs[case], args.calls))
    names = list(libs)
    print(f"n = {args.n} float32; microseconds per call, medians of {args.rounds} rounds taken in turns")
    print("case              " + "".join(f"{x:>10}" for x in names))
    for case in next(iter(libs.values())):
        print(f"{case:18}" + "".join(f"{statistics.median(times[lib][case]):10.2f}" for lib in names))


if __name__ == "__main__":
    main()
