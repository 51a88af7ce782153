// Host<->device copies. Pinned memory moves at the link's speed in one DMA; pageable
// memory goes through two pinned staging buffers in turns, so the DMA of one chunk
// overlaps the host memcpy of the other. Arrays handed to NumPy get pinned memory from a
// cache (allocate_host), so bringing a result to the host is one DMA.
#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "backend/cuda/cuda_backend.hpp"
#include "backend/cuda/cuda_check.hpp"

namespace metallic::cuda {
namespace {

// memcpy on several threads: one core copies pageable memory at ~10 GB/s, well below
// what the staging DMA delivers. The workers live as long as the process and wait for
// the next copy (starting threads for every chunk cost as much as the copy itself).
class CopyThreads {
 public:
  CopyThreads() : size_(std::clamp<int>(static_cast<int>(std::thread::hardware_concurrency()), 1, 16)) {
    for (int t = 1; t < size_; ++t) std::thread([this, t] { work(t); }).detach();
  }
  int size() const { return size_; }

  // dst[b, e) = src[b, e) for the parts parts of n bytes; the caller copies part 0. One
  // copy at a time (the backends of several GPUs share the pool).
  void copy(char* dst, const char* src, size_t n, int parts) {
    std::lock_guard<std::mutex> one_at_a_time(busy_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      dst_ = dst, src_ = src, n_ = n, parts_ = parts, left_ = parts - 1;
      ++generation_;
    }
    wake_.notify_all();
    std::memcpy(dst, src, n / parts);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return left_ == 0; });
  }

 private:
  void work(int t) {
    uint64_t seen = 0;
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return generation_ != seen; });
      seen = generation_;
      if (t >= parts_) continue;
      const size_t b = n_ * t / parts_, e = n_ * (t + 1) / parts_;
      char* dst = dst_;
      const char* src = src_;
      lock.unlock();
      std::memcpy(dst + b, src + b, e - b);
      lock.lock();
      if (--left_ == 0) done_.notify_one();
    }
  }

  const int size_;
  std::mutex busy_, mutex_;
  std::condition_variable wake_, done_;
  uint64_t generation_ = 0;
  char* dst_ = nullptr;
  const char* src_ = nullptr;
  size_t n_ = 0;
  int parts_ = 0, left_ = 0;
};

void parallel_memcpy(void* dst, const void* src, size_t n) {
  static CopyThreads* threads = new CopyThreads;  // leaked: detached workers use it to the end
  constexpr size_t kMinPerThread = size_t{1} << 20;
  const int parts = static_cast<int>(std::min<size_t>(threads->size(), std::max<size_t>(1, n / kMinPerThread)));
  if (parts == 1) {
    std::memcpy(dst, src, n);
    return;
  }
  threads->copy(static_cast<char*>(dst), static_cast<const char*>(src), n, parts);
}

// Pinned blocks come in multiples of 64 KiB below 2 MiB and of 2 MiB above, so cached
// blocks fit later requests of about the same size.
size_t pinned_block_size(size_t nbytes) {
  const size_t granule = nbytes < (size_t{2} << 20) ? size_t{64} << 10 : size_t{2} << 20;
  return (std::max<size_t>(nbytes, 1) + granule - 1) / granule * granule;
}

// Copies to pageable memory up to this size go through a pinned bounce buffer: one DMA
// into it and a memcpy out cost less than the driver's pageable path.
constexpr size_t kBounceBytes = size_t{64} << 10;

// Whether [p, p + nbytes) is page-locked host memory (ours, or pinned or registered by
// another library), judged by both ends. A wrong guess costs speed, never correctness:
// the driver copies pageable memory correctly too.
bool is_pinned(const void* p, size_t nbytes) {
  auto host = [](const void* q) {
    unsigned int type = 0;
    return cuPointerGetAttribute(&type, CU_POINTER_ATTRIBUTE_MEMORY_TYPE, reinterpret_cast<CUdeviceptr>(q)) ==
               CUDA_SUCCESS &&
           type == CU_MEMORYTYPE_HOST;
  };
  return host(p) && host(static_cast<const char*>(p) + nbytes - 1);
}

}  // namespace

void* CudaBackend::allocate_host(size_t nbytes) {
  const size_t size = pinned_block_size(nbytes);
  std::lock_guard<std::mutex> lock(pinned_mutex_);
  void* p = nullptr;
  // A cached block of at least the size and at most twice it.
  auto it = pinned_free_.lower_bound(size);
  if (it != pinned_free_.end() && it->first <= 2 * size) {
    p = it->second;
    pinned_free_bytes_ -= it->first;
    pinned_live_[reinterpret_cast<uintptr_t>(p)] = it->first;
    pinned_free_.erase(it);
    return p;
  }
  make_current();
  if (cuMemHostAlloc(&p, size, 0) != CUDA_SUCCESS) {
    release_pinned_cache(0);
    if (cuMemHostAlloc(&p, size, 0) != CUDA_SUCCESS) return nullptr;  // the caller uses pageable memory
  }
  pinned_live_[reinterpret_cast<uintptr_t>(p)] = size;
  return p;
}

void CudaBackend::deallocate_host(void* p, size_t) {
  std::lock_guard<std::mutex> lock(pinned_mutex_);
  auto it = pinned_live_.find(reinterpret_cast<uintptr_t>(p));
  if (it == pinned_live_.end()) return;
  const size_t size = it->second;
  pinned_live_.erase(it);
  pinned_free_.emplace(size, p);
  pinned_free_bytes_ += size;
  release_pinned_cache(kPinnedCacheBytes);
}

// Frees cached pinned blocks, smallest first, until at most `keep` bytes stay cached.
// Never raises: it also runs from NumPy arrays' destructors, late in the process.
void CudaBackend::release_pinned_cache(size_t keep) {
  if (pinned_free_bytes_ > keep) cuCtxSetCurrent(ctx_);  // the caller may be any thread
  while (pinned_free_bytes_ > keep && !pinned_free_.empty()) {
    auto it = pinned_free_.begin();
    cuMemFreeHost(it->second);
    pinned_free_bytes_ -= it->first;
    pinned_free_.erase(it);
  }
}

void CudaBackend::staged_copy(char* host, CUdeviceptr device, size_t nbytes, bool to_host) {
  std::lock_guard<std::mutex> lock(staging_mutex_);
  for (int b = 0; b < 2; ++b)
    if (!staging_[b]) {
      MTL_CU(cuMemHostAlloc(&staging_[b], kStagingChunk, 0));
      MTL_CU(cuEventCreate(&staged_[b], CU_EVENT_DISABLE_TIMING));
    }
  const size_t chunks = (nbytes + kStagingChunk - 1) / kStagingChunk;
  auto range = [&](size_t c) { return std::make_pair(c * kStagingChunk, std::min(kStagingChunk, nbytes - c * kStagingChunk)); };
  if (to_host) {
    // DMA chunk c into buffer c % 2 while the host copies chunk c - 1 out of the other.
    for (size_t c = 0; c <= chunks; ++c) {
      if (c < chunks) {
        const auto [off, len] = range(c);
        MTL_CU(cuMemcpyDtoHAsync(staging_[c % 2], device + off, len, stream_));
        MTL_CU(cuEventRecord(staged_[c % 2], stream_));
      }
      if (c > 0) {
        const auto [off, len] = range(c - 1);
        MTL_CU(cuEventSynchronize(staged_[(c - 1) % 2]));
        parallel_memcpy(host + off, staging_[(c - 1) % 2], len);
      }
    }
  } else {
    // The host fills buffer c % 2 while chunk c - 1 goes up from the other.
    for (size_t c = 0; c < chunks; ++c) {
      const auto [off, len] = range(c);
      if (c >= 2) MTL_CU(cuEventSynchronize(staged_[c % 2]));  // its last upload is done
      parallel_memcpy(staging_[c % 2], host + off, len);
      MTL_CU(cuMemcpyHtoDAsync(device + off, staging_[c % 2], len, stream_));
      MTL_CU(cuEventRecord(staged_[c % 2], stream_));
    }
    MTL_CU(cuStreamSynchronize(stream_));  // the staging buffers are reused by the next copy
  }
}

void CudaBackend::copy_from_host(void* dst, const void* src, size_t nbytes) {
  make_current();
  profiler_.h2d_bytes += static_cast<long long>(nbytes);
  if (nbytes <= kBounceBytes) {
    // Small: from a copy in this thread's own (pageable) memory, which the driver has
    // staged when the call returns, so src may change at once, pinned or not, with no
    // driver query to find out which.
    thread_local std::vector<char> local(kBounceBytes);
    std::memcpy(local.data(), src, nbytes);
    MTL_CU(cuMemcpyHtoDAsync(reinterpret_cast<CUdeviceptr>(dst), local.data(), nbytes, stream_));
    return;
  }
  // Pinned memory is read by the DMA itself, later: wait for it, since the caller may
  // write or free src as soon as this returns.
  const bool pinned = is_pinned(src, nbytes);
  if (nbytes >= kStagingThreshold && !pinned) {
    staged_copy(static_cast<char*>(const_cast<void*>(src)), reinterpret_cast<CUdeviceptr>(dst), nbytes, false);
    return;
  }
  // From pageable memory the call returns once src has been staged: src may be freed.
  MTL_CU(cuMemcpyHtoDAsync(reinterpret_cast<CUdeviceptr>(dst), src, nbytes, stream_));
  if (pinned) MTL_CU(cuStreamSynchronize(stream_));
}

void CudaBackend::copy_to_host(void* dst, const void* src, size_t nbytes) {
  make_current();
  count_to_host(nbytes);
  if (nbytes >= kStagingThreshold && !is_pinned(dst, nbytes)) {
    staged_copy(static_cast<char*>(dst), reinterpret_cast<CUdeviceptr>(src), nbytes, true);
    return;
  }
  if (nbytes <= kBounceBytes) {
    std::lock_guard<std::mutex> lock(staging_mutex_);
    if (!bounce_) MTL_CU(cuMemHostAlloc(&bounce_, kBounceBytes, 0));
    MTL_CU(cuMemcpyDtoHAsync(bounce_, reinterpret_cast<CUdeviceptr>(src), nbytes, stream_));
    MTL_CU(cuStreamSynchronize(stream_));
    std::memcpy(dst, bounce_, nbytes);
    return;
  }
  MTL_CU(cuMemcpyDtoHAsync(dst, reinterpret_cast<CUdeviceptr>(src), nbytes, stream_));
  MTL_CU(cuStreamSynchronize(stream_));
}

}  // namespace metallic::cuda
