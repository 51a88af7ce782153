// Which of NumPy's floating-point conditions (divide by zero, overflow, underflow,
// invalid) one element of an op raised, told from its inputs and its result as NumPy's
// loops raise them through the FPU's status flags. Written once: the CPU loops and the
// generated CUDA kernels call these after computing each element. `want` holds the
// conditions someone listens to (errstate); the others are never looked for.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "functors_math.hpp"
#include "half.hpp"

namespace metallic::ops {

enum : unsigned { kFpDivide = 1u, kFpOverflow = 2u, kFpUnderflow = 4u, kFpInvalid = 8u };

// How an op's floating-point result is judged.
enum class FpRule {
  none,     // exact or selecting (comparisons, abs, floor, maximum, ...): never raises
  additive, // add, subtract: a tiny sum is exact, so never underflows
  scaling,  // may round a nonzero value to zero (multiply, exp, ...): zero counts as underflow
  generic,  // NaN from non-NaN: invalid; inf from finite: overflow or (at a pole) divide
  ordered,  // as generic, and a NaN input is invalid too (the loop compares it: logaddexp)
};

template <class F>
inline constexpr FpRule kFpRule = FpRule::generic;
#define MTL_FP_RULE(F, R) \
  template <>             \
  inline constexpr FpRule kFpRule<F> = FpRule::R;
MTL_FP_RULE(Add, additive)
MTL_FP_RULE(Subtract, additive)
MTL_FP_RULE(Spacing, additive)  // a difference of neighbours: exact
MTL_FP_RULE(Multiply, scaling)
MTL_FP_RULE(TrueDivide, scaling)
MTL_FP_RULE(Power, scaling)
MTL_FP_RULE(FloatPower, scaling)
MTL_FP_RULE(Exp, scaling)
MTL_FP_RULE(Exp2, scaling)
MTL_FP_RULE(Ldexp, scaling)
MTL_FP_RULE(Square, scaling)
MTL_FP_RULE(Degrees, scaling)
MTL_FP_RULE(Radians, scaling)
MTL_FP_RULE(Negative, none)
MTL_FP_RULE(Positive, none)
MTL_FP_RULE(Fabs, none)
MTL_FP_RULE(Sign, none)
MTL_FP_RULE(Conjugate, none)
MTL_FP_RULE(Floor, none)
MTL_FP_RULE(Ceil, none)
MTL_FP_RULE(Trunc, none)
MTL_FP_RULE(Rint, none)
MTL_FP_RULE(Cbrt, none)
MTL_FP_RULE(Copysign, none)
MTL_FP_RULE(Heaviside, none)
MTL_FP_RULE(Maximum, none)
MTL_FP_RULE(Minimum, none)
MTL_FP_RULE(Fmax, none)
MTL_FP_RULE(Fmin, none)
MTL_FP_RULE(Where, none)
MTL_FP_RULE(Frexp, none)
MTL_FP_RULE(Modf, none)
MTL_FP_RULE(Logaddexp, ordered)
MTL_FP_RULE(Logaddexp2, ordered)
#undef MTL_FP_RULE

namespace fp {

template <class T>
MTL_HD inline bool nan_any(T x) {  // either part NaN
  return IsNan{}(x);
}
template <class T>
MTL_HD inline bool inf_any(T x) {  // either part infinite
  return IsInf{}(x);
}
template <class T>
MTL_HD inline bool finite(T x) {
  return !nan_any(x) && !inf_any(x);
}
template <class T>
MTL_HD inline bool is_zero(T x) {
  if constexpr (is_complex_v<T>)
    return x.re == 0 && x.im == 0;
  else
    return x == T(0);
}
template <class T>
MTL_HD constexpr T int_min() {
  return static_cast<T>(-static_cast<T>(static_cast<std::make_unsigned_t<T>>(~std::make_unsigned_t<T>(0)) >> 1) - 1);
}
template <class R>
MTL_HD inline bool tiny_real(R x) {  // nonzero and below the smallest normal
  return x != 0 && std::fabs(x) < math::fconst<R>::min_normal();
}
template <class T>
MTL_HD inline bool tiny(T x) {
  if constexpr (is_complex_v<T>)
    return tiny_real(x.re) || tiny_real(x.im);
  else
    return tiny_real(x);
}

// Whether finite inputs sit at a pole of the op (an infinite result is then a division by
// zero, not an overflow).
template <class F, class... X>
MTL_HD inline bool pole(const F*, X...) {
  return false;
}
template <class T>
MTL_HD inline bool pole(const TrueDivide*, T, T b) {
  return is_zero(b);
}
template <class T>
MTL_HD inline bool pole(const FloorDivide*, T, T b) {
  return is_zero(b);
}
template <class T>
MTL_HD inline bool pole(const Reciprocal*, T x) {
  return is_zero(x);
}
#define MTL_FP_POLE_AT_ZERO(F) \
  template <class T>           \
  MTL_HD inline bool pole(const F*, T x) { return is_zero(x); }
MTL_FP_POLE_AT_ZERO(Log)
MTL_FP_POLE_AT_ZERO(Log2)
MTL_FP_POLE_AT_ZERO(Log10)
#undef MTL_FP_POLE_AT_ZERO
template <class T>
MTL_HD inline bool pole(const Log1p*, T x) {
  return x == T(-1);
}
template <class T>
MTL_HD inline bool pole(const Arctanh*, T x) {
  if constexpr (is_complex_v<T>)
    return x.im == 0 && (x.re == 1 || x.re == -1);
  else
    return x == T(1) || x == T(-1);
}
template <class T>
MTL_HD inline bool pole(const Arctan*, T x) {  // atan z at +-i
  if constexpr (is_complex_v<T>)
    return x.re == 0 && (x.im == 1 || x.im == -1);
  else
    return false;
}
template <class T>
MTL_HD inline bool pole(const Power*, T a, T b) {
  if constexpr (is_complex_v<T>)
    return is_zero(a) && b.re < 0;
  else
    return a == 0 && b < 0;
}
template <class T>
MTL_HD inline bool pole(const FloatPower*, T a, T b) {
  return pole(static_cast<const Power*>(nullptr), a, b);
}

// Complex inputs with a NaN part for which NumPy's loop (the C library's function, or its
// own formula's comparisons) raises invalid although the result is NaN anyway.
template <class F, class... X>
MTL_HD inline bool nan_input_invalid(const F*, X...) {
  return false;
}
// Whether the op gives NaN for these non-NaN inputs without raising (spacing of inf: NumPy's
// float and double loops; its float16 loop raises, which this does not tell apart).
template <class F, class... X>
MTL_HD inline bool quiet_nan(const F*, X...) {
  return false;
}
template <class T>
MTL_HD inline bool quiet_nan(const Spacing*, T) {
  return true;
}
template <class T>
MTL_HD inline bool nan_input_invalid(const Exp*, complex<T> z) {  // one part NaN, the other finite (re) or nonzero
  return (z.im != z.im && std::isfinite(z.re)) || (z.re != z.re && z.im == z.im && z.im != 0);
}
template <class T>
MTL_HD inline bool nan_input_invalid(const Exp2*, complex<T> z) {
  return nan_input_invalid(static_cast<const Exp*>(nullptr), z);
}
template <class T>
MTL_HD inline bool nan_input_invalid(const Expm1*, complex<T> z) {  // sin and cos of an infinite part
  return z.re != z.re && std::isinf(z.im);
}
template <class T>
MTL_HD inline bool nan_input_invalid(const Reciprocal*, complex<T>) {  // its ordered comparison
  return true;
}
template <class T>
MTL_HD inline bool nan_input_invalid(const Sin*, complex<T> z) {
  return z.re != z.re && std::isfinite(z.im) && z.im != 0;
}
template <class T>
MTL_HD inline bool nan_input_invalid(const Sinh*, complex<T> z) {
  return z.im != z.im && std::isfinite(z.re) && z.re != 0;
}
template <class T>
MTL_HD inline bool nan_input_invalid(const Tan*, complex<T> z) {
  return z.im != z.im && std::isinf(z.re);
}
template <class T>
MTL_HD inline bool nan_input_invalid(const Tanh*, complex<T> z) {
  return z.re != z.re && std::isinf(z.im);
}

// logaddexp's exp(-|a - b|) (exp2 for logaddexp2) underflowing.
template <class F, class... X>
MTL_HD inline bool ordered_underflow(const F*, X...) {
  return false;
}
template <class T>
MTL_HD inline bool ordered_underflow(const Logaddexp*, T a, T b) {
  return std::fabs(a - b) > -std::log(math::fconst<T>::min_normal());
}
template <class T>
MTL_HD inline bool ordered_underflow(const Logaddexp2*, T a, T b) {
  return std::fabs(a - b) > -std::log2(math::fconst<T>::min_normal());
}

// The integer loops that raise: division by zero, and the minimum over -1 overflowing.
template <class F, class... T>
MTL_HD inline unsigned integer_status(const F*, T...) {
  return 0;
}
template <class T>
MTL_HD inline unsigned integer_status(const Reciprocal*, T x) {
  return x == 0 ? kFpDivide : 0u;
}
template <class T>
MTL_HD inline unsigned integer_status(const FloorDivide*, T a, T b) {
  if (b == 0) return kFpDivide;
  if constexpr (std::is_signed_v<T>)
    if (b == T(-1) && a == int_min<T>()) return kFpOverflow;
  return 0;
}
template <class T>
MTL_HD inline unsigned integer_status(const Remainder*, T, T b) {
  return b == 0 ? kFpDivide : 0u;
}
template <class T>
MTL_HD inline unsigned integer_status(const Fmod*, T, T b) {
  return b == 0 ? kFpDivide : 0u;
}
template <class T>
MTL_HD inline unsigned integer_status(const Divmod*, T a, T b) {
  return b == 0 ? kFpDivide : integer_status(static_cast<const FloorDivide*>(nullptr), a, b);
}

}  // namespace fp

// Whether op F's loop with result R and inputs X can raise anything at all (the check is
// left out of loops where it cannot).
template <class F, class R, class... X>
inline constexpr bool kFpChecked =
    !requires { F::kPositional; } && (((std::is_floating_point_v<R> || is_complex_v<R>) && kFpRule<F> != FpRule::none) ||
    ((is_int_v<X> && ...) && (std::is_same_v<F, FloorDivide> || std::is_same_v<F, Remainder> ||
                              std::is_same_v<F, Fmod> || std::is_same_v<F, Divmod> ||
                              std::is_same_v<F, Reciprocal>)));

// The conditions one element raised: x the inputs (compute types), r the result as stored
// (a float16 result rounded to float16 and read back), want the conditions looked for.
template <class F, class R, class... X>
MTL_HD inline unsigned fp_status(unsigned want, R r, X... x) {
  if constexpr (!kFpChecked<F, R, X...>) {
    return 0;
  } else if constexpr (!(std::is_floating_point_v<R> || is_complex_v<R>)) {
    return fp::integer_status(static_cast<const F*>(nullptr), x...) & want;
  } else {
    unsigned s = 0;
    if (fp::finite(r)) {  // the common case: only underflow is possible
      if (want & kFpUnderflow) {
        if constexpr (kFpRule<F> != FpRule::additive && !std::is_same_v<F, Absolute>)  // |z| of tiny parts: exact
          if (fp::tiny(r)) s |= kFpUnderflow;
        if constexpr (kFpRule<F> == FpRule::scaling)
          if (fp::is_zero(r) && ((fp::finite(x) && !fp::is_zero(x)) && ...)) s |= kFpUnderflow;
        if constexpr (kFpRule<F> == FpRule::ordered)
          if ((fp::finite(x) && ...) && fp::ordered_underflow(static_cast<const F*>(nullptr), x...)) s |= kFpUnderflow;
      }
      return s & want;
    }
    if (fp::nan_any(r) && !fp::quiet_nan(static_cast<const F*>(nullptr), x...) &&
        (kFpRule<F> == FpRule::ordered || !(fp::nan_any(x) || ...) ||
         fp::nan_input_invalid(static_cast<const F*>(nullptr), x...)))
      s |= kFpInvalid;
    if (fp::inf_any(r) && (fp::finite(x) && ...)) s |= fp::pole(static_cast<const F*>(nullptr), x...) ? kFpDivide : kFpOverflow;
    return s & want;
  }
}

// divmod's two results: the quotient as floor_divide's, the remainder as remainder's.
template <class T>
MTL_HD inline unsigned fp_status2(unsigned want, const Divmod&, T a, T b, T q, T r) {
  if constexpr (is_int_v<T>)
    return fp::integer_status(static_cast<const Divmod*>(nullptr), a, b) & want;
  else
    return fp_status<FloorDivide>(want, q, a, b) | fp_status<Remainder>(want, r, a, b);
}
template <class F, class... T>
MTL_HD inline unsigned fp_status2(unsigned, const F&, T...) {
  return 0;
}

// An add or multiply reduction's conditions, from its result and whether its inputs held a
// NaN or an infinity: overflow where finite inputs gave an infinity, invalid where a NaN
// arose without one among them (inf - inf, 0 * inf; from finite inputs an overflow came
// first). Ordered reductions (maximum, ...) raise nothing.
template <class T>
MTL_HD inline unsigned fp_fold_status(unsigned want, T r, bool in_nan, bool in_inf) {
  unsigned s = 0;
  if (!in_nan && fp::nan_any(r)) s |= in_inf ? kFpInvalid : kFpInvalid | kFpOverflow;
  if (!in_nan && !in_inf && fp::inf_any(r)) s |= kFpOverflow;
  return s & want;
}

template <class T>
inline constexpr bool is_float_like_v = std::is_floating_point_v<T> || std::is_same_v<T, half> || is_complex_v<T>;
template <class T>
constexpr size_t fp_width() {  // bytes of one real part
  if constexpr (std::is_same_v<T, half>)
    return 2;
  else
    return sizeof(real_t<T>);
}
// Whether a cast From -> To can raise: a float (or complex) into a narrower float or into
// an integer; an integer into float16 (past 65504).
template <class To, class From>
inline constexpr bool kFpCastChecked =
    (is_float_like_v<From> && !std::is_same_v<To, bool> && (!is_float_like_v<To> || fp_width<To>() < fp_width<From>())) ||
    (std::is_integral_v<From> && !std::is_same_v<From, bool> && std::is_same_v<To, half>);

// A cast's conditions, as NumPy's casts raise them: a narrower float overflowing or
// underflowing, a float out of the integer conversion's range (NaN included) invalid.
template <class To, class From>
MTL_HD inline unsigned fp_cast_status(unsigned want, From x, To y) {
  if constexpr (!kFpCastChecked<To, From>) {
    return 0;
  } else if constexpr (is_complex_v<From> && !is_complex_v<To>) {
    return fp_cast_status<To>(want, x.re, y);  // the imaginary part is dropped
  } else if constexpr (std::is_same_v<From, half>) {
    return fp_cast_status<To>(want, static_cast<float>(x), y);
  } else if constexpr (std::is_integral_v<From>) {  // into float16: only an overflow
    return fp::inf_any(static_cast<float>(y)) ? (kFpOverflow & want) : 0u;
  } else if constexpr (is_float_like_v<To>) {
    const auto v = [&] {
      if constexpr (std::is_same_v<To, half>)
        return static_cast<float>(y);
      else
        return y;
    }();
    unsigned s = 0;
    if (fp::inf_any(v) && fp::finite(x)) s |= kFpOverflow;
    if ((want & kFpUnderflow) && (fp::tiny(v) || (fp::is_zero(v) && !fp::is_zero(x) && fp::finite(x))))
      s |= kFpUnderflow;
    return s & want;
  } else {  // float -> integer: the range of the conversion instruction NumPy's cast uses
    const double d = static_cast<double>(x);
    bool ok;
    if constexpr (std::is_same_v<To, uint64_t>)
      ok = d >= -9223372036854775808.0 && d < 18446744073709551616.0;
    else if constexpr (std::is_same_v<To, int64_t> || std::is_same_v<To, uint32_t>)
      ok = d >= -9223372036854775808.0 && d < 9223372036854775808.0;
    else
      ok = d > -2147483649.0 && d < 2147483648.0;
    return ok ? 0u : (kFpInvalid & want);
  }
}

}  // namespace metallic::ops
