// A SortKind known at run time made a compile-time constant, so that the loops over keys
// (sort_key, sort_value) are specialised to one kind and vectorise.
#pragma once

#include "ops/sort_key.hpp"

namespace metallic::cpu {

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
