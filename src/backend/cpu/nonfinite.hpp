// Whether a block of float or double values holds an infinity or a NaN: the error-state
// checks scan every result block with it and look closer only where it finds one.
#pragma once

#include <cstdint>

#include "ops/complex.hpp"

namespace metallic::cpu {

bool any_nonfinite(const float* e, int64_t n);
bool any_nonfinite(const double* e, int64_t n);

// The same for n values of float, double or their complex types (any part).
template <class T>
bool any_nonfinite_values(const T* x, int64_t n) {
  using E = real_t<T>;
  return any_nonfinite(reinterpret_cast<const E*>(x), n * static_cast<int64_t>(sizeof(T) / sizeof(E)));
}

}  // namespace metallic::cpu
