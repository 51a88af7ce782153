#include "backend/cpu/sort_vq.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "backend/cpu/sort_kind.hpp"

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

template <class U>
constexpr U kSign = static_cast<U>(U(1) << (sizeof(U) * 8 - 1));

// Whether a float's key stands for several values (the zeros' and the NaNs'), whose own
// bits the sort takes from its input.
template <SortKind K, class U>
bool shared_key(U k) {
  return K == SortKind::floating && (k == kSign<U> || k == static_cast<U>(~U(0)));
}

// Keys only: sorted as keys and turned back into values; the zeros' and NaNs' runs then
// take their own bits from the input, in order, from the blocks of it that hold any (found
// while the keys are made). Loops over one kind, so they vectorise.
template <SortKind K, class U>
void sort_values(U* keys, int64_t n, U* tk) {
  constexpr int64_t kBlock = 256;
  std::vector<bool> shared(static_cast<size_t>((n + kBlock - 1) / kBlock));
  for (int64_t b = 0; b < n; b += kBlock) {
    const int64_t e = std::min(n, b + kBlock);
    bool any = false;
    for (int64_t i = b; i < e; ++i) {
      const U k = sort_key(keys[i], K);
      tk[i] = k;
      any |= shared_key<K>(k);
    }
    shared[static_cast<size_t>(b / kBlock)] = any;
  }
  sorter()(tk, static_cast<size_t>(n), hwy::SortAscending());
  int64_t zeros = n, zeros_end = n, nans = n;
  if constexpr (K == SortKind::floating) {
    zeros = std::lower_bound(tk, tk + n, kSign<U>) - tk;
    zeros_end = std::upper_bound(tk + zeros, tk + n, kSign<U>) - tk;
    nans = std::lower_bound(tk + zeros_end, tk + n, static_cast<U>(~U(0))) - tk;
    int64_t z = zeros, q = nans;
    for (int64_t b = 0; b < n; b += kBlock)
      if (shared[static_cast<size_t>(b / kBlock)])
        for (int64_t i = b; i < std::min(n, b + kBlock); ++i) {
          const U k = sort_key(keys[i], K);
          if (k == kSign<U>) tk[z++] = keys[i];
          else if (k == static_cast<U>(~U(0))) tk[q++] = keys[i];
        }
  }
  for (int64_t i = 0; i < zeros; ++i) keys[i] = sort_value(tk[i], K);
  std::memcpy(keys + zeros, tk + zeros, static_cast<size_t>(zeros_end - zeros) * sizeof(U));
  for (int64_t i = zeros_end; i < nans; ++i) keys[i] = sort_value(tk[i], K);
  std::memcpy(keys + nans, tk + nans, static_cast<size_t>(n - nans) * sizeof(U));
}

// Keys of at most 32 bits with positions: (key, place) packed in 64 bits in tp and sorted.
// Keys come back from the packed key (the zeros' and NaNs' from the input), positions
// from the place: without a gather when the positions run on by one (a whole row's).
template <SortKind K, class U>
void sort_packed(U* keys, int64_t* pos, int64_t n, U* tk, int64_t* tp) {
  std::memcpy(tk, keys, static_cast<size_t>(n) * sizeof(U));
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

bool vq_sort(uint32_t* keys, int64_t* pos, int64_t n, SortKind kind, uint32_t* tk, int64_t* tp) {
#ifdef METALLIC_VQSORT
  if (!pos) {
    with_sort_kind(kind, [&]<SortKind K>() { sort_values<K>(keys, n, tk); });
    return true;
  }
  if (n < (int64_t{1} << 32)) {
    with_sort_kind(kind, [&]<SortKind K>() { sort_packed<K>(keys, pos, n, tk, tp); });
    return true;
  }
#endif
  return false;
}

bool vq_sort(uint64_t* keys, int64_t* pos, int64_t n, SortKind kind, uint64_t* tk, int64_t* tp) {
#ifdef METALLIC_VQSORT
  if (!pos) {
    with_sort_kind(kind, [&]<SortKind K>() { sort_values<K>(keys, n, tk); });
    return true;
  }
#endif
  return false;
}

}  // namespace metallic::cpu
