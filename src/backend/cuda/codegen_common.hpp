// Pieces every kernel generator uses: a string builder, the C++ names of functors and
// dtypes inside generated code, and the prelude each generated source starts with.
#pragma once

#include <string>
#include <vector>

#include "backend/cuda/codegen.hpp"

#include "metallic/dtype.hpp"
#include "ops/op_table.hpp"

namespace metallic::cuda {

// Appends text and numbers to a source string. (This library avoids iostreams: their
// locale machinery has crashed when the library is loaded next to other C++ runtimes.)
struct Source {
  std::string text;
  Source& operator<<(const std::string& s) {
    text += s;
    return *this;
  }
  Source& operator<<(const char* s) {
    text += s;
    return *this;
  }
  Source& operator<<(long long v) {
    text += std::to_string(v);
    return *this;
  }
  Source& operator<<(int v) { return *this << static_cast<long long>(v); }
  std::string str() const { return text; }
};

const char* functor_name(OpId op);     // "metallic::ops::Add"
const char* storage_type(Dtype d);     // the type an element is stored as
const char* compute_type(Dtype d);     // the type arithmetic happens in (float16 in float32)
extern const char* const kPrelude;     // includes and load/store helpers

// A grid-stride loop over vectors of V elements, for kernels whose operands are all
// contiguous (or scalar) with aligned pointers. The head declares each contiguous
// operand's vector type V<o>, loads inputs (o < nin) as in<o> and declares the vectors
// outputs fill (out<o>), then opens a loop over lanes q with element index i. The tail
// closes it and stores the outputs' vectors.
std::string vector_loop_head(const std::vector<Dtype>& dtypes, const std::vector<Access>& access, int nin, int V);
std::string vector_loop_tail(const std::vector<Dtype>& dtypes, int nin);

// The start of line t of a LineArgs kernel: ip and op, the offsets of its first element
// in a.in and a.out.
std::string line_start(int other_dims);

// Inside a loop over element index i: the byte offset off<o> of each operand's element
// (strided operands through the a.shape / a.strides of ElementwiseArgs or FusedArgs).
std::string element_offsets(const std::vector<Dtype>& dtypes, const std::vector<Access>& access, int ndim);

// A block's tree reduction (kThreads threads, functor f): block_shared declares the
// shared arrays; block_combine folds each thread's (acc, have) into sh[0], have_sh[0].
std::string block_shared(const std::string& A);
std::string block_combine(const std::string& A);

}  // namespace metallic::cuda
