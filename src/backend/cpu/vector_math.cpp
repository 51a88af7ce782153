#include "backend/cpu/vector_math.hpp"

#include <dlfcn.h>
#include <immintrin.h>

#include <cmath>
#include <string>

namespace metallic::cpu {
namespace {

// libmvec's x86-64 variants: 'e' = AVX-512 (8 doubles / 16 floats), 'd' = AVX2 (4 / 8).
enum class Isa { none, avx2, avx512 };

Isa detect_isa() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return Isa::avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::avx2;
  return Isa::none;
}

void* libmvec() {
  static void* h = [] {
    void* p = dlopen("libmvec.so.1", RTLD_NOW | RTLD_LOCAL);
    return p;
  }();
  return h;
}

// The mangled vector-ABI name: _ZGV<isa>N<lanes><v per arg>_<name>.
void* find(Isa isa, bool single, int nargs, const char* name) {
  if (isa == Isa::none || !libmvec()) return nullptr;
  const int lanes = (isa == Isa::avx512 ? 8 : 4) * (single ? 2 : 1);
  std::string sym = std::string("_ZGV") + (isa == Isa::avx512 ? "e" : "d") + "N" +
                    std::to_string(lanes) + std::string(nargs, 'v') + "_" + name +
                    (single ? "f" : "");
  return dlsym(libmvec(), sym.c_str());
}

// Kernels: full vectors through libmvec, the tail through the scalar function.
template <int Slot>
struct Slots {
  static inline void* f64 = nullptr;
  static inline void* f32 = nullptr;
};

// Full vectors through libmvec; the last m < N elements through the same vector function,
// padded (copies of the first of them fill the lanes past the end): an element's result
// never depends on whether it falls in a full vector, so not on its place in the array.
#define MTL_PAD(N, src, name)   \
  alignas(64) T name[N], name##_o[N]; \
  for (int k = 0; k < N; ++k) name[k] = src[i + (i + k < n ? k : 0)];
#define MTL_UNPAD(N)               \
  ;                                \
  for (int64_t k = 0; i + k < n; ++k) y[i + k] = a0_o[k];
#define MTL_VEC_KERNELS(isa, tgt, VD, VF, ND, NF, load_d, store_d, load_f, store_f)  \
  template <int Slot, class T>                                                       \
  __attribute__((target(tgt))) void unary_##isa(char* const* a, int64_t n, int64_t,  \
                                                const Params&) {                     \
    const T* x = reinterpret_cast<const T*>(a[0]);                                   \
    T* y = reinterpret_cast<T*>(a[1]);                                               \
    int64_t i = 0;                                                                   \
    if constexpr (std::is_same_v<T, double>) {                                       \
      auto f = reinterpret_cast<VD (*)(VD)>(Slots<Slot>::f64);                       \
      for (; i + ND <= n; i += ND) store_d(y + i, f(load_d(x + i)));                 \
      if (i < n) { MTL_PAD(ND, x, a0) store_d(a0_o, f(load_d(a0))); MTL_UNPAD(ND) }      \
    } else {                                                                         \
      auto f = reinterpret_cast<VF (*)(VF)>(Slots<Slot>::f32);                       \
      for (; i + NF <= n; i += NF) store_f(y + i, f(load_f(x + i)));                 \
      if (i < n) { MTL_PAD(NF, x, a0) store_f(a0_o, f(load_f(a0))); MTL_UNPAD(NF) }      \
    }                                                                                \
  }                                                                                  \
  template <int Slot, class T>                                                       \
  __attribute__((target(tgt))) void binary_##isa(char* const* a, int64_t n, int64_t, \
                                                 const Params&) {                    \
    const T* x = reinterpret_cast<const T*>(a[0]);                                   \
    const T* z = reinterpret_cast<const T*>(a[1]);                                   \
    T* y = reinterpret_cast<T*>(a[2]);                                               \
    int64_t i = 0;                                                                   \
    if constexpr (std::is_same_v<T, double>) {                                       \
      auto f = reinterpret_cast<VD (*)(VD, VD)>(Slots<Slot>::f64);                   \
      for (; i + ND <= n; i += ND) store_d(y + i, f(load_d(x + i), load_d(z + i)));  \
      if (i < n) { MTL_PAD(ND, x, a0) MTL_PAD(ND, z, a1) store_d(a0_o, f(load_d(a0), load_d(a1))); MTL_UNPAD(ND) } \
    } else {                                                                         \
      auto f = reinterpret_cast<VF (*)(VF, VF)>(Slots<Slot>::f32);                   \
      for (; i + NF <= n; i += NF) store_f(y + i, f(load_f(x + i), load_f(z + i)));  \
      if (i < n) { MTL_PAD(NF, x, a0) MTL_PAD(NF, z, a1) store_f(a0_o, f(load_f(a0), load_f(a1))); MTL_UNPAD(NF) } \
    }                                                                                \
  }
MTL_VEC_KERNELS(512, "avx512f", __m512d, __m512, 8, 16, _mm512_loadu_pd, _mm512_storeu_pd,
                _mm512_loadu_ps, _mm512_storeu_ps)
MTL_VEC_KERNELS(256, "avx2,fma", __m256d, __m256, 4, 8, _mm256_loadu_pd, _mm256_storeu_pd,
                _mm256_loadu_ps, _mm256_storeu_ps)
#undef MTL_VEC_KERNELS
#undef MTL_PAD
#undef MTL_UNPAD

// The ops with a libmvec counterpart: (op, libm name, scalar double, scalar float).
#define MTL_VEC_UNARY(X)                                                                        \
  X(0, sin, "sin", std::sin)                                                                    \
  X(1, cos, "cos", std::cos) X(2, tan, "tan", std::tan) X(3, exp, "exp", std::exp)              \
      X(4, exp2, "exp2", std::exp2) X(5, expm1, "expm1", std::expm1) X(6, log, "log", std::log) \
          X(7, log2, "log2", std::log2) X(8, log10, "log10", std::log10)                        \
              X(9, log1p, "log1p", std::log1p) X(10, arcsin, "asin", std::asin)                 \
                  X(11, arccos, "acos", std::acos) X(12, arctan, "atan", std::atan)             \
                      X(13, sinh, "sinh", std::sinh) X(14, cosh, "cosh", std::cosh)             \
                          X(15, tanh, "tanh", std::tanh) X(16, arcsinh, "asinh", std::asinh)    \
                              X(17, arccosh, "acosh", std::acosh)                               \
                                  X(18, arctanh, "atanh", std::atanh)                           \
                                      X(19, cbrt, "cbrt", std::cbrt)
#define MTL_VEC_BINARY(X) \
  X(20, arctan2, "atan2", std::atan2) X(21, hypot, "hypot", std::hypot) X(22, power, "pow", std::pow)

struct Table {
  KernelFn f64[kNumOps] = {};
  KernelFn f32[kNumOps] = {};
  Table() {
    const Isa isa = detect_isa();
    if (isa == Isa::none || !libmvec()) return;
    const bool wide = isa == Isa::avx512;
#define MTL_U(slot, op, name, fn)                                                                 \
  {                                                                                               \
    using S = Slots<slot>;                                                                        \
    S::f64 = find(isa, false, 1, name);                                                           \
    S::f32 = find(isa, true, 1, name);                                                            \
    if (S::f64)                                                                                   \
      f64[static_cast<int>(OpId::op)] =                                                           \
          wide ? &unary_512<slot, double> : &unary_256<slot, double>;                             \
    if (S::f32)                                                                                   \
      f32[static_cast<int>(OpId::op)] = wide ? &unary_512<slot, float> : &unary_256<slot, float>; \
  }
#define MTL_B(slot, op, name, fn)                                       \
  {                                                                     \
    using S = Slots<slot>;                                              \
    S::f64 = find(isa, false, 2, name);                                 \
    S::f32 = find(isa, true, 2, name);                                  \
    if (S::f64)                                                         \
      f64[static_cast<int>(OpId::op)] =                                 \
          wide ? &binary_512<slot, double> : &binary_256<slot, double>; \
    if (S::f32)                                                         \
      f32[static_cast<int>(OpId::op)] =                                 \
          wide ? &binary_512<slot, float> : &binary_256<slot, float>;   \
  }
    MTL_VEC_UNARY(MTL_U)
    MTL_VEC_BINARY(MTL_B)
#undef MTL_U
#undef MTL_B
  }
};

const Table& table() {
  static const Table t;
  return t;
}

}  // namespace

KernelFn vector_kernel(OpId op, Dtype d) {
  if (d == Dtype::float64) return table().f64[static_cast<int>(op)];
  if (d == Dtype::float32) return table().f32[static_cast<int>(op)];
  return nullptr;
}

void vlog(const double* x, double* y, int64_t n) {
  if (KernelFn k = vector_kernel(OpId::log, Dtype::float64)) {
    char* args[2] = {const_cast<char*>(reinterpret_cast<const char*>(x)),
                     reinterpret_cast<char*>(y)};
    k(args, n, 0, Params{});
    return;
  }
  for (int64_t i = 0; i < n; ++i) y[i] = std::log(x[i]);
}

void vsincos(const double* x, double* s, double* c, int64_t n) {
  KernelFn ks = vector_kernel(OpId::sin, Dtype::float64),
           kc = vector_kernel(OpId::cos, Dtype::float64);
  if (ks && kc) {
    char* a1[2] = {const_cast<char*>(reinterpret_cast<const char*>(x)), reinterpret_cast<char*>(s)};
    char* a2[2] = {const_cast<char*>(reinterpret_cast<const char*>(x)), reinterpret_cast<char*>(c)};
    ks(a1, n, 0, Params{});
    kc(a2, n, 0, Params{});
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    s[i] = std::sin(x[i]);
    c[i] = std::cos(x[i]);
  }
}

}  // namespace metallic::cpu
