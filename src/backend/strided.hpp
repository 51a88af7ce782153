// Walking strided operands over an iteration shape: axis merging shared by backends.
#pragma once

#include <array>
#include <vector>

#include "metallic/array.hpp"

namespace metallic {

inline constexpr int kMaxOperands = 6;

// Drops axes of length 1 and merges axes that every operand walks contiguously.
// Keeps C order of the linear index. A 0-d shape becomes {1}.
inline void coalesce(Shape& shape, Strides* const* strides, int nops) {
  Shape s;
  std::vector<Strides> st(nops);
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

}  // namespace metallic
