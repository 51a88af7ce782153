#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, AddressSanitizer and UndefinedBehaviorSanitizer
# (CPU backend; the library instrumented for coverage) and runs each for SECONDS (default
# 60), keeping its corpus in the build directory between runs. Any mismatch with the
# reference or sanitizer report stops it and leaves the input as crash-* here.
# Usage: scripts/fuzz.sh [seconds] [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
dir=${2:-build-fuzz}
flags="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DMETALLIC_BUILD_PYTHON=OFF -DMETALLIC_CUDA=OFF -DMETALLIC_BUILD_FUZZ=ON \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" > /dev/null
cmake --build "$dir" --target fuzz_views
corpus="$dir/corpus-views"
mkdir -p "$corpus"
ASAN_OPTIONS=detect_leaks=1 "$dir/fuzz_views" -max_total_time="$seconds" -print_final_stats=1 "$corpus"
