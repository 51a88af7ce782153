// Shape arithmetic shared by the core and every backend library.
#include <algorithm>
#include <string>

#include "metallic/array.hpp"
#include "metallic/errors.hpp"

namespace metallic {

int64_t shape_size(const Shape& shape) {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

void check_size(const Shape& shape, size_t itemsize) {
  if (shape.size() > 64)  // NumPy's NPY_MAXDIMS
    throw value_error("maximum supported dimension for an ndarray is currently 64, found " +
                      std::to_string(shape.size()));
  // NumPy's limit: the byte count of the nonzero dimensions must fit a signed
  // pointer-sized integer (so (0, 2**62, 2**62) is too big too).
  int64_t bytes = static_cast<int64_t>(itemsize);
  bool over = false;
  for (auto d : shape) {
    if (d < 0) throw value_error("negative dimensions are not allowed");
    if (d > 0) over = over || __builtin_mul_overflow(bytes, d, &bytes);
  }
  if (over)
    throw value_error(
        "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.");
}

std::string shape_str(const Shape& shape, bool compact) {
  std::string r = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    r += (i ? (compact ? "," : ", ") : "") + std::to_string(shape[i]);
  return r + (shape.size() == 1 ? ",)" : ")");
}

Strides c_strides(const Shape& shape, size_t itemsize) {
  if (shape_size(shape) == 0) return Strides(shape.size(), 0);  // as NumPy for empty arrays
  Strides s(shape.size());
  int64_t acc = static_cast<int64_t>(itemsize);
  for (int i = static_cast<int>(shape.size()) - 1; i >= 0; --i) {
    s[i] = acc;
    acc *= std::max<int64_t>(shape[i], 1);
  }
  return s;
}

Strides f_strides(const Shape& shape, size_t itemsize) {
  if (shape_size(shape) == 0) return Strides(shape.size(), 0);
  Strides s(shape.size());
  int64_t acc = static_cast<int64_t>(itemsize);
  for (size_t i = 0; i < shape.size(); ++i) {
    s[i] = acc;
    acc *= std::max<int64_t>(shape[i], 1);
  }
  return s;
}

}  // namespace metallic
