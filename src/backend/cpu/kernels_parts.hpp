// The kernel table is built in kKernelParts translation units to keep compiles short.
#pragma once

#include "backend/cpu/kernels.hpp"

namespace metallic::cpu {

inline constexpr int kKernelParts = 4;
inline constexpr int kMaxLoopsPerOp = 48;

void kernel_part_0(KernelFn (*table)[kMaxLoopsPerOp], StatusFn (*status)[kMaxLoopsPerOp]);
void kernel_part_1(KernelFn (*table)[kMaxLoopsPerOp], StatusFn (*status)[kMaxLoopsPerOp]);
void kernel_part_2(KernelFn (*table)[kMaxLoopsPerOp], StatusFn (*status)[kMaxLoopsPerOp]);
void kernel_part_3(KernelFn (*table)[kMaxLoopsPerOp], StatusFn (*status)[kMaxLoopsPerOp]);

}  // namespace metallic::cpu
