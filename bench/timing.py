"""The one timing rule of the benchmarks: a warm-up call, then the median of `repeat`
timed calls, each followed by the library's device synchronisation."""

import statistics
import time


def per_call(fn, calls, sync=lambda: None, rounds=5):
    """Microseconds per call of fn: a warm-up call, then the median over `rounds` of
    `calls` calls in a row, the device synchronised at the end of each round."""
    fn()
    sync()
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        sync()
        out.append((time.perf_counter() - t0) / calls * 1e6)
    return statistics.median(out)


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
