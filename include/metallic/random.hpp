// Random numbers from Philox4x32-10: the same seed gives the same numbers on every
// device. NumPy's API, not NumPy's bit streams.
#pragma once

#include <cstdint>

#include "metallic/array.hpp"

namespace metallic::random {

void seed(uint64_t s);
// Uniform [0, 1) float64.
array rand(const Shape& shape, Device device = default_device());
// Standard normal float64.
array randn(const Shape& shape, Device device = default_device());

}  // namespace metallic::random
