#include "op_table.hpp"

#include <array>

namespace metallic {
namespace {

OpInfo make_info(OpId id, const char* name, std::string_view loops) {
  OpInfo info{id, name, 0, 0, {}};
  const int n = count_loops(loops);
  for (int k = 0; k < n; ++k) {
    const LoopChars c = loop_at(loops, k);
    Loop l;
    l.nin = c.nin;
    l.nout = c.nout;
    for (int i = 0; i < c.nin; ++i) l.in[i] = *dtype_from_char(c.in[i]);
    for (int i = 0; i < c.nout; ++i) l.out[i] = *dtype_from_char(c.out[i]);
    info.nin = c.nin;
    info.nout = c.nout;
    info.loops.push_back(l);
  }
  return info;
}

const std::array<OpInfo, kNumOps>& table() {
  static const std::array<OpInfo, kNumOps> t = {
#define MTL_X(id, name, F, loops) make_info(OpId::id, name, loops),
      MTL_ELEMENTWISE_OPS(MTL_X)
#undef MTL_X
  };
  return t;
}

}  // namespace

const OpInfo& op_info(OpId id) { return table()[static_cast<int>(id)]; }

std::optional<OpId> op_by_name(std::string_view name) {
  for (const auto& info : table())
    if (name == info.name) return info.id;
  return std::nullopt;
}

}  // namespace metallic
