// Per-call scalar parameters of an operation (never part of a kernel's identity).
#pragma once

#include <cstdint>

namespace metallic {

struct Params {
  uint64_t u[4] = {0, 0, 0, 0};
  double f[4] = {0, 0, 0, 0};
};

}  // namespace metallic
