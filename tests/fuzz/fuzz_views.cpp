// libFuzzer target: shapes, strides, broadcasting and basic indexing, differential against
// a small dense reference written here (every element's value, in C order). The input
// bytes pick an array shape and a sequence of view operations (getitem with integers,
// slices, Ellipsis and newaxis; transpose; reshape; broadcast_to; expand_dims; squeeze)
// and a setitem. Each result must equal the reference, shape and values; where the
// reference raises, metallic must raise one of its errors, never crash (built with
// AddressSanitizer and UndefinedBehaviorSanitizer, scripts/fuzz.sh).
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <stdexcept>
#include <vector>

#include "metallic/metallic.hpp"

namespace {

using metallic::Shape;

struct RefError {};  // the reference says NumPy raises here

struct Ref {
  Shape shape;
  std::vector<int64_t> data;  // C order
};

int64_t size_of(const Shape& s) {
  int64_t n = 1;
  for (auto d : s) n *= d;
  return n;
}

Shape c_steps(const Shape& s) {  // elements between neighbours along each axis
  Shape st(s.size(), 1);
  for (int i = static_cast<int>(s.size()) - 2; i >= 0; --i) st[i] = st[i + 1] * s[i + 1];
  return st;
}

// For each element of `out_shape` in C order, the flat index it reads, given a function
// from the output multi-index to the input's flat index.
template <class F>
Ref gather(const Ref& in, const Shape& out_shape, F flat_of) {
  Ref r{out_shape, {}};
  const int64_t n = size_of(out_shape);
  r.data.reserve(static_cast<size_t>(n));
  std::vector<int64_t> idx(out_shape.size(), 0);
  for (int64_t k = 0; k < n; ++k) {
    r.data.push_back(in.data[static_cast<size_t>(flat_of(idx))]);
    for (int d = static_cast<int>(idx.size()) - 1; d >= 0; --d) {
      if (++idx[d] < out_shape[d]) break;
      idx[d] = 0;
    }
  }
  return r;
}

// Python's slice.indices(n): start, step and the number of elements.
void slice_indices(const metallic::Slice& s, int64_t n, int64_t& start, int64_t& step, int64_t& len) {
  step = s.step.value_or(1);
  if (step == 0) throw RefError{};
  auto clamp = [&](std::optional<int64_t> v, int64_t dflt) {
    if (!v) return dflt;
    int64_t x = *v;
    if (x < 0) x += n;
    if (step > 0) return std::clamp<int64_t>(x, 0, n);
    return std::clamp<int64_t>(x, -1, n - 1);
  };
  start = clamp(s.start, step > 0 ? 0 : n - 1);
  const int64_t stop = clamp(s.stop, step > 0 ? n : -1);
  len = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
                 : (start > stop ? (start - stop - step - 1) / (-step) : 0);
}

Ref ref_getitem(const Ref& in, std::vector<metallic::Index> index) {
  int consumed = 0, ellipses = 0;
  for (auto& it : index) {
    if (std::holds_alternative<metallic::Ellipsis>(it)) ++ellipses;
    if (std::holds_alternative<int64_t>(it) || std::holds_alternative<metallic::Slice>(it)) ++consumed;
  }
  const int ndim = static_cast<int>(in.shape.size());
  if (ellipses > 1 || consumed > ndim) throw RefError{};
  // Expand the Ellipsis (or add one at the end) into full slices.
  std::vector<metallic::Index> full;
  bool expanded = false;
  for (auto& it : index) {
    if (std::holds_alternative<metallic::Ellipsis>(it)) {
      for (int k = 0; k < ndim - consumed; ++k) full.push_back(metallic::Slice{});
      expanded = true;
    } else {
      full.push_back(it);
    }
  }
  if (!expanded)
    for (int k = 0; k < ndim - consumed; ++k) full.push_back(metallic::Slice{});
  // Per output axis: the input axis it walks (-1 for newaxis), start and step.
  const Shape steps = c_steps(in.shape);
  int64_t base = 0;
  Shape out_shape;
  std::vector<int64_t> out_step;
  int axis = 0;
  for (auto& it : full) {
    if (std::holds_alternative<metallic::NewAxis>(it)) {
      out_shape.push_back(1);
      out_step.push_back(0);
    } else if (auto* i = std::get_if<int64_t>(&it)) {
      const int64_t n = in.shape[axis];
      const int64_t k = *i < 0 ? *i + n : *i;
      if (k < 0 || k >= n) throw RefError{};
      base += k * steps[axis];
      ++axis;
    } else {
      int64_t start, step, len;
      slice_indices(std::get<metallic::Slice>(it), in.shape[axis], start, step, len);
      base += (len > 0 ? start : 0) * steps[axis];
      out_shape.push_back(len);
      out_step.push_back(step * steps[axis]);
      ++axis;
    }
  }
  return gather(in, out_shape, [&](const std::vector<int64_t>& idx) {
    int64_t f = base;
    for (size_t d = 0; d < idx.size(); ++d) f += idx[d] * out_step[d];
    return f;
  });
}

Ref ref_transpose(const Ref& in, const std::vector<int>& perm) {
  const int ndim = static_cast<int>(in.shape.size());
  std::vector<int> seen(ndim, 0);
  for (int p : perm) {
    const int q = p < 0 ? p + ndim : p;
    if (q < 0 || q >= ndim || seen[q]++) throw RefError{};
  }
  if (static_cast<int>(perm.size()) != ndim) throw RefError{};
  const Shape steps = c_steps(in.shape);
  Shape out_shape;
  for (int p : perm) out_shape.push_back(in.shape[p < 0 ? p + ndim : p]);
  return gather(in, out_shape, [&](const std::vector<int64_t>& idx) {
    int64_t f = 0;
    for (int d = 0; d < ndim; ++d) f += idx[d] * steps[perm[d] < 0 ? perm[d] + ndim : perm[d]];
    return f;
  });
}

Ref ref_reshape(const Ref& in, Shape shape) {
  int unknown = -1;
  int64_t known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] < 0) {  // NumPy takes any negative size as the unknown one
      if (unknown >= 0) throw RefError{};
      unknown = static_cast<int>(i);
    } else {
      known *= shape[i];
    }
  }
  const int64_t n = size_of(in.shape);
  if (unknown >= 0) {
    if (known == 0 || n % known != 0) throw RefError{};
    shape[unknown] = n / known;
  }
  if (size_of(shape) != n) throw RefError{};
  return Ref{shape, in.data};
}

Ref ref_broadcast_to(const Ref& in, const Shape& shape) {
  const int nd = static_cast<int>(shape.size()), ind = static_cast<int>(in.shape.size());
  if (nd < ind) throw RefError{};
  for (auto d : shape)
    if (d < 0) throw RefError{};
  for (int i = 0; i < ind; ++i) {
    const int64_t a = in.shape[ind - 1 - i], b = shape[nd - 1 - i];
    if (a != b && a != 1) throw RefError{};
  }
  const Shape steps = c_steps(in.shape);
  return gather(in, shape, [&](const std::vector<int64_t>& idx) {
    int64_t f = 0;
    for (int i = 0; i < ind; ++i)
      if (in.shape[i] != 1) f += idx[nd - ind + i] * steps[i];
    return f;
  });
}

// The metallic call and the reference must agree: both raise, or the same array.
std::string str(const std::vector<int64_t>& v) {
  std::string s = "(";
  for (auto x : v) s += std::to_string(x) + ",";
  return s + ")";
}

template <class M, class R>
std::optional<std::pair<metallic::array, Ref>> both(const std::string& what, M m, R r) {
  std::optional<Ref> expect;
  try {
    expect = r();
  } catch (const RefError&) {
  }
  std::optional<metallic::array> got;
  try {
    got = m();
  } catch (const std::runtime_error& e) {  // metallic's errors all derive from it
    if (expect) {
      std::fprintf(stderr, "%s: metallic raised where NumPy would not: %s\n", what.c_str(), e.what());
      std::abort();
    }
    return std::nullopt;
  }
  if (!expect) {
    std::fprintf(stderr, "%s: metallic did not raise where NumPy would\n", what.c_str());
    std::abort();
  }
  std::vector<int64_t> values(static_cast<size_t>(got->size()));
  if (!values.empty()) got->to_host(values.data());
  if (got->shape() != expect->shape || values != expect->data) {
    std::fprintf(stderr, "%s: result %s differs from the reference %s\n", what.c_str(), str(got->shape()).c_str(),
                 str(expect->shape).c_str());
    std::abort();
  }
  return std::make_pair(*got, *expect);
}

metallic::Index random_index_item(FuzzedDataProvider& in, int64_t dim) {
  switch (in.ConsumeIntegralInRange(0, 5)) {
    case 0:
      return metallic::Ellipsis{};
    case 1:
      return metallic::NewAxis{};
    case 2:
    case 3:
      return in.ConsumeIntegralInRange<int64_t>(-dim - 2, dim + 1);
    default: {
      metallic::Slice s;
      if (in.ConsumeBool()) s.start = in.ConsumeIntegralInRange<int64_t>(-dim - 3, dim + 3);
      if (in.ConsumeBool()) s.stop = in.ConsumeIntegralInRange<int64_t>(-dim - 3, dim + 3);
      if (in.ConsumeBool()) s.step = in.ConsumeIntegralInRange<int64_t>(-4, 4);
      return s;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  Shape shape(in.ConsumeIntegralInRange(0, 4));
  for (auto& d : shape) d = in.ConsumeIntegralInRange<int64_t>(0, 5);
  const int64_t n = size_of(shape);
  Ref ref{shape, {}};
  for (int64_t k = 0; k < n; ++k) ref.data.push_back(k);
  metallic::array a = metallic::reshape(
      metallic::arange(metallic::Scalar(int64_t{0}), metallic::Scalar(n), metallic::Scalar(int64_t{1}),
                       metallic::Dtype::int64),
      shape);
  bool readonly = false;  // a broadcast view: NumPy refuses to write through it
  for (int step = 0; step < 6 && in.remaining_bytes() > 0; ++step) {
    const int64_t d0 = a.ndim() ? a.shape()[0] : 1;
    std::optional<std::pair<metallic::array, Ref>> r;
    const int op = in.ConsumeIntegralInRange(0, 6);
    switch (op) {
      case 0: {
        std::vector<metallic::Index> index(in.ConsumeIntegralInRange(0, 5));
        for (size_t k = 0; k < index.size(); ++k)
          index[k] = random_index_item(in, k < static_cast<size_t>(a.ndim()) ? a.shape()[k] : d0);
        r = both("getitem on " + str(a.shape()), [&] { return metallic::getitem(a, index); }, [&] { return ref_getitem(ref, index); });
        break;
      }
      case 1: {
        std::vector<int> perm(a.ndim());
        for (auto& p : perm) p = in.ConsumeIntegralInRange(-static_cast<int>(a.ndim()) - 1, static_cast<int>(a.ndim()));
        r = both("transpose " + str(a.shape()) + " by " + str(std::vector<int64_t>(perm.begin(), perm.end())),
                 [&] { return metallic::transpose(a, perm); }, [&] { return ref_transpose(ref, perm); });
        break;
      }
      case 2: {
        Shape s(in.ConsumeIntegralInRange(0, 4));
        for (auto& d : s) d = in.ConsumeIntegralInRange<int64_t>(-2, 6);
        r = both("reshape " + str(a.shape()) + " to " + str(s), [&] { return metallic::reshape(a, s); }, [&] { return ref_reshape(ref, s); });
        break;
      }
      case 3: {
        Shape s(in.ConsumeIntegralInRange(0, 5));
        for (auto& d : s) d = in.ConsumeIntegralInRange<int64_t>(-1, 4);
        r = both("broadcast " + str(a.shape()) + " to " + str(s), [&] { return metallic::broadcast_to(a, s); }, [&] { return ref_broadcast_to(ref, s); });
        break;
      }
      case 4: {  // expand_dims at one axis: newaxis there
        const int nd = static_cast<int>(a.ndim()) + 1;
        const int ax = in.ConsumeIntegralInRange(-nd, nd - 1);
        Shape s = a.shape();
        s.insert(s.begin() + (ax < 0 ? ax + nd : ax), 1);
        r = both("expand_dims " + str(a.shape()) + " at " + std::to_string(ax),
                 [&] { return metallic::expand_dims(a, {ax}); }, [&] { return ref_reshape(ref, s); });
        break;
      }
      case 5: {  // squeeze every length-1 axis
        Shape s;
        for (auto d : a.shape())
          if (d != 1) s.push_back(d);
        r = both("squeeze " + str(a.shape()), [&] { return metallic::squeeze(a); }, [&] { return ref_reshape(ref, s); });
        break;
      }
      default: {  // setitem of a scalar through a basic index, checked on the whole array
        std::vector<metallic::Index> index(in.ConsumeIntegralInRange(0, 3));
        for (size_t k = 0; k < index.size(); ++k)
          index[k] = random_index_item(in, k < static_cast<size_t>(a.ndim()) ? a.shape()[k] : d0);
        const int64_t v = -1 - step;
        // Broadcast views are read-only; a reshape that had to copy one gives a writable
        // array (NumPy decides by strides, which the reference does not model).
        if (!readonly && !a.is_writeable()) {
          std::fprintf(stderr, "%s is read-only though no broadcast made it\n", str(a.shape()).c_str());
          std::abort();
        }
        readonly = readonly && !a.is_writeable();
        bool raised = false;
        std::string why;
        try {
          metallic::setitem(a, index, metallic::array::scalar(metallic::Scalar(v)));
        } catch (const std::runtime_error& e) {
          raised = true;
          why = e.what();
        }
        // Reference: the flat positions the index selects, found through a ref of indices.
        Ref positions{ref.shape, {}};
        for (size_t k = 0; k < ref.data.size(); ++k) positions.data.push_back(static_cast<int64_t>(k));
        try {
          const Ref sel = ref_getitem(positions, index);
          if (readonly) throw RefError{};  // NumPy refuses even an empty selection
          if (raised) {
            std::fprintf(stderr, "setitem on %s (%zu index items, readonly %d) raised where NumPy would not: %s\n",
                         str(a.shape()).c_str(), index.size(), readonly, why.c_str());
            std::abort();
          }
          for (auto p : sel.data) ref.data[static_cast<size_t>(p)] = v;
        } catch (const RefError&) {
          if (!raised) {
            std::fprintf(stderr, "setitem on %s (%zu index items, readonly %d) did not raise where NumPy would\n",
                         str(a.shape()).c_str(), index.size(), readonly);
            std::abort();
          }
        }
        std::vector<int64_t> values(static_cast<size_t>(a.size()));
        if (!values.empty()) a.to_host(values.data());
        if (values != ref.data) {
          std::fprintf(stderr, "setitem wrote other elements than the reference\n");
          std::abort();
        }
        continue;
      }
    }
    if (r && r->first.size() > 0 && in.ConsumeBool()) {  // carry on from the view
      a = r->first;
      ref = r->second;
      readonly = readonly || op == 3;
    }
  }
  return 0;
}
