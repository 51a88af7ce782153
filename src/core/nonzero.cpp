// flatnonzero and compress: the positions of an array's nonzero elements in C order, from
// the backend's stream compaction over a bool mask, and the slices at those positions.
// How many there are depends on the data: their count is read back once, to size the
// result.
#include <string>

#include "core/array_impl.hpp"
#include "metallic/errors.hpp"
#include "metallic/ops.hpp"

namespace metallic {

array flatnonzero(const array& a) {
  const Device d = a.device();
  array mask = a.dtype() == Dtype::bool_ ? a : not_equal(a, array::scalar(Scalar(int64_t{0}), WeakKind::int_, d));
  mask = ascontiguousarray(reshape(mask, {-1}));
  mask.eval();
  array out;
  const NonzeroCall call{mask.size(), reinterpret_cast<const unsigned char*>(mask.data()), [&](int64_t count) {
                           out = make_empty(Dtype::int64, {count}, d);
                           return reinterpret_cast<int64_t*>(out.data());
                         }};
  backend_for(d).nonzero(call);
  return out;
}

array compress(const array& condition, const array& a, std::optional<int> axis_in) {
  if (condition.ndim() != 1) throw value_error("[compress] condition must be a 1-d array");
  if (condition.device() != a.device()) throw value_error("[compress] condition lives on another device");
  const array src = axis_in ? a : reshape(a, {-1});
  if (src.ndim() == 0) throw axis_error("[compress] axis 0 is out of bounds for array of dimension 0");
  const int axis = axis_in ? normalize_axis(*axis_in, src.ndim(), "compress") : 0;
  const int64_t n = src.shape()[axis];
  const array at = flatnonzero(condition);
  if (condition.size() > n && at.size() > 0) {  // true entries past the axis's end are out of bounds
    const int64_t last = getitem(at, {int64_t{-1}}).item().v.i;
    if (last >= n)
      throw index_error("[compress] index " + std::to_string(last) + " is out of bounds for axis " +
                        std::to_string(axis) + " with size " + std::to_string(n));
  }
  return take_in_range(src, at, axis, at.shape());
}

}  // namespace metallic
