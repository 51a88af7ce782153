"""metallic on Dask across the GPUs of one host, beside the same Dask graphs with CuPy
chunks on the same GPUs, in one run: one worker process per GPU (each sees only its own).

Work: the original project's workload chunked (x = randn(n), y = randn(n); x + y, sin(x),
arctan2(x, y), each reduced to its sum so results stay on the workers) at 10^9 and 10^10
float64 elements (strong scaling) and at 5*10^9 per GPU (weak scaling); a blocked matmul of
32768^2 float32 (its sum); a full reduction of 10^10 float64 draws.

    python bench/dask_multi_gpu.py [--gpus 1,2] [--libs metallic,cupy] [--quick]

Prints a table (time, speedup over one GPU, parallel efficiency) and writes
bench/results/dask-multi-gpu.json.
"""

import argparse
import json
import os
import statistics
import time

import dask
import dask.array as da
from distributed import Client

import metallic as mtl


def seed_workload(n, chunk):
    # x and y drawn as the two rows of one array: chunk i of x and of y are made by one task
    # on one worker, so x + y and arctan2(x, y) never move chunks between GPUs (drawn
    # separately, Dask places them on different workers and ships 800 MB chunks over TCP).
    xy = da.random.RandomState(0).standard_normal((2, n), chunks=(2, chunk))
    x, y = xy[0], xy[1]
    return [(x + y).sum(), da.sin(x).sum(), da.arctan2(x, y).sum()]


def matmul(m, block):
    rs = da.random.RandomState(1)
    a = rs.random_sample((m, m), chunks=block).astype("float32")
    b = rs.random_sample((m, m), chunks=block).astype("float32")
    return [(a @ b).sum()]


def reduction(n, chunk):
    return [da.random.RandomState(2).random_sample(n, chunks=chunk).sum()]


def cases(args):
    n9, n10, chunk = int(1e9 / args.scale), int(1e10 / args.scale), int(args.chunk)
    m = 32768 // (4 if args.scale > 1 else 1)
    return {
        "seed 1e9 (strong)": lambda g: seed_workload(n9, chunk),
        "seed 1e10 (strong)": lambda g: seed_workload(n10, chunk),
        "seed 5e9/GPU (weak)": lambda g: seed_workload(int(5e9 / args.scale) * g, chunk),
        f"matmul {m}^2 f32": lambda g: matmul(m, m // 4),
        "sum 1e10": lambda g: reduction(n10, chunk),
    }


def selected(args):
    chosen = cases(args)
    if args.cases:
        chosen = {k: v for k, v in chosen.items() if any(c in k for c in args.cases.split(","))}
    return chosen


def run(lib, gpus, args):
    out = {}
    with mtl.local_gpu_cluster(gpus) as cluster, Client(cluster) as client, \
            dask.config.set({"array.backend": lib}):
        client.wait_for_workers(gpus)
        for name, make in selected(args).items():
            samples = []
            for r in range(args.repeat + 1):  # the first run warms up (compiles, pools)
                graph = make(gpus)
                t = time.perf_counter()
                dask.compute(*graph)
                if r:
                    samples.append(time.perf_counter() - t)
            out[name] = statistics.median(samples)
            print(f"  {lib} on {gpus} GPU(s): {name}: {out[name]:.3f} s", flush=True)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--gpus", default=None, help="GPU counts, e.g. 1,2 (default: 1 .. all)")
    p.add_argument("--libs", default="metallic,cupy")
    p.add_argument("--chunk", type=float, default=1e8)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--quick", action="store_true", help="sizes / 10 (and matmul 8192^2), for a smoke test")
    p.add_argument("--cases", default=None, help="comma-separated substrings of the case names to run")
    args = p.parse_args()
    args.scale = 10 if args.quick else 1
    if args.quick:
        args.chunk = min(args.chunk, 2.5e7)
    mtl._dask.register()  # installed, Dask finds metallic by its entry points; from a source tree, not
    total = mtl.cuda.device_count()
    counts = [int(g) for g in args.gpus.split(",")] if args.gpus else list(range(1, total + 1))
    results = {lib: {g: run(lib, g, args) for g in counts} for lib in args.libs.split(",")}
    names = list(next(iter(next(iter(results.values())).values())))
    print(f"\n{total} GPU(s) here; medians of {args.repeat}; speedup and efficiency against 1 GPU "
          f"of the same library (weak scaling: efficiency = t1 / tN)")
    print(f"{'case':22} {'lib':>9} " + "".join(f"{f'{g} GPU':>10}" for g in counts) + "   speedup  efficiency")
    for name in names:
        for lib, per in results.items():
            t = [per[g][name] for g in counts]
            weak = "weak" in name
            speed = t[0] / t[-1] * (counts[-1] if weak else 1)
            eff = t[0] / t[-1] if weak else t[0] / (t[-1] * counts[-1] / counts[0])
            print(f"{name:22} {lib:>9} " + "".join(f"{v:9.3f}s" for v in t) + f"   {speed:6.2f}x  {eff:9.0%}")
    for peer in [lib for lib in results if lib != "metallic"]:
        print(f"{peer} time / metallic time at {counts} GPUs (>1: metallic faster): " + "; ".join(
            f"{name}: " + ", ".join(f"{results[peer][g][name] / results['metallic'][g][name]:.2f}" for g in counts)
            for name in names))
    os.makedirs(os.path.join(os.path.dirname(__file__), "results"), exist_ok=True)
    with open(os.path.join(os.path.dirname(__file__), "results", "dask-multi-gpu.json"), "w") as f:
        json.dump({"gpus": counts, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
