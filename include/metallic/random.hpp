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

// A generator's whole state: a Philox key and the next stream (each draw takes one
// stream, so draws never share counters). seed(s) installs {key_for_seed(s), 0}.
struct State {
  uint64_t key = 0, stream = 0;
};
State get_state();
void set_state(State s);
// The global generator's next draw (key and stream), taken atomically: the stream moves on.
State take_stream();
uint64_t key_for_seed(uint64_t s);
// Draw `stream` of `key`, for generators that keep their own state (numpy.random.Generator):
// uniform [0, 1), standard normal, standard gamma of shape k, or Poisson of mean k (int64).
// float64, or float32 for uniform and normal draws (their own float32 streams, four numbers
// per Philox block).
enum class Draw { uniform, normal, gamma, poisson };
array draw(Draw what, uint64_t key, uint64_t stream, const Shape& shape, Device device = default_device(),
           double k = 0, Dtype dtype = Dtype::float64);

}  // namespace metallic::random
