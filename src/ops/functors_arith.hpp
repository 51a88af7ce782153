// Scalar functors for arithmetic ufuncs. Each is valid host and device code and
// computes what NumPy computes for one element (float16 arrives as float).
#pragma once

#include "complex_math.hpp"

namespace metallic::ops {

template <class T>
inline constexpr bool is_int_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;
template <class T>
inline constexpr bool is_signed_int_v = is_int_v<T>&& std::is_signed_v<T>;

// Integer +, - and * wrap around, as NumPy's do. In C++ signed overflow (and overflow of
// unsigned short arithmetic, which is done in int) is undefined behaviour that optimisers
// exploit, so the arithmetic happens in an unsigned type at least as wide as int.
template <class T>
using wrap_t = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
template <class T>
MTL_HD inline T wrap_add(T a, T b) {
  return static_cast<T>(static_cast<wrap_t<T>>(a) + static_cast<wrap_t<T>>(b));
}
template <class T>
MTL_HD inline T wrap_sub(T a, T b) {
  return static_cast<T>(static_cast<wrap_t<T>>(a) - static_cast<wrap_t<T>>(b));
}
template <class T>
MTL_HD inline T wrap_mul(T a, T b) {
  return static_cast<T>(static_cast<wrap_t<T>>(a) * static_cast<wrap_t<T>>(b));
}

struct Add {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    if constexpr (std::is_same_v<T, bool>)
      return a || b;
    else if constexpr (is_int_v<T>)
      return wrap_add(a, b);
    else
      return static_cast<T>(a + b);
  }
};
struct Subtract {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    if constexpr (is_int_v<T>)
      return wrap_sub(a, b);
    else
      return static_cast<T>(a - b);
  }
};
struct Multiply {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    if constexpr (std::is_same_v<T, bool>)
      return a && b;
    else if constexpr (is_int_v<T>)
      return wrap_mul(a, b);
    else
      return static_cast<T>(a * b);
  }
};
struct TrueDivide {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    return a / b;
  }
};

// Python's floor division: rounds toward minus infinity; x // 0 == 0 for integers.
struct FloorDivide {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    if constexpr (is_int_v<T>) {
      if (b == 0) return T(0);
      if constexpr (std::is_signed_v<T>) {
        if (b == T(-1)) return wrap_sub(T(0), a);  // wraps for the minimum, as NumPy
        T q = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
        return q;
      } else {
        return a / b;
      }
    } else {
      if (b == 0) return a / b;
      const T mod = std::fmod(a, b);
      T div = (a - mod) / b;
      if (mod != 0 && ((b < 0) != (mod < 0))) div -= T(1);
      T floordiv;
      if (div != 0) {
        floordiv = std::floor(div);
        if (div - floordiv > T(0.5)) floordiv += T(1);
      } else {
        floordiv = std::copysign(T(0), a / b);
      }
      return floordiv;
    }
  }
};

// Python's modulo: the result has the sign of the divisor; x % 0 == 0 for integers.
struct Remainder {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    if constexpr (is_int_v<T>) {
      if (b == 0) return T(0);
      if constexpr (std::is_signed_v<T>) {
        if (b == T(-1)) return T(0);
        T r = a % b;
        if (r != 0 && ((r < 0) != (b < 0))) r += b;
        return r;
      } else {
        return a % b;
      }
    } else {
      if (b == 0) return std::fmod(a, b);
      T mod = std::fmod(a, b);
      if (mod != 0) {
        if ((b < 0) != (mod < 0)) mod += b;
      } else {
        mod = std::copysign(T(0), b);
      }
      return mod;
    }
  }
};

// C's fmod: the result has the sign of the dividend.
struct Fmod {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    if constexpr (is_int_v<T>) {
      if (b == 0) return T(0);
      if constexpr (std::is_signed_v<T>)
        if (b == T(-1)) return T(0);
      return static_cast<T>(a % b);
    } else {
      return std::fmod(a, b);
    }
  }
};

struct Divmod {
  static constexpr int nout = 2;
  template <class T>
  MTL_HD void operator()(T a, T b, T& q, T& r) const {
    q = FloorDivide{}(a, b);
    r = Remainder{}(a, b);
  }
};

struct Power {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    if constexpr (is_int_v<T>) {
      // Negative exponents are rejected before the kernel runs (NumPy's ValueError).
      if constexpr (std::is_signed_v<T>)
        if (b < 0) return T(0);
      T r = 1, p = a;
      auto n = b;
      while (n) {
        if (n & 1) r = wrap_mul(r, p);
        p = wrap_mul(p, p);
        n >>= 1;
      }
      return r;
    } else if constexpr (is_complex_v<T>) {
      return math::pow(a, b);
    } else {
      return std::pow(a, b);
    }
  }
};

struct Negative {
  template <class T>
  MTL_HD T operator()(T a) const {
    if constexpr (is_int_v<T>)
      return wrap_sub(T(0), a);
    else
      return -a;
  }
};
struct Positive {
  template <class T>
  MTL_HD T operator()(T a) const {
    return a;
  }
};
struct Absolute {
  template <class T>
  MTL_HD auto operator()(T a) const {
    if constexpr (is_complex_v<T>)
      return math::abs(a);
    else if constexpr (std::is_same_v<T, bool> || std::is_unsigned_v<T>)
      return a;
    else if constexpr (is_int_v<T>)
      return a < 0 ? wrap_sub(T(0), a) : a;
    else
      return std::fabs(a);
  }
};
struct Fabs {
  template <class T>
  MTL_HD T operator()(T a) const {
    return std::fabs(a);
  }
};
struct Sign {
  template <class T>
  MTL_HD T operator()(T a) const {
    if constexpr (is_complex_v<T>) {
      using R = real_t<T>;
      const R m = math::abs(a);  // infinite where a part is, even beside a NaN
      if (m != m) return {m, m};
      if (m == 0) return {R(0), R(0)};
      if (std::isinf(m)) {  // NumPy: sign of an infinite component
        if (std::isinf(a.re) && std::isinf(a.im)) return {math::nan_<R>(), math::nan_<R>()};
        return {std::isinf(a.re) ? std::copysign(R(1), a.re) : R(0),
                std::isinf(a.im) ? std::copysign(R(1), a.im) : R(0)};
      }
      return {a.re / m, a.im / m};
    } else if constexpr (std::is_floating_point_v<T>) {
      if (a != a) return a;
      return a > 0 ? T(1) : (a < 0 ? T(-1) : T(0));
    } else {
      return static_cast<T>(a > 0 ? 1 : (a < T(0) ? -1 : 0));
    }
  }
};
struct Reciprocal {
  template <class T>
  MTL_HD T operator()(T a) const {
    if constexpr (is_int_v<T>) {
      // NumPy's 1 / 0 for integers: the x86 conversion of inf, the lowest value of 32- and
      // 64-bit signed types, truncated to 0 for the narrower ones and the unsigned.
      if (a == 0) return std::is_signed_v<T> && sizeof(T) >= 4 ? std::numeric_limits<T>::min() : T(0);
      return static_cast<T>(T(1) / a);
    } else if constexpr (is_complex_v<T>) {
      return math::reciprocal(a);
    } else {
      return T(1) / a;
    }
  }
};
struct Square {
  template <class T>
  MTL_HD T operator()(T a) const {
    if constexpr (is_int_v<T>)
      return wrap_mul(a, a);
    else
      return static_cast<T>(a * a);
  }
};
struct Conjugate {
  template <class T>
  MTL_HD T operator()(T a) const {
    if constexpr (is_complex_v<T>)
      return {a.re, -a.im};
    else
      return a;
  }
};

// maximum/minimum propagate NaN; fmax/fmin ignore it (NaN only when both are NaN).
// Complex numbers compare lexicographically, as NumPy. Equal operands give b, as NumPy's
// loops (maximum(-0.0, 0.0) is 0.0, minimum(0.0, -0.0) is -0.0), so a reduction's later
// element wins a tie.
template <bool Max, bool PropagateNan>
struct Extremum {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    bool a_nan, b_nan;
    if constexpr (is_complex_v<T>) {
      a_nan = a.re != a.re || a.im != a.im;
      b_nan = b.re != b.re || b.im != b.im;
    } else {
      a_nan = math::isnan_(a);
      b_nan = math::isnan_(b);
    }
    if (PropagateNan ? a_nan : b_nan) return a;
    if (PropagateNan ? b_nan : a_nan) return b;
    if constexpr (Max)
      return a > b ? a : b;
    else
      return a < b ? a : b;
  }
};
using Maximum = Extremum<true, true>;
using Minimum = Extremum<false, true>;
using Fmax = Extremum<true, false>;
using Fmin = Extremum<false, false>;

// |x| in the unsigned type (exact for the most negative value, as NumPy's npy_gcdu).
template <class T>
MTL_HD inline wrap_t<T> uabs_(T x) {
  using U = wrap_t<T>;
  if constexpr (std::is_signed_v<T>)
    return x < 0 ? static_cast<U>(U(0) - static_cast<U>(x)) & static_cast<U>(std::make_unsigned_t<T>(~0))
                 : static_cast<U>(x);
  else
    return static_cast<U>(x);
}
template <class U>
MTL_HD inline U gcdu_(U a, U b) {
  while (b != 0) {
    const U t = a % b;
    a = b;
    b = t;
  }
  return a;
}
struct Gcd {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    return static_cast<T>(gcdu_(uabs_(a), uabs_(b)));
  }
};
struct Lcm {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    const auto ua = uabs_(a), ub = uabs_(b);
    const auto g = gcdu_(ua, ub);
    if (g == 0) return T(0);
    return static_cast<T>((ua / g) * ub);  // wraps, as NumPy's
  }
};

}  // namespace metallic::ops
