// Splitting work over the CPU's threads; METALLIC_NUM_THREADS sets how many.
#pragma once

#include <cstdint>
#include <utility>

namespace metallic::cpu {

// Below this many elements, work stays on the calling thread.
inline constexpr int64_t kParallelMinElements = 1 << 16;

// Threads work is split over (the calling one included): max_threads() (METALLIC_NUM_THREADS,
// else the hardware's) unless set_num_threads lowered it (clamped to [1, max_threads()]).
int num_threads();
int max_threads();
void set_num_threads(int n);

// Chunk c of [0, n) cut into parts chunks.
inline std::pair<int64_t, int64_t> chunk_bounds(int64_t n, int64_t c, int parts) {
  return {n * c / parts, n * (c + 1) / parts};
}

// fn(begin, end) over [0, n) in chunks, on several threads when n is large enough
// (weight: elements of work per unit of n).
void parallel_for(int64_t n, int64_t weight, void (*fn)(int64_t, int64_t, void*), void* ctx);

template <class F>
void parallel_for(int64_t n, int64_t weight, F&& f) {
  parallel_for(
      n, weight, [](int64_t b, int64_t e, void* c) { (*static_cast<F*>(c))(b, e); },
      static_cast<void*>(&f));
}

// Elements a thread takes at least when one long row is cut into chunks (sorts, selection).
inline constexpr int64_t kChunkMin = 1 << 16;

// fn(c) for each chunk c in [0, chunks), on several threads when there are several.
template <class F>
void each_chunk(int chunks, F&& fn) {
  parallel_for(chunks, kParallelMinElements, [&](int64_t b, int64_t e) {
    for (int64_t c = b; c < e; ++c) fn(static_cast<int>(c));
  });
}

// Threads for each of `rows` rows of `len` elements: 1 where the rows are spread over the
// threads as tasks (many rows, or short ones), else all of them, each row cut into chunks.
inline int threads_per_row(int64_t rows, int64_t len) {
  const int threads = num_threads();
  return rows >= threads || len < kChunkMin ? 1 : threads;
}

}  // namespace metallic::cpu
