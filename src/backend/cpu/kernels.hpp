// Contiguous CPU loops: one per (op, typed loop), instantiated from the shared functors.
#pragma once

#include <cstdint>

#include "metallic/dtype.hpp"
#include "ops/op_table.hpp"
#include "ops/params.hpp"

namespace metallic::cpu {

// args: the op's inputs then outputs, contiguous, in the loop's compute dtypes;
// index0: the C-order linear index of element 0 (for generator ops).
using KernelFn = void (*)(char* const* args, int64_t n, int64_t index0, const Params& p);

KernelFn kernel_for(OpId op, int loop);

// The floating-point conditions (ops::kFpDivide, ...) among `want` that a kernel's n
// elements raised, from the same args it ran with (outputs in the compute dtype, a float16
// result rounded here as it will be stored). nullptr for loops that never raise.
using StatusFn = unsigned (*)(char* const* args, int64_t n, unsigned want);
StatusFn status_for(OpId op, int loop);
// The same for a cast's n elements, contiguous: src as read, dst as written.
using CastStatusFn = unsigned (*)(const char* src, const char* dst, int64_t n, unsigned want);
CastStatusFn cast_status_fn(Dtype from, Dtype to);

// dst[i*ds] = convert(src[i*ss]) for i < n.
using CastFn = void (*)(const char* src, int64_t ss, char* dst, int64_t ds, int64_t n);
CastFn cast_fn(Dtype from, Dtype to);

}  // namespace metallic::cpu
