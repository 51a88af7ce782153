// A bitonic sorting network run on independent sequences at once, one per SIMD lane: the
// CPU sort of many short rows. No comparison depends on the data, so there is nothing for
// the branch predictor to miss (a comparison sort of random keys misses about every other
// branch).
#pragma once

#include <cstdint>

namespace metallic::cpu {

constexpr int kSortLanes = 8;      // 64-bit words (a key and its place) sorted side by side
constexpr int kSortKeyLanes = 16;  // 32-bit keys sorted side by side

// Sorts, for each lane x, the values buf[j * kSortLanes + x] for j in [0, width)
// ascending; width a power of 2.
void sort_lanes(uint64_t* buf, int width);
// The same for kSortKeyLanes lanes of 32 bits: buf[j * kSortKeyLanes + x].
void sort_lanes(uint32_t* buf, int width);

}  // namespace metallic::cpu
