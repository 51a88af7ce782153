// A complex number type usable on host and device, layout-compatible with NumPy's
// complex64/complex128 (real then imaginary part).
#pragma once

#include <cmath>
#include <type_traits>

#include "hd.hpp"

namespace metallic {

template <class T>
struct complex {
  T re{}, im{};

  complex() = default;
  MTL_HD complex(T r, T i = T(0)) : re(r), im(i) {}
  template <class U>
  MTL_HD explicit complex(const complex<U>& o)
      : re(static_cast<T>(o.re)), im(static_cast<T>(o.im)) {}

  MTL_HD friend complex operator+(complex a, complex b) { return {a.re + b.re, a.im + b.im}; }
  MTL_HD friend complex operator-(complex a, complex b) { return {a.re - b.re, a.im - b.im}; }
  MTL_HD friend complex operator-(complex a) { return {-a.re, -a.im}; }
  MTL_HD friend complex operator*(complex a, complex b) {
    return {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
  }
  // Smith's algorithm, as NumPy, for range safety.
  MTL_HD friend complex operator/(complex a, complex b) {
    const T abs_br = std::fabs(b.re), abs_bi = std::fabs(b.im);
    if (abs_br >= abs_bi) {
      if (abs_br == 0 && abs_bi == 0) return {a.re / abs_br, a.im / abs_bi};
      const T rat = b.im / b.re, scl = T(1) / (b.re + b.im * rat);
      return {(a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl};
    }
    const T rat = b.re / b.im, scl = T(1) / (b.im + b.re * rat);
    return {(a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl};
  }
  MTL_HD friend bool operator==(complex a, complex b) { return a.re == b.re && a.im == b.im; }
  MTL_HD friend bool operator!=(complex a, complex b) { return !(a == b); }
  // NumPy orders complex numbers lexicographically; a NaN imaginary part makes the
  // real-part comparison false (NumPy's CLT/CLE).
  MTL_HD friend bool operator<(complex a, complex b) {
    return (a.re < b.re && a.im == a.im && b.im == b.im) || (a.re == b.re && a.im < b.im);
  }
  MTL_HD friend bool operator>(complex a, complex b) { return b < a; }
  MTL_HD friend bool operator<=(complex a, complex b) {
    return (a.re < b.re && a.im == a.im && b.im == b.im) || (a.re == b.re && a.im <= b.im);
  }
  MTL_HD friend bool operator>=(complex a, complex b) { return b <= a; }
  MTL_HD explicit operator bool() const { return re != 0 || im != 0; }
};

template <class T>
struct is_complex_t : std::false_type {};
template <class T>
struct is_complex_t<complex<T>> : std::true_type {};
template <class T>
inline constexpr bool is_complex_v = is_complex_t<T>::value;

template <class T>
struct real_of {
  using type = T;
};
template <class T>
struct real_of<complex<T>> {
  using type = T;
};
template <class T>
using real_t = typename real_of<T>::type;

}  // namespace metallic
