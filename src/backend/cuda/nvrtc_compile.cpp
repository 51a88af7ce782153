#include "backend/cuda/nvrtc_compile.hpp"

#include <nvrtc.h>

#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "backend/cuda/codegen.hpp"
#include "backend/cuda/cuda_check.hpp"
#include "backend/disk_cache.hpp"

namespace metallic::cuda {
namespace {

// No contraction of a * b + c into one FMA: every step rounds as NumPy's would, so a fused
// chain gives the bits of step-by-step evaluation.
constexpr const char* kOptions[] = {"-std=c++20", "-default-device", "--fmad=false"};

}  // namespace

const std::string& compile_fingerprint() {
  static const std::string fingerprint = [] {
    uint64_t h = fnv1a("");
    for (const auto& [name, text] : kernel_headers()) h = fnv1a(name + '\0' + text + '\0', h);
    std::string options;
    for (const char* o : kOptions) options += std::string(o) + " ";
    return options + "headers " + hex64(h);
  }();
  return fingerprint;
}

void throw_nvrtc_error(nvrtcResult r, const char* call, const char* file, int line) {
  throw std::runtime_error(std::string("[nvrtc] ") + call + " failed: " + nvrtcGetErrorString(r) +
                           " at " + file + ":" + std::to_string(line));
}

std::string compile_cubin(const std::string& source, const std::string& arch) {
  const auto& headers = kernel_headers();
  std::vector<const char*> names, texts;
  for (const auto& [n, t] : headers) {
    names.push_back(n.c_str());
    texts.push_back(t.c_str());
  }
  nvrtcProgram prog;
  MTL_NVRTC(nvrtcCreateProgram(&prog, source.c_str(), "metallic_kernel.cu", static_cast<int>(names.size()),
                               texts.data(), names.data()));
  const std::string arch_opt = "--gpu-architecture=" + arch;
  std::vector<const char*> opts{arch_opt.c_str()};
  opts.insert(opts.end(), std::begin(kOptions), std::end(kOptions));
  const nvrtcResult r = nvrtcCompileProgram(prog, static_cast<int>(opts.size()), opts.data());
  if (r != NVRTC_SUCCESS) {
    size_t log_size = 0;
    nvrtcGetProgramLogSize(prog, &log_size);
    std::string log(log_size, '\0');
    nvrtcGetProgramLog(prog, log.data());
    while (!log.empty() && log.back() == '\0') log.pop_back();  // the size counts the terminating NUL
    nvrtcDestroyProgram(&prog);
    throw std::runtime_error("[nvrtc] compiling a generated kernel failed: " + log + "\n--- source ---\n" + source);
  }
  size_t size = 0;
  MTL_NVRTC(nvrtcGetCUBINSize(prog, &size));
  std::string cubin(size, '\0');
  MTL_NVRTC(nvrtcGetCUBIN(prog, cubin.data()));
  nvrtcDestroyProgram(&prog);
  return cubin;
}

}  // namespace metallic::cuda
