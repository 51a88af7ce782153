// Scalar functors for NumPy's floating-point math ufuncs (real and complex).
#pragma once

#include "functors_arith.hpp"
#include "half.hpp"
#include "params.hpp"

namespace metallic::ops {

// A unary function with a real form (std::) and a complex form (math::).
#define MTL_UNARY_MATH(Name, real_expr, complex_expr) \
  struct Name {                                       \
    template <class T>                                \
    MTL_HD T operator()(T x) const {                  \
      if constexpr (is_complex_v<T>) {                \
        using R = real_t<T>;                          \
        (void)sizeof(R);                              \
        return complex_expr;                          \
      } else {                                        \
        return real_expr;                             \
      }                                               \
    }                                                 \
  };

MTL_UNARY_MATH(Sqrt, std::sqrt(x), math::sqrt(x))
MTL_UNARY_MATH(Exp, std::exp(x), math::exp(x))
MTL_UNARY_MATH(Exp2, std::exp2(x), math::exp2(x))
MTL_UNARY_MATH(Expm1, std::expm1(x), math::expm1(x))
MTL_UNARY_MATH(Log, std::log(x), math::log(x))
MTL_UNARY_MATH(Log2, std::log2(x), math::scaled_log(x, R(1.44269504088896340736)))
MTL_UNARY_MATH(Log10, std::log10(x), math::scaled_log(x, R(0.43429448190325182765)))
MTL_UNARY_MATH(Log1p, std::log1p(x), math::log1p(x))
MTL_UNARY_MATH(Sin, std::sin(x), math::sin(x))
MTL_UNARY_MATH(Cos, std::cos(x), math::cos(x))
MTL_UNARY_MATH(Tan, std::tan(x), math::tan(x))
MTL_UNARY_MATH(Arcsin, std::asin(x), math::asin(x))
MTL_UNARY_MATH(Arccos, std::acos(x), math::acos(x))
MTL_UNARY_MATH(Arctan, std::atan(x), math::atan(x))
MTL_UNARY_MATH(Sinh, std::sinh(x), math::sinh(x))
MTL_UNARY_MATH(Cosh, std::cosh(x), math::cosh(x))
MTL_UNARY_MATH(Tanh, std::tanh(x), math::tanh(x))
MTL_UNARY_MATH(Arcsinh, std::asinh(x), math::asinh(x))
MTL_UNARY_MATH(Arccosh, std::acosh(x), math::acosh(x))
MTL_UNARY_MATH(Arctanh, std::atanh(x), math::atanh(x))
MTL_UNARY_MATH(Rint, std::nearbyint(x), T(std::nearbyint(x.re), std::nearbyint(x.im)))
#undef MTL_UNARY_MATH

struct Cbrt {
  template <class T>
  MTL_HD T operator()(T x) const {
    return std::cbrt(x);
  }
};
struct Degrees {
  template <class T>
  MTL_HD T operator()(T x) const {
    return x * T(57.295779513082320876798);
  }
};
struct Radians {
  template <class T>
  MTL_HD T operator()(T x) const {
    return x * T(0.017453292519943295769237);
  }
};

// floor/ceil/trunc keep integer and bool inputs as they are (NumPy 2).
struct Floor {
  template <class T>
  MTL_HD T operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>)
      return std::floor(x);
    else
      return x;
  }
};
struct Ceil {
  template <class T>
  MTL_HD T operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>)
      return std::ceil(x);
    else
      return x;
  }
};
struct Trunc {
  template <class T>
  MTL_HD T operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>)
      return std::trunc(x);
    else
      return x;
  }
};

struct Arctan2 {
  template <class T>
  MTL_HD T operator()(T y, T x) const {
    return std::atan2(y, x);
  }
};
struct Hypot {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    return std::hypot(a, b);
  }
};
struct Copysign {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    return std::copysign(a, b);
  }
};
// float16 loops compute in float32: their params say so (u[0] = 1, set by apply_op), and
// the neighbour is float16's own, as NumPy's npy_half_nextafter.
struct Nextafter {
  bool half_ = false;
  Nextafter() = default;
  MTL_HD explicit Nextafter(const Params& p) : half_(p.u[0] != 0) {}
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    if constexpr (std::is_same_v<T, float>)
      if (half_) return half_next(a, b);
    return std::nextafter(a, b);
  }
  MTL_HD static float half_next(float a, float b) {
    if (a != a || b != b) return a + b;  // NaN
    if (a == b) return a;  // NumPy's float16 keeps x (-0 toward 0 stays -0)
    uint16_t h = half(a).bits;
    if (a == 0)
      h = static_cast<uint16_t>((half(b).bits & 0x8000u) | 1u);  // the smallest subnormal toward b
    else if ((a < b) == (a > 0))
      ++h;  // away from zero
    else
      --h;
    return half::to_float(h);
  }
};
// The distance from x to its neighbour away from zero (toward +inf for zeros); float16's
// is NumPy's own: never negative, and toward zero for negative x. inf and NaN give NaN.
struct Spacing {
  bool half_ = false;
  Spacing() = default;
  MTL_HD explicit Spacing(const Params& p) : half_(p.u[0] != 0) {}
  template <class T>
  MTL_HD T operator()(T x) const {
    const T inf = std::numeric_limits<T>::infinity();
    if (!(x - x == 0)) return std::numeric_limits<T>::quiet_NaN();  // inf, NaN
    if constexpr (std::is_same_v<T, float>)
      if (half_) {
        const float a = x < 0 ? -x : x;
        return x < 0 ? a - Nextafter::half_next(a, 0.0f) : Nextafter::half_next(a, inf) - a;
      }
    return std::nextafter(x, x < 0 ? -inf : inf) - x;
  }
};
struct FloatPower {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    return Power{}(a, b);
  }
};
struct Logaddexp {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    if (a == b) return a + T(0.69314718055994530942);  // handles infinities of one sign
    const T d = a - b;
    if (d > 0) return a + std::log1p(std::exp(-d));
    if (d <= 0) return b + std::log1p(std::exp(d));
    return d;  // nan
  }
};
struct Logaddexp2 {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    const T ln2 = T(0.69314718055994530942);
    if (a == b) return a + T(1);
    const T d = a - b;
    if (d > 0) return a + std::log1p(std::exp2(-d)) / ln2;
    if (d <= 0) return b + std::log1p(std::exp2(d)) / ln2;
    return d;
  }
};
struct Heaviside {
  template <class T>
  MTL_HD T operator()(T x, T h0) const {
    if (x != x) return x;
    return x < 0 ? T(0) : (x > 0 ? T(1) : h0);
  }
};

struct IsNan {
  template <class T>
  MTL_HD bool operator()(T x) const {
    if constexpr (is_complex_v<T>)
      return x.re != x.re || x.im != x.im;
    else
      return math::isnan_(x);
  }
};
struct IsInf {
  template <class T>
  MTL_HD bool operator()(T x) const {
    if constexpr (is_complex_v<T>)
      return std::isinf(x.re) || std::isinf(x.im);
    else if constexpr (std::is_floating_point_v<T>)
      return std::isinf(x);
    else
      return false;
  }
};
struct IsFinite {
  template <class T>
  MTL_HD bool operator()(T x) const {
    if constexpr (is_complex_v<T>)
      return std::isfinite(x.re) && std::isfinite(x.im);
    else if constexpr (std::is_floating_point_v<T>)
      return std::isfinite(x);
    else
      return true;
  }
};
struct Signbit {
  template <class T>
  MTL_HD bool operator()(T x) const {
    return std::signbit(x);
  }
};

struct Ldexp {
  template <class T, class I>
  MTL_HD T operator()(T x, I e) const {
    const I lim = 100000;  // beyond any exponent range; keeps the int conversion defined
    return std::ldexp(x, static_cast<int>(e > lim ? lim : (e < -lim ? -lim : e)));
  }
};
struct Frexp {
  static constexpr int nout = 2;
  template <class T>
  MTL_HD void operator()(T x, T& m, int32_t& e) const {
    int ex = 0;
    m = std::frexp(x, &ex);
    e = (std::isfinite(x)) ? ex : 0;
  }
};
struct Modf {
  static constexpr int nout = 2;
  template <class T>
  MTL_HD void operator()(T x, T& frac, T& whole) const {
    frac = std::modf(x, &whole);
  }
};

}  // namespace metallic::ops
