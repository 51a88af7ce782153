// CUDA source for sorting (SortCall), in NumPy's order through the shared keys
// (ops/sort_key.hpp); values move as their own bits. Short rows: a block sorts several
// rows at once, each a bitonic network in shared memory over (key, position) pairs, so
// equal keys keep their order. Long rows: a least-significant-digit radix sort, each pass
// three kernels over a fixed set of blocks that each own one span of the array: count the
// span's digits (upsweep), turn all counts into places (scan, digit-major so the sort is
// stable), then rank every tile of the span in shared memory and write it out bucket by
// bucket (downsweep). The keys' range, read first, lets the host skip passes that would
// move nothing.
#include <string>

#include "backend/cuda/codegen.hpp"
#include "backend/cuda/codegen_common.hpp"

namespace metallic::cuda {
namespace {

const char* const kSortCommon = R"(
#include "sort_key.hpp"
#include "kernel_args.hpp"
using namespace metallic;
using metallic::cuda::SortArgs;
constexpr int R = kSortRadix;
constexpr int kThreads = 256, kWarps = kThreads / 32;
static_assert(R == kThreads, "one thread per digit");
__device__ __forceinline__ int digit_of(const SortArgs& a, U k, long long p) {
  if (a.row_pass) return (int)(((unsigned long long)(p / a.len) >> a.shift) & (R - 1));
  return sort_digit(k, (SortKind)a.kind, a.shift);
}
__device__ __forceinline__ long long pos_at(const SortArgs& a, long long i) { return a.pos_in ? a.pos_in[i] : i; }
// The lanes of `lanes` whose digit equals d, found by one ballot per digit bit (instead
// of __match_any_sync, a slow instruction on the GPUs measured here).
__device__ __forceinline__ unsigned same_digit(unsigned lanes, int d) {
  unsigned peers = lanes;
  #pragma unroll
  for (int b = 0; b < kSortDigitBits; ++b) {
    const unsigned set = __ballot_sync(lanes, (d >> b) & 1);
    peers &= ((d >> b) & 1) ? set : ~set;
  }
  return peers;
}
)";

// The smallest and largest key of the whole array (for the host's choice of passes):
// bounds[0] starts all ones, bounds[1] zero.
const char* const kBounds = R"(
extern "C" __global__ void __launch_bounds__(kThreads) mtl_kernel(const SortArgs a) {
  const U* in = reinterpret_cast<const U*>(a.keys_in);
  unsigned long long lo = ~0ull, hi = 0;
  for (long long i = blockIdx.x * (long long)kThreads + threadIdx.x; i < a.n; i += (long long)gridDim.x * kThreads) {
    const unsigned long long k = sort_key(in[i], (SortKind)a.kind);
    lo = min(lo, k);
    hi = max(hi, k);
  }
  for (int o = 16; o > 0; o /= 2) {
    lo = min(lo, __shfl_xor_sync(0xffffffffu, lo, o));
    hi = max(hi, __shfl_xor_sync(0xffffffffu, hi, o));
  }
  if ((threadIdx.x & 31) == 0) {
    atomicMin(a.bounds, lo);
    atomicMax(a.bounds + 1, hi);
  }
}
)";

// A block's span tile by tile, every thread loading all its kItems keys before counting
// them (many loads in flight, as the downsweep has), each warp into its own counters.
const char* const kUpsweep = R"(
constexpr int kTile = kThreads * kItems;
extern "C" __global__ void __launch_bounds__(kThreads) mtl_kernel(const SortArgs a) {
  __shared__ unsigned int h[kWarps][R];
  for (int w = 0; w < kWarps; ++w) h[w][threadIdx.x] = 0;
  __syncthreads();
  const U* in = reinterpret_cast<const U*>(a.keys_in);
  unsigned int* mine = h[threadIdx.x >> 5];
  const long long begin = blockIdx.x * a.per_block, end = min(a.n, begin + a.per_block);
  for (long long tb = begin; tb < end; tb += kTile) {
    U k[kItems];
    long long p[kItems];
    #pragma unroll
    for (int it = 0; it < kItems; ++it) {
      const long long i = tb + it * kThreads + threadIdx.x;
      if (i < end) {
        k[it] = in[i];
        p[it] = kPos ? pos_at(a, i) : 0;
      }
    }
    #pragma unroll
    for (int it = 0; it < kItems; ++it)
      if (tb + it * kThreads + threadIdx.x < end) atomicAdd(mine + digit_of(a, k[it], p[it]), 1u);
  }
  __syncthreads();
  unsigned int total = 0;
  for (int w = 0; w < kWarps; ++w) total += h[w][threadIdx.x];
  a.counts[threadIdx.x * a.blocks + blockIdx.x] = total;
}
)";

// One block of kScanThreads: the counts, digit-major, become exclusive prefix sums in place.
const char* const kScan = R"(
constexpr int kScanThreads = 1024;
extern "C" __global__ void __launch_bounds__(kScanThreads) mtl_kernel(const SortArgs a) {
  __shared__ long long part[kScanThreads];
  const long long m = R * a.blocks, per = (m + kScanThreads - 1) / kScanThreads;
  const long long begin = min(m, threadIdx.x * per), end = min(m, begin + per);
  long long s = 0;
  for (long long i = begin; i < end; ++i) s += a.counts[i];
  part[threadIdx.x] = s;
  __syncthreads();
  for (int w = 1; w < kScanThreads; w *= 2) {
    const long long x = threadIdx.x >= w ? part[threadIdx.x - w] : 0;
    __syncthreads();
    part[threadIdx.x] += x;
    __syncthreads();
  }
  long long run = part[threadIdx.x] - s;
  for (long long i = begin; i < end; ++i) {
    const long long c = a.counts[i];
    a.counts[i] = run;
    run += c;
  }
}
)";

// Each warp ranks its consecutive part of a tile in order (lanes with equal digits found
// by ballots, bit by bit), the warps' counts give every digit's start in the tile, the tile
// is rearranged by digit in shared memory and written out run by run.
const char* const kDownsweep = R"(
constexpr int kTile = kThreads * kItems;
extern "C" __global__ void __launch_bounds__(kThreads) mtl_kernel(const SortArgs a) {
  __shared__ long long base[R];
  __shared__ unsigned int wh[kWarps][R];
  __shared__ unsigned int start[R], total[R];
  __shared__ U sk[kTile];
  __shared__ long long sp[kPos ? kTile : 1];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const U* in = reinterpret_cast<const U*>(a.keys_in);
  U* out = reinterpret_cast<U*>(a.keys_out);
  base[threadIdx.x] = a.counts[threadIdx.x * a.blocks + blockIdx.x];
  const long long begin = blockIdx.x * a.per_block, end = min(a.n, begin + a.per_block);
  for (long long tb = begin; tb < end; tb += kTile) {
    const int n = (int)min((long long)kTile, end - tb);
    for (int w = 0; w < kWarps; ++w) wh[w][threadIdx.x] = 0;
    __syncthreads();
    U k[kItems];
    long long p[kItems];
    int dg[kItems], rank[kItems];
    #pragma unroll
    for (int it = 0; it < kItems; ++it) {
      const int j = warp * 32 * kItems + it * 32 + lane;
      if (j < n) {
        k[it] = in[tb + j];
        p[it] = kPos ? pos_at(a, tb + j) : 0;
      }
    }
    #pragma unroll
    for (int it = 0; it < kItems; ++it) {
      const int j = warp * 32 * kItems + it * 32 + lane;
      const unsigned valid = __ballot_sync(0xffffffffu, j < n);
      if (j < n) {
        dg[it] = digit_of(a, k[it], p[it]);
        const unsigned peers = same_digit(valid, dg[it]);
        const unsigned before = wh[warp][dg[it]];
        __syncwarp(valid);
        if (lane == __ffs(peers) - 1) wh[warp][dg[it]] = before + __popc(peers);
        __syncwarp(valid);
        rank[it] = before + __popc(peers & ((1u << lane) - 1));
      }
    }
    __syncthreads();
    {  // thread d: digit d's count in the tile, and each warp's start within it
      unsigned s = 0;
      for (int w = 0; w < kWarps; ++w) {
        const unsigned c = wh[w][threadIdx.x];
        wh[w][threadIdx.x] = s;
        s += c;
      }
      total[threadIdx.x] = s;
      // Exclusive scan of the digits' counts: within warps by shuffles, then across them.
      unsigned incl = s;
      for (int o = 1; o < 32; o *= 2) {
        const unsigned x = __shfl_up_sync(0xffffffffu, incl, o);
        if (lane >= o) incl += x;
      }
      start[threadIdx.x] = incl;
    }
    __syncthreads();
    {  // add the totals of the warps of digits before this one's
      unsigned add = 0;
      for (int w = 0; w < warp; ++w) add += start[w * 32 + 31];
      const unsigned mine = start[threadIdx.x] + add - total[threadIdx.x];
      __syncthreads();
      start[threadIdx.x] = mine;
    }
    __syncthreads();
    #pragma unroll
    for (int it = 0; it < kItems; ++it) {
      const int j = warp * 32 * kItems + it * 32 + lane;
      if (j < n) {
        const int at = start[dg[it]] + wh[warp][dg[it]] + rank[it];
        sk[at] = k[it];
        if (kPos) sp[at] = p[it];
      }
    }
    __syncthreads();
    for (int j = threadIdx.x; j < n; j += kThreads) {
      const U kk = sk[j];
      const long long pp = kPos ? sp[j] : 0;
      const int d = digit_of(a, kk, pp);
      const long long g = base[d] + (j - (int)start[d]);
      if (out) out[g] = kk;
      if (kPos && a.pos_out) a.pos_out[g] = a.final_pass ? pp % a.len : pp;
    }
    __syncthreads();
    base[threadIdx.x] += total[threadIdx.x];
  }
}
)";

// Short rows: rows_per_block rows of width (a power of 2, >= len) per block, each sorted
// by a bitonic network over (key, position); the padding sorts last.
const char* const kRows = R"(
extern "C" __global__ void mtl_kernel(const SortArgs a) {
  extern __shared__ unsigned long long smem[];
  const int E = (int)(a.rows_per_block * a.width), W = (int)a.width;
  U* key = reinterpret_cast<U*>(smem);
  unsigned* at = reinterpret_cast<unsigned*>(reinterpret_cast<char*>(smem) + (E * sizeof(U) + 7) / 8 * 8);
  const long long row0 = blockIdx.x * a.rows_per_block;
  const U* in = reinterpret_cast<const U*>(a.keys_in);
  for (int e = threadIdx.x; e < E; e += blockDim.x) {
    const long long row = row0 + e / W;
    const int j = e % W;
    const bool real = row < a.rows && j < a.len;
    key[e] = real ? sort_key(in[row * a.len + j], (SortKind)a.kind) : (U)~(U)0;
    at[e] = (unsigned)j;
  }
  __syncthreads();
  for (int k = 2; k <= W; k *= 2) {
    for (int j = k / 2; j > 0; j /= 2) {
      for (int q = threadIdx.x; q < E / 2; q += blockDim.x) {
        const int i = 2 * j * (q / j) + q % j, o = i + j;
        const bool up = k == W || (i & k) == 0;
        const bool greater = key[i] > key[o] || (key[i] == key[o] && at[i] > at[o]);
        if (greater == up) {
          const U t = key[i]; key[i] = key[o]; key[o] = t;
          const unsigned u = at[i]; at[i] = at[o]; at[o] = u;
        }
      }
      __syncthreads();
    }
  }
  U* out = reinterpret_cast<U*>(a.keys_out);
  for (int e = threadIdx.x; e < E; e += blockDim.x) {
    const long long row = row0 + e / W;
    const int j = e % W;
    if (row < a.rows && j < a.len) {
      if (out) out[row * a.len + j] = in[row * a.len + at[e]];
      if (a.pos_out) a.pos_out[row * a.len + j] = at[e];
    }
  }
}
)";

// searchsorted: a binary search per query (ops/sort_key.hpp's sorted_place).
const char* const kSearch = R"(
extern "C" __global__ void mtl_kernel(const SortArgs a) {
  const U* sorted = reinterpret_cast<const U*>(a.keys_in);
  const U* queries = reinterpret_cast<const U*>(a.queries);
  for (long long j = blockIdx.x * (long long)blockDim.x + threadIdx.x; j < a.rows; j += (long long)gridDim.x * blockDim.x)
    a.pos_out[j] = sorted_place(sorted, a.n, queries[j], (SortKind)a.kind, a.right != 0);
}
)";

const char* unsigned_type(size_t itemsize) {
  return itemsize == 1 ? "unsigned char" : itemsize == 2 ? "unsigned short" : itemsize == 4 ? "unsigned int"
                                                                                        : "unsigned long long";
}

}  // namespace

int sort_tile_items(size_t itemsize, bool pos) { return itemsize + (pos ? 8 : 0) > 8 ? 8 : 16; }

std::string sort_source(SortKernel kernel, size_t itemsize, bool pos) {
  Source s;
  s << "typedef " << unsigned_type(itemsize) << " U;\n";
  s << "constexpr bool kPos = " << (pos ? "true" : "false") << ";\n";
  s << "constexpr int kItems = " << sort_tile_items(itemsize, pos) << ";\n";
  s << kSortCommon;
  switch (kernel) {
    case SortKernel::bounds: s << kBounds; break;
    case SortKernel::upsweep: s << kUpsweep; break;
    case SortKernel::scan: s << kScan; break;
    case SortKernel::downsweep: s << kDownsweep; break;
    case SortKernel::rows: s << kRows; break;
    case SortKernel::search: s << kSearch; break;
  }
  return s.str();
}

}  // namespace metallic::cuda
