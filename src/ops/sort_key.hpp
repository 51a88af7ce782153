// NumPy's sort order as unsigned integers, shared by every backend's sort: for values a
// and b of one dtype, NumPy orders a before b exactly when sort_key(a) < sort_key(b), and
// holds them equal (a stable sort keeps their order) exactly when the keys are equal.
// Floats: -inf < ... < -0 == +0 < ... < inf < NaN, every NaN equal to every other.
// The sorts move the values' own bits; keys only decide the order (radix digits), so
// NaN payloads and the sign of zero survive.
#pragma once

#include <cstdint>

#include "hd.hpp"

namespace metallic {

// How a dtype's bits order: as unsigned integers (bool too), as two's complement, or as
// IEEE floats (float16, float32, float64).
enum class SortKind : int { unsigned_bits = 0, signed_bits = 1, floating = 2 };

// U: the unsigned integer of the value's width (uint8_t ... uint64_t).
template <class U>
MTL_HD inline U sort_key(U bits, SortKind kind) {
  constexpr int width = static_cast<int>(sizeof(U)) * 8;
  constexpr U sign = static_cast<U>(U(1) << (width - 1));
  if (kind == SortKind::signed_bits) return static_cast<U>(bits ^ sign);
  if (kind != SortKind::floating) return bits;
  // Exponent bits by width: float16 5, float32 8, float64 11; inf is all of them set.
  constexpr int exponent = width == 16 ? 5 : width == 32 ? 8 : width == 64 ? 11 : 1;
  constexpr U inf = static_cast<U>(((U(1) << exponent) - 1) << (width - 1 - exponent));
  // Selects rather than branches, so that loops over keys vectorise: negatives flip every
  // bit, the others only the sign.
  const U magnitude = static_cast<U>(bits & static_cast<U>(~sign));
  const U negative = static_cast<U>(U(0) - static_cast<U>(bits >> (width - 1)));  // all ones or none
  const U key = static_cast<U>(bits ^ static_cast<U>(negative | sign));
  const U ordered = magnitude > inf ? static_cast<U>(~U(0)) : key;  // NaN, any sign or payload: last
  return magnitude == 0 ? sign : ordered;                            // -0 and +0 alike
}

// The value whose key is k, sort_key's inverse. For floats, one of several: +0 for the
// zeros' key, a positive NaN for the NaNs' (a sort puts their own bits back from its input).
template <class U>
MTL_HD inline U sort_value(U k, SortKind kind) {
  constexpr U sign = static_cast<U>(U(1) << (static_cast<int>(sizeof(U)) * 8 - 1));
  if (kind == SortKind::signed_bits) return static_cast<U>(k ^ sign);
  if (kind != SortKind::floating) return k;
  const U positive = static_cast<U>(U(0) - static_cast<U>(k >> (static_cast<int>(sizeof(U)) * 8 - 1)));
  return static_cast<U>(k ^ static_cast<U>(~positive | sign));  // positives lose the sign, the rest flip
}

// Radix digits of kSortDigitBits bits, least significant first.
constexpr int kSortDigitBits = 8;
constexpr int kSortRadix = 1 << kSortDigitBits;

// The digit at `shift` of the key's distance from lo (the smallest key being sorted, or 0):
// keys in a narrow range, such as small signed integers whose keys straddle the sign bit,
// then differ only in their low digits.
template <class U>
MTL_HD inline int sort_digit(U bits, SortKind kind, int shift, U lo = 0) {
  return static_cast<int>((static_cast<U>(sort_key(bits, kind) - lo) >> shift) & static_cast<U>(kSortRadix - 1));
}

// Binary search of a sorted run of n keys' bits: how many come before x (right: before
// it or equal to it), NumPy's searchsorted. The place lies in [p, p + len]; each step
// halves len and moves p past the middle key where that key comes before x: a select,
// not a branch, and a number of steps fixed by n, so nothing depends on the data but the
// loads (a CPU overlaps several searches; a GPU warp's lanes stay together).
template <class U>
MTL_HD inline long long sorted_place(const U* sorted, long long n, U x, SortKind kind, bool right) {
  const U key = sort_key(x, kind);
  auto before = [&](U bits) -> long long {  // 1 or 0, from bitwise operations (no branch)
    const U k = sort_key(bits, kind);
    return static_cast<long long>(k < key) | (static_cast<long long>(right) & static_cast<long long>(k == key));
  };
  const U* p = sorted;
  long long len = n;
  while (len > 1) {
    const long long half = len / 2, next = (len - half) / 2;
#ifndef __CUDA_ARCH__
    // Both keys the next step may read, asked for now: a run larger than the cache would
    // otherwise wait out each miss in turn (a branchy search guesses and loads ahead).
    __builtin_prefetch(p + next);
    __builtin_prefetch(p + half + next);
#endif
    p += before(p[half]) * half;
    len -= half;
  }
  return (p - sorted) + (len == 1 ? before(*p) : 0);
}

}  // namespace metallic
