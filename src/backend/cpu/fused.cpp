// Fused elementwise chains on the CPU: each block of the iteration space runs every step
// with block-sized temporaries that stay in cache; only outputs reach memory.
#include <atomic>
#include <cstring>
#include <memory>
#include <vector>

#include "backend/cpu/blocks.hpp"
#include "backend/cpu/cpu_backend.hpp"
#include "backend/cpu/kernels.hpp"
#include "backend/cpu/nd_iter.hpp"
#include "backend/cpu/nonfinite.hpp"
#include "backend/cpu/reduce_fold.hpp"
#include "backend/cpu/threads.hpp"
#include "ops/dtype_dispatch.hpp"
#include "ops/fp_status.hpp"

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
    StatusFn status = nullptr;  // set where the step's conditions are looked for
    CastStatusFn cast_status = nullptr;
    unsigned want = 0;
    Dtype out_compute{};
    std::vector<Dtype> in_compute;
  };
  std::vector<StepPlan> plans(nsteps);
  auto dtype_of = [&](int arg) { return arg >= 0 ? call.steps[arg].dtype : call.leaves[-arg - 1].dtype; };
  bool checks = false;
  for (int k = 0; k < nsteps; ++k) {
    const FusedStep& st = call.steps[k];
    plans[k].want = fp_want(st.fpmode);
    if (st.cast) {
      if (plans[k].want) plans[k].cast_status = cast_status_fn(dtype_of(st.args[0]), st.dtype);
      checks |= plans[k].cast_status != nullptr;
      continue;
    }
    if (plans[k].want) plans[k].status = status_for(st.op, st.loop);
    checks |= plans[k].status != nullptr;
    const Loop& loop = op_info(st.op).loops[st.loop];
    plans[k].kernel = kernel_for(st.op, st.loop);
    plans[k].out_compute = compute_dtype(loop.out[0]);
    for (int j = 0; j < loop.nin; ++j) plans[k].in_compute.push_back(compute_dtype(loop.in[j]));
  }
  std::vector<std::atomic<unsigned>> flags(checks ? nsteps : 0);

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
    std::vector<unsigned> raised(checks ? nsteps : 0);
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
          if (plans[k].cast_status) raised[k] |= plans[k].cast_status(src(st.args[0]), out, len, plans[k].want);
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
          if (pl.status) raised[k] |= pl.status(args, len, pl.want);
        } else {  // computed wider (float16 in float32): round to the step's dtype
          char* wide = slot(nleaves + nsteps + 3);
          args[st.args.size()] = wide;
          pl.kernel(args, len, s, st.params);
          if (pl.status) raised[k] |= pl.status(args, len, pl.want);
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
    for (size_t k = 0; k < raised.size(); ++k)
      if (raised[k]) flags[k] |= raised[k];
  });
  for (size_t k = 0; k < flags.size(); ++k)
    record_fp(call.steps[k].op, call.steps[k].cast ? FpSite::cast : FpSite::op, flags[k].load(),
              call.steps[k].fpmode);
  return true;
}

bool CpuBackend::fuses_reduction(const std::vector<bool>& reduced) const {
  // Only when the reduced axes are the last ones: each output's elements are then one
  // stretch of the pass. (Reducing over outer axes reads columns: the plain reduction,
  // which accumulates whole rows, is faster there than a fused pass.)
  for (size_t i = 1; i < reduced.size(); ++i)
    if (reduced[i - 1] && !reduced[i]) return false;
  return true;
}

bool CpuBackend::fused_reduce(const FusedCall& call, const FusedReduce& r) {
  if (!fuses_reduction(r.reduced)) return false;
  const bool whole = r.whole();
  Shape kshape;  // the kept (leading) axes and the output's strides along them
  Strides kout;
  for (size_t i = 0; i < call.shape.size() && !r.reduced[i]; ++i) {
    kshape.push_back(call.shape[i]);
    kout.push_back(r.out.strides[i]);
  }
  HostKernelScope scope(profiler_, [&] { return fused_kernel_name(call.steps, op_info(r.op).name); });
  const int64_t n = shape_size(call.shape);
  const int64_t nblocks = (n + kBlock - 1) / kBlock;
  const int64_t n_red = whole ? n : n / std::max<int64_t>(1, shape_size(kshape));
  const Dtype root = call.steps[r.root_step].dtype, cacc = compute_dtype(r.acc);
  const CastFn to_acc = cast_fn(root, cacc), to_out = cast_fn(cacc, r.out.dtype);
  // Where output o (C order over the kept axes) is stored.
  auto out_at = [&](int64_t o) {
    int64_t off = 0;
    for (int d = static_cast<int>(kshape.size()) - 1; d >= 0; --d) {
      off += (o % kshape[d]) * kout[d];
      o /= kshape[d];
    }
    return r.out.data + off;
  };
  bool ok = true;
  with_reduce_functor(r.op, [&](auto f) {
    dispatch_dtype(cacc, [&](auto tag) {
      using T = typename decltype(tag)::type;
      if constexpr (std::is_same_v<T, half>) {
        ok = false;
      } else {
        auto as_acc = [&](const char* v, int64_t len, T* buf) {
          if (root == cacc) return reinterpret_cast<const T*>(v);
          to_acc(v, static_cast<int64_t>(itemsize(root)), reinterpret_cast<char*>(buf), static_cast<int64_t>(sizeof(T)),
                 len);
          return static_cast<const T*>(buf);
        };
        auto store = [&](int64_t o, const T& v) { to_out(reinterpret_cast<const char*>(&v), 0, out_at(o), 0, 1); };
        // The error state of an add or multiply reduction (fp_fold_status): blocks whose
        // values hold a special value mark their outputs (1: a NaN, 2: an infinity); the
        // stored results are read back against the marks at the end.
        const unsigned want = fold_fp_want<T>(r.op, r.fpmode);
        const int64_t n_out = whole ? 1 : n / n_red;
        std::unique_ptr<std::atomic<uint8_t>[]> marks(want ? new std::atomic<uint8_t>[n_out]() : nullptr);
        auto mark = [&](const T* x, int64_t s, int64_t len) {
          if constexpr (kInexact<T>) {
            if (!want || !any_nonfinite_values(x, len)) return;
            for (int64_t i = 0; i < len; ++i)
              if (ops::fp::nan_any(x[i]))
                marks[(s + i) / n_red] |= 1;
              else if (ops::fp::inf_any(x[i]))
                marks[(s + i) / n_red] |= 2;
          }
        };
        auto record = [&] {
          if (!want) return;
          const CastFn from_out = cast_fn(r.out.dtype, cacc);
          unsigned raised = 0;
          for (int64_t o = 0; o < n_out; ++o) {
            T v;
            from_out(out_at(o), 0, reinterpret_cast<char*>(&v), 0, 1);
            raised |= ops::fp_fold_status(want, v, marks[o] & 1, marks[o] & 2);
          }
          record_fp(r.op, FpSite::reduce, raised, r.fpmode);
        };
        if (whole) {
          // One partial per block, combined in block order: the result does not depend on
          // how blocks were spread over threads.
          std::unique_ptr<T[]> partial(new T[nblocks]);
          run_fused(call, r.root_step, [&](int64_t blk, const char* v, int64_t len) {
            T buf[kBlock];
            const T* x = as_acc(v, len, buf);
            mark(x, blk * kBlock, len);
            partial[blk] = fold(f, blk == 0 ? fold_seed(f, x[0]) : x[0], x + 1, len - 1);
          });
          store(0, fold(f, partial[0], partial.get() + 1, nblocks - 1));  // pairwise for sums
          record();
          return;
        }
        // Each block folds its stretch of every output it touches. An output wholly inside
        // one block is stored at once; one spread over blocks leaves its first stretch as
        // that block's tail and later stretches as the next blocks' heads, folded in block
        // order afterwards (no two threads write one output).
        struct Stretch {
          T v{};
          int64_t o = -1;
          bool ends = false;
        };
        std::vector<Stretch> head(nblocks), tail(nblocks);
        run_fused(call, r.root_step, [&](int64_t blk, const char* v, int64_t len) {
          T buf[kBlock];
          const T* x = as_acc(v, len, buf);
          const int64_t s = blk * kBlock, e = s + len;
          mark(x, s, len);
          for (int64_t i = s; i < e;) {
            const int64_t o = i / n_red, end = std::min(e, (o + 1) * n_red);
            const bool starts = i == o * n_red, ends = end == (o + 1) * n_red;
            const T val = fold(f, starts ? fold_seed(f, x[i - s]) : x[i - s], x + (i - s) + 1, end - i - 1);
            if (starts && ends)
              store(o, val);
            else if (!starts)
              head[blk] = {val, o, ends};
            else
              tail[blk] = {val, o, false};
            i = end;
          }
        });
        for (int64_t b = 0; b < nblocks; ++b) {
          if (tail[b].o < 0) continue;
          T acc = tail[b].v;
          for (int64_t k = b + 1; k < nblocks && head[k].o == tail[b].o; ++k) {
            acc = static_cast<T>(f(acc, head[k].v));
            if (head[k].ends) break;
          }
          store(tail[b].o, acc);
        }
        record();
      }
    });
  });
  return ok;
}

}  // namespace metallic::cpu
