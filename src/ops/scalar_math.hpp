// Math on one scalar, real or complex, with NumPy's conventions. Host and device.
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

// ---- complex elementary functions -----------------------------------------------
template <class T>
MTL_HD inline T abs(C<T> z) {
  return std::hypot(z.re, z.im);
}
template <class T>
MTL_HD inline T arg(C<T> z) {
  return std::atan2(z.im, z.re);
}
template <class T>
MTL_HD inline C<T> exp(C<T> z) {
  if (z.im == 0) return {std::exp(z.re), z.im};
  const T e = std::exp(z.re);
  return {e * std::cos(z.im), e * std::sin(z.im)};
}
template <class T>
MTL_HD inline C<T> log(C<T> z) {
  return {std::log(abs(z)), arg(z)};
}
template <class T>
MTL_HD inline C<T> sqrt(C<T> z) {
  // Kahan's algorithm (as C99 csqrt): exact branch cut along the negative real axis.
  const T a = z.re, b = z.im;
  if (a == 0 && b == 0) return {T(0), b};
  if (std::isinf(b)) return {std::numeric_limits<T>::infinity(), b};
  if (a != a) return {a, b == b ? a : b};
  if (std::isinf(a)) {
    if (std::signbit(a)) return {std::fabs(b - b), std::copysign(-a, b)};
    return {a, std::copysign(b - b, b)};
  }
  const T t = std::sqrt((std::fabs(a) + std::hypot(a, b)) * T(0.5));
  if (a >= 0) return {t, b / (2 * t)};
  return {std::fabs(b) / (2 * t), std::copysign(t, b)};
}
template <class T>
MTL_HD inline C<T> sin(C<T> z) {
  return {std::sin(z.re) * std::cosh(z.im), std::cos(z.re) * std::sinh(z.im)};
}
template <class T>
MTL_HD inline C<T> cos(C<T> z) {
  return {std::cos(z.re) * std::cosh(z.im), -std::sin(z.re) * std::sinh(z.im)};
}
template <class T>
MTL_HD inline C<T> sinh(C<T> z) {
  return {std::sinh(z.re) * std::cos(z.im), std::cosh(z.re) * std::sin(z.im)};
}
template <class T>
MTL_HD inline C<T> cosh(C<T> z) {
  return {std::cosh(z.re) * std::cos(z.im), std::sinh(z.re) * std::sin(z.im)};
}
template <class T>
MTL_HD inline C<T> tanh(C<T> z) {
  // Stable for large |re|: tanh(x+iy) = (sinh 2x + i sin 2y) / (cosh 2x + cos 2y)
  if (std::fabs(z.re) > T(20)) return {std::copysign(T(1), z.re), T(0) * std::sin(2 * z.im)};
  const T d = std::cosh(2 * z.re) + std::cos(2 * z.im);
  return {std::sinh(2 * z.re) / d, std::sin(2 * z.im) / d};
}
template <class T>
MTL_HD inline C<T> tan(C<T> z) {
  const C<T> t = tanh(C<T>{-z.im, z.re});  // tan z = -i tanh(iz)
  return {t.im, -t.re};
}
template <class T>
MTL_HD inline C<T> asinh(C<T> z) {
  // asinh z = log(z + sqrt(z^2 + 1))
  const C<T> w = sqrt(z * z + C<T>(1));
  if (z.re < 0 || (z.re == 0 && std::signbit(z.re))) {
    const C<T> r = log(-z + sqrt(z * z + C<T>(1)));
    return -r;
  }
  return log(z + w);
}
template <class T>
MTL_HD inline C<T> asin(C<T> z) {
  const C<T> r = asinh(C<T>{-z.im, z.re});  // asin z = -i asinh(iz)
  return {r.im, -r.re};
}
template <class T>
MTL_HD inline C<T> acos(C<T> z) {
  const C<T> a = asin(z);
  return {T(1.57079632679489661923) - a.re, -a.im};
}
template <class T>
MTL_HD inline C<T> atanh(C<T> z) {
  // atanh z = (log(1+z) - log(1-z)) / 2
  const C<T> r = log(C<T>(1) + z) - log(C<T>(1) - z);
  return {r.re / 2, r.im / 2};
}
template <class T>
MTL_HD inline C<T> atan(C<T> z) {
  const C<T> r = atanh(C<T>{-z.im, z.re});  // atan z = -i atanh(iz)
  return {r.im, -r.re};
}
template <class T>
MTL_HD inline C<T> acosh(C<T> z) {
  // acosh z = log(z + sqrt(z+1) sqrt(z-1))
  return log(z + sqrt(z + C<T>(1)) * sqrt(z - C<T>(1)));
}
template <class T>
MTL_HD inline C<T> pow(C<T> a, C<T> b) {
  if (b.re == 0 && b.im == 0) return {T(1), T(0)};
  if (a.re == 0 && a.im == 0) {
    if (b.re > 0) return {T(0), T(0)};
    return {nan_<T>(), nan_<T>()};
  }
  // Small integer powers by repeated multiplication, as NumPy.
  if (b.im == 0 && b.re == std::trunc(b.re) && std::fabs(b.re) <= 100) {
    int64_t n = static_cast<int64_t>(b.re);
    const bool neg = n < 0;
    if (neg) n = -n;
    C<T> r(1), p = a;
    while (n) {
      if (n & 1) r = r * p;
      p = p * p;
      n >>= 1;
    }
    return neg ? C<T>(1) / r : r;
  }
  return exp(b * log(a));
}

}  // namespace metallic::math
