// One run sorted by Highway's vqsort (a vectorised quicksort), where the build found it
// (METALLIC_VQSORT; Debian's libhwy-dev). Keys go to sort_key's unsigned order, are sorted
// and turned back; keys that are equal but differ in their bits (-0 and +0, NaNs of other
// payloads or signs) are put back in the order they came in, as a stable sort leaves
// them. With positions (keys of at most 32 bits, runs under 2^32), each key is packed
// above its place in the run: every packed key is then unique, and the order stable.
#pragma once

#include <cstdint>

#include "ops/sort_key.hpp"

namespace metallic::cpu {

// Sorts src[0, n) into keys[0, n) (src may be keys), pos[0, n) alongside when not null;
// tk and tp: scratch of n. parts: threads to use, at most 8 (keys only: split by key
// ranges, sorted side by side). False, with nothing touched, where vqsort cannot: not
// built in, 1- and 2-byte keys, positions with 64-bit keys.
bool vq_sort(const uint32_t* src, uint32_t* keys, int64_t* pos, int64_t n, SortKind kind, uint32_t* tk, int64_t* tp,
             int parts);
bool vq_sort(const uint64_t* src, uint64_t* keys, int64_t* pos, int64_t n, SortKind kind, uint64_t* tk, int64_t* tp,
             int parts);
template <class U>
bool vq_sort(const U*, U*, int64_t*, int64_t, SortKind, U*, int64_t*, int) {
  return false;
}

}  // namespace metallic::cpu
