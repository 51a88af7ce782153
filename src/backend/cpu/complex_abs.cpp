// |z| of complex64 and complex128 in loops built for AVX-512, for AVX2 with FMA and for the
// baseline, the loader picking the best the machine runs. The math is the shared functor's
// (math::abs); built for one target, a loop's vector body and its tail round alike.
#include "backend/cpu/complex_abs.hpp"

#include "backend/cpu/simd_clones.hpp"
#include "ops/complex_math.hpp"

namespace metallic::cpu {
namespace {

MTL_SIMD_CLONES void abs_c128(const complex<double>* z, double* r, int64_t n) {
  for (int64_t i = 0; i < n; ++i) r[i] = math::abs(z[i]);
}
MTL_SIMD_CLONES void abs_c64(const complex<float>* z, float* r, int64_t n) {
  for (int64_t i = 0; i < n; ++i) r[i] = math::abs(z[i]);
}

void kernel_c128(char* const* a, int64_t n, int64_t, const Params&) {
  abs_c128(reinterpret_cast<const complex<double>*>(a[0]), reinterpret_cast<double*>(a[1]), n);
}
void kernel_c64(char* const* a, int64_t n, int64_t, const Params&) {
  abs_c64(reinterpret_cast<const complex<float>*>(a[0]), reinterpret_cast<float*>(a[1]), n);
}

}  // namespace

KernelFn complex_abs_kernel(Dtype in) {
  if (in == Dtype::complex128) return &kernel_c128;
  if (in == Dtype::complex64) return &kernel_c64;
  return nullptr;
}

}  // namespace metallic::cpu
