// A cache of large host allocations. Fresh memory from the OS costs a page fault and a
// zero-fill per page on first touch (about as much as a pass over the data), so freed
// large blocks are kept for reuse, up to a bound. Thread-safe (one mutex).
#pragma once

#include <cstddef>

#include "backend/block_cache.hpp"

namespace metallic::cpu {

class HostPool {
 public:
  void* allocate(size_t nbytes);  // raises memory_error
  void deallocate(void* p, size_t nbytes);
  ~HostPool();

 private:
  // Blocks at least this large are cached; smaller ones go straight to malloc/free.
  static constexpr size_t kMinCached = size_t{1} << 20;
  // At most this many bytes stay cached (freed blocks beyond it go back to the OS).
  BlockCache cache_{size_t{2} << 30};
};

}  // namespace metallic::cpu
