// The CPU's loop for absolute of complex input (see complex_abs.cpp), or nullptr.
#pragma once

#include "backend/cpu/kernels.hpp"

namespace metallic::cpu {

KernelFn complex_abs_kernel(Dtype in);

}  // namespace metallic::cpu
