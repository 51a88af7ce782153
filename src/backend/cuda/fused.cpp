// Fused chains on the GPU: one generated kernel per chain structure (codegen_fused.cpp);
// a fused reduction writes one partial per block, which the plain reduction combines.
#include <algorithm>

#include "backend/cuda/codegen.hpp"
#include "backend/cuda/cuda_backend.hpp"
#include "backend/cuda/cuda_check.hpp"
#include "backend/cuda/kernel_args.hpp"
#include "backend/strided.hpp"

namespace metallic::cuda {
namespace {

constexpr int kThreads = 256;  // as the generated kernels' kThreads

// The kernel's key and arguments, operands merged over axes; false when the chain does
// not fit FusedArgs (extra_ops: operands the kernel takes beyond leaves and outputs).
bool prepare(const FusedCall& call, int extra_ops, int kVec, FusedKey& key, FusedArgs& args) {
  const int nleaves = static_cast<int>(call.leaves.size());
  std::vector<Operand> ops(call.leaves);
  for (const auto& [step, op] : call.outputs) {
    ops.push_back(op);
    key.out_steps.push_back(step);
  }
  const int nops = static_cast<int>(ops.size());
  if (nops + extra_ops > kFusedOps || call.steps.size() > static_cast<size_t>(kFusedSteps)) return false;
  Shape shape = call.shape;
  std::vector<Strides*> strides;
  for (auto& o : ops) strides.push_back(&o.strides);
  coalesce(shape, strides.data(), nops);
  if (shape.size() > static_cast<size_t>(kFusedDims)) return false;
  const int64_t n = shape_size(shape);

  key.steps = call.steps;
  key.nleaves = nleaves;
  key.ndim = std::max<int>(1, static_cast<int>(shape.size()));
  bool vec = kVec > 1 && n >= kVec;
  for (int k = 0; k < nops; ++k) {
    const Operand& o = ops[k];
    const int64_t isz = static_cast<int64_t>(itemsize(o.dtype));
    bool zero = true;
    for (auto s : o.strides) zero = zero && s == 0;
    const Access acc = zero ? Access::scalar
                       : (shape.size() == 1 && o.strides[0] == isz) ? Access::contiguous
                                                                    : Access::strided;
    key.dtypes.push_back(o.dtype);
    key.access.push_back(acc);
    if (acc == Access::strided ||
        (acc == Access::contiguous && reinterpret_cast<uintptr_t>(o.data) % (isz * kVec) != 0))
      vec = false;
    args.ptr[k] = o.data;
    for (size_t d = 0; d < shape.size(); ++d) args.strides[k][d] = o.strides[d];
  }
  key.vec = vec ? kVec : 1;
  for (size_t d = 0; d < shape.size(); ++d) args.shape[d] = shape[d];
  args.n = n;
  for (size_t k = 0; k < call.steps.size(); ++k) args.p[k] = call.steps[k].params;
  return true;
}

}  // namespace

bool CudaBackend::fused(const FusedCall& call) {
  FusedKey key;
  FusedArgs args{};
  if (!prepare(call, 0, vec_width_, key, args)) return false;
  if (args.n == 0) return true;
  make_current();
  launch(kernels_->get(kernel_key(key), [&] { return fused_source(key); }), &args, key.vec > 1 ? (args.n + key.vec - 1) / key.vec : args.n, kThreads,
         [&] { return fused_kernel_name(call.steps); });
  return true;
}

bool CudaBackend::fused_reduce(const FusedCall& call, int root_step, OpId op, Dtype acc, const Operand& out) {
  FusedKey key;
  FusedArgs args{};
  if (!prepare(call, 3, vec_width_, key, args) || args.n == 0) return false;
  key.reduce_op = op;
  key.reduce_acc = acc;
  key.reduce_out = out.dtype;
  key.reduce_root = root_step;
  make_current();
  CUfunction fn = kernels_->get(kernel_key(key), [&] { return fused_source(key); });
  // Every block gets at least one element (its first thread's), so every partial is set.
  const long long units = key.vec > 1 ? args.n / key.vec : args.n;
  const long long blocks = std::max<long long>(
      1, std::min<long long>((units + kThreads - 1) / kThreads, static_cast<long long>(sm_count_) * 32));
  const size_t part_bytes = static_cast<size_t>(blocks) * itemsize(compute_dtype(acc));
  char* partial = static_cast<char*>(allocate(part_bytes));
  const size_t nops = call.leaves.size() + call.outputs.size();
  args.ptr[nops] = partial;
  args.ptr[nops + 1] = block_counter();
  args.ptr[nops + 2] = out.data;
  launch_blocks(fn, &args, blocks, kThreads, [&] { return fused_kernel_name(call.steps, op_info(op).name); });
  deallocate(partial, part_bytes);
  return true;
}

// A zeroed unsigned int that single-launch reductions count finished blocks with (the
// last block sets it back to 0; launches on the one stream never overlap).
char* CudaBackend::block_counter() {
  if (!block_counter_) {
    MTL_CU(cuMemAlloc(&block_counter_, sizeof(unsigned int)));
    MTL_CU(cuMemsetD32(block_counter_, 0, 1));
  }
  return reinterpret_cast<char*>(block_counter_);
}

}  // namespace metallic::cuda
