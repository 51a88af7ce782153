// IEEE binary16 storage type. Arithmetic on float16 happens in float32 and is rounded
// back, as NumPy does; this type only converts.
#pragma once

#include <cstdint>
#include <cstring>

#include "hd.hpp"

namespace metallic {

struct half {
  uint16_t bits = 0;

  half() = default;
  MTL_HD explicit half(float f) : bits(from_float(f)) {}
  MTL_HD explicit operator float() const { return to_float(bits); }

  MTL_HD static float to_float(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1fu;
    uint32_t man = h & 0x3ffu;
    uint32_t out;
    if (exp == 0) {
      if (man == 0) {
        out = sign;
      } else {  // subnormal: normalise
        exp = 127 - 15 + 1;
        while ((man & 0x400u) == 0) {
          man <<= 1;
          --exp;
        }
        man &= 0x3ffu;
        out = sign | (exp << 23) | (man << 13);
      }
    } else if (exp == 0x1f) {
      out = sign | 0x7f800000u | (man << 13);
    } else {
      out = sign | ((exp + 127 - 15) << 23) | (man << 13);
    }
    float f;
    std::memcpy(&f, &out, 4);
    return f;
  }

  // Round to nearest even, as NumPy's npy_float_to_half.
  MTL_HD static uint16_t from_float(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
    const uint32_t absx = x & 0x7fffffffu;
    if (absx >= 0x7f800000u) {  // inf or nan
      if (absx == 0x7f800000u) return sign | 0x7c00u;
      uint16_t m = static_cast<uint16_t>((absx & 0x7fffffu) >> 13);
      return sign | 0x7c00u | (m ? m : 1u);
    }
    if (absx >= 0x477ff000u) return sign | 0x7c00u;  // overflows to inf
    if (absx < 0x38800000u) {                        // subnormal or zero in half
      if (absx < 0x33000000u) return sign;           // below half the smallest subnormal
      const uint32_t e = absx >> 23;
      uint32_t m = (absx & 0x7fffffu) | 0x800000u;
      const uint32_t shift = 126 - e;  // 14 + (112 - e) ... places to drop
      const uint32_t drop = shift;
      uint32_t result = m >> drop;
      const uint32_t rem = m & ((1u << drop) - 1);
      const uint32_t halfway = 1u << (drop - 1);
      if (rem > halfway || (rem == halfway && (result & 1u))) ++result;
      return sign | static_cast<uint16_t>(result);
    }
    uint32_t h = ((absx >> 13) - (112u << 10));
    const uint32_t rem = absx & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;
    return sign | static_cast<uint16_t>(h);
  }
};

}  // namespace metallic
