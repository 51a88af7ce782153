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
  return take_in_range(src0, idx, axis, indices.shape());
}

array take_in_range(const array& a, const array& indices, int axis, const Shape& index_shape) {
  const array idx = ascontiguousarray(reshape(astype(indices, Dtype::int64, false), {-1}));
  idx.eval();
  const array src = ascontiguousarray(a);
  src.eval();
  Shape out_shape(src.shape().begin(), src.shape().begin() + axis);
  out_shape.insert(out_shape.end(), index_shape.begin(), index_shape.end());
  out_shape.insert(out_shape.end(), src.shape().begin() + axis + 1, src.shape().end());
  array out = make_empty(src.dtype(), out_shape, src.device());
  int64_t p = 1, q = 1;
  for (int d = 0; d < axis; ++d) p *= src.shape()[d];
  for (int d = axis + 1; d < src.ndim(); ++d) q *= src.shape()[d];
  const TakeCall call{src.itemsize(), p, src.shape()[axis], q, idx.size(), src.data(),
                      reinterpret_cast<const int64_t*>(idx.data()), out.data()};
  backend_for(src.device()).take(call);
  return out;
}

bool scatter_rows(const array& dst, const array& indices, const array& values, int axis_in) {
  if (!dst.is_writeable()) throw value_error("[setitem] assignment destination is read-only");
  if (dst.is_pending() || !dst.is_c_contiguous() || dst.ndim() == 0) return false;
  const int axis = normalize_axis(axis_in, dst.ndim(), "setitem");
  array idx = ascontiguousarray(reshape(astype(indices, Dtype::int64, false), {-1}));
  Shape want = dst.shape();
  want[axis] = idx.size();
  array v = astype(values, dst.dtype(), false);
  if (v.shape() != want) throw value_error("[setitem] values do not have the indexed shape");
  v = ascontiguousarray(v);
  if (!v.is_pending() && v.shares_buffer(dst)) v = copy(v);  // a view of the destination: read it first
  v.eval();
  idx.eval();
  write_barrier(dst);  // pending readers of the destination take their values first
  int64_t p = 1, q = 1;
  for (int d = 0; d < axis; ++d) p *= dst.shape()[d];
  for (int d = axis + 1; d < dst.ndim(); ++d) q *= dst.shape()[d];
  const TakeCall call{dst.itemsize(), p, dst.shape()[axis], q, idx.size(), v.data(),
                      reinterpret_cast<const int64_t*>(idx.data()), dst.data()};
  backend_for(dst.device()).scatter(call);
  return true;
}

}  // namespace metallic
