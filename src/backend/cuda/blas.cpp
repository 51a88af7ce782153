// Matrix products on cuBLAS. The library is opened on the first product (dlopen), so a
// process that never multiplies matrices neither loads it nor pays for its start-up.
// TF32 stays off unless METALLIC_ALLOW_TF32=1: float32 products are float32-exact as
// NumPy's.
#include <cublas_api.h>

#include <complex>
#include <cstdlib>
#include <limits>
#include <string>

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

bool CudaBackend::gemm(const GemmCall& g) {
  GemmTypes t;
  if (!gemm_types(g.dtype, t) || !cublas().loaded) return false;
  for (int64_t v : {g.m, g.n, g.k, g.batch, g.lda, g.ldb, g.ldc})
    if (!fits_int(v)) return false;
  make_current();
  {
    std::lock_guard<std::mutex> lock(blas_mutex_);
    if (!blas_) {
      cublasHandle_t h = nullptr;
      check(cublas().create(&h), "cublasCreate");
      check(cublas().set_stream(h, stream_), "cublasSetStream");
      blas_ = h;
    }
  }
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

}  // namespace metallic::cuda
