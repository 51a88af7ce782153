"""The one timing rule of the benchmarks: a warm-up call, then the median of `repeat`
timed calls, each followed by the library's device synchronisation."""

import statistics
import time


def timeit(fn, sync, repeat):
    fn()
    sync()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        sync()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
