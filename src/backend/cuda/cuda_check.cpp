#include "backend/cuda/cuda_check.hpp"

#include <stdexcept>
#include <string>

#include "metallic/errors.hpp"

namespace metallic::cuda {

bool is_context_fault(CUresult r) {
  switch (r) {
    case CUDA_ERROR_ILLEGAL_ADDRESS:
    case CUDA_ERROR_ASSERT:
    case CUDA_ERROR_HARDWARE_STACK_ERROR:
    case CUDA_ERROR_ILLEGAL_INSTRUCTION:
    case CUDA_ERROR_MISALIGNED_ADDRESS:
    case CUDA_ERROR_INVALID_ADDRESS_SPACE:
    case CUDA_ERROR_INVALID_PC:
    case CUDA_ERROR_LAUNCH_FAILED:
    case CUDA_ERROR_LAUNCH_TIMEOUT:
    case CUDA_ERROR_ECC_UNCORRECTABLE:
      return true;
    default:
      return false;
  }
}

void throw_driver_error(CUresult r, const char* call, const char* file, int line) {
  const char* name = nullptr;
  const char* text = nullptr;
  cuGetErrorName(r, &name);
  cuGetErrorString(r, &text);
  const std::string what = std::string(name ? name : "?") + " (" + (text ? text : "unknown error") + ")";
  const std::string where = std::string(" at ") + file + ":" + std::to_string(line);
  if (is_context_fault(r))
    throw std::runtime_error(
        "[cuda] the GPU faulted: " + what + ", reported by " + call + where +
        ". A kernel in this process failed (metallic's or another library's on the same GPU), and CUDA cannot "
        "recover the device in the process that saw it: its GPU arrays are lost and every later GPU call fails "
        "alike. Restart Python to use the GPU again; CPU arrays (device='cpu') still work.");
  const std::string msg = std::string("[cuda] ") + call + " failed: " + what + where;
  if (r == CUDA_ERROR_OUT_OF_MEMORY) throw memory_error(msg);
  throw std::runtime_error(msg);
}

}  // namespace metallic::cuda
