#!/usr/bin/env bash
# Builds the C++ tests and the example with AddressSanitizer and UndefinedBehaviorSanitizer
# and runs them. Usage: scripts/sanitize-cpp.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build-asan}
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMETALLIC_BUILD_PYTHON=OFF \
  -DMETALLIC_BUILD_TESTS=ON -DMETALLIC_BUILD_EXAMPLES=ON -DMETALLIC_CUDA=OFF \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" > /dev/null
cmake --build "$dir"
# Matrix products need a CBLAS: the one the Python package would find, where it is installed.
export METALLIC_BLAS_LIBRARY=${METALLIC_BLAS_LIBRARY:-$(python3 -c "import scipy_openblas32 as s, os; \
print(os.path.join(s.get_lib_dir(), 'lib' + s.get_library() + '.so'))" 2>/dev/null || true)}
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir "$dir" --output-on-failure
ASAN_OPTIONS=detect_leaks=1 "$dir/seed_workload"
