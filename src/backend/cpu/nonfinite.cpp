#include "backend/cpu/nonfinite.hpp"

#include <cstring>
#include <limits>
#include <type_traits>

// On x86-64 the scan is built twice, for AVX2 and for the baseline, and the loader picks
// the one the machine runs (it is a third of a cheap op's time without AVX2).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define MTL_SCAN_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define MTL_SCAN_CLONES
#endif

namespace metallic::cpu {
namespace {

// The exponent field is all ones exactly for inf and NaN; adding one unit of the exponent
// then carries into the sign bit, which no finite value's field reaches. Plain integer
// and/add/or, in independent lanes (one cache line of them) the compiler vectorises.
template <class E>
inline bool scan(const E* e, int64_t n) {
  using U = std::conditional_t<sizeof(E) == 4, uint32_t, uint64_t>;
  constexpr U sign = U{1} << (8 * sizeof(E) - 1);
  constexpr U exp_one = U{1} << (std::numeric_limits<E>::digits - 1);
  constexpr U exp_mask = (sign - 1) & ~(exp_one - 1);
  constexpr int kLanes = 64 / sizeof(E);
  auto field = [&](int64_t i) {
    U bits;
    std::memcpy(&bits, e + i, sizeof(U));
    return (bits & exp_mask) + exp_one;
  };
  U lanes[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) lanes[j] |= field(i + j);
  U acc = 0;
  for (; i < n; ++i) acc |= field(i);
  for (int j = 0; j < kLanes; ++j) acc |= lanes[j];
  return (acc & sign) != 0;
}

}  // namespace

MTL_SCAN_CLONES bool any_nonfinite(const float* e, int64_t n) { return scan(e, n); }
MTL_SCAN_CLONES bool any_nonfinite(const double* e, int64_t n) { return scan(e, n); }

}  // namespace metallic::cpu
