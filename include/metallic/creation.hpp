// Creating arrays: zeros, ones, full, arange, linspace, eye, ...
#pragma once

#include "metallic/array.hpp"

namespace metallic {

array empty(const Shape& shape, Dtype dtype = Dtype::float64, Device device = default_device());
array zeros(const Shape& shape, Dtype dtype = Dtype::float64, Device device = default_device());
array ones(const Shape& shape, Dtype dtype = Dtype::float64, Device device = default_device());
array full(const Shape& shape, const Scalar& value, Dtype dtype, Device device = default_device());
// Values start, start + step, ... below stop, in dtype; raises value_error for step 0.
array arange(const Scalar& start, const Scalar& stop, const Scalar& step, Dtype dtype,
             Device device = default_device());
array linspace(double start, double stop, int64_t num = 50, bool endpoint = true,
               Dtype dtype = Dtype::float64, Device device = default_device());
array eye(int64_t n, int64_t m, int64_t k = 0, Dtype dtype = Dtype::float64,
          Device device = default_device());
// The index along `axis` of every element of an array of `shape` (int64).
array indices_along(const Shape& shape, int axis, Device device = default_device());

}  // namespace metallic
