// Sorting on the GPU (kernels: codegen_sort.cpp). Rows up to kShortRow elements: one
// launch, blocks sorting whole rows in shared memory. Longer rows: radix passes over the
// whole array, the key's digits and then (several rows) the row number's, as
// sort_passes chooses from the histogram of every key digit, read back first.
#include <algorithm>
#include <string>
#include <vector>

#include "backend/cuda/codegen.hpp"
#include "backend/cuda/cuda_backend.hpp"
#include "backend/cuda/cuda_check.hpp"
#include "backend/cuda/kernel_args.hpp"
#include "backend/scratch.hpp"
#include "backend/sort_plan.hpp"

namespace metallic::cuda {
namespace {

constexpr long long kShortRow = 2048;  // elements a block sorts at once in shared memory

long long pow2_at_least(long long n) {
  long long p = 1;
  while (p < n) p *= 2;
  return p;
}

}  // namespace

void CudaBackend::search(const SearchCall& c) {
  if (c.m == 0) return;
  make_current();
  SortArgs a{};
  a.keys_in = c.sorted;
  a.queries = c.queries;
  a.pos_out = reinterpret_cast<long long*>(c.out);
  a.kind = static_cast<int>(c.kind);
  a.n = c.n;
  a.rows = c.m;
  a.right = c.right ? 1 : 0;
  KernelKey k('o');
  k << static_cast<long long>(SortKernel::search) << static_cast<long long>(c.itemsize) << 0LL;
  CUfunction fn = kernels_->get(k.bytes, [&] { return sort_source(SortKernel::search, c.itemsize, false); });
  launch(fn, &a, c.m, 256, [] { return std::string("searchsorted"); });
}

void CudaBackend::sort(const SortCall& c) {
  if (c.rows == 0 || c.len == 0) return;
  make_current();
  // Counts in the passes' 32-bit look-back words reach n: 30 bits of them, below 2^30.
  const bool wide = c.rows * c.len >= (1LL << 30);
  auto kernel = [&](SortKernel which, bool pos) {
    KernelKey k('o');
    k << static_cast<long long>(which) << static_cast<long long>(c.itemsize) << (pos ? 1LL : 0LL) << (wide ? 1LL : 0LL)
      << static_cast<long long>(sort_tile_items(c.itemsize, pos))
      << static_cast<long long>(sort_tile_threads(c.itemsize))
      << static_cast<long long>(sort_histogram_copies(c.itemsize));
    return kernels_->get(k.bytes, [&] { return sort_source(which, c.itemsize, pos, wide); });
  };
  auto name = [](const char* what) { return [what] { return std::string("sort ") + what; }; };
  SortArgs a{};
  a.keys_in = c.src;
  a.kind = static_cast<int>(c.kind);
  a.len = c.len;
  a.rows = c.rows;
  a.n = c.rows * c.len;
  if (c.len <= kShortRow) {
    a.keys_out = c.values;
    a.pos_out = reinterpret_cast<long long*>(c.index);
    a.width = pow2_at_least(c.len);
    a.rows_per_block = std::min(kShortRow / a.width, pow2_at_least(c.rows));
    const long long per_block = a.rows_per_block * a.width;
    const unsigned shared = static_cast<unsigned>((per_block * c.itemsize + 7) / 8 * 8 + per_block * 4);
    const int threads = static_cast<int>(std::clamp<long long>(per_block / 2, 32, 1024));
    launch_blocks(kernel(SortKernel::rows, false), &a, (c.rows + a.rows_per_block - 1) / a.rows_per_block, threads,
                  name("rows"), shared);
    return;
  }
  Scratch scratch(*this);

  // Every key digit's histogram, digits counted from a.lo, then the smallest and largest key.
  const size_t digits = c.itemsize * 8 / kSortDigitBits, slots = digits * kSortRadix;
  a.digit_counts = scratch.get<unsigned long long>((slots + 2) * sizeof(unsigned long long));
  std::vector<uint64_t> counts(slots + 2);
  auto histogram = [&] {
    enqueue(name("histogram"), [&] {
      const auto at = reinterpret_cast<CUdeviceptr>(a.digit_counts);
      MTL_CU(cuMemsetD32Async(at, 0, slots * 2, stream_));
      MTL_CU(cuMemsetD32Async(at + slots * 8, 0xffffffffu, 2, stream_));
      MTL_CU(cuMemsetD32Async(at + slots * 8 + 8, 0, 2, stream_));
    });
    // As many blocks as fit on the GPU at once (each loops over the array).
    CUfunction fn = kernel(SortKernel::histogram, false);
    int per_sm = 0;
    MTL_CU(cuOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, fn, 256, 0));
    launch_blocks(fn, &a, std::clamp<long long>(a.n / (256 * 16), 1, static_cast<long long>(sm_count_) * std::max(per_sm, 1)),
                  256, name("histogram"));
    copy_to_host(counts.data(), a.digit_counts, counts.size() * sizeof(uint64_t));
  };
  histogram();
  std::vector<SortPass> passes = sort_passes(counts.data(), c.itemsize, a.n, c.rows);
  // Keys in a narrow range can still differ in every digit (small integers of both signs:
  // their keys straddle the sign bit); counted from the smallest key they take fewer
  // passes, worth a second histogram read when that saves one.
  const uint64_t lo = counts[slots], hi = counts[slots + 1];
  if (sort_passes(lo, hi, c.itemsize, c.rows).size() < passes.size()) {
    a.lo = lo;
    histogram();
    passes = sort_passes(counts.data(), c.itemsize, a.n, c.rows);
  }
  if (passes.empty()) passes.push_back({false, 0});  // nothing moves: one pass still writes the outputs
  std::vector<long long> starts;
  for (const SortPass& p : passes) {
    const std::vector<int64_t> s = sort_pass_starts(p, counts.data(), c.rows, c.len);
    starts.insert(starts.end(), s.begin(), s.end());
  }
  auto* starts_at = scratch.get<long long>(starts.size() * sizeof(long long));
  copy_from_host(starts_at, starts.data(), starts.size() * sizeof(long long));

  const bool pos = c.index != nullptr || c.rows > 1;  // row digits come from the positions
  const int threads = sort_tile_threads(c.itemsize);
  const long long tile = static_cast<long long>(threads) * sort_tile_items(c.itemsize, pos);
  const long long tiles = (a.n + tile - 1) / tile;
  const size_t status_bytes = (static_cast<size_t>(tiles) * kSortRadix + 1) * (wide ? 8 : 4);  // and the tile counter
  a.status = scratch.get<char>(status_bytes);
  const size_t key_bytes = static_cast<size_t>(a.n) * c.itemsize, pos_bytes = static_cast<size_t>(a.n) * 8;
  // Pass t writes buffer t % 2, the last one the outputs (or nothing, for unwanted ones).
  char* keys[2] = {nullptr, nullptr};
  long long* places[2] = {nullptr, nullptr};
  for (size_t t = 0; t + 1 < passes.size() && t < 2; ++t) {
    keys[t] = scratch.get<char>(key_bytes);
    if (pos) places[t] = scratch.get<long long>(pos_bytes);
  }
  CUfunction pass_fn = kernel(SortKernel::onesweep, pos);
  for (size_t t = 0; t < passes.size(); ++t) {
    const bool last = t + 1 == passes.size();
    a.row_pass = passes[t].row ? 1 : 0;
    a.shift = passes[t].shift;
    a.final_pass = last && c.rows > 1 ? 1 : 0;
    a.keys_out = last ? c.values : keys[t % 2];
    a.pos_out = last ? reinterpret_cast<long long*>(c.index) : places[t % 2];
    a.starts = starts_at + t * kSortRadix;
    enqueue(name("pass"), [&] {
      MTL_CU(cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(a.status), 0, status_bytes / 4, stream_));
    });
    launch_blocks(pass_fn, &a, tiles, threads, name("pass"));
    a.keys_in = keys[t % 2];
    a.pos_in = places[t % 2];
  }
}

}  // namespace metallic::cuda
