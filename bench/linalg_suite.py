"""Matrix products, metallic beside CuPy and PyTorch on the GPU (or NumPy on the CPU) in one
run: an 8192^3 matmul in float32 and float64 (TFLOP/s), 10,000 products of 32x32 matrices,
solve of a 4096 system and of 10,000 systems of 16 (LU, counted as 2/3 n^3), eigh and svd of a 2048^2 float64 matrix
with vectors (counted as n^3: only the ratios mean anything), a reduced QR of 2^20 x 64
float64 (counted as 2 m n^2), an FFT of 2^26 complex64
(counted as 5 n log2 n), and a 4096^3 product on the CPU beside NumPy.

    python bench/linalg_suite.py [--n 8192] [--repeat 5]
"""

import argparse

import numpy as np

import metallic as mtl
from timing import timeit


def cases(lib, n):
    if lib == "metallic":
        xp, sync = mtl, mtl.synchronize
        run = lambda f: (lambda: f()._eval())  # noqa: E731
    elif lib == "cupy":
        import cupy as xp
        sync = xp.cuda.runtime.deviceSynchronize
        run = lambda f: f  # noqa: E731
    elif lib == "torch":
        import torch
        xp = None
        sync = torch.cuda.synchronize
    out = {}
    for dt in ("float32", "float64"):
        if lib == "torch":
            import torch
            torch.backends.cuda.matmul.allow_tf32 = False
            a = torch.rand(n, n, device="cuda", dtype=getattr(torch, dt))
            s = torch.rand(10_000, 32, 32, device="cuda", dtype=getattr(torch, dt))
            out[f"matmul {n}^3 {dt}"] = (lambda a=a: a @ a, 2 * n ** 3)
            out[f"batched 10000x32^3 {dt}"] = (lambda s=s: s @ s, 2 * 10_000 * 32 ** 3)
            m = torch.rand(4096, 4096, device="cuda", dtype=getattr(torch, dt)) + 4096 * torch.eye(
                4096, device="cuda", dtype=getattr(torch, dt))
            r = torch.rand(4096, 1, device="cuda", dtype=getattr(torch, dt))
            out[f"solve 4096 {dt}"] = (lambda m=m, r=r: torch.linalg.solve(m, r), 2 * 4096 ** 3 / 3)
            sm = torch.rand(10_000, 16, 16, device="cuda", dtype=getattr(torch, dt)) + 16 * torch.eye(
                16, device="cuda", dtype=getattr(torch, dt))
            sr = torch.rand(10_000, 16, 1, device="cuda", dtype=getattr(torch, dt))
            out[f"solve 10000x16^2 {dt}"] = (lambda sm=sm, sr=sr: torch.linalg.solve(sm, sr), 10_000 * 2 * 16 ** 3 / 3)
            if dt == "float64":
                h = torch.rand(2048, 2048, device="cuda", dtype=torch.float64)
                h = h + h.T
                out["eigh 2048 float64"] = (lambda h=h: torch.linalg.eigh(h), 2048 ** 3)
                out["svd 2048 float64"] = (lambda h=h: torch.linalg.svd(h), 2048 ** 3)
                t = torch.rand(1 << 20, 64, device="cuda", dtype=torch.float64)
                out["qr 2^20x64 float64"] = (lambda t=t: torch.linalg.qr(t), 2 * (1 << 20) * 64 ** 2)
            if dt == "float32":
                f = torch.rand(1 << 26, device="cuda", dtype=torch.complex64)
                out["fft 2^26 complex64"] = (lambda f=f: torch.fft.fft(f), 5 * (1 << 26) * 26)
            continue
        a = xp.random.rand(n, n).astype(dt)
        s = xp.random.rand(10_000, 32, 32).astype(dt)
        out[f"matmul {n}^3 {dt}"] = (run(lambda a=a: a @ a), 2 * n ** 3)
        out[f"batched 10000x32^3 {dt}"] = (run(lambda s=s: s @ s), 2 * 10_000 * 32 ** 3)
        m = xp.random.rand(4096, 4096).astype(dt) + 4096 * xp.eye(4096, dtype=dt)
        r = xp.random.rand(4096, 1).astype(dt)
        out[f"solve 4096 {dt}"] = (run(lambda m=m, r=r: xp.linalg.solve(m, r)), 2 * 4096 ** 3 / 3)
        sm = xp.random.rand(10_000, 16, 16).astype(dt) + 16 * xp.eye(16, dtype=dt)
        sr = xp.random.rand(10_000, 16, 1).astype(dt)
        out[f"solve 10000x16^2 {dt}"] = (run(lambda sm=sm, sr=sr: xp.linalg.solve(sm, sr)), 10_000 * 2 * 16 ** 3 / 3)
        if dt == "float64":
            h = xp.random.rand(2048, 2048)
            h = h + h.T
            out["eigh 2048 float64"] = (run(lambda h=h: xp.linalg.eigh(h)[1]), 2048 ** 3)
            out["svd 2048 float64"] = (run(lambda h=h: xp.linalg.svd(h)[0]), 2048 ** 3)
            t = xp.random.rand(1 << 20, 64)
            out["qr 2^20x64 float64"] = (run(lambda t=t: xp.linalg.qr(t)[0]), 2 * (1 << 20) * 64 ** 2)
        if dt == "float32":
            f = xp.random.rand(1 << 26).astype("complex64")
            out["fft 2^26 complex64"] = (run(lambda f=f: xp.fft.fft(f)), 5 * (1 << 26) * 26)
    return out, sync


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=8192)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    gpu = mtl.get_default_device().startswith("cuda")
    libs = ["metallic"]
    if gpu:
        for name in ("cupy", "torch"):
            try:
                __import__(name)
                libs.append(name)
            except Exception:
                pass
    n = args.n if gpu else min(args.n, 4096)
    table = {}
    for lib in libs:
        cs, sync = cases(lib, n)
        table[lib] = {k: flops / timeit(f, sync, args.repeat) / 1e12 for k, (f, flops) in cs.items()}
    if not gpu:
        a = np.random.rand(n, n)
        s = np.random.rand(10_000, 32, 32)
        table["numpy"] = {f"matmul {n}^3 float64": 2 * n ** 3 / timeit(lambda: a @ a, lambda: None, args.repeat) / 1e12,
                          "batched 10000x32^3 float64": 2 * 10_000 * 32 ** 3 / timeit(lambda: s @ s, lambda: None,
                                                                                       args.repeat) / 1e12}
        m = np.random.rand(4096, 4096) + 4096 * np.eye(4096)
        r = np.random.rand(4096, 1)
        table["numpy"]["solve 4096 float64"] = 2 * 4096 ** 3 / 3 / timeit(lambda: np.linalg.solve(m, r),
                                                                            lambda: None, args.repeat) / 1e12
    print(f"device {mtl.get_default_device()}; TFLOP/s, medians of {args.repeat}; TF32 off everywhere")
    print(f"{'case':28}" + "".join(f"{lib:>12}" for lib in table) + "   metallic / best peer")
    for case in table["metallic"]:
        vals = [table[lib].get(case) for lib in table]
        peers = [v for v in vals[1:] if v]
        ratio = f"{vals[0] / max(peers):.2f}x" if peers else ""
        print(f"{case:28}" + "".join(f"{v:12.2f}" if v else f"{'':>12}" for v in vals) + "   " + ratio)


if __name__ == "__main__":
    main()
