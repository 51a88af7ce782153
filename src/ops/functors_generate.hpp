// Nullary functors: each output element is a function of its C-order linear index
// and the call's parameters (never of other elements), so every backend can produce
// any block of the output independently.
#pragma once

#include "functors_arith.hpp"
#include "params.hpp"
#include "philox.hpp"

namespace metallic::ops {

// The index along one axis: (i / inner) % extent, inner = product of the later axes.
struct Iota {
  uint64_t inner, extent;
  explicit MTL_HD Iota(const Params& p) : inner(p.u[0]), extent(p.u[1]) {}
  MTL_HD int64_t operator()(int64_t i) const {
    return static_cast<int64_t>((static_cast<uint64_t>(i) / inner) % extent);
  }
};

// Generators of random numbers also have block4(j, out): elements 4j .. 4j+3 at once, the
// same values as operator() gives them one by one (a GPU thread then runs Philox once per
// block instead of once per element).

// Uniform [0, 1): u[0] = key, u[1] = stream offset. Elements 2k and 2k+1 take the two
// halves of block k.
struct RandomUniform {
  uint64_t key, offset;
  explicit MTL_HD RandomUniform(const Params& p) : key(p.u[0]), offset(p.u[1]) {}
  static MTL_HD double value(const philox::Block& r, int half) {
    return philox::uniform_double(r.x[2 * half], r.x[2 * half + 1]);
  }
  MTL_HD double operator()(int64_t i) const {
    return value(philox::philox4x32_10(static_cast<uint64_t>(i) >> 1, offset, key), static_cast<int>(i & 1));
  }
  MTL_HD void block4(int64_t j, double* out) const { philox::two_per_block<RandomUniform>(j, offset, key, out); }
};

// Standard normal: elements 2k and 2k+1 are the two Box-Muller outputs of block k.
struct RandomNormal {
  uint64_t key, offset;
  explicit MTL_HD RandomNormal(const Params& p) : key(p.u[0]), offset(p.u[1]) {}
  static MTL_HD double value(const philox::Block& r, int half) {
    const double radius = philox::box_muller_radius(r), angle = philox::box_muller_angle(r);
    return radius * (half ? std::sin(angle) : std::cos(angle));
  }
  MTL_HD double operator()(int64_t i) const {
    return value(philox::philox4x32_10(static_cast<uint64_t>(i) >> 1, offset, key), static_cast<int>(i & 1));
  }
  MTL_HD void block4(int64_t j, double* out) const { philox::two_per_block<RandomNormal>(j, offset, key, out); }
};

// float32 draws: four per Philox block (elements 4k .. 4k+3 of block k).
struct RandomUniformF32 {
  uint64_t key, offset;
  explicit MTL_HD RandomUniformF32(const Params& p) : key(p.u[0]), offset(p.u[1]) {}
  MTL_HD float operator()(int64_t i) const {
    const auto r = philox::philox4x32_10(static_cast<uint64_t>(i) >> 2, offset, key);
    return philox::uniform_float(r.x[i & 3]);
  }
  MTL_HD void block4(int64_t j, float* out) const {
    const auto r = philox::philox4x32_10(static_cast<uint64_t>(j), offset, key);
    for (int q = 0; q < 4; ++q) out[q] = philox::uniform_float(r.x[q]);
  }
};

// Standard normal float32: Box-Muller in float on the pairs (x0, x1) and (x2, x3) of block
// k, cos then sin: elements 4k .. 4k+3.
struct RandomNormalF32 {
  uint64_t key, offset;
  explicit MTL_HD RandomNormalF32(const Params& p) : key(p.u[0]), offset(p.u[1]) {}
  static MTL_HD void pair(const philox::Block& r, int p, float& c, float& s) {
    const float radius = std::sqrt(-2.0f * std::log(philox::uniform_float_open0(r.x[2 * p])));
    philox::cos_sin_2pi(philox::uniform_float(r.x[2 * p + 1]), c, s);
    c *= radius;
    s *= radius;
  }
  MTL_HD float operator()(int64_t i) const {
    const auto r = philox::philox4x32_10(static_cast<uint64_t>(i) >> 2, offset, key);
    float c, s;
    pair(r, static_cast<int>(i >> 1) & 1, c, s);
    return (i & 1) ? s : c;
  }
  MTL_HD void block4(int64_t j, float* out) const {
    const auto r = philox::philox4x32_10(static_cast<uint64_t>(j), offset, key);
    pair(r, 0, out[0], out[1]);
    pair(r, 1, out[2], out[3]);
  }
};

}  // namespace metallic::ops
