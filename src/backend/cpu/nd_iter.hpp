// Walking strided operands over an iteration shape, one run along the last axis at
// a time, for any C-order linear range (so blocks can go to different threads).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "backend/strided.hpp"
#include "metallic/array.hpp"

namespace metallic::cpu {

// fn(char** ptrs, int64_t len): ptrs[k] points at the run's first element of operand k;
// consecutive elements of the run are strides[k].back() bytes apart.
template <class Fn>
void for_each_run(const Shape& shape, int nops, char* const* bases, const Strides* const* strides,
                  int64_t start, int64_t end, Fn&& fn) {
  const int nd = static_cast<int>(shape.size());
  std::array<int64_t, 64> idx{};
  int64_t rem = start;
  for (int d = nd - 1; d >= 0; --d) {
    idx[d] = rem % shape[d];
    rem /= shape[d];
  }
  std::array<char*, kMaxOperands> ptrs{};
  int64_t pos = start;
  while (pos < end) {
    for (int k = 0; k < nops; ++k) {
      char* p = bases[k];
      for (int d = 0; d < nd; ++d) p += idx[d] * (*strides[k])[d];
      ptrs[k] = p;
    }
    const int64_t len = std::min(shape[nd - 1] - idx[nd - 1], end - pos);
    fn(ptrs.data(), len);
    pos += len;
    idx[nd - 1] += len;
    for (int d = nd - 1; d > 0 && idx[d] == shape[d]; --d) {
      idx[d] = 0;
      ++idx[d - 1];
    }
  }
}

}  // namespace metallic::cpu
