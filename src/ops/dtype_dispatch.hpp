// Calling a generic lambda with the C++ storage type of a runtime dtype.
#pragma once

#include <cstdint>

#include "complex.hpp"
#include "half.hpp"
#include "metallic/dtype.hpp"

namespace metallic {

template <class T>
struct TypeTag {
  using type = T;
};

template <class F>
decltype(auto) dispatch_dtype(Dtype d, F&& f) {
  switch (d) {
    case Dtype::bool_:
      return f(TypeTag<bool>{});
    case Dtype::int8:
      return f(TypeTag<int8_t>{});
    case Dtype::int16:
      return f(TypeTag<int16_t>{});
    case Dtype::int32:
      return f(TypeTag<int32_t>{});
    case Dtype::int64:
      return f(TypeTag<int64_t>{});
    case Dtype::uint8:
      return f(TypeTag<uint8_t>{});
    case Dtype::uint16:
      return f(TypeTag<uint16_t>{});
    case Dtype::uint32:
      return f(TypeTag<uint32_t>{});
    case Dtype::uint64:
      return f(TypeTag<uint64_t>{});
    case Dtype::float16:
      return f(TypeTag<half>{});
    case Dtype::float32:
      return f(TypeTag<float>{});
    case Dtype::float64:
      return f(TypeTag<double>{});
    case Dtype::complex64:
      return f(TypeTag<complex<float>>{});
    case Dtype::complex128:
      break;
  }
  return f(TypeTag<complex<double>>{});
}

// The storage type for a NumPy type character, at compile time.
template <char C>
struct char_type;
template <>
struct char_type<'?'> {
  using type = bool;
};
template <>
struct char_type<'b'> {
  using type = int8_t;
};
template <>
struct char_type<'B'> {
  using type = uint8_t;
};
template <>
struct char_type<'h'> {
  using type = int16_t;
};
template <>
struct char_type<'H'> {
  using type = uint16_t;
};
template <>
struct char_type<'i'> {
  using type = int32_t;
};
template <>
struct char_type<'I'> {
  using type = uint32_t;
};
template <>
struct char_type<'l'> {
  using type = int64_t;
};
template <>
struct char_type<'L'> {
  using type = uint64_t;
};
template <>
struct char_type<'e'> {
  using type = half;
};
template <>
struct char_type<'f'> {
  using type = float;
};
template <>
struct char_type<'d'> {
  using type = double;
};
template <>
struct char_type<'F'> {
  using type = complex<float>;
};
template <>
struct char_type<'D'> {
  using type = complex<double>;
};

}  // namespace metallic
