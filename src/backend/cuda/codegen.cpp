#include "backend/cuda/codegen.hpp"

#include <string>

#include "backend/cuda/codegen_common.hpp"
#include "ops/functors_generate.hpp"
#include "ops/functors_random.hpp"
#include "ops/functors_logic.hpp"
#include "ops/functors_math.hpp"

namespace metallic::cuda {
namespace {

// Whether op's functor makes four neighbours at once (block4; see functors_generate.hpp).
template <class F>
constexpr bool kBlock4 = requires(const F& f, long long j, float* o) { f.block4(j, o); } ||
                         requires(const F& f, long long j, double* o) { f.block4(j, o); };

bool generates_in_fours(OpId op) {
  switch (op) {
#define MTL_X(id, name, F, loops) \
  case OpId::id:                  \
    return kBlock4<ops::F>;
    MTL_ELEMENTWISE_OPS(MTL_X)
#undef MTL_X
    default:
      return false;
  }
}

}  // namespace

const char* functor_name(OpId op) {
  switch (op) {
#define MTL_X(id, name, F, loops) \
  case OpId::id:                  \
    return "metallic::ops::" #F;
    MTL_ELEMENTWISE_OPS(MTL_X)
#undef MTL_X
    default:
      return "";
  }
}

const char* storage_type(Dtype d) {
  switch (d) {
    case Dtype::bool_: return "bool";
    case Dtype::int8: return "int8_t";
    case Dtype::int16: return "int16_t";
    case Dtype::int32: return "int32_t";
    case Dtype::int64: return "int64_t";
    case Dtype::uint8: return "uint8_t";
    case Dtype::uint16: return "uint16_t";
    case Dtype::uint32: return "uint32_t";
    case Dtype::uint64: return "uint64_t";
    case Dtype::float16: return "metallic::half";
    case Dtype::float32: return "float";
    case Dtype::float64: return "double";
    case Dtype::complex64: return "metallic::complex<float>";
    case Dtype::complex128: return "metallic::complex<double>";
  }
  return "";
}

// The type arithmetic happens in (float16 in float32).
const char* compute_type(Dtype d) { return storage_type(compute_dtype(d)); }

const char* const kPrelude = R"(
#include "functors_generate.hpp"
#include "functors_random.hpp"
#include "functors_logic.hpp"
#include "functors_math.hpp"
#include "fp_status.hpp"
#include "cast.hpp"
#include "kernel_args.hpp"
using namespace metallic;
using metallic::cuda::ElementwiseArgs;
using metallic::cuda::ReduceArgs;
using metallic::cuda::LineArgs;
using metallic::cuda::FusedArgs;
using metallic::cuda::TakeArgs;
template <class F> __device__ F mtl_make(const Params& p) {
  if constexpr (requires { F(p); }) return F(p); else return F{};
}
template <class S> __device__ S mtl_load(const char* p) { return *reinterpret_cast<const S*>(p); }
// A thread's floating-point conditions into its launch's slot: or-ed over the warp, set in
// device memory, and each condition the slot did not have yet marked in its host byte
// (plain byte stores: no two writers of one byte write different values).
__device__ void mtl_fp_report(unsigned* dev, unsigned char* host, unsigned fl) {
  const unsigned mask = __activemask();
#if __CUDA_ARCH__ >= 800
  fl = __reduce_or_sync(mask, fl);
#else
  for (int d = 16; d > 0; d /= 2) fl |= __shfl_xor_sync(mask, fl, d);
#endif
  if (fl == 0 || (threadIdx.x & 31) != __ffs(mask) - 1) return;
  if ((*reinterpret_cast<volatile unsigned*>(dev) & fl) == fl) return;
  const unsigned fresh = fl & ~atomicOr(dev, fl);
  for (int c = 0; c < 4; ++c)
    if (fresh >> c & 1u) reinterpret_cast<volatile unsigned char*>(host)[c] = 1;
}
template <class S> __device__ void mtl_store(char* p, S v) { *reinterpret_cast<S*>(p) = v; }
// A load that bypasses L1 (data other blocks of the same launch wrote).
template <class S> __device__ S mtl_load_cg(const char* p) {
  S v;
  if constexpr (sizeof(S) % 8 == 0) {
    for (int i = 0; i < (int)(sizeof(S) / 8); ++i)
      reinterpret_cast<unsigned long long*>(&v)[i] = __ldcg(reinterpret_cast<const unsigned long long*>(p) + i);
  } else if constexpr (sizeof(S) == 4) {
    *reinterpret_cast<unsigned int*>(&v) = __ldcg(reinterpret_cast<const unsigned int*>(p));
  } else if constexpr (sizeof(S) == 2) {
    *reinterpret_cast<unsigned short*>(&v) = __ldcg(reinterpret_cast<const unsigned short*>(p));
  } else {
    *reinterpret_cast<unsigned char*>(&v) = __ldcg(reinterpret_cast<const unsigned char*>(p));
  }
  return v;
}
)";

namespace {

// The statements computing element i of an elementwise kernel, given how to read input j
// (load(j)) and how to store output j's value v (store(j, v)).
template <class Load, class Store>
std::string element_body(const ElementwiseKey& k, Load load, Store store) {
  Source s;
  const std::string want = std::to_string(k.fp_want) + "u";
  if (k.loop < 0) {  // a cast
    const std::string To = storage_type(k.dtypes[1]);
    s << "      { const auto c0 = " << load(0) << "; const " << To << " c1 = convert<" << To << ">(c0);\n";
    if (k.fp_want) s << "        fl |= metallic::ops::fp_cast_status<" << To << ">(" << want << ", c0, c1);\n";
    s << "  " << store(1, "c1") << "      }\n";
    return s.str();
  }
  const Loop& loop = op_info(k.op).loops[k.loop];
  for (int j = 0; j < loop.nin; ++j)
    s << "      const " << compute_type(loop.in[j]) << " x" << j << " = convert<" << compute_type(loop.in[j])
      << ">(" << load(j) << ");\n";
  std::string args;
  for (int j = 0; j < loop.nin; ++j) args += (j ? ", x" : "x") + std::to_string(j);
  if (op_info(k.op).positional) args = loop.nin ? "i, " + args : "i";
  if (loop.nout == 1) {
    const std::string R = compute_type(loop.out[0]);
    s << "      const " << R << " r0 = static_cast<" << R << ">(f(" << args << "));\n";
    if (k.fp_want && loop.nin > 0)  // judged as stored (a float16 result rounded)
      s << "      fl |= metallic::ops::fp_status<" << functor_name(k.op) << ">(" << want << ", convert<" << R
        << ">(convert<" << storage_type(k.dtypes[loop.nin]) << ">(r0)), " << args << ");\n";
  } else {
    for (int j = 0; j < loop.nout; ++j) s << "      " << compute_type(loop.out[j]) << " r" << j << ";\n";
    s << "      f(" << args << ", r0, r1);\n";
    if (k.fp_want) s << "      fl |= metallic::ops::fp_status2(" << want << ", f, " << args << ", r0, r1);\n";
  }
  for (int j = 0; j < loop.nout; ++j)
    s << store(loop.nin + j, "convert<" + std::string(storage_type(k.dtypes[loop.nin + j])) + ">(r" +
                                 std::to_string(j) + ")");
  return s.str();
}

// A contiguous line read in aligned 16-byte vectors of V elements of type (isz bytes
// each) from line (an expression for its first element's address), when stride (its step
// in bytes, an expression) is isz. Emits the opening of that `if` and leaves it open:
// single elements up to the first 16-byte boundary (head(i): the code for element i),
// vectors four at a time (quad(v, i): for value v of element i, in candidate u), then one
// at a time (one(v, i)). The first element after the vectors is vb + nv * V.
template <class Head, class Quad, class One>
std::string vector_line(const std::string& type, const std::string& line, const std::string& stride,
                        long long isz, long long V, Head head, Quad quad, One one) {
  Source s;
  s << "    const unsigned long long addr = (unsigned long long)(" << line << " + begin * " << isz << ");\n";
  s << "    if (" << stride << " == " << isz << " && addr % " << isz << " == 0) {\n";
  s << "      struct alignas(16) Vec { " << type << " v[" << V << "]; };\n";
  s << "      const long long head = min(end - begin, (long long)((16 - addr % 16) % 16) / " << isz << ");\n";
  s << "      if (threadIdx.x < head) " << head("begin + threadIdx.x") << "\n";
  s << "      const long long vb = begin + head, nv = (end - vb) / " << V << ";\n";
  s << "      const Vec* vp = reinterpret_cast<const Vec*>(" << line << " + vb * " << isz << ");\n";
  s << "      long long j = threadIdx.x;\n";
  s << "      for (; j + 3 * kThreads < nv; j += 4 * kThreads) {\n";
  s << "        Vec w[4];\n";
  s << "        #pragma unroll\n        for (int u = 0; u < 4; ++u) w[u] = vp[j + u * kThreads];\n";
  s << "        #pragma unroll\n        for (int u = 0; u < 4; ++u)\n";
  s << "          #pragma unroll\n          for (int l = 0; l < " << V << "; ++l) {\n";
  s << "            " << quad("w[u].v[l]", "vb + (j + u * kThreads) * " + std::to_string(V) + " + l") << "\n";
  s << "          }\n      }\n";
  s << "      for (; j < nv; j += kThreads) {\n        const Vec w = vp[j];\n";
  s << "        #pragma unroll\n        for (int l = 0; l < " << V << "; ++l) "
    << one("w.v[l]", "vb + j * " + std::to_string(V) + " + l") << "\n";
  s << "      }\n";
  return s.str();
}

}  // namespace

std::string kernel_key(const ElementwiseKey& k) {
  KernelKey key('e');
  key << static_cast<long long>(k.op) << k.loop << k.ndim << k.vec << static_cast<long long>(k.dtypes.size())
      << static_cast<long long>(k.fp_want);
  for (size_t o = 0; o < k.dtypes.size(); ++o)
    key << static_cast<long long>(k.dtypes[o]) << static_cast<long long>(k.access[o]);
  return std::move(key.bytes);
}

std::string elementwise_source(const ElementwiseKey& k) {
  const int nin = k.loop < 0 ? 1 : op_info(k.op).loops[k.loop].nin;
  bool any_strided = false;
  for (auto a : k.access) any_strided |= a == Access::strided;
  auto S = [&](int o) { return std::string(storage_type(k.dtypes[o])); };
  // Scalar-style access: element i of operand o at a.ptr[o] + off<o>.
  auto load = [&](int o) { return "mtl_load<" + S(o) + ">(a.ptr[" + std::to_string(o) + "] + off" + std::to_string(o) + ")"; };
  auto store = [&](int o, const std::string& v) {
    return "      mtl_store<" + S(o) + ">(a.ptr[" + std::to_string(o) + "] + off" + std::to_string(o) + ", " + v + ");\n";
  };

  Source s;
  s << kPrelude;
  s << "extern \"C\" __global__ void mtl_kernel(const ElementwiseArgs a) {\n";
  if (k.loop >= 0) s << "  const auto f = mtl_make<" << functor_name(k.op) << ">(a.p);\n";
  s << "  const long long step = (long long)gridDim.x * blockDim.x;\n";
  s << "  const long long tid = (long long)blockIdx.x * blockDim.x + threadIdx.x;\n";
  s << "  unsigned fl = 0;\n";
  long long first = 0;  // where the scalar loop starts (after the vector loop)
  if (k.vec == 4 && nin == 0 && k.loop >= 0 && k.dtypes.size() == 1 && generates_in_fours(k.op) &&
      k.dtypes[0] == op_info(k.op).loops[k.loop].out[0]) {
    // A generator that makes four neighbours at once: one aligned 4-element store each.
    const std::string T = S(0);
    s << "  struct alignas(sizeof(" << T << ") * 4) B { " << T << " v[4]; };\n";
    s << "  for (long long j = tid; j < a.n / 4; j += step) {\n";
    s << "    B b;\n    f.block4(j, b.v);\n    reinterpret_cast<B*>(a.ptr[0])[j] = b;\n  }\n";
    first = 1;
  } else if (k.vec > 1 && !any_strided) {
    // Contiguous operands move k.vec elements per aligned vector access (16 bytes for
    // float32); the launch checked the pointers' alignment.
    s << vector_loop_head(k.dtypes, k.access, nin, k.vec);
    auto vload = [&](int o) {
      return k.access[o] == Access::contiguous ? "in" + std::to_string(o) + ".v[q]"
                                               : "mtl_load<" + S(o) + ">(a.ptr[" + std::to_string(o) + "])";
    };
    auto vstore = [&](int o, const std::string& v) { return "      out" + std::to_string(o) + ".v[q] = " + v + ";\n"; };
    s << element_body(k, vload, vstore);
    s << vector_loop_tail(k.dtypes, nin);
    first = 1;
  }
  s << "  for (long long i = " << (first ? "(a.n / " + std::to_string(k.vec) + ") * " + std::to_string(k.vec) + " + tid" : std::string("tid"))
    << "; i < a.n; i += step) {\n";
  s << element_offsets(k.dtypes, k.access, k.ndim);
  s << element_body(k, load, store);
  s << "  }\n";
  if (k.fp_want) s << "  mtl_fp_report(a.fp_dev, a.fp_host, fl);\n";
  s << "}\n";
  return s.str();
}

std::string element_offsets(const std::vector<Dtype>& dtypes, const std::vector<Access>& access, int ndim) {
  Source s;
  const int nops = static_cast<int>(dtypes.size());
  bool any_strided = false;
  for (auto a : access) any_strided |= a == Access::strided;
  if (any_strided) {
    s << "    long long rem = i;\n";
    for (int o = 0; o < nops; ++o)
      if (access[o] == Access::strided) s << "    long long off" << o << " = 0;\n";
    s << "    #pragma unroll\n    for (int d = " << ndim - 1 << "; d >= 0; --d) {\n";
    s << "      const long long idx = rem % a.shape[d]; rem /= a.shape[d];\n";
    for (int o = 0; o < nops; ++o)
      if (access[o] == Access::strided) s << "      off" << o << " += idx * a.strides[" << o << "][d];\n";
    s << "    }\n";
  }
  for (int o = 0; o < nops; ++o) {
    if (access[o] == Access::contiguous)
      s << "    const long long off" << o << " = i * (long long)sizeof(" << storage_type(dtypes[o]) << ");\n";
    else if (access[o] == Access::scalar)
      s << "    const long long off" << o << " = 0;\n";
  }
  return s.str();
}

std::string vector_loop_head(const std::vector<Dtype>& dtypes, const std::vector<Access>& access, int nin, int V) {
  Source s;
  for (size_t o = 0; o < dtypes.size(); ++o)
    if (access[o] == Access::contiguous)
      s << "  struct alignas(sizeof(" << storage_type(dtypes[o]) << ") * " << V << ") V" << static_cast<long long>(o)
        << " { " << storage_type(dtypes[o]) << " v[" << V << "]; };\n";
  s << "  const long long nv = a.n / " << V << ";\n";
  s << "  for (long long j = tid; j < nv; j += step) {\n";
  for (int o = 0; o < static_cast<int>(dtypes.size()); ++o) {
    if (access[o] != Access::contiguous) continue;
    if (o < nin)
      s << "    const V" << o << " in" << o << " = reinterpret_cast<const V" << o << "*>(a.ptr[" << o << "])[j];\n";
    else
      s << "    V" << o << " out" << o << ";\n";
  }
  s << "    #pragma unroll\n    for (int q = 0; q < " << V << "; ++q) {\n";
  s << "      const long long i = j * " << V << " + q;\n      (void)i;\n";
  return s.str();
}

std::string vector_loop_tail(const std::vector<Dtype>& dtypes, int nin) {
  Source s;
  s << "    }\n";
  for (int o = nin; o < static_cast<int>(dtypes.size()); ++o)
    s << "    reinterpret_cast<V" << o << "*>(a.ptr[" << o << "])[j] = out" << o << ";\n";
  s << "  }\n";
  return s.str();
}

std::string block_shared(const std::string& A) {
  Source s;
  s << "  __shared__ alignas(16) unsigned char raw[kThreads * sizeof(" << A << ")];\n";
  s << "  __shared__ bool have_sh[kThreads];\n";
  s << "  " << A << "* sh = reinterpret_cast<" << A << "*>(raw);\n";
  return s.str();
}

std::string block_combine(const std::string& A) {
  Source s;
  s << "    sh[threadIdx.x] = acc; have_sh[threadIdx.x] = have;\n    __syncthreads();\n";
  s << "    for (int w = kThreads / 2; w > 0; w /= 2) {\n";
  s << "      if (threadIdx.x < w && have_sh[threadIdx.x + w]) {\n";
  s << "        sh[threadIdx.x] = have_sh[threadIdx.x] ? static_cast<" << A
    << ">(f(sh[threadIdx.x], sh[threadIdx.x + w])) : sh[threadIdx.x + w];\n";
  s << "        have_sh[threadIdx.x] = true;\n      }\n      __syncthreads();\n    }\n";
  return s.str();
}

std::string reduce_source(OpId op, Dtype in, Dtype acc, Dtype out, int kept_dims, int red_dims) {
  const std::string A = compute_type(acc);
  Source s;
  s << kPrelude;
  s << "constexpr int kThreads = 256;\n";
  s << "extern \"C\" __global__ void __launch_bounds__(kThreads) mtl_kernel(const ReduceArgs a) {\n";
  s << "  const auto f = " << functor_name(op) << "{};\n";
  s << block_shared(A);
  s << "  for (long long job = blockIdx.x; job < a.n_out * a.parts; job += gridDim.x) {\n";
  s << "    const long long o = job / a.parts, part = job % a.parts;\n";
  s << "    long long rem = o, in_off = 0, out_off = 0;\n";
  s << "    for (int d = " << kept_dims - 1 << "; d >= 0; --d) {\n";
  s << "      const long long idx = rem % a.kshape[d]; rem /= a.kshape[d];\n";
  s << "      in_off += idx * a.kin[d]; out_off += idx * a.kout[d];\n    }\n";
  s << "    const long long begin = a.n_red * part / a.parts, end = a.n_red * (part + 1) / a.parts;\n";
  const std::string load_at = "convert<" + A + ">(mtl_load<" + storage_type(in) + ">(a.in + ";
  s << "    " << A << " acc{}; bool have = false;\n";
  if (red_dims == 1) {
    // Four independent accumulators per thread: four loads in flight, no index arithmetic.
    s << "    " << A << " accs[4]{}; bool haves[4] = {false, false, false, false};\n";
    s << "    auto fold = [&](int u, " << A << " v) { accs[u] = haves[u] ? static_cast<" << A
      << ">(f(accs[u], v)) : v; haves[u] = true; };\n";
    const std::string In = storage_type(in);
    const long long isz = static_cast<long long>(itemsize(in));
    const long long V = 16 / isz;
    if (V > 1 && 16 % isz == 0) {
      // A contiguous line is read in aligned 16-byte vectors, after a head of single
      // elements up to the first 16-byte boundary.
      s << vector_line(
          In, "a.in + in_off", "a.rin[0]", isz, V,
          [&](const std::string& i) {
            return "fold(1, " + load_at + "in_off + (" + i + ") * " + std::to_string(isz) + ")));";
          },
          [&](const std::string& v, const std::string&) { return "fold(u, convert<" + A + ">(" + v + "));"; },
          [&](const std::string& v, const std::string&) { return "fold(0, convert<" + A + ">(" + v + "));"; });
      s << "      for (long long r = vb + nv * " << V << " + threadIdx.x; r < end; r += kThreads) fold(2, " << load_at
        << "in_off + r * " << isz << ")));\n";
      s << "    } else {\n";
    } else {
      s << "    {\n";
    }
    s << "    long long r = begin + threadIdx.x;\n";
    s << "    for (; r + 3 * kThreads < end; r += 4 * kThreads) {\n";
    s << "      " << A << " v[4];\n";
    s << "      #pragma unroll\n      for (int u = 0; u < 4; ++u) v[u] = " << load_at
      << "in_off + (r + u * kThreads) * a.rin[0]));\n";
    s << "      #pragma unroll\n      for (int u = 0; u < 4; ++u) fold(u, v[u]);\n    }\n";
    s << "    for (; r < end; r += kThreads) fold(0, " << load_at << "in_off + r * a.rin[0])));\n";
    s << "    }\n";
    s << "    for (int u = 0; u < 4; ++u)\n";
    s << "      if (haves[u]) { acc = have ? static_cast<" << A << ">(f(acc, accs[u])) : accs[u]; have = true; }\n";
  } else {
    s << "    for (long long r = begin + threadIdx.x; r < end; r += kThreads) {\n";
    s << "      long long rr = r, off = in_off;\n";
    s << "      for (int d = " << red_dims - 1 << "; d >= 0; --d) {\n";
    s << "        const long long idx = rr % a.rshape[d]; rr /= a.rshape[d]; off += idx * a.rin[d];\n      }\n";
    s << "      const " << A << " v = " << load_at << "off));\n";
    s << "      acc = have ? static_cast<" << A << ">(f(acc, v)) : v; have = true;\n    }\n";
  }
  s << block_combine(A);
  s << "    if (threadIdx.x == 0 && have_sh[0]) {\n";
  s << "      " << A << " r = sh[0];\n";
  s << "      if (a.parts > 1) {\n";
  s << "        mtl_store<" << A << ">(a.out + (o * a.parts + part) * (long long)sizeof(" << A << "), r);\n";
  s << "      } else {\n";
  s << "        if (a.has_initial) r = static_cast<" << A << ">(f(convert<" << A << ">(mtl_load<"
    << storage_type(out) << ">(a.out + out_off)), r));\n";
  s << "        mtl_store<" << storage_type(out) << ">(a.out + out_off, convert<" << storage_type(out) << ">(r));\n";
  s << "      }\n    }\n    __syncthreads();\n  }\n}\n";
  return s.str();
}

std::string line_start(int other_dims) {
  Source s;
  s << "    long long rem = t, ip = 0, op = 0;\n";
  s << "    for (int d = " << other_dims - 1 << "; d >= 0; --d) {\n";
  s << "      const long long idx = rem % a.oshape[d]; rem /= a.oshape[d];\n";
  s << "      ip += idx * a.oin[d]; op += idx * a.oout[d];\n    }\n";
  return s.str();
}


std::string arg_reduce_source(Dtype in, bool is_max, int other_dims, ArgMode mode) {
  const std::string C = compute_type(in), In = storage_type(in);
  // Whether (v, i) beats the best so far (bv, bi; bi < 0: none): NaN first, then the
  // larger (smaller) value, ties to the smaller index.
  const std::string better =
      "  auto better = [](" + C + " v, long long i, " + C + " bv, long long bi) {\n"
      "    if (bi < 0) return true;\n"
      "    const bool vn = metallic::ops::IsNan{}(v), bn = metallic::ops::IsNan{}(bv);\n"
      "    if (bn) return vn && i < bi;\n"
      "    if (vn) return true;\n"
      "    return v " + std::string(is_max ? ">" : "<") + " bv || (v == bv && i < bi);\n  };\n";
  Source s;
  s << kPrelude;
  if (mode == ArgMode::thread) {
    s << "extern \"C\" __global__ void mtl_kernel(const LineArgs a) {\n";
    s << "  for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < a.n_lines;"
         " t += (long long)gridDim.x * blockDim.x) {\n";
    s << line_start(other_dims);
    s << "    long long best = 0;\n";
    s << "    " << C << " bv = convert<" << C << ">(mtl_load<" << In << ">(a.in + ip));\n";
    s << "    if (!metallic::ops::IsNan{}(bv)) {\n";
    s << "      for (long long i = 1; i < a.len; ++i) {\n";
    s << "        const " << C << " v = convert<" << C << ">(mtl_load<" << In << ">(a.in + ip + i * a.in_stride));\n";
    s << "        if (metallic::ops::IsNan{}(v)) { best = i; break; }\n";
    s << "        if (v " << (is_max ? ">" : "<") << " bv) { bv = v; best = i; }\n";
    s << "      }\n    }\n";
    s << "    mtl_store<long long>(a.out + op, best);\n  }\n}\n";
    return s.str();
  }
  // A block's threads' candidates (bv, bi) to thread 0's sv[0], si[0], by a tree in
  // shared memory.
  const std::string block_best =
      "    sv[threadIdx.x] = bv; si[threadIdx.x] = bi;\n    __syncthreads();\n"
      "    for (int w = kThreads / 2; w > 0; w /= 2) {\n"
      "      if (threadIdx.x < w && si[threadIdx.x + w] >= 0 &&\n"
      "          better(sv[threadIdx.x + w], si[threadIdx.x + w], sv[threadIdx.x], si[threadIdx.x])) {\n"
      "        sv[threadIdx.x] = sv[threadIdx.x + w]; si[threadIdx.x] = si[threadIdx.x + w];\n      }\n"
      "      __syncthreads();\n    }\n";
  s << "constexpr int kThreads = 256;\n";
  s << "extern \"C\" __global__ void __launch_bounds__(kThreads) mtl_kernel(const LineArgs a) {\n";
  s << better;
  s << "  __shared__ alignas(16) unsigned char raw[kThreads * sizeof(" << C << ")];\n";
  s << "  __shared__ long long si[kThreads];\n";
  s << "  " << C << "* sv = reinterpret_cast<" << C << "*>(raw);\n";
  if (mode == ArgMode::combine) {  // a block per line over its parts' candidates
    s << "  for (long long t = blockIdx.x; t < a.n_lines; t += gridDim.x) {\n";
    s << line_start(other_dims);
    s << "    " << C << " bv{}; long long bi = -1;\n";
    s << "    for (long long j = t * a.parts + threadIdx.x; j < (t + 1) * a.parts; j += kThreads) {\n";
    s << "      const long long i = mtl_load<long long>(a.part_idx + j * 8);\n";
    s << "      const " << C << " v = mtl_load<" << C << ">(a.part_val + j * (long long)sizeof(" << C << "));\n";
    s << "      if (i >= 0 && better(v, i, bv, bi)) { bv = v; bi = i; }\n    }\n";
    s << block_best;
    s << "    if (threadIdx.x == 0) mtl_store<long long>(a.out + op, si[0]);\n";
    s << "    __syncthreads();\n  }\n}\n";
    return s.str();
  }
  s << "  for (long long job = blockIdx.x; job < a.n_lines * a.parts; job += gridDim.x) {\n";
  s << "    const long long t = job / a.parts, part = job % a.parts;\n";
  s << line_start(other_dims);
  s << "    const long long begin = a.len * part / a.parts, end = a.len * (part + 1) / a.parts;\n";
  // Four candidates per thread: four loads in flight. Each candidate sees its elements in
  // increasing index order, so in the loops a later element wins only by being strictly
  // better (or the first NaN): no index comparison, and the index is only computed when
  // the candidate changes.
  const std::string load = "convert<" + C + ">(mtl_load<" + In + ">(a.in + ip + (i + u * kThreads) * a.in_stride))";
  const std::string beats = std::string("(bis[u] < 0 || v ") + (is_max ? ">" : "<") +
                            " bvs[u] || (metallic::ops::IsNan{}(v) && !metallic::ops::IsNan{}(bvs[u])))";
  s << "    " << C << " bvs[4]{}; long long bis[4] = {-1, -1, -1, -1};\n";
  s << "    auto take = [&](int u, " << C << " v, long long i) {\n";
  s << "      if (better(v, i, bvs[u], bis[u])) { bvs[u] = v; bis[u] = i; }\n    };\n";
  s << "    long long i = begin + threadIdx.x;\n";
  const long long isz = static_cast<long long>(itemsize(in)), V = 16 / isz;
  if (V > 1 && 16 % isz == 0 && In == C) {
    // A contiguous line in aligned 16-byte vectors, after a head of single elements up to
    // the first 16-byte boundary; the rest after the vectors goes to the loop below.
    s << vector_line(
        In, "a.in + ip", "a.in_stride", isz, V,
        [&](const std::string& i) {
          return "take(0, mtl_load<" + In + ">(a.in + ip + (" + i + ") * " + std::to_string(isz) + "), " + i + ");";
        },
        [&](const std::string& v, const std::string& i) {
          return "{ const " + C + " v = " + v + "; if " + beats + " { bvs[u] = v; bis[u] = " + i + "; } }";
        },
        [&](const std::string& v, const std::string& i) { return "take(1, " + v + ", " + i + ");"; });
    s << "      i = vb + nv * " << V << " + threadIdx.x;\n    }\n";
  }
  s << "    for (; i + 3 * kThreads < end; i += 4 * kThreads) {\n";
  s << "      " << C << " vs[4];\n";
  s << "      #pragma unroll\n      for (int u = 0; u < 4; ++u) vs[u] = " << load << ";\n";
  s << "      #pragma unroll\n      for (int u = 0; u < 4; ++u) {\n";
  s << "        const " << C << " v = vs[u];\n";
  s << "        if " << beats << " { bvs[u] = v; bis[u] = i + u * kThreads; }\n      }\n";
  s << "    }\n";
  s << "    for (; i < end; i += kThreads) {\n      const int u = 0;\n";
  s << "      take(2, " << load << ", i);\n    }\n";
  s << "    " << C << " bv = bvs[0]; long long bi = bis[0];\n";
  s << "    for (int u = 1; u < 4; ++u)\n";
  s << "      if (bis[u] >= 0 && better(bvs[u], bis[u], bv, bi)) { bv = bvs[u]; bi = bis[u]; }\n";
  s << block_best;
  s << "    if (threadIdx.x == 0) {\n";
  s << "      if (a.parts == 1) {\n        mtl_store<long long>(a.out + op, si[0]);\n      } else {\n";
  s << "        mtl_store<" << C << ">(a.part_val + job * (long long)sizeof(" << C << "), sv[0]);\n";
  s << "        mtl_store<long long>(a.part_idx + job * 8, si[0]);\n      }\n    }\n";
  s << "    __syncthreads();\n  }\n}\n";
  return s.str();
}

namespace {

// A gather (out[e] = src[row of index k]) or the reverse scatter, element e of the (P, K, Q)
// side decomposed as (p, k, q); elements moved as unsigned words of itemsize bytes.
std::string move_rows_source(size_t itemsize, bool scatter) {
  const char* e = itemsize == 1 ? "unsigned char" : itemsize == 2 ? "unsigned short" : itemsize == 4 ? "unsigned int"
                  : itemsize == 8 ? "unsigned long long" : "ulonglong2";
  Source s;
  s << kPrelude;
  s << "typedef " << e << " E;\n";
  s << "extern \"C\" __global__ void mtl_kernel(TakeArgs a) {\n";
  s << "  const long long total = a.P * a.K * a.Q;\n";
  s << "  const E* src = reinterpret_cast<const E*>(a.src);\n";
  s << "  E* out = reinterpret_cast<E*>(a.out);\n";
  s << "  for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < total;\n";
  s << "       e += (long long)gridDim.x * blockDim.x) {\n";
  s << "    const long long q = e % a.Q, t = e / a.Q, k = t % a.K, p = t / a.K;\n";
  s << "    const long long row = (p * a.N + a.index[k]) * a.Q + q;\n";
  s << (scatter ? "    out[row] = src[e];\n" : "    out[e] = src[row];\n");
  s << "  }\n}\n";
  return s.str();
}

}  // namespace

std::string take_source(size_t itemsize) { return move_rows_source(itemsize, false); }
std::string scatter_source(size_t itemsize) { return move_rows_source(itemsize, true); }

}  // namespace metallic::cuda

namespace metallic::cuda {

// Generated at build time from src/ops and this folder (see CMakeLists.txt).
const std::vector<std::pair<std::string, std::string>>& embedded_headers();

const std::vector<std::pair<std::string, std::string>>& kernel_headers() {
  static const std::vector<std::pair<std::string, std::string>> headers = [] {
    auto h = embedded_headers();
    // The shared headers include standard headers NVRTC lacks: serve our shim instead.
    for (const char* name : {"cmath", "cstdint", "cstring", "limits", "type_traits"})
      h.emplace_back(name, "#pragma once\n#include \"nvrtc_std.hpp\"\n");
    return h;
  }();
  return headers;
}

}  // namespace metallic::cuda
