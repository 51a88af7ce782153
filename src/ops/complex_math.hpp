// Complex elementary functions with NumPy's results: the special values and branch cuts
// (signed zeros) of C99 Annex G, which NumPy gets from the C library, and NumPy's own
// formulas where NumPy has them (exp2, expm1, log2, log10, log1p, reciprocal, sign, power).
// Accurate over the whole range: squares are formed without over- or underflow, and
// |z| near 1 and the inverse functions use cancellation-free forms (for asin and acos the
// algorithm of Hull, Fairgrieve and Tang, 1997). Host and device.
#pragma once

#include "scalar_math.hpp"

namespace metallic::math {

namespace cdetail {
template <class T>
MTL_HD inline T inf() {
  return std::numeric_limits<T>::infinity();
}
template <class T>
MTL_HD constexpr T pi() {
  return T(3.14159265358979323846);
}
template <class T>
MTL_HD constexpr T half_pi() {
  return T(1.57079632679489661923);
}
template <class T>
MTL_HD constexpr T quarter_pi() {
  return T(0.78539816339744830962);
}
template <class T>
MTL_HD constexpr T ln2() {
  return T(0.69314718055994530942);
}
// Beyond this, |z|^2 + 1 rounds to |z|^2 (the inverse functions' large-argument forms).
template <class T>
MTL_HD constexpr T big() {
  return sizeof(T) == 4 ? T(8192) : T(268435456);  // 4 / sqrt(eps)
}
// Below this, asin z, atanh z... round to z.
template <class T>
MTL_HD constexpr T tiny() {
  return sizeof(T) == 4 ? T(2.44140625e-4) : T(1.4901161193847656e-8);  // sqrt(eps)
}

// a + b exactly as hi + lo.
template <class T>
MTL_HD inline void two_sum(T a, T b, T& hi, T& lo) {
  hi = a + b;
  const T bb = hi - a;
  lo = (a - (hi - bb)) + (b - bb);
}
// a^2 + b^2 - 1 without cancellation (|z| near 1), from exact products and sums.
template <class T>
MTL_HD inline T norm_minus_one(T a, T b) {
  const T p = a * a, pe = std::fma(a, a, -p), q = b * b, qe = std::fma(b, b, -q);
  T s, e1, e2;
  two_sum(p, T(-1), s, e1);
  two_sum(s, q, s, e2);
  return s + (e1 + e2 + pe + qe);
}
}  // namespace cdetail

// ---- |z|, arg z, log|z| -------------------------------------------------------------
template <class T>
MTL_HD inline T abs(C<T> z) {
  // NumPy's formula (its SIMD loops'), not libm's hypot (which rounds differently a
  // quarter of the time): the larger part times sqrt(1 + r^2), r the ratio of the parts,
  // 1 + r^2 in one fused step where the target has FMA (as NumPy's AVX2/AVX-512 loops; the
  // CPU's AVX2 and AVX-512 builds of this loop, complex_abs.cpp, fuse it too).
  // Written with selects only (no early returns), so that CPU loops vectorise it.
  const T x = std::fabs(z.re), y = std::fabs(z.im);
  const T big = x > y ? x : y, small = x > y ? y : x;
  const T r = big > 0 ? small / big : T(0);
#if defined(__CUDA_ARCH__) || defined(__FMA__)
  T h = big * std::sqrt(std::fma(r, r, T(1)));
#else
  T h = big * std::sqrt(r * r + T(1));
#endif
  h = (x != x || y != y) ? x + y : h;  // NaN, unless a part is infinite:
  return (x == cdetail::inf<T>() || y == cdetail::inf<T>()) ? cdetail::inf<T>() : h;
}
template <class T>
MTL_HD inline T arg(C<T> z) {
  return std::atan2(z.im, z.re);
}
// log|x + iy|: accurate near |z| = 1 and for sub- and supernormal ends of the range.
template <class T>
MTL_HD inline T log_abs(T x, T y) {
  using namespace cdetail;
  if (std::isinf(x) || std::isinf(y)) return inf<T>();
  if (x != x || y != y) return x + y;
  T a = std::fabs(x), b = std::fabs(y);
  if (a < b) {
    const T t = a;
    a = b;
    b = t;
  }
  if (a == 0) return -inf<T>();
  if (a >= T(0.5) && a < T(1.5) && a * a + b * b > T(0.5) && a * a + b * b < T(2))
    return T(0.5) * std::log1p(norm_minus_one(a, b));
  if (a > fconst<T>::max() / 4) return std::log(std::hypot(a * T(0.25), b * T(0.25))) + 2 * ln2<T>();
  if (a < fconst<T>::min_normal() * 4) {  // scaled into the normal range
    const int k = sizeof(T) == 4 ? 24 : 54;
    return std::log(std::hypot(std::ldexp(a, k), std::ldexp(b, k))) - T(k) * ln2<T>();
  }
  return std::log(std::hypot(a, b));
}

// ---- exp and log ----------------------------------------------------------------------
template <class T>
MTL_HD inline C<T> exp(C<T> z) {
  const T x = z.re, y = z.im;
  if (std::isinf(x) && !std::isfinite(y)) {
    if (x < 0) return {T(0), std::copysign(T(0), y)};
    return {x, y - y};
  }
  if (y == 0) return {std::exp(x), y};
  if (x > fconst<T>::ln_max()) {  // exp(x) alone overflows; the product may not
    const T h = std::exp(x * T(0.5));
    return {(h * std::cos(y)) * h, (h * std::sin(y)) * h};
  }
  const T e = std::exp(x);
  return {e * std::cos(y), e * std::sin(y)};
}
template <class T>
MTL_HD inline C<T> log(C<T> z) {
  return {log_abs(z.re, z.im), arg(z)};
}
template <class T>
MTL_HD inline C<T> exp2(C<T> z) {
  const T l = cdetail::ln2<T>();
  return exp(C<T>{z.re * l, z.im * l});
}
template <class T>
MTL_HD inline C<T> expm1(C<T> z) {
  const T s = std::sin(z.im * T(0.5));
  return {std::expm1(z.re) * std::cos(z.im) - 2 * s * s, std::exp(z.re) * std::sin(z.im)};
}
template <class T>
MTL_HD inline C<T> log1p(C<T> z) {
  return {std::log(std::hypot(z.re + 1, z.im)), std::atan2(z.im, z.re + 1)};
}
template <class T>
MTL_HD inline C<T> scaled_log(C<T> z, T factor) {
  const C<T> l = log(z);
  return {l.re * factor, l.im * factor};
}

// ---- square root -------------------------------------------------------------------
template <class T>
MTL_HD inline C<T> sqrt(C<T> z) {
  T a = z.re, b = z.im;
  if (a == 0 && b == 0) return {T(0), b};
  if (std::isinf(b)) return {cdetail::inf<T>(), b};
  if (a != a) return {a, b == b ? a : b};
  if (std::isinf(a)) {
    if (std::signbit(a)) return {std::fabs(b - b), std::copysign(-a, b)};
    return {a, std::copysign(b - b, b)};
  }
  int k = 0;  // scaled by 4^-k so that neither the sum nor the halving leaves the range
  if (std::fabs(a) > fconst<T>::max() / 4 || std::fabs(b) > fconst<T>::max() / 4) {
    a *= T(0.25), b *= T(0.25), k = -1;
  } else if (std::fabs(a) < fconst<T>::min_normal() * 4 && std::fabs(b) < fconst<T>::min_normal() * 4) {
    k = sizeof(T) == 4 ? 12 : 27;
    a = std::ldexp(a, 2 * k), b = std::ldexp(b, 2 * k);
  }
  const T t = std::sqrt((std::fabs(a) + std::hypot(a, b)) * T(0.5));
  C<T> r = a >= 0 ? C<T>{t, T(0.5) * (b / t)} : C<T>{T(0.5) * (std::fabs(b) / t), std::copysign(t, b)};
  if (k) r = {std::ldexp(r.re, -k), std::ldexp(r.im, -k)};
  return r;
}

// ---- hyperbolic functions (the circular ones through sin z = -i sinh iz ...) --------
template <class T>
MTL_HD inline C<T> sinh(C<T> z) {
  const T x = z.re, y = z.im;
  if (!std::isfinite(x)) {
    if (x != x) return {x, y == 0 ? y : x};
    if (!std::isfinite(y)) return {cdetail::inf<T>(), y - y};
    if (y == 0) return {x, y};
    return {x * std::cos(y), cdetail::inf<T>() * std::sin(y)};
  }
  if (!std::isfinite(y)) return {x == 0 ? x : y - y, y - y};
  if (y == 0) return {std::sinh(x), y};
  if (std::fabs(x) > fconst<T>::ln_max()) {
    const T h = std::exp(std::fabs(x) * T(0.5)) * T(0.5), e = std::exp(std::fabs(x) * T(0.5));
    return {std::copysign(T(1), x) * ((h * std::cos(y)) * e), (h * std::sin(y)) * e};
  }
  return {std::sinh(x) * std::cos(y), std::cosh(x) * std::sin(y)};
}
template <class T>
MTL_HD inline C<T> cosh(C<T> z) {
  const T x = z.re, y = z.im;
  if (!std::isfinite(x)) {
    if (x != x) return {x, y == 0 ? y : x};
    if (!std::isfinite(y)) return {cdetail::inf<T>(), y - y};
    if (y == 0) return {cdetail::inf<T>(), std::copysign(T(0), x) * y};
    return {cdetail::inf<T>() * std::cos(y), x * std::sin(y)};
  }
  if (!std::isfinite(y)) return {y - y, x == 0 ? T(0) : y - y};
  if (y == 0) return {std::cosh(x), std::copysign(T(0), x) * y};
  if (std::fabs(x) > fconst<T>::ln_max()) {
    const T h = std::exp(std::fabs(x) * T(0.5)) * T(0.5), e = std::exp(std::fabs(x) * T(0.5));
    return {(h * std::cos(y)) * e, std::copysign(T(1), x) * ((h * std::sin(y)) * e)};
  }
  return {std::cosh(x) * std::cos(y), std::sinh(x) * std::sin(y)};
}
template <class T>
MTL_HD inline C<T> tanh(C<T> z) {
  const T x = z.re, y = z.im;
  if (!std::isfinite(x)) {
    if (x != x) return {x, y == 0 ? y : x};
    return {std::copysign(T(1), x), std::copysign(T(0), std::isfinite(y) ? std::sin(y) * std::cos(y) : y)};
  }
  if (!std::isfinite(y)) return {x == 0 ? x : y - y, y - y};
  if (std::fabs(x) > (sizeof(T) == 4 ? T(9) : T(22))) {  // tanh x rounds to +-1
    const T e = std::exp(-2 * std::fabs(x));
    return {std::copysign(T(1), x), 4 * std::sin(y) * std::cos(y) * e};
  }
  // Kahan's form: no cancellation in the denominator.
  const T t = std::tan(y), beta = 1 + t * t, s = std::sinh(x), rho = std::sqrt(1 + s * s);
  const T den = 1 + beta * s * s;
  return {beta * rho * s / den, t / den};
}
template <class T>
MTL_HD inline C<T> sin(C<T> z) {
  if (std::isinf(z.im) && !std::isfinite(z.re)) return {z.re - z.re, cdetail::inf<T>()};  // as C libraries
  const C<T> w = sinh(C<T>{-z.im, z.re});
  return {w.im, -w.re};
}
template <class T>
MTL_HD inline C<T> cos(C<T> z) {
  return cosh(C<T>{-z.im, z.re});
}
template <class T>
MTL_HD inline C<T> tan(C<T> z) {
  const C<T> w = tanh(C<T>{-z.im, z.re});
  return {w.im, -w.re};
}

// ---- inverse functions -------------------------------------------------------------
namespace cdetail {
// asin (want_acos: acos) of x + iy for finite x, y >= 0: the real part, and the
// magnitude of the imaginary part (Hull, Fairgrieve and Tang's regions).
template <class T>
MTL_HD inline C<T> asin_first_quadrant(T x, T y, bool want_acos) {
  if (x > big<T>() || y > big<T>()) {  // asin z ~ -i log(2iz)
    const T im = log_abs(x, y) + ln2<T>();
    return {want_acos ? std::atan2(y, x) : std::atan2(x, y), im};
  }
  if (x < tiny<T>() && y < tiny<T>()) return {want_acos ? half_pi<T>() - x : x, y};
  const T r = std::hypot(x + 1, y), s = std::hypot(x - 1, y);
  const T A = T(0.5) * (r + s), B = x / A, y2 = y * y;
  T re;
  if (B <= T(0.6417)) {
    re = want_acos ? std::acos(B) : std::asin(B);
  } else {
    // cot of the real part: from an atan, exact near B = 1
    if (x <= 1) {
      const T den = std::sqrt(T(0.5) * (A + x) * (y2 / (r + x + 1) + (s + (1 - x))));
      re = want_acos ? std::atan(den / x) : std::atan(x / den);
    } else {
      const T c = std::sqrt(T(0.5) * ((A + x) / (r + x + 1) + (A + x) / (s + (x - 1))));
      re = want_acos ? std::atan(y * (c / x)) : std::atan(x / (y * c));
    }
  }
  T im;
  if (x < 1 && y < fconst<T>::eps() * (1 - x)) {
    im = y / std::sqrt((1 - x) * (1 + x));
  } else if (A <= T(1.5)) {  // A - 1 = u / 2, kept whole where halving it would underflow
    const T u = x < 1 ? y2 / (r + x + 1) + y2 / (s + (1 - x)) : y2 / (r + x + 1) + (s + (x - 1));
    im = std::log1p(T(0.5) * u + std::sqrt(u * (A + 1) * T(0.5)));
  } else {
    im = std::log(A + std::sqrt(A * A - 1));
  }
  return {re, im};
}
// atanh of x + iy for finite x, y >= 0.
template <class T>
MTL_HD inline C<T> atanh_first_quadrant(T x, T y) {
  if (x > big<T>() || y > big<T>()) {  // atanh z ~ 1/z + i pi/2
    const T h = std::hypot(x, y);
    return {(x / h) / h, half_pi<T>() - (y / h) / h};
  }
  if (x < tiny<T>() && y < tiny<T>()) return {x, y};
  // Near the pole (1 - x and y tiny) the square sum would underflow: the logs' difference.
  const T den = (1 - x) * (1 - x) + y * y;
  const T re = den < fconst<T>::min_normal() / fconst<T>::eps()
                   ? T(0.5) * (log_abs(1 + x, y) - log_abs(1 - x, y))
                   : T(0.25) * std::log1p(4 * x / den);
  return {re, T(0.5) * std::atan2(2 * y, T(0) - norm_minus_one(x, y))};
}
}  // namespace cdetail

template <class T>
MTL_HD inline C<T> asinh(C<T> z) {
  using namespace cdetail;
  const T x = z.re, y = z.im, ax = std::fabs(x), ay = std::fabs(y);
  T re, im;
  if (!std::isfinite(x) || !std::isfinite(y)) {
    if (std::isinf(ax)) {
      re = ax;
      im = ay != ay ? ay : (std::isinf(ay) ? quarter_pi<T>() : T(0));
    } else if (x != x) {
      if (ay == 0) return {x, y};
      return {std::isinf(ay) ? std::copysign(inf<T>(), x) : x, x};
    } else {  // x finite
      if (y != y) return {y, y};
      re = inf<T>(), im = half_pi<T>();
    }
  } else {
    const C<T> w = asin_first_quadrant(ay, ax, false);  // asinh z = -i asin(iz)
    re = w.im, im = w.re;
  }
  return {std::copysign(re, x), std::copysign(im, y)};
}
template <class T>
MTL_HD inline C<T> asin(C<T> z) {
  const C<T> w = asinh(C<T>{-z.im, z.re});  // asin z = -i asinh(iz)
  return {w.im, -w.re};
}
template <class T>
MTL_HD inline C<T> acos(C<T> z) {
  using namespace cdetail;
  const T x = z.re, y = z.im;
  if (!std::isfinite(x) || !std::isfinite(y)) {
    const T ninf = -std::copysign(inf<T>(), y);
    if (std::isinf(x)) {
      if (y != y) return {y, -inf<T>()};
      if (std::isinf(y)) return {x > 0 ? quarter_pi<T>() : 3 * quarter_pi<T>(), ninf};
      return {x > 0 ? T(0) : pi<T>(), ninf};
    }
    if (x != x) return {x, std::isinf(y) ? ninf : x};
    if (std::isinf(y)) return {half_pi<T>(), ninf};
    return {x == 0 ? half_pi<T>() : y, y};  // y NaN
  }
  const C<T> w = asin_first_quadrant(std::fabs(x), std::fabs(y), true);
  return {std::signbit(x) ? pi<T>() - w.re : w.re, -std::copysign(w.im, y)};
}
template <class T>
MTL_HD inline C<T> acosh(C<T> z) {
  const T x = z.re, y = z.im;
  if (x != x && std::isfinite(y)) return {x, x};
  const C<T> w = acos(z);  // acosh z = +-i acos z, the sign making the real part >= 0
  if (w.im != w.im && w.re == w.re) return {w.im, std::copysign(w.re, y)};
  return {std::fabs(w.im), std::copysign(w.re, y)};
}
template <class T>
MTL_HD inline C<T> atanh(C<T> z) {
  using namespace cdetail;
  const T x = z.re, y = z.im, ax = std::fabs(x), ay = std::fabs(y);
  T re, im;
  if (!std::isfinite(x) || !std::isfinite(y)) {
    if (std::isinf(ay)) {
      re = T(0), im = half_pi<T>();
    } else if (std::isinf(ax)) {
      re = T(0), im = ay != ay ? ay : half_pi<T>();
    } else if (x != x) {
      return {x, x};
    } else {  // y NaN
      return {ax == 0 ? x : y, y};
    }
    if (x != x) return {T(0), std::copysign(im, y)};
  } else {
    const C<T> w = atanh_first_quadrant(ax, ay);
    re = w.re, im = w.im;
  }
  return {std::copysign(re, x), std::copysign(im, y)};
}
template <class T>
MTL_HD inline C<T> atan(C<T> z) {
  if (std::isinf(z.re) && z.im != z.im) return {std::copysign(cdetail::half_pi<T>(), z.re), std::copysign(T(0), z.im)};
  const C<T> w = atanh(C<T>{-z.im, z.re});  // atan z = -i atanh(iz)
  return {w.im, -w.re};
}

// ---- NumPy's own complex formulas ---------------------------------------------------
template <class T>
MTL_HD inline C<T> reciprocal(C<T> z) {
  if (std::fabs(z.im) <= std::fabs(z.re)) {
    const T r = z.im / z.re, d = z.re + z.im * r;
    return {1 / d, -r / d};
  }
  const T r = z.re / z.im, d = z.re * r + z.im;
  return {r / d, -1 / d};
}
template <class T>
MTL_HD inline C<T> pow(C<T> a, C<T> b) {
  if (b.re == 0 && b.im == 0) return {T(1), T(0)};
  if (a.re == 0 && a.im == 0) {
    if (b.re > 0) return {T(0), T(0)};
    return {nan_<T>(), nan_<T>()};
  }
  // Small integer powers by repeated multiplication, as NumPy (2 and 3 unrolled).
  if (b.im == 0 && b.re == std::trunc(b.re) && std::fabs(b.re) < 100) {
    int64_t n = static_cast<int64_t>(b.re);
    if (n == 1) return a;
    if (n == 2) return a * a;
    if (n == 3) return a * (a * a);
    const bool neg = n < 0;
    if (neg) n = -n;
    C<T> r(1), p = a;
    while (true) {
      if (n & 1) r = r * p;
      n >>= 1;
      if (!n) break;
      p = p * p;
    }
    return neg ? C<T>(1) / r : r;
  }
  return exp(b * log(a));
}

}  // namespace metallic::math
