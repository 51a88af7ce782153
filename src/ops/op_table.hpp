// Backend-neutral view of the op table: names, arity and typed loops of each op.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "metallic/dtype.hpp"
#include "op_list.hpp"

namespace metallic {

namespace ops {
// Functors whose value depends on the element's position as well: operator()(i, inputs...)
// (random draws with per-element parameters; see OpInfo::positional).
template <class F>
constexpr bool kPositional = requires { F::kPositional; };
}  // namespace ops

// One loop as written in op_list.hpp ("ff->f"), parsed at compile time.
struct LoopChars {
  int nin = 0, nout = 0;
  char in[3] = {0, 0, 0};
  char out[2] = {0, 0};
};

constexpr int count_loops(std::string_view s) {
  int n = 0;
  for (char c : s) n += (c == '>');
  return n;
}

constexpr LoopChars loop_at(std::string_view s, int k) {
  size_t pos = 0;
  for (int i = 0; i < k; ++i) pos = s.find(' ', s.find('>', pos)) + 1;
  while (s[pos] == ' ') ++pos;
  LoopChars l;
  while (s[pos] != '-' && l.nin < 3) l.in[l.nin++] = s[pos++];
  pos += 2;
  while (pos < s.size() && s[pos] != ' ' && l.nout < 2) l.out[l.nout++] = s[pos++];
  return l;
}

struct Loop {
  int nin = 0, nout = 0;
  Dtype in[3]{};
  Dtype out[2]{};
};

struct OpInfo {
  OpId id;
  const char* name;
  int nin, nout;
  std::vector<Loop> loops;
  // Element i's value depends on i, its C-order position in the output, as well as on the
  // inputs (generators and random draws): computed over the output shape in C order,
  // never reordered or recomputed for a broadcast.
  bool positional = false;
};

const OpInfo& op_info(OpId id);
std::optional<OpId> op_by_name(std::string_view name);

// The dtype a loop computes in: float16 is computed in float32 and rounded back.
inline Dtype compute_dtype(Dtype d) { return d == Dtype::float16 ? Dtype::float32 : d; }

}  // namespace metallic
