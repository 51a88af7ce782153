// Scalar functors for comparisons, logical and bitwise ufuncs, and where.
#pragma once

#include "functors_arith.hpp"

namespace metallic::ops {

// Mixed signed/unsigned 64-bit integers (NumPy's qQ->? loops) compare exactly through
// cmp3; every other loop compares its two values of one type with the type's own
// operators (branch-free; NaN is unordered, so only != holds for it).
template <class A, class B>
inline constexpr bool mixed_sign_v = is_int_v<A> && is_int_v<B> && std::is_signed_v<A> != std::is_signed_v<B>;

template <class A, class B>
MTL_HD inline int cmp3(A a, B b) {
  if constexpr (std::is_signed_v<A>) {
    if (a < 0) return -1;
    const auto ua = static_cast<uint64_t>(a);
    return ua < b ? -1 : (ua > b ? 1 : 0);
  } else {
    if (b < 0) return 1;
    const auto ub = static_cast<uint64_t>(b);
    return a < ub ? -1 : (a > ub ? 1 : 0);
  }
}

struct Equal {
  template <class A, class B>
  MTL_HD bool operator()(A a, B b) const {
    if constexpr (mixed_sign_v<A, B>)
      return cmp3(a, b) == 0;
    else
      return a == b;
  }
};
struct NotEqual {
  template <class A, class B>
  MTL_HD bool operator()(A a, B b) const {
    if constexpr (mixed_sign_v<A, B>)
      return cmp3(a, b) != 0;
    else
      return !(a == b);
  }
};
struct Less {
  template <class A, class B>
  MTL_HD bool operator()(A a, B b) const {
    if constexpr (mixed_sign_v<A, B>)
      return cmp3(a, b) < 0;
    else
      return a < b;
  }
};
struct LessEqual {
  template <class A, class B>
  MTL_HD bool operator()(A a, B b) const {
    if constexpr (mixed_sign_v<A, B>)
      return cmp3(a, b) <= 0;
    else
      return a <= b;
  }
};
struct Greater {
  template <class A, class B>
  MTL_HD bool operator()(A a, B b) const {
    if constexpr (mixed_sign_v<A, B>)
      return cmp3(a, b) > 0;
    else
      return b < a;
  }
};
struct GreaterEqual {
  template <class A, class B>
  MTL_HD bool operator()(A a, B b) const {
    if constexpr (mixed_sign_v<A, B>)
      return cmp3(a, b) >= 0;
    else
      return b <= a;
  }
};

template <class T>
MTL_HD inline bool truth(T x) {
  if constexpr (is_complex_v<T>)
    return x.re != 0 || x.im != 0;
  else
    return x != T(0);
}
struct LogicalAnd {
  template <class T>
  MTL_HD bool operator()(T a, T b) const {
    return truth(a) && truth(b);
  }
};
struct LogicalOr {
  template <class T>
  MTL_HD bool operator()(T a, T b) const {
    return truth(a) || truth(b);
  }
};
struct LogicalXor {
  template <class T>
  MTL_HD bool operator()(T a, T b) const {
    return truth(a) != truth(b);
  }
};
struct LogicalNot {
  template <class T>
  MTL_HD bool operator()(T a) const {
    return !truth(a);
  }
};

struct BitwiseAnd {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    return static_cast<T>(a & b);
  }
};
struct BitwiseOr {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    return static_cast<T>(a | b);
  }
};
struct BitwiseXor {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    return static_cast<T>(a ^ b);
  }
};
struct Invert {
  template <class T>
  MTL_HD T operator()(T a) const {
    if constexpr (std::is_same_v<T, bool>)
      return !a;
    else
      return static_cast<T>(~a);
  }
};
// The 1 bits of |a| (NumPy's count for negative integers).
struct BitwiseCount {
  template <class T>
  MTL_HD uint8_t operator()(T a) const {
    using U = std::make_unsigned_t<T>;
    U u = static_cast<U>(a);
    if constexpr (std::is_signed_v<T>)
      if (a < 0) u = static_cast<U>(U(0) - u);  // |a|, the minimum's too
    unsigned n = 0;
    for (; u; u &= static_cast<U>(u - 1)) ++n;
    return static_cast<uint8_t>(n);
  }
};
// Shifts by the type's width or more give 0 (or -1 for negative right shifts), as NumPy.
struct LeftShift {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    using U = std::make_unsigned_t<T>;
    if (b < 0 || static_cast<uint64_t>(b) >= sizeof(T) * 8) return T(0);
    return static_cast<T>(static_cast<U>(a) << b);
  }
};
struct RightShift {
  template <class T>
  MTL_HD T operator()(T a, T b) const {
    if (b < 0 || static_cast<uint64_t>(b) >= sizeof(T) * 8) return a < T(0) ? T(-1) : T(0);
    return static_cast<T>(a >> b);
  }
};

struct Where {
  template <class T>
  MTL_HD T operator()(bool c, T a, T b) const {
    return c ? a : b;
  }
};

}  // namespace metallic::ops
