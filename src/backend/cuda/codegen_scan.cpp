// CUDA source for inclusive scans (cumsum, cumprod). Many lines: one thread per line.
// Few long lines: each line is cut into chunks, one block per chunk, in three kernels:
// the chunks' totals (a block reduction), the totals turned into each chunk's offset
// (one thread per line), and the chunks scanned tile by tile from their offsets (each
// tile through shared memory, so loads and stores stay coalesced). Stream compaction
// (nonzero) is a scan of the mask's counts, in the same three steps.
#include <string>

#include "backend/cuda/codegen.hpp"
#include "backend/cuda/codegen_common.hpp"

namespace metallic::cuda {

std::string scan_source(OpId op, Dtype in, Dtype acc, Dtype out, int other_dims, ScanMode mode) {
  const std::string A = compute_type(acc), In = storage_type(in), Out = storage_type(out);
  auto load = [&](const std::string& i) {
    return "convert<" + A + ">(mtl_load<" + In + ">(a.in + ip + (" + i + ") * a.in_stride))";
  };
  const std::string part_at = "a.part_val + job * (long long)sizeof(" + A + ")";
  Source s;
  s << kPrelude;
  s << "constexpr int kThreads = 256, kItems = 8, kTile = kThreads * kItems;\n";
  s << "extern \"C\" __global__ void __launch_bounds__(kThreads) mtl_kernel(const LineArgs a) {\n";
  s << "  const auto f = " << functor_name(op) << "{};\n";
  if (mode == ScanMode::line || mode == ScanMode::offsets) {
    s << "  for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < a.n_lines;"
         " t += (long long)gridDim.x * blockDim.x) {\n";
    if (mode == ScanMode::offsets) {  // chunk totals -> chunk offsets, in place
      s << "    char* v = a.part_val + t * a.parts * (long long)sizeof(" << A << ");\n";
      s << "    " << A << " carry = mtl_load<" << A << ">(v);\n";
      s << "    for (long long p = 1; p < a.parts; ++p) {\n";
      s << "      const " << A << " total = mtl_load<" << A << ">(v + p * (long long)sizeof(" << A << "));\n";
      s << "      mtl_store<" << A << ">(v + p * (long long)sizeof(" << A << "), carry);\n";
      s << "      carry = static_cast<" << A << ">(f(carry, total));\n    }\n  }\n}\n";
      return s.str();
    }
    s << line_start(other_dims);
    // A float16 running total rounds at every step, as NumPy's (the host keeps such scans
    // in this sequential form).
    const std::string step = acc == Dtype::float16
                                 ? "convert<" + A + ">(convert<metallic::half>(static_cast<" + A + ">(f(acc, " + load("i") + "))))"
                                 : "static_cast<" + A + ">(f(acc, " + load("i") + "))";
    s << "    " << A << " acc = " << load("0") << ";\n";
    s << "    mtl_store<" << Out << ">(a.out + op, convert<" << Out << ">(acc));\n";
    s << "    for (long long i = 1; i < a.len; ++i) {\n";
    s << "      acc = " << step << ";\n";
    s << "      mtl_store<" << Out << ">(a.out + op + i * a.out_stride, convert<" << Out << ">(acc));\n    }\n  }\n}\n";
    return s.str();
  }
  // One block per chunk (job): chunks of a line are [len * part / parts, ...).
  if (mode == ScanMode::totals) s << block_shared(A);
  s << "  for (long long job = blockIdx.x; job < a.n_lines * a.parts; job += gridDim.x) {\n";
  s << "    const long long t = job / a.parts, part = job % a.parts;\n";
  s << line_start(other_dims);
  s << "    const long long begin = a.len * part / a.parts, end = a.len * (part + 1) / a.parts;\n";
  if (mode == ScanMode::totals) {
    s << "    " << A << " acc{}; bool have = false;\n";
    s << "    for (long long i = begin + threadIdx.x; i < end; i += kThreads) {\n";
    s << "      const " << A << " v = " << load("i") << ";\n";
    s << "      acc = have ? static_cast<" << A << ">(f(acc, v)) : v; have = true;\n    }\n";
    s << block_combine(A);
    s << "    if (threadIdx.x == 0) mtl_store<" << A << ">(" << part_at << ", sh[0]);\n";
    s << "    __syncthreads();\n  }\n}\n";
    return s.str();
  }
  // ScanMode::tiles. tile: the elements; tot/hv: each thread's running total.
  s << "    __shared__ alignas(16) unsigned char tile_raw[kTile * sizeof(" << A << ")];\n";
  s << "    __shared__ alignas(16) unsigned char tot_raw[kThreads * sizeof(" << A << ")];\n";
  s << "    __shared__ bool hv[kThreads];\n";
  s << "    " << A << "* tile = reinterpret_cast<" << A << "*>(tile_raw);\n";
  s << "    " << A << "* tot = reinterpret_cast<" << A << "*>(tot_raw);\n";
  s << "    bool have_carry = part > 0;\n";
  s << "    " << A << " carry = have_carry ? mtl_load<" << A << ">(" << part_at << ") : " << A << "{};\n";
  s << "    for (long long tb = begin; tb < end; tb += kTile) {\n";
  s << "      const int n = (int)min((long long)kTile, end - tb);\n";
  s << "      for (int k = threadIdx.x; k < n; k += kThreads) tile[k] = " << load("tb + k") << ";\n";
  s << "      __syncthreads();\n";
  // Each thread scans its kItems consecutive elements in place.
  s << "      " << A << " run{}; bool h = false;\n";
  s << "      for (int q = 0; q < kItems; ++q) {\n";
  s << "        const int k = threadIdx.x * kItems + q;\n";
  s << "        if (k < n) { run = h ? static_cast<" << A << ">(f(run, tile[k])) : tile[k]; h = true; tile[k] = run; }\n";
  s << "      }\n";
  s << "      tot[threadIdx.x] = run; hv[threadIdx.x] = h;\n      __syncthreads();\n";
  // Inclusive scan of the threads' totals (Hillis-Steele).
  s << "      for (int w = 1; w < kThreads; w *= 2) {\n";
  s << "        " << A << " x{}; bool hx = false;\n";
  s << "        if (threadIdx.x >= w) { x = tot[threadIdx.x - w]; hx = hv[threadIdx.x - w]; }\n";
  s << "        __syncthreads();\n";
  s << "        if (hx) { tot[threadIdx.x] = hv[threadIdx.x] ? static_cast<" << A
    << ">(f(x, tot[threadIdx.x])) : x; hv[threadIdx.x] = true; }\n";
  s << "        __syncthreads();\n      }\n";
  // What comes before this thread's elements: the carry, then the threads before it.
  s << "      " << A << " pre = carry; bool hp = have_carry;\n";
  s << "      if (threadIdx.x > 0 && hv[threadIdx.x - 1]) {\n";
  s << "        pre = hp ? static_cast<" << A << ">(f(pre, tot[threadIdx.x - 1])) : tot[threadIdx.x - 1]; hp = true;\n      }\n";
  s << "      if (hp)\n        for (int q = 0; q < kItems; ++q) {\n";
  s << "          const int k = threadIdx.x * kItems + q;\n";
  s << "          if (k < n) tile[k] = static_cast<" << A << ">(f(pre, tile[k]));\n        }\n";
  s << "      __syncthreads();\n";
  s << "      for (int k = threadIdx.x; k < n; k += kThreads)\n";
  s << "        mtl_store<" << Out << ">(a.out + op + (tb + k) * a.out_stride, convert<" << Out << ">(tile[k]));\n";
  s << "      carry = tile[n - 1]; have_carry = true;\n";
  s << "      __syncthreads();\n    }\n  }\n}\n";
  return s.str();
}

namespace {

// The nonzero kernels' common part: a thread's 16 mask bytes as 16 bits (16-byte loads
// where the mask is aligned, bytes at its ragged end), and an exclusive scan over a
// block's threads of one value each (warp shuffles, then the warps' totals), which also
// gives the block's total.
const char* const kNonzeroPrelude = R"(
#include "kernel_args.hpp"
using metallic::cuda::NonzeroArgs;
using metallic::cuda::kNonzeroThreads;
using metallic::cuda::kNonzeroBytes;
using metallic::cuda::kNonzeroTile;
using metallic::cuda::kNonzeroScanThreads;

__device__ unsigned mask_bits(const NonzeroArgs& a, long long at) {
  unsigned bits = 0;
  if (at + kNonzeroBytes <= a.n && ((reinterpret_cast<unsigned long long>(a.mask) + at) & 15) == 0) {
    const uint4 v = *reinterpret_cast<const uint4*>(a.mask + at);
    const unsigned w[4] = {v.x, v.y, v.z, v.w};
    for (int k = 0; k < 4; ++k) {
      const unsigned ne = __vcmpne4(w[k], 0u);  // 0xff for each nonzero byte
      bits |= ((ne & 1u) | ((ne >> 7) & 2u) | ((ne >> 14) & 4u) | ((ne >> 21) & 8u)) << (4 * k);
    }
  } else {
    for (int k = 0; k < kNonzeroBytes; ++k)
      if (at + k < a.n && a.mask[at + k]) bits |= 1u << k;
  }
  return bits;
}

template <class T, int Threads>
__device__ T exclusive_scan(T x, T& total) {
  __shared__ T warp_total[Threads / 32];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const T own = x;
  for (int o = 1; o < 32; o *= 2) {
    const T y = __shfl_up_sync(0xffffffffu, x, o);
    if (lane >= o) x += y;
  }
  if (lane == 31) warp_total[warp] = x;
  __syncthreads();
  if (warp == 0) {
    T w = lane < Threads / 32 ? warp_total[lane] : T(0);
    for (int o = 1; o < 32; o *= 2) {
      const T y = __shfl_up_sync(0xffffffffu, w, o);
      if (lane >= o) w += y;
    }
    if (lane < Threads / 32) warp_total[lane] = w;
  }
  __syncthreads();
  total = warp_total[Threads / 32 - 1];
  const T before = (warp > 0 ? warp_total[warp - 1] : T(0)) + x - own;
  __syncthreads();  // warp_total is read before a next call writes it
  return before;
}
)";

}  // namespace

std::string nonzero_source(NonzeroKernel kernel) {
  Source s;
  s << kNonzeroPrelude;
  switch (kernel) {
    case NonzeroKernel::count:
      s << "extern \"C\" __global__ void __launch_bounds__(kNonzeroThreads) mtl_kernel(const NonzeroArgs a) {\n"
           "  for (long long t = blockIdx.x; t < a.tiles; t += gridDim.x) {\n"
           "    int total;\n"
           "    exclusive_scan<int, kNonzeroThreads>(__popc(mask_bits(a, t * kNonzeroTile + threadIdx.x * kNonzeroBytes)), total);\n"
           "    if (threadIdx.x == 0) a.offsets[t] = total;\n"
           "  }\n}\n";
      break;
    case NonzeroKernel::offsets:  // one block: each thread a run of tiles
      s << "extern \"C\" __global__ void __launch_bounds__(kNonzeroScanThreads) mtl_kernel(const NonzeroArgs a) {\n"
           "  const long long per = (a.tiles + kNonzeroScanThreads - 1) / kNonzeroScanThreads;\n"
           "  const long long b = min(a.tiles, threadIdx.x * per), e = min(a.tiles, b + per);\n"
           "  long long sum = 0, total;\n"
           "  for (long long t = b; t < e; ++t) sum += a.offsets[t];\n"
           "  long long run = exclusive_scan<long long, kNonzeroScanThreads>(sum, total);\n"
           "  for (long long t = b; t < e; ++t) { const long long c = a.offsets[t]; a.offsets[t] = run; run += c; }\n"
           "  if (threadIdx.x == 0) a.offsets[a.tiles] = total;\n"
           "}\n";
      break;
    case NonzeroKernel::write:  // positions within the tile gathered in shared memory, then stored in order
      s << "extern \"C\" __global__ void __launch_bounds__(kNonzeroThreads) mtl_kernel(const NonzeroArgs a) {\n"
           "  __shared__ unsigned short local[kNonzeroTile];\n"
           "  for (long long t = blockIdx.x; t < a.tiles; t += gridDim.x) {\n"
           "    const long long tile = t * kNonzeroTile;\n"
           "    unsigned bits = mask_bits(a, tile + threadIdx.x * kNonzeroBytes);\n"
           "    int total, at = exclusive_scan<int, kNonzeroThreads>(__popc(bits), total);\n"
           "    for (; bits; bits &= bits - 1) local[at++] = threadIdx.x * kNonzeroBytes + __ffs(bits) - 1;\n"
           "    __syncthreads();\n"
           "    long long* out = a.out + a.offsets[t];\n"
           "    for (int k = threadIdx.x; k < total; k += kNonzeroThreads) out[k] = tile + local[k];\n"
           "    __syncthreads();\n"
           "  }\n}\n";
      break;
  }
  return s.str();
}

}  // namespace metallic::cuda
