#include "backend/cuda/kernel_cache.hpp"

#include <nvrtc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "backend/cuda/cuda_check.hpp"

namespace metallic::cuda {
namespace {

constexpr char kLibraryVersion[] = "metallic-0.1.0";
constexpr char kMagic[8] = {'M', 'T', 'L', 'K', 'E', 'R', 'N', '1'};

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string cache_dir() {
  if (const char* d = std::getenv("METALLIC_CACHE_DIR")) return d;  // "" disables
  const char* home = std::getenv("HOME");
  return home ? std::string(home) + "/.cache/metallic" : std::string();
}

void make_dirs(const std::string& path) {
  for (size_t pos = 1; pos <= path.size(); ++pos)
    if (pos == path.size() || path[pos] == '/') mkdir(path.substr(0, pos).c_str(), 0755);
}

// File layout: magic, payload size, payload checksum, payload.
bool read_cached(const std::string& path, std::string& cubin) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char magic[8];
  uint64_t size = 0, sum = 0;
  bool ok = std::fread(magic, 1, 8, f) == 8 && std::string(magic, 8) == std::string(kMagic, 8) &&
            std::fread(&size, 8, 1, f) == 1 && std::fread(&sum, 8, 1, f) == 1 && size <= (uint64_t{1} << 30);
  if (ok) {
    cubin.resize(size);
    ok = std::fread(cubin.data(), 1, size, f) == size && fnv1a(cubin) == sum;
  }
  std::fclose(f);
  return ok;
}

void write_cached(const std::string& path, const std::string& cubin) {
  // Write to a private temporary name, then rename: readers never see half a file.
  const std::string tmp = path + ".tmp" + std::to_string(getpid());
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return;  // an unwritable cache only costs compile time
  const uint64_t size = cubin.size(), sum = fnv1a(cubin);
  const bool ok = std::fwrite(kMagic, 1, 8, f) == 8 && std::fwrite(&size, 8, 1, f) == 1 &&
                  std::fwrite(&sum, 8, 1, f) == 1 && std::fwrite(cubin.data(), 1, size, f) == size;
  if (std::fclose(f) != 0 || !ok) {
    std::remove(tmp.c_str());
    return;
  }
  std::rename(tmp.c_str(), path.c_str());
}

}  // namespace

KernelCache::KernelCache(int cc_major, int cc_minor)
    : arch_("sm_" + std::to_string(cc_major) + std::to_string(cc_minor)), dir_(cache_dir()) {
  int major = 0, minor = 0;
  MTL_NVRTC(nvrtcVersion(&major, &minor));
  version_ = std::string(kLibraryVersion) + "-nvrtc" + std::to_string(major) + "." + std::to_string(minor);
  if (!dir_.empty()) make_dirs(dir_);
}

KernelCache::~KernelCache() {
  // Modules die with the context at process exit; unloading here could run after the
  // driver has shut down.
}

KernelCache::Stats KernelCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

std::string KernelCache::disk_path(const std::string& source) const {
  return dir_ + "/" + hex(fnv1a(version_ + "|" + arch_ + "|" + source)) + ".cubin";
}

CUfunction KernelCache::get(const std::string& source) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = loaded_.find(source); it != loaded_.end()) {
    ++stats_.memory_hits;
    return it->second.second;
  }
  std::string cubin;
  const std::string path = dir_.empty() ? std::string() : disk_path(source);
  if (!path.empty() && read_cached(path, cubin)) {
    ++stats_.disk_hits;
  } else {
    cubin = compile_cubin(source, arch_);
    ++stats_.compiles;
    if (!path.empty()) write_cached(path, cubin);
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
