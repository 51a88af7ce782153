// The random-normal generator for the CPU with the per-element math done in SIMD
// (same formula as ops::RandomNormal, which stays the definition: see philox.hpp).
#include "backend/cpu/random_kernels.hpp"

#include <cmath>

#include "backend/cpu/vector_math.hpp"
#include "ops/philox.hpp"

namespace metallic::cpu {

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
    for (int64_t k = 0; k < m; ++k) {
      const auto r = philox::philox4x32_10(static_cast<uint64_t>(j0 + k), offset, key);
      t[k] = 1.0 - philox::uniform_double(r.x[0], r.x[1]);
      radius[k] = 6.283185307179586476925 * philox::uniform_double(r.x[2], r.x[3]);  // angle for now
    }
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
