"""First use of a new kernel: cold (NVRTC compile) and warm (from the disk cache), each in
a fresh process, as the user meets them. Prints milliseconds.

    METALLIC_DEVICE=cuda python bench/compile_time.py
"""

import os
import subprocess
import sys
import tempfile

CHILD = r"""
import time, metallic as mtl
x = mtl.arange(1000.0); y = mtl.arange(1000.0)
(x + y)._eval(); mtl.synchronize()            # backend start-up, outside the timing
t0 = time.perf_counter()
(mtl.hypot(x, y) * 3.0)._eval(); mtl.synchronize()   # kernels not used above
print((time.perf_counter() - t0) * 1e3)
"""


def run(cache_dir):
    env = dict(os.environ, METALLIC_CACHE_DIR=cache_dir)
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main():
    with tempfile.TemporaryDirectory() as d:
        cold = run(d)
        warm = run(d)
    print(f"first use of two new kernels: cold (NVRTC) {cold:.1f} ms, warm (disk cache) {warm:.2f} ms")


if __name__ == "__main__":
    main()
