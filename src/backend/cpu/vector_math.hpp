// SIMD versions of the libm functions behind the math ufuncs, from glibc's libmvec
// (loaded at run time; absent or old glibc: the scalar loops stay). Same functions as the
// shared functors compute, in 4-8 lanes; libmvec's error bound is 4 ulp.
#pragma once

#include "backend/cpu/kernels.hpp"

namespace metallic::cpu {

// A vector kernel for op's loop over float32/float64 (compute dtype d), or nullptr.
KernelFn vector_kernel(OpId op, Dtype d);

// Vector natural log / sincos over contiguous doubles (scalar fallback when unavailable);
// used by the random-normal generator.
void vlog(const double* x, double* y, int64_t n);
void vsincos(const double* x, double* s, double* c, int64_t n);

}  // namespace metallic::cpu
