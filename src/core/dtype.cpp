#include "metallic/dtype.hpp"

#include "metallic/errors.hpp"

namespace metallic {
namespace {

struct DtypeInfo {
  const char* name;
  char code;
  size_t size;
  Kind kind;
};

constexpr DtypeInfo kInfo[kNumDtypes] = {
    {"bool", '?', 1, Kind::Bool},         {"uint8", 'B', 1, Kind::UInt},
    {"int8", 'b', 1, Kind::Int},          {"uint16", 'H', 2, Kind::UInt},
    {"int16", 'h', 2, Kind::Int},         {"uint32", 'I', 4, Kind::UInt},
    {"int32", 'i', 4, Kind::Int},         {"uint64", 'L', 8, Kind::UInt},
    {"int64", 'l', 8, Kind::Int},         {"float16", 'e', 2, Kind::Float},
    {"float32", 'f', 4, Kind::Float},     {"float64", 'd', 8, Kind::Float},
    {"complex64", 'F', 8, Kind::Complex}, {"complex128", 'D', 16, Kind::Complex},
};

const DtypeInfo& info(Dtype d) { return kInfo[static_cast<int>(d)]; }

// Bytes of mantissa-like precision that a float type holds for integers:
// float16 holds 8-bit ints exactly, float32 16-bit ints, float64 all (as NumPy deems).
size_t int_bytes_held_by_float(Dtype f) {
  switch (f) {
    case Dtype::float16:
      return 1;
    case Dtype::float32:
    case Dtype::complex64:
      return 2;
    default:
      return 8;
  }
}

bool safe_cast(Dtype from, Dtype to) {
  if (from == to) return true;
  const Kind kf = kind(from), kt = kind(to);
  const size_t sf = itemsize(from), st = itemsize(to);
  switch (kf) {
    case Kind::Bool:
      return true;
    case Kind::UInt:
      if (kt == Kind::UInt) return st >= sf;
      if (kt == Kind::Int) return st > sf;
      if (kt == Kind::Float || kt == Kind::Complex) return int_bytes_held_by_float(to) >= sf;
      return false;
    case Kind::Int:
      if (kt == Kind::Int) return st >= sf;
      if (kt == Kind::Float || kt == Kind::Complex) return int_bytes_held_by_float(to) >= sf;
      return false;
    case Kind::Float:
      if (kt == Kind::Float) return st >= sf;
      if (kt == Kind::Complex) return st >= 2 * sf;
      return false;
    case Kind::Complex:
      return kt == Kind::Complex && st >= sf;
  }
  return false;
}

}  // namespace

size_t itemsize(Dtype d) { return info(d).size; }
Kind kind(Dtype d) { return info(d).kind; }
const char* dtype_name(Dtype d) { return info(d).name; }
char dtype_char(Dtype d) { return info(d).code; }

std::optional<Dtype> dtype_from_char(char c) {
  if (c == 'q') c = 'l';
  if (c == 'Q') c = 'L';
  for (int i = 0; i < kNumDtypes; ++i)
    if (kInfo[i].code == c) return static_cast<Dtype>(i);
  return std::nullopt;
}

std::optional<Dtype> dtype_from_name(const std::string& name) {
  for (int i = 0; i < kNumDtypes; ++i)
    if (name == kInfo[i].name) return static_cast<Dtype>(i);
  if (name.size() == 1) return dtype_from_char(name[0]);
  return std::nullopt;
}

std::optional<Casting> casting_from_name(const std::string& name) {
  if (name == "no") return Casting::no;
  if (name == "equiv") return Casting::equiv;
  if (name == "safe") return Casting::safe;
  if (name == "same_kind") return Casting::same_kind;
  if (name == "unsafe") return Casting::unsafe;
  return std::nullopt;
}

bool can_cast(Dtype from, Dtype to, Casting casting) {
  switch (casting) {
    case Casting::no:
    case Casting::equiv:
      return from == to;
    case Casting::safe:
      return safe_cast(from, to);
    case Casting::same_kind: {
      // bool < unsigned < signed < float < complex: the Kind enum's order
      return static_cast<int>(kind(from)) <= static_cast<int>(kind(to));
    }
    case Casting::unsafe:
      return true;
  }
  return false;
}

Dtype promote_types(Dtype a, Dtype b) {
  if (a == b) return a;
  for (int i = 0; i < kNumDtypes; ++i) {
    const auto t = static_cast<Dtype>(i);
    if (safe_cast(a, t) && safe_cast(b, t)) return t;
  }
  throw type_error(std::string("The DTypes ") + dtype_name(a) + " and " + dtype_name(b) +
                   " do not have a common DType.");
}

Dtype real_dtype(Dtype d) {
  if (d == Dtype::complex64) return Dtype::float32;
  if (d == Dtype::complex128) return Dtype::float64;
  return d;
}

Dtype complex_dtype(Dtype d) {
  if (d == Dtype::complex64 || d == Dtype::complex128) return d;
  return promote_types(d, Dtype::complex64);
}

Dtype float_dtype_for(Dtype d) {
  if (is_inexact(d)) return d;
  return promote_types(d, Dtype::float16);
}

Dtype weak_default(WeakKind k) {
  switch (k) {
    case WeakKind::bool_:
      return Dtype::bool_;
    case WeakKind::int_:
      return Dtype::int64;
    case WeakKind::float_:
      return Dtype::float64;
    case WeakKind::complex_:
      return Dtype::complex128;
    case WeakKind::none:
      break;
  }
  return Dtype::float64;
}

Dtype weak_result(WeakKind k, Dtype d) {
  const Kind kd = kind(d);
  switch (k) {
    case WeakKind::none:
    case WeakKind::bool_:
      return d;
    case WeakKind::int_:
      return kd == Kind::Bool ? Dtype::int64 : d;
    case WeakKind::float_:
      return is_inexact(d) ? d : Dtype::float64;
    case WeakKind::complex_:
      if (kd == Kind::Complex) return d;
      if (kd == Kind::Float) return complex_dtype(d);
      return Dtype::complex128;
  }
  return d;
}

}  // namespace metallic
