#include "threads.hpp"

#include <algorithm>
#include <cstdlib>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace metallic::cpu {

int num_threads() {
  static const int n = [] {
    int hw = 1;
#ifdef _OPENMP
    hw = omp_get_max_threads();
#endif
    if (const char* env = std::getenv("METALLIC_NUM_THREADS"); env && *env) {
      const int want = std::atoi(env);
      if (want > 0) hw = want;
    }
    return std::max(hw, 1);
  }();
  return n;
}

void parallel_for(int64_t n, int64_t weight, void (*fn)(int64_t, int64_t, void*), void* ctx) {
  const int threads = num_threads();
  if (n <= 0) return;
  if (threads == 1 || n * weight < kParallelMinElements || n == 1) {
    fn(0, n, ctx);
    return;
  }
  const int64_t chunks = std::min<int64_t>(n, threads);
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(static)
#endif
  for (int64_t c = 0; c < chunks; ++c) {
    const int64_t b = n * c / chunks, e = n * (c + 1) / chunks;
    if (b < e) fn(b, e, ctx);
  }
}

}  // namespace metallic::cpu
