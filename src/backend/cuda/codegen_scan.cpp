// CUDA source for inclusive scans (cumsum, cumprod). Many lines: one thread per line.
// Few long lines: each line is cut into chunks, a warp per chunk, in three kernels: the
// chunks' totals (warp folds), the totals turned into each chunk's offset (a block per
// line), and the chunks scanned row by row from their offsets (32 elements a row, scanned
// across the warp with shuffles; loads and stores coalesced). Stream compaction (nonzero)
// is a scan of the mask's counts, in the same three steps.
#include <string>

#include "backend/cuda/codegen.hpp"
#include "backend/cuda/codegen_common.hpp"

namespace metallic::cuda {

namespace {

// Warp-level pieces of the chunked scans, for any accumulator type A and op f: values
// travel between lanes as 4-byte words; a flag h beside each value says whether there is
// one (a scan has no identity to start from: cumsum([-0.0]) is -0.0). Lanes combine in a
// fixed order, so results do not vary from run to run.
const char* const kWarpScan = R"(
template <class T, class Move> __device__ T mtl_shfl(T v, Move move) {
  constexpr int W = (sizeof(T) + 3) / 4;
  alignas(T) alignas(unsigned) unsigned w[W] = {};
  *reinterpret_cast<T*>(w) = v;
  for (int k = 0; k < W; ++k) w[k] = move(w[k]);
  return *reinterpret_cast<T*>(w);
}
// Inclusive scan of (v, h) over the warp's lanes.
template <class A, class F> __device__ void warp_scan(A& v, bool& h, F f) {
  const int lane = threadIdx.x & 31;
  for (int o = 1; o < 32; o *= 2) {
    const A y = mtl_shfl(v, [&](unsigned u) { return __shfl_up_sync(0xffffffffu, u, o); });
    const bool hy = __shfl_up_sync(0xffffffffu, h, o);
    if (lane >= o && hy) { v = h ? static_cast<A>(f(y, v)) : y; h = true; }
  }
}
// (v, h) of every lane folded into lane 0's, in lane order.
template <class A, class F> __device__ void warp_fold(A& v, bool& h, F f) {
  const int lane = threadIdx.x & 31;
  for (int o = 16; o > 0; o /= 2) {
    const A y = mtl_shfl(v, [&](unsigned u) { return __shfl_down_sync(0xffffffffu, u, o); });
    const bool hy = __shfl_down_sync(0xffffffffu, h, o);
    if (lane + o < 32 && hy) { v = h ? static_cast<A>(f(v, y)) : y; h = true; }
  }
}
)";

}  // namespace

std::string scan_source(OpId op, Dtype in, Dtype acc, Dtype out, int other_dims, ScanMode mode) {
  const std::string A = compute_type(acc), In = storage_type(in), Out = storage_type(out);
  auto load = [&](const std::string& i) {
    return "convert<" + A + ">(mtl_load<" + In + ">(a.in + ip + (" + i + ") * a.in_stride))";
  };
  const std::string part_at = "a.part_val + job * (long long)sizeof(" + A + ")";
  Source s;
  s << kPrelude << kWarpScan;
  s << "constexpr int kThreads = 256, kWarps = kThreads / 32, kRows = " << kScanRows << ";\n";
  s << "extern \"C\" __global__ void __launch_bounds__(kThreads) mtl_kernel(const LineArgs a) {\n";
  s << "  const auto f = " << functor_name(op) << "{};\n";
  s << "  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;\n";
  if (mode == ScanMode::line) {
    s << "  for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < a.n_lines;"
         " t += (long long)gridDim.x * blockDim.x) {\n";
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
  if (mode == ScanMode::offsets) {
    // A block per line turns its chunks' totals into their offsets, in place: each thread
    // folds a run of them, the threads' sums are scanned (warps, then the warps' totals in
    // order), and each thread writes its run's offsets from what comes before it.
    s << "  __shared__ alignas(16) unsigned char wt_raw[kWarps * sizeof(" << A << ")];\n";
    s << "  __shared__ bool wh[kWarps];\n";
    s << "  " << A << "* wt = reinterpret_cast<" << A << "*>(wt_raw);\n";
    s << "  for (long long t = blockIdx.x; t < a.n_lines; t += gridDim.x) {\n";
    s << "    char* v = a.part_val + t * a.parts * (long long)sizeof(" << A << ");\n";
    s << "    auto at = [&](long long p) { return v + p * (long long)sizeof(" << A << "); };\n";
    s << "    const long long per = (a.parts + kThreads - 1) / kThreads;\n";
    s << "    const long long b = min(a.parts, (long long)threadIdx.x * per), e = min(a.parts, b + per);\n";
    s << "    " << A << " x{}; bool hx = false;\n";
    s << "    for (long long p = b; p < e; ++p) {\n";
    s << "      const " << A << " y = mtl_load<" << A << ">(at(p));\n";
    s << "      x = hx ? static_cast<" << A << ">(f(x, y)) : y; hx = true;\n    }\n";
    s << "    " << A << " inc = x; bool hinc = hx;\n";
    s << "    warp_scan(inc, hinc, f);\n";
    s << "    if (lane == 31) { wt[warp] = inc; wh[warp] = hinc; }\n";
    s << "    __syncthreads();\n";
    s << "    " << A << " run{}; bool hr = false;\n";
    s << "    for (int w = 0; w < warp; ++w)\n";
    s << "      if (wh[w]) { run = hr ? static_cast<" << A << ">(f(run, wt[w])) : wt[w]; hr = true; }\n";
    s << "    const " << A << " ex = mtl_shfl(inc, [&](unsigned u) { return __shfl_up_sync(0xffffffffu, u, 1); });\n";
    s << "    const bool hex = __shfl_up_sync(0xffffffffu, hinc, 1) && lane > 0;\n";
    s << "    if (hex) { run = hr ? static_cast<" << A << ">(f(run, ex)) : ex; hr = true; }\n";
    s << "    for (long long p = b; p < e; ++p) {\n";
    s << "      const " << A << " y = mtl_load<" << A << ">(at(p));\n";
    s << "      mtl_store<" << A << ">(at(p), run);  // the first chunk's is never read\n";
    s << "      run = hr ? static_cast<" << A << ">(f(run, y)) : y; hr = true;\n    }\n";
    s << "    __syncthreads();\n  }\n}\n";
    return s.str();
  }
  // A warp per chunk (job): chunks of a line are [len * part / parts, ...), read kRows
  // rows of 32 elements at a time (all loads first, then the arithmetic).
  s << "  for (long long job = (long long)blockIdx.x * kWarps + warp; job < a.n_lines * a.parts;"
       " job += (long long)gridDim.x * kWarps) {\n";
  s << "    const long long t = job / a.parts, part = job % a.parts;\n";
  s << line_start(other_dims);
  s << "    const long long begin = a.len * part / a.parts, end = a.len * (part + 1) / a.parts;\n";
  const std::string load_rows =
      "      " + A + " v[kRows];\n"
      "      for (int q = 0; q < kRows; ++q) {\n"
      "        const long long i = tb + q * 32 + lane;\n"
      "        v[q] = i < end ? " + load("i") + " : " + A + "{};\n      }\n";
  if (mode == ScanMode::totals) {
    s << "    " << A << " acc{}; bool have = false;\n";
    s << "    for (long long tb = begin; tb < end; tb += 32 * kRows) {\n";
    s << load_rows;
    s << "      for (int q = 0; q < kRows; ++q)\n";
    s << "        if (tb + q * 32 + lane < end) { acc = have ? static_cast<" << A << ">(f(acc, v[q])) : v[q]; have = true; }\n";
    s << "    }\n";
    s << "    warp_fold(acc, have, f);\n";
    s << "    if (lane == 0 && have) mtl_store<" << A << ">(" << part_at << ", acc);\n";
    s << "  }\n}\n";
    return s.str();
  }
  // ScanMode::tiles: each row scanned across the warp, the carry (everything before the
  // row) put in front, and the row's last value carried on.
  s << "    bool hc = part > 0;\n";
  s << "    " << A << " carry = hc ? mtl_load<" << A << ">(" << part_at << ") : " << A << "{};\n";
  s << "    for (long long tb = begin; tb < end; tb += 32 * kRows) {\n";
  s << load_rows;
  s << "      for (int q = 0; q < kRows; ++q) {\n";
  s << "        const long long row = tb + q * 32, i = row + lane;\n";
  s << "        if (row >= end) break;\n";
  s << "        " << A << " x = v[q]; bool h = i < end;\n";
  s << "        warp_scan(x, h, f);\n";
  s << "        if (hc && h) x = static_cast<" << A << ">(f(carry, x));\n";
  s << "        if (i < end) mtl_store<" << Out << ">(a.out + op + i * a.out_stride, convert<" << Out << ">(x));\n";
  s << "        const int last = end - row < 32 ? (int)(end - row) - 1 : 31;\n";
  s << "        carry = mtl_shfl(x, [&](unsigned u) { return __shfl_sync(0xffffffffu, u, last); }); hc = true;\n";
  s << "      }\n    }\n  }\n}\n";
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
