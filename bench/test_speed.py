"""The original project's speed comparison: metallic against numpy (and CuPy, PyTorch,
JAX when installed) on the seed workload.

Per repetition: x = randn(n); y = randn(n); then x + y, sin(x), arctan2(x, y), and all
three results brought to host memory as NumPy arrays (as printing them would).

    python bench/test_speed.py [--max-exp 8] [--repeat 3] [--dtype float64]

Prints the original's format and writes bench/results/speed-<device>.json (and a PNG
plot when matplotlib is installed; --replot JSON draws it again from a saved result).
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

import numpy as np

import metallic as mtl


def run_numpy(n, dtype):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(n, dtype=dtype)
    y = rng.standard_normal(n, dtype=dtype)
    return [x + y, np.sin(x), np.arctan2(x, y)]


def run_metallic(n, dtype):
    x = mtl.random.randn(n)
    y = mtl.random.randn(n)
    if dtype != np.float64:
        x, y = x.astype(dtype), y.astype(dtype)
    return [np.asarray(r) for r in (x + y, mtl.sin(x), mtl.arctan2(x, y))]


def peers():
    """Other libraries' versions of the workload, when they are installed."""
    out = {}
    try:
        import cupy as cp

        def run_cupy(n, dtype):
            x = cp.random.standard_normal(n, dtype=dtype)
            y = cp.random.standard_normal(n, dtype=dtype)
            return [cp.asnumpy(r) for r in (x + y, cp.sin(x), cp.arctan2(x, y))]

        out["cupy"] = run_cupy
    except Exception:
        pass
    try:
        import torch

        dev = "cuda" if torch.cuda.is_available() else "cpu"

        def run_torch(n, dtype):
            td = torch.float64 if dtype == np.float64 else torch.float32
            x = torch.randn(n, dtype=td, device=dev)
            y = torch.randn(n, dtype=td, device=dev)
            return [r.cpu().numpy() for r in (x + y, torch.sin(x), torch.atan2(x, y))]

        out["torch"] = run_torch
    except Exception:
        pass
    try:
        import jax
        import jax.numpy as jnp

        def run_jax(n, dtype):
            if dtype == np.float64 and not jax.config.jax_enable_x64:
                return None
            kx, ky = jax.random.split(jax.random.PRNGKey(0))
            x = jax.random.normal(kx, (n,), dtype=dtype)
            y = jax.random.normal(ky, (n,), dtype=dtype)
            return [np.asarray(r) for r in (x + y, jnp.sin(x), jnp.arctan2(x, y))]

        out["jax"] = run_jax
    except Exception:
        pass
    return out


def median_time(fn, n, dtype, repeat):
    # One untimed run at full size first: kernel caches, imports, and the first touch of
    # fresh memory (slow on virtual machines) are not what this compares.
    if fn(n, dtype) is None:
        return None
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(n, dtype)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def plot(record, path):
    """Time against size, log-log, one line per library (needs matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, series in record["seconds"].items():
        if series:
            ks = sorted(series, key=int)
            ax.loglog([10 ** int(k) for k in ks], [series[k] for k in ks], marker="o", label=name)
    ax.set_xlabel("array size")
    ax.set_ylabel("seconds (median)")
    ax.set_title(f"seed workload, {record['dtype']}, {record['device']}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--min-exp", type=int, default=4)
    p.add_argument("--max-exp", type=int, default=8)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results"))
    p.add_argument("--replot", metavar="JSON", help="only draw the plot of a saved result, beside it")
    args = p.parse_args(argv)
    if args.replot:
        with open(args.replot) as f:
            plot(json.load(f), args.replot.replace(".json", ".png"))
        return
    dtype = np.dtype(args.dtype).type
    libs = {"metallic": run_metallic, "numpy": run_numpy, **peers()}
    device = "cuda" if mtl.cuda.is_available() else "cpu"
    results = {name: {} for name in libs}
    for k in range(args.min_exp, args.max_exp + 1):
        n = 10**k
        # 10^8 once; below 10^6 (a fraction of a millisecond, noisy) at least 25 runs.
        repeat = 1 if k >= 8 else max(1, args.repeat) if k >= 6 else max(25, args.repeat)
        print(f"Array size: 10 ** {k}")
        for name, fn in libs.items():
            t = median_time(fn, n, dtype, repeat)
            if t is None:
                continue
            results[name][k] = t
            print(f"{name}: {t:.6f} s")
        sys.stdout.flush()
    os.makedirs(args.out, exist_ok=True)
    record = {
        "workload": "randn x2, x+y, sin(x), arctan2(x,y), results to host",
        "dtype": args.dtype,
        "device": device,
        "machine": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "numpy": np.__version__,
        "metallic": mtl.__version__,
        "seconds": results,
    }
    path = os.path.join(args.out, f"speed-{device}-{args.dtype}.json")
    with open(path, "w") as f:
        json.dump(record, f, indent=1)
    plot(record, path.replace(".json", ".png"))


if __name__ == "__main__":
    main()
