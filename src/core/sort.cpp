// sort and argsort: the axis is moved last and made contiguous, the backend sorts every
// row (stably, in NumPy's order: ops/sort_key.hpp), and the result is laid out as the
// input's shape again.
#include <algorithm>
#include <string>
#include <vector>

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

// The sorted values (want_values) or their positions (else), in a's layout along axis;
// with ranks in kth (each in [-len, len)), a partition at those ranks instead, where the
// backend has a selection (else the sort, which is one).
array sorted(const array& a, std::optional<int> axis_in, bool want_values, const char* op,
             const std::vector<int64_t>* kth = nullptr) {
  const SortKind kind = sort_kind(a.dtype(), op);
  const array flat = axis_in ? a : reshape(a, {-1});
  if (flat.ndim() == 0) throw axis_error(std::string("[") + op + "] axis -1 is out of bounds for array of dimension 0");
  const int axis = axis_in ? normalize_axis(*axis_in, flat.ndim(), op) : 0;
  const int last = flat.ndim() - 1;
  const int64_t len = flat.shape()[axis];
  std::vector<int64_t> ranks;
  for (int64_t k : kth ? *kth : ranks) {
    if (k < -len || k >= len)
      throw value_error(std::string("[") + op + "] kth(=" + std::to_string(k) + ") out of bounds (" +
                        std::to_string(len) + ")");
    ranks.push_back(k < 0 ? k + len : k);
  }
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  const array src = ascontiguousarray(moveaxis(flat, {axis}, {last}));
  src.eval();
  array out = make_empty(want_values ? src.dtype() : Dtype::int64, src.shape(), src.device());
  const int64_t rows = len == 0 ? 0 : src.size() / len;
  char* values = want_values ? out.data() : nullptr;
  int64_t* index = want_values ? nullptr : reinterpret_cast<int64_t*>(out.data());
  Backend& backend = backend_for(src.device());
  const SelectCall select{src.itemsize(), kind, rows, len, src.data(), values, index, ranks.data(),
                          static_cast<int64_t>(ranks.size())};
  if (ranks.empty() || !backend.select(select))
    backend.sort(SortCall{src.itemsize(), kind, rows, len, src.data(), values, index});
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
array partition(const array& a, const std::vector<int64_t>& kth, std::optional<int> axis) {
  return sorted(a, axis, true, "partition", &kth);
}
array argpartition(const array& a, const std::vector<int64_t>& kth, std::optional<int> axis) {
  return sorted(a, axis, false, "argpartition", &kth);
}

}  // namespace metallic
