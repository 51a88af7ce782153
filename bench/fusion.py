"""Fusion without decorators: the chain sin(x)*cos(y) + x*y - 2.0 and the reduction
((x - y) ** 2).sum(), written plainly in metallic, beside CuPy (eager and cupy.fuse),
PyTorch (eager) and JAX (jax.jit) in one run, with the memory-traffic floor measured on the
same card; the "mtl quiet" row runs metallic's two cases under np.errstate(all='ignore')
(no floating-point checks), so the difference is what the error state costs. On the CPU (METALLIC_DEVICE=cpu, or no GPU) the same chain against numpy.

    python bench/fusion.py [--log2n 28] [--repeat 10] [--dtype float32]
"""

import argparse
import os

os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")  # JAX beside the others

import numpy as np

import metallic as mtl
from timing import timeit


def quiet(f):
    """f with every floating-point check off (np.errstate(all='ignore')): the kernels then
    record no error flags, so the row beside the default one shows what the checks cost."""
    def run():
        with np.errstate(all="ignore"):
            return f()
    return run


def gpu_cases(n, dtype):
    """Per library: (chain, reduction, sum of one array, copy of one array, sync)."""
    libs = {}
    x = mtl.random.rand(n).astype(dtype)
    y = mtl.random.rand(n).astype(dtype)
    out = mtl.empty(n, dtype=dtype)
    mtl.eval(x, y)
    libs["metallic"] = (lambda: (mtl.sin(x) * mtl.cos(y) + x * y - 2.0)._eval(),
                        lambda: float(((x - y) ** 2).sum()),
                        lambda: mtl.sum(x)._eval(), lambda: mtl.copyto(out, x), mtl.synchronize)
    libs["mtl quiet"] = (quiet(libs["metallic"][0]), quiet(libs["metallic"][1]), None, None, mtl.synchronize)
    try:
        import cupy as cp
        cx = cp.random.rand(n, dtype=dtype)
        cy = cp.random.rand(n, dtype=dtype)
        cout = cp.empty(n, dtype=dtype)
        def chain(a, b):  # cupy.fuse names its kernel after the function: no lambdas
            return cp.sin(a) * cp.cos(b) + a * b - 2.0

        def sq_diff_sum(a, b):
            return cp.sum((a - b) ** 2)

        fchain, fred = cp.fuse(chain), cp.fuse(sq_diff_sum)
        sync = cp.cuda.runtime.deviceSynchronize
        libs["cupy"] = (lambda: cp.sin(cx) * cp.cos(cy) + cx * cy - 2.0, lambda: float(((cx - cy) ** 2).sum()),
                        lambda: cp.sum(cx), lambda: cp.copyto(cout, cx), sync)
        libs["cupy.fuse"] = (lambda: fchain(cx, cy), lambda: float(fred(cx, cy)), None, None, sync)
    except Exception as e:  # noqa: BLE001
        print("cupy:", type(e).__name__, e)
    try:
        import torch
        tdt = getattr(torch, np.dtype(dtype).name)
        tx = torch.rand(n, device="cuda", dtype=tdt)
        ty = torch.rand(n, device="cuda", dtype=tdt)
        tout = torch.empty(n, device="cuda", dtype=tdt)
        libs["torch"] = (lambda: torch.sin(tx) * torch.cos(ty) + tx * ty - 2.0, lambda: float(((tx - ty) ** 2).sum()),
                         lambda: torch.sum(tx), lambda: tout.copy_(tx), torch.cuda.synchronize)
    except Exception as e:  # noqa: BLE001
        print("torch:", type(e).__name__, e)
    try:
        import jax
        import jax.numpy as jnp
        if np.dtype(dtype) == np.float64:
            jax.config.update("jax_enable_x64", True)
        jx = jax.random.uniform(jax.random.PRNGKey(0), (n,), dtype=dtype)
        jy = jax.random.uniform(jax.random.PRNGKey(1), (n,), dtype=dtype)
        jchain = jax.jit(lambda a, b: jnp.sin(a) * jnp.cos(b) + a * b - 2.0)
        jred = jax.jit(lambda a, b: jnp.sum((a - b) ** 2))
        libs["jax.jit"] = (lambda: jchain(jx, jy).block_until_ready(), lambda: float(jred(jx, jy)),
                           None, None, lambda: None)
    except Exception as e:  # noqa: BLE001
        print("jax:", type(e).__name__, e)
    return libs


def gpu(args):
    n, dtype = 1 << args.log2n, np.dtype(args.dtype)
    libs = gpu_cases(n, dtype)
    res = {}
    for name, (chain, red, s, cp_, sync) in libs.items():
        res[name] = {"chain": timeit(chain, sync, args.repeat), "reduce": timeit(red, sync, args.repeat)}
        if s:
            res[name]["sum"] = timeit(s, sync, args.repeat)
            res[name]["copy"] = timeit(cp_, sync, args.repeat)
    isz = dtype.itemsize
    copy_bw = max(2 * n * isz / r["copy"] for r in res.values() if "copy" in r)
    read_bw = max(n * isz / r["sum"] for r in res.values() if "sum" in r)
    chain_floor = 3 * n * isz / copy_bw  # read x and y, write the result
    read_floor = 2 * n * isz / read_bw   # read x and y once
    print(f"n = 2^{args.log2n} {dtype.name}; medians of {args.repeat}; best copy {copy_bw / 1e9:.0f} GB/s, "
          f"best read {read_bw / 1e9:.0f} GB/s")
    print(f"{'library':12}{'chain ms':>12}{'x floor':>10}{'reduce ms':>12}{'x one read':>12}")
    for name, r in res.items():
        print(f"{name:12}{r['chain'] * 1e3:12.3f}{r['chain'] / chain_floor:10.2f}"
              f"{r['reduce'] * 1e3:12.3f}{r['reduce'] / read_floor:12.2f}")
    print(f"{'floor':12}{chain_floor * 1e3:12.3f}{1:10.2f}{read_floor * 1e3:12.3f}{1:12.2f}")


def cpu(args):
    n, dtype = 1 << args.log2n, np.dtype(args.dtype)
    rng = np.random.default_rng(0)
    hx, hy = rng.random(n).astype(dtype), rng.random(n).astype(dtype)
    x, y = mtl.asarray(hx), mtl.asarray(hy)
    t_m = timeit(lambda: (mtl.sin(x) * mtl.cos(y) + x * y - 2.0)._eval(), lambda: None, args.repeat)
    t_n = timeit(lambda: np.sin(hx) * np.cos(hy) + hx * hy - 2.0, lambda: None, args.repeat)
    r_m = timeit(lambda: float(((x - y) ** 2).sum()), lambda: None, args.repeat)
    r_n = timeit(lambda: float(((hx - hy) ** 2).sum()), lambda: None, args.repeat)
    t_q = timeit(quiet(lambda: (mtl.sin(x) * mtl.cos(y) + x * y - 2.0)._eval()), lambda: None, args.repeat)
    print(f"CPU, {os.cpu_count()} cores, n = 2^{args.log2n} {dtype.name}; medians of {args.repeat}")
    print(f"chain   metallic {t_m * 1e3:9.2f} ms   numpy {t_n * 1e3:9.2f} ms   {t_n / t_m:5.1f}x faster")
    print(f"reduce  metallic {r_m * 1e3:9.2f} ms   numpy {r_n * 1e3:9.2f} ms   {r_n / r_m:5.1f}x faster")
    print(f"chain with errstate(all='ignore') {t_q * 1e3:9.2f} ms: the checks cost {t_m / t_q - 1:+.1%}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--log2n", type=int, default=None)
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--dtype", default="float32")
    args = p.parse_args()
    on_gpu = mtl.get_default_device().startswith("cuda")
    if args.log2n is None:
        args.log2n = 28 if on_gpu else 24
    gpu(args) if on_gpu else cpu(args)


if __name__ == "__main__":
    main()
