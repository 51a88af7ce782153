#include "backend/cpu/complex_abs.hpp"
#include "backend/cpu/kernels_parts.hpp"
#include "backend/cpu/nonfinite.hpp"
#include "backend/cpu/random_kernels.hpp"
#include "backend/cpu/vector_math.hpp"
#include "metallic/errors.hpp"
#include "ops/cast.hpp"
#include "ops/dtype_dispatch.hpp"
#include "ops/fp_status.hpp"

namespace metallic::cpu {
namespace {

struct KernelTable {
  KernelFn fns[kNumOps][kMaxLoopsPerOp] = {};
  StatusFn status[kNumOps][kMaxLoopsPerOp] = {};
  KernelTable() {
    kernel_part_0(fns, status);
    kernel_part_1(fns, status);
    kernel_part_2(fns, status);
    kernel_part_3(fns, status);
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
    const OpInfo& abs_info = op_info(OpId::absolute);
    for (size_t k = 0; k < abs_info.loops.size(); ++k)
      if (KernelFn v = complex_abs_kernel(abs_info.loops[k].in[0])) fns[static_cast<int>(OpId::absolute)][k] = v;
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

template <class From, class To>
unsigned cast_status(const char* src, const char* dst, int64_t n, unsigned want) {
  const From* s = reinterpret_cast<const From*>(src);
  const To* d = reinterpret_cast<const To*>(dst);
  // Casts to float or double overflow only into an infinity: blocks without one pass.
  if constexpr (std::is_same_v<To, float> || std::is_same_v<To, double>)
    if (!(want & ops::kFpUnderflow) && !any_nonfinite(d, n)) return 0;
  unsigned st = 0;
  for (int64_t i = 0; i < n; ++i) st |= ops::fp_cast_status<To>(want, s[i], d[i]);
  return st;
}

struct CastTable {
  CastFn fns[kNumDtypes][kNumDtypes] = {};
  CastStatusFn status[kNumDtypes][kNumDtypes] = {};
  CastTable() {
    for (int a = 0; a < kNumDtypes; ++a)
      for (int b = 0; b < kNumDtypes; ++b)
        dispatch_dtype(static_cast<Dtype>(a), [&](auto from) {
          dispatch_dtype(static_cast<Dtype>(b), [&](auto to) {
            using From = typename decltype(from)::type;
            using To = typename decltype(to)::type;
            fns[a][b] = &cast_loop<From, To>;
            if constexpr (ops::kFpCastChecked<To, From>) status[a][b] = &cast_status<From, To>;
          });
        });
  }
};

const CastTable& cast_table() {
  static const CastTable table;
  return table;
}

const KernelTable& kernel_table() {
  static const KernelTable table;
  return table;
}

}  // namespace

KernelFn kernel_for(OpId op, int loop) {
  KernelFn fn = kernel_table().fns[static_cast<int>(op)][loop];
  if (!fn) throw not_implemented_error(std::string("[cpu] no kernel for ") + op_info(op).name);
  return fn;
}

StatusFn status_for(OpId op, int loop) { return kernel_table().status[static_cast<int>(op)][loop]; }

CastFn cast_fn(Dtype from, Dtype to) { return cast_table().fns[static_cast<int>(from)][static_cast<int>(to)]; }

CastStatusFn cast_status_fn(Dtype from, Dtype to) {
  return cast_table().status[static_cast<int>(from)][static_cast<int>(to)];
}

}  // namespace metallic::cpu
