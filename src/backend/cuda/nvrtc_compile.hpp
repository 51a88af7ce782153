// CUDA C++ source -> cubin through NVRTC alone: no GPU, no driver, no CUDA context, so
// what links this (with codegen.cpp) runs where only the toolkit is installed.
#pragma once

#include <string>

namespace metallic::cuda {

// NVRTC: CUDA C++ source -> cubin for arch ("sm_90"); raises with the compiler's log.
// Needs no GPU.
std::string compile_cubin(const std::string& source, const std::string& arch);

// What besides the source and the architecture decides compile_cubin's binary: the
// compiler options and a digest of every embedded header's name and text.
const std::string& compile_fingerprint();

}  // namespace metallic::cuda
