// CUDA source for sorting (SortCall), in NumPy's order through the shared keys
// (ops/sort_key.hpp); values move as their own bits. Short rows: a block sorts several
// rows at once, each a bitonic network in shared memory over (key, position) pairs, so
// equal keys keep their order. Long rows: a least-significant-digit radix sort: one read
// counts every digit of every key (the host skips passes that would move nothing and
// places each digit's run), then each pass is one kernel over the tiles of the array.
#include <algorithm>
#include <cstdlib>
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
constexpr int kWarps = kThreads / 32;
static_assert(R <= kThreads && kThreads % 32 == 0, "a thread for every digit");
__device__ __forceinline__ int digit_of(const SortArgs& a, U k, long long p) {
  if (a.row_pass) return (int)(((unsigned long long)(p / a.len) >> a.shift) & (R - 1));
  return sort_digit(k, (SortKind)a.kind, a.shift, (U)a.lo);
}
__device__ __forceinline__ long long pos_at(const SortArgs& a, long long i) { return a.pos_in ? a.pos_in[i] : i; }
)";

// Every key digit's histogram in one read of the array (for the host's choice of passes
// and each pass's digit starts), digits counted from a.lo, and the smallest and largest
// key: counters in shared memory, kCopies of each (sort_histogram_copies) so that equal
// keys in a warp can spread over several, added to the global histogram at the end. A
// counter's copies sit side by side, so lanes with different copies never share a bank (a
// bank holds the counters of every 32 / kCopies-th digit). The array is read in 16-byte
// vectors after an unaligned head.
const char* const kHistogram = R"(
constexpr int kDigits = (int)sizeof(U) * 8 / kSortDigitBits, kUnroll = 4;
constexpr int kVec = 16 / (int)sizeof(U);
struct alignas(16) Vec { U v[kVec]; };
extern "C" __global__ void __launch_bounds__(kThreads) mtl_kernel(const SortArgs a) {
  __shared__ unsigned int counts[kDigits * R * kCopies];  // [digit][value][copy]
  for (int i = threadIdx.x; i < kDigits * R * kCopies; i += kThreads) counts[i] = 0;
  __syncthreads();
  const U* in = reinterpret_cast<const U*>(a.keys_in);
  unsigned int* mine = counts + threadIdx.x % kCopies;
  const SortKind kind = (SortKind)a.kind;
  U lo = (U)~(U)0, hi = 0;
  auto count = [&](U bits) {
    const U key = sort_key(bits, kind), k = (U)(key - (U)a.lo);
    lo = key < lo ? key : lo;
    hi = key > hi ? key : hi;
    #pragma unroll
    for (int d = 0; d < kDigits; ++d)
      atomicAdd(mine + (d * R + ((int)(k >> (d * kSortDigitBits)) & (R - 1))) * kCopies, 1u);
  };
  // The unaligned head and the tail after the last whole vector: block 0's threads.
  const long long head = min(a.n, (long long)((16 - (reinterpret_cast<unsigned long long>(in) & 15)) & 15) / (long long)sizeof(U));
  const long long vecs = (a.n - head) / kVec, tail = head + vecs * kVec;
  if (blockIdx.x == 0) {
    if (threadIdx.x < head) count(in[threadIdx.x]);
    for (long long i = tail + threadIdx.x; i < a.n; i += kThreads) count(in[i]);
  }
  const Vec* body = reinterpret_cast<const Vec*>(in + head);
  const long long stride = (long long)gridDim.x * kThreads;
  for (long long i0 = blockIdx.x * (long long)kThreads + threadIdx.x; i0 < vecs; i0 += stride * kUnroll) {
    Vec v[kUnroll];
    #pragma unroll
    for (int u = 0; u < kUnroll; ++u)
      if (i0 + u * stride < vecs) v[u] = body[i0 + u * stride];
    #pragma unroll
    for (int u = 0; u < kUnroll; ++u)
      if (i0 + u * stride < vecs) {
        #pragma unroll
        for (int e = 0; e < kVec; ++e) count(v[u].v[e]);
      }
  }
  for (int o = 16; o > 0; o /= 2) {
    const U l = (U)__shfl_xor_sync(0xffffffffu, (unsigned long long)lo, o);
    const U h = (U)__shfl_xor_sync(0xffffffffu, (unsigned long long)hi, o);
    lo = l < lo ? l : lo;
    hi = h > hi ? h : hi;
  }
  if ((threadIdx.x & 31) == 0) {
    atomicMin(a.digit_counts + kDigits * R, (unsigned long long)lo);
    atomicMax(a.digit_counts + kDigits * R + 1, (unsigned long long)hi);
  }
  __syncthreads();
  for (int i = threadIdx.x; i < kDigits * R; i += kThreads) {
    unsigned long long c = 0;
    for (int copy = 0; copy < kCopies; ++copy) c += counts[i * kCopies + copy];
    if (c) atomicAdd(a.digit_counts + i, c);
  }
}
)";

// One radix pass in one launch ("onesweep"): a block takes the next tile from the tile
// counter, so every tile before it belongs to a block already running. Each warp ranks its
// consecutive part of the tile in order (the lanes with equal digits found by setting
// each lane's bit in its digit's word of the warp's shared match words); the warps'
// counts give each digit's count and start in the tile. Thread d (of the first R) then
// publishes the tile's count of digit d and looks back over the tiles before it (decoupled
// look-back): a status word S marked kUpTo holds the count of its digit up to and
// including its tile, one marked kOwn only its tile's, an unmarked one is not there yet.
// The tile, rearranged by digit in shared memory, is written out run by run, in order, so
// the sort is stable; each key's digit is computed again from it there (cheaper than
// storing it beside the key: shared memory is what bounds a pass).
const char* const kOnesweep = R"(
constexpr int kTile = kThreads * kItems;
static_assert(kTile < (1 << (31 - kSortDigitBits)), "a place in the tile and a digit share an int");
constexpr S kOwn = (S)1 << (sizeof(S) * 8 - 2), kUpTo = kOwn << 1, kCount = kOwn - 1;
// The warps' digit counts (ranking) and the tile in digit order (writing out) are never
// needed at once: they share their memory.
union Exchange {
  struct { unsigned int wh[kWarps][R], match[kWarps][R]; } r;
  struct { U k[kTile]; long long p[kPos ? kTile : 1]; } t;
};
extern "C" __global__ void __launch_bounds__(kThreads, kMinBlocks) mtl_kernel(const SortArgs a) {
  __shared__ Exchange x;
  __shared__ long long base[R];
  __shared__ unsigned int start[R], total[R];
  __shared__ long long tile_at;
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const long long tiles = (a.n + kTile - 1) / kTile;
  S* const status = reinterpret_cast<S*>(a.status);
  if (threadIdx.x == 0) tile_at = (long long)atomicAdd(status + tiles * R, (S)1);
  for (int i = threadIdx.x; i < kWarps * R; i += kThreads) (&x.r.wh[0][0])[i] = (&x.r.match[0][0])[i] = 0;
  __syncthreads();
  const long long tile = tile_at, tb = tile * kTile;
  const int n = (int)min((long long)kTile, a.n - tb);
  const U* in = reinterpret_cast<const U*>(a.keys_in);
  U* out = reinterpret_cast<U*>(a.keys_out);
  U k[kItems];
  long long p[kPos ? kItems : 1];
  int rd[kItems];  // the rank among the warp's equal digits, then the place in the tile; << 8 | digit
  #pragma unroll
  for (int it = 0; it < kItems; ++it) {
    const int j = warp * 32 * kItems + it * 32 + lane;
    if (j < n) {
      k[it] = in[tb + j];
      if (kPos) p[kPos ? it : 0] = pos_at(a, tb + j);
    }
  }
  #pragma unroll
  for (int it = 0; it < kItems; ++it) {
    const bool ok = warp * 32 * kItems + it * 32 + lane < n;
    const int dg = ok ? digit_of(a, k[it], kPos ? p[kPos ? it : 0] : 0) : 0;
    if (ok) atomicOr(&x.r.match[warp][dg], 1u << lane);
    __syncwarp();
    const unsigned peers = ok ? x.r.match[warp][dg] : 0u, before = ok ? x.r.wh[warp][dg] : 0u;
    __syncwarp();
    if (ok && lane == __ffs(peers) - 1) {  // the first of the peers counts them and clears the word
      x.r.wh[warp][dg] = before + __popc(peers);
      x.r.match[warp][dg] = 0;
    }
    __syncwarp();
    if (ok) rd[it] = (int)(before + __popc(peers & ((1u << lane) - 1))) << kSortDigitBits | dg;
  }
  __syncthreads();
  const int d = threadIdx.x;
  if (d < R) {  // thread d: digit d's count in the tile, published at once, and each warp's start
    unsigned s = 0;
    for (int w = 0; w < kWarps; ++w) {
      const unsigned c = x.r.wh[w][d];
      x.r.wh[w][d] = s;
      s += c;
    }
    total[d] = s;
    ((volatile S*)status)[tile * R + d] = (tile == 0 ? kUpTo : kOwn) | (S)s;
    // Exclusive scan of the digits' counts: within warps by shuffles, then across them.
    unsigned incl = s;
    for (int o = 1; o < 32; o *= 2) {
      const unsigned y = __shfl_up_sync(0xffffffffu, incl, o);
      if (lane >= o) incl += y;
    }
    start[d] = incl;
  }
  __syncthreads();
  unsigned mine = 0;
  long long before = 0;  // how many elements with digit d the tiles before this one hold
  if (d < R) {
    unsigned add = 0;
    for (int w = 0; w < warp; ++w) add += start[w * 32 + 31];
    mine = start[d] + add - total[d];
    for (long long t = tile - 1; t >= 0; --t) {  // look back
      S s;
      do s = ((volatile S*)status)[t * R + d]; while ((s & ~kCount) == 0);
      before += (long long)(s & kCount);
      if (s & kUpTo) break;
    }
    if (tile > 0) ((volatile S*)status)[tile * R + d] = kUpTo | (S)(before + total[d]);
  }
  __syncthreads();
  if (d < R) {
    start[d] = mine;
    base[d] = a.starts[d] + before - mine;
  }
  __syncthreads();
  #pragma unroll
  for (int it = 0; it < kItems; ++it)
    if (warp * 32 * kItems + it * 32 + lane < n) {
      const int dg = rd[it] & (R - 1);
      rd[it] = (int)(start[dg] + x.r.wh[warp][dg] + (rd[it] >> kSortDigitBits));
    }
  __syncthreads();  // the warps' counts are dead: their memory takes the tile
  #pragma unroll
  for (int it = 0; it < kItems; ++it)
    if (warp * 32 * kItems + it * 32 + lane < n) {
      x.t.k[rd[it]] = k[it];
      if (kPos) x.t.p[kPos ? rd[it] : 0] = p[kPos ? it : 0];
    }
  __syncthreads();
  for (int j = threadIdx.x; j < n; j += kThreads) {
    const U key = x.t.k[j];
    const long long pp = kPos ? x.t.p[kPos ? j : 0] : 0;
    const long long g = base[digit_of(a, key, pp)] + j;
    if (out) out[g] = key;
    if (kPos && a.pos_out) a.pos_out[g] = a.final_pass ? pp % a.len : pp;
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

int sort_tile_items(size_t itemsize, bool pos) {
  static const int tuned = [] {  // METALLIC_SORT_ITEMS: a tuning override, for measuring tile sizes
    const char* v = std::getenv("METALLIC_SORT_ITEMS");
    return v ? std::clamp(std::atoi(v), 1, 32) : 0;
  }();
  if (tuned) return tuned;
  // Measured on an H100 (2^28 float32, 384 threads): 18 keys a thread 7.02 ms, 16 7.25.
  return itemsize + (pos ? 8 : 0) > 8 ? 8 : itemsize > 4 ? 16 : 18;
}

int sort_histogram_copies(size_t itemsize) {
  static const int tuned = [] {  // METALLIC_SORT_COPIES: a tuning override (1, 2, 4 or 8)
    const char* v = std::getenv("METALLIC_SORT_COPIES");
    const int c = v ? std::atoi(v) : 0;
    return c == 1 || c == 2 || c == 4 || c == 8 ? c : 0;
  }();
  // Measured on an H100, with as many blocks as fit: the sort of 2^28 float32 reads its
  // histograms in 0.44 ms with one copy (8 copies: 0.56), that of 2^28 int64 in 0.76 ms
  // (4 copies: 0.93). Fewer copies, more blocks at once.
  const int most = itemsize > 4 ? 4 : 8;  // 8-byte keys: 8 digits of 256 counters, 4 copies fill 32 KiB
  return tuned ? std::min(tuned, most) : 1;
}

int sort_tile_threads(size_t itemsize) {
  static const int tuned = [] {  // METALLIC_SORT_THREADS: a tuning override (256 to 1024, whole warps)
    const char* v = std::getenv("METALLIC_SORT_THREADS");
    return v ? std::clamp(std::atoi(v) / 32 * 32, kSortRadix, 1024) : 0;
  }();
  // Measured on an H100 (2^28 float32, 16 keys a thread): 384 threads 7.6 ms, 256 8.3-8.4,
  // 512 8.0. Wider keys stay at 256: 384 of them would pass 48 KiB of shared memory.
  return tuned ? tuned : itemsize <= 4 ? 384 : 256;
}

std::string sort_source(SortKernel kernel, size_t itemsize, bool pos, bool wide_status) {
  const int items = sort_tile_items(itemsize, pos);
  const int threads = kernel == SortKernel::onesweep ? sort_tile_threads(itemsize) : 256;
  // Registers a pass needs per thread, roughly: the keys, positions and ranks it holds,
  // and about 20 more; the blocks per SM that allows is what the compiler is asked for.
  const int words = items * (static_cast<int>((itemsize + 3) / 4) + (pos ? 2 : 0) + 1) + 20;
  Source s;
  s << "typedef " << unsigned_type(itemsize) << " U;\n";
  s << "typedef " << (wide_status ? "unsigned long long" : "unsigned int") << " S;\n";
  s << "constexpr bool kPos = " << (pos ? "true" : "false") << ";\n";
  s << "constexpr int kItems = " << items << ";\n";
  s << "constexpr int kThreads = " << threads << ";\n";
  s << "constexpr int kCopies = " << sort_histogram_copies(itemsize) << ";\n";
  s << "constexpr int kMinBlocks = " << std::clamp(65536 / (threads * words), 1, 8) << ";\n";
  s << kSortCommon;
  switch (kernel) {
    case SortKernel::histogram: s << kHistogram; break;
    case SortKernel::onesweep: s << kOnesweep; break;
    case SortKernel::rows: s << kRows; break;
    case SortKernel::search: s << kSearch; break;
  }
  return s.str();
}

}  // namespace metallic::cuda
