// The CPU backend: host memory, blockwise multi-threaded loops.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>

#include "backend/backend.hpp"
#include "backend/cpu/host_pool.hpp"

namespace metallic::cpu {

class CpuBackend final : public Backend {
 public:
  const char* name() const override { return "cpu"; }
  void* allocate(size_t nbytes) override;
  void deallocate(void* p, size_t nbytes) override;
  void copy_from_host(void* dst, const void* src, size_t nbytes) override;
  void copy_to_host(void* dst, const void* src, size_t nbytes) override;
  void copy(const Shape& shape, const Operand& src, const Operand& dst, FpMode fpmode = 0) override;
  void elementwise(const ElementwiseCall& call) override;
  void reduce(const ReduceCall& call) override;
  void arg_reduce(const ArgReduceCall& call) override;
  void scan(const ScanCall& call) override;
  void take(const TakeCall& call) override;
  void scatter(const TakeCall& call) override;
  void sort(const SortCall& call) override;  // sort.cpp
  void search(const SearchCall& call) override;  // sort.cpp
  bool select(const SelectCall& call) override;  // select.cpp
  void nonzero(const NonzeroCall& call) override;
  void synchronize() override {}
  void take_fp_events(std::vector<FpEvent>& out, bool wait) override;
  bool fused(const FusedCall& call) override;
  bool can_fuse() const override { return true; }
  bool fuses_reduction(const std::vector<bool>& reduced) const override;
  bool fused_reduce(const FusedCall& call, const FusedReduce& r) override;
  bool gemm(const GemmCall& call) override;  // a CBLAS opened at run time (blas.cpp)
  bool has_gemm(Dtype d) const override;
  bool lu(const SolverCall& call) override;  // lapack.cpp
  bool lu_solve(const SolverCall& call) override;
  bool cholesky(const SolverCall& call) override;
  bool eigh(const EighCall& call) override;
  bool svd(const SvdCall& call) override;
  bool qr(const QrCall& call) override;
  bool eig(const EigCall& call) override;

 private:
  // The pass behind fused() and fused_reduce(): consume(block, values of step root_step,
  // its length) is called after each block when given.
  bool run_fused(const FusedCall& call, int root_step,
                 const std::function<void(int64_t, const char*, int64_t)>& consume);
  // Records what a step raised (flags: its conditions, or none).
  void record_fp(OpId op, FpSite site, unsigned flags, FpMode mode);
  HostPool pool_;
  std::mutex fp_mutex_;
  std::vector<FpEvent> fp_events_;
};

CpuBackend& cpu_backend();

}  // namespace metallic::cpu
