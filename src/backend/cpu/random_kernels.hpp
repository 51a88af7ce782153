// CPU-specific kernels for generator ops whose shared functor is too slow per element.
#pragma once

#include "backend/cpu/kernels.hpp"

namespace metallic::cpu {

void random_uniform_kernel(char* const* args, int64_t n, int64_t index0, const Params& p);
void random_normal_kernel(char* const* args, int64_t n, int64_t index0, const Params& p);

}  // namespace metallic::cpu
