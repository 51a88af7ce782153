// Reductions (sum, max, mean, ...), arg-reductions and cumulative scans.
#include <algorithm>
#include <cmath>

#include "core/array_impl.hpp"
#include "core/fp_state.hpp"
#include "metallic/creation.hpp"
#include "metallic/errors.hpp"
#include "metallic/ops.hpp"

namespace metallic {

int normalize_axis(int axis, int ndim, const char* op) {
  if (axis < -ndim || axis >= ndim)
    throw axis_error(std::string("[") + op + "] axis " + std::to_string(axis) +
                     " is out of bounds for array of dimension " + std::to_string(ndim));
  return axis < 0 ? axis + ndim : axis;
}

namespace {

// allow_0d: ufunc reductions accept axis 0 or -1 on 0-d arrays (NumPy does; mean does not).
std::vector<bool> axes_mask(const array& a, const Axes& axis, const char* op,
                            bool allow_0d = false) {
  std::vector<bool> mask(a.ndim(), !axis.has_value());
  if (axis) {
    for (int ax : *axis) {
      if (allow_0d && a.ndim() == 0 && (ax == 0 || ax == -1)) continue;
      const int k = normalize_axis(ax, a.ndim(), op);
      if (mask[k]) throw value_error(std::string("[") + op + "] duplicate value in 'axis'");
      mask[k] = true;
    }
  }
  return mask;
}

bool has_identity(OpId op) {
  return op == OpId::add || op == OpId::multiply || op == OpId::logical_and ||
         op == OpId::logical_or;
}

Scalar identity(OpId op) {
  switch (op) {
    case OpId::multiply:
      return Scalar(int64_t{1});
    case OpId::logical_and:
      return Scalar(true);
    case OpId::logical_or:
      return Scalar(false);
    default:
      return Scalar(int64_t{0});
  }
}

// The accumulator dtype NumPy uses for op over dtype d (sum of int8 gives int64, ...).
Dtype default_acc(OpId op, Dtype d) {
  if (op == OpId::logical_and || op == OpId::logical_or) return Dtype::bool_;
  if (op == OpId::add || op == OpId::multiply) {
    if (d == Dtype::bool_) return Dtype::int64;
    if (kind(d) == Kind::Int) return Dtype::int64;
    if (kind(d) == Kind::UInt) return Dtype::uint64;
  }
  return d;
}

Shape reduced_shape(const Shape& s, const std::vector<bool>& mask, bool keepdims) {
  Shape out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!mask[i])
      out.push_back(s[i]);
    else if (keepdims)
      out.push_back(1);
  }
  return out;
}

}  // namespace

array reduce(const std::string& name, const array& a_in, const Axes& axis, bool keepdims,
             std::optional<Dtype> dtype, const std::optional<array>& initial) {
  auto op = op_by_name(name);
  if (!op) throw value_error("[reduce] unknown ufunc '" + name + "'");
  const array a = a_in.strong();  // evaluated below unless the reduction fuses with it
  const auto mask = axes_mask(a, axis, name.c_str(), true);
  Dtype acc = dtype ? *dtype : default_acc(*op, a.dtype());
  if (*op == OpId::logical_and || *op == OpId::logical_or) acc = Dtype::bool_;
  // The accumulator must be a type the op has a loop for (no bool subtract, ...).
  {
    const OpInfo& info = op_info(*op);
    bool found = false;
    for (const auto& l : info.loops) found = found || (l.in[0] == acc && l.in[1] == acc);
    if (!found)
      throw type_error(std::string("ufunc '") + info.name +
                       "' did not contain a loop with signature matching types");
  }
  const Dtype out_dtype =
      (*op == OpId::logical_and || *op == OpId::logical_or) && !dtype ? Dtype::bool_ : acc;
  const Shape keep_shape = reduced_shape(a.shape(), mask, true);
  int64_t n_red = 1;
  for (int i = 0; i < a.ndim(); ++i)
    if (mask[i]) n_red *= a.shape()[i];

  // A reduction of a pending elementwise chain runs in the chain's own pass where the
  // backend takes it: the chain's values are folded as they are computed, never stored.
  const Backend& be = backend_for(a.device());
  const FpMode fpmode = current_fp_mode();
  if (!initial && n_red > 0 && a.is_pending() && be.can_fuse() && be.fuses_reduction(mask) &&
      (*op == OpId::add || *op == OpId::multiply || *op == OpId::maximum || *op == OpId::minimum ||
       *op == OpId::logical_and || *op == OpId::logical_or)) {
    array out = make_empty(out_dtype, keep_shape, a.device());
    FusedReduce r{0, *op, acc, mask, Operand{out.data(), out_dtype, Strides(a.ndim(), 0)}, fpmode};
    for (int i = 0; i < a.ndim(); ++i)
      if (!mask[i]) r.out.strides[i] = out.strides()[i];
    if (reduce_fused(a, r)) {
      if (fp_eager(fpmode)) report_fp_events(true);  // a raising condition raises here
      if (keepdims) return out;
      const Shape s = reduced_shape(a.shape(), mask, false);
      return as_owner(out.view(s, c_strides(s, itemsize(out_dtype)), 0));
    }
  }
  a.eval();
  array out;
  bool has_initial = false;
  if (initial) {
    out = make_empty(out_dtype, keep_shape, a.device());
    copyto(out, *initial, Casting::unsafe);
    has_initial = true;
  } else if (n_red == 0) {
    if (!has_identity(*op) && shape_size(keep_shape) > 0)
      throw value_error("[" + name + "] zero-size array to reduction operation " + name +
                        " which has no identity");
    out = full(keep_shape, identity(*op), out_dtype, a.device());
  } else {
    out = make_empty(out_dtype, keep_shape, a.device());
  }
  if (n_red > 0 && a.size() > 0) {
    ReduceCall call{*op,
                    acc,
                    a.shape(),
                    Operand{a.data(), a.dtype(), a.strides()},
                    Operand{out.data(), out_dtype, Strides(a.ndim(), 0)},
                    mask,
                    has_initial,
                    fpmode};
    for (int i = 0; i < a.ndim(); ++i)
      if (!mask[i]) call.out.strides[i] = out.strides()[i];
    backend_for(a.device()).reduce(call);
    if (fp_eager(fpmode)) report_fp_events(true);
  }
  if (keepdims) return out;
  const Shape s = reduced_shape(a.shape(), mask, false);
  return as_owner(out.view(s, c_strides(s, itemsize(out_dtype)), 0));
}

array sum(const array& a, const Axes& axis, bool keepdims, std::optional<Dtype> dtype) {
  return reduce("add", a, axis, keepdims, dtype);
}
array prod(const array& a, const Axes& axis, bool keepdims, std::optional<Dtype> dtype) {
  return reduce("multiply", a, axis, keepdims, dtype);
}
array max(const array& a, const Axes& axis, bool keepdims) {
  return reduce("maximum", a, axis, keepdims, std::nullopt);
}
array min(const array& a, const Axes& axis, bool keepdims) {
  return reduce("minimum", a, axis, keepdims, std::nullopt);
}
array any(const array& a, const Axes& axis, bool keepdims) {
  return reduce("logical_or", a, axis, keepdims, std::nullopt);
}
array all(const array& a, const Axes& axis, bool keepdims) {
  return reduce("logical_and", a, axis, keepdims, std::nullopt);
}
array ptp(const array& a, const Axes& axis, bool keepdims) {
  return subtract(max(a, axis, keepdims), min(a, axis, keepdims));
}

namespace {

int64_t count_reduced(const array& a, const Axes& axis) {
  const auto mask = axes_mask(a, axis, "mean");
  int64_t n = 1;
  for (int i = 0; i < a.ndim(); ++i)
    if (mask[i]) n *= a.shape()[i];
  return n;
}

// NumPy's mean/var work in float64 for integer input and float32 for float16 input.
Dtype stat_dtype(Dtype d) {
  if (!is_inexact(d)) return Dtype::float64;
  if (d == Dtype::float16) return Dtype::float32;
  return d;
}

}  // namespace

array mean(const array& a, const Axes& axis, bool keepdims, std::optional<Dtype> dtype) {
  const int64_t n = count_reduced(a, axis);
  const Dtype work = dtype ? *dtype : stat_dtype(a.dtype());
  array s = sum(a, axis, keepdims, work);
  array r = divide(s, array(static_cast<double>(n)));
  const Dtype out = dtype ? *dtype : (is_inexact(a.dtype()) ? a.dtype() : Dtype::float64);
  return r.dtype() == out ? r : astype(r, out);
}

array var(const array& a, const Axes& axis, bool keepdims, double ddof,
          std::optional<Dtype> dtype) {
  const int64_t n = count_reduced(a, axis);
  // float16 stays float16 here (NumPy's var has no float32 step, unlike its mean): the
  // squares and their sum round to float16 and may overflow to inf as NumPy's do.
  const Dtype work = dtype ? *dtype : (a.dtype() == Dtype::float16 ? Dtype::float16 : stat_dtype(a.dtype()));
  const array aw = astype(a, work, /*copy=*/false);  // no copy when a already has it
  const array m = divide(sum(aw, axis, true, work), array(static_cast<double>(n)));
  const array x = subtract(aw, m);
  // As NumPy's: squares of the deviations, of their real and imaginary parts for complex.
  const array sq = is_complex(work) ? add(square(real(x.eval())), square(imag(x))) : square(x);
  const double denom = std::max(static_cast<double>(n) - ddof, 0.0);
  array r = divide(sum(sq, axis, keepdims), array(denom));
  Dtype out =
      dtype ? real_dtype(*dtype) : real_dtype(is_inexact(a.dtype()) ? a.dtype() : Dtype::float64);
  return r.dtype() == out ? r : astype(r, out);
}

array std(const array& a, const Axes& axis, bool keepdims, double ddof,
          std::optional<Dtype> dtype) {
  array v = var(a, axis, keepdims, ddof, dtype);
  return sqrt(v);
}

namespace {

array arg_reduce(const array& a_in, std::optional<int> axis, bool keepdims, bool is_max) {
  const char* name = is_max ? "argmax" : "argmin";
  array a = a_in.strong();
  int ax = 0;
  if (!axis || (a.ndim() == 0 && (*axis == 0 || *axis == -1))) {  // NumPy allows 0/-1 on 0-d
    a = ravel(a);
  } else {
    ax = normalize_axis(*axis, a.ndim(), name);
  }
  a.eval();
  if (a.ndim() == 0) a = reshape(a, {1});
  if (a.shape()[ax] == 0)
    throw value_error(std::string("[") + name + "] attempt to get " + name +
                      " of an empty sequence");
  Shape keep = a.shape();
  keep[ax] = 1;
  array out = make_empty(Dtype::int64, keep, a.device());
  if (out.size() > 0) {
    ArgReduceCall call{is_max, a.shape(), Operand{a.data(), a.dtype(), a.strides()},
                       Operand{out.data(), Dtype::int64, out.strides()}, ax};
    call.out.strides[ax] = 0;
    backend_for(a.device()).arg_reduce(call);
  }
  if (keepdims) {
    if (!axis) return reshape(out, Shape(a_in.ndim(), 1));
    return out;
  }
  if (!axis) return reshape(out, {});
  Shape s = a.shape();
  s.erase(s.begin() + ax);
  return reshape(out, s);
}

array scan(const char* name, OpId op, const array& a_in, std::optional<int> axis,
           std::optional<Dtype> dtype) {
  array a = a_in.strong();
  int ax = 0;
  if (!axis || (a.ndim() == 0 && (*axis == 0 || *axis == -1)))
    a = ravel(a);
  else
    ax = normalize_axis(*axis, a.ndim(), name);
  a.eval();
  if (a.ndim() == 0) a = reshape(a, {1});
  const Dtype acc = dtype ? *dtype : default_acc(op, a.dtype());
  array out = make_empty(acc, a.shape(), a.device());
  if (out.size() > 0) {
    ScanCall call{op,
                  acc,
                  a.shape(),
                  Operand{a.data(), a.dtype(), a.strides()},
                  Operand{out.data(), acc, out.strides()},
                  ax,
                  current_fp_mode()};
    backend_for(a.device()).scan(call);
    if (fp_eager(call.fpmode)) report_fp_events(true);
  }
  return out;
}

}  // namespace

array argmax(const array& a, std::optional<int> axis, bool keepdims) {
  return arg_reduce(a, axis, keepdims, true);
}
array argmin(const array& a, std::optional<int> axis, bool keepdims) {
  return arg_reduce(a, axis, keepdims, false);
}
array cumsum(const array& a, std::optional<int> axis, std::optional<Dtype> dtype) {
  return scan("cumsum", OpId::add, a, axis, dtype);
}
array cumprod(const array& a, std::optional<int> axis, std::optional<Dtype> dtype) {
  return scan("cumprod", OpId::multiply, a, axis, dtype);
}

}  // namespace metallic
