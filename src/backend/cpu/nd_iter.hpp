// Walking strided operands over an iteration shape, one run along the last axis at
// a time, for any C-order linear range (so blocks can go to different threads).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "metallic/array.hpp"

namespace metallic::cpu {

inline constexpr int kMaxOperands = 6;

// Drops axes of length 1 and merges axes that every operand walks contiguously.
// Keeps C order of the linear index. A 0-d shape becomes {1}.
inline void coalesce(Shape& shape, Strides* const* strides, int nops) {
  Shape s;
  std::array<Strides, kMaxOperands> st;
  const bool empty = shape_size(shape) == 0;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 1 && !empty) continue;
    if (!s.empty()) {
      bool merge = true;
      for (int k = 0; k < nops && merge; ++k) merge = st[k].back() == (*strides[k])[i] * shape[i];
      if (merge) {
        s.back() *= shape[i];
        for (int k = 0; k < nops; ++k) st[k].back() = (*strides[k])[i];
        continue;
      }
    }
    s.push_back(shape[i]);
    for (int k = 0; k < nops; ++k) st[k].push_back((*strides[k])[i]);
  }
  if (s.empty()) {
    s.push_back(1);
    for (int k = 0; k < nops; ++k) st[k].push_back(0);
  }
  shape = s;
  for (int k = 0; k < nops; ++k) *strides[k] = st[k];
}

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
