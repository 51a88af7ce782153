// Factorisations on the CPU through the LAPACK inside the BLAS library in use (blas.cpp
// opens it; OpenBLAS carries LAPACK): getrf, getrs, potrf, syevd/heevd, gesdd, geqrf,
// orgqr/ungqr and geev, Fortran
// symbols with or without the "scipy_" prefix, LP64 or ILP64 ("64_" suffix) as the
// library was built.
#include <dlfcn.h>

#include <algorithm>
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
  // syevd(jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info, 2 lengths) for s and
  // d; heevd(jobz, uplo, n, a, lda, w, work, lwork, rwork, lrwork, iwork, liwork, info, 2
  // lengths) for c and z.
  using Syevd = void (*)(const char*, const char*, const Int*, void*, const Int*, void*, void*, const Int*, Int*,
                         const Int*, Int*, size_t, size_t);
  using Heevd = void (*)(const char*, const char*, const Int*, void*, const Int*, void*, void*, const Int*, void*,
                         const Int*, Int*, const Int*, Int*, size_t, size_t);
  // gesdd(jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, [rwork,] iwork, info, 1)
  using GesddReal = void (*)(const char*, const Int*, const Int*, void*, const Int*, void*, void*, const Int*, void*,
                             const Int*, void*, const Int*, Int*, Int*, size_t);
  using GesddComplex = void (*)(const char*, const Int*, const Int*, void*, const Int*, void*, void*, const Int*,
                                void*, const Int*, void*, const Int*, void*, Int*, Int*, size_t);
  // geqrf(m, n, a, lda, tau, work, lwork, info); orgqr/ungqr(m, n, k, a, lda, tau, work,
  // lwork, info)
  using Geqrf = void (*)(const Int*, const Int*, void*, const Int*, void*, void*, const Int*, Int*);
  using Orgqr = void (*)(const Int*, const Int*, const Int*, void*, const Int*, const void*, void*, const Int*, Int*);
  // geev(jobvl, jobvr, n, a, lda, wr, wi, vl, ldvl, vr, ldvr, work, lwork, info, 2
  // lengths) for s and d; (jobvl, jobvr, n, a, lda, w, vl, ldvl, vr, ldvr, work, lwork,
  // rwork, info, 2 lengths) for c and z.
  using GeevReal = void (*)(const char*, const char*, const Int*, void*, const Int*, void*, void*, void*, const Int*,
                            void*, const Int*, void*, const Int*, Int*, size_t, size_t);
  using GeevComplex = void (*)(const char*, const char*, const Int*, void*, const Int*, void*, void*, const Int*,
                               void*, const Int*, void*, const Int*, void*, Int*, size_t, size_t);
  Getrf getrf[4] = {};
  Getrs getrs[4] = {};
  Potrf potrf[4] = {};
  void* eigh[4] = {};  // Syevd for s and d, Heevd for c and z; optional
  void* gesdd[4] = {};  // GesddReal, GesddComplex; optional
  Geqrf geqrf[4] = {};  // optional, as orgqr
  Orgqr orgqr[4] = {};
  void* geev[4] = {};  // GeevReal, GeevComplex; optional
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
    l.eigh[i] = sym(i < 2 ? "syevd_" : "heevd_");
    l.gesdd[i] = sym("gesdd_");
    l.geqrf[i] = reinterpret_cast<typename Lapack<Int>::Geqrf>(sym("geqrf_"));
    l.orgqr[i] = reinterpret_cast<typename Lapack<Int>::Orgqr>(sym(i < 2 ? "orgqr_" : "ungqr_"));
    l.geev[i] = sym("geev_");
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
// integer), spread over the threads; false when there is no LAPACK for the dtype, or
// (has(lapack) false) not the routine.
template <class F, class Has>
bool each_matrix(Dtype dtype, int64_t batch, int64_t n, F&& fn, Has&& has) {
  const Libs& l = libs();
  if (!l.loaded || which(dtype) < 0 || !(l.ilp ? has(l.ilp64) : has(l.lp64))) return false;
  parallel_for(batch, n * n * n, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      if (l.ilp)
        fn(l.ilp64, i, static_cast<int64_t>(n));
      else
        fn(l.lp64, i, static_cast<int32_t>(n));
    }
  });
  return true;
}
template <class F>
bool each_matrix(const SolverCall& c, F&& fn) {
  return each_matrix(c.dtype, c.batch, c.n, fn, [](const auto&) { return true; });
}

// A workspace query's answer (work[0], real or complex of the real dtype re bytes wide).
int64_t queried(const void* work, size_t re) {
  return static_cast<int64_t>(re == 4 ? *static_cast<const float*>(work) : *static_cast<const double*>(work));
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

bool CpuBackend::eigh(const EighCall& c) {
  const int t = which(c.dtype);
  const size_t e = itemsize(c.dtype), re = t % 2 == 0 ? 4 : 8;
  const char jobz = c.vectors ? 'V' : 'N';
  const char* uplo = c.lower ? "L" : "U";
  return each_matrix(
      c.dtype, c.batch, c.n,
      [&]<class Int>(const Lapack<Int>& lapack, int64_t i, Int n) {
        char* a = static_cast<char*>(c.a) + i * c.n * c.n * static_cast<int64_t>(e);
        char* w = static_cast<char*>(c.w) + i * c.n * static_cast<int64_t>(re);
        const Int lda = n > 0 ? n : 1, query = -1;
        Int info = 0, liwork = 0;
        alignas(16) char q[16], rq[16];
        if (t < 2) {
          const auto f = reinterpret_cast<typename Lapack<Int>::Syevd>(lapack.eigh[t]);
          f(&jobz, uplo, &n, a, &lda, w, q, &query, &liwork, &query, &info, 1, 1);
          const Int lwork = static_cast<Int>(std::max<int64_t>(queried(q, re), 1));
          std::vector<char> work(static_cast<size_t>(lwork) * e);
          std::vector<Int> iwork(static_cast<size_t>(std::max<Int>(liwork, 1)));
          liwork = static_cast<Int>(iwork.size());
          f(&jobz, uplo, &n, a, &lda, w, work.data(), &lwork, iwork.data(), &liwork, &info, 1, 1);
        } else {
          const auto f = reinterpret_cast<typename Lapack<Int>::Heevd>(lapack.eigh[t]);
          f(&jobz, uplo, &n, a, &lda, w, q, &query, rq, &query, &liwork, &query, &info, 1, 1);
          const Int lwork = static_cast<Int>(std::max<int64_t>(queried(q, re), 1));
          const Int lrwork = static_cast<Int>(std::max<int64_t>(queried(rq, re), 1));
          std::vector<char> work(static_cast<size_t>(lwork) * e), rwork(static_cast<size_t>(lrwork) * re);
          std::vector<Int> iwork(static_cast<size_t>(std::max<Int>(liwork, 1)));
          liwork = static_cast<Int>(iwork.size());
          f(&jobz, uplo, &n, a, &lda, w, work.data(), &lwork, rwork.data(), &lrwork, iwork.data(), &liwork, &info, 1,
            1);
        }
        c.info[i] = info;
      },
      [&](const auto& lapack) { return lapack.eigh[t] != nullptr; });
}

bool CpuBackend::svd(const SvdCall& c) {
  const int t = which(c.dtype);
  const size_t e = itemsize(c.dtype), re = t % 2 == 0 ? 4 : 8;
  const char jobz = !c.vectors ? 'N' : c.full ? 'A' : 'S';
  const int64_t ucols = c.full ? c.m : c.n;
  return each_matrix(
      c.dtype, c.batch, c.n,
      [&]<class Int>(const Lapack<Int>& lapack, int64_t i, Int) {
        const auto at = [&](void* base, int64_t elems, size_t bytes) {
          return base ? static_cast<char*>(base) + i * elems * static_cast<int64_t>(bytes) : nullptr;
        };
        char* a = at(c.a, c.m * c.n, e);
        char* sv = at(c.s, c.n, re);
        alignas(16) char dummy[16];
        char* u = c.vectors ? at(c.u, c.m * ucols, e) : dummy;
        char* vt = c.vectors ? at(c.vt, c.n * c.n, e) : dummy;
        const Int m = static_cast<Int>(c.m), n = static_cast<Int>(c.n), query = -1;
        const Int lda = std::max<Int>(m, 1), ldu = std::max<Int>(m, 1), ldvt = std::max<Int>(n, 1);
        Int info = 0;
        std::vector<Int> iwork(static_cast<size_t>(std::max<int64_t>(8 * c.n, 1)));
        alignas(16) char q[16];
        if (t < 2) {
          const auto f = reinterpret_cast<typename Lapack<Int>::GesddReal>(lapack.gesdd[t]);
          f(&jobz, &m, &n, a, &lda, sv, u, &ldu, vt, &ldvt, q, &query, iwork.data(), &info, 1);
          const Int lwork = static_cast<Int>(std::max<int64_t>(queried(q, re), 1));
          std::vector<char> work(static_cast<size_t>(lwork) * e);
          f(&jobz, &m, &n, a, &lda, sv, u, &ldu, vt, &ldvt, work.data(), &lwork, iwork.data(), &info, 1);
        } else {
          const auto f = reinterpret_cast<typename Lapack<Int>::GesddComplex>(lapack.gesdd[t]);
          const int64_t mn = c.n, mx = c.m;  // m >= n
          const int64_t lrwork = jobz == 'N' ? 7 * mn : std::max(5 * mn * mn + 5 * mn, 2 * mx * mn + 2 * mn * mn + mn);
          std::vector<char> rwork(static_cast<size_t>(std::max<int64_t>(lrwork, 1)) * re);
          f(&jobz, &m, &n, a, &lda, sv, u, &ldu, vt, &ldvt, q, &query, rwork.data(), iwork.data(), &info, 1);
          const Int lwork = static_cast<Int>(std::max<int64_t>(queried(q, re), 1));
          std::vector<char> work(static_cast<size_t>(lwork) * e);
          f(&jobz, &m, &n, a, &lda, sv, u, &ldu, vt, &ldvt, work.data(), &lwork, rwork.data(), iwork.data(), &info, 1);
        }
        c.info[i] = info;
      },
      [&](const auto& lapack) { return lapack.gesdd[t] != nullptr; });
}

bool CpuBackend::qr(const QrCall& c) {
  const int t = which(c.dtype);
  const size_t e = itemsize(c.dtype), re = t % 2 == 0 ? 4 : 8;
  return each_matrix(
      c.dtype, c.batch, c.n,
      [&]<class Int>(const Lapack<Int>& lapack, int64_t i, Int) {
        char* a = static_cast<char*>(c.a) + i * c.m * c.n * static_cast<int64_t>(e);
        char* tau = static_cast<char*>(c.tau) + i * c.k * static_cast<int64_t>(e);
        const Int m = static_cast<Int>(c.m), n = static_cast<Int>(c.n), k = static_cast<Int>(c.k);
        const Int lda = std::max<Int>(m, 1), query = -1;
        Int info = 0;
        alignas(16) char q[16];
        if (c.form_q)
          lapack.orgqr[t](&m, &n, &k, a, &lda, tau, q, &query, &info);
        else
          lapack.geqrf[t](&m, &n, a, &lda, tau, q, &query, &info);
        const Int lwork = static_cast<Int>(std::max<int64_t>(queried(q, re), 1));
        std::vector<char> work(static_cast<size_t>(lwork) * e);
        if (c.form_q)
          lapack.orgqr[t](&m, &n, &k, a, &lda, tau, work.data(), &lwork, &info);
        else
          lapack.geqrf[t](&m, &n, a, &lda, tau, work.data(), &lwork, &info);
        c.info[i] = info;
      },
      [&](const auto& lapack) { return lapack.geqrf[t] && lapack.orgqr[t]; });
}

bool CpuBackend::eig(const EigCall& c) {
  const int t = which(c.dtype);
  const size_t e = itemsize(c.dtype), re = t % 2 == 0 ? 4 : 8;
  const char jobvr = c.vectors ? 'V' : 'N';
  return each_matrix(
      c.dtype, c.batch, c.n,
      [&]<class Int>(const Lapack<Int>& lapack, int64_t i, Int n) {
        char* a = static_cast<char*>(c.a) + i * c.n * c.n * static_cast<int64_t>(e);
        char* w = static_cast<char*>(c.w) + i * 2 * c.n * static_cast<int64_t>(re);  // n complex or 2n real
        alignas(16) char dummy[16];
        char* vr = c.vectors ? static_cast<char*>(c.vr) + i * c.n * c.n * static_cast<int64_t>(e) : dummy;
        const Int lda = std::max<Int>(n, 1), one = 1, query = -1;
        Int info = 0;
        alignas(16) char q[16];
        if (t < 2) {
          const auto f = reinterpret_cast<typename Lapack<Int>::GeevReal>(lapack.geev[t]);
          char* wi = w + c.n * static_cast<int64_t>(re);
          f("N", &jobvr, &n, a, &lda, w, wi, dummy, &one, vr, &lda, q, &query, &info, 1, 1);
          const Int lwork = static_cast<Int>(std::max<int64_t>(queried(q, re), 1));
          std::vector<char> work(static_cast<size_t>(lwork) * e);
          f("N", &jobvr, &n, a, &lda, w, wi, dummy, &one, vr, &lda, work.data(), &lwork, &info, 1, 1);
        } else {
          const auto f = reinterpret_cast<typename Lapack<Int>::GeevComplex>(lapack.geev[t]);
          std::vector<char> rwork(static_cast<size_t>(std::max<int64_t>(2 * c.n, 1)) * re);
          f("N", &jobvr, &n, a, &lda, w, dummy, &one, vr, &lda, q, &query, rwork.data(), &info, 1, 1);
          const Int lwork = static_cast<Int>(std::max<int64_t>(queried(q, re), 1));
          std::vector<char> work(static_cast<size_t>(lwork) * e);
          f("N", &jobvr, &n, a, &lda, w, dummy, &one, vr, &lda, work.data(), &lwork, rwork.data(), &info, 1, 1);
        }
        c.info[i] = info;
      },
      [&](const auto& lapack) { return lapack.geev[t] != nullptr; });
}

}  // namespace metallic::cpu
