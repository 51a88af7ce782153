// Gathers: NumPy's take along one axis, the core of integer-array indexing. Indices are
// checked on the host before anything runs (one min/max reduction, read back): an
// out-of-bounds index raises IndexError on every device and nothing is touched.
#include <string>

#include "core/array_impl.hpp"
#include "metallic/errors.hpp"
#include "metallic/ops.hpp"

namespace metallic {

array take(const array& a, const array& indices, std::optional<int> axis_in) {
  if (!is_integer(indices.dtype()))
    throw type_error(std::string("[take] indices must be integers, not ") + dtype_name(indices.dtype()));
  if (indices.device() != a.device()) throw value_error("[take] indices live on another device");
  const array src0 = axis_in ? a : reshape(a, {-1});
  if (src0.ndim() == 0) throw axis_error("[take] axis 0 is out of bounds for array of dimension 0");
  const int axis = axis_in ? normalize_axis(*axis_in, src0.ndim(), "take") : 0;
  const int64_t n = src0.shape()[axis];
  array idx = astype(indices, Dtype::int64, false);
  if (idx.size() > 0) {
    if (indices.dtype() == Dtype::uint64)  // values past int64's range wrap negative: check as unsigned
      if (max(indices).item().v.u >= static_cast<uint64_t>(n))
        throw index_error("[take] index " + std::to_string(max(indices).item().v.u) + " is out of bounds for axis " +
                          std::to_string(axis) + " with size " + std::to_string(n));
    const int64_t lo = min(idx).item().v.i, hi = max(idx).item().v.i;
    if (hi >= n || lo < -n)
      throw index_error("[take] index " + std::to_string(hi >= n ? hi : lo) + " is out of bounds for axis " +
                        std::to_string(axis) + " with size " + std::to_string(n));
    if (lo < 0) {
      const Device d = idx.device();
      idx = where(less(idx, array::scalar(Scalar(int64_t{0}), WeakKind::none, d)),
                  add(idx, array::scalar(Scalar(n), WeakKind::none, d)), idx);
    }
  }
  idx = ascontiguousarray(reshape(idx, {-1}));
  idx.eval();
  const array src = ascontiguousarray(src0);
  src.eval();
  Shape out_shape(src.shape().begin(), src.shape().begin() + axis);
  out_shape.insert(out_shape.end(), indices.shape().begin(), indices.shape().end());
  out_shape.insert(out_shape.end(), src.shape().begin() + axis + 1, src.shape().end());
  array out = make_empty(src.dtype(), out_shape, src.device());
  int64_t p = 1, q = 1;
  for (int d = 0; d < axis; ++d) p *= src.shape()[d];
  for (int d = axis + 1; d < src.ndim(); ++d) q *= src.shape()[d];
  const TakeCall call{src.itemsize(), p, n, q, idx.size(), src.data(), reinterpret_cast<const int64_t*>(idx.data()),
                      out.data()};
  backend_for(src.device()).take(call);
  return out;
}

}  // namespace metallic
