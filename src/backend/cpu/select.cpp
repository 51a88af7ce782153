// Selection on the CPU (partition, argpartition): each row rearranged so that every asked
// rank holds the element a sort in NumPy's order (ops/sort_key.hpp) would put there.
// Rows up to kSelectShort long are left to the sort (faster there, see select()).
// A long range is split three ways around two pivots drawn from a sample of its keys,
// chosen so that the asked rank almost surely falls between them (Floyd and Rivest's
// idea): one counting pass and one scattering pass, on the threads in chunks; the range
// that holds the rank (the small middle, unless the sample misled) is split again, and a
// short one goes to std::nth_element; the first or last rank of a range is found by one
// search for the smallest or largest key. Several ranks: the middle one first, then the
// ranks on either side of it in the ranges on either side. Values move as their own bits
// (NaN payloads and the sign of zero survive); positions move with their keys.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "backend/cpu/cpu_backend.hpp"
#include "backend/cpu/simd_clones.hpp"
#include "backend/cpu/sort_kind.hpp"
#include "backend/cpu/threads.hpp"
#include "backend/scratch.hpp"

namespace metallic::cpu {
namespace {

constexpr int64_t kSelectShort = 1 << 14;  // ranges up to this long: std::nth_element (rows: the sort)
constexpr int kMaxSplits = 8;              // splits before std::nth_element takes over

// An element of argpartition's rows: its key and where it came from.
template <class U>
struct Item {
  U key;
  int64_t pos;
};

// The elements of a range already in place, as the splits read them (one type, so that
// the recursion over ranges instantiates nothing new).
template <class T>
struct Reader {
  const T* p;
  T operator()(int64_t i) const { return p[i]; }
};

// The key ordering a value (its bits) or an item.
template <SortKind K, class U>
U key_of(U bits) {
  return sort_key(bits, K);
}
template <SortKind K, class U>
U key_of(const Item<U>& item) {
  return item.key;
}

template <SortKind K, class U, class T>
void nth(T* a, int64_t n, int64_t k) {
  std::nth_element(a, a + k, a + n, [](const T& x, const T& y) { return key_of<K, U>(x) < key_of<K, U>(y); });
}

// Keys lo <= hi between which the k-th smallest of n elements (get(i): the i-th) almost
// surely lies: about 1.5 standard deviations of a sample rank on either side of k's
// place in a sorted strided sample (the extremes where that reaches an end).
template <SortKind K, class U, class Get>
std::pair<U, U> pivots(const Get& get, int64_t n, int64_t k) {
  const int64_t s = std::clamp<int64_t>(static_cast<int64_t>(4 * std::sqrt(static_cast<double>(n))), 64, 1 << 14);
  std::vector<U> sample(static_cast<size_t>(s));
  for (int64_t j = 0; j < s; ++j) sample[j] = key_of<K, U>(get(j * n / s + (n / s) / 2));
  std::sort(sample.begin(), sample.end());
  const double r = (static_cast<double>(k) + 0.5) * static_cast<double>(s) / static_cast<double>(n);
  const double d = 1.5 * std::sqrt(static_cast<double>(s));
  const auto below = static_cast<int64_t>(std::floor(r - d)), above = static_cast<int64_t>(std::ceil(r + d));
  return {below < 0 ? U(0) : sample[below], above >= s ? static_cast<U>(~U(0)) : sample[above]};
}

constexpr int64_t kBlock = 512;  // keys made a block at a time (a loop that vectorises), then used

// The loops over a block of keys, compiled for AVX-512 and AVX2 too (64-bit compares).
template <SortKind K, class U, class Get>
MTL_SIMD_CLONES void keys_of(const Get& get, int64_t b, int64_t m, U* keys) {
  for (int64_t j = 0; j < m; ++j) keys[j] = key_of<K, U>(get(b + j));
}
// How many of keys[0, m) are below lo, and how many in [lo, hi].
template <class U>
MTL_SIMD_CLONES std::pair<int64_t, int64_t> classes(const U* keys, int64_t m, U lo, U hi) {
  int64_t below = 0, between = 0;
  for (int64_t j = 0; j < m; ++j) {
    below += keys[j] < lo;
    between += (keys[j] >= lo) & (keys[j] <= hi);
  }
  return {below, between};
}
template <class U>
MTL_SIMD_CLONES U smallest(const U* keys, int64_t m) {
  U x = keys[0];
  for (int64_t j = 1; j < m; ++j) x = std::min(x, keys[j]);
  return x;
}
template <class U>
MTL_SIMD_CLONES U largest(const U* keys, int64_t m) {
  U x = keys[0];
  for (int64_t j = 1; j < m; ++j) x = std::max(x, keys[j]);
  return x;
}

// The n elements split into dst by key: those below lo first, then those in [lo, hi],
// then those above hi, in chunks on `parts` threads (a chunk's elements in order).
// Returns how many fell below and how many between.
template <SortKind K, class U, class T, class Get>
std::pair<int64_t, int64_t> split(const Get& get, int64_t n, const U lo, const U hi, T* dst, int parts) {
  std::vector<int64_t> counts(static_cast<size_t>(2 * parts));
  each_chunk(parts, [&](int c) {
    const auto [b, e] = chunk_bounds(n, c, parts);
    U keys[kBlock];
    int64_t below = 0, between = 0;
    for (int64_t i = b; i < e; i += kBlock) {
      const int64_t m = std::min(kBlock, e - i);
      keys_of<K, U>(get, i, m, keys);
      const auto [bl, bt] = classes(keys, m, lo, hi);
      below += bl, between += bt;
    }
    counts[2 * c] = below, counts[2 * c + 1] = between;
  });
  int64_t below = 0, between = 0;
  for (int c = 0; c < parts; ++c) below += counts[2 * c], between += counts[2 * c + 1];
  each_chunk(parts, [&](int c) {
    const auto [b, e] = chunk_bounds(n, c, parts);
    int64_t to0 = 0, to1 = below, to2 = below + between;  // where chunk c writes each class
    for (int p = 0; p < c; ++p) {
      const auto [pb, pe] = chunk_bounds(n, p, parts);
      to0 += counts[2 * p], to1 += counts[2 * p + 1], to2 += pe - pb - counts[2 * p] - counts[2 * p + 1];
    }
    U keys[kBlock];
    const U l = lo, h = hi;  // in registers (dst's stores might alias lo and hi themselves)
    for (int64_t i = b; i < e; i += kBlock) {
      const int64_t m = std::min(kBlock, e - i);
      keys_of<K, U>(get, i, m, keys);
      for (int64_t j = 0; j < m; ++j) {  // the cursor chosen by masks: no branch to mispredict
        const int64_t low = -static_cast<int64_t>(keys[j] < l), high = -static_cast<int64_t>(keys[j] > h);
        dst[(to0 & low) | (to2 & high) | (to1 & ~(low | high))] = get(i + j);
        to0 -= low, to2 -= high, to1 += 1 + low + high;
      }
    }
  });
  return {below, between};
}

// Where in a[0, n) the element of rank 0 (last: of rank n - 1) is: the smallest or largest
// key of each block first (vectorised), then the block that improves on the best.
template <SortKind K, class U, class T>
int64_t extreme(const T* a, int64_t n, bool last) {
  const Reader<T> get{a};
  U keys[kBlock];
  U best = key_of<K, U>(a[0]);
  int64_t at = 0;
  for (int64_t i = 0; i < n; i += kBlock) {
    const int64_t m = std::min(kBlock, n - i);
    keys_of<K, U>(get, i, m, keys);
    const U x = last ? largest(keys, m) : smallest(keys, m);
    if (last ? x > best : x < best) {
      best = x;
      at = i + (std::find(keys, keys + m, x) - keys);
    }
  }
  return at;
}

// a[0, n) holding at k the element of rank k, those before it no later in the order and
// those after no earlier. The elements come from get (get(i): the i-th) when it does not
// read a itself (in_place false), else they are a's; tmp: scratch of n.
template <SortKind K, class U, class T, class Get>
void select_at(const Get& get, bool in_place, T* a, int64_t n, int64_t k, T* tmp, int parts, int depth) {
  const bool short_range = n <= kSelectShort || depth == kMaxSplits, end = k == 0 || k == n - 1;
  if (short_range || end) {  // worked on where it lies
    if (!in_place)
      for (int64_t i = 0; i < n; ++i) a[i] = get(i);
    if (short_range) return nth<K, U>(a, n, k);
    return std::swap(a[k], a[extreme<K, U>(a, n, k != 0)]);  // the smallest or the largest: one search
  }
  const auto [lo, hi] = pivots<K, U>(get, n, k);
  const int use = static_cast<int>(std::clamp<int64_t>(n / kChunkMin, 1, parts));
  const auto [below, between] = split<K, U>(get, n, lo, hi, in_place ? tmp : a, use);
  if (in_place) std::memcpy(static_cast<void*>(a), tmp, static_cast<size_t>(n) * sizeof(T));
  const bool middle = k >= below && k < below + between;
  const int64_t b = k < below ? 0 : middle ? below : below + between;
  const int64_t e = k < below ? below : middle ? below + between : n;
  if (middle && lo == hi) return;  // every key in the middle is k's
  if (e - b == n) return nth<K, U>(a, n, k);  // the sample split nothing off
  select_at<K, U>(Reader<T>{a + b}, true, a + b, e - b, k - b, tmp + b, parts, depth + 1);
}

// Every rank in ks[0, m) (ascending, within [base, base + n)) placed in a[0, n), which
// holds the elements base ... base + n - 1 of the row: the middle rank first, then those
// before it in the range before it and those after in the range after.
template <SortKind K, class U, class T, class Get>
void select_ranks(const Get& get, bool in_place, T* a, int64_t n, int64_t base, const int64_t* ks, int64_t m,
                  T* tmp, int parts) {
  if (m == 0) return;
  const int64_t mid = (m - 1) / 2, k = ks[mid] - base;
  select_at<K, U>(get, in_place, a, n, k, tmp, parts, 0);
  select_ranks<K, U>(Reader<T>{a}, true, a, k, base, ks, mid, tmp, parts);
  select_ranks<K, U>(Reader<T>{a + k + 1}, true, a + k + 1, n - k - 1, base + k + 1, ks + mid + 1, m - mid - 1,
                     tmp + k + 1, parts);
}

template <SortKind K, class U>
void select_rows(Backend& backend, const SelectCall& c) {
  const int parts = threads_per_row(c.rows, c.len);
  const size_t n = static_cast<size_t>(c.len);
  auto rows = [&](int64_t b, int64_t e) {
    Scratch scratch(backend);
    if (c.index == nullptr) {
      U* tmp = scratch.get<U>(n * sizeof(U));
      for (int64_t r = b; r < e; ++r) {
        const U* src = reinterpret_cast<const U*>(c.src) + r * c.len;
        const auto get = [src](int64_t i) { return src[i]; };
        select_ranks<K, U>(get, false, reinterpret_cast<U*>(c.values) + r * c.len, c.len, 0, c.kth, c.nkth, tmp,
                           parts);
      }
      return;
    }
    Item<U>* items = scratch.get<Item<U>>(n * sizeof(Item<U>));
    Item<U>* tmp = scratch.get<Item<U>>(n * sizeof(Item<U>));
    for (int64_t r = b; r < e; ++r) {
      const U* src = reinterpret_cast<const U*>(c.src) + r * c.len;
      const auto get = [src](int64_t i) { return Item<U>{sort_key(src[i], K), i}; };
      select_ranks<K, U>(get, false, items, c.len, 0, c.kth, c.nkth, tmp, parts);
      int64_t* out = c.index + r * c.len;
      for (int64_t i = 0; i < c.len; ++i) out[i] = items[i].pos;
    }
  };
  if (parts == 1)
    parallel_for(c.rows, c.len * 4, [&](int64_t b, int64_t e) { rows(b, e); });
  else
    rows(0, c.rows);
}

template <class U>
void select_of(Backend& backend, const SelectCall& c) {
  with_sort_kind(c.kind, [&]<SortKind K>() { select_rows<K, U>(backend, c); });
}

}  // namespace

bool CpuBackend::select(const SelectCall& c) {
  // Rows this short sort faster than std::nth_element selects (its partitions mispredict
  // about every other comparison): 2000 x 2000 float64 at one rank, 2 cores, 19 ms
  // against the sort's 17.
  if (c.len <= kSelectShort) return false;
  if (c.rows == 0 || c.nkth == 0) return true;
  switch (c.itemsize) {
    case 1: select_of<uint8_t>(*this, c); break;
    case 2: select_of<uint16_t>(*this, c); break;
    case 4: select_of<uint32_t>(*this, c); break;
    default: select_of<uint64_t>(*this, c); break;
  }
  return true;
}

}  // namespace metallic::cpu
