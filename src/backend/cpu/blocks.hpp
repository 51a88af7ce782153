// Moving one block of a strided operand to and from a contiguous buffer, converting
// dtypes on the way: how the blockwise loops feed their kernels.
#pragma once

#include "backend/backend.hpp"
#include "backend/cpu/kernels.hpp"
#include "backend/cpu/nd_iter.hpp"

namespace metallic::cpu {

// dst[0 .. e-s) = elements [s, e) of op (C order over shape), converted to dtype.
inline void gather_block(const Shape& shape, const Operand& op, int64_t s, int64_t e, char* dst, Dtype dtype) {
  const CastFn cast = cast_fn(op.dtype, dtype);
  const int64_t isz = static_cast<int64_t>(itemsize(dtype)), stride = op.strides.back();
  char* base = op.data;
  const Strides* st = &op.strides;
  for_each_run(shape, 1, &base, &st, s, e, [&](char** p, int64_t run) {
    cast(p[0], stride, dst, isz, run);
    dst += run * isz;
  });
}

// Elements [s, e) of op = src[0 .. e-s) (of dtype), converted to op's dtype.
inline void scatter_block(const Shape& shape, const char* src, Dtype dtype, const Operand& op, int64_t s, int64_t e) {
  const CastFn cast = cast_fn(dtype, op.dtype);
  const int64_t isz = static_cast<int64_t>(itemsize(dtype)), stride = op.strides.back();
  char* base = op.data;
  const Strides* st = &op.strides;
  for_each_run(shape, 1, &base, &st, s, e, [&](char** p, int64_t run) {
    cast(src, isz, p[0], stride, run);
    src += run * isz;
  });
}

}  // namespace metallic::cpu
