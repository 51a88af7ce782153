// A SortKind known at run time made a compile-time constant, so that the loops over keys
// (sort_key, sort_value) are specialised to one kind and vectorise.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>

#include "ops/sort_key.hpp"

namespace metallic::cpu {

template <class U>
constexpr U kSign = static_cast<U>(U(1) << (sizeof(U) * 8 - 1));

// Whether a float's key stands for several values (the zeros' and the NaNs'), whose own
// bits a sort of keys alone takes from its input.
template <SortKind K, class U>
bool shared_key(U k) {
  return K == SortKind::floating && (k == kSign<U> || k == static_cast<U>(~U(0)));
}

// Where the zeros' run and the NaNs' run (shared keys) begin in sorted float keys[0, n).
template <class U>
std::pair<int64_t, int64_t> shared_runs(const U* keys, int64_t n) {
  const int64_t zeros = std::lower_bound(keys, keys + n, kSign<U>) - keys;
  return {zeros, std::lower_bound(keys + zeros, keys + n, static_cast<U>(~U(0))) - keys};
}

// fn.template operator()<K>() for kind's K.
template <class F>
decltype(auto) with_sort_kind(SortKind kind, F&& fn) {
  switch (kind) {
    case SortKind::unsigned_bits: return fn.template operator()<SortKind::unsigned_bits>();
    case SortKind::signed_bits: return fn.template operator()<SortKind::signed_bits>();
    default: return fn.template operator()<SortKind::floating>();
  }
}

}  // namespace metallic::cpu
