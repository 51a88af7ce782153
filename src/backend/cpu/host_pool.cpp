#include "backend/cpu/host_pool.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <string>

#include "metallic/errors.hpp"

namespace metallic::cpu {
namespace {

constexpr size_t kAlignment = 64;  // one cache line; enough for any SIMD load
// Large blocks are 2 MiB aligned and asked to use huge pages: first touch of a fresh
// 800 MB array then takes 400 page faults instead of 200,000.
constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kHugeThreshold = size_t{4} << 20;

size_t rounded_size(size_t nbytes) {
  const size_t align = nbytes >= kHugeThreshold ? kHugePage : kAlignment;
  return (std::max<size_t>(nbytes, 1) + align - 1) / align * align;
}

}  // namespace

void* HostPool::allocate(size_t nbytes) {
  const size_t size = rounded_size(nbytes);
  if (size >= kMinCached) {
    std::lock_guard<std::mutex> lock(mutex_);
    // Reuse a cached block of at most 1.25x the size asked for.
    auto it = free_.lower_bound(size);
    if (it != free_.end() && it->first <= size + size / 4) {
      void* p = it->second;
      cached_bytes_ -= it->first;
      free_.erase(it);
      return p;
    }
  }
  const size_t align = size >= kHugeThreshold ? kHugePage : kAlignment;
  void* p = std::aligned_alloc(align, size);
  if (!p) {
    // Give the cache back to the OS and try once more before failing.
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto& [s, q] : free_) std::free(q);
      free_.clear();
      cached_bytes_ = 0;
    }
    p = std::aligned_alloc(align, size);
    if (!p)
      throw memory_error("Unable to allocate " + std::to_string(nbytes) + " bytes on the CPU");
  }
  if (align == kHugePage) madvise(p, size, MADV_HUGEPAGE);  // a hint; failure is harmless
  return p;
}

void HostPool::deallocate(void* p, size_t nbytes) {
  const size_t size = rounded_size(nbytes);
  if (size >= kMinCached && size <= kMaxCachedBytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    // Make room by releasing the largest cached blocks first.
    while (cached_bytes_ + size > kMaxCachedBytes && !free_.empty()) {
      auto last = std::prev(free_.end());
      cached_bytes_ -= last->first;
      std::free(last->second);
      free_.erase(last);
    }
    free_.emplace(size, p);
    cached_bytes_ += size;
    return;
  }
  std::free(p);
}

HostPool::~HostPool() {
  for (auto& [s, p] : free_) std::free(p);
}

}  // namespace metallic::cpu
