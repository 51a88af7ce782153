// Philox4x32-10 counter-based generator (Salmon et al., SC'11), shared by all backends:
// element i of a draw depends only on (key, counter), so any device and any thread
// order give the same numbers.
#pragma once

#include <cmath>
#include <cstdint>

#include "hd.hpp"

namespace metallic::philox {

struct Block {
  uint32_t x[4];
};

MTL_HD inline void mulhilo(uint32_t a, uint32_t b, uint32_t& hi, uint32_t& lo) {
  const uint64_t p = static_cast<uint64_t>(a) * b;
  hi = static_cast<uint32_t>(p >> 32);
  lo = static_cast<uint32_t>(p);
}

MTL_HD inline Block philox4x32_10(uint64_t counter_lo, uint64_t counter_hi, uint64_t key) {
  uint32_t c0 = static_cast<uint32_t>(counter_lo), c1 = static_cast<uint32_t>(counter_lo >> 32);
  uint32_t c2 = static_cast<uint32_t>(counter_hi), c3 = static_cast<uint32_t>(counter_hi >> 32);
  uint32_t k0 = static_cast<uint32_t>(key), k1 = static_cast<uint32_t>(key >> 32);
  for (int round = 0; round < 10; ++round) {
    uint32_t hi0, lo0, hi1, lo1;
    mulhilo(0xD2511F53u, c0, hi0, lo0);
    mulhilo(0xCD9E8D57u, c2, hi1, lo1);
    const uint32_t n0 = hi1 ^ c1 ^ k0, n1 = lo1, n2 = hi0 ^ c3 ^ k1, n3 = lo0;
    c0 = n0;
    c1 = n1;
    c2 = n2;
    c3 = n3;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return {{c0, c1, c2, c3}};
}

// Uniform in [0, 1) with 53 random bits.
MTL_HD inline double uniform_double(uint32_t a, uint32_t b) {
  const uint64_t bits = (static_cast<uint64_t>(a) << 32 | b) >> 11;
  return static_cast<double>(bits) * (1.0 / 9007199254740992.0);
}
// Uniform in [0, 1) with 24 random bits.
MTL_HD inline float uniform_float(uint32_t a) {
  return static_cast<float>(a >> 8) * (1.0f / 16777216.0f);
}

// Uniform in [0, 1) with 24 random bits, and in (0, 1] from all 32 (the Box-Muller radius:
// its smallest value 2^-32 reaches 6.66 standard deviations).
MTL_HD inline float uniform_float_open0(uint32_t a) {
  return (static_cast<float>(a) + 1.0f) * (1.0f / 4294967296.0f);
}

// cos(2 pi u) and sin(2 pi u) for u in [0, 1): the GPU's sincospif (no range reduction);
// the host computes the same to within an ulp or two.
MTL_HD inline void cos_sin_2pi(float u, float& c, float& s) {
#if defined(__CUDA_ARCH__)
  sincospif(2.0f * u, &s, &c);
#else
  const float angle = 6.2831853071795864769f * u;
  c = std::cos(angle);
  s = std::sin(angle);
#endif
}

// Box-Muller on one block: the radius and angle that give two standard normals,
// radius * cos(angle) and radius * sin(angle).
MTL_HD inline double box_muller_radius(const Block& r) {
  const double u1 = 1.0 - uniform_double(r.x[0], r.x[1]);  // (0, 1]: log is finite
  return std::sqrt(-2.0 * std::log(u1));
}
MTL_HD inline double box_muller_angle(const Block& r) {
  return 6.283185307179586476925 * uniform_double(r.x[2], r.x[3]);
}

// Elements 4j .. 4j+3 of a float64 draw that takes two numbers per Philox block: blocks 2j
// and 2j+1, each giving F::value(block, 0) and F::value(block, 1).
template <class F>
MTL_HD inline void two_per_block(int64_t j, uint64_t offset, uint64_t key, double* out) {
  for (int b = 0; b < 2; ++b) {
    const auto r = philox4x32_10(2 * static_cast<uint64_t>(j) + b, offset, key);
    out[2 * b] = F::value(r, 0);
    out[2 * b + 1] = F::value(r, 1);
  }
}

}  // namespace metallic::philox
