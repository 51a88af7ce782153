// The few standard-library pieces the shared op headers use, for NVRTC, which has no
// C++ standard library. Served to NVRTC under the names <cmath>, <cstdint>, <cstring>,
// <limits> and <type_traits>; never compiled on the host.
#pragma once

typedef signed char int8_t;
typedef short int16_t;
typedef int int32_t;
typedef long long int64_t;
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long long uint64_t;
typedef unsigned long long uintptr_t;
#define INT32_MIN (-2147483647 - 1)
#define INT64_MIN (-9223372036854775807LL - 1)

namespace std {
using ::int8_t; using ::int16_t; using ::int32_t; using ::int64_t;
using ::uint8_t; using ::uint16_t; using ::uint32_t; using ::uint64_t;

template <class T, T v> struct integral_constant { static constexpr T value = v; };
using true_type = integral_constant<bool, true>;
using false_type = integral_constant<bool, false>;
template <class A, class B> struct is_same : false_type {};
template <class A> struct is_same<A, A> : true_type {};
template <class A, class B> inline constexpr bool is_same_v = is_same<A, B>::value;
template <class T> struct remove_cv { using type = T; };
template <class T> struct remove_cv<const T> { using type = T; };
template <class T> struct is_integral_base : false_type {};
#define MTL_INTEGRAL(T) template <> struct is_integral_base<T> : true_type {};
MTL_INTEGRAL(bool) MTL_INTEGRAL(char) MTL_INTEGRAL(signed char) MTL_INTEGRAL(unsigned char)
MTL_INTEGRAL(short) MTL_INTEGRAL(unsigned short) MTL_INTEGRAL(int) MTL_INTEGRAL(unsigned int)
MTL_INTEGRAL(long) MTL_INTEGRAL(unsigned long) MTL_INTEGRAL(long long) MTL_INTEGRAL(unsigned long long)
#undef MTL_INTEGRAL
template <class T> inline constexpr bool is_integral_v = is_integral_base<typename remove_cv<T>::type>::value;
template <class T> inline constexpr bool is_floating_point_v =
    is_same_v<typename remove_cv<T>::type, float> || is_same_v<typename remove_cv<T>::type, double>;
template <class T> inline constexpr bool is_signed_v = (is_integral_v<T> || is_floating_point_v<T>) && T(-1) < T(0);
template <class T> inline constexpr bool is_unsigned_v = is_integral_v<T> && !(T(-1) < T(0));
template <class T> struct make_unsigned { using type = T; };
template <> struct make_unsigned<signed char> { using type = unsigned char; };
template <> struct make_unsigned<short> { using type = unsigned short; };
template <> struct make_unsigned<int> { using type = unsigned int; };
template <> struct make_unsigned<long> { using type = unsigned long; };
template <> struct make_unsigned<long long> { using type = unsigned long long; };
template <class T> using make_unsigned_t = typename make_unsigned<T>::type;
template <bool B, class T, class F> struct conditional { using type = T; };
template <class T, class F> struct conditional<false, T, F> { using type = F; };
template <bool B, class T, class F> using conditional_t = typename conditional<B, T, F>::type;

template <class T> struct numeric_limits;
template <> struct numeric_limits<float> {
  __device__ static float quiet_NaN() { return __int_as_float(0x7fc00000); }
  __device__ static float infinity() { return __int_as_float(0x7f800000); }
};
template <> struct numeric_limits<double> {
  __device__ static double quiet_NaN() { return __longlong_as_double(0x7ff8000000000000LL); }
  __device__ static double infinity() { return __longlong_as_double(0x7ff0000000000000LL); }
};
#define MTL_INT_LIMITS(T, lo, hi)                                        \
  template <> struct numeric_limits<T> {                                 \
    __host__ __device__ static constexpr T min() { return lo; }          \
    __host__ __device__ static constexpr T max() { return hi; }          \
  };
MTL_INT_LIMITS(signed char, -128, 127) MTL_INT_LIMITS(short, -32768, 32767)
MTL_INT_LIMITS(int, INT32_MIN, 2147483647) MTL_INT_LIMITS(long long, INT64_MIN, 9223372036854775807LL)
MTL_INT_LIMITS(unsigned char, 0, 255) MTL_INT_LIMITS(unsigned short, 0, 65535)
MTL_INT_LIMITS(unsigned int, 0, 4294967295u) MTL_INT_LIMITS(unsigned long long, 0, 18446744073709551615ull)
MTL_INT_LIMITS(bool, false, true)
#undef MTL_INT_LIMITS

// CUDA's device math library under the <cmath> names, for float and double.
#define MTL_MATH1(name, fname)                                                \
  __device__ inline float name(float x) { return ::fname(x); }                \
  __device__ inline double name(double x) { return ::name(x); }
#define MTL_MATH2(name, fname)                                                \
  __device__ inline float name(float x, float y) { return ::fname(x, y); }    \
  __device__ inline double name(double x, double y) { return ::name(x, y); }
MTL_MATH1(sin, sinf) MTL_MATH1(cos, cosf) MTL_MATH1(tan, tanf) MTL_MATH1(asin, asinf)
MTL_MATH1(acos, acosf) MTL_MATH1(atan, atanf) MTL_MATH1(sinh, sinhf) MTL_MATH1(cosh, coshf)
MTL_MATH1(tanh, tanhf) MTL_MATH1(asinh, asinhf) MTL_MATH1(acosh, acoshf) MTL_MATH1(atanh, atanhf)
MTL_MATH1(exp, expf) MTL_MATH1(exp2, exp2f) MTL_MATH1(expm1, expm1f) MTL_MATH1(log, logf)
MTL_MATH1(log2, log2f) MTL_MATH1(log10, log10f) MTL_MATH1(log1p, log1pf) MTL_MATH1(sqrt, sqrtf)
MTL_MATH1(cbrt, cbrtf) MTL_MATH1(fabs, fabsf) MTL_MATH1(floor, floorf) MTL_MATH1(ceil, ceilf)
MTL_MATH1(trunc, truncf) MTL_MATH1(nearbyint, nearbyintf) MTL_MATH1(lgamma, lgammaf)
MTL_MATH2(atan2, atan2f) MTL_MATH2(hypot, hypotf) MTL_MATH2(pow, powf) MTL_MATH2(fmod, fmodf)
MTL_MATH2(copysign, copysignf) MTL_MATH2(nextafter, nextafterf)
#undef MTL_MATH1
#undef MTL_MATH2
__device__ inline float fma(float x, float y, float z) { return ::fmaf(x, y, z); }
__device__ inline double fma(double x, double y, double z) { return ::fma(x, y, z); }
__device__ inline float ldexp(float x, int e) { return ::ldexpf(x, e); }
__device__ inline double ldexp(double x, int e) { return ::ldexp(x, e); }
__device__ inline float frexp(float x, int* e) { return ::frexpf(x, e); }
__device__ inline double frexp(double x, int* e) { return ::frexp(x, e); }
__device__ inline float modf(float x, float* i) { return ::modff(x, i); }
__device__ inline double modf(double x, double* i) { return ::modf(x, i); }
template <class T> __device__ inline bool isnan(T x) { return x != x; }
template <class T> __device__ inline bool isinf(T x) { return !(x != x) && (x - x) != (x - x); }
template <class T> __device__ inline bool isfinite(T x) { return (x - x) == (x - x); }
__device__ inline bool signbit(float x) { return __float_as_int(x) < 0; }
__device__ inline bool signbit(double x) { return __double_as_longlong(x) < 0; }
__device__ inline void* memcpy(void* d, const void* s, unsigned long long n) { return ::memcpy(d, s, n); }
}  // namespace std
