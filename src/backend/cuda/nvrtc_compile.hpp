// CUDA C++ source -> cubin through NVRTC alone: no GPU, no driver, no CUDA context, so
// what links this (with codegen.cpp) runs where only the toolkit is installed.
#pragma once

#include <string>

namespace metallic::cuda {

// NVRTC: CUDA C++ source -> cubin for arch ("sm_90"); raises with the compiler's log.
// Needs no GPU.
std::string compile_cubin(const std::string& source, const std::string& arch);

}  // namespace metallic::cuda
