"""Sorting beside CuPy and PyTorch on the GPU (or NumPy on the CPU), in one run: sort and
argsort of 2^28 float32, sort of 2^28 equal float32 (every key on one histogram counter),
sort of 2^28 small int64 (0..999, and -500..500: two radix passes each, the second counted
from the smallest key), unique of 2^26 float32 (unique_2e28: of the 2^28 float32 sorted),
100,000 rows of 100 sorted along the last axis, 2^20 searchsorted queries into 2^26 sorted float32, and the
positions (flatnonzero) and the elements (x[mask]) of 2^26 float32 where a random mask holds
(half of them).
Prints medians and metallic's speed over the best peer (>1: faster).

    METALLIC_DEVICE=cuda python bench/sort_suite.py [--log2n 28] [--repeat 10] [--profile]
        [--cases sort,argsort] [--libs metallic,cupy]

--profile also prints, for each case, metallic's kernels (name: total ms, launches) from
one more run inside mtl.profile().
"""

import argparse

import numpy as np

import metallic as mtl
from timing import timeit


def data(n):
    rng = np.random.default_rng(0)
    return {"f32": rng.random(n, dtype=np.float32), "equal": np.full(n, 0.5, np.float32),
            "i64": rng.integers(0, 1000, n), "i64pm": rng.integers(-500, 501, n),
            "small": rng.random(n // 4, dtype=np.float32), "rows": rng.random((100_000, 100), dtype=np.float32),
            "sorted": np.sort(rng.random(n // 4, dtype=np.float32)), "queries": rng.random(1 << 20, dtype=np.float32),
            "mask": rng.random(n // 4) < 0.5}


def cases_metallic(d):
    x = {k: mtl.asarray(v) for k, v in d.items()}
    return {
        "sort": lambda: mtl.sort(x["f32"])._eval(),
        "sort_equal": lambda: mtl.sort(x["equal"])._eval(),
        "argsort": lambda: mtl.argsort(x["f32"])._eval(),
        "sort_int64": lambda: mtl.sort(x["i64"])._eval(),
        "sort_int64_pm500": lambda: mtl.sort(x["i64pm"])._eval(),
        "unique": lambda: mtl.unique(x["small"])._eval(),
        "unique_2e28": lambda: mtl.unique(x["f32"])._eval(),
        "rows_100k_x100": lambda: mtl.sort(x["rows"], axis=-1)._eval(),
        "searchsorted": lambda: mtl.searchsorted(x["sorted"], x["queries"])._eval(),
        "flatnonzero": lambda: mtl.flatnonzero(x["mask"])._eval(),
        "mask_index": lambda: x["small"][x["mask"]]._eval(),
    }, mtl.synchronize


def cases_numpy(d):
    return {
        "sort": lambda: np.sort(d["f32"]),
        "sort_equal": lambda: np.sort(d["equal"]),
        "argsort": lambda: np.argsort(d["f32"]),
        "sort_int64": lambda: np.sort(d["i64"]),
        "sort_int64_pm500": lambda: np.sort(d["i64pm"]),
        "unique": lambda: np.unique(d["small"]),
        "unique_2e28": lambda: np.unique(d["f32"]),
        "rows_100k_x100": lambda: np.sort(d["rows"], axis=-1),
        "searchsorted": lambda: np.searchsorted(d["sorted"], d["queries"]),
        "flatnonzero": lambda: np.flatnonzero(d["mask"]),
        "mask_index": lambda: d["small"][d["mask"]],
    }, lambda: None


def cases_cupy(d):
    import cupy as cp
    x = {k: cp.asarray(v) for k, v in d.items()}
    return {
        "sort": lambda: cp.sort(x["f32"]),
        "sort_equal": lambda: cp.sort(x["equal"]),
        "argsort": lambda: cp.argsort(x["f32"]),
        "sort_int64": lambda: cp.sort(x["i64"]),
        "sort_int64_pm500": lambda: cp.sort(x["i64pm"]),
        "unique": lambda: cp.unique(x["small"]),
        "unique_2e28": lambda: cp.unique(x["f32"]),
        "rows_100k_x100": lambda: cp.sort(x["rows"], axis=-1),
        "searchsorted": lambda: cp.searchsorted(x["sorted"], x["queries"]),
        "flatnonzero": lambda: cp.flatnonzero(x["mask"]),
        "mask_index": lambda: x["small"][x["mask"]],
    }, cp.cuda.runtime.deviceSynchronize


def cases_torch(d):
    import torch
    x = {k: torch.from_numpy(v).cuda() for k, v in d.items()}
    return {
        "sort": lambda: torch.sort(x["f32"]),
        "sort_equal": lambda: torch.sort(x["equal"]),
        "argsort": lambda: torch.argsort(x["f32"]),
        "sort_int64": lambda: torch.sort(x["i64"]),
        "sort_int64_pm500": lambda: torch.sort(x["i64pm"]),
        "unique": lambda: torch.unique(x["small"]),
        "unique_2e28": lambda: torch.unique(x["f32"]),
        "rows_100k_x100": lambda: torch.sort(x["rows"], dim=-1),
        "searchsorted": lambda: torch.searchsorted(x["sorted"], x["queries"]),
        "flatnonzero": lambda: torch.flatten(torch.nonzero(x["mask"])),
        "mask_index": lambda: x["small"][x["mask"]],
    }, torch.cuda.synchronize


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--log2n", type=int, default=28)
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--cases", help="comma-separated cases to run (default: all)")
    p.add_argument("--libs", help="comma-separated libraries to run (default: metallic and every peer found)")
    args = p.parse_args()
    wanted = lambda names, arg: [x for x in names if arg is None or x in arg.split(",")]
    d = data(1 << args.log2n)
    libs = {"metallic": cases_metallic}
    if str(mtl.get_default_device()).startswith("cuda"):
        for name, make in (("cupy", cases_cupy), ("torch", cases_torch)):
            try:
                __import__(name)
                libs[name] = make
            except Exception:
                pass
    else:
        libs["numpy"] = cases_numpy
    libs = {name: libs[name] for name in wanted(libs, args.libs)}
    results = {}
    for name, make in libs.items():
        cases, sync = make(d)
        cases = {c: cases[c] for c in wanted(cases, args.cases)}
        results[name] = {c: timeit(f, sync, args.repeat) for c, f in cases.items()}
        if args.profile and name == "metallic":
            for c, f in cases.items():
                with mtl.profile() as prof:
                    f()
                    sync()
                kernels = {}
                for _, kernel, ms in prof.records:
                    total, count = kernels.get(kernel, (0.0, 0))
                    kernels[kernel] = (total + ms, count + 1)
                print(f"profile {c}: " + "; ".join(f"{k} {t:.3f} ms x{n}" for k, (t, n) in kernels.items()))
        del cases
    names = list(libs)
    print(f"device {mtl.get_default_device()}; sort/argsort/sort_equal/sort_int64 n = 2^{args.log2n}; unique, the sorted "
          f"array of searchsorted and the masks 2^{args.log2n - 2}; medians of {args.repeat}, ms")
    print("case            " + "".join(f"{x:>12}" for x in names) + "   best peer / metallic")
    for case, t in results[names[0]].items():
        peers = [results[lib][case] for lib in names[1:]]
        ratio = f"{min(peers) / t:.2f}x" if peers else ""
        print(f"{case:16}" + "".join(f"{results[lib][case] * 1e3:12.3f}" for lib in names) + "   " + ratio)


if __name__ == "__main__":
    main()
