// Factorisations on the CPU through the LAPACK inside the BLAS library in use (blas.cpp
// opens it; OpenBLAS carries LAPACK): getrf, getrs, potrf, Fortran symbols with or
// without the "scipy_" prefix, LP64 or ILP64 ("64_" suffix) as the library was built.
#include <dlfcn.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "backend/cpu/cpu_backend.hpp"
#include "backend/cpu/threads.hpp"
#include "metallic/device.hpp"

namespace metallic::cpu {
namespace {

// One routine for the four dtypes (s, d, c, z), as void pointers: the arguments differ
// only in the element type, which LAPACK reads through the pointers.
template <class Int>
struct Lapack {
  // getrf(m, n, a, lda, ipiv, info)
  using Getrf = void (*)(const Int*, const Int*, void*, const Int*, Int*, Int*);
  // getrs(trans, n, nrhs, a, lda, ipiv, b, ldb, info, trans_len)
  using Getrs = void (*)(const char*, const Int*, const Int*, const void*, const Int*, const Int*, void*,
                         const Int*, Int*, size_t);
  // potrf(uplo, n, a, lda, info, uplo_len)
  using Potrf = void (*)(const char*, const Int*, void*, const Int*, Int*, size_t);
  Getrf getrf[4] = {};
  Getrs getrs[4] = {};
  Potrf potrf[4] = {};
  bool complete() const {
    for (int i = 0; i < 4; ++i)
      if (!getrf[i] || !getrs[i] || !potrf[i]) return false;
    return true;
  }
};

struct Libs {
  Lapack<int32_t> lp64;
  Lapack<int64_t> ilp64;
  bool ilp = false, loaded = false;
};

template <class Int>
Lapack<Int> find(void* h, const std::string& prefix, const std::string& suffix) {
  Lapack<Int> l;
  const char letters[4] = {'s', 'd', 'c', 'z'};
  for (int i = 0; i < 4; ++i) {
    auto sym = [&](const char* name) { return dlsym(h, (prefix + letters[i] + name + suffix).c_str()); };
    l.getrf[i] = reinterpret_cast<typename Lapack<Int>::Getrf>(sym("getrf_"));
    l.getrs[i] = reinterpret_cast<typename Lapack<Int>::Getrs>(sym("getrs_"));
    l.potrf[i] = reinterpret_cast<typename Lapack<Int>::Potrf>(sym("potrf_"));
  }
  return l;
}

const Libs& libs() {
  static std::mutex m;
  static Libs found;
  static std::string tried;
  std::lock_guard<std::mutex> lock(m);
  const std::string path = blas_library();
  if (found.loaded || path.empty() || path == tried) return found;
  tried = path;
  if (void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
    for (const char* prefix : {"scipy_", ""}) {
      if (auto l = find<int32_t>(h, prefix, ""); l.complete()) {
        found = Libs{l, {}, false, true};
        break;
      }
      if (auto l = find<int64_t>(h, prefix, "64_"); l.complete()) {
        found = Libs{{}, l, true, true};
        break;
      }
    }
  }
  return found;
}

int which(Dtype d) {
  switch (d) {
    case Dtype::float32: return 0;
    case Dtype::float64: return 1;
    case Dtype::complex64: return 2;
    case Dtype::complex128: return 3;
    default: return -1;
  }
}

// Runs fn(lapack, matrix, n) for every matrix of the batch (n: the order, in LAPACK's
// integer), spread over the threads; false when there is no LAPACK for the dtype.
template <class F>
bool each_matrix(const SolverCall& c, F&& fn) {
  const Libs& l = libs();
  if (!l.loaded || which(c.dtype) < 0) return false;
  parallel_for(c.batch, c.n * c.n * c.n, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      if (l.ilp)
        fn(l.ilp64, i, static_cast<int64_t>(c.n));
      else
        fn(l.lp64, i, static_cast<int32_t>(c.n));
    }
  });
  return true;
}

char* matrix(void* base, const SolverCall& c, int64_t i, int64_t cols) {
  return static_cast<char*>(base) + i * c.n * cols * static_cast<int64_t>(itemsize(c.dtype));
}

}  // namespace

bool CpuBackend::lu(const SolverCall& c) {
  const int t = which(c.dtype);
  return each_matrix(c, [&]<class Int>(const Lapack<Int>& lapack, int64_t i, Int n) {
    const Int lda = n > 0 ? n : 1;
    Int info = 0;
    std::vector<Int> piv(static_cast<size_t>(n));
    lapack.getrf[t](&n, &n, matrix(c.a, c, i, c.n), &lda, piv.data(), &info);
    for (int64_t k = 0; k < c.n; ++k) c.pivots[i * c.n + k] = piv[k];
    c.info[i] = info;
  });
}

bool CpuBackend::lu_solve(const SolverCall& c) {
  const int t = which(c.dtype);
  return each_matrix(c, [&]<class Int>(const Lapack<Int>& lapack, int64_t i, Int n) {
    const Int lda = n > 0 ? n : 1, nrhs = static_cast<Int>(c.nrhs);
    Int info = 0;
    std::vector<Int> piv(c.pivots + i * c.n, c.pivots + (i + 1) * c.n);
    lapack.getrs[t]("T", &n, &nrhs, matrix(c.a, c, i, c.n), &lda, piv.data(), matrix(c.b, c, i, c.nrhs), &lda,
                    &info, 1);
    c.info[i] = info;
  });
}

bool CpuBackend::cholesky(const SolverCall& c) {
  const int t = which(c.dtype);
  return each_matrix(c, [&]<class Int>(const Lapack<Int>& lapack, int64_t i, Int n) {
    const Int lda = n > 0 ? n : 1;
    Int info = 0;
    lapack.potrf[t]("U", &n, matrix(c.a, c, i, c.n), &lda, &info, 1);
    c.info[i] = info;
  });
}

}  // namespace metallic::cpu
