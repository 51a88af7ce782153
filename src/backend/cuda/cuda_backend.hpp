// The CUDA backend: device memory from the driver's stream-ordered pool, kernels
// generated from the shared functors and compiled by NVRTC, one stream per device.
#pragma once

#include <cuda.h>

#include <atomic>
#include <memory>
#include <mutex>

#include "backend/backend.hpp"
#include "backend/cuda/kernel_cache.hpp"

namespace metallic::cuda {

class CudaBackend final : public Backend {
 public:
  explicit CudaBackend(int device);
  ~CudaBackend() override;

  const char* name() const override { return "cuda"; }
  void* allocate(size_t nbytes) override;
  void deallocate(void* p, size_t nbytes) override;
  void copy_from_host(void* dst, const void* src, size_t nbytes) override;
  void copy_to_host(void* dst, const void* src, size_t nbytes) override;
  void copy(const Shape& shape, const Operand& src, const Operand& dst) override;
  void elementwise(const ElementwiseCall& call) override;
  void reduce(const ReduceCall& call) override;
  void arg_reduce(const ArgReduceCall& call) override;
  void scan(const ScanCall& call) override;
  void synchronize() override;

  MemoryInfo memory_info() const override;
  void free_cached() override;
  void set_memory_limit(size_t bytes) override { limit_ = bytes; }
  KernelCache& kernels() { return *kernels_; }

 private:
  // Binds this backend's context to the calling thread.
  void make_current() const;
  void launch(CUfunction fn, void* args, long long n, int threads = 256);
  void elementwise_impl(OpId op, int loop, const Shape& shape, std::vector<Operand> ops,
                        const Params& params);

  // Large host<->device copies go through two pinned staging buffers in turns, so the
  // DMA of one chunk overlaps the host memcpy of the other.
  void staged_copy(char* host, CUdeviceptr device, size_t nbytes, bool to_host);
  static constexpr size_t kStagingChunk = size_t{32} << 20;
  static constexpr size_t kStagingThreshold = size_t{4} << 20;

  int device_;
  void* staging_[2] = {nullptr, nullptr};
  CUevent staged_[2] = {nullptr, nullptr};
  std::mutex staging_mutex_;
  CUdevice dev_;
  CUcontext ctx_;
  CUstream stream_;
  CUmemoryPool pool_;
  int sm_count_ = 0;
  std::unique_ptr<KernelCache> kernels_;
  std::atomic<size_t> used_{0};
  size_t limit_ = 0;  // 0: no limit
};

}  // namespace metallic::cuda
