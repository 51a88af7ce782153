// Random numbers from Philox4x32-10: the same seed gives the same numbers on every
// device. NumPy's API, not NumPy's bit streams.
#pragma once

#include <cstdint>
#include <vector>

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
// uniform [0, 1) or standard normal, float64, or float32 (their own float32 streams, four
// numbers per Philox block).
enum class Draw { uniform, normal };
array draw(Draw what, uint64_t key, uint64_t stream, const Shape& shape, Device device = default_device(),
           Dtype dtype = Dtype::float64);

// Draws with per-element parameters, broadcast together (the result has their shape and
// device): gamma (shape k: a standard gamma), poisson (lam), binomial (n: int64, p),
// hypergeometric (ngood, nbad, nsample: int64), logseries (p), zipf (a), vonmises (mu,
// kappa). Parameters outside the distribution's domain are not checked here.
enum class Distribution { gamma, poisson, binomial, hypergeometric, logseries, zipf, vonmises };
array sample(Distribution d, uint64_t key, uint64_t stream, const std::vector<array>& params);

}  // namespace metallic::random
