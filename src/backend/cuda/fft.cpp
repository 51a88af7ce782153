// FFTs on cuFFT (opened on first use, as cuBLAS is): one plan per (kind, precision,
// length, batch), kept in a small cache, bound to this backend's stream.
#include <cufft.h>

#include <string>

#include "backend/cuda/cuda_backend.hpp"
#include "backend/cuda/cuda_check.hpp"
#include "backend/cuda/libraries.hpp"
#include "metallic/errors.hpp"

namespace metallic::cuda {
namespace {

struct Cufft {
  decltype(&cufftCreate) create = nullptr;
  decltype(&cufftMakePlanMany64) make_plan = nullptr;
  decltype(&cufftSetStream) set_stream = nullptr;
  decltype(&cufftDestroy) destroy = nullptr;
  decltype(&cufftExecC2C) c2c = nullptr;
  decltype(&cufftExecZ2Z) z2z = nullptr;
  decltype(&cufftExecR2C) r2c = nullptr;
  decltype(&cufftExecD2Z) d2z = nullptr;
  decltype(&cufftExecC2R) c2r = nullptr;
  decltype(&cufftExecZ2D) z2d = nullptr;
  bool loaded = false;
};

const Cufft& cufft() {
  static const Cufft lib = [] {
    Cufft c;
    void* h = open_library({"libcufft.so.12", "libcufft.so.11", "libcufft.so"});
    if (!h) return c;
    find_function(h, "cufftCreate", c.create);
    find_function(h, "cufftMakePlanMany64", c.make_plan);
    find_function(h, "cufftSetStream", c.set_stream);
    find_function(h, "cufftDestroy", c.destroy);
    find_function(h, "cufftExecC2C", c.c2c);
    find_function(h, "cufftExecZ2Z", c.z2z);
    find_function(h, "cufftExecR2C", c.r2c);
    find_function(h, "cufftExecD2Z", c.d2z);
    find_function(h, "cufftExecC2R", c.c2r);
    find_function(h, "cufftExecZ2D", c.z2d);
    c.loaded = c.create && c.make_plan && c.set_stream && c.destroy && c.c2c && c.z2z && c.r2c && c.d2z && c.c2r &&
               c.z2d;
    return c;
  }();
  return lib;
}

void check(cufftResult r, const char* what) {
  if (r == CUFFT_ALLOC_FAILED) throw memory_error(std::string("[fft] out of GPU memory in ") + what);
  if (r != CUFFT_SUCCESS) throw std::runtime_error(std::string("[fft] ") + what + " failed with cuFFT error " +
                                                   std::to_string(static_cast<int>(r)));
}

constexpr size_t kPlanCache = 16;

}  // namespace

bool CudaBackend::fft(const FftCall& c) {
  if (!cufft().loaded) return false;
  if (c.n == 0 || c.batch == 0) return true;
  make_current();
  const cufftType type = c.kind == FftKind::c2c ? (c.wide ? CUFFT_Z2Z : CUFFT_C2C)
                         : c.kind == FftKind::r2c ? (c.wide ? CUFFT_D2Z : CUFFT_R2C)
                                                  : (c.wide ? CUFFT_Z2D : CUFFT_C2R);
  std::lock_guard<std::mutex> lock(fft_mutex_);  // the plans, and one execution at a time on them
  const std::array<long long, 3> key{static_cast<long long>(type), c.n, c.batch};
  auto it = fft_plans_.find(key);
  if (it == fft_plans_.end()) {
    if (fft_plans_.size() >= kPlanCache) {  // the cache is small: start it over
      for (auto& [k, plan] : fft_plans_) cufft().destroy(plan);
      fft_plans_.clear();
    }
    cufftHandle plan = 0;
    check(cufft().create(&plan), "cufftCreate");
    long long n = c.n;
    size_t work = 0;
    const cufftResult made = cufft().make_plan(plan, 1, &n, nullptr, 1, 0, nullptr, 1, 0, type, c.batch, &work);
    if (made != CUFFT_SUCCESS) {
      cufft().destroy(plan);
      check(made, "cufftMakePlanMany64");
    }
    check(cufft().set_stream(plan, reinterpret_cast<cudaStream_t>(stream_)), "cufftSetStream");
    it = fft_plans_.emplace(key, plan).first;
  }
  const cufftHandle plan = it->second;
  const int direction = c.inverse ? CUFFT_INVERSE : CUFFT_FORWARD;
  enqueue([&] { return std::string("cufft"); }, [&] {
    switch (type) {
      case CUFFT_C2C:
        check(cufft().c2c(plan, static_cast<cufftComplex*>(c.in), static_cast<cufftComplex*>(c.out), direction),
              "cufftExecC2C");
        break;
      case CUFFT_Z2Z:
        check(cufft().z2z(plan, static_cast<cufftDoubleComplex*>(c.in), static_cast<cufftDoubleComplex*>(c.out),
                          direction),
              "cufftExecZ2Z");
        break;
      case CUFFT_R2C:
        check(cufft().r2c(plan, static_cast<cufftReal*>(c.in), static_cast<cufftComplex*>(c.out)), "cufftExecR2C");
        break;
      case CUFFT_D2Z:
        check(cufft().d2z(plan, static_cast<cufftDoubleReal*>(c.in), static_cast<cufftDoubleComplex*>(c.out)),
              "cufftExecD2Z");
        break;
      case CUFFT_C2R:
        check(cufft().c2r(plan, static_cast<cufftComplex*>(c.in), static_cast<cufftReal*>(c.out)), "cufftExecC2R");
        break;
      default:
        check(cufft().z2d(plan, static_cast<cufftDoubleComplex*>(c.in), static_cast<cufftDoubleReal*>(c.out)),
              "cufftExecZ2D");
    }
  });
  return true;
}

}  // namespace metallic::cuda
