// Folding a contiguous run of values with a reduction functor, shared by reductions and
// fused reductions on the CPU.
#pragma once

#include <emmintrin.h>

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "backend/backend.hpp"
#include "metallic/errors.hpp"
#include "ops/fp_status.hpp"
#include "ops/functors_logic.hpp"
#include "ops/functors_math.hpp"
#include "ops/op_table.hpp"

namespace metallic::cpu {

template <class F, class T>
inline T fold(const F& f, T acc, const T* x, int64_t n) {
  if constexpr (std::is_same_v<F, ops::Add> && !std::is_integral_v<T>) {
    // Pairwise summation, as NumPy, so float sums lose no more accuracy than NumPy's.
    if (n <= 128) {
      if (n < 8) {
        for (int64_t i = 0; i < n; ++i) acc = acc + x[i];
        return acc;
      }
      T r[8];
      for (int j = 0; j < 8; ++j) r[j] = x[j];
      int64_t i = 8;
      for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; ++j) r[j] = r[j] + x[i + j];
      T s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; ++i) s = s + x[i];
      return acc + s;
    }
    int64_t half = (n / 2) / 8 * 8;
    const T left = fold(f, T(0), x, half);
    return acc + (left + fold(f, T(0), x + half, n - half));
  } else if constexpr ((std::is_same_v<F, ops::Maximum> || std::is_same_v<F, ops::Minimum>) &&
                       std::is_floating_point_v<T>) {
    // SIMD max/min over 4 registers; NaNs are tracked apart (a NaN anywhere wins, as
    // maximum's), so the hardware max's NaN rule does not matter.
    constexpr bool kMax = std::is_same_v<F, ops::Maximum>;
    int64_t i = 0;
    if constexpr (std::is_same_v<T, double>) {
      __m128d r[4], bad = _mm_setzero_pd();
      for (auto& v : r) v = _mm_set1_pd(acc);
      for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 4; ++j) {
          const __m128d v = _mm_loadu_pd(x + i + 2 * j);
          bad = _mm_or_pd(bad, _mm_cmpunord_pd(v, v));
          r[j] = kMax ? _mm_max_pd(r[j], v) : _mm_min_pd(r[j], v);
        }
      double lanes[8];
      for (int j = 0; j < 4; ++j) _mm_storeu_pd(lanes + 2 * j, r[j]);
      for (double v : lanes) acc = static_cast<T>(f(acc, v));
      if (_mm_movemask_pd(bad)) return std::numeric_limits<T>::quiet_NaN();
    } else {
      __m128 r[4], bad = _mm_setzero_ps();
      for (auto& v : r) v = _mm_set1_ps(acc);
      for (; i + 16 <= n; i += 16)
        for (int j = 0; j < 4; ++j) {
          const __m128 v = _mm_loadu_ps(x + i + 4 * j);
          bad = _mm_or_ps(bad, _mm_cmpunord_ps(v, v));
          r[j] = kMax ? _mm_max_ps(r[j], v) : _mm_min_ps(r[j], v);
        }
      float lanes[16];
      for (int j = 0; j < 4; ++j) _mm_storeu_ps(lanes + 4 * j, r[j]);
      for (float v : lanes) acc = static_cast<T>(f(acc, v));
      if (_mm_movemask_ps(bad)) return std::numeric_limits<T>::quiet_NaN();
    }
    for (; i < n; ++i) acc = static_cast<T>(f(acc, x[i]));
    return acc;
  } else {
    for (int64_t i = 0; i < n; ++i) acc = static_cast<T>(f(acc, x[i]));
    return acc;
  }
}

// Stretch results of a long float sum combined as a balanced tree (a binary counter of
// partial sums), so the error grows with the log of the number of stretches, not with it.
template <class T>
struct PairwiseCascade {
  T level[64];
  uint64_t count = 0;

  void push(T s) {
    int k = 0;
    for (uint64_t c = count; c & 1; c >>= 1) s = level[k++] + s;
    level[k] = s;
    ++count;
  }
  T total() const {  // the older (larger) partials first
    int k = 63;
    while (!((count >> k) & 1)) --k;
    T acc = level[k];
    for (--k; k >= 0; --k)
      if ((count >> k) & 1) acc = acc + level[k];
    return acc;
  }
};

// A reduction's first element as it seeds the fold: for a float sum, x0 + 0 (a sum starts
// from NumPy's identity, so a sum of -0.0s is 0.0, as NumPy's); else x0.
template <class F, class T>
inline T fold_seed(const F&, T x0) {
  if constexpr (std::is_same_v<F, ops::Add> && !std::is_integral_v<T>)
    return static_cast<T>(x0 + T(0));
  else
    return x0;
}

template <class T>
constexpr bool kInexact = std::is_floating_point_v<T> || is_complex_v<T>;

// The conditions an add or multiply reduction (or scan) accumulating in T checks under
// mode: overflow and invalid (ops::fp_fold_status); none for other ops and types.
template <class T>
unsigned fold_fp_want(OpId op, FpMode mode) {
  if constexpr (kInexact<T>)
    if (op == OpId::add || op == OpId::multiply) return fp_want(mode) & (ops::kFpOverflow | ops::kFpInvalid);
  return 0;
}

// Calls fn with the functor of a reduction op (add, multiply, maximum, ...).
template <class Fn>
inline void with_reduce_functor(OpId op, Fn&& fn) {
  switch (op) {
    case OpId::add:
      return fn(ops::Add{});
    case OpId::multiply:
      return fn(ops::Multiply{});
    case OpId::maximum:
      return fn(ops::Maximum{});
    case OpId::minimum:
      return fn(ops::Minimum{});
    case OpId::fmax:
      return fn(ops::Fmax{});
    case OpId::fmin:
      return fn(ops::Fmin{});
    case OpId::logical_and:
      return fn(ops::LogicalAnd{});
    case OpId::logical_or:
      return fn(ops::LogicalOr{});
    default:
      throw not_implemented_error(std::string("[reduce] unsupported op ") + op_info(op).name);
  }
}

}  // namespace metallic::cpu
