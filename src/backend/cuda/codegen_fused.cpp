// CUDA source for a fused elementwise chain (FusedCall): one thread computes every step of
// its elements in registers, rounding each to its step's dtype as eager evaluation would;
// only the outputs are stored. The reduction variant folds the root step into per-block
// partial results instead of (or beside) storing it.
#include <string>

#include "backend/cuda/codegen.hpp"
#include "backend/cuda/codegen_common.hpp"

namespace metallic::cuda {
namespace {

std::string num(long long v) { return std::to_string(v); }

// Statements computing every step for element index `i`, reading leaf l through leaf(l).
// k.want(j): the floating-point conditions step j looks for (or-ed into fl<j>).
template <class Leaf>
std::string steps_body(const FusedKey& key, Leaf leaf, const char* indent) {
  const std::vector<FusedStep>& steps = key.steps;
  Source s;
  auto arg = [&](int a) { return a >= 0 ? "s" + num(a) : leaf(-a - 1); };
  for (size_t k = 0; k < steps.size(); ++k) {
    const FusedStep& st = steps[k];
    const std::string S = storage_type(st.dtype), K = num(static_cast<long long>(k));
    const unsigned want = key.want(k);
    const std::string W = num(want) + "u";
    if (st.cast) {
      s << indent << "const " << S << " s" << K << " = convert<" << S << ">(" << arg(st.args[0]) << ");\n";
      if (want)
        s << indent << "fl" << K << " |= metallic::ops::fp_cast_status<" << S << ">(" << W << ", " << arg(st.args[0])
          << ", s" << K << ");\n";
      continue;
    }
    const Loop& loop = op_info(st.op).loops[st.loop];
    std::string call;
    for (int j = 0; j < loop.nin; ++j) {
      const std::string C = compute_type(loop.in[j]), x = "x" + K + "_" + num(j);
      s << indent << "const " << C << " " << x << " = convert<" << C << ">(" << arg(st.args[j]) << ");\n";
      call += (j ? ", " : "") + x;
    }
    if (op_info(st.op).positional) call = loop.nin ? "i, " + call : "i";  // indexed by position
    s << indent << "const " << S << " s" << K << " = convert<" << S << ">(static_cast<"
      << compute_type(loop.out[0]) << ">(f" << K << "(" << call << ")));\n";
    if (want && !op_info(st.op).positional) {
      std::string xs;
      for (int j = 0; j < loop.nin; ++j) xs += ", x" + K + "_" + num(j);
      s << indent << "fl" << K << " |= metallic::ops::fp_status<" << functor_name(st.op) << ">(" << W << ", convert<"
        << compute_type(loop.out[0]) << ">(s" << K << ")" << xs << ");\n";
    }
  }
  return s.str();
}

// Each checked step's conditions (fl<k>), declared before the loops and reported after.
std::string fp_declare(const FusedKey& k) {
  Source s;
  for (size_t j = 0; j < k.steps.size(); ++j)
    if (k.want(j)) s << "  unsigned fl" << num(static_cast<long long>(j)) << " = 0;\n";
  return s.str();
}
std::string fp_report(const FusedKey& k) {
  Source s;
  for (size_t j = 0; j < k.steps.size(); ++j)
    if (k.want(j)) {
      const std::string J = num(static_cast<long long>(j));
      s << "  mtl_fp_report(a.fp_dev + " << J << ", a.fp_host + 4 * " << J << ", fl" << J << ");\n";
    }
  return s.str();
}

// Each step's functor (f<k>, with its parameters) and each scalar leaf's value (v<l>).
std::string chain_prologue(const FusedKey& k) {
  Source s;
  for (size_t j = 0; j < k.steps.size(); ++j)
    if (!k.steps[j].cast)
      s << "  const auto f" << num(static_cast<long long>(j)) << " = mtl_make<" << functor_name(k.steps[j].op)
        << ">(a.p[" << num(static_cast<long long>(j)) << "]);\n";
  for (int l = 0; l < k.nleaves; ++l)
    if (k.access[l] == Access::scalar) {
      const std::string S = storage_type(k.dtypes[l]);
      s << "  const " << S << " v" << l << " = mtl_load<" << S << ">(a.ptr[" << l << "]);\n";
    }
  return s.str();
}

// One element of the chain at byte offsets off<o>: the non-scalar leaves loaded, every
// step computed, the outputs stored.
std::string chain_at_offsets(const FusedKey& k, const std::string& indent) {
  Source s;
  auto S = [&](int o) { return std::string(storage_type(k.dtypes[o])); };
  for (int l = 0; l < k.nleaves; ++l)
    if (k.access[l] != Access::scalar)
      s << indent << "const " << S(l) << " v" << l << " = mtl_load<" << S(l) << ">(a.ptr[" << l << "] + off" << l << ");\n";
  s << steps_body(k, [&](int l) { return "v" + num(l); }, indent.c_str());
  for (size_t o = 0; o < k.out_steps.size(); ++o) {
    const int op = k.nleaves + static_cast<int>(o);
    s << indent << "mtl_store<" << S(op) << ">(a.ptr[" << op << "] + off" << op << ", s" << k.out_steps[o] << ");\n";
  }
  return s.str();
}

}  // namespace

std::string kernel_key(const FusedKey& k) {
  KernelKey key('f');
  key << k.nleaves << k.ndim << k.vec << static_cast<long long>(k.steps.size());
  for (const FusedStep& st : k.steps) {
    key << st.cast << static_cast<long long>(st.op) << st.loop << static_cast<long long>(st.dtype)
        << static_cast<long long>(st.args.size());
    for (int a : st.args) key << a;
  }
  key << static_cast<long long>(k.out_steps.size());
  for (int o : k.out_steps) key << o;
  for (size_t j = 0; j < k.steps.size(); ++j) key << static_cast<long long>(k.want(j));
  for (size_t o = 0; o < k.dtypes.size(); ++o)
    key << static_cast<long long>(k.dtypes[o]) << static_cast<long long>(k.access[o]);
  if (k.reduce_op)
    key << static_cast<long long>(*k.reduce_op) << static_cast<long long>(k.reduce_acc)
        << static_cast<long long>(k.reduce_out) << k.reduce_root << k.kept_dims << k.red_dims
        << k.thread_per_output;
  return std::move(key.bytes);
}

std::string fused_source(const FusedKey& k) {
  const int nleaves = k.nleaves, nouts = static_cast<int>(k.out_steps.size());
  const int nops = nleaves + nouts;
  const bool reducing = k.reduce_op.has_value();
  const std::string A = reducing ? compute_type(k.reduce_acc) : "";
  Source s;
  s << kPrelude;
  s << "constexpr int kThreads = 256;\n";
  s << "extern \"C\" __global__ void __launch_bounds__(kThreads) mtl_kernel(const FusedArgs a) {\n";
  s << chain_prologue(k);
  s << fp_declare(k);
  if (reducing) {
    s << "  const auto f = " << functor_name(*k.reduce_op) << "{};\n";
    s << block_shared(A);
    s << "  " << A << " acc{}; bool have = false;\n";
  }
  s << "  const long long step = (long long)gridDim.x * blockDim.x;\n";
  s << "  const long long tid = (long long)blockIdx.x * blockDim.x + threadIdx.x;\n";
  auto fold = [&](const char* indent) {
    return reducing ? std::string(indent) + "{ const " + A + " r = convert<" + A + ">(s" + num(k.reduce_root) +
                          "); acc = have ? static_cast<" + A + ">(f(acc, r)) : r; have = true; }\n"
                    : std::string();
  };
  std::string first = "tid";
  if (k.vec > 1) {
    // Every operand contiguous or scalar, pointers aligned: vec elements per access.
    const int V = k.vec;
    s << vector_loop_head(k.dtypes, k.access, nleaves, V);
    s << steps_body(k, [&](int l) {
      return k.access[l] == Access::contiguous ? "in" + num(l) + ".v[q]" : "v" + num(l);
    }, "      ");
    for (int o = 0; o < nouts; ++o) s << "      out" << nleaves + o << ".v[q] = s" << k.out_steps[o] << ";\n";
    s << fold("      ");
    s << vector_loop_tail(k.dtypes, nleaves);
    first = "nv * " + num(V) + " + tid";
  }
  s << "  for (long long i = " << first << "; i < a.n; i += step) {\n";
  s << element_offsets(k.dtypes, k.access, k.ndim);
  s << chain_at_offsets(k, "    ");
  s << fold("    ");
  s << "  }\n";
  s << fp_report(k);
  if (reducing) {
    // One partial per block (every block has elements); the last block to finish folds
    // them. Partials are read through L2 (ld.cg): other blocks wrote them.
    const std::string parts = "a.ptr[" + num(nops) + "]", counter = "a.ptr[" + num(nops + 1) + "]";
    s << block_combine(A);
    s << "  __shared__ bool last;\n";
    s << "  if (threadIdx.x == 0) {\n";
    s << "    mtl_store<" << A << ">(" << parts << " + blockIdx.x * (long long)sizeof(" << A << "), sh[0]);\n";
    s << "    __threadfence();\n";
    s << "    last = atomicAdd(reinterpret_cast<unsigned int*>(" << counter << "), 1u) == gridDim.x - 1;\n";
    s << "  }\n  __syncthreads();\n  if (!last) return;\n  __threadfence();\n";
    s << "  acc = " << A << "{}; have = false;\n";
    s << "  for (unsigned int b = threadIdx.x; b < gridDim.x; b += kThreads) {\n";
    s << "    const " << A << " r = mtl_load_cg<" << A << ">(" << parts << " + b * (long long)sizeof(" << A << "));\n";
    s << "    acc = have ? static_cast<" << A << ">(f(acc, r)) : r; have = true;\n  }\n";
    s << block_combine(A);
    s << "  if (threadIdx.x == 0) {\n";
    s << "    mtl_store<" << storage_type(k.reduce_out) << ">(a.ptr[" << nops + 2 << "], convert<"
      << storage_type(k.reduce_out) << ">(sh[0]));\n";
    s << "    *reinterpret_cast<unsigned int*>(" << counter << ") = 0;\n  }\n";
  }
  s << "}\n";
  return s.str();
}

std::string fused_axis_source(const FusedKey& k) {
  const int nleaves = k.nleaves, nouts = static_cast<int>(k.out_steps.size());
  const int nops = nleaves + nouts, kd = k.kept_dims, rd = k.red_dims;
  const std::string A = compute_type(k.reduce_acc), Out = storage_type(k.reduce_out);
  const bool tpo = k.thread_per_output;
  Source s;
  s << kPrelude;
  s << "constexpr int kThreads = 256;\n";
  s << "extern \"C\" __global__ void __launch_bounds__(kThreads) mtl_kernel(const FusedArgs a) {\n";
  s << chain_prologue(k);
  s << fp_declare(k);
  s << "  const auto f = " << functor_name(*k.reduce_op) << "{};\n";
  if (!tpo) s << block_shared(A);
  if (tpo) {
    s << "  for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < a.n_out * a.parts;"
         " t += (long long)gridDim.x * blockDim.x) {\n";
    s << "    const long long o = t % a.n_out, part = t / a.n_out;\n";
  } else {
    s << "  for (long long job = blockIdx.x; job < a.n_out * a.parts; job += gridDim.x) {\n";
    s << "    const long long o = job / a.parts, part = job % a.parts;\n";
  }
  // Offsets of output o's first element in every operand, then of each reduced element.
  s << "    long long rem = o, kres = 0;\n";
  for (int o = 0; o < nops; ++o)
    if (k.access[o] != Access::scalar) s << "    long long k" << o << " = 0;\n";
  s << "    #pragma unroll\n    for (int d = " << kd - 1 << "; d >= 0; --d) {\n";
  s << "      const long long idx = rem % a.shape[d]; rem /= a.shape[d];\n";
  s << "      kres += idx * a.strides[" << nops << "][d];\n";
  for (int o = 0; o < nops; ++o)
    if (k.access[o] != Access::scalar) s << "      k" << o << " += idx * a.strides[" << o << "][d];\n";
  s << "    }\n";
  s << "    const long long begin = a.n_red * part / a.parts, end = a.n_red * (part + 1) / a.parts;\n";
  s << "    " << A << " acc{}; bool have = false;\n";
  s << (tpo ? "    for (long long r = begin; r < end; ++r) {\n"
            : "    for (long long r = begin + threadIdx.x; r < end; r += kThreads) {\n");
  s << "      long long rr = r;\n";
  for (int o = 0; o < nops; ++o)
    s << "      long long off" << o << " = " << (k.access[o] != Access::scalar ? "k" + num(o) : std::string("0")) << ";\n";
  s << "      #pragma unroll\n      for (int d = " << kd + rd - 1 << "; d >= " << kd << "; --d) {\n";
  s << "        const long long idx = rr % a.shape[d]; rr /= a.shape[d];\n";
  for (int o = 0; o < nops; ++o)
    if (k.access[o] != Access::scalar) s << "        off" << o << " += idx * a.strides[" << o << "][d];\n";
  s << "      }\n";
  s << chain_at_offsets(k, "      ");
  s << "      { const " << A << " v = convert<" << A << ">(s" << num(k.reduce_root) << "); acc = have ? static_cast<" << A
    << ">(f(acc, v)) : v; have = true; }\n";
  s << "    }\n";
  // The output's value, or one partial of it when several parts share the output.
  auto store_result = [&](const std::string& v) {
    return "{ if (a.parts > 1) mtl_store<" + A + ">(a.ptr[" + num(nops + 1) + "] + (o * a.parts + part) * (long long)sizeof(" +
           A + "), " + v + "); else mtl_store<" + Out + ">(a.ptr[" + num(nops) + "] + kres, convert<" + Out + ">(" + v +
           ")); }\n";
  };
  if (tpo) {
    s << "    if (have) " << store_result("acc");
  } else {
    s << block_combine(A);
    s << "    if (threadIdx.x == 0 && have_sh[0]) " << store_result("sh[0]");
    s << "    __syncthreads();\n";
  }
  s << "  }\n";
  s << fp_report(k);
  s << "}\n";
  return s.str();
}

}  // namespace metallic::cuda
