// The radix passes a sort needs, shared by the backends' radix sorts. Digits go least
// significant first: the key's (ops/sort_key.hpp), then, for several rows sorted in one
// go, the row number's, so that every row ends up in order within its own span. A pass
// whose digit is the same for every element would move nothing (the sorts are stable),
// so the key's histograms leave it out: small integers need one or two passes, not eight.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ops/sort_key.hpp"

namespace metallic {

struct SortPass {
  bool row;   // a digit of the row number, else of the key
  int shift;  // the digit's lowest bit
};

// histogram: for each of the key's digits (itemsize * 8 / kSortDigitBits of them), the
// counts of its kSortRadix values over all n elements.
inline std::vector<SortPass> sort_passes(const int64_t* histogram, size_t itemsize, int64_t n, int64_t rows) {
  std::vector<SortPass> passes;
  const int digits = static_cast<int>(itemsize) * 8 / kSortDigitBits;
  for (int d = 0; d < digits; ++d) {
    bool moves = true;
    for (int b = 0; b < kSortRadix; ++b) moves = moves && histogram[d * kSortRadix + b] != n;
    if (moves) passes.push_back({false, d * kSortDigitBits});
  }
  for (int shift = 0; shift < 63 && ((rows - 1) >> shift) > 0; shift += kSortDigitBits) passes.push_back({true, shift});
  return passes;
}

}  // namespace metallic
