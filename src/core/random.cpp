#include "metallic/random.hpp"

#include <atomic>
#include <mutex>

#include "core/array_impl.hpp"
#include "metallic/errors.hpp"

namespace metallic::random {

namespace {

// The global generator: a key and a stream counter; each draw takes the next stream,
// so draws never reuse Philox counters.
struct GlobalState {
  std::mutex mutex;
  uint64_t key = 0x5eed5eed12345678ull;
  uint64_t stream = 0;
};

GlobalState& state() {
  static GlobalState s;
  return s;
}

}  // namespace

State take_stream() {
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  return {s.key, s.stream++};
}


uint64_t key_for_seed(uint64_t s) {
  // splitmix64, so that nearby seeds give unrelated keys
  uint64_t z = s + 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void seed(uint64_t s) {
  auto& st = state();
  std::lock_guard<std::mutex> lock(st.mutex);
  st.key = key_for_seed(s);
  st.stream = 0;
}

State get_state() {
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  return {s.key, s.stream};
}

void set_state(State st) {
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  s.key = st.key;
  s.stream = st.stream;
}

array draw(Draw what, uint64_t key, uint64_t stream, const Shape& shape, Device device, Dtype dtype) {
  Params p;
  p.u[0] = key;
  p.u[1] = stream;
  if (dtype != Dtype::float64 && dtype != Dtype::float32)
    throw type_error(std::string("[random] unsupported dtype ") + dtype_name(dtype) + " for this draw");
  const bool f32 = dtype == Dtype::float32;
  const OpId op = what == Draw::normal ? (f32 ? OpId::random_normal_f32 : OpId::random_normal)
                                       : (f32 ? OpId::random_uniform_f32 : OpId::random_uniform);
  return generate(op, shape, p, device);
}

array sample(Distribution d, uint64_t key, uint64_t stream, const std::vector<array>& params) {
  static constexpr OpId kOps[] = {OpId::random_gamma,     OpId::random_poisson,        OpId::random_binomial,
                                  OpId::random_hypergeometric, OpId::random_logseries, OpId::random_zipf,
                                  OpId::random_vonmises};
  Params p;
  p.u[0] = key;
  p.u[1] = stream;
  return apply_op(kOps[static_cast<int>(d)], params, std::nullopt, p)[0];
}

array rand(const Shape& shape, Device device) {
  const State s = take_stream();
  return draw(Draw::uniform, s.key, s.stream, shape, device);
}

array randn(const Shape& shape, Device device) {
  const State s = take_stream();
  return draw(Draw::normal, s.key, s.stream, shape, device);
}

}  // namespace metallic::random
