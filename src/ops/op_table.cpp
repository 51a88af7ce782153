#include "op_table.hpp"

#include <array>
#include <unordered_map>

namespace metallic {
namespace {

OpInfo make_info(OpId id, const char* name, std::string_view loops, bool positional) {
  OpInfo info{id, name, 0, 0, {}, positional};
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
  info.positional = info.positional || info.nin == 0;
  return info;
}

const std::array<OpInfo, kNumOps>& table() {
  static const std::array<OpInfo, kNumOps> t = {
#define MTL_X(id, name, F, loops) make_info(OpId::id, name, loops, ops::kPositional<ops::F>),
      MTL_ELEMENTWISE_OPS(MTL_X)
#undef MTL_X
  };
  return t;
}

}  // namespace

const OpInfo& op_info(OpId id) { return table()[static_cast<int>(id)]; }

std::optional<OpId> op_by_name(std::string_view name) {
  static const std::unordered_map<std::string_view, OpId> by_name = [] {
    std::unordered_map<std::string_view, OpId> m;
    for (const auto& info : table()) m.emplace(info.name, info.id);
    return m;
  }();
  auto it = by_name.find(name);
  return it == by_name.end() ? std::nullopt : std::optional<OpId>(it->second);
}

}  // namespace metallic
