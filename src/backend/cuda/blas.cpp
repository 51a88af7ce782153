// Matrix products on cuBLAS, and its batched LU (getrf/getrs) for stacks of small
// matrices. The library is opened on first use (dlopen), so a process that never
// multiplies matrices neither loads it nor pays for its start-up.
// TF32 stays off unless METALLIC_ALLOW_TF32=1: float32 products are float32-exact as
// NumPy's.
#include <cublas_api.h>

#include <algorithm>
#include <complex>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "backend/cuda/cuda_backend.hpp"
#include "backend/cuda/cuda_check.hpp"
#include "backend/cuda/libraries.hpp"
#include "metallic/errors.hpp"

namespace metallic::cuda {
namespace {

struct Cublas {
  cublasStatus_t (*create)(cublasHandle_t*) = nullptr;
  cublasStatus_t (*set_stream)(cublasHandle_t, CUstream) = nullptr;
  const char* (*status_string)(cublasStatus_t) = nullptr;
  cublasStatus_t (*gemm)(cublasHandle_t, cublasOperation_t, cublasOperation_t, int, int, int, const void*,
                         const void*, cudaDataType, int, long long, const void*, cudaDataType, int, long long,
                         const void*, void*, cudaDataType, int, long long, int, cublasComputeType_t,
                         cublasGemmAlgo_t) = nullptr;
  // {S,D,C,Z}getrfBatched and getrsBatched, which differ only in the element type.
  using GetrfBatched = cublasStatus_t (*)(cublasHandle_t, int, void* const[], int, int*, int*, int);
  using GetrsBatched = cublasStatus_t (*)(cublasHandle_t, cublasOperation_t, int, int, const void* const[], int,
                                          const int*, void* const[], int, int*, int);
  GetrfBatched getrf_batched[4] = {};
  GetrsBatched getrs_batched[4] = {};
  bool loaded = false;
};

const Cublas& cublas() {
  static const Cublas lib = [] {
    Cublas c;
    const std::string versioned = "libcublas.so." + std::to_string(CUDA_VERSION / 1000);
    void* h = open_library({versioned.c_str(), "libcublas.so"});
    if (!h) return c;
    find_function(h, "cublasCreate_v2", c.create);
    find_function(h, "cublasSetStream_v2", c.set_stream);
    find_function(h, "cublasGetStatusString", c.status_string);
    find_function(h, "cublasGemmStridedBatchedEx", c.gemm);
    const char letters[4] = {'S', 'D', 'C', 'Z'};
    for (int i = 0; i < 4; ++i) {
      find_function(h, (std::string("cublas") + letters[i] + "getrfBatched").c_str(), c.getrf_batched[i]);
      find_function(h, (std::string("cublas") + letters[i] + "getrsBatched").c_str(), c.getrs_batched[i]);
    }
    c.loaded = c.create && c.set_stream && c.status_string && c.gemm;
    return c;
  }();
  return lib;
}

void check(cublasStatus_t s, const char* what) {
  if (s != CUBLAS_STATUS_SUCCESS)
    throw std::runtime_error(std::string("[matmul] ") + what + ": " + cublas().status_string(s));
}

bool allow_tf32() {
  const char* env = std::getenv("METALLIC_ALLOW_TF32");
  return env && env[0] == '1';
}

struct GemmTypes {
  cudaDataType data;
  cublasComputeType_t compute;
};

bool gemm_types(Dtype d, GemmTypes& t) {
  static const bool tf32 = allow_tf32();
  switch (d) {
    case Dtype::float16: t = {CUDA_R_16F, CUBLAS_COMPUTE_32F}; return true;
    case Dtype::float32: t = {CUDA_R_32F, tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F}; return true;
    case Dtype::float64: t = {CUDA_R_64F, CUBLAS_COMPUTE_64F}; return true;
    case Dtype::complex64: t = {CUDA_C_32F, CUBLAS_COMPUTE_32F}; return true;
    case Dtype::complex128: t = {CUDA_C_64F, CUBLAS_COMPUTE_64F}; return true;
    default: return false;
  }
}

bool fits_int(int64_t v) { return v >= 0 && v <= std::numeric_limits<int>::max(); }

}  // namespace

bool CudaBackend::has_gemm(Dtype d) const {
  GemmTypes t;
  return gemm_types(d, t) && cublas().loaded;
}

void CudaBackend::make_blas_handle() {
  std::lock_guard<std::mutex> lock(blas_mutex_);
  if (!blas_) {
    cublasHandle_t h = nullptr;
    check(cublas().create(&h), "cublasCreate");
    check(cublas().set_stream(h, stream_), "cublasSetStream");
    blas_ = h;
  }
}

bool CudaBackend::gemm(const GemmCall& g) {
  GemmTypes t;
  if (!gemm_types(g.dtype, t) || !cublas().loaded) return false;
  for (int64_t v : {g.m, g.n, g.k, g.batch, g.lda, g.ldb, g.ldc})
    if (!fits_int(v)) return false;
  make_current();
  make_blas_handle();
  // Scale factors in the compute type: float for 16F/32F compute, double for 64F.
  const bool wide = t.compute == CUBLAS_COMPUTE_64F;
  const std::complex<double> one_d(1.0), zero_d(0.0);
  const std::complex<float> one_f(1.0f), zero_f(0.0f);
  const void* alpha = wide ? static_cast<const void*>(&one_d) : static_cast<const void*>(&one_f);
  const void* beta = wide ? static_cast<const void*>(&zero_d) : static_cast<const void*>(&zero_f);
  // Row-major C = A B is column-major C^T = B^T A^T: B's memory goes first.
  const auto op = [](bool trans) { return trans ? CUBLAS_OP_T : CUBLAS_OP_N; };
  enqueue([&] { return "cublas_gemm_" + std::string(dtype_name(g.dtype)); }, [&] {
    std::lock_guard<std::mutex> lock(blas_mutex_);  // one handle: one call at a time
    check(cublas().gemm(static_cast<cublasHandle_t>(blas_), op(g.b_trans), op(g.a_trans), static_cast<int>(g.n),
                        static_cast<int>(g.m), static_cast<int>(g.k), alpha, g.b, t.data, static_cast<int>(g.ldb),
                        g.stride_b, g.a, t.data, static_cast<int>(g.lda), g.stride_a, beta, g.c, t.data,
                        static_cast<int>(g.ldc), g.stride_c, static_cast<int>(g.batch), t.compute,
                        CUBLAS_GEMM_DEFAULT),
          "cublasGemmStridedBatchedEx");
  });
  return true;
}

namespace {

int blas_type(Dtype d) {
  return d == Dtype::float32 ? 0 : d == Dtype::float64 ? 1 : d == Dtype::complex64 ? 2 : d == Dtype::complex128 ? 3 : -1;
}

}  // namespace

// Device arrays of the batch's matrix pointers (base + i * stride bytes), and int32 pivots
// beside the int64 ones of SolverCall; all returned to the pool however the call ends.
struct CudaBackend::BatchedLu {
  CudaBackend& b;
  std::vector<std::pair<void*, size_t>> held;
  void* hold(size_t n) {
    held.emplace_back(b.allocate(n), n);
    return held.back().first;
  }
  void** pointers(void* base, int64_t batch, int64_t stride) {
    std::vector<void*> host(static_cast<size_t>(batch));
    for (int64_t i = 0; i < batch; ++i) host[i] = static_cast<char*>(base) + i * stride;
    void* dev = hold(host.size() * sizeof(void*));
    b.copy_from_host(dev, host.data(), host.size() * sizeof(void*));
    return static_cast<void**>(dev);
  }
  ~BatchedLu() {
    for (auto [p, n] : held) b.deallocate(p, n);
  }
};

bool CudaBackend::lu_batched(const SolverCall& c, bool solve) {
  const int t = blas_type(c.dtype);
  if (t < 0 || !cublas().loaded || !cublas().getrf_batched[t] || !cublas().getrs_batched[t]) return false;
  if (!fits_int(c.n) || !fits_int(c.batch) || !fits_int(c.nrhs)) return false;
  make_current();
  make_blas_handle();
  const int64_t e = static_cast<int64_t>(itemsize(c.dtype)), count = c.batch * c.n;
  BatchedLu work{*this, {}};
  void** a = work.pointers(c.a, c.batch, c.n * c.n * e);
  int* piv = static_cast<int*>(work.hold(static_cast<size_t>(std::max<int64_t>(count, 1)) * sizeof(int)));
  const Operand wide{reinterpret_cast<char*>(c.pivots), Dtype::int64, {8}}, narrow{reinterpret_cast<char*>(piv),
                                                                                 Dtype::int32, {4}};
  const int n = static_cast<int>(c.n), lda = std::max(n, 1), batch = static_cast<int>(c.batch);
  if (solve) {
    copy({count}, wide, narrow);  // our int64 pivots as cuBLAS's int32 ones
    void** bp = work.pointers(c.b, c.batch, c.n * c.nrhs * e);
    int arg_info = 0;
    enqueue([] { return std::string("cublas_getrs_batched"); }, [&] {
      std::lock_guard<std::mutex> lock(blas_mutex_);
      check(cublas().getrs_batched[t](static_cast<cublasHandle_t>(blas_), CUBLAS_OP_T, n, static_cast<int>(c.nrhs), a,
                                      lda, piv, bp, lda, &arg_info, batch),
            "getrsBatched");
    });
    if (arg_info != 0) throw std::runtime_error("[linalg] getrsBatched: argument " + std::to_string(-arg_info));
    for (int64_t i = 0; i < c.batch; ++i) c.info[i] = 0;
    return true;
  }
  int* info = static_cast<int*>(work.hold(static_cast<size_t>(c.batch) * sizeof(int)));
  enqueue([] { return std::string("cublas_getrf_batched"); }, [&] {
    std::lock_guard<std::mutex> lock(blas_mutex_);
    check(cublas().getrf_batched[t](static_cast<cublasHandle_t>(blas_), n, a, lda, piv, info, batch), "getrfBatched");
  });
  copy({count}, narrow, wide);
  std::vector<int> host(static_cast<size_t>(c.batch));
  copy_to_host(host.data(), info, host.size() * sizeof(int));
  for (int64_t i = 0; i < c.batch; ++i) c.info[i] = host[i];
  return true;
}

}  // namespace metallic::cuda
