// Temporary blocks of a backend's memory (its pool: reused, and on the CPU in huge pages),
// given back however the call that took them ends.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "backend/backend.hpp"

namespace metallic {

class Scratch {
 public:
  explicit Scratch(Backend& backend) : backend_(backend) {}
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() {
    for (auto [p, bytes] : blocks_) backend_.deallocate(p, bytes);
  }
  // A block of `bytes` (nullptr for none), as T*.
  template <class T = void>
  T* get(size_t bytes) {
    if (bytes == 0) return nullptr;
    blocks_.reserve(blocks_.size() + 1);  // no throw between the allocation and its record
    blocks_.emplace_back(backend_.allocate(bytes), bytes);
    return static_cast<T*>(blocks_.back().first);
  }

 private:
  Backend& backend_;
  std::vector<std::pair<void*, size_t>> blocks_;
};

}  // namespace metallic
