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

void CudaBackend::fused_fp(const FusedCall& call, FusedKey& key, FusedArgs& args) {
  std::vector<FpStepInfo> steps;
  for (const FusedStep& st : call.steps)
    steps.push_back({st.op, st.cast ? FpSite::cast : FpSite::op,
                     !st.cast && op_info(st.op).positional ? 0u : st.fpmode});
  const FpSlots fp = fp_reserve(steps);
  key.fp_want.clear();
  for (const FpStepInfo& st : steps) key.fp_want.push_back(fp.dev ? fp_want(st.mode) : 0u);
  args.fp_dev = fp.dev;
  args.fp_host = fp.host;
}

bool CudaBackend::fused(const FusedCall& call) {
  FusedKey key;
  FusedArgs args{};
  if (!prepare(call, 0, vec_width_, key, args)) return false;
  if (args.n == 0) return true;
  make_current();
  fused_fp(call, key, args);
  launch(kernels_->get(kernel_key(key), [&] { return fused_source(key); }), &args, key.vec > 1 ? (args.n + key.vec - 1) / key.vec : args.n, kThreads,
         [&] { return fused_kernel_name(call.steps); });
  return true;
}

bool CudaBackend::fused_reduce(const FusedCall& call, const FusedReduce& r) {
  return r.whole() ? fused_reduce_whole(call, r) : fused_reduce_axes(call, r);
}

// Reductions over some axes: kept axes then reduced ones, each group merged where every
// operand allows; a second pass combines partials when several threads or blocks share
// one output.
bool CudaBackend::fused_reduce_axes(const FusedCall& call, const FusedReduce& r) {
  for (const FusedStep& st : call.steps)
    if (!st.cast && op_info(st.op).positional) return false;  // indexed by C-order position
  std::vector<Operand> ops(call.leaves);
  FusedKey key;
  for (const auto& [step, op] : call.outputs) {
    ops.push_back(op);
    key.out_steps.push_back(step);
  }
  const int nops = static_cast<int>(ops.size());
  if (nops + 2 > kFusedOps || call.steps.size() > static_cast<size_t>(kFusedSteps)) return false;
  Shape kshape, rshape;
  std::vector<Strides> kst(nops + 1), rst(nops);
  for (size_t i = 0; i < call.shape.size(); ++i) {
    const bool red = r.reduced[i];
    (red ? rshape : kshape).push_back(call.shape[i]);
    for (int o = 0; o < nops; ++o) (red ? rst[o] : kst[o]).push_back(ops[o].strides[i]);
    if (!red) kst[nops].push_back(r.out.strides[i]);
  }
  std::vector<Strides*> kp, rp;
  for (auto& st : kst) kp.push_back(&st);
  for (auto& st : rst) rp.push_back(&st);
  coalesce(kshape, kp.data(), nops + 1);
  coalesce(rshape, rp.data(), nops);
  auto at_least_1d = [](Shape& sh, std::vector<Strides>& st) {
    if (!sh.empty()) return;
    sh.push_back(1);
    for (auto& x : st) x.push_back(0);
  };
  at_least_1d(kshape, kst);
  at_least_1d(rshape, rst);
  const int kd = static_cast<int>(kshape.size()), rd = static_cast<int>(rshape.size());
  if (kd + rd > kFusedDims) return false;

  FusedArgs args{};
  key.steps = call.steps;
  key.nleaves = static_cast<int>(call.leaves.size());
  key.kept_dims = kd;
  key.red_dims = rd;
  key.reduce_op = r.op;
  key.reduce_acc = r.acc;
  key.reduce_out = r.out.dtype;
  key.reduce_root = r.root_step;
  // One thread per output when neighbouring outputs read neighbouring elements.
  bool tpo = true;
  for (int o = 0; o < nops; ++o) {
    bool zero = true;
    for (auto x : kst[o]) zero = zero && x == 0;
    for (auto x : rst[o]) zero = zero && x == 0;
    key.dtypes.push_back(ops[o].dtype);
    key.access.push_back(zero ? Access::scalar : Access::strided);
    if (!zero && o < key.nleaves && kst[o][kd - 1] != static_cast<int64_t>(itemsize(ops[o].dtype))) tpo = false;
    args.ptr[o] = ops[o].data;
    for (int d = 0; d < kd; ++d) args.strides[o][d] = kst[o][d];
    for (int d = 0; d < rd; ++d) args.strides[o][kd + d] = rst[o][d];
  }
  key.thread_per_output = tpo;
  for (int d = 0; d < kd; ++d) {
    args.shape[d] = kshape[d];
    args.strides[nops][d] = kst[nops][d];
  }
  for (int d = 0; d < rd; ++d) args.shape[kd + d] = rshape[d];
  args.n_out = shape_size(kshape);
  args.n_red = shape_size(rshape);
  for (size_t k = 0; k < call.steps.size(); ++k) args.p[k] = call.steps[k].params;
  fused_fp(call, key, args);
  const long long waves = static_cast<long long>(sm_count_) * (tpo ? 2048 : 32);  // threads or blocks
  args.parts = tpo ? std::clamp<long long>((waves + args.n_out - 1) / args.n_out, 1, std::max<long long>(1, args.n_red / 32))
                   : (args.n_out >= waves / 4 ? 1 : std::clamp<long long>(waves / args.n_out, 1, (args.n_red + 4095) / 4096));
  make_current();
  const Dtype part_dtype = compute_dtype(r.acc);
  const size_t part_bytes = args.parts > 1 ? static_cast<size_t>(args.n_out * args.parts) * itemsize(part_dtype) : 0;
  char* partial = part_bytes ? static_cast<char*>(allocate(part_bytes)) : nullptr;
  args.ptr[nops] = r.out.data;
  args.ptr[nops + 1] = partial;
  CUfunction fn = kernels_->get(kernel_key(key), [&] { return fused_axis_source(key); });
  auto name = [&] { return fused_kernel_name(call.steps, op_info(r.op).name); };
  if (tpo)
    launch(fn, &args, args.n_out * args.parts, kThreads, name);
  else
    launch_blocks(fn, &args, std::min<long long>(args.n_out * args.parts, 65535LL * 16), kThreads, name);
  if (partial) {  // partials [n_out, parts] -> out
    ReduceCall c;
    c.op = r.op;
    c.acc = r.acc;
    c.shape = kshape;
    c.shape.push_back(args.parts);
    const int64_t asz = static_cast<int64_t>(itemsize(part_dtype));
    c.in = Operand{partial, part_dtype, c_strides(c.shape, asz)};
    c.out = Operand{r.out.data, r.out.dtype, kst[nops]};
    c.out.strides.push_back(0);
    c.reduced.assign(kd, false);
    c.reduced.push_back(true);
    reduce(c);
    deallocate(partial, part_bytes);
  }
  return true;
}

bool CudaBackend::fused_reduce_whole(const FusedCall& call, const FusedReduce& r) {
  const OpId op = r.op;
  const Dtype acc = r.acc;
  const Operand& out = r.out;
  FusedKey key;
  FusedArgs args{};
  if (!prepare(call, 3, vec_width_, key, args) || args.n == 0) return false;
  key.reduce_op = op;
  key.reduce_acc = acc;
  key.reduce_out = out.dtype;
  key.reduce_root = r.root_step;
  make_current();
  fused_fp(call, key, args);
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
