// Factorisations on cuSOLVER's 64-bit dense API (getrf, getrs, potrf, syevd, gesvd,
// geqrf, geev; orgqr/ungqr from the 32-bit API), one call per matrix of the batch on this
// backend's stream. The library is opened on first use
// (dlopen), as cuBLAS is; the info of every matrix is read back once, at the end.
#include <cusolverDn.h>

#include <string>
#include <vector>

#include "backend/cuda/cuda_backend.hpp"
#include "backend/cuda/cuda_check.hpp"
#include "backend/cuda/libraries.hpp"
#include "metallic/errors.hpp"

namespace metallic::cuda {
namespace {

struct Cusolver {
  cusolverStatus_t (*create)(cusolverDnHandle_t*) = nullptr;
  cusolverStatus_t (*set_stream)(cusolverDnHandle_t, cudaStream_t) = nullptr;
  cusolverStatus_t (*create_params)(cusolverDnParams_t*) = nullptr;
  decltype(&cusolverDnXgetrf_bufferSize) getrf_size = nullptr;
  decltype(&cusolverDnXgetrf) getrf = nullptr;
  decltype(&cusolverDnXgetrs) getrs = nullptr;
  decltype(&cusolverDnXpotrf_bufferSize) potrf_size = nullptr;
  decltype(&cusolverDnXpotrf) potrf = nullptr;
  decltype(&cusolverDnXsyevd_bufferSize) syevd_size = nullptr;  // optional, as the next three
  decltype(&cusolverDnXsyevd) syevd = nullptr;
  decltype(&cusolverDnXgesvd_bufferSize) gesvd_size = nullptr;
  decltype(&cusolverDnXgesvd) gesvd = nullptr;
  decltype(&cusolverDnXgeqrf_bufferSize) geqrf_size = nullptr;
  decltype(&cusolverDnXgeqrf) geqrf = nullptr;
  // {S,D}orgqr and {C,Z}ungqr (and their _bufferSize), which differ only in pointer types.
  using OrgqrSize = cusolverStatus_t (*)(cusolverDnHandle_t, int, int, int, const void*, int, const void*, int*);
  using Orgqr = cusolverStatus_t (*)(cusolverDnHandle_t, int, int, int, void*, int, const void*, void*, int, int*);
  decltype(&cusolverDnXgeev_bufferSize) geev_size = nullptr;  // CUDA 12.6 on
  decltype(&cusolverDnXgeev) geev = nullptr;
  OrgqrSize orgqr_size[4] = {};
  Orgqr orgqr[4] = {};
  bool loaded = false;
};

const Cusolver& cusolver() {
  static const Cusolver lib = [] {
    Cusolver c;
    void* h = open_library({"libcusolver.so.12", "libcusolver.so.11", "libcusolver.so"});
    if (!h) return c;
    find_function(h, "cusolverDnCreate", c.create);
    find_function(h, "cusolverDnSetStream", c.set_stream);
    find_function(h, "cusolverDnCreateParams", c.create_params);
    find_function(h, "cusolverDnXgetrf_bufferSize", c.getrf_size);
    find_function(h, "cusolverDnXgetrf", c.getrf);
    find_function(h, "cusolverDnXgetrs", c.getrs);
    find_function(h, "cusolverDnXpotrf_bufferSize", c.potrf_size);
    find_function(h, "cusolverDnXpotrf", c.potrf);
    find_function(h, "cusolverDnXsyevd_bufferSize", c.syevd_size);
    find_function(h, "cusolverDnXsyevd", c.syevd);
    find_function(h, "cusolverDnXgesvd_bufferSize", c.gesvd_size);
    find_function(h, "cusolverDnXgesvd", c.gesvd);
    find_function(h, "cusolverDnXgeqrf_bufferSize", c.geqrf_size);
    find_function(h, "cusolverDnXgeqrf", c.geqrf);
    find_function(h, "cusolverDnXgeev_bufferSize", c.geev_size);
    find_function(h, "cusolverDnXgeev", c.geev);
    const char* orgqr_names[4] = {"cusolverDnSorgqr", "cusolverDnDorgqr", "cusolverDnCungqr", "cusolverDnZungqr"};
    for (int i = 0; i < 4; ++i) {
      find_function(h, (std::string(orgqr_names[i]) + "_bufferSize").c_str(), c.orgqr_size[i]);
      find_function(h, orgqr_names[i], c.orgqr[i]);
    }
    c.loaded = c.create && c.set_stream && c.create_params && c.getrf_size && c.getrf && c.getrs &&
               c.potrf_size && c.potrf;
    return c;
  }();
  return lib;
}

void check(cusolverStatus_t s, const char* what) {
  if (s != CUSOLVER_STATUS_SUCCESS)
    throw std::runtime_error(std::string("[linalg] ") + what + " failed with cuSOLVER status " + std::to_string(s));
}

bool data_type(Dtype d, cudaDataType& t) {
  switch (d) {
    case Dtype::float32: t = CUDA_R_32F; return true;
    case Dtype::float64: t = CUDA_R_64F; return true;
    case Dtype::complex64: t = CUDA_C_32F; return true;
    case Dtype::complex128: t = CUDA_C_64F; return true;
    default: return false;
  }
}

// The real type of a data type (eigenvalues, singular values).
cudaDataType real_type(cudaDataType t) {
  return t == CUDA_C_32F ? CUDA_R_32F : t == CUDA_C_64F ? CUDA_R_64F : t;
}

// Device workspace, returned to the pool however the call ends.
struct Workspace {
  CudaBackend& backend;
  void* p = nullptr;
  size_t bytes = 0;
  void get(size_t n) {
    bytes = n;
    p = n ? backend.allocate(n) : nullptr;
  }
  ~Workspace() {
    if (p) backend.deallocate(p, bytes);
  }
};

}  // namespace

// The handle and its parameters, made on first use; nullptr when cuSOLVER is missing.
void* CudaBackend::solver_handle() {
  if (!cusolver().loaded) return nullptr;
  std::lock_guard<std::mutex> lock(solver_mutex_);
  if (!solver_) {
    cusolverDnHandle_t h = nullptr;
    cusolverDnParams_t p = nullptr;
    check(cusolver().create(&h), "cusolverDnCreate");
    check(cusolver().set_stream(h, reinterpret_cast<cudaStream_t>(stream_)), "cusolverDnSetStream");
    check(cusolver().create_params(&p), "cusolverDnCreateParams");
    solver_ = h;
    solver_params_ = p;
  }
  return solver_;
}

// Runs step(handle, params, data type, matrix i, its device info slot) over the batch on
// the stream, then reads the infos back.
bool CudaBackend::solve_each(Dtype dtype, int64_t batch, int64_t* info_out, const char* name, const SolverStep& step) {
  cudaDataType t;
  if (!data_type(dtype, t)) return false;
  make_current();
  if (!solver_handle()) return false;
  if (batch == 0) return true;
  const size_t info_bytes = static_cast<size_t>(batch) * sizeof(int);
  int* info = static_cast<int*>(allocate(info_bytes));
  try {
    enqueue([name] { return std::string(name); }, [&] {
      std::lock_guard<std::mutex> lock(solver_mutex_);  // one handle: one call at a time
      for (int64_t i = 0; i < batch; ++i) step(solver_, solver_params_, static_cast<int>(t), i, info + i);
    });
    std::vector<int> host(static_cast<size_t>(batch));
    copy_to_host(host.data(), info, info_bytes);
    for (int64_t i = 0; i < batch; ++i) info_out[i] = host[i];
  } catch (...) {
    deallocate(info, info_bytes);
    throw;
  }
  deallocate(info, info_bytes);
  return true;
}

// Stacks of matrices up to this order go to cuBLAS's batched LU in one call (one cuSOLVER
// call per matrix costs microseconds each).
constexpr int64_t kBatchedLuOrder = 64;

bool CudaBackend::lu(const SolverCall& c) {
  if (c.batch > 1 && c.n <= kBatchedLuOrder && lu_batched(c, false)) return true;
  const size_t e = itemsize(c.dtype);
  char* a = static_cast<char*>(c.a);
  Workspace work{*this};
  size_t dev_bytes = 0, host_bytes = 0;
  std::vector<char> host_work;
  return solve_each(c.dtype, c.batch, c.info, "cusolver_getrf", [&](void* hv, void* pv, int tv, int64_t i, int* info) {
    const auto h = static_cast<cusolverDnHandle_t>(hv);
    const auto p = static_cast<cusolverDnParams_t>(pv);
    const auto t = static_cast<cudaDataType>(tv);
    const int64_t lda = std::max<int64_t>(c.n, 1);
    if (i == 0) {
      check(cusolver().getrf_size(h, p, c.n, c.n, t, a, lda, t, &dev_bytes, &host_bytes), "getrf_bufferSize");
      work.get(dev_bytes);
      host_work.resize(host_bytes);
    }
    check(cusolver().getrf(h, p, c.n, c.n, t, a + i * c.n * c.n * e, lda, c.pivots + i * c.n, t, work.p, dev_bytes,
                           host_work.data(), host_bytes, info),
          "getrf");
  });
}

bool CudaBackend::lu_solve(const SolverCall& c) {
  if (c.batch > 1 && c.n <= kBatchedLuOrder && lu_batched(c, true)) return true;
  const size_t e = itemsize(c.dtype);
  const char* a = static_cast<const char*>(c.a);
  char* b = static_cast<char*>(c.b);
  return solve_each(c.dtype, c.batch, c.info, "cusolver_getrs", [&](void* hv, void* pv, int tv, int64_t i, int* info) {
    const auto h = static_cast<cusolverDnHandle_t>(hv);
    const auto p = static_cast<cusolverDnParams_t>(pv);
    const auto t = static_cast<cudaDataType>(tv);
    const int64_t ld = std::max<int64_t>(c.n, 1);
    check(cusolver().getrs(h, p, CUBLAS_OP_T, c.n, c.nrhs, t, a + i * c.n * c.n * e, ld, c.pivots + i * c.n, t,
                           b + i * c.n * c.nrhs * e, ld, info),
          "getrs");
  });
}

bool CudaBackend::cholesky(const SolverCall& c) {
  const size_t e = itemsize(c.dtype);
  char* a = static_cast<char*>(c.a);
  Workspace work{*this};
  size_t dev_bytes = 0, host_bytes = 0;
  std::vector<char> host_work;
  return solve_each(c.dtype, c.batch, c.info, "cusolver_potrf", [&](void* hv, void* pv, int tv, int64_t i, int* info) {
    const auto h = static_cast<cusolverDnHandle_t>(hv);
    const auto p = static_cast<cusolverDnParams_t>(pv);
    const auto t = static_cast<cudaDataType>(tv);
    const int64_t lda = std::max<int64_t>(c.n, 1);
    if (i == 0) {
      check(cusolver().potrf_size(h, p, CUBLAS_FILL_MODE_UPPER, c.n, t, a, lda, t, &dev_bytes, &host_bytes),
            "potrf_bufferSize");
      work.get(dev_bytes);
      host_work.resize(host_bytes);
    }
    check(cusolver().potrf(h, p, CUBLAS_FILL_MODE_UPPER, c.n, t, a + i * c.n * c.n * e, lda, t, work.p, dev_bytes,
                           host_work.data(), host_bytes, info),
          "potrf");
  });
}

bool CudaBackend::eigh(const EighCall& c) {
  if (!cusolver().syevd || !cusolver().syevd_size) return false;
  const size_t e = itemsize(c.dtype), re = c.dtype == Dtype::float32 || c.dtype == Dtype::complex64 ? 4 : 8;
  char* a = static_cast<char*>(c.a);
  char* w = static_cast<char*>(c.w);
  const auto mode = c.vectors ? CUSOLVER_EIG_MODE_VECTOR : CUSOLVER_EIG_MODE_NOVECTOR;
  const auto fill = c.lower ? CUBLAS_FILL_MODE_LOWER : CUBLAS_FILL_MODE_UPPER;
  Workspace work{*this};
  size_t dev_bytes = 0, host_bytes = 0;
  std::vector<char> host_work;
  return solve_each(c.dtype, c.batch, c.info, "cusolver_syevd", [&](void* hv, void* pv, int tv, int64_t i, int* info) {
    const auto h = static_cast<cusolverDnHandle_t>(hv);
    const auto p = static_cast<cusolverDnParams_t>(pv);
    const auto t = static_cast<cudaDataType>(tv);
    const int64_t lda = std::max<int64_t>(c.n, 1);
    if (i == 0) {
      check(cusolver().syevd_size(h, p, mode, fill, c.n, t, a, lda, real_type(t), w, t, &dev_bytes,
                                  &host_bytes),
            "syevd_bufferSize");
      work.get(dev_bytes);
      host_work.resize(host_bytes);
    }
    check(cusolver().syevd(h, p, mode, fill, c.n, t, a + i * c.n * c.n * e, lda, real_type(t),
                           w + i * c.n * re, t, work.p, dev_bytes, host_work.data(), host_bytes, info),
          "syevd");
  });
}

bool CudaBackend::svd(const SvdCall& c) {
  if (!cusolver().gesvd || !cusolver().gesvd_size) return false;
  const size_t e = itemsize(c.dtype), re = c.dtype == Dtype::float32 || c.dtype == Dtype::complex64 ? 4 : 8;
  const signed char job = !c.vectors ? 'N' : c.full ? 'A' : 'S';
  const int64_t ucols = c.full ? c.m : c.n, ldu = std::max<int64_t>(c.m, 1), ldvt = std::max<int64_t>(c.n, 1);
  char* a = static_cast<char*>(c.a);
  char* s = static_cast<char*>(c.s);
  char* u = static_cast<char*>(c.u);
  char* vt = static_cast<char*>(c.vt);
  Workspace work{*this};
  size_t dev_bytes = 0, host_bytes = 0;
  std::vector<char> host_work;
  return solve_each(c.dtype, c.batch, c.info, "cusolver_gesvd", [&](void* hv, void* pv, int tv, int64_t i, int* info) {
    const auto h = static_cast<cusolverDnHandle_t>(hv);
    const auto p = static_cast<cusolverDnParams_t>(pv);
    const auto t = static_cast<cudaDataType>(tv);
    const int64_t lda = std::max<int64_t>(c.m, 1);
    char* ui = c.vectors ? u + i * c.m * ucols * e : nullptr;
    char* vti = c.vectors ? vt + i * c.n * c.n * e : nullptr;
    if (i == 0) {
      check(cusolver().gesvd_size(h, p, job, job, c.m, c.n, t, a, lda, real_type(t), s, t, ui, ldu, t, vti, ldvt, t,
                                  &dev_bytes, &host_bytes),
            "gesvd_bufferSize");
      work.get(dev_bytes);
      host_work.resize(host_bytes);
    }
    check(cusolver().gesvd(h, p, job, job, c.m, c.n, t, a + i * c.m * c.n * e, lda, real_type(t), s + i * c.n * re, t,
                           ui, ldu, t, vti, ldvt, t, work.p, dev_bytes, host_work.data(), host_bytes, info),
          "gesvd");
  });
}

bool CudaBackend::qr(const QrCall& c) {
  const int which = c.dtype == Dtype::float32 ? 0 : c.dtype == Dtype::float64 ? 1 : c.dtype == Dtype::complex64 ? 2 : 3;
  const Cusolver& lib = cusolver();
  if (!lib.geqrf || !lib.geqrf_size || !lib.orgqr[which] || !lib.orgqr_size[which]) return false;
  if (c.form_q && (c.m > INT32_MAX || c.n > INT32_MAX || c.m * c.n > INT32_MAX)) return false;  // a 32-bit call
  const size_t e = itemsize(c.dtype);
  char* a = static_cast<char*>(c.a);
  char* tau = static_cast<char*>(c.tau);
  Workspace work{*this};
  size_t dev_bytes = 0, host_bytes = 0;
  std::vector<char> host_work;
  const int64_t lda = std::max<int64_t>(c.m, 1);
  return solve_each(c.dtype, c.batch, c.info, c.form_q ? "cusolver_orgqr" : "cusolver_geqrf",
                    [&](void* hv, void* pv, int tv, int64_t i, int* info) {
    const auto h = static_cast<cusolverDnHandle_t>(hv);
    const auto p = static_cast<cusolverDnParams_t>(pv);
    const auto t = static_cast<cudaDataType>(tv);
    char* ai = a + i * c.m * c.n * e;
    char* ti = tau + i * c.k * e;
    if (c.form_q) {
      const int m = static_cast<int>(c.m), n = static_cast<int>(c.n), k = static_cast<int>(c.k);
      if (i == 0) {
        int lwork = 0;
        check(lib.orgqr_size[which](h, m, n, k, ai, static_cast<int>(lda), ti, &lwork), "orgqr_bufferSize");
        dev_bytes = static_cast<size_t>(std::max(lwork, 1)) * e;
        work.get(dev_bytes);
      }
      check(lib.orgqr[which](h, m, n, k, ai, static_cast<int>(lda), ti, work.p, static_cast<int>(dev_bytes / e), info),
            "orgqr");
      return;
    }
    if (i == 0) {
      check(lib.geqrf_size(h, p, c.m, c.n, t, ai, lda, t, ti, t, &dev_bytes, &host_bytes), "geqrf_bufferSize");
      work.get(dev_bytes);
      host_work.resize(host_bytes);
    }
    check(lib.geqrf(h, p, c.m, c.n, t, ai, lda, t, ti, t, work.p, dev_bytes, host_work.data(), host_bytes, info),
          "geqrf");
  });
}

bool CudaBackend::eig(const EigCall& c) {
  const Cusolver& lib = cusolver();
  if (!lib.geev || !lib.geev_size) return false;
  const size_t e = itemsize(c.dtype), re = c.dtype == Dtype::float32 || c.dtype == Dtype::complex64 ? 4 : 8;
  const auto jobvr = c.vectors ? CUSOLVER_EIG_MODE_VECTOR : CUSOLVER_EIG_MODE_NOVECTOR;
  char* a = static_cast<char*>(c.a);
  char* w = static_cast<char*>(c.w);
  char* vr = static_cast<char*>(c.vr);
  Workspace work{*this};
  size_t dev_bytes = 0, host_bytes = 0;
  std::vector<char> host_work;
  const int64_t ld = std::max<int64_t>(c.n, 1);
  return solve_each(c.dtype, c.batch, c.info, "cusolver_geev", [&](void* hv, void* pv, int tv, int64_t i, int* info) {
    const auto h = static_cast<cusolverDnHandle_t>(hv);
    const auto p = static_cast<cusolverDnParams_t>(pv);
    const auto t = static_cast<cudaDataType>(tv);  // W real (2n: real parts, imaginary parts) for real A
    char* vri = c.vectors ? vr + i * c.n * c.n * e : nullptr;
    if (i == 0) {
      check(lib.geev_size(h, p, CUSOLVER_EIG_MODE_NOVECTOR, jobvr, c.n, t, a, ld, t, w, t, nullptr, ld, t, vri, ld, t,
                          &dev_bytes, &host_bytes),
            "geev_bufferSize");
      work.get(dev_bytes);
      host_work.resize(host_bytes);
    }
    check(lib.geev(h, p, CUSOLVER_EIG_MODE_NOVECTOR, jobvr, c.n, t, a + i * c.n * c.n * e, ld, t, w + i * 2 * c.n * re,
                   t, nullptr, ld, t, vri, ld, t, work.p, dev_bytes, host_work.data(), host_bytes, info),
          "geev");
  });
}

}  // namespace metallic::cuda
