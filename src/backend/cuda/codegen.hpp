// CUDA C++ source for each kind of kernel, built from the shared functors (src/ops).
// The source names only types and structure (ops, dtypes, contiguity, ndim); scalars and
// sizes are kernel arguments, so equal structures share one compiled kernel.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backend/backend.hpp"
#include "metallic/dtype.hpp"
#include "ops/op_table.hpp"

namespace metallic::cuda {

// Per operand: how it is addressed.
enum class Access : char { contiguous, scalar, strided };

struct ElementwiseKey {
  OpId op;
  int loop;                   // -1: a plain cast/copy (one input, one output)
  std::vector<Dtype> dtypes;  // storage dtype per operand (inputs then outputs)
  std::vector<Access> access;
  int ndim;                   // used when any operand is strided
  int vec = 1;                // elements per vector access when nothing is strided
  unsigned fp_want = 0;       // floating-point conditions looked for (fp_status.hpp)
};

std::string elementwise_source(const ElementwiseKey& key);
// Reduction of dtype `in` with op into accumulator `acc`, stored as `out`.
std::string reduce_source(OpId op, Dtype in, Dtype acc, Dtype out, int kept_dims, int red_dims);
// Index of the first maximum/minimum (NaN first) along each line: one thread per line
// (ArgMode::thread), or `parts` blocks per line (ArgMode::blocks) whose partial
// (value, index) pairs a block per line combines (ArgMode::combine).
enum class ArgMode : int { thread, blocks, combine };
std::string arg_reduce_source(Dtype in, bool is_max, int other_dims, ArgMode mode = ArgMode::thread);
// Inclusive scans: one thread per line (ScanMode::line), or for few long lines `parts`
// chunks per line in three kernels: each chunk's total (a warp per chunk), the totals
// turned into each chunk's offset (a block of 256 threads per line), then each chunk
// scanned from its offset (ScanMode::tiles, a warp per chunk, kScanRows rows of 32
// elements at a time).
enum class ScanMode : int { line, totals, offsets, tiles };
constexpr int kScanRows = 8;
// Stream compaction (NonzeroCall) in three kernels: each tile's count of nonzero mask
// bytes, the counts turned into each tile's offset and the total (one block), then each
// tile's positions written from its offset.
enum class NonzeroKernel : int { count, offsets, write };
std::string nonzero_source(NonzeroKernel kernel);
// The gather kernel for elements of itemsize bytes (1, 2, 4, 8 or 16).
std::string take_source(size_t itemsize);
// The scatter kernel (out[p, index[k], q] = src[p, k, q]) for the same element sizes.
std::string scatter_source(size_t itemsize);
// Sorting (codegen_sort.cpp): the histogram of every key digit, one radix pass, the sort of
// short rows in shared memory and searchsorted; pos: positions travel with the keys.
enum class SortKernel : int { histogram, onesweep, rows, search };
// wide_status: 64-bit look-back words (passes over 2^30 elements or more), else 32-bit.
std::string sort_source(SortKernel kernel, size_t itemsize, bool pos, bool wide_status = false);
int sort_tile_items(size_t itemsize, bool pos);  // elements per thread of a pass's tile
int sort_tile_threads(size_t itemsize);           // threads of a pass's block
int sort_histogram_copies(size_t itemsize);       // copies of each digit counter in the histogram
std::string scan_source(OpId op, Dtype in, Dtype acc, Dtype out, int other_dims, ScanMode mode = ScanMode::line);

// A fused chain: operands are the leaves, then one output per out_steps entry (the step
// it stores); dtypes and access per operand. With reduce_op, step reduce_root is also
// reduced over all elements in one launch: each block stores a partial (dtype reduce_acc's
// compute type) at operand dtypes.size(), and the last block to finish (counted by the
// unsigned int at operand dtypes.size() + 1, which it resets to 0) folds them into the
// element at operand dtypes.size() + 2 (dtype reduce_out).
struct FusedKey {
  std::vector<FusedStep> steps;
  std::vector<unsigned> fp_want;  // per step: the floating-point conditions looked for (missing: none)
  int nleaves = 0;
  std::vector<int> out_steps;
  std::vector<Dtype> dtypes;
  std::vector<Access> access;
  int ndim = 1;
  int vec = 1;
  std::optional<OpId> reduce_op;
  Dtype reduce_acc{};
  Dtype reduce_out{};
  int reduce_root = 0;
  // A reduction over some axes (red_dims > 0): shape entries [0, kept_dims) are kept,
  // the next red_dims reduced. Operand dtypes.size() is the result (strides over the kept
  // dims), dtypes.size() + 1 the [n_out, parts] partials when parts > 1. One thread per
  // output (thread_per_output: adjacent outputs are adjacent in memory) or one block.
  int kept_dims = 0, red_dims = 0;
  bool thread_per_output = false;
  unsigned want(size_t step) const { return step < fp_want.size() ? fp_want[step] : 0u; }
};
std::string fused_source(const FusedKey& key);
std::string fused_axis_source(const FusedKey& key);

// Compact identities of generated sources: everything a source depends on, a few dozen
// bytes, so a kernel seen before is found without generating its source again. The tag
// names the generator; the values follow.
struct KernelKey {
  std::string bytes;
  explicit KernelKey(char tag) {
    bytes.reserve(256);  // one allocation for most keys, not one per doubling
    bytes.push_back(tag);
  }
  KernelKey& operator<<(long long v) {
    bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
    return *this;
  }
};
std::string kernel_key(const ElementwiseKey& key);
std::string kernel_key(const FusedKey& key);

// The headers the generated source includes, as (name, text) pairs for NVRTC.
const std::vector<std::pair<std::string, std::string>>& kernel_headers();

}  // namespace metallic::cuda
