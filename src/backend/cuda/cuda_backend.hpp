// The CUDA backend: device memory from the driver's stream-ordered pool, kernels
// generated from the shared functors and compiled by NVRTC, one stream per device.
#pragma once

#include <cuda.h>

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "backend/backend.hpp"
#include "backend/block_cache.hpp"
#include "backend/cuda/kernel_cache.hpp"

namespace metallic::cuda {

struct FusedKey;
struct FusedArgs;

class CudaBackend final : public Backend {
 public:
  explicit CudaBackend(int device);
  ~CudaBackend() override;

  const char* name() const override { return "cuda"; }
  void* allocate(size_t nbytes) override;
  void deallocate(void* p, size_t nbytes) override;
  void copy_from_host(void* dst, const void* src, size_t nbytes) override;
  void copy_to_host(void* dst, const void* src, size_t nbytes) override;
  void* allocate_host(size_t nbytes) override;
  void deallocate_host(void* p, size_t nbytes) override;
  bool kernels_write_host() const override { return unified_addressing_; }
  void copy(const Shape& shape, const Operand& src, const Operand& dst, FpMode fpmode = 0) override;
  void elementwise(const ElementwiseCall& call) override;
  void reduce(const ReduceCall& call) override;
  void arg_reduce(const ArgReduceCall& call) override;
  void scan(const ScanCall& call) override;
  void take(const TakeCall& call) override;
  void scatter(const TakeCall& call) override;
  void sort(const SortCall& call) override;  // sort.cpp
  void search(const SearchCall& call) override;  // sort.cpp
  void nonzero(const NonzeroCall& call) override;
  void synchronize() override;
  void take_fp_events(std::vector<FpEvent>& out, bool wait) override;  // fp_flags.cpp
  bool fused(const FusedCall& call) override;
  bool fused_reduce(const FusedCall& call, const FusedReduce& r) override;
  bool can_fuse() const override { return true; }
  intptr_t native_stream() const override { return reinterpret_cast<intptr_t>(stream_); }
  void wait_for_stream(intptr_t stream) override;
  int pointer_device(const void* p) const override;
  bool fuses_reduction(const std::vector<bool>&) const override { return true; }
  bool gemm(const GemmCall& call) override;  // cuBLAS (blas.cpp)
  bool has_gemm(Dtype d) const override;
  bool lu(const SolverCall& call) override;  // cuSOLVER (solver.cpp)
  bool lu_solve(const SolverCall& call) override;
  bool cholesky(const SolverCall& call) override;
  bool eigh(const EighCall& call) override;
  bool svd(const SvdCall& call) override;
  bool qr(const QrCall& call) override;
  bool eig(const EigCall& call) override;
  bool fft(const FftCall& call) override;  // cuFFT (fft.cpp)

  MemoryInfo memory_info() const override;
  void free_cached() override;
  void set_memory_limit(size_t bytes) override { limit_ = bytes; }
  KernelStats kernel_stats() const override {
    KernelStats k = Backend::kernel_stats();
    const auto s = kernels_->stats();
    k.compiles = s.compiles, k.disk_hits = s.disk_hits, k.memory_hits = s.memory_hits;
    return k;
  }

 private:
  // Binds this backend's context to the calling thread.
  void make_current() const;
  // Every kernel launch (and device copy) goes through enqueue: counted, and timed with a
  // pair of events while recording. launch picks the grid for n work items (whole waves).
  using KernelName = std::function<std::string()>;
  void enqueue(const KernelName& name, const std::function<void()>& work);
  void launch_blocks(CUfunction fn, void* args, long long blocks, int threads, const KernelName& name,
                     unsigned shared_bytes = 0);
  void launch(CUfunction fn, void* args, long long n, int threads, const KernelName& name);
  void finish_records() override;
  char* block_counter();
  bool fused_reduce_whole(const FusedCall& call, const FusedReduce& r);
  bool fused_reduce_axes(const FusedCall& call, const FusedReduce& r);
  CUdeviceptr block_counter_ = 0;
  struct PendingRecord {
    std::string name;
    CUevent start, end;
  };
  std::vector<PendingRecord> pending_records_;
  std::mutex records_mutex_;
  void move_rows(const TakeCall& c, bool scatter);  // take and scatter
  void elementwise_impl(OpId op, int loop, const Shape& shape, std::vector<Operand> ops,
                        const Params& params, FpMode fpmode);

  // Floating-point conditions (fp_flags.cpp): a slot per checked step of a launch, set by
  // its kernel in device memory and, one byte per condition, in mapped host memory; read
  // once the device has finished the launch. fp_reserve hands out count fresh slots for
  // steps (op, cast, mode) and returns the first's device and host addresses; with no
  // step to check it returns nulls.
  struct FpSlots {
    unsigned* dev = nullptr;
    unsigned char* host = nullptr;
  };
  struct FpStepInfo {
    OpId op{};
    FpSite site = FpSite::op;
    FpMode mode = 0;
  };
  FpSlots fp_reserve(const std::vector<FpStepInfo>& steps);
  void fused_fp(const FusedCall& call, FusedKey& key, FusedArgs& args);  // a fused launch's slots
  void fp_harvest();  // fp_mutex_ held, the device idle: pending slots into fp_ready_
  static constexpr uint32_t kFpSlots = 1u << 18;
  CUdeviceptr fp_dev_ = 0;
  unsigned char* fp_host_ = nullptr;      // its host address
  unsigned char* fp_host_dev_ = nullptr;  // the same memory's device address
  uint32_t fp_next_ = 0;
  struct FpPending {
    uint32_t slot;
    FpStepInfo step;
  };
  std::vector<FpPending> fp_pending_;
  std::vector<FpEvent> fp_ready_;
  std::mutex fp_mutex_;

  // Large host<->device copies go through two pinned staging buffers in turns, so the
  // DMA of one chunk overlaps the host memcpy of the other.
  void staged_copy(char* host, CUdeviceptr device, size_t nbytes, bool to_host);
  static constexpr size_t kStagingChunk = size_t{32} << 20;
  static constexpr size_t kStagingThreshold = size_t{4} << 20;
  // Pinned blocks handed out (start -> bytes) and cached for reuse (bytes -> start).
  void release_pinned_cache(size_t keep);  // pinned_mutex_ held
  static constexpr size_t kPinnedCacheBytes = size_t{4} << 30;
  std::mutex pinned_mutex_;
  std::map<uintptr_t, size_t> pinned_live_;
  std::multimap<size_t, void*> pinned_free_;
  size_t pinned_free_bytes_ = 0;

  int device_;
  void* staging_[2] = {nullptr, nullptr};
  void* bounce_ = nullptr;  // small device-to-host copies (staging_mutex_)
  CUevent staged_[2] = {nullptr, nullptr};
  std::mutex staging_mutex_;
  CUdevice dev_;
  CUcontext ctx_;
  CUstream stream_;
  CUmemoryPool pool_;
  int sm_count_ = 0;
  bool unified_addressing_ = false;  // pinned host memory is reached at its host address
  std::unique_ptr<KernelCache> kernels_;
  // Freed blocks up to kCachedBlock bytes, reused without a driver call (allocate).
  static constexpr size_t kCachedBlock = size_t{32} << 20;
  BlockCache blocks_{size_t{512} << 20};
  void release_block(void* p, size_t nbytes);  // to the driver's pool; never raises
  std::atomic<size_t> used_{0};
  size_t limit_ = 0;  // 0: no limit
  int vec_width_ = 4;  // elements per vector access (METALLIC_CUDA_VECTOR_WIDTH)
  void* blas_ = nullptr;  // this device's cuBLAS handle, made on the first product
  std::mutex blas_mutex_;
  void make_blas_handle();
  // LU of a stack of small matrices (or, solve, its solves) in one cuBLAS batched call;
  // false where cuBLAS lacks it (blas.cpp).
  bool lu_batched(const SolverCall& c, bool solve);
  struct BatchedLu;
  // cuSOLVER: a handle and its parameters, made on first use (solver.cpp).
  using SolverStep = std::function<void(void* handle, void* params, int data_type, int64_t matrix, int* info)>;
  void* solver_handle();
  bool solve_each(Dtype dtype, int64_t batch, int64_t* info_out, const char* name, const SolverStep& step);
  void* solver_ = nullptr;
  void* solver_params_ = nullptr;
  std::mutex solver_mutex_;
  // cuFFT plans by (cufftType, n, batch) (fft.cpp).
  std::mutex fft_mutex_;
  std::map<std::array<long long, 3>, int> fft_plans_;
};

}  // namespace metallic::cuda
