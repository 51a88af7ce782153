// The radix passes a sort needs, shared by the backends' radix sorts. Digits go least
// significant first: the key's (ops/sort_key.hpp), then, for several rows sorted in one
// go, the row number's, so that every row ends up in order within its own span. A pass
// whose digit is the same for every element would move nothing (the sorts are stable),
// so the keys' range (or their digits' histogram) leaves it out: small integers need one
// or two passes, not eight.
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

// The row number's digits, after the key's, when several rows are sorted in one go.
inline void add_row_passes(std::vector<SortPass>& passes, int64_t rows) {
  for (int shift = 0; shift < 63 && ((rows - 1) >> shift) > 0; shift += kSortDigitBits) passes.push_back({true, shift});
}

// lo and hi: the smallest and largest key (sort_key) of the elements. Counted from lo
// (sort_digit's lo), every key lies in [0, hi - lo], so the digits wholly above the
// highest bit of hi - lo are 0 for every element.
inline std::vector<SortPass> sort_passes(uint64_t lo, uint64_t hi, size_t itemsize, int64_t rows) {
  std::vector<SortPass> passes;
  const int digits = static_cast<int>(itemsize) * 8 / kSortDigitBits;
  for (int d = 0; d < digits; ++d)
    if (((hi - lo) >> (d * kSortDigitBits)) != 0) passes.push_back({false, d * kSortDigitBits});
  add_row_passes(passes, rows);
  return passes;
}

// The same from a histogram of every key digit (counts[d * kSortRadix + v]: how many of
// the n keys have v as digit d): a digit that one value holds for all n moves nothing.
inline std::vector<SortPass> sort_passes(const uint64_t* counts, size_t itemsize, int64_t n, int64_t rows) {
  std::vector<SortPass> passes;
  const int digits = static_cast<int>(itemsize) * 8 / kSortDigitBits;
  for (int d = 0; d < digits; ++d) {
    bool moves = true;
    for (int v = 0; v < kSortRadix && moves; ++v) moves = counts[d * kSortRadix + v] != static_cast<uint64_t>(n);
    if (moves) passes.push_back({false, d * kSortDigitBits});
  }
  add_row_passes(passes, rows);
  return passes;
}

// Where each digit value's elements start in a pass's output (exclusive prefix sums):
// key digits from the histogram above, row digits from the rows' own numbers (every row
// holds len elements).
inline std::vector<int64_t> sort_pass_starts(const SortPass& pass, const uint64_t* counts, int64_t rows, int64_t len) {
  std::vector<int64_t> count(kSortRadix, 0);
  if (pass.row) {
    for (int64_t r = 0; r < rows; ++r) count[static_cast<size_t>((r >> pass.shift) & (kSortRadix - 1))] += len;
  } else {
    for (int v = 0; v < kSortRadix; ++v)
      count[v] = static_cast<int64_t>(counts[pass.shift / kSortDigitBits * kSortRadix + v]);
  }
  int64_t run = 0;
  for (auto& c : count) {
    const int64_t here = c;
    c = run;
    run += here;
  }
  return count;
}

}  // namespace metallic
