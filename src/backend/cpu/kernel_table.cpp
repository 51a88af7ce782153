#include "backend/cpu/kernels_parts.hpp"
#include "backend/cpu/random_kernels.hpp"
#include "backend/cpu/vector_math.hpp"
#include "metallic/errors.hpp"
#include "ops/cast.hpp"
#include "ops/dtype_dispatch.hpp"

namespace metallic::cpu {
namespace {

struct KernelTable {
  KernelFn fns[kNumOps][kMaxLoopsPerOp] = {};
  KernelTable() {
    kernel_part_0(fns);
    kernel_part_1(fns);
    kernel_part_2(fns);
    kernel_part_3(fns);
    // SIMD libm where the machine has it: same functions, several lanes at a time.
    for (int op = 0; op < kNumOps; ++op) {
      const OpInfo& info = op_info(static_cast<OpId>(op));
      for (size_t k = 0; k < info.loops.size(); ++k) {
        const Loop& l = info.loops[k];
        const Dtype d = compute_dtype(l.out[0]);
        bool uniform = l.nout == 1 && (d == Dtype::float32 || d == Dtype::float64);
        for (int i = 0; i < l.nin; ++i) uniform = uniform && compute_dtype(l.in[i]) == d;
        if (!uniform) continue;
        if (KernelFn v = vector_kernel(static_cast<OpId>(op), d)) fns[op][k] = v;
      }
    }
    fns[static_cast<int>(OpId::random_uniform)][0] = &random_uniform_kernel;
    fns[static_cast<int>(OpId::random_normal)][0] = &random_normal_kernel;
  }
};

template <class From, class To>
void cast_loop(const char* src, int64_t ss, char* dst, int64_t ds, int64_t n) {
  if (ss == sizeof(From) && ds == sizeof(To)) {
    const From* s = reinterpret_cast<const From*>(src);
    To* d = reinterpret_cast<To*>(dst);
    for (int64_t i = 0; i < n; ++i) d[i] = convert<To>(s[i]);
    return;
  }
  for (int64_t i = 0; i < n; ++i)
    *reinterpret_cast<To*>(dst + i * ds) =
        convert<To>(*reinterpret_cast<const From*>(src + i * ss));
}

struct CastTable {
  CastFn fns[kNumDtypes][kNumDtypes] = {};
  CastTable() {
    for (int a = 0; a < kNumDtypes; ++a)
      for (int b = 0; b < kNumDtypes; ++b)
        dispatch_dtype(static_cast<Dtype>(a), [&](auto from) {
          dispatch_dtype(static_cast<Dtype>(b), [&](auto to) {
            fns[a][b] = &cast_loop<typename decltype(from)::type, typename decltype(to)::type>;
          });
        });
  }
};

}  // namespace

KernelFn kernel_for(OpId op, int loop) {
  static const KernelTable table;
  KernelFn fn = table.fns[static_cast<int>(op)][loop];
  if (!fn) throw not_implemented_error(std::string("[cpu] no kernel for ") + op_info(op).name);
  return fn;
}

CastFn cast_fn(Dtype from, Dtype to) {
  static const CastTable table;
  return table.fns[static_cast<int>(from)][static_cast<int>(to)];
}

}  // namespace metallic::cpu
