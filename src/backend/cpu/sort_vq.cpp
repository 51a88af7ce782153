#include "backend/cpu/sort_vq.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "backend/cpu/simd_clones.hpp"
#include "backend/cpu/sort_kind.hpp"
#include "backend/cpu/threads.hpp"

#ifdef METALLIC_VQSORT
#include <hwy/contrib/sort/vqsort.h>
#endif

namespace metallic::cpu {
namespace {

#ifdef METALLIC_VQSORT
hwy::Sorter& sorter() {  // its scratch, one per thread
  thread_local hwy::Sorter s;
  return s;
}

// Keys of chunk [b, e) of keys into staged (which may be keys), in blocks: each block's
// keys made, the input bits of its zeros and NaNs kept (in order) where it holds any, and
// below[p] raised by its keys under split[p]. Loops over one kind, which vectorise.
template <SortKind K, class U>
MTL_SIMD_CLONES void stage_keys(const U* keys, U* staged, int64_t b, int64_t e, const U* split, int splits,
                                int64_t* below, std::vector<U>& zero_bits, std::vector<U>& nan_bits) {
  constexpr int64_t kBlock = 256;
  U block[kBlock];
  for (int64_t b0 = b; b0 < e; b0 += kBlock) {
    const int64_t m = std::min(kBlock, e - b0);
    for (int64_t i = 0; i < m; ++i) block[i] = sort_key(keys[b0 + i], K);
    if constexpr (K == SortKind::floating) {
      bool any = false;
      for (int64_t i = 0; i < m; ++i) any |= shared_key<K>(block[i]);
      if (any)
        for (int64_t i = 0; i < m; ++i) {
          if (block[i] == kSign<U>) zero_bits.push_back(keys[b0 + i]);
          else if (block[i] == static_cast<U>(~U(0))) nan_bits.push_back(keys[b0 + i]);
        }
    }
    std::memcpy(staged + b0, block, static_cast<size_t>(m) * sizeof(U));
    for (int p = 0; p < splits; ++p) {
      const U s = split[p];
      int64_t under = 0;
      for (int64_t i = 0; i < m; ++i) under += block[i] < s;
      below[p] += under;
    }
  }
}

// Keys [b, e) of src to their parts in dst, S splitting keys: place[part] is where the
// part's next key goes. The places stay in registers (selected, not indexed), so one key's
// store does not wait on the one before.
template <int S, class U>
MTL_SIMD_CLONES void scatter_keys(const U* src, U* dst, int64_t b, int64_t e, const U* split, const int64_t* place) {
  U sp[S];
  int64_t at[S + 1];
  for (int s = 0; s < S; ++s) sp[s] = split[s];
  for (int q = 0; q <= S; ++q) at[q] = place[q];
  for (int64_t i = b; i < e; ++i) {
    const U k = src[i];
    int p = 0;
    for (int s = 0; s < S; ++s) p += k >= sp[s];
    int64_t to = at[0];
    for (int q = 1; q <= S; ++q) to = p == q ? at[q] : to;
    dst[to] = k;
    for (int q = 0; q <= S; ++q) at[q] += p == q;
  }
}

template <class U>
void scatter_keys(const U* src, U* dst, int64_t b, int64_t e, const U* split, int splits, const int64_t* place) {
  switch (splits) {
    case 1: return scatter_keys<1>(src, dst, b, e, split, place);
    case 2: return scatter_keys<2>(src, dst, b, e, split, place);
    case 3: return scatter_keys<3>(src, dst, b, e, split, place);
    case 4: return scatter_keys<4>(src, dst, b, e, split, place);
    case 5: return scatter_keys<5>(src, dst, b, e, split, place);
    case 6: return scatter_keys<6>(src, dst, b, e, split, place);
    default: return scatter_keys<7>(src, dst, b, e, split, place);
  }
}

template <SortKind K, class U>
MTL_SIMD_CLONES void keys_to_values(U* keys, int64_t b, int64_t e) {
  for (int64_t i = b; i < e; ++i) keys[i] = sort_value(keys[i], K);
}

// Keys only: sorted as keys and turned back into values; the zeros' and NaNs' runs then
// take their own bits from the input, in order. On several threads (parts > 1) the keys
// are first split into parts by keys taken from an evenly spaced sample (each chunk
// counts its keys of each part, then moves them there), and the parts are sorted side by
// side.
template <SortKind K, class U>
void sort_values(const U* src, U* keys, int64_t n, U* tk, int parts) {
  std::vector<U> split;  // part p holds the keys in [split[p - 1], split[p])
  if (parts > 1) {
    const int64_t samples = std::min<int64_t>(n, 256 * parts);
    std::vector<U> sample(static_cast<size_t>(samples));
    for (int64_t i = 0; i < samples; ++i) sample[i] = sort_key(src[i * n / samples], K);
    std::sort(sample.begin(), sample.end());
    for (int p = 1; p < parts; ++p) split.push_back(sample[static_cast<size_t>(p * samples / parts)]);
  }
  const int splits = parts - 1;
  const size_t np = static_cast<size_t>(parts);
  std::vector<std::vector<U>> zero_bits(np), nan_bits(np);
  std::vector<int64_t> at(np * np, 0);  // [chunk][part]: the chunk's keys of the part, then their place
  parallel_for(parts, n / parts + 1, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      const auto [cb, ce] = chunk_bounds(n, c, parts);
      int64_t* below = at.data() + c * parts;  // below[p]: keys under split[p], then counts of each part
      stage_keys<K>(src, parts > 1 ? tk : keys, cb, ce, split.data(), splits, below, zero_bits[c], nan_bits[c]);
      below[parts - 1] = ce - cb;
      for (int p = parts - 1; p > 0; --p) below[p] -= below[p - 1];
    }
  });
  if (parts > 1) {
    std::vector<int64_t> start(np + 1, 0);  // where each part begins
    for (size_t p = 0; p < np; ++p) {
      int64_t place = start[p];
      for (size_t c = 0; c < np; ++c) {
        const int64_t count = at[c * np + p];
        at[c * np + p] = place;
        place += count;
      }
      start[p + 1] = place;
    }
    parallel_for(parts, n / parts + 1, [&](int64_t c0, int64_t c1) {
      for (int64_t c = c0; c < c1; ++c) {
        const auto [cb, ce] = chunk_bounds(n, c, parts);
        scatter_keys(tk, keys, cb, ce, split.data(), splits, at.data() + c * parts);
      }
    });
    parallel_for(parts, n / parts + 1, [&](int64_t p0, int64_t p1) {
      for (int64_t p = p0; p < p1; ++p)
        sorter()(keys + start[p], static_cast<size_t>(start[p + 1] - start[p]), hwy::SortAscending());
    });
  } else {
    sorter()(keys, static_cast<size_t>(n), hwy::SortAscending());
  }
  auto [zeros, nans] = K == SortKind::floating ? shared_runs(keys, n) : std::pair<int64_t, int64_t>{n, n};
  parallel_for(n, 1, [&](int64_t b, int64_t e) { keys_to_values<K>(keys, b, e); });
  for (const auto& z : zero_bits) zeros = std::copy(z.begin(), z.end(), keys + zeros) - keys;
  for (const auto& q : nan_bits) nans = std::copy(q.begin(), q.end(), keys + nans) - keys;
}

// Keys of at most 32 bits with positions: (key, place) packed in 64 bits in tp and sorted.
// Keys come back from the packed key (the zeros' and NaNs' from the input), positions
// from the place: without a gather when the positions run on by one (a whole row's).
template <SortKind K, class U>
void sort_packed(const U* src, U* keys, int64_t* pos, int64_t n, U* tk, int64_t* tp) {
  std::memcpy(tk, src, static_cast<size_t>(n) * sizeof(U));
  auto* packed = reinterpret_cast<uint64_t*>(tp);
  for (int64_t i = 0; i < n; ++i) packed[i] = static_cast<uint64_t>(sort_key(tk[i], K)) << 32 | static_cast<uint64_t>(i);
  sorter()(packed, static_cast<size_t>(n), hwy::SortAscending());
  const int64_t p0 = pos[0];
  bool runs_on = true;
  for (int64_t i = 0; i < n; ++i) runs_on &= pos[i] == p0 + i;
  auto key_at = [&](uint64_t w) {  // packed[j] is read before its slot takes the position
    const U k = static_cast<U>(w >> 32);
    return shared_key<K>(k) ? tk[w & 0xffffffffu] : sort_value(k, K);
  };
  if (runs_on) {
    for (int64_t j = 0; j < n; ++j) {
      const uint64_t w = packed[j];
      keys[j] = key_at(w);
      tp[j] = p0 + static_cast<int64_t>(w & 0xffffffffu);
    }
  } else {
    for (int64_t j = 0; j < n; ++j) {
      const uint64_t w = packed[j];
      keys[j] = key_at(w);
      tp[j] = pos[w & 0xffffffffu];
    }
  }
  std::memcpy(pos, tp, static_cast<size_t>(n) * sizeof(int64_t));
}

#endif

}  // namespace

bool vq_sort(const uint32_t* src, uint32_t* keys, int64_t* pos, int64_t n, SortKind kind, uint32_t* tk, int64_t* tp,
             int parts) {
#ifdef METALLIC_VQSORT
  if (!pos) {
    with_sort_kind(kind, [&]<SortKind K>() { sort_values<K>(src, keys, n, tk, std::min(parts, 8)); });
    return true;
  }
  if (n < (int64_t{1} << 32)) {
    with_sort_kind(kind, [&]<SortKind K>() { sort_packed<K>(src, keys, pos, n, tk, tp); });
    return true;
  }
#endif
  return false;
}

bool vq_sort(const uint64_t* src, uint64_t* keys, int64_t* pos, int64_t n, SortKind kind, uint64_t* tk, int64_t* tp,
             int parts) {
#ifdef METALLIC_VQSORT
  if (!pos) {
    with_sort_kind(kind, [&]<SortKind K>() { sort_values<K>(src, keys, n, tk, std::min(parts, 8)); });
    return true;
  }
#endif
  return false;
}

}  // namespace metallic::cpu
