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

// Standard gamma with shape k = f[0] > 0 (Marsaglia and Tsang's squeeze method; for k < 1,
// G(k + 1) * U^(1/k)). Element i's attempts draw from counters (i, stream + (j + 1) << 40),
// apart from the uniform and normal streams of the same key (a generator takes one stream
// per draw). At most 64 attempts: each fails with probability below 5%.
struct RandomGamma {
  uint64_t key, offset;
  double k;
  explicit MTL_HD RandomGamma(const Params& p) : key(p.u[0]), offset(p.u[1]), k(p.f[0]) {}
  MTL_HD double operator()(int64_t i) const {
    const uint64_t ctr = static_cast<uint64_t>(i);
    const double kk = k < 1 ? k + 1 : k;
    const double d = kk - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    double g = d;
    for (uint64_t j = 0; j < 64; ++j) {
      const auto r = philox::philox4x32_10(ctr, offset + ((j + 1) << 40), key);
      const double x = philox::box_muller_radius(r) * std::cos(philox::box_muller_angle(r));
      const double t = 1.0 + c * x;
      if (t <= 0) continue;
      const double v = t * t * t;
      const auto s = philox::philox4x32_10(ctr, offset + ((j + 1) << 40) + (uint64_t{1} << 39), key);
      const double u = 1.0 - philox::uniform_double(s.x[0], s.x[1]);  // (0, 1]
      if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) {
        g = d * v;
        break;
      }
    }
    if (k < 1) {
      const auto s = philox::philox4x32_10(ctr, offset + (uint64_t{65} << 40), key);
      g *= std::pow(1.0 - philox::uniform_double(s.x[2], s.x[3]), 1.0 / k);
    }
    return g;
  }
};

// Poisson with mean lam = f[0] >= 0. lam < 10: inversion by sequential search on one
// uniform (at most 160 steps: the tail beyond is below 1e-60). lam >= 10: Hormann's PTRS
// (transformed rejection with squeeze), as NumPy's generator; attempt j draws from counters
// (i, stream + (j + 1) << 40), at most 64 attempts (each fails with probability below 0.2).
struct RandomPoisson {
  uint64_t key, offset;
  double lam;
  explicit MTL_HD RandomPoisson(const Params& p) : key(p.u[0]), offset(p.u[1]), lam(p.f[0]) {}
  MTL_HD int64_t operator()(int64_t i) const {
    const uint64_t ctr = static_cast<uint64_t>(i);
    if (lam < 10) {
      const auto r = philox::philox4x32_10(ctr, offset, key);
      const double u = philox::uniform_double(r.x[0], r.x[1]);
      double p = std::exp(-lam), cdf = p;
      int64_t k = 0;
      while (u > cdf && k < 160) {
        ++k;
        p *= lam / static_cast<double>(k);
        cdf += p;
      }
      return k;
    }
    const double slam = std::sqrt(lam), loglam = std::log(lam);
    const double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    const double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
    double k = std::floor(lam);
    for (uint64_t j = 0; j < 64; ++j) {
      const auto r = philox::philox4x32_10(ctr, offset + ((j + 1) << 40), key);
      const double u = philox::uniform_double(r.x[0], r.x[1]) - 0.5, v = philox::uniform_double(r.x[2], r.x[3]);
      const double us = 0.5 - std::fabs(u);
      k = std::floor((2 * a / us + b) * u + lam + 0.43);
      if (us >= 0.07 && v <= vr) break;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <= -lam + k * loglam - std::lgamma(k + 1))
        break;
    }
    return static_cast<int64_t>(k);
  }
};

}  // namespace metallic::ops
