#include "backend/cpu/sort_network.hpp"

#include "backend/cpu/simd_clones.hpp"

namespace metallic::cpu {
namespace {

// The network over vectors of 64 bytes (lanes of T), inlined into each clone below.
template <class T>
__attribute__((always_inline)) inline void bitonic(T* buf, int width) {
  typedef T Lanes __attribute__((vector_size(64)));
  Lanes* v = reinterpret_cast<Lanes*>(buf);
  for (int k = 2; k <= width; k *= 2)      // sorted runs of k / 2 merge into runs of k,
    for (int j = k / 2; j > 0; j /= 2)     // through comparisons j apart,
      for (int i0 = 0; i0 < width; i0 += 2 * j)
        for (int i = i0; i < i0 + j; ++i) {  // ascending where bit k of i is 0, else descending
          const Lanes a = v[i], b = v[i + j];
          const Lanes lo = a < b ? a : b, hi = a < b ? b : a;
          const bool up = (i & k) == 0;
          v[i] = up ? lo : hi;
          v[i + j] = up ? hi : lo;
        }
}

static_assert(kSortLanes * sizeof(uint64_t) == 64 && kSortKeyLanes * sizeof(uint32_t) == 64, "a vector of 64 bytes");

}  // namespace

// Clones for AVX-512 (one instruction per min or max of a vector), AVX2 and the baseline.
MTL_SIMD_CLONES void sort_lanes(uint64_t* buf, int width) { bitonic(buf, width); }
MTL_SIMD_CLONES void sort_lanes(uint32_t* buf, int width) { bitonic(buf, width); }

}  // namespace metallic::cpu
