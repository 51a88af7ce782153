// Real helpers for the scalar math (NaN, the limits of float and double). Host and device.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "complex.hpp"

namespace metallic::math {

template <class T>
using C = complex<T>;

// ---- real helpers --------------------------------------------------------------
template <class T>
MTL_HD inline bool isnan_(T x) {
  if constexpr (std::is_floating_point_v<T>)
    return x != x;
  else
    return false;
}
template <class T>
MTL_HD inline T nan_() {
  return std::numeric_limits<T>::quiet_NaN();
}

// The limits of float and double (NVRTC's std lacks numeric_limits' floating members).
#define MTL_FCONST(name, f, d)                   \
  MTL_HD static constexpr T name() {             \
    if constexpr (sizeof(T) == 4)                \
      return T(f);                               \
    else                                         \
      return T(d);                               \
  }
template <class T>
struct fconst {
  MTL_FCONST(eps, 1.1920928955078125e-7f, 2.220446049250313e-16)
  MTL_FCONST(min_normal, 1.17549435082228750797e-38f, 2.22507385850720138309e-308)
  MTL_FCONST(max, 3.40282346638528859812e+38f, 1.79769313486231570815e+308)
  MTL_FCONST(ln_max, 88.72283935546875f, 709.782712893384)  // log(max), rounded down
};
#undef MTL_FCONST

}  // namespace metallic::math
