#!/usr/bin/env bash
# Builds metallic on a GPU machine, runs the test suite on the GPU and the benchmarks.
# Logs go to $OUT (or ./device-logs). Usage (at least one step; all: smoke, test, bench):
#   scripts/device-check.sh [smoke|test|scalars|sanitize|racecheck|probe|probe-jax|probe-solve|probe-overhead|probe-launch|probe-sort-ncu|sort-tiles|sort-hist|suite|bandwidth|fusion|overhead|speed|speed32|speed64|linalg|sort|stats|dask|multigpu|bench|all]...
# dask and multigpu need dask and distributed importable (on a machine without a registry,
# wheels unpacked into a directory on PYTHONPATH: it is kept).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-device-logs}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 METALLIC_CACHE_DIR=${METALLIC_CACHE_DIR:-/tmp/metallic-cache}
PY=${PYTHON:-python3}

build() {
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
  cmake -S . -B build-dev -G Ninja -DCMAKE_BUILD_TYPE=Release -DPython_EXECUTABLE="$(command -v $PY)" \
    > "$OUT/build.log" 2>&1 && ninja -C build-dev >> "$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }
  export PYTHONPATH=$PWD/build-dev/pkg${PYTHONPATH:+:$PYTHONPATH}
  $PY -c "import metallic as m; print('cuda available:', m.cuda.is_available(), m.cuda.unavailable_reason())"
}

smoke() {
  METALLIC_DEVICE=cuda $PY - <<'PYEOF' 2>&1 | tee "$OUT/smoke.log"
import numpy as np, metallic as mtl
mtl.random.seed(0)
x = mtl.random.randn(4); y = mtl.random.randn(4)
print(x.device, x + y, mtl.sin(x), mtl.arctan2(x, y))
a = mtl.arange(12.0).reshape(3, 4)
print(a.sum(), a.sum(axis=0), a.max(axis=1), a.argmax(axis=1), a.cumsum(axis=1), a.std())
b = mtl.random.rand(1 << 20)
print(float(b.sum()), np.asarray(b).sum())
PYEOF
}

tests() {
  local xdist=""
  $PY -c "import xdist" 2>/dev/null && xdist="-n ${XDIST:-8}"
  # TESTS="tests/python/test_a.py ..." runs a subset (default: all).
  METALLIC_DEVICE=cuda timeout ${TEST_TIMEOUT:-480} $PY -m pytest ${TESTS:-tests/python} -q -p no:cacheprovider $xdist --maxfail=500 "$@" \
    2>&1 | tee "$OUT/pytest-cuda.log" | tail -25
  return "${PIPESTATUS[0]}"
}

bench() {
  speed
  suite
  METALLIC_DEVICE=cuda $PY bench/overhead.py 2>&1 | tee "$OUT/overhead.log"
  fusion
  (cd bench && METALLIC_DEVICE=cuda $PY sort_suite.py) 2>&1 | tee "$OUT/sort.log"
}

speed() {
  METALLIC_DEVICE=cuda $PY bench/test_speed.py --repeat 5 --out "$OUT" 2>&1 | tee "$OUT/speed-f64.log"
  METALLIC_DEVICE=cuda $PY bench/test_speed.py --repeat 5 --dtype float32 --out "$OUT" 2>&1 | tee "$OUT/speed-f32.log"
}

suite() {
  METALLIC_DEVICE=cuda $PY bench/device_suite.py ${SUITE_ARGS:-} 2>&1 | tee "$OUT/device-suite.log"
  METALLIC_DEVICE=cuda $PY bench/compile_time.py 2>&1 | tee "$OUT/compile-time.log"
}

fusion() {
  { METALLIC_DEVICE=cuda $PY bench/fusion.py --dtype float32
    METALLIC_DEVICE=cuda $PY bench/fusion.py --dtype float64
    METALLIC_DEVICE=cpu $PY bench/fusion.py --dtype float32
    METALLIC_DEVICE=cpu $PY bench/fusion.py --dtype float64; } 2>&1 | tee "$OUT/fusion.log"
}

if [ $# = 0 ]; then  # no step named: say so rather than spend device time on all of them
  sed -n 3,4p "$0" >&2
  exit 2
fi
build
status=0
for step in "$@"; do
  case $step in
    smoke) smoke ;;
    test) tests || status=1 ;;
    bench) bench ;;
    sanitize)  # memcheck over a representative subset (SANITIZE_TESTS: other test files).
      # API errors are not reported: asking the driver whether a host pointer is pinned
      # (cuPointerGetAttribute) answers CUDA_ERROR_INVALID_VALUE for pageable memory, by design.
      METALLIC_DEVICE=cuda timeout "${SANITIZE_TIMEOUT:-400}" compute-sanitizer --tool memcheck --error-exitcode 3 \
        --report-api-errors no \
        $PY -m pytest -q -p no:cacheprovider -x ${SANITIZE_TESTS:-tests/python/test_cuda.py tests/python/test_fusion.py \
        tests/python/test_profile.py tests/python/test_reductions.py} -k "not random" 2>&1 | tee "$OUT/sanitizer.log" | tail -5
      code=${PIPESTATUS[0]}; echo "compute-sanitizer exit: $code"; [ "$code" = 0 ] || status=1 ;;
    racecheck)  # shared-memory races in the kernels that use it (sorts, scans, reductions)
      METALLIC_DEVICE=cuda timeout "${SANITIZE_TIMEOUT:-400}" compute-sanitizer --tool racecheck --error-exitcode 3 \
        --report-api-errors no \
        $PY -m pytest -q -p no:cacheprovider -x ${RACECHECK_TESTS:-tests/python/test_sorting.py \
        tests/python/test_reductions.py} -k "not random" 2>&1 | tee "$OUT/racecheck.log" | tail -5
      code=${PIPESTATUS[0]}; echo "compute-sanitizer racecheck exit: $code"; [ "$code" = 0 ] || status=1 ;;
    probe) METALLIC_DEVICE=cuda $PY scripts/probe_transfers.py 2>&1 | tee "$OUT/probe-transfers.log" ;;
    probe-overhead) METALLIC_DEVICE=cuda timeout 200 $PY scripts/probe_overhead.py 2>&1 | tee "$OUT/probe-overhead.log" ;;
    probe-launch)  # the driver's floor: a launch by parameter size, with a wait and a 4 KB copy
      nvcc -O2 -std=c++17 -o build-dev/probe_launch scripts/probe_launch.cu -lcuda && \
        timeout 120 build-dev/probe_launch 2>&1 | tee "$OUT/probe-launch.log" ;;
    probe-sort-ncu)  # hardware counters of metallic's and CuPy's sort kernels, 2^28 float32
      METALLIC_DEVICE=cuda timeout 300 ncu --clock-control none -k regex:'mtl_kernel|Onesweep|Histogram' \
        --section SpeedOfLight --section LaunchStats --section Occupancy --section MemoryWorkloadAnalysis \
        --section WarpStateStats --section SchedulerStats $PY scripts/probe_sort_kernels.py > "$OUT/ncu-sort.log" 2>&1
      grep -E "mtl_kernel|Kernel|Duration|Memory Throughput|DRAM Through|Block Size|Grid Size|Registers|Shared Memory Config|Static Shared|Achieved Occ|Theoretical Occ|Warp Cycles Per Issued|Issued Warp|No Eligible|Stall" "$OUT/ncu-sort.log" | head -150 ;;
    sort-tiles)  # the sort of 2^28 float32 at other tile shapes (SORT_TILES: items:threads ...; the
      # override reaches argsort's kernels too, whose tiles hold positions: sort only)
      for t in ${SORT_TILES:-16:384 18:384 20:384 12:512 16:256}; do
        echo "items ${t%%:*} threads ${t##*:}"
        (cd bench && METALLIC_SORT_ITEMS=${t%%:*} METALLIC_SORT_THREADS=${t##*:} METALLIC_DEVICE=cuda \
          $PY sort_suite.py --cases sort --libs metallic) 2>&1 | grep -E "^sort |Error|error"
      done 2>&1 | tee "$OUT/sort-tiles.log" ;;
    sort-hist)  # the 2^28 float32 sort's histogram with each digit counter in 1, 2, 4 or 8 copies
      for c in ${SORT_COPIES:-1 2 4 8}; do
        echo "copies $c"
        (cd bench && METALLIC_SORT_COPIES=$c METALLIC_DEVICE=cuda $PY sort_suite.py --cases sort --libs metallic \
          --profile) 2>&1 | grep -E "^sort |^profile|Error|error"
      done 2>&1 | tee "$OUT/sort-hist.log" ;;
    probe-solve) METALLIC_DEVICE=cuda timeout 120 $PY scripts/probe_small_solve.py 2>&1 | tee "$OUT/probe-solve.log" ;;
    probe-jax) METALLIC_DEVICE=cuda timeout 120 $PY scripts/probe_jax_dlpack.py 2>&1 | grep -v -i warn | tee "$OUT/probe-jax.log" ;;
    fusion) fusion ;;
    overhead) METALLIC_DEVICE=cuda $PY bench/overhead.py 2>&1 | tee "$OUT/overhead.log" ;;
    scalars)  # what NumPy scalar results cost: one reduction read per iteration, both devices
      { METALLIC_DEVICE=cuda $PY bench/scalar_cost.py; METALLIC_DEVICE=cpu $PY bench/scalar_cost.py; } \
        2>&1 | tee "$OUT/scalar-cost.log" ;;
    speed) speed ;;
    speed32) METALLIC_DEVICE=cuda $PY bench/test_speed.py --repeat 5 --dtype float32 --out "$OUT" 2>&1 | tee "$OUT/speed-f32.log" ;;
    speed64) METALLIC_DEVICE=cuda $PY bench/test_speed.py --repeat 5 --out "$OUT" 2>&1 | tee "$OUT/speed-f64.log" ;;
    bandwidth) METALLIC_DEVICE=cuda $PY bench/device_suite.py ${SUITE_ARGS:-} 2>&1 | tee "$OUT/device-suite.log" ;;
    suite) suite ;;
    linalg) (cd bench && METALLIC_DEVICE=cuda $PY linalg_suite.py) 2>&1 | tee "$OUT/linalg.log" ;;
    sort) (cd bench && METALLIC_DEVICE=cuda $PY sort_suite.py ${SORT_ARGS:-}) 2>&1 | tee "$OUT/sort.log" ;;
    stats) (cd bench && METALLIC_DEVICE=cuda $PY stats_suite.py ${STATS_ARGS:-}) 2>&1 | tee "$OUT/stats.log" ;;
    dask)  # the Dask tests with a GPU worker, and the chunked workload beside CuPy chunks
      METALLIC_DEVICE=cuda timeout 300 $PY -m pytest -q -p no:cacheprovider tests/python/test_dask.py 2>&1 \
        | tee "$OUT/pytest-dask.log" | tail -3
      [ "${PIPESTATUS[0]}" = 0 ] || status=1
      METALLIC_DEVICE=cuda timeout 300 $PY bench/dask_workload.py --gpu --workers 1 --libs metallic,cupy \
        --n 2e8 --chunk 2.5e7 --m 8192 2>&1 | grep -v -i warn | tee "$OUT/dask-workload.log" ;;
    multigpu) METALLIC_DEVICE=cuda timeout "${MULTIGPU_TIMEOUT:-480}" $PY bench/dask_multi_gpu.py ${MULTIGPU_ARGS:-} \
        2>&1 | grep -v -i warn | tee "$OUT/dask-multi-gpu.log" ;;
    all) smoke; tests || status=1; bench ;;
  esac
done
exit $status
