// Devices: where an array's memory lives and where its work runs.
#pragma once

#include <string>

namespace metallic {

enum class DeviceType : unsigned char { cpu, cuda };

struct Device {
  DeviceType type = DeviceType::cpu;
  int index = 0;

  bool operator==(const Device&) const = default;
  std::string str() const;  // "cpu", "cuda:0"
  // Parse "cpu", "cuda", "cuda:N"; raises value_error otherwise.
  static Device parse(const std::string& s);
};

// The device new arrays go to in this thread (METALLIC_DEVICE at start-up).
Device default_device();
void set_default_device(Device d);
// Whether the CUDA backend could be loaded and a GPU is present.
bool cuda_is_available();
// GPUs the CUDA backend sees (0 without a driver, a GPU or the backend library).
int cuda_device_count();
// The CBLAS the CPU backend multiplies matrices with (LP64 or ILP64 OpenBLAS symbols):
// METALLIC_BLAS_LIBRARY, else the first library given here; false when path has none.
// blas_library() names the one in use ("" for none: products then raise, or run in NumPy
// from Python).
bool set_blas_library(const std::string& path);
std::string blas_library();
// Why not, when it is not ("" otherwise).
std::string cuda_unavailable_reason();

}  // namespace metallic
