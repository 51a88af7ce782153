// Data types and NumPy 2 type promotion (NEP 50).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace metallic {

// Order matters: it is the search order for the smallest common type.
enum class Dtype : uint8_t {
  bool_,
  uint8,
  int8,
  uint16,
  int16,
  uint32,
  int32,
  uint64,
  int64,
  float16,
  float32,
  float64,
  complex64,
  complex128,
};
inline constexpr int kNumDtypes = 14;

enum class Kind : uint8_t { Bool, UInt, Int, Float, Complex };

size_t itemsize(Dtype d);
Kind kind(Dtype d);
const char* dtype_name(Dtype d);  // "float32"
char dtype_char(Dtype d);         // NumPy's type character: 'f'
std::optional<Dtype> dtype_from_char(char c);
std::optional<Dtype> dtype_from_name(const std::string& name);

inline bool is_integer(Dtype d) { return kind(d) == Kind::Int || kind(d) == Kind::UInt; }
inline bool is_inexact(Dtype d) { return kind(d) == Kind::Float || kind(d) == Kind::Complex; }
inline bool is_complex(Dtype d) { return kind(d) == Kind::Complex; }

enum class Casting : uint8_t { no, equiv, safe, same_kind, unsafe };
std::optional<Casting> casting_from_name(const std::string& name);

bool can_cast(Dtype from, Dtype to, Casting casting = Casting::safe);

// numpy.promote_types; throws TypeError-like metallic::type_error when none exists.
Dtype promote_types(Dtype a, Dtype b);

// The real dtype of a complex one (complex64 -> float32); identity otherwise.
Dtype real_dtype(Dtype d);
// The complex dtype holding a float one (float32 -> complex64).
Dtype complex_dtype(Dtype d);
// The smallest float type that holds every value of d (int16 -> float32).
Dtype float_dtype_for(Dtype d);

// Kinds of Python scalars taking part in NEP 50 promotion ("weak" scalars).
enum class WeakKind : uint8_t { none, bool_, int_, float_, complex_ };

// The dtype a weak scalar of kind k takes beside a strong dtype d (NEP 50).
Dtype weak_result(WeakKind k, Dtype d);
// The dtype a weak scalar has on its own (int -> int64, float -> float64, ...).
Dtype weak_default(WeakKind k);

}  // namespace metallic
