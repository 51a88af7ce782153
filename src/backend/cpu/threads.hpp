// Splitting work over the CPU's threads; METALLIC_NUM_THREADS sets how many.
#pragma once

#include <cstdint>

namespace metallic::cpu {

// Below this many elements, work stays on the calling thread.
inline constexpr int64_t kParallelMinElements = 1 << 16;

int num_threads();

// fn(begin, end) over [0, n) in chunks, on several threads when n is large enough
// (weight: elements of work per unit of n).
void parallel_for(int64_t n, int64_t weight, void (*fn)(int64_t, int64_t, void*), void* ctx);

template <class F>
void parallel_for(int64_t n, int64_t weight, F&& f) {
  parallel_for(
      n, weight, [](int64_t b, int64_t e, void* c) { (*static_cast<F*>(c))(b, e); },
      static_cast<void*>(&f));
}

}  // namespace metallic::cpu
