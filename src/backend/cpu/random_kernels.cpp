// The random-normal generator for the CPU with the per-element math done in SIMD
// (same formula as ops::RandomNormal, which stays the definition: see philox.hpp).
#include "backend/cpu/random_kernels.hpp"

#include <cmath>

#include "backend/cpu/simd_clones.hpp"
#include "backend/cpu/vector_math.hpp"
#include "ops/philox.hpp"

namespace metallic::cpu {
namespace {

// Philox blocks j0 .. j0+m-1 -> 1 - u1 and the Box-Muller angle; compiled for several
// instruction sets (the loop vectorises: 8 blocks at a time with AVX-512).
MTL_SIMD_CLONES void uniform_pairs(
    uint64_t j0, int64_t m, uint64_t offset, uint64_t key, double* one_minus_u1, double* angle) {
  for (int64_t k = 0; k < m; ++k) {
    const auto r = philox::philox4x32_10(j0 + static_cast<uint64_t>(k), offset, key);
    one_minus_u1[k] = 1.0 - philox::uniform_double(r.x[0], r.x[1]);
    angle[k] = 6.283185307179586476925 * philox::uniform_double(r.x[2], r.x[3]);
  }
}

// Elements [i0, i0 + n) of a uniform draw, two per Philox block (as ops::RandomUniform).
MTL_SIMD_CLONES void uniform_range(
    int64_t i0, int64_t n, uint64_t offset, uint64_t key, double* out) {
  int64_t i = i0;
  const int64_t end = i0 + n;
  if (i & 1) {  // odd start: the second half of a block
    const auto r = philox::philox4x32_10(static_cast<uint64_t>(i) >> 1, offset, key);
    out[0] = philox::uniform_double(r.x[2], r.x[3]);
    ++i;
  }
  const int64_t pairs = (end - i) / 2;
  double* o = out + (i - i0);
  for (int64_t k = 0; k < pairs; ++k) {
    const auto r = philox::philox4x32_10((static_cast<uint64_t>(i) >> 1) + k, offset, key);
    o[2 * k] = philox::uniform_double(r.x[0], r.x[1]);
    o[2 * k + 1] = philox::uniform_double(r.x[2], r.x[3]);
  }
  i += 2 * pairs;
  if (i < end) {
    const auto r = philox::philox4x32_10(static_cast<uint64_t>(i) >> 1, offset, key);
    out[i - i0] = philox::uniform_double(r.x[0], r.x[1]);
  }
}

}  // namespace

void random_uniform_kernel(char* const* args, int64_t n, int64_t index0, const Params& p) {
  uniform_range(index0, n, p.u[1], p.u[0], reinterpret_cast<double*>(args[0]));
}

void random_normal_kernel(char* const* args, int64_t n, int64_t index0, const Params& p) {
  constexpr int64_t kPairs = 512;  // pairs per pass: buffers stay in L1
  double* out = reinterpret_cast<double*>(args[0]);
  const uint64_t key = p.u[0], offset = p.u[1];
  double t[kPairs], radius[kPairs], s[kPairs], c[kPairs];
  int64_t i = index0;
  const int64_t end = index0 + n;
  while (i < end) {
    const int64_t j0 = i >> 1;
    const int64_t m = std::min<int64_t>(kPairs, ((end + 1) >> 1) - j0);
    uniform_pairs(static_cast<uint64_t>(j0), m, offset, key, t, radius);  // radius holds the angle
    vsincos(radius, s, c, m);
    vlog(t, t, m);
    for (int64_t k = 0; k < m; ++k) radius[k] = std::sqrt(-2.0 * t[k]);
    const int64_t stop = std::min(end, (j0 + m) * 2);
    for (; i < stop; ++i) {
      const int64_t k = (i >> 1) - j0;
      out[i - index0] = radius[k] * ((i & 1) ? s[k] : c[k]);
    }
  }
}

}  // namespace metallic::cpu
