// The radix passes a sort needs, shared by the backends' radix sorts. Digits go least
// significant first: the key's (ops/sort_key.hpp), then, for several rows sorted in one
// go, the row number's, so that every row ends up in order within its own span. A pass
// whose digit is the same for every element would move nothing (the sorts are stable),
// so the keys' range leaves it out: small integers need one or two passes, not eight.
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

// lo and hi: the smallest and largest key (sort_key) of the elements. Keys between them
// share every bit above the highest bit where lo and hi differ, so the digits wholly
// above it are the same for every element.
inline std::vector<SortPass> sort_passes(uint64_t lo, uint64_t hi, size_t itemsize, int64_t rows) {
  std::vector<SortPass> passes;
  const int digits = static_cast<int>(itemsize) * 8 / kSortDigitBits;
  for (int d = 0; d < digits; ++d)
    if (((lo ^ hi) >> (d * kSortDigitBits)) != 0) passes.push_back({false, d * kSortDigitBits});
  for (int shift = 0; shift < 63 && ((rows - 1) >> shift) > 0; shift += kSortDigitBits) passes.push_back({true, shift});
  return passes;
}

}  // namespace metallic
