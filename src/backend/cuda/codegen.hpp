// CUDA C++ source for each kind of kernel, built from the shared functors (src/ops).
// The source names only types and structure (ops, dtypes, contiguity, ndim); scalars and
// sizes are kernel arguments, so equal structures share one compiled kernel.
#pragma once

#include <string>
#include <vector>

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
};

std::string elementwise_source(const ElementwiseKey& key);
// Reduction of dtype `in` with op into accumulator `acc`, stored as `out`.
std::string reduce_source(OpId op, Dtype in, Dtype acc, Dtype out, int kept_dims, int red_dims);
std::string arg_reduce_source(Dtype in, bool is_max, int other_dims);
std::string scan_source(OpId op, Dtype in, Dtype acc, Dtype out, int other_dims);

// The headers the generated source includes, as (name, text) pairs for NVRTC.
const std::vector<std::pair<std::string, std::string>>& kernel_headers();

}  // namespace metallic::cuda
