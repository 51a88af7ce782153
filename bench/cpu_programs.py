"""Whole programs on the CPU backend beside NumPy in the same run: each is plain NumPy code
run once with `xp = numpy` and once with `xp = metallic` (METALLIC_DEVICE=cpu), on the
same data. Prints the median seconds of each and metallic's speed-up (>1: faster), and
checks that both gave the same answer (to a tolerance).

    METALLIC_DEVICE=cpu python bench/cpu_programs.py [--scale 1.0] [--repeat 3] [--only NAME]

--scale multiplies the problem sizes (1.0: NumPy takes about a second per program on 16
cores' worth of memory bandwidth; use 0.25 on small machines).
"""

import argparse
import os

os.environ.setdefault("METALLIC_DEVICE", "cpu")

import numpy as np  # noqa: E402

import metallic as mtl  # noqa: E402
from timing import timeit  # noqa: E402


def masked_iteration(xp, s):
    """Escape-time iteration on a complex grid, updating only the points still inside."""
    n = int(2048 * s ** 0.5)
    y, x = np.mgrid[-1.5:1.5:n * 1j, -2.0:1.0:n * 1j]
    c = xp.asarray(x + 1j * y)
    z = xp.zeros_like(c)
    count = xp.zeros(c.shape, dtype=np.int32)
    for _ in range(24):
        m = xp.abs(z) <= 2.0
        z[m] = z[m] ** 2 + c[m]
        count += m
    return float(count.sum())


def least_squares(xp, s):
    """Normal equations, lstsq and a ridge solve on a tall design matrix."""
    rng = np.random.default_rng(0)
    m, k = int(2 ** 19 * s), 64
    X = xp.asarray(rng.standard_normal((m, k)))
    beta = xp.asarray(rng.standard_normal(k))
    y = X @ beta + 0.01 * xp.asarray(rng.standard_normal(m))
    G = X.T @ X
    b1 = xp.linalg.solve(G, X.T @ y)
    b2 = xp.linalg.lstsq(X, y, rcond=None)[0]
    b3 = xp.linalg.solve(G + 0.1 * xp.eye(k), X.T @ y)
    return float(xp.abs(b1 - b2).max() + xp.abs(b3).sum())


def fft_filter(xp, s):
    """Low-pass filtering of a batch of signals by FFT."""
    rng = np.random.default_rng(1)
    rows, n = 64, int(2 ** 16 * s)
    t = np.arange(n) / n
    sig = np.sin(2 * np.pi * 50 * t) + 0.5 * rng.standard_normal((rows, n))
    x = xp.asarray(sig)
    f = xp.fft.rfft(x, axis=-1)
    freq = xp.fft.rfftfreq(n, 1.0 / n)
    f = f * (freq < 200)
    y = xp.fft.irfft(f, n, axis=-1)
    return float((y * y).mean())


def mlp_training(xp, s):
    """A few steps of gradient descent on a 784-256-10 perceptron with softmax."""
    rng = np.random.default_rng(2)
    n = int(8192 * s)
    X = xp.asarray(rng.standard_normal((n, 784)).astype(np.float32))
    labels = rng.integers(0, 10, n)
    Y = xp.asarray(np.eye(10, dtype=np.float32)[labels])
    W1 = xp.asarray((rng.standard_normal((784, 256)) * 0.05).astype(np.float32))
    W2 = xp.asarray((rng.standard_normal((256, 10)) * 0.05).astype(np.float32))
    for _ in range(5):
        h = xp.maximum(X @ W1, 0)
        logits = h @ W2
        p = xp.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        g = (p - Y) / n
        gW2 = h.T @ g
        gh = (g @ W2.T) * (h > 0)
        W1 -= 0.1 * (X.T @ gh)
        W2 -= 0.1 * gW2
    return float(W2.sum())


def group_by(xp, s):
    """Per-key sums, counts and means, keys sorted and looked up."""
    rng = np.random.default_rng(3)
    n = int(2 ** 22 * s)
    keys = xp.asarray(rng.integers(0, 50000, n))
    vals = xp.asarray(rng.standard_normal(n))
    uniq, inv = xp.unique(keys, return_inverse=True)
    sums = xp.bincount(inv, weights=vals)
    counts = xp.bincount(inv)
    order = xp.argsort(keys, kind="stable")
    pos = xp.searchsorted(uniq, keys[order][::1000])
    return float((sums / counts).sum()) + float(pos.sum())


def separable_blur(xp, s):
    """A 9-tap Gaussian blur along both axes of an image, by shifted slices."""
    rng = np.random.default_rng(4)
    n = int(3072 * s ** 0.5)
    img = xp.asarray(rng.random((n, n)))
    w = np.exp(-0.5 * (np.arange(-4, 5) / 2.0) ** 2)
    w /= w.sum()
    for _ in range(3):
        p = xp.pad(img, 4, mode="edge")
        rows = sum(float(w[k]) * p[:, k:k + n] for k in range(9))
        img = sum(float(w[k]) * rows[k:k + n, :] for k in range(9))
    return float(img.mean())


PROGRAMS = [masked_iteration, least_squares, fft_filter, mlp_training, group_by, separable_blur]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--only", default=None)
    args = p.parse_args()
    print(f"CPU, {os.cpu_count()} cores, metallic threads {mtl._core.cpu_threads()}, numpy {np.__version__}; "
          f"scale {args.scale}, medians of {args.repeat}")
    print(f"{'program':20}{'numpy s':>10}{'metallic s':>12}{'speed-up':>10}  same answer")
    for prog in PROGRAMS:
        if args.only and prog.__name__ != args.only:
            continue
        a, b = prog(np, args.scale), prog(mtl, args.scale)
        t_np = timeit(lambda: prog(np, args.scale), lambda: None, args.repeat)
        t_m = timeit(lambda: prog(mtl, args.scale), lambda: None, args.repeat)
        same = abs(a - b) <= 1e-6 * max(1.0, abs(a))
        print(f"{prog.__name__:20}{t_np:10.3f}{t_m:12.3f}{t_np / t_m:10.2f}  {'yes' if same else f'NO ({a} vs {b})'}")


if __name__ == "__main__":
    main()
