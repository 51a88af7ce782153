// Matrix products on the CPU through a CBLAS opened at run time: the library named by
// METALLIC_BLAS_LIBRARY or set_blas_library() (the Python package names the
// scipy-openblas32 wheel's, or else the OpenBLAS inside NumPy's own wheel). Both LP64
// (cblas_dgemm) and ILP64 (…64_) symbol sets, with or without the "scipy_" prefix.
#include <dlfcn.h>

#include <complex>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <string>

#include "backend/cpu/cpu_backend.hpp"
#include "metallic/device.hpp"
#include "metallic/errors.hpp"

namespace metallic {
namespace cpu {
namespace {

constexpr int kRowMajor = 101, kNoTrans = 111, kTrans = 112, kUpper = 121;  // CBLAS's enum values

template <class Int>
struct Gemms {
  // sgemm/dgemm take scalars by value; cgemm/zgemm by pointer.
  void (*s)(int, int, int, Int, Int, Int, float, const float*, Int, const float*, Int, float, float*, Int) = nullptr;
  void (*d)(int, int, int, Int, Int, Int, double, const double*, Int, const double*, Int, double, double*,
            Int) = nullptr;
  void (*c)(int, int, int, Int, Int, Int, const void*, const void*, Int, const void*, Int, const void*, void*,
            Int) = nullptr;
  void (*z)(int, int, int, Int, Int, Int, const void*, const void*, Int, const void*, Int, const void*, void*,
            Int) = nullptr;
  // A @ A^T for real A (?syrk: half the multiplications), where the library has them.
  void (*ssyrk)(int, int, int, Int, Int, float, const float*, Int, float, float*, Int) = nullptr;
  void (*dsyrk)(int, int, int, Int, Int, double, const double*, Int, double, double*, Int) = nullptr;
  // A matrix times a vector (?gemv: NumPy's routine there, about 3x faster than ?gemm with
  // one column), where the library has them.
  void (*sgemv)(int, int, Int, Int, float, const float*, Int, const float*, Int, float, float*, Int) = nullptr;
  void (*dgemv)(int, int, Int, Int, double, const double*, Int, const double*, Int, double, double*, Int) = nullptr;
  bool complete() const { return s && d && c && z; }
};

struct Blas {
  Gemms<int32_t> lp64;
  Gemms<int64_t> ilp64;
  bool ilp = false, loaded = false;
  std::string path;
};

std::mutex& blas_mutex() {
  static std::mutex m;
  return m;
}

Blas& blas_state() {
  static Blas b;
  return b;
}

template <class Int>
Gemms<Int> find(void* h, const std::string& prefix, const std::string& suffix) {
  Gemms<Int> g;
  auto sym = [&](const char* name) { return dlsym(h, (prefix + name + suffix).c_str()); };
  g.s = reinterpret_cast<decltype(g.s)>(sym("sgemm"));
  g.d = reinterpret_cast<decltype(g.d)>(sym("dgemm"));
  g.c = reinterpret_cast<decltype(g.c)>(sym("cgemm"));
  g.z = reinterpret_cast<decltype(g.z)>(sym("zgemm"));
  g.ssyrk = reinterpret_cast<decltype(g.ssyrk)>(sym("ssyrk"));
  g.dsyrk = reinterpret_cast<decltype(g.dsyrk)>(sym("dsyrk"));
  g.sgemv = reinterpret_cast<decltype(g.sgemv)>(sym("sgemv"));
  g.dgemv = reinterpret_cast<decltype(g.dgemv)>(sym("dgemv"));
  return g;
}

bool open_blas(Blas& b, const std::string& path) {
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) return false;
  for (const char* prefix : {"scipy_cblas_", "cblas_"}) {
    if (auto g = find<int32_t>(h, prefix, ""); g.complete()) {
      b = Blas{g, {}, false, true, path};
      return true;
    }
    if (auto g = find<int64_t>(h, prefix, "64_"); g.complete()) {
      b = Blas{{}, g, true, true, path};
      return true;
    }
  }
  return false;
}

// The library in use, read under the lock (set_blas_library may be filling it in).
Blas blas() {
  std::lock_guard<std::mutex> lock(blas_mutex());
  Blas& b = blas_state();
  static bool tried_env = false;
  if (!b.loaded && !tried_env) {
    tried_env = true;
    if (const char* env = std::getenv("METALLIC_BLAS_LIBRARY"); env && *env) open_blas(b, env);
  }
  return b;
}

// The product of a real matrix with its own transpose (one operand read both ways), as
// NumPy computes it: ?syrk fills the upper triangle, which is then mirrored below.
template <class Int>
bool run_syrk(const Gemms<Int>& g, const GemmCall& c) {
  const bool self = c.a == c.b && c.lda == c.ldb && c.a_trans != c.b_trans && c.m == c.n && c.stride_a == c.stride_b;
  if (!self || !((c.dtype == Dtype::float32 && g.ssyrk) || (c.dtype == Dtype::float64 && g.dsyrk))) return false;
  const int trans = c.a_trans ? kTrans : kNoTrans;
  auto each = [&]<class T>(auto syrk, T) {
    for (int64_t i = 0; i < c.batch; ++i) {
      const T* a = static_cast<const T*>(c.a) + i * c.stride_a;
      T* out = static_cast<T*>(c.c) + i * c.stride_c;
      syrk(kRowMajor, kUpper, trans, c.n, c.k, T(1), a, c.lda, T(0), out, c.ldc);
      for (int64_t r = 1; r < c.n; ++r)
        for (int64_t col = 0; col < r; ++col) out[r * c.ldc + col] = out[col * c.ldc + r];
    }
  };
  if (c.dtype == Dtype::float32)
    each(g.ssyrk, 0.0f);
  else
    each(g.dsyrk, 0.0);
  return true;
}

// A product with one row or one column, through ?gemv: C (m x 1) = A x, or C (1 x n) as
// (B^T) x with x the one row of A; the operands' strides become the vectors' increments.
template <class Int>
bool run_gemv(const Gemms<Int>& g, const GemmCall& c) {
  const bool have = (c.dtype == Dtype::float32 && g.sgemv) || (c.dtype == Dtype::float64 && g.dgemv);
  if (!have || !(c.n == 1 || c.m == 1) || c.lda <= 0 || c.ldb <= 0 || c.ldc <= 0) return false;
  auto each = [&]<class T>(auto gemv, T) {
    for (int64_t i = 0; i < c.batch; ++i) {
      const T* a = static_cast<const T*>(c.a) + i * c.stride_a;
      const T* b = static_cast<const T*>(c.b) + i * c.stride_b;
      T* out = static_cast<T*>(c.c) + i * c.stride_c;
      if (c.n == 1) {  // A (m x k), stored as is (m x k) or transposed (k x m); x: B's one column
        if (c.a_trans)
          gemv(kRowMajor, kTrans, c.k, c.m, T(1), a, c.lda, b, c.b_trans ? 1 : c.ldb, T(0), out, c.ldc);
        else
          gemv(kRowMajor, kNoTrans, c.m, c.k, T(1), a, c.lda, b, c.b_trans ? 1 : c.ldb, T(0), out, c.ldc);
      } else {  // m == 1: C's one row = B^T (A's one row); B stored (k x n) or transposed (n x k)
        if (c.b_trans)
          gemv(kRowMajor, kNoTrans, c.n, c.k, T(1), b, c.ldb, a, c.a_trans ? c.lda : 1, T(0), out, 1);
        else
          gemv(kRowMajor, kTrans, c.k, c.n, T(1), b, c.ldb, a, c.a_trans ? c.lda : 1, T(0), out, 1);
      }
    }
  };
  if (c.dtype == Dtype::float32)
    each(g.sgemv, 0.0f);
  else
    each(g.dgemv, 0.0);
  return true;
}

template <class Int>
void run(const Gemms<Int>& g, const GemmCall& c) {
  if (run_syrk(g, c) || run_gemv(g, c)) return;
  const int ta = c.a_trans ? kTrans : kNoTrans, tb = c.b_trans ? kTrans : kNoTrans;
  const size_t e = itemsize(c.dtype);
  for (int64_t i = 0; i < c.batch; ++i) {
    const char* a = static_cast<const char*>(c.a) + i * c.stride_a * e;
    const char* b = static_cast<const char*>(c.b) + i * c.stride_b * e;
    char* out = static_cast<char*>(c.c) + i * c.stride_c * e;
    switch (c.dtype) {
      case Dtype::float32:
        g.s(kRowMajor, ta, tb, c.m, c.n, c.k, 1.0f, reinterpret_cast<const float*>(a), c.lda,
            reinterpret_cast<const float*>(b), c.ldb, 0.0f, reinterpret_cast<float*>(out), c.ldc);
        break;
      case Dtype::float64:
        g.d(kRowMajor, ta, tb, c.m, c.n, c.k, 1.0, reinterpret_cast<const double*>(a), c.lda,
            reinterpret_cast<const double*>(b), c.ldb, 0.0, reinterpret_cast<double*>(out), c.ldc);
        break;
      case Dtype::complex64: {
        const std::complex<float> one(1.0f), zero(0.0f);
        g.c(kRowMajor, ta, tb, c.m, c.n, c.k, &one, a, c.lda, b, c.ldb, &zero, out, c.ldc);
        break;
      }
      default: {
        const std::complex<double> one(1.0), zero(0.0);
        g.z(kRowMajor, ta, tb, c.m, c.n, c.k, &one, a, c.lda, b, c.ldb, &zero, out, c.ldc);
      }
    }
  }
}

}  // namespace

bool CpuBackend::has_gemm(Dtype d) const {
  return (d == Dtype::float32 || d == Dtype::float64 || d == Dtype::complex64 || d == Dtype::complex128) &&
         blas().loaded;
}

bool CpuBackend::gemm(const GemmCall& c) {
  if (!has_gemm(c.dtype)) return false;
  const Blas b = blas();
  if (!b.ilp)
    for (int64_t v : {c.m, c.n, c.k, c.lda, c.ldb, c.ldc})
      if (v > std::numeric_limits<int32_t>::max()) return false;
  if (b.ilp)
    run(b.ilp64, c);
  else
    run(b.lp64, c);
  return true;
}

}  // namespace cpu

bool set_blas_library(const std::string& path) {
  std::lock_guard<std::mutex> lock(cpu::blas_mutex());
  cpu::Blas& b = cpu::blas_state();
  if (b.loaded) return true;  // the first library found stays (its symbols are in use)
  return cpu::open_blas(b, path);
}

std::string blas_library() { return cpu::blas().path; }  // METALLIC_BLAS_LIBRARY, if set, first

}  // namespace metallic
