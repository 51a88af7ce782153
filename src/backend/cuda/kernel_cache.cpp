#include "backend/cuda/kernel_cache.hpp"

#include <nvrtc.h>

#include "backend/cuda/cuda_check.hpp"

namespace metallic::cuda {
namespace {

constexpr char kLibraryVersion[] = "metallic-0.1.0";

}  // namespace

KernelCache::KernelCache(int cc_major, int cc_minor)
    : arch_("sm_" + std::to_string(cc_major) + std::to_string(cc_minor)),
      disk_(default_cache_dir(), default_cache_limit()) {
  int major = 0, minor = 0;
  MTL_NVRTC(nvrtcVersion(&major, &minor));
  version_ = std::string(kLibraryVersion) + "-nvrtc" + std::to_string(major) + "." + std::to_string(minor);
}

KernelCache::~KernelCache() {
  // Modules die with the context at process exit; unloading here could run after the
  // driver has shut down.
}

KernelCache::Stats KernelCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

std::string KernelCache::disk_key(const std::string& source) const {
  return version_ + "|" + arch_ + "|" + compile_fingerprint() + "\n" + source;
}

CUfunction KernelCache::get(const std::string& source) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = loaded_.find(source); it != loaded_.end()) {
    ++stats_.memory_hits;
    return it->second.second;
  }
  const std::string key = disk_.enabled() ? disk_key(source) : std::string();
  std::optional<std::string> stored = disk_.load(key);
  std::string cubin;
  if (stored) {
    cubin = std::move(*stored);
    ++stats_.disk_hits;
  } else {
    cubin = compile_cubin(source, arch_);
    ++stats_.compiles;
    disk_.store(key, cubin);
  }
  CUmodule module;
  MTL_CU(cuModuleLoadData(&module, cubin.data()));
  CUfunction fn;
  MTL_CU(cuModuleGetFunction(&fn, module, "mtl_kernel"));
  loaded_.emplace(source, std::make_pair(module, fn));
  return fn;
}

CUfunction KernelCache::get(const std::string& key, const std::function<std::string()>& make_source) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = by_key_.find(key); it != by_key_.end()) {
      ++stats_.memory_hits;
      return it->second;
    }
  }
  CUfunction fn = get(make_source());
  std::lock_guard<std::mutex> lock(mutex_);
  by_key_.emplace(key, fn);
  return fn;
}

}  // namespace metallic::cuda
