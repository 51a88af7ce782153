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

void release_block(void* p, size_t) { std::free(p); }

}  // namespace

void* HostPool::allocate(size_t nbytes) {
  const size_t size = rounded_size(nbytes);
  if (size >= kMinCached)
    if (void* p = cache_.take(size)) return p;
  const size_t align = size >= kHugeThreshold ? kHugePage : kAlignment;
  void* p = std::aligned_alloc(align, size);
  if (!p) {
    cache_.drain(release_block);  // give the cache back to the OS and try once more before failing
    p = std::aligned_alloc(align, size);
    if (!p)
      throw memory_error("Unable to allocate " + std::to_string(nbytes) + " bytes on the CPU");
  }
  if (align == kHugePage) madvise(p, size, MADV_HUGEPAGE);  // a hint; failure is harmless
  return p;
}

void HostPool::deallocate(void* p, size_t nbytes) {
  const size_t size = rounded_size(nbytes);
  if (size >= kMinCached)
    cache_.put(p, size, release_block);  // the largest cached blocks go first when it is full
  else
    std::free(p);
}

HostPool::~HostPool() { cache_.drain(release_block); }

}  // namespace metallic::cpu
