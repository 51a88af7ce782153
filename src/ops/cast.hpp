// Element conversion between dtypes, as NumPy's casts on x86-64 (written once, used by
// every backend). Float-to-integer conversions never hit undefined behaviour: NaN and
// out-of-range values give what x86's cvttsd2si gives, which is what NumPy returns.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "complex.hpp"
#include "half.hpp"

namespace metallic {

template <class T>
struct storage_to_compute {
  using type = T;
};
template <>
struct storage_to_compute<half> {
  using type = float;
};

namespace detail {

MTL_HD inline int64_t cvt64(double x) {
  if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) return INT64_MIN;
  return static_cast<int64_t>(x);
}
MTL_HD inline int32_t cvt32(double x) {
  if (!(x > -2147483649.0 && x < 2147483648.0)) return INT32_MIN;
  return static_cast<int32_t>(x);
}

template <class To>
MTL_HD inline To float_to_int(double x) {
  if constexpr (std::is_same_v<To, int64_t>) {
    return cvt64(x);
  } else if constexpr (std::is_same_v<To, uint64_t>) {
    if (x >= 9223372036854775808.0 && x < 18446744073709551616.0)
      return static_cast<uint64_t>(cvt64(x - 9223372036854775808.0)) ^ (uint64_t{1} << 63);
    return static_cast<uint64_t>(cvt64(x));
  } else if constexpr (std::is_same_v<To, uint32_t>) {
    return static_cast<uint32_t>(cvt64(x));
  } else {
    return static_cast<To>(cvt32(x));
  }
}

// x rounded to float toward zero, its last bit set when that was inexact ("round to
// odd"): rounding the result to float16 then equals rounding x to float16 once (float
// keeps more than two bits beyond float16's), as NumPy's direct double -> half.
MTL_HD inline float to_float_odd(double x) {
  float f = static_cast<float>(x);
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  if (!(x != x) && std::fabs(static_cast<double>(f)) > std::fabs(x)) {
    --bits;  // one step toward zero (sign and magnitude)
    std::memcpy(&f, &bits, 4);
  }
  if (static_cast<double>(f) != x) {
    bits |= 1u;
    std::memcpy(&f, &bits, 4);
  }
  return f;
}

}  // namespace detail

// Convert one value; From/To are storage types (half for float16).
template <class To, class From>
MTL_HD inline To convert(From x) {
  if constexpr (std::is_same_v<To, From>) {
    return x;
  } else if constexpr (std::is_same_v<From, half>) {
    return convert<To>(static_cast<float>(x));
  } else if constexpr (std::is_same_v<To, half>) {
    if constexpr (is_complex_v<From>)
      return convert<half>(x.re);
    else if constexpr (std::is_same_v<From, double> || std::is_same_v<From, int64_t> || std::is_same_v<From, uint64_t>)
      return half(detail::to_float_odd(static_cast<double>(x)));  // one rounding, as NumPy
    else
      return half(static_cast<float>(x));
  } else if constexpr (is_complex_v<From>) {
    if constexpr (is_complex_v<To>)
      return To(x);
    else if constexpr (std::is_same_v<To, bool>)
      return x.re != 0 || x.im != 0;
    else
      return convert<To>(x.re);  // discards the imaginary part, as NumPy
  } else if constexpr (is_complex_v<To>) {
    using R = real_t<To>;
    return To(convert<R>(x), R(0));
  } else if constexpr (std::is_same_v<To, bool>) {
    return x != From(0);
  } else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
    return detail::float_to_int<To>(static_cast<double>(x));
  } else {
    return static_cast<To>(x);
  }
}

}  // namespace metallic
