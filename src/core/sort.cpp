// sort and argsort: the axis is moved last and made contiguous, the backend sorts every
// row (stably, in NumPy's order: ops/sort_key.hpp), and the result is laid out as the
// input's shape again.
#include <string>

#include "core/array_impl.hpp"
#include "metallic/errors.hpp"
#include "metallic/ops.hpp"

namespace metallic {
namespace {

SortKind sort_kind(Dtype d, const char* op) {
  switch (kind(d)) {
    case Kind::Complex: throw type_error(std::string("[") + op + "] complex arrays are not sorted natively");
    case Kind::Float: return SortKind::floating;
    case Kind::Int: return SortKind::signed_bits;
    default: return SortKind::unsigned_bits;  // bool and unsigned integers
  }
}

// The sorted values (want_values) or their positions (else), in a's layout along axis.
array sorted(const array& a, std::optional<int> axis_in, bool want_values, const char* op) {
  const SortKind kind = sort_kind(a.dtype(), op);
  const array flat = axis_in ? a : reshape(a, {-1});
  if (flat.ndim() == 0) throw axis_error(std::string("[") + op + "] axis -1 is out of bounds for array of dimension 0");
  const int axis = axis_in ? normalize_axis(*axis_in, flat.ndim(), op) : 0;
  const int last = flat.ndim() - 1;
  const array src = ascontiguousarray(moveaxis(flat, {axis}, {last}));
  src.eval();
  array out = make_empty(want_values ? src.dtype() : Dtype::int64, src.shape(), src.device());
  const int64_t len = src.shape()[last];
  const SortCall call{src.itemsize(), kind, len == 0 ? 0 : src.size() / len, len, src.data(),
                      want_values ? out.data() : nullptr,
                      want_values ? nullptr : reinterpret_cast<int64_t*>(out.data())};
  backend_for(src.device()).sort(call);
  return axis == last ? out : ascontiguousarray(moveaxis(out, {last}, {axis}));
}

}  // namespace

array sort(const array& a, std::optional<int> axis) { return sorted(a, axis, true, "sort"); }

array searchsorted(const array& a, const array& v, bool right) {
  if (a.ndim() != 1) throw value_error("[searchsorted] the sorted array must be 1-dimensional");
  if (a.dtype() != v.dtype()) throw type_error("[searchsorted] the array and the values must share one dtype");
  if (a.device() != v.device()) throw value_error("[searchsorted] the values live on another device");
  const SortKind kind = sort_kind(a.dtype(), "searchsorted");
  const array sorted = ascontiguousarray(a), queries = ascontiguousarray(v);
  sorted.eval();
  queries.eval();
  array out = make_empty(Dtype::int64, v.shape(), v.device());
  const SearchCall call{a.itemsize(), kind, a.size(), v.size(), sorted.data(), queries.data(),
                        reinterpret_cast<int64_t*>(out.data()), right};
  backend_for(a.device()).search(call);
  return out;
}
array argsort(const array& a, std::optional<int> axis) { return sorted(a, axis, false, "argsort"); }

}  // namespace metallic
