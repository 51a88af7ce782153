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

// Uniform [0, 1): u[0] = key, u[1] = stream offset. Elements 2k and 2k+1 take the two
// halves of block k.
struct RandomUniform {
  uint64_t key, offset;
  explicit MTL_HD RandomUniform(const Params& p) : key(p.u[0]), offset(p.u[1]) {}
  MTL_HD double operator()(int64_t i) const {
    const auto r = philox::philox4x32_10(static_cast<uint64_t>(i) >> 1, offset, key);
    return (i & 1) ? philox::uniform_double(r.x[2], r.x[3])
                   : philox::uniform_double(r.x[0], r.x[1]);
  }
};

// Standard normal: elements 2k and 2k+1 are the two Box-Muller outputs of block k.
struct RandomNormal {
  uint64_t key, offset;
  explicit MTL_HD RandomNormal(const Params& p) : key(p.u[0]), offset(p.u[1]) {}
  MTL_HD double operator()(int64_t i) const {
    const auto r = philox::philox4x32_10(static_cast<uint64_t>(i) >> 1, offset, key);
    const double radius = philox::box_muller_radius(r), angle = philox::box_muller_angle(r);
    return radius * ((i & 1) ? std::sin(angle) : std::cos(angle));
  }
};

}  // namespace metallic::ops
