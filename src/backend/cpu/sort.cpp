// Sorting on the CPU: short rows by a stable comparison sort on the shared keys (many
// rows of keys up to 32 bits: by a sorting network, several rows at once), longer
// ones by radix passes over the digits sort_passes keeps (counted from the smallest key),
// or by vqsort where that would take three passes or more (sort_vq.hpp); integers of a
// narrow range, with no positions wanted, are counted and written out as runs.
// Many rows spread over the threads one row each; a few long rows are each cut into
// chunks that make each pass together. A run that fits the cache takes every pass there;
// a longer one first takes a pass on its most significant digit and its buckets are then
// sorted each on its own (RadixSorter::sort).
#include <algorithm>
#include <cstring>
#include <numeric>
#include <vector>

#include "backend/cpu/cpu_backend.hpp"
#include "backend/cpu/simd_clones.hpp"
#include "backend/cpu/sort_kind.hpp"
#include "backend/cpu/sort_network.hpp"
#include "backend/cpu/sort_vq.hpp"
#include "backend/cpu/threads.hpp"
#include "backend/scratch.hpp"
#include "backend/sort_plan.hpp"

namespace metallic::cpu {
namespace {

constexpr int64_t kComparisonSortMax = 256;  // rows up to this long: a comparison sort
constexpr int64_t kInCache = 1 << 16;        // elements whose passes all run in the cache
constexpr uint64_t kCountingRange = 1 << 16; // integers of a narrower range: a counting sort

// The smallest and largest key of keys[0, n), n > 0: loops for the one kind, which
// vectorise (keys made block by block, then compared: GCC leaves a float key's selects
// inside a minimum scalar).
template <SortKind K, class U>
MTL_SIMD_CLONES std::pair<U, U> key_range_of(const U* keys, int64_t n) {
  constexpr int64_t kBlock = 512;
  U block[kBlock];
  U lo = static_cast<U>(~U(0)), hi = 0;
  for (int64_t b = 0; b < n; b += kBlock) {
    const int64_t m = std::min(kBlock, n - b);
    for (int64_t i = 0; i < m; ++i) block[i] = sort_key(keys[b + i], K);
    for (int64_t i = 0; i < m; ++i) {
      lo = std::min(lo, block[i]);
      hi = std::max(hi, block[i]);
    }
  }
  return {lo, hi};
}

template <class U>
std::pair<U, U> key_range(const U* keys, int64_t n, SortKind kind) {
  return with_sort_kind(kind, [&]<SortKind K>() { return key_range_of<K>(keys, n); });
}

template <class U>
struct RadixSorter {
  SortKind kind;
  int chunks;  // threads to use on one row (1: this row is one task among many)

  // Sorts src[0, n) into keys[0, n) (src may be keys), with pos alongside when not null;
  // tk/tp: scratch of n. Runs that fit the cache take every pass there. Longer ones take
  // one pass on their most significant digit, which cuts them into buckets that are then
  // sorted each on its own (by the same rule, counting from the bucket's own smallest
  // key): small buckets side by side on the threads, large ones one after another with
  // every thread.
  void sort(const U* src, U* keys, int64_t* pos, int64_t n, U* tk, int64_t* tp) const {
    // The keys copied for the sorts that work in place (vqsort and counting read src).
    auto copy_in = [&] {
      if (src != keys) std::memcpy(keys, src, static_cast<size_t>(n) * sizeof(U));
    };
    if (n <= kComparisonSortMax) {
      copy_in();
      return comparison_sort(keys, pos, n, tk, tp);
    }
    const int parts = static_cast<int>(std::clamp<int64_t>(n / kChunkMin, 1, chunks));
    // The keys' range, chunk by chunk, then combined.
    std::vector<std::pair<U, U>> range(static_cast<size_t>(parts));
    each_chunk(parts, [&](int c) {
      const auto [b, e] = chunk_bounds(n, c, parts);
      range[c] = key_range(src + b, e - b, kind);
    });
    U lo = range[0].first, hi = range[0].second;
    for (const auto& [l, h] : range) lo = std::min(lo, l), hi = std::max(hi, h);
    if (counting_sort(src, keys, pos, n, lo, hi, parts)) return;
    const std::vector<SortPass> passes = sort_passes(lo, hi, sizeof(U), 1);
    // Three or more passes on few threads: vqsort, where it is built in. On the 2-core
    // development machine a radix pass cost about 7.6 ns an element per thread and vqsort
    // about 4.7 ns an element (2^24 float32: 254 ms against 79).
    if (passes.size() >= 3 && parts <= static_cast<int>(passes.size()) &&
        vq_sort(src, keys, pos, n, kind, tk, tp, parts))
      return;
    copy_in();
    if (passes.size() <= 2 || n <= kInCache) {  // two passes cost less than a pass, buckets and copies
      U *src = keys, *dst = tk;
      int64_t *psrc = pos, *pdst = tp;
      for (const SortPass& p : passes) {
        pass(src, psrc, dst, pdst, n, p.shift, lo, parts);
        std::swap(src, dst);
        std::swap(psrc, pdst);
      }
      if (src != keys) {
        std::memcpy(keys, src, static_cast<size_t>(n) * sizeof(U));
        if (pos) std::memcpy(pos, psrc, static_cast<size_t>(n) * sizeof(int64_t));
      }
      return;
    }
    const std::vector<int64_t> start = pass(keys, pos, tk, tp, n, passes.back().shift, lo, parts);
    // Each bucket is sorted where the pass left it, with its span of keys as scratch, and
    // copied back.
    const RadixSorter alone{kind, 1};
    auto bucket = [&](const RadixSorter& sorter, int d) {
      const int64_t b = start[d], m = start[d + 1] - b;
      if (m == 0) return;
      sorter.sort(tk + b, tk + b, tp ? tp + b : nullptr, m, keys + b, pos ? pos + b : nullptr);
      std::memcpy(keys + b, tk + b, static_cast<size_t>(m) * sizeof(U));
      if (pos) std::memcpy(pos + b, tp + b, static_cast<size_t>(m) * sizeof(int64_t));
    };
    std::vector<int> small;
    for (int d = 0; d < kSortRadix; ++d) {
      if (start[d + 1] - start[d] > kInCache)
        bucket(*this, d);
      else
        small.push_back(d);
    }
    parallel_for(static_cast<int64_t>(small.size()), n / kSortRadix + 1, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) bucket(alone, small[static_cast<size_t>(i)]);
    });
  }

  // One stable pass over the digit at shift (of the keys' distance from lo): src to dst, in
  // parts chunks on the threads. Every chunk counts its digits, the counts become each
  // chunk's place in each bucket (bucket by bucket, chunk by chunk, so the order stays
  // stable), then every chunk scatters its elements. Returns where each bucket starts (and
  // n after the last).
  std::vector<int64_t> pass(const U* src, const int64_t* psrc, U* dst, int64_t* pdst, int64_t n, int shift, U lo,
                            int parts) const {
    std::vector<int64_t> place(static_cast<size_t>(parts) * kSortRadix, 0);
    each_chunk(parts, [&](int c) {
      int64_t* count = place.data() + static_cast<size_t>(c) * kSortRadix;
      const auto [b, e] = chunk_bounds(n, c, parts);
      for (int64_t i = b; i < e; ++i) ++count[sort_digit(src[i], kind, shift, lo)];
    });
    std::vector<int64_t> start(kSortRadix + 1);
    int64_t at = 0;
    for (int d = 0; d < kSortRadix; ++d) {
      start[d] = at;
      for (int c = 0; c < parts; ++c) {
        int64_t& slot = place[static_cast<size_t>(c) * kSortRadix + d];
        const int64_t count = slot;
        slot = at;
        at += count;
      }
    }
    start[kSortRadix] = at;
    each_chunk(parts, [&](int c) {
      int64_t* next = place.data() + static_cast<size_t>(c) * kSortRadix;
      const auto [b, e] = chunk_bounds(n, c, parts);
      for (int64_t i = b; i < e; ++i) {
        const int64_t to = next[sort_digit(src[i], kind, shift, lo)]++;
        dst[to] = src[i];
        if (psrc) pdst[to] = psrc[i];
      }
    });
    return start;
  }

  // Integers (keys and values one to one) in a range of at most kCountingRange, with no
  // positions wanted: each value's count in src, then its run written out to keys. Two
  // reads and a write, where radix passes would take two of each.
  bool counting_sort(const U* src, U* keys, const int64_t* pos, int64_t n, U lo, U hi, int parts) const {
    if (pos || kind == SortKind::floating || static_cast<uint64_t>(hi - lo) >= kCountingRange ||
        n < 4 * static_cast<int64_t>(hi - lo))
      return false;
    const size_t values = static_cast<size_t>(hi - lo) + 1;
    std::vector<std::vector<int64_t>> counts(static_cast<size_t>(parts), std::vector<int64_t>(values));
    each_chunk(parts, [&](int c) {
      const auto [b, e] = chunk_bounds(n, c, parts);
      int64_t* count = counts[static_cast<size_t>(c)].data();
      for (int64_t i = b; i < e; ++i) ++count[static_cast<U>(sort_key(src[i], kind) - lo)];
    });
    std::vector<int64_t> start(values + 1, 0);
    for (size_t v = 0; v < values; ++v) {
      int64_t total = 0;
      for (const auto& count : counts) total += count[v];
      start[v + 1] = start[v] + total;
    }
    // Each chunk of the output is written by one thread, the runs that fall in it clipped.
    each_chunk(parts, [&](int c) {
      const auto [b, e] = chunk_bounds(n, c, parts);
      size_t v = static_cast<size_t>(std::upper_bound(start.begin(), start.end(), b) - start.begin()) - 1;
      for (int64_t i = b; i < e; ++v) {
        const int64_t end = std::min(e, start[v + 1]);
        std::fill(keys + i, keys + end, sort_value(static_cast<U>(lo + static_cast<U>(v)), kind));
        i = end;
      }
    });
    return true;
  }

  // (key, position) pairs sorted by std::sort: the position breaks ties, so the order is
  // stable. Keys of 32 bits or fewer pack with the position into one 64-bit integer.
  void comparison_sort(U* keys, int64_t* pos, int64_t n, U* tk, int64_t* tp) const {
    std::memcpy(tk, keys, static_cast<size_t>(n) * sizeof(U));
    if (pos) std::memcpy(tp, pos, static_cast<size_t>(n) * sizeof(int64_t));
    auto put = [&](int64_t i, int64_t from) {
      keys[i] = tk[from];
      if (pos) pos[i] = tp[from];
    };
    if constexpr (sizeof(U) <= 4) {
      uint64_t packed[kComparisonSortMax];
      for (int64_t i = 0; i < n; ++i) packed[i] = (static_cast<uint64_t>(sort_key(tk[i], kind)) << 32) | i;
      std::sort(packed, packed + n);
      for (int64_t i = 0; i < n; ++i) put(i, static_cast<int64_t>(packed[i] & 0xffffffffu));
    } else {
      std::pair<U, int64_t> pairs[kComparisonSortMax];
      for (int64_t i = 0; i < n; ++i) pairs[i] = {sort_key(tk[i], kind), i};
      std::sort(pairs, pairs + n);
      for (int64_t i = 0; i < n; ++i) put(i, pairs[i].second);
    }
  }
};

// Rows [b, e) of at most kComparisonSortMax keys of 32 bits or fewer, kSortLanes rows at
// a time through one sorting network: each key packed above its place in the row, so that
// equal keys keep their order, and the padding (all ones) sorts last.
template <class U>
void network_rows(const SortCall& c, int64_t b, int64_t e) {
  static_assert(sizeof(U) <= 4, "a key and its place share 64 bits");
  int width = 2;
  while (width < c.len) width *= 2;
  alignas(64) uint64_t buf[kComparisonSortMax * kSortLanes];
  const U* src = reinterpret_cast<const U*>(c.src);
  U* values = reinterpret_cast<U*>(c.values);
  for (int64_t r0 = b; r0 < e; r0 += kSortLanes) {
    const int lanes = static_cast<int>(std::min<int64_t>(kSortLanes, e - r0));
    for (int64_t j = 0; j < width; ++j)
      for (int x = 0; x < kSortLanes; ++x)
        buf[j * kSortLanes + x] =
            j < c.len && x < lanes
                ? static_cast<uint64_t>(sort_key(src[(r0 + x) * c.len + j], c.kind)) << 32 | static_cast<uint64_t>(j)
                : ~uint64_t{0};
    sort_lanes(buf, width);
    for (int x = 0; x < lanes; ++x) {
      const int64_t row = (r0 + x) * c.len;
      for (int64_t j = 0; j < c.len; ++j) {
        const int64_t from = static_cast<int64_t>(buf[j * kSortLanes + x] & 0xffffffffu);
        if (values) values[row + j] = src[row + from];
        if (c.index) c.index[row + j] = from;
      }
    }
  }
}

// Rows [b, e) as network_rows, values only: kSortKeyLanes rows at a time through one
// network of their keys alone (no places: twice the rows a vector), turned back into
// values. A float row's zeros and NaNs (several bit patterns to one key each) then take
// their own bits from the input, in order, as a stable sort leaves them.
template <SortKind K, class U>
MTL_SIMD_CLONES void network_values(const SortCall& c, int64_t b, int64_t e) {
  static_assert(sizeof(U) <= 4, "a key in 32 bits");
  constexpr int L = kSortKeyLanes;
  int width = 2;
  while (width < c.len) width *= 2;
  alignas(64) uint32_t buf[kComparisonSortMax * L];
  const U* src = reinterpret_cast<const U*>(c.src);
  U* values = reinterpret_cast<U*>(c.values);
  U row[kComparisonSortMax];
  for (int64_t r0 = b; r0 < e; r0 += L) {
    const int lanes = static_cast<int>(std::min<int64_t>(L, e - r0));
    // Keys made a row at a time (a loop that vectorises), then put in their lane; the
    // padding (all ones) sorts after every key (float32 NaNs' keys equal it: NaNs take
    // their bits from the input all the same).
    std::fill(buf, buf + width * L, ~uint32_t{0});
    bool shared = false;
    for (int x = 0; x < lanes; ++x) {
      const U* in = src + (r0 + x) * c.len;
      for (int64_t j = 0; j < c.len; ++j) row[j] = sort_key(in[j], K);
      if constexpr (K == SortKind::floating)
        for (int64_t j = 0; j < c.len; ++j) shared |= shared_key<K>(row[j]);
      for (int64_t j = 0; j < c.len; ++j) buf[j * L + x] = row[j];
    }
    sort_lanes(buf, width);
    for (int x = 0; x < lanes; ++x) {
      const U* in = src + (r0 + x) * c.len;
      U* out = values + (r0 + x) * c.len;
      for (int64_t j = 0; j < c.len; ++j) row[j] = static_cast<U>(buf[j * L + x]);
      for (int64_t j = 0; j < c.len; ++j) out[j] = sort_value(row[j], K);
      if constexpr (K == SortKind::floating) {
        if (!shared) continue;
        auto [zero, nan] = shared_runs(row, c.len);
        for (int64_t j = 0; j < c.len; ++j) {
          const U k = sort_key(in[j], K);
          if (k == kSign<U>) out[zero++] = in[j];
          else if (k == static_cast<U>(~U(0))) out[nan++] = in[j];
        }
      }
    }
  }
}

template <class U>
void sort_rows(Backend& backend, const SortCall& c) {
  if constexpr (sizeof(U) <= 4) {
    if (c.len <= kComparisonSortMax && c.rows > 1) {
      if (c.index == nullptr && c.values != nullptr)
        with_sort_kind(c.kind, [&]<SortKind K>() {
          parallel_for(c.rows, c.len * 8, [&](int64_t b, int64_t e) { network_values<K, U>(c, b, e); });
        });
      else
        parallel_for(c.rows, c.len * 8, [&](int64_t b, int64_t e) { network_rows<U>(c, b, e); });
      return;
    }
  }
  const int per_row = threads_per_row(c.rows, c.len);
  const RadixSorter<U> sorter{c.kind, per_row};
  auto rows = [&](int64_t b, int64_t e) {
    // From the pool: a fresh std::vector would fault in every page again, and the radix
    // passes write all of it.
    const size_t n = static_cast<size_t>(c.len);
    Scratch scratch(backend);
    U* keys = scratch.get<U>(c.values ? 0 : n * sizeof(U));
    U* tk = scratch.get<U>(n * sizeof(U));
    int64_t* tp = scratch.get<int64_t>(c.index ? n * sizeof(int64_t) : 0);
    for (int64_t r = b; r < e; ++r) {
      U* k = c.values ? reinterpret_cast<U*>(c.values) + r * c.len : keys;
      int64_t* p = c.index ? c.index + r * c.len : nullptr;
      if (p) std::iota(p, p + c.len, int64_t{0});
      sorter.sort(reinterpret_cast<const U*>(c.src) + r * c.len, k, p, c.len, tk, tp);
    }
  };
  if (per_row == 1)
    parallel_for(c.rows, c.len * 8, [&](int64_t b, int64_t e) { rows(b, e); });
  else
    rows(0, c.rows);
}

}  // namespace

template <class U>
void search_rows(const SearchCall& c) {
  const U* sorted = reinterpret_cast<const U*>(c.sorted);
  const U* queries = reinterpret_cast<const U*>(c.queries);
  const int64_t log_n = 64 - __builtin_clzll(static_cast<unsigned long long>(c.n) | 1);
  parallel_for(c.m, log_n, [&](int64_t b, int64_t e) {
    for (int64_t j = b; j < e; ++j) c.out[j] = sorted_place(sorted, c.n, queries[j], c.kind, c.right);
  });
}

void CpuBackend::search(const SearchCall& c) {
  switch (c.itemsize) {
    case 1: return search_rows<uint8_t>(c);
    case 2: return search_rows<uint16_t>(c);
    case 4: return search_rows<uint32_t>(c);
    default: return search_rows<uint64_t>(c);
  }
}

void CpuBackend::sort(const SortCall& c) {
  if (c.rows == 0 || c.len == 0) return;
  switch (c.itemsize) {
    case 1: return sort_rows<uint8_t>(*this, c);
    case 2: return sort_rows<uint16_t>(*this, c);
    case 4: return sort_rows<uint32_t>(*this, c);
    default: return sort_rows<uint64_t>(*this, c);
  }
}

}  // namespace metallic::cpu
