// Fused elementwise chains on the CPU: each block of the iteration space runs every step
// with block-sized temporaries that stay in cache; only outputs reach memory.
#include <cstring>
#include <memory>
#include <vector>

#include "backend/cpu/blocks.hpp"
#include "backend/cpu/cpu_backend.hpp"
#include "backend/cpu/kernels.hpp"
#include "backend/cpu/nd_iter.hpp"
#include "backend/cpu/reduce_fold.hpp"
#include "backend/cpu/threads.hpp"
#include "ops/dtype_dispatch.hpp"

namespace metallic::cpu {
namespace {

constexpr int64_t kBlock = 2048;  // elements per block: all temporaries stay in L1/L2

}  // namespace

bool CpuBackend::fused(const FusedCall& call) {
  HostKernelScope scope(profiler_, [&] { return fused_kernel_name(call.steps); });
  return run_fused(call, 0, nullptr);
}

bool CpuBackend::run_fused(const FusedCall& call, int root_step,
                           const std::function<void(int64_t, const char*, int64_t)>& consume) {
  const int nleaves = static_cast<int>(call.leaves.size());
  const int nsteps = static_cast<int>(call.steps.size());
  const int nouts = static_cast<int>(call.outputs.size());
  // Merge axes over every operand the pass touches.
  std::vector<Operand> ops(call.leaves);
  for (const auto& [step, op] : call.outputs) ops.push_back(op);
  Shape shape = call.shape;
  std::vector<Strides*> strides;
  for (auto& o : ops) strides.push_back(&o.strides);
  coalesce(shape, strides.data(), static_cast<int>(ops.size()));
  const int64_t n = shape_size(shape);
  if (n == 0) return true;

  // Kernels and dtypes, resolved once.
  struct StepPlan {
    KernelFn kernel = nullptr;
    Dtype out_compute{};
    std::vector<Dtype> in_compute;
  };
  std::vector<StepPlan> plans(nsteps);
  for (int k = 0; k < nsteps; ++k) {
    const FusedStep& st = call.steps[k];
    if (st.cast) continue;
    const Loop& loop = op_info(st.op).loops[st.loop];
    plans[k].kernel = kernel_for(st.op, st.loop);
    plans[k].out_compute = compute_dtype(loop.out[0]);
    for (int j = 0; j < loop.nin; ++j) plans[k].in_compute.push_back(compute_dtype(loop.in[j]));
  }
  auto dtype_of = [&](int arg) { return arg >= 0 ? call.steps[arg].dtype : call.leaves[-arg - 1].dtype; };

  const int64_t nblocks = (n + kBlock - 1) / kBlock;
  parallel_for(nblocks, kBlock * (nsteps + 1), [&](int64_t b0, int64_t b1) {
    // Slots: leaves, steps, then three for converted step inputs and one for a result.
    // Sized to the blocks actually run (the last chunk of a small array is short), not
    // zero-filled.
    const size_t slot_bytes = static_cast<size_t>(std::min<int64_t>(kBlock, n)) * 16;
    std::unique_ptr<char[]> scratch(new char[(static_cast<size_t>(nleaves + nsteps) + 4) * slot_bytes + 64]);
    char* base = reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(scratch.get()) + 63) & ~uintptr_t{63});
    auto slot = [&](int i) { return base + static_cast<size_t>(i) * slot_bytes; };
    std::vector<char*> value(nleaves + nsteps);  // where each leaf/step's block lives
    for (int64_t blk = b0; blk < b1; ++blk) {
      const int64_t s = blk * kBlock, e = std::min(n, s + kBlock), len = e - s;
      for (int i = 0; i < nleaves; ++i) {  // gather leaves (own dtype)
        const Operand& op = ops[i];
        const int64_t isz = static_cast<int64_t>(itemsize(op.dtype));
        if (shape.size() == 1 && op.strides[0] == isz) {
          value[i] = op.data + s * isz;
          continue;
        }
        value[i] = slot(i);
        gather_block(shape, op, s, e, value[i], op.dtype);
      }
      for (int k = 0; k < nsteps; ++k) {
        const FusedStep& st = call.steps[k];
        char* out = slot(nleaves + k);
        auto src = [&](int arg) { return arg >= 0 ? value[nleaves + arg] : value[-arg - 1]; };
        if (st.cast) {
          const Dtype from = dtype_of(st.args[0]);
          cast_fn(from, st.dtype)(src(st.args[0]), static_cast<int64_t>(itemsize(from)), out,
                                  static_cast<int64_t>(itemsize(st.dtype)), len);
          value[nleaves + k] = out;
          continue;
        }
        const StepPlan& pl = plans[k];
        char* args[4];
        for (size_t j = 0; j < st.args.size(); ++j) {
          const Dtype have = dtype_of(st.args[j]), want = pl.in_compute[j];
          if (have == want) {
            args[j] = src(st.args[j]);
          } else {  // convert into a temporary slot
            args[j] = slot(nleaves + nsteps + static_cast<int>(j));
            cast_fn(have, want)(src(st.args[j]), static_cast<int64_t>(itemsize(have)), args[j],
                                static_cast<int64_t>(itemsize(want)), len);
          }
        }
        if (pl.out_compute == st.dtype) {
          args[st.args.size()] = out;
          pl.kernel(args, len, s, st.params);
        } else {  // computed wider (float16 in float32): round to the step's dtype
          char* wide = slot(nleaves + nsteps + 3);
          args[st.args.size()] = wide;
          pl.kernel(args, len, s, st.params);
          cast_fn(pl.out_compute, st.dtype)(wide, static_cast<int64_t>(itemsize(pl.out_compute)), out,
                                            static_cast<int64_t>(itemsize(st.dtype)), len);
        }
        value[nleaves + k] = out;
      }
      if (consume) consume(blk, value[nleaves + root_step], len);
      for (int o = 0; o < nouts; ++o) {  // scatter outputs
        const int step = call.outputs[o].first;
        scatter_block(shape, value[nleaves + step], call.steps[step].dtype, ops[nleaves + o], s, e);
      }
    }
  });
  return true;
}

bool CpuBackend::fused_reduce(const FusedCall& call, const FusedReduce& r) {
  if (!r.whole()) return false;  // reductions over some axes run after the chain
  const int root_step = r.root_step;
  const OpId op = r.op;
  const Dtype acc = r.acc;
  const Operand& out = r.out;
  HostKernelScope scope(profiler_, [&] { return fused_kernel_name(call.steps, op_info(op).name); });
  const int64_t n = shape_size(call.shape);
  const int64_t nblocks = (n + kBlock - 1) / kBlock;
  const Dtype root = call.steps[root_step].dtype, cacc = compute_dtype(acc);
  bool ok = true;
  with_reduce_functor(op, [&](auto f) {
    dispatch_dtype(cacc, [&](auto tag) {
      using T = typename decltype(tag)::type;
      if constexpr (std::is_same_v<T, half>) {
        ok = false;
      } else {
        // One partial per block, combined in block order: the result does not depend on
        // how blocks were spread over threads.
        std::unique_ptr<T[]> partial(new T[nblocks]);
        const CastFn to_acc = cast_fn(root, cacc);
        run_fused(call, root_step, [&](int64_t blk, const char* v, int64_t len) {
          T buf[kBlock];
          const T* x = reinterpret_cast<const T*>(v);
          if (root != cacc) {
            to_acc(v, static_cast<int64_t>(itemsize(root)), reinterpret_cast<char*>(buf),
                   static_cast<int64_t>(sizeof(T)), len);
            x = buf;
          }
          partial[blk] = fold(f, x[0], x + 1, len - 1);
        });
        const T r = fold(f, partial[0], partial.get() + 1, nblocks - 1);  // pairwise for sums
        cast_fn(cacc, out.dtype)(reinterpret_cast<const char*>(&r), 0, out.data, 0, 1);
      }
    });
  });
  return ok;
}

}  // namespace metallic::cpu
