#include "backend/cuda/cuda_check.hpp"

#include <stdexcept>
#include <string>

#include "metallic/errors.hpp"

namespace metallic::cuda {

void throw_driver_error(CUresult r, const char* call, const char* file, int line) {
  const char* name = nullptr;
  const char* text = nullptr;
  cuGetErrorName(r, &name);
  cuGetErrorString(r, &text);
  const std::string msg = std::string("[cuda] ") + call + " failed: " + (name ? name : "?") + " (" +
                          (text ? text : "unknown error") + ") at " + file + ":" + std::to_string(line);
  if (r == CUDA_ERROR_OUT_OF_MEMORY) throw memory_error(msg);
  throw std::runtime_error(msg);
}

}  // namespace metallic::cuda
