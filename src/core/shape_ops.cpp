// Views and shape manipulation: reshape, transpose, squeeze, broadcast_to, basic indexing.
#include <algorithm>
#include <numeric>

#include "core/array_impl.hpp"
#include "metallic/creation.hpp"
#include "metallic/errors.hpp"
#include "metallic/ops.hpp"

namespace metallic {
namespace {

// New C-order strides for viewing (shape, strides) as new_shape, if possible without a
// copy (NumPy's _attempt_nocopy_reshape).
std::optional<Strides> nocopy_strides(const Shape& shape, const Strides& strides,
                                      const Shape& new_shape, size_t isz) {
  if (shape_size(shape) == 0) return c_strides(new_shape, isz);
  Shape od;
  Strides os;
  for (size_t i = 0; i < shape.size(); ++i)
    if (shape[i] != 1) {
      od.push_back(shape[i]);
      os.push_back(strides[i]);
    }
  const int oldnd = static_cast<int>(od.size()), newnd = static_cast<int>(new_shape.size());
  Strides ns(newnd, 0);
  int oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < newnd && oi < oldnd) {
    int64_t np = new_shape[ni], op = od[oi];
    while (np != op) {
      if (np < op)
        np *= new_shape[nj++];
      else
        op *= od[oj++];
    }
    for (int ok = oi; ok < oj - 1; ++ok)
      if (os[ok] != od[ok + 1] * os[ok + 1]) return std::nullopt;
    ns[nj - 1] = os[oj - 1];
    for (int nk = nj - 1; nk > ni; --nk) ns[nk - 1] = ns[nk] * new_shape[nk];
    ni = nj++;
    oi = oj++;
  }
  const int64_t last = ni >= 1 ? ns[ni - 1] : static_cast<int64_t>(isz);
  for (int nk = ni; nk < newnd; ++nk) ns[nk] = last;
  return ns;
}

Shape infer_shape(const Shape& shape, int64_t size) {
  Shape out = shape;
  int neg = -1;
  int64_t known = 1;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] < 0) {  // NumPy takes any negative size as "unknown"
      if (neg >= 0) throw value_error("[reshape] can only specify one unknown dimension");
      neg = static_cast<int>(i);
    } else {
      known *= out[i];
    }
  }
  if (neg >= 0) {
    if (known == 0 || size % known != 0)
      throw value_error("[reshape] cannot reshape array of size " + std::to_string(size) +
                        " into shape " + shape_str(shape));
    out[neg] = size / known;
  } else if (known != size) {
    throw value_error("[reshape] cannot reshape array of size " + std::to_string(size) +
                      " into shape " + shape_str(shape));
  }
  return out;
}

}  // namespace

array reshape(const array& a, Shape shape_in, char order) {
  const Shape shape = infer_shape(shape_in, a.size());
  if (order == 'F') {
    Shape rev(shape.rbegin(), shape.rend());
    return transpose(reshape(transpose(a), rev, 'C'));
  }
  if (order != 'C' && order != 'A') throw value_error("order must be one of 'C', 'F', 'A'");
  const array src = a.strong();
  if (src.is_pending()) src.eval();
  if (auto st = nocopy_strides(src.shape(), src.strides(), shape, src.itemsize()))
    return src.view(shape, *st, src.offset());
  const array c = copy(src).eval();
  return as_owner(c.view(shape, c_strides(shape, c.itemsize()), 0));
}

array ravel(const array& a, char order) {
  if (order == 'K' || order == 'A') order = 'C';
  const array r = reshape(a, {a.size()}, order);
  // A contiguous result always: a view only where the elements already lie so.
  if (r.size() > 1 && r.strides()[0] != static_cast<int64_t>(r.itemsize())) return flatten(r, 'C');
  return r;
}

array flatten(const array& a, char order) {
  if (order == 'K' || order == 'A') order = 'C';
  array t = order == 'F' ? transpose(a) : a;
  array c = copy(t).eval();
  return as_owner(c.view({a.size()}, {static_cast<int64_t>(a.itemsize())}, 0));
}

array transpose(const array& a, std::optional<std::vector<int>> axes) {
  const int nd = a.ndim();
  std::vector<int> perm(nd);
  if (axes) {
    if (static_cast<int>(axes->size()) != nd)
      throw value_error("[transpose] axes don't match array");
    std::vector<bool> seen(nd, false);
    for (int i = 0; i < nd; ++i) {
      perm[i] = normalize_axis((*axes)[i], nd, "transpose");
      if (seen[perm[i]]) throw value_error("[transpose] repeated axis in transpose");
      seen[perm[i]] = true;
    }
  } else {
    for (int i = 0; i < nd; ++i) perm[i] = nd - 1 - i;
  }
  a.eval();
  Shape s(nd);
  Strides st(nd);
  for (int i = 0; i < nd; ++i) {
    s[i] = a.shape()[perm[i]];
    st[i] = a.strides()[perm[i]];
  }
  return a.strong().view(s, st, a.offset());
}

array swapaxes(const array& a, int axis1, int axis2) {
  const int nd = a.ndim();
  std::vector<int> perm(nd);
  std::iota(perm.begin(), perm.end(), 0);
  std::swap(perm[normalize_axis(axis1, nd, "swapaxes")],
            perm[normalize_axis(axis2, nd, "swapaxes")]);
  return transpose(a, perm);
}

array moveaxis(const array& a, std::vector<int> source, std::vector<int> destination) {
  const int nd = a.ndim();
  if (source.size() != destination.size())
    throw value_error("`source` and `destination` arguments must have the same number of elements");
  for (auto& s : source) s = normalize_axis(s, nd, "moveaxis");
  for (auto& d : destination) d = normalize_axis(d, nd, "moveaxis");
  std::vector<int> order;
  for (int i = 0; i < nd; ++i)
    if (std::find(source.begin(), source.end(), i) == source.end()) order.push_back(i);
  std::vector<std::pair<int, int>> pairs;
  for (size_t i = 0; i < source.size(); ++i) pairs.push_back({destination[i], source[i]});
  std::sort(pairs.begin(), pairs.end());
  for (auto [d, s] : pairs) order.insert(order.begin() + d, s);
  return transpose(a, order);
}

array squeeze(const array& a, const Axes& axis) {
  a.eval();
  std::vector<bool> drop(a.ndim(), false);
  if (axis) {
    for (int ax : *axis) {
      const int k = normalize_axis(ax, a.ndim(), "squeeze");
      if (a.shape()[k] != 1)
        throw value_error(
            "[squeeze] cannot select an axis to squeeze out which has size not equal to one");
      drop[k] = true;
    }
  } else {
    for (int i = 0; i < a.ndim(); ++i) drop[i] = a.shape()[i] == 1;
  }
  Shape s;
  Strides st;
  for (int i = 0; i < a.ndim(); ++i)
    if (!drop[i]) {
      s.push_back(a.shape()[i]);
      st.push_back(a.strides()[i]);
    }
  return a.strong().view(s, st, a.offset());
}

array expand_dims(const array& a, std::vector<int> axis) {
  const int nd = a.ndim() + static_cast<int>(axis.size());
  std::vector<bool> is_new(nd, false);
  for (int ax : axis) {
    const int k = normalize_axis(ax, nd, "expand_dims");
    if (is_new[k]) throw value_error("repeated axis");
    is_new[k] = true;
  }
  a.eval();
  Shape s;
  Strides st;
  int j = 0;
  for (int i = 0; i < nd; ++i) {
    if (is_new[i]) {
      s.push_back(1);
      st.push_back(0);
    } else {
      s.push_back(a.shape()[j]);
      st.push_back(a.strides()[j]);
      ++j;
    }
  }
  return a.strong().view(s, st, a.offset());
}

array broadcast_to(const array& a, const Shape& shape) {
  for (auto d : shape)
    if (d < 0) throw value_error("all elements of broadcast shape must be non-negative");
  const Shape b = broadcast_shapes({a.shape(), shape});
  if (b != shape || a.ndim() > static_cast<int>(shape.size()))
    throw value_error(
        "[broadcast_to] operands could not be broadcast together with remapped shapes "
        "[original->remapped]: " +
        shape_str(a.shape()) + " and requested shape " + shape_str(shape));
  a.eval();
  const Operand op = broadcast_operand(a, shape);
  array v = a.strong().view(shape, op.strides, a.offset());
  v.set_writeable(false);
  return v;
}

array getitem(const array& a, const std::vector<Index>& index) {
  a.eval();
  int consumed = 0;
  bool has_ellipsis = false;
  for (const auto& it : index) {
    if (std::holds_alternative<int64_t>(it) || std::holds_alternative<Slice>(it)) ++consumed;
    if (std::holds_alternative<Ellipsis>(it)) {
      if (has_ellipsis) throw index_error("an index can only have a single ellipsis ('...')");
      has_ellipsis = true;
    }
  }
  if (consumed > a.ndim())
    throw index_error("[getitem] too many indices for array: array is " + std::to_string(a.ndim()) +
                      "-dimensional, but " + std::to_string(consumed) + " were indexed");
  Shape s;
  Strides st;
  int64_t offset = a.offset();
  int dim = 0;
  auto take_slice = [&](const Slice& sl) {
    const int64_t n = a.shape()[dim];
    const int64_t step = sl.step.value_or(1);
    if (step == 0) throw value_error("slice step cannot be zero");
    int64_t start, stop;
    // Python's slice.indices
    if (step > 0) {
      start = sl.start ? *sl.start : 0;
      stop = sl.stop ? *sl.stop : n;
      if (start < 0) start = std::max<int64_t>(start + n, 0);
      if (stop < 0) stop = std::max<int64_t>(stop + n, 0);
      start = std::min(start, n);
      stop = std::min(stop, n);
    } else {
      start = sl.start ? *sl.start : n - 1;
      stop = sl.stop ? *sl.stop : -1 - n;
      if (start < 0) start = std::max<int64_t>(start + n, -1);
      if (stop < 0) stop = std::max<int64_t>(stop + n, -1);
      start = std::min(start, n - 1);
      stop = std::min(stop, n - 1);
    }
    int64_t len = 0;
    if (step > 0 && stop > start) len = (stop - start + step - 1) / step;
    if (step < 0 && start > stop) len = (start - stop + (-step) - 1) / (-step);
    if (len > 0) offset += start * a.strides()[dim];
    s.push_back(len);
    st.push_back(a.strides()[dim] * step);
    ++dim;
  };
  for (const auto& it : index) {
    if (auto* i = std::get_if<int64_t>(&it)) {
      const int64_t n = a.shape()[dim];
      if (*i < -n || *i >= n)
        throw index_error("[getitem] index " + std::to_string(*i) + " is out of bounds for axis " +
                          std::to_string(dim) + " with size " + std::to_string(n));
      offset += (*i < 0 ? *i + n : *i) * a.strides()[dim];
      ++dim;
    } else if (auto* sl = std::get_if<Slice>(&it)) {
      take_slice(*sl);
    } else if (std::holds_alternative<NewAxis>(it)) {
      s.push_back(1);
      st.push_back(0);
    } else {
      const int fill = a.ndim() - consumed;
      for (int k = 0; k < fill; ++k) take_slice(Slice{});
    }
  }
  while (dim < a.ndim()) take_slice(Slice{});
  return a.strong().view(s, st, offset);
}

array to_device(const array& a, Device d) {
  if (a.device() == d) return a;
  const array src = ascontiguousarray(a.strong()).eval();
  std::vector<char> host(src.nbytes());
  src.to_host(host.data());
  array out = array::from_host(host.data(), a.shape(), a.dtype(), {}, d);
  return out;
}

void setitem(const array& a, const std::vector<Index>& index, const array& value) {
  const array dst = getitem(a, index);
  // NumPy drops the value's leading length-1 axes beyond the destination's.
  const int extra = value.ndim() - dst.ndim();
  if (extra > 0 && std::all_of(value.shape().begin(), value.shape().begin() + extra,
                               [](int64_t n) { return n == 1; })) {
    const Shape rest(value.shape().begin() + extra, value.shape().end());
    copyto(dst, reshape(value, rest), Casting::unsafe);
    return;
  }
  copyto(dst, value, Casting::unsafe);
}

array view_dtype(const array& a, Dtype d) {
  a.eval();
  const int64_t old_size = static_cast<int64_t>(a.itemsize()), new_size = static_cast<int64_t>(itemsize(d));
  Shape shape = a.shape();
  Strides strides = a.strides();
  if (old_size != new_size) {
    if (a.ndim() == 0)
      throw value_error(
          "Changing the dtype of a 0d array is only supported if the itemsize is unchanged");
    const int64_t last = shape.back();
    if (last != 1 && strides.back() != old_size)
      throw value_error(
          "To change to a dtype of a different size, the last axis must be contiguous");
    const int64_t bytes = last * old_size;
    if (bytes % new_size != 0)
      throw value_error(
          "When changing to a larger dtype, its size must be a divisor of the total size in "
          "bytes of the last axis of the array.");
    shape.back() = bytes / new_size;
    strides.back() = new_size;
  }
  array v = a.strong().view(shape, strides, a.offset());
  v.impl()->dtype = d;
  if (shape_size(shape) == 0) v.impl()->strides = c_strides(shape, itemsize(d));
  return v;
}

void resize_in_place(const array& a, const Shape& shape) {
  check_size(shape, a.itemsize());
  if (a.impl()->base) throw value_error("cannot resize this array: it does not own its data");
  a.eval();
  if (!a.is_c_contiguous()) throw value_error("resize only works on single-segment arrays");
  const array grown = zeros(shape, a.dtype(), a.device());
  const int64_t keep = std::min(a.size(), grown.size());
  if (keep > 0) {  // both C-contiguous: the first `keep` elements, flat
    const Strides step{static_cast<int64_t>(a.itemsize())};
    copyto(grown.view({keep}, step, 0), a.view({keep}, step, a.offset()), Casting::no);
  }
  adopt_layout(a, grown);
}

}  // namespace metallic
