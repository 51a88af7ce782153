// Freed blocks kept for reuse, by size, up to a bound on their total: the host pool's
// large blocks (fresh pages cost a fault and a zero-fill each) and the GPU's small ones
// (the driver's stream-ordered allocator costs microseconds a call, more than a small
// kernel). The owner allocates and frees; the cache only holds. Thread-safe (one mutex).
#pragma once

#include <cstddef>
#include <iterator>
#include <map>
#include <mutex>

namespace metallic {

class BlockCache {
 public:
  explicit BlockCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // A cached block of size to 1.25x size bytes, taken out of the cache, or null.
  void* take(size_t size) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = free_.lower_bound(size);
    if (it == free_.end() || it->first > size + size / 4) return nullptr;
    void* p = it->second;
    bytes_ -= it->first;
    free_.erase(it);
    return p;
  }

  // Keeps p, of size bytes, making room by handing the largest cached blocks to
  // release(block, bytes); p itself goes to release when it alone passes the bound.
  template <class Release>
  void put(void* p, size_t size, Release release) {
    if (size > max_bytes_) {
      release(p, size);
      return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    while (bytes_ + size > max_bytes_ && !free_.empty()) {
      auto last = std::prev(free_.end());
      bytes_ -= last->first;
      release(last->second, last->first);
      free_.erase(last);
    }
    free_.emplace(size, p);
    bytes_ += size;
  }

  // Hands every cached block to release(block, bytes).
  template <class Release>
  void drain(Release release) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [size, p] : free_) release(p, size);
    free_.clear();
    bytes_ = 0;
  }

 private:
  const size_t max_bytes_;
  std::mutex mutex_;
  std::multimap<size_t, void*> free_;  // size -> block
  size_t bytes_ = 0;
};

}  // namespace metallic
