// mtl::array: a cheap handle to an n-dimensional array on a device.
//
// An array is either materialised (a buffer, shared by all its views, plus shape,
// byte strides and a byte offset) or pending (a node of the lazy graph that says how
// to compute it). Pending arrays are always C-contiguous once computed. Host access
// (data(), to_host) evaluates.
#pragma once

#include <complex>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "metallic/device.hpp"
#include "metallic/dtype.hpp"

namespace metallic {

using Shape = std::vector<int64_t>;
using Strides = std::vector<int64_t>;  // in bytes, as NumPy's

class Buffer;
struct Node;
struct ArrayImpl;

// A Python-style scalar value, used for constants, fill values and item().
struct Scalar {
  Dtype dtype = Dtype::float64;
  union {
    bool b;
    int64_t i;
    uint64_t u;
    double f;
  } v{};
  double imag = 0.0;  // complex dtypes only

  Scalar() = default;
  Scalar(bool x) : dtype(Dtype::bool_) { v.b = x; }
  Scalar(int x) : dtype(Dtype::int64) { v.i = x; }
  Scalar(int64_t x) : dtype(Dtype::int64) { v.i = x; }
  Scalar(uint64_t x) : dtype(Dtype::uint64) { v.u = x; }
  Scalar(double x) : dtype(Dtype::float64) { v.f = x; }
  Scalar(std::complex<double> x) : dtype(Dtype::complex128), imag(x.imag()) { v.f = x.real(); }

  // The value converted to dtype d, written to dst (itemsize(d) bytes), NumPy-style.
  void store(Dtype d, void* dst) const;
  double as_double() const;
  std::complex<double> as_complex() const;
  int64_t as_int() const;
};

class array {
 public:
  array() = default;
  // Implicit from C++ scalars: weak scalars in promotion, as Python's are in NumPy.
  array(bool x);
  array(int x);
  array(int64_t x);
  array(double x);
  array(std::complex<double> x);

  // A new array holding a copy of host data laid out with the given byte strides
  // (C order when empty).
  static array from_host(const void* data, Shape shape, Dtype dtype, Strides strides = {},
                         Device device = default_device());
  // A 0-d array holding s; weak marks a Python scalar for NEP 50 promotion.
  static array scalar(const Scalar& s, WeakKind weak = WeakKind::none,
                      Device device = default_device());

  // --- properties (never evaluate) ---
  Dtype dtype() const;
  const Shape& shape() const;
  const Strides& strides() const;  // strides of a pending array: C-contiguous
  int ndim() const { return static_cast<int>(shape().size()); }
  int64_t size() const;
  size_t itemsize() const { return metallic::itemsize(dtype()); }
  size_t nbytes() const { return static_cast<size_t>(size()) * itemsize(); }
  int64_t offset() const;  // byte offset into the buffer
  Device device() const;
  WeakKind weak() const;  // WeakKind::none unless a Python scalar
  bool is_c_contiguous() const;
  bool is_f_contiguous() const;
  bool is_pending() const;
  bool valid() const { return impl_ != nullptr; }
  bool is_writeable() const;
  // True when both arrays use the same buffer (views of one array).
  bool shares_buffer(const array& other) const;

  // --- evaluation and host access ---
  // Compute a pending array (no-op when materialised).
  const array& eval() const;
  // Copy the elements to host memory in C order (evaluates).
  void to_host(void* dst) const;
  // The first element as a scalar (size must be 1).
  Scalar item() const;

  // --- views (share the buffer; see ops.hpp for reshape and friends) ---
  // A view with given shape/strides/offset over this array's buffer (evaluates).
  array view(Shape shape, Strides strides, int64_t offset) const;
  // This array with a weak flag cleared (a plain 0-d array).
  array strong() const;
  // The array whose memory this view reads (NumPy's base); an invalid array when this one
  // owns its data.
  array base() const;

  // --- for the core and backends ---
  const std::shared_ptr<Buffer>& buffer() const;
  const std::shared_ptr<Node>& node() const;
  const std::shared_ptr<ArrayImpl>& impl() const { return impl_; }
  explicit array(std::shared_ptr<ArrayImpl> impl) : impl_(std::move(impl)) {}
  // Raw pointer to element 0 (buffer base + offset); the array must be materialised.
  char* data() const;
  void set_writeable(bool w);

 private:
  std::shared_ptr<ArrayImpl> impl_;
};

// C-contiguous byte strides for a shape.
Strides c_strides(const Shape& shape, size_t itemsize);
Strides f_strides(const Shape& shape, size_t itemsize);
int64_t shape_size(const Shape& shape);
// Raises value_error (NumPy's "array is too big") when an array of this shape and item
// size could not be addressed, and for negative dimensions.
void check_size(const Shape& shape, size_t itemsize);
// A shape as Python prints a tuple, "(2, 3)" / "(4,)"; compact drops the spaces, as
// NumPy's broadcasting errors do.
std::string shape_str(const Shape& shape, bool compact = false);

}  // namespace metallic
