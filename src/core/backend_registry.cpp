// Which backend serves a device. The CUDA backend is a separate library, loaded on first
// use; without it (no driver, no GPU, built without CUDA) everything runs on the CPU.
#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <string>

#include "backend/backend.hpp"
#include "backend/cpu/cpu_backend.hpp"
#include "core/fp_state.hpp"
#include "metallic/errors.hpp"

namespace metallic {
namespace {

struct CudaLibrary {
  void* handle = nullptr;
  int (*device_count)() = nullptr;
  Backend* (*backend)(int, char*, size_t) = nullptr;
  std::string error;  // why it is unavailable
  int devices = 0;
};

// The library sits next to the module holding this code (the Python extension or the
// program); METALLIC_CUDA_LIBRARY names another.
std::string library_path() {
  if (const char* env = std::getenv("METALLIC_CUDA_LIBRARY"); env && *env) return env;
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&library_path), &info) && info.dli_fname) {
    std::string self = info.dli_fname;
    const auto slash = self.rfind('/');
    if (slash != std::string::npos) return self.substr(0, slash + 1) + "libmetallic_cuda.so";
  }
  return "libmetallic_cuda.so";
}

const CudaLibrary& cuda_library() {
  static const CudaLibrary lib = [] {
    CudaLibrary l;
    const std::string path = library_path();
    l.handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!l.handle) {
      const char* e = dlerror();
      l.error = "cannot load " + path + ": " + (e ? e : "unknown error");
      return l;
    }
    l.device_count = reinterpret_cast<int (*)()>(dlsym(l.handle, "metallic_cuda_device_count"));
    l.backend = reinterpret_cast<Backend* (*)(int, char*, size_t)>(dlsym(l.handle, "metallic_cuda_backend"));
    if (!l.device_count || !l.backend) {
      l.error = path + " lacks metallic's entry points";
      return l;
    }
    l.devices = l.device_count();
    if (l.devices == 0) l.error = "no CUDA driver or GPU found";
    return l;
  }();
  return lib;
}

}  // namespace

bool cuda_is_available() { return cuda_library().devices > 0; }

int cuda_device_count() { return cuda_library().devices; }

std::string cuda_unavailable_reason() { return cuda_library().error; }

Backend& backend_for(Device d) {
  if (d.type == DeviceType::cpu) {
    static const bool registered = (register_backend(cpu::cpu_backend()), true);
    (void)registered;
    return cpu::cpu_backend();
  }
  const CudaLibrary& lib = cuda_library();
  if (lib.devices == 0) throw value_error("[device] " + d.str() + " is not available: " + lib.error);
  char err[1024] = {0};
  Backend* b = lib.backend(d.index, err, sizeof err);
  if (!b) throw value_error("[device] " + d.str() + " is not available: " + err);
  static thread_local Backend* known = nullptr;  // registered already: no lock per call
  if (known != b) register_backend(*b), known = b;
  return *b;
}

}  // namespace metallic
