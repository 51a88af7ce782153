// The C entry points the core finds with dlsym after loading this library.
#include <cstdio>
#include <memory>
#include <mutex>
#include <vector>

#include "backend/cuda/cuda_backend.hpp"

extern "C" {

// Number of usable GPUs; 0 when the driver or a GPU is missing.
__attribute__((visibility("default"))) int metallic_cuda_device_count() {
  if (cuInit(0) != CUDA_SUCCESS) return 0;
  int n = 0;
  return cuDeviceGetCount(&n) == CUDA_SUCCESS ? n : 0;
}

// The backend for one device (created once); nullptr with a message in err on failure.
__attribute__((visibility("default"))) metallic::Backend* metallic_cuda_backend(int device, char* err,
                                                                                size_t err_len) {
  static std::mutex mutex;
  static std::vector<std::unique_ptr<metallic::cuda::CudaBackend>>* backends =
      new std::vector<std::unique_ptr<metallic::cuda::CudaBackend>>();  // leaked: outlives exit
  std::lock_guard<std::mutex> lock(mutex);
  try {
    if (device < 0 || device >= metallic_cuda_device_count()) {
      std::snprintf(err, err_len, "no CUDA device %d", device);
      return nullptr;
    }
    if (backends->size() <= static_cast<size_t>(device)) backends->resize(device + 1);
    auto& b = (*backends)[device];
    if (!b) b = std::make_unique<metallic::cuda::CudaBackend>(device);
    return b.get();
  } catch (const std::exception& e) {
    std::snprintf(err, err_len, "%s", e.what());
    return nullptr;
  }
}

}  // extern "C"
