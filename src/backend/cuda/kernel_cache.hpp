// Compiled kernels: in memory, then on disk (DiskCache), then NVRTC. One kernel per source
// text; the disk key is everything that decides the binary (library and NVRTC versions,
// GPU architecture, compiler options, the embedded headers' digest, the source), stored
// whole in the file and compared on load.
#pragma once

#include <cuda.h>

#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "backend/cuda/nvrtc_compile.hpp"
#include "backend/disk_cache.hpp"

namespace metallic::cuda {

class KernelCache {
 public:
  KernelCache(int cc_major, int cc_minor);
  ~KernelCache();
  // The kernel named mtl_kernel in source (compiling it if needed; raises on errors).
  CUfunction get(const std::string& source);
  // The same, found by a compact key (see KernelKey) first; make_source runs on a miss.
  CUfunction get(const std::string& key, const std::function<std::string()>& make_source);

  // Counters, for tests and benchmarks.
  struct Stats {
    long memory_hits = 0, disk_hits = 0, compiles = 0;
  };
  Stats stats() const;

 private:
  std::string disk_key(const std::string& source) const;

  std::string arch_;       // "sm_90"
  DiskCache disk_;
  std::string version_;    // library + NVRTC versions
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::pair<CUmodule, CUfunction>> loaded_;
  std::unordered_map<std::string, CUfunction> by_key_;
  Stats stats_;
};

}  // namespace metallic::cuda
