// Whether a block of float or double values holds an infinity or a NaN: the error-state
// checks scan every result block with it and look closer only where it finds one.
#pragma once

#include <cstdint>

namespace metallic::cpu {

bool any_nonfinite(const float* e, int64_t n);
bool any_nonfinite(const double* e, int64_t n);

}  // namespace metallic::cpu
