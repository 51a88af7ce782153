"""Device-resident work on 2^28 float32 elements, metallic beside CuPy and PyTorch in one
run (the figures ../shared/anchors.md lists): copy, x + y into out, sum(x), the chain
sin(x)*cos(y) + x*y - 2.0, and 1 GiB transfers. Prints one table: medians, GB/s or ms.

    METALLIC_DEVICE=cuda python bench/device_suite.py [--log2n 28] [--repeat 10]
"""

import argparse
import statistics
import time

import numpy as np

import metallic as mtl


def timeit(fn, sync, repeat):
    fn()
    sync()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        sync()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def cases_metallic(n):
    x = mtl.random.rand(n).astype(mtl.float32)
    y = mtl.random.rand(n).astype(mtl.float32)
    x._eval(), y._eval()  # inputs in memory, as the peers' are
    out = mtl.empty(n, dtype=mtl.float32)
    host = np.empty(n, dtype=np.float32)
    return {
        "copy": lambda: mtl.copyto(out, x),
        "add_out": lambda: mtl.add(x, y, out=out),
        "sum": lambda: mtl.sum(x)._eval(),
        "chain": lambda: (mtl.sin(x) * mtl.cos(y) + x * y - 2.0)._eval(),
        "d2h": lambda: x.get(out=host),
    }, mtl.synchronize


def cases_cupy(n):
    import cupy as cp
    x = cp.random.rand(n, dtype=cp.float32)
    y = cp.random.rand(n, dtype=cp.float32)
    out = cp.empty(n, dtype=cp.float32)
    host = np.empty(n, dtype=np.float32)
    return {
        "copy": lambda: cp.copyto(out, x),
        "add_out": lambda: cp.add(x, y, out=out),
        "sum": lambda: cp.sum(x),
        "chain": lambda: cp.sin(x) * cp.cos(y) + x * y - 2.0,
        "d2h": lambda: x.get(out=host),
    }, cp.cuda.runtime.deviceSynchronize


def cases_torch(n):
    import torch
    x = torch.rand(n, device="cuda")
    y = torch.rand(n, device="cuda")
    out = torch.empty(n, device="cuda")
    host = torch.empty(n, pin_memory=False)
    return {
        "copy": lambda: out.copy_(x),
        "add_out": lambda: torch.add(x, y, out=out),
        "sum": lambda: torch.sum(x),
        "chain": lambda: torch.sin(x) * torch.cos(y) + x * y - 2.0,
        "d2h": lambda: host.copy_(x),
    }, torch.cuda.synchronize


# bytes moved per element, for GB/s
TRAFFIC = {"copy": 8, "add_out": 12, "sum": 4, "d2h": 4}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--log2n", type=int, default=28)
    p.add_argument("--repeat", type=int, default=10)
    args = p.parse_args()
    n = 1 << args.log2n
    libs = {"metallic": cases_metallic}
    try:
        import cupy  # noqa: F401
        libs["cupy"] = cases_cupy
    except Exception:
        pass
    try:
        import torch
        if torch.cuda.is_available():
            libs["torch"] = cases_torch
    except Exception:
        pass
    results = {}
    for name, make in libs.items():
        cases, sync = make(n)
        results[name] = {c: timeit(f, sync, args.repeat) for c, f in cases.items()}
        del cases
    names = list(libs)
    print(f"n = 2^{args.log2n} float32; medians of {args.repeat}; GB/s counts bytes read + written")
    print("case      " + "".join(f"{x:>22}" for x in names) + "   metallic/best-peer")
    for case in results["metallic"]:
        row = []
        for lib in names:
            t = results[lib].get(case)
            row.append(f"{n * TRAFFIC[case] / t / 1e9:10.0f} GB/s" if case in TRAFFIC else f"{t * 1e3:10.3f} ms")
        peers = [results[lib][case] for lib in names[1:] if case in results[lib]]
        ratio = f"{min(peers) / results['metallic'][case]:.2f}x faster" if peers else ""
        print(f"{case:10}" + "".join(f"{r:>22}" for r in row) + "   " + ratio)


if __name__ == "__main__":
    main()
