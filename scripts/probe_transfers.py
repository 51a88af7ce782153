"""What the host side of this machine allows for 1 GiB host<->device transfers: pinned and
pageable cudaMemcpy (through CuPy), host memcpy bandwidth by thread count, the cost of
registering pageable memory, and metallic's own paths beside them. Medians of --repeat.

    python scripts/probe_transfers.py [--mib 1024] [--repeat 5]
"""

import argparse
import statistics
import threading
import time

import numpy as np


def median_time(fn, repeat):
    fn()
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def threaded_copy(dst, src, nthreads):
    n = dst.size
    bounds = [(n * t // nthreads, n * (t + 1) // nthreads) for t in range(nthreads)]

    def work(b, e):
        np.copyto(dst[b:e], src[b:e])

    ts = [threading.Thread(target=work, args=be) for be in bounds[1:]]
    for t in ts:
        t.start()
    work(*bounds[0])
    for t in ts:
        t.join()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mib", type=int, default=1024)
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()
    nbytes = a.mib << 20
    gbs = lambda t: f"{nbytes / t / 1e9:7.1f} GB/s"
    page_a = np.ones(nbytes, np.uint8)
    page_b = np.ones(nbytes, np.uint8)
    for th in (1, 2, 4, 8, 16):
        print(f"host memcpy pageable, {th:2} threads  {gbs(median_time(lambda: threaded_copy(page_b, page_a, th), a.repeat))}")
    try:
        import cupy as cp
    except Exception as e:  # noqa: BLE001
        print("no cupy:", e)
        return
    dev = cp.empty(nbytes, cp.uint8)
    dev.fill(1)
    mem = cp.cuda.alloc_pinned_memory(nbytes)
    pinned = np.frombuffer(mem, np.uint8, nbytes)
    pinned[:] = 1
    sync = cp.cuda.runtime.deviceSynchronize
    rt = cp.cuda.runtime
    for name, host in (("pinned", pinned), ("pageable", page_a)):
        d2h = median_time(lambda: (rt.memcpy(host.ctypes.data, dev.data.ptr, nbytes, 2), sync()), a.repeat)
        h2d = median_time(lambda: (rt.memcpy(dev.data.ptr, host.ctypes.data, nbytes, 1), sync()), a.repeat)
        print(f"cudaMemcpy {name:8} D2H {gbs(d2h)}   H2D {gbs(h2d)}")
    for th in (1, 4, 8, 16):
        print(f"host memcpy pinned->pageable, {th:2} threads {gbs(median_time(lambda: threaded_copy(page_b, pinned, th), a.repeat))}")
    fresh = np.ones(nbytes, np.uint8)
    t0 = time.perf_counter()
    rt.hostRegister(fresh.ctypes.data, nbytes, 0)
    t1 = time.perf_counter()
    rt.hostUnregister(fresh.ctypes.data)
    t2 = time.perf_counter()
    print(f"hostRegister 1 buffer: {1e3 * (t1 - t0):.1f} ms, unregister {1e3 * (t2 - t1):.1f} ms")
    del dev
    try:
        import metallic as mtl
        x = mtl.ones(nbytes, dtype=mtl.uint8, device="cuda")
        x._eval()
        print(f"metallic np.asarray(x)       D2H {gbs(median_time(lambda: np.asarray(x), a.repeat))}")
        print(f"metallic x.get(out=pageable) D2H {gbs(median_time(lambda: x.get(out=page_b), a.repeat))}")
        print(f"metallic x.get(out=pinned)   D2H {gbs(median_time(lambda: x.get(out=pinned), a.repeat))}")
        up = lambda h: (mtl.asarray(h, device="cuda")._eval(), mtl.synchronize())
        print(f"metallic asarray(pageable)   H2D {gbs(median_time(lambda: up(page_a), a.repeat))}")
        print(f"metallic asarray(pinned)     H2D {gbs(median_time(lambda: up(pinned), a.repeat))}")
    except Exception as e:  # noqa: BLE001
        print("metallic:", type(e).__name__, e)


if __name__ == "__main__":
    main()
