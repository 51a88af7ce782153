"""Statistics, histograms, sets and convolution beside NumPy (and CuPy on the GPU), in one
run: medians of timed calls, ms, and metallic's speed over the best peer (>1: faster).
Data: 2^22 float64 in [0, 1) (and int64 in [0, 1000)), a 2000 x 2000 float64 matrix,
1000 sorted bin edges, a kernel of 101 taps.

    METALLIC_DEVICE=cpu python bench/stats_suite.py [--log2n 22] [--repeat 5] [--cases median,convolve]
"""

import argparse

import numpy as np

import metallic as mtl
from timing import timeit


def data(n):
    rng = np.random.default_rng(0)
    return {"a": rng.random(n), "b": rng.random(n), "i": rng.integers(0, 1000, n), "m": rng.random((2000, 2000)),
            "edges": np.sort(rng.random(1000)), "fp": rng.random(1000), "taps": rng.random(101)}


def cases(xp, d):
    """The same calls for any NumPy-like module xp, on d's arrays moved to it."""
    a, b, i, m, edges, fp, taps = (d[k] for k in ("a", "b", "i", "m", "edges", "fp", "taps"))
    n = a.shape[0]
    return {
        "median": lambda: xp.median(a),
        "percentile": lambda: xp.percentile(a, xp.asarray([5.0, 50.0, 95.0])),
        "median_axis1": lambda: xp.median(m, axis=1),
        "nanmedian": lambda: xp.nanmedian(a),
        "partition": lambda: xp.partition(a, n // 2),
        "histogram": lambda: xp.histogram(a, bins=100),
        "histogram_auto": lambda: xp.histogram(a, bins="auto"),
        "histogram2d": lambda: xp.histogram2d(a, b, bins=50),
        "bincount": lambda: xp.bincount(i),
        "digitize": lambda: xp.digitize(a, edges),
        "searchsorted": lambda: xp.searchsorted(edges, a),
        "interp": lambda: xp.interp(a, edges, fp),
        "diff": lambda: xp.diff(a),
        "gradient": lambda: xp.gradient(a),
        "cov": lambda: xp.cov(m),
        "corrcoef": lambda: xp.corrcoef(m),
        "convolve": lambda: xp.convolve(a, taps),
        "isin": lambda: xp.isin(i, xp.arange(0, 1000, 7)),
        "unique_counts": lambda: xp.unique(i, return_counts=True),
        "lexsort": lambda: xp.lexsort(xp.stack([i, a])),
        "nansum": lambda: xp.nansum(a),
        "nanstd": lambda: xp.nanstd(a),
        "nanargmax": lambda: xp.nanargmax(a),
        "nancumsum": lambda: xp.nancumsum(a),
        "allclose": lambda: xp.allclose(a, b),
        "average_weights": lambda: xp.average(a, weights=b),
        "trapezoid": lambda: xp.trapezoid(a) if hasattr(xp, "trapezoid") else xp.trapz(a),
    }


def forced(fn):
    """fn with metallic's lazy results evaluated (tuples too)."""
    def run():
        r = fn()
        for x in r if isinstance(r, tuple) else (r,):
            if hasattr(x, "_eval"):
                x._eval()
    return run


def timed(fn, sync, repeat):
    """ms, the median of repeat calls; NaN where the library lacks the call (CuPy's histogram
    takes no string bin rule, say)."""
    try:
        return timeit(forced(fn), sync, repeat) * 1e3
    except (NotImplementedError, TypeError, ValueError):
        return float("nan")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--log2n", type=int, default=22)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--cases", help="comma-separated cases to run (default: all)")
    args = p.parse_args()
    d = data(1 << args.log2n)
    libs = {"metallic": (mtl, lambda x: mtl.asarray(x), mtl.synchronize), "numpy": (np, lambda x: x, lambda: None)}
    if str(mtl.get_default_device()).startswith("cuda"):
        try:
            import cupy as cp
            libs["cupy"] = (cp, cp.asarray, cp.cuda.Device().synchronize)
        except ImportError:
            pass
    results = {}
    for name, (xp, move, sync) in libs.items():
        calls = cases(xp, {k: move(v) for k, v in d.items()})
        wanted = args.cases.split(",") if args.cases else list(calls)
        results[name] = {c: timed(calls[c], sync, args.repeat) for c in wanted}
    names = list(libs)
    print(f"device {mtl.get_default_device()}; n = 2^{args.log2n}; medians of {args.repeat}, ms")
    print(f"{'case':18s}" + "".join(f"{k:>12s}" for k in names) + "   best peer / metallic")
    for c in results["metallic"]:
        row = [results[k][c] for k in names]
        print(f"{c:18s}" + "".join(f"{t:12.3f}" for t in row) + f"   {np.nanmin(row[1:]) / row[0]:.2f}x")


if __name__ == "__main__":
    main()
