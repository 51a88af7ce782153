"""One sort of 2^28 float32 (uniform, as bench/sort_suite.py's) by metallic and one by CuPy,
for a profiler to read their kernels side by side (scripts/device-check.sh probe-sort-ncu):

    ncu --clock-control none -k regex:'mtl_kernel|Onesweep|Histogram' python scripts/probe_sort_kernels.py
"""

import sys

import numpy as np

import metallic as mtl

n = 1 << (int(sys.argv[1]) if len(sys.argv) > 1 else 28)
h = np.random.default_rng(0).random(n, dtype=np.float32)
x = mtl.asarray(h)
mtl.synchronize()
mtl.sort(x)._eval()
mtl.synchronize()
try:
    import cupy as cp
except ImportError:
    sys.exit(0)
c = cp.asarray(h)
cp.sort(c)
cp.cuda.Device().synchronize()
