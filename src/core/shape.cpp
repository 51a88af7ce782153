// Shape arithmetic shared by the core and every backend library.
#include <algorithm>
#include <string>

#include "metallic/array.hpp"

namespace metallic {

int64_t shape_size(const Shape& shape) {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
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
