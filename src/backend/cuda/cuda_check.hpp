// One checking macro per CUDA API family: a failed call raises, naming the call.
#pragma once

#include <cuda.h>
#include <nvrtc.h>

#include <string>

namespace metallic::cuda {

[[noreturn]] void throw_driver_error(CUresult r, const char* call, const char* file, int line);
// Errors after which the context is lost for the whole process (a kernel faulted: an
// illegal address, a device-side assert or trap, ...): every later call in it fails alike.
bool is_context_fault(CUresult r);
// Defined in nvrtc_compile.cpp, which calls nothing in the driver.
[[noreturn]] void throw_nvrtc_error(nvrtcResult r, const char* call, const char* file, int line);

}  // namespace metallic::cuda

#define MTL_CU(call)                                                              \
  do {                                                                            \
    CUresult mtl_r_ = (call);                                                     \
    if (mtl_r_ != CUDA_SUCCESS)                                                   \
      ::metallic::cuda::throw_driver_error(mtl_r_, #call, __FILE__, __LINE__);    \
  } while (0)

#define MTL_NVRTC(call)                                                           \
  do {                                                                            \
    nvrtcResult mtl_r_ = (call);                                                  \
    if (mtl_r_ != NVRTC_SUCCESS)                                                  \
      ::metallic::cuda::throw_nvrtc_error(mtl_r_, #call, __FILE__, __LINE__);     \
  } while (0)
