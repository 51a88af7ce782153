"""Chunked work on Dask with metallic chunks, beside the same Dask graphs with NumPy or CuPy
chunks: an elementwise chain plus reductions, a blocked matmul and a tall-skinny QR.

    python bench/dask_workload.py [--workers 1,2] [--n 2e7] [--libs metallic,numpy]
    python bench/dask_workload.py --gpu --workers 1 --libs metallic,cupy   # one worker per GPU

Workers are processes of a dask.distributed LocalCluster (with --gpu, one per GPU, each
seeing only its own). Prints one table of medians; results are checked against NumPy.
"""

import argparse
import statistics
import time

import numpy as np


def workload(da, n, chunk, m):
    """The graphs; chunk types follow dask's array backend at construction time."""
    rs = da.random.RandomState(0)
    x = rs.random_sample(n, chunks=chunk)
    y = rs.random_sample(n, chunks=chunk)
    z = da.sin(x) * da.cos(y) + x * y - 2.0
    chain = [z.sum(), z.mean(), z.std(), z.max(), z.argmax(),
             z.reshape(-1, 1000).sum(axis=0), z.reshape(-1, 1000).min(axis=1)]
    a = rs.random_sample((m, m), chunks=(m // 4, m // 4))
    b = rs.random_sample((m, m), chunks=(m // 4, m // 4))
    matmul = [(a @ b).sum(), (a @ b)[::97, ::89]]
    tall = rs.random_sample((n // 100, 50), chunks=(n // 800, 50))
    q, r = da.linalg.qr(tall)
    tsqr = [r, (q[:1000] @ r)]
    return {"chain+reductions": chain, "matmul": matmul, "tsqr": tsqr}


def chunk_types(da, n, chunk):
    rs = da.random.RandomState(0)
    x = rs.random_sample(n, chunks=chunk)
    return set((x * 2 + 1).map_blocks(lambda b: np.array([type(b).__module__.split(".")[0]], dtype=object),
                                      dtype=object, chunks=(1,)).compute())


def cluster(workers, gpu):
    from distributed import LocalCluster

    import metallic as mtl
    if gpu:
        return mtl.local_gpu_cluster(workers)
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                        env={"METALLIC_DEVICE": "cpu", "OMP_NUM_THREADS": "1"})


def run(lib, workers, args):
    import dask
    import dask.array as da
    from distributed import Client

    import metallic as mtl
    mtl._dask.register()  # installed, Dask finds metallic by its entry points; from a source tree, not
    n, chunk, m = int(float(args.n)), int(float(args.chunk)), args.m
    with cluster(workers, args.gpu) as cl, Client(cl), dask.config.set({"array.backend": lib}):
        types = chunk_types(da, n, chunk)
        graphs = workload(da, n, chunk, m)
        times, values = {}, {}
        for name, g in graphs.items():
            samples = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                out = dask.compute(*g)
                samples.append(time.perf_counter() - t)
            times[name] = statistics.median(samples)
            values[name] = [np.asarray(o.get() if hasattr(o, "get") and lib == "cupy" else o) for o in out]
    return types, times, values


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workers", default="1,2")
    p.add_argument("--libs", default="metallic,numpy")
    p.add_argument("--n", default="2e7")
    p.add_argument("--chunk", default="2.5e6")
    p.add_argument("--m", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--gpu", action="store_true")
    args = p.parse_args()
    libs = args.libs.split(",")
    rows, ref = [], {}
    for w in [int(v) for v in args.workers.split(",")]:
        for lib in libs:
            types, times, values = run(lib, w, args)
            rows.append((w, lib, types, times))
            # One library answers the same on any number of workers (its draws differ from
            # other libraries'; tests/python/test_dask.py checks metallic against NumPy).
            for name, vals in values.items():
                for u, v in zip(ref.setdefault((lib, name), vals), vals):
                    np.testing.assert_allclose(u, v, rtol=1e-6, atol=1e-6)
    where = "GPU worker(s)" if args.gpu else "CPU worker process(es)"
    print(f"n = {float(args.n):.3g} (chunks {float(args.chunk):.3g}), matmul {args.m}^2 float64, "
          f"tsqr {int(float(args.n)) // 100}x50; medians of {args.repeat}; {where}")
    names = list(rows[0][3])
    print(f"{'workers':>8} {'chunks':>10} " + "".join(f"{k:>20}" for k in names))
    for w, lib, types, times in rows:
        print(f"{w:>8} {lib:>10} " + "".join(f"{times[k]:19.3f}s" for k in names) + f"   chunk type {','.join(sorted(types))}")


if __name__ == "__main__":
    main()
