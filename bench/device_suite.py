"""Device-resident work on 2^28 float32 elements, metallic beside CuPy and PyTorch in one
run: copy, x + y into out, sum(x), argmax, cumsum, the chain sin(x)*cos(y) + x*y - 2.0,
standard_normal and random draws (written only), and 1 GiB transfers beside a pinned
cudaMemcpy. Prints one
table: medians, GB/s or ms, and metallic's speed over the best peer's (>1: faster).

    METALLIC_DEVICE=cuda python bench/device_suite.py [--log2n 28] [--repeat 10]
"""

import argparse

import numpy as np

import metallic as mtl
from timing import timeit


def cases_metallic(n):
    x = mtl.random.rand(n).astype(mtl.float32)
    y = mtl.random.rand(n).astype(mtl.float32)
    x._eval(), y._eval()  # inputs in memory, as the peers' are
    out = mtl.empty(n, dtype=mtl.float32)
    host = np.ones(n, dtype=np.float32)
    rng = mtl.random.default_rng(0)
    return {
        "copy": lambda: mtl.copyto(out, x),
        "add_out": lambda: mtl.add(x, y, out=out),
        "sum": lambda: mtl.sum(x)._eval(),
        "chain": lambda: (mtl.sin(x) * mtl.cos(y) + x * y - 2.0)._eval(),
        "argmax": lambda: mtl.argmax(x)._eval(),
        "cumsum": lambda: mtl.cumsum(x)._eval(),
        "d2h": lambda: np.asarray(x),
        "d2h_out": lambda: x.get(out=host),
        "h2d": lambda: mtl.asarray(host, device="cuda")._eval(),
        "normal": lambda: rng.standard_normal(n, dtype=mtl.float32)._eval(),
        "uniform": lambda: rng.random(n, dtype=mtl.float32)._eval(),
    }, mtl.synchronize


def cases_cupy(n):
    import cupy as cp
    x = cp.random.rand(n, dtype=cp.float32)
    y = cp.random.rand(n, dtype=cp.float32)
    out = cp.empty(n, dtype=cp.float32)
    host = np.ones(n, dtype=np.float32)
    rng = cp.random.default_rng(0)
    return {
        "copy": lambda: cp.copyto(out, x),
        "add_out": lambda: cp.add(x, y, out=out),
        "sum": lambda: cp.sum(x),
        "chain": lambda: cp.sin(x) * cp.cos(y) + x * y - 2.0,
        "argmax": lambda: cp.argmax(x),
        "cumsum": lambda: cp.cumsum(x),
        "d2h": lambda: cp.asnumpy(x),
        "d2h_out": lambda: x.get(out=host),
        "h2d": lambda: cp.asarray(host),
        "normal": lambda: rng.standard_normal(n, dtype=cp.float32),
        "uniform": lambda: rng.random(n, dtype=cp.float32),
    }, cp.cuda.runtime.deviceSynchronize


def cases_torch(n):
    import torch
    x = torch.rand(n, device="cuda")
    y = torch.rand(n, device="cuda")
    out = torch.empty(n, device="cuda")
    host = torch.empty(n, pin_memory=False)
    host_np = np.ones(n, dtype=np.float32)
    return {
        "copy": lambda: out.copy_(x),
        "add_out": lambda: torch.add(x, y, out=out),
        "sum": lambda: torch.sum(x),
        "chain": lambda: torch.sin(x) * torch.cos(y) + x * y - 2.0,
        "argmax": lambda: torch.argmax(x),
        "cumsum": lambda: torch.cumsum(x, 0),
        "d2h": lambda: x.cpu(),
        "d2h_out": lambda: host.copy_(x),
        "h2d": lambda: torch.from_numpy(host_np).cuda(),
        "normal": lambda: torch.randn(n, device="cuda"),
        "uniform": lambda: torch.rand(n, device="cuda"),
    }, torch.cuda.synchronize


# bytes moved per element, for GB/s
TRAFFIC = {"copy": 8, "add_out": 12, "sum": 4, "argmax": 4, "cumsum": 8, "d2h": 4, "d2h_out": 4, "h2d": 4,
           "normal": 4, "uniform": 4}


def pinned_reference(n, repeat):
    """What a plain cudaMemcpy between pinned host memory and the device reaches here."""
    import cupy as cp
    nbytes = n * 4
    dev = cp.empty(nbytes, cp.uint8)
    host = np.frombuffer(cp.cuda.alloc_pinned_memory(nbytes), np.uint8, nbytes)
    rt, sync = cp.cuda.runtime, cp.cuda.runtime.deviceSynchronize
    d2h = timeit(lambda: rt.memcpy(host.ctypes.data, dev.data.ptr, nbytes, 2), sync, repeat)
    h2d = timeit(lambda: rt.memcpy(dev.data.ptr, host.ctypes.data, nbytes, 1), sync, repeat)
    return nbytes / d2h / 1e9, nbytes / h2d / 1e9


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--log2n", type=int, default=28)
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--cases", default=None, help="comma-separated case names (default: all)")
    args = p.parse_args()
    wanted = set(args.cases.split(",")) if args.cases else None
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
        results[name] = {c: timeit(f, sync, args.repeat) for c, f in cases.items() if not wanted or c in wanted}
        del cases
    names = list(libs)
    print(f"n = 2^{args.log2n} float32; medians of {args.repeat}; GB/s counts bytes read + written")
    print("case      " + "".join(f"{x:>22}" for x in names) + "   best peer / metallic")
    for case in results["metallic"]:
        row = []
        for lib in names:
            t = results[lib].get(case)
            row.append(f"{n * TRAFFIC[case] / t / 1e9:10.0f} GB/s" if case in TRAFFIC else f"{t * 1e3:10.3f} ms")
        peers = [results[lib][case] for lib in names[1:] if case in results[lib]]
        ratio = f"{min(peers) / results['metallic'][case]:.2f}x" if peers else ""
        print(f"{case:10}" + "".join(f"{r:>22}" for r in row) + "   " + ratio)
    print("d2h: the result as a new NumPy array; d2h_out: into an existing pageable one; h2d: from NumPy")
    if "cupy" in libs and "d2h" in results["metallic"] and "h2d" in results["metallic"]:
        d2h, h2d = pinned_reference(n, args.repeat)
        m = results["metallic"]
        print(f"pinned cudaMemcpy: D2H {d2h:.1f} GB/s, H2D {h2d:.1f} GB/s; metallic reaches "
              f"{n * 4 / m['d2h'] / 1e9 / d2h:.0%} (d2h) and {n * 4 / m['h2d'] / 1e9 / h2d:.0%} (h2d) of it")


if __name__ == "__main__":
    main()
