// Kernel parameter blocks, shared verbatim by the host code and the generated kernels
// (so their layouts cannot drift apart). Passed by value; well under CUDA's 4 KiB limit.
#pragma once

#include "params.hpp"

namespace metallic::cuda {

constexpr int kMaxDims = 16;     // axes after merging; more raises not_implemented
constexpr int kMaxKernelOps = 6;  // inputs + outputs of one elementwise kernel

// Elementwise: operand k's element for linear index i sits at ptr[k] + offset_k(i).
struct ElementwiseArgs {
  char* ptr[kMaxKernelOps];
  long long strides[kMaxKernelOps][kMaxDims];  // bytes
  long long shape[kMaxDims];
  long long n;
  Params p;
  // Floating-point conditions (ops/fp_status.hpp): the launch's slot in device memory and
  // its four bytes (one per condition) in mapped host memory; see CudaBackend::fp_reserve.
  unsigned* fp_dev;
  unsigned char* fp_host;
};

// Reduction of n_red elements per output; `parts` blocks may share one output
// (they then write partial results to a temporary array: out has shape [n_out, parts]).
struct ReduceArgs {
  char* in;
  char* out;
  long long kshape[kMaxDims], kin[kMaxDims], kout[kMaxDims];  // kept axes
  long long rshape[kMaxDims], rin[kMaxDims];                   // reduced axes
  long long n_out, n_red, parts;
  int has_initial;
};

// One line per thread along `axis` (arg-reductions and scans).
struct LineArgs {
  char* in;
  char* out;
  long long oshape[kMaxDims], oin[kMaxDims], oout[kMaxDims];  // the other axes
  long long n_lines, len, in_stride, out_stride;
  // Arg-reductions over long lines: `parts` blocks per line, each leaving its best
  // (value, index) in part_val / part_idx for a second kernel to combine.
  long long parts;
  char* part_val;
  char* part_idx;
};

// A gather (TakeCall): out[p, k, q] = src[p, index[k], q], elements of one size.
struct TakeArgs {
  const char* src;
  const long long* index;
  char* out;
  long long P, N, Q, K;
};

// Stream compaction (NonzeroCall; codegen_scan.cpp): tiles of the mask, a block each.
constexpr int kNonzeroThreads = 256, kNonzeroBytes = 16;  // a thread's bytes of a tile
constexpr int kNonzeroTile = kNonzeroThreads * kNonzeroBytes;
constexpr int kNonzeroScanThreads = 1024;  // the offsets kernel's one block
struct NonzeroArgs {
  const unsigned char* mask;
  long long n, tiles;
  long long* offsets;  // per tile its count, then (in place) the count before it; then the total
  long long* out;
};

// Sorting (SortCall; codegen_sort.cpp). Radix passes: one block per tile of the array,
// in the order the tile counter hands them out; a tile's place for each digit comes from
// the tiles before it through `status`. pos_in null: positions are the indices.
struct SortArgs {
  const char* keys_in;
  char* keys_out;  // null: not written
  const long long* pos_in;
  long long* pos_out;  // null: not written
  unsigned long long* digit_counts;  // histogram: [digit][value] over the whole array, then the smallest
                                     // and the largest key (sort_key)
  unsigned long long lo;             // digits count from this key (sort_digit's lo)
  const long long* starts;           // a pass: where each digit value's run starts
  void* status;                      // a pass: [tile][digit] flag | count, then the tile counter
  long long n, len;
  int kind, shift, row_pass, final_pass;  // final_pass: positions written within their row
  long long rows, rows_per_block, width;  // short rows: one block sorts rows_per_block rows of width (a power of 2)
  const char* queries;  // searchsorted: `rows` queries into the n sorted keys_in
  int right;
};

// A fused chain (FusedCall): operands are the leaves, then the outputs, then (for a fused
// reduction) the array of per-block partial results. Sized to stay within the classic
// 4 KiB kernel-parameter limit; a chain that does not fit runs step by step.
constexpr int kFusedDims = 4;
constexpr int kFusedOps = 22;
constexpr int kFusedSteps = 48;
struct FusedArgs {
  char* ptr[kFusedOps];
  long long strides[kFusedOps][kFusedDims];  // bytes
  long long shape[kFusedDims];
  long long n;
  long long n_out, n_red, parts;  // reductions over some axes (see fused_axis_source)
  Params p[kFusedSteps];
  unsigned* fp_dev;        // step k's slot: fp_dev + k (as ElementwiseArgs')
  unsigned char* fp_host;  // and its bytes: fp_host + 4 * k
};
static_assert(sizeof(FusedArgs) <= 4096, "kernel parameters must fit in 4 KiB");

}  // namespace metallic::cuda
