// Ufunc frontend: NumPy's loop selection (NEP 50), broadcasting, and graph recording.
#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "core/array_impl.hpp"
#include "core/fp_state.hpp"
#include "metallic/errors.hpp"
#include "metallic/ops.hpp"
#include "ops/dtype_dispatch.hpp"
#include "ops/fp_status.hpp"

namespace metallic {
namespace {

// Nodes deeper than this are evaluated first ("graph depth" evaluation point), which
// bounds memory held by long chains built in loops.
constexpr int kMaxGraphDepth = 64;

void eval_if_deep(const array& a) {
  if (!a.is_pending() || a.node()->depth < kMaxGraphDepth) return;
  {
    std::lock_guard<std::recursive_mutex> lock(graph_mutex());
    ++eval_stats().depth_limit;
  }
  a.eval();
}

bool is_comparison(OpId op) {
  switch (op) {
    case OpId::equal:
    case OpId::not_equal:
    case OpId::less:
    case OpId::less_equal:
    case OpId::greater:
    case OpId::greater_equal:
      return true;
    default:
      return false;
  }
}

// Whether a weak Python int fits dtype d.
bool int_fits(const Scalar& s, Dtype d) {
  if (!is_integer(d)) return true;
  if (!is_integer(s.dtype)) return false;  // beyond 64 bits (kept as a float64 value)
  const bool big = s.dtype == Dtype::uint64 && s.v.u > uint64_t{INT64_MAX};  // else v.i holds it too
  const int bits = static_cast<int>(itemsize(d)) * 8;
  if (kind(d) == Kind::UInt) {
    if (big) return bits == 64;
    if (s.v.i < 0) return false;
    return bits == 64 || s.v.i < (int64_t{1} << bits);
  }
  if (big) return false;
  if (bits == 64) return true;
  const int64_t lim = int64_t{1} << (bits - 1);
  return s.v.i >= -lim && s.v.i < lim;
}

std::string int_str(const Scalar& s) {
  if (s.dtype == Dtype::float64)
    return std::to_string(static_cast<long double>(s.v.f)).substr(0, 40);
  return s.dtype == Dtype::uint64 ? std::to_string(s.v.u) : std::to_string(s.v.i);
}

// The weak scalar's value (constant node) or nullopt.
std::optional<Scalar> weak_value(const array& a) {
  if (a.weak() == WeakKind::none || !a.is_pending() || a.node()->kind != NodeKind::constant)
    return std::nullopt;
  return a.node()->value;
}

// A constant's own value, weak or not (nullopt: not a constant).
std::optional<Scalar> constant_value(const array& a) {
  if (!a.is_pending() || a.node()->kind != NodeKind::constant) return std::nullopt;
  return a.node()->value;
}

// The conditions NumPy's cast of a scalar value to `to` raises (ops::fp_cast_status, the
// kernels' own rule), reported now.
void check_scalar_cast(const Scalar& v, Dtype to) {
  if (is_complex(v.dtype) || v.dtype == Dtype::bool_) return;
  const FpMode mode = current_fp_mode();
  const unsigned want = fp_want(mode);
  if (!want) return;
  const unsigned flags = dispatch_dtype(to, [&](auto tag) -> unsigned {
    using To = typename decltype(tag)::type;
    To y;
    v.store(to, &y);
    if (v.dtype == Dtype::uint64) return ops::fp_cast_status<To>(want, v.v.u, y);
    if (is_integer(v.dtype)) return ops::fp_cast_status<To>(want, v.v.i, y);
    return ops::fp_cast_status<To>(want, v.v.f, y);
  });
  if (flags) report_fp_event(FpEvent{OpId{}, FpSite::cast, flags, mode});
}

std::string types_str(const std::vector<Dtype>& d) {
  std::string r = "(";
  for (size_t i = 0; i < d.size(); ++i) {
    r += std::string("dtype('") + dtype_name(d[i]) + "')";
    if (i + 1 < d.size() || d.size() == 1) r += ", ";
  }
  if (d.size() == 1) r.resize(r.size() - 1);
  return r + ")";
}

}  // namespace

Dtype result_type(const std::vector<array>& arrays) {
  std::optional<Dtype> r;
  for (const auto& a : arrays)
    if (a.weak() == WeakKind::none) r = r ? promote_types(*r, a.dtype()) : a.dtype();
  for (const auto& a : arrays)
    if (a.weak() != WeakKind::none) r = r ? weak_result(a.weak(), *r) : weak_default(a.weak());
  return r.value_or(Dtype::float64);
}

Shape broadcast_shapes(const std::vector<Shape>& shapes) {
  size_t nd = 0;
  for (const auto& s : shapes) nd = std::max(nd, s.size());
  Shape out(nd, 1);
  for (const auto& s : shapes) {
    const size_t off = nd - s.size();
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t& o = out[off + i];
      if (s[i] == o || s[i] == 1) continue;
      if (o == 1) {
        o = s[i];
        continue;
      }
      std::string msg = "[broadcast] operands could not be broadcast together with shapes ";
      for (const auto& t : shapes) msg += shape_str(t, true) + " ";
      throw value_error(msg);
    }
  }
  return out;
}

namespace {

// Finds NumPy's loop for these operands; returns its index.
int search_loop(const OpInfo& info, const std::vector<array>& inputs, std::optional<Dtype> dtype) {
  const int nin = static_cast<int>(inputs.size());
  Dtype r = result_type(inputs);
  // NumPy divides integers in float64 (its true-division type resolver).
  if (info.id == OpId::divide && !is_inexact(r) && !dtype) r = Dtype::float64;
  bool any_weak = false;
  std::vector<Dtype> eff(nin);
  for (int i = 0; i < nin; ++i) {
    eff[i] = inputs[i].weak() == WeakKind::none ? inputs[i].dtype() : r;
    if (info.id == OpId::divide && !dtype) eff[i] = promote_types(eff[i], r);
    if (inputs[i].weak() != WeakKind::none) any_weak = true;
  }
  const bool all_bool =
      std::all_of(eff.begin(), eff.end(), [](Dtype d) { return d == Dtype::bool_; });
  if ((info.id == OpId::subtract || info.id == OpId::negative) && !dtype && all_bool) {
    if (info.id == OpId::subtract)
      throw type_error(
          "numpy boolean subtract, the `-` operator, is not supported, use the "
          "bitwise_xor, the `^` operator, or the logical_xor function instead.");
    throw type_error(
        "The numpy boolean negative, the `-` operator, is not supported, use the "
        "`~` operator or the logical_not function instead.");
  }
  // Python ints that do not fit the result type: comparisons and logical ops use the
  // exact value (NumPy 2); other ops are checked against the loop chosen below.
  for (int i = 0; i < nin; ++i) {
    auto v = weak_value(inputs[i]);
    if (!v || inputs[i].weak() != WeakKind::int_ || int_fits(*v, eff[i])) continue;
    const bool logical = info.id == OpId::logical_and || info.id == OpId::logical_or ||
                         info.id == OpId::logical_xor;
    if (is_comparison(info.id) || logical) eff[i] = is_integer(v->dtype) ? v->dtype : Dtype::float64;
  }
  // These have no bool loop and NumPy does not cast bool up to int8 for them.
  const bool no_bool = info.id == OpId::positive || info.id == OpId::sign || info.id == OpId::gcd ||
                       info.id == OpId::lcm;
  auto search = [&](const std::vector<Dtype>& types) -> int {
    if (no_bool && all_bool && !dtype) return -1;
    for (size_t k = 0; k < info.loops.size(); ++k) {
      const Loop& l = info.loops[k];
      bool ok = true;
      if (dtype) {
        ok = l.out[0] == *dtype || (l.nout == 0);
        for (int i = 0; i < nin && ok; ++i) ok = can_cast(types[i], l.in[i], Casting::same_kind);
        // dtype= names the computation's type: inputs of homogeneous loops match it too.
        for (int i = 0; i < nin && ok; ++i)
          if (l.in[i] != l.out[0] && l.in[0] == l.out[0]) ok = false;
      } else {
        for (int i = 0; i < nin && ok; ++i) ok = can_cast(types[i], l.in[i], Casting::safe);
      }
      if (ok) return static_cast<int>(k);
    }
    return -1;
  };
  int k = search(eff);
  if (k < 0 && any_weak) {  // e.g. ldexp(float32_array, 2): the int stays an int
    std::vector<Dtype> alt(nin);
    for (int i = 0; i < nin; ++i)
      alt[i] =
          inputs[i].weak() == WeakKind::none ? inputs[i].dtype() : weak_default(inputs[i].weak());
    k = search(alt);
  }
  if (k < 0) {
    throw type_error(std::string("ufunc '") + info.name +
                     "' did not contain a loop with signature matching types " + types_str(eff) +
                     " -> None");
  }
  return k;
}

// NumPy's loop for these operands. The search depends only on the operands' dtypes, weak
// kinds and (for Python ints) the value's class and whether it fits the result type, so
// its outcome is cached per thread under that key; the value check runs every time.
int resolve_loop(const OpInfo& info, const std::vector<array>& inputs, std::optional<Dtype> dtype) {
  const int nin = static_cast<int>(inputs.size());
  const Dtype r = result_type(inputs);
  uint64_t key = static_cast<uint64_t>(info.id) | (dtype ? (static_cast<uint64_t>(*dtype) + 1) << 8 : 0);
  for (int i = 0; i < nin; ++i) {
    uint64_t part = static_cast<uint64_t>(inputs[i].dtype()) | static_cast<uint64_t>(inputs[i].weak()) << 4;
    if (inputs[i].weak() == WeakKind::int_)
      if (auto v = weak_value(inputs[i])) {
        const uint64_t cls = v->dtype == Dtype::int64 ? 0 : v->dtype == Dtype::uint64 ? 1 : 2;
        part |= (cls << 7) | (static_cast<uint64_t>(!int_fits(*v, r)) << 9);
      }
    key |= part << (16 + 12 * i);
  }
  thread_local std::unordered_map<uint64_t, int> cache;
  int k;
  if (auto it = cache.find(key); it != cache.end()) {
    k = it->second;
  } else {
    k = search_loop(info, inputs, dtype);  // raises when there is no loop: nothing cached
    if (cache.size() < 4096) cache.emplace(key, k);
  }
  // A Python int must fit the integer type the loop computes in (an int loop); float
  // loops take any value.
  for (int i = 0; i < nin && !dtype; ++i) {
    auto v = weak_value(inputs[i]);
    const Dtype t = info.loops[k].in[i];
    if (v && inputs[i].weak() == WeakKind::int_ && is_integer(t) && !int_fits(*v, t))
      throw overflow_error("Python integer " + int_str(*v) + " out of bounds for " + dtype_name(t));
    // A Python float becomes a float32 constant as it is (float16 ones go through a checked cast).
    if (v && inputs[i].weak() == WeakKind::float_ && t == Dtype::float32) check_scalar_cast(*v, t);
  }
  return k;
}

void check_devices(const std::vector<array>& inputs, const char* name) {
  for (size_t i = 1; i < inputs.size(); ++i)
    if (inputs[i].device() != inputs[0].device() && inputs[i].weak() == WeakKind::none &&
        inputs[0].weak() == WeakKind::none)
      throw value_error(std::string("[") + name + "] arrays are on different devices: " +
                        inputs[0].device().str() + " and " + inputs[i].device().str());
}

}  // namespace

std::vector<array> apply_op(OpId op, const std::vector<array>& inputs, std::optional<Dtype> dtype,
                            const Params& params) {
  const OpInfo& info = op_info(op);
  if (static_cast<int>(inputs.size()) != info.nin)
    throw type_error(std::string(info.name) + "() takes " + std::to_string(info.nin) +
                     " positional arguments but " + std::to_string(inputs.size()) + " were given");
  check_devices(inputs, info.name);
  // Logical ops test each operand's truth in its own type (NumPy 2): 1e-50 is true even
  // beside a float16 array.
  if ((op == OpId::logical_and || op == OpId::logical_or || op == OpId::logical_xor) && !dtype &&
      std::any_of(inputs.begin(), inputs.end(), [](const array& a) { return a.dtype() != Dtype::bool_; })) {
    std::vector<array> truth;
    for (const auto& a : inputs) truth.push_back(a.dtype() == Dtype::bool_ ? a.strong() : astype(a, Dtype::bool_));
    return apply_op(op, truth, dtype, params);
  }
  const int k = resolve_loop(info, inputs, dtype);
  const Loop& loop = info.loops[k];
  Params p = params;
  if ((op == OpId::nextafter || op == OpId::spacing) && loop.out[0] == Dtype::float16)
    p.u[0] = 1;  // float16's own neighbours
  // Operands of one shape (the common case) need no list of shapes to broadcast.
  Shape shape;
  if (std::all_of(inputs.begin(), inputs.end(), [&](const array& a) { return a.shape() == inputs[0].shape(); })) {
    shape = inputs[0].shape();
  } else {
    std::vector<Shape> shapes;
    for (const auto& a : inputs) shapes.push_back(a.shape());
    shape = broadcast_shapes(shapes);
  }
  Device device = default_device();
  for (const auto& a : inputs)
    if (a.weak() == WeakKind::none) {
      device = a.device();
      break;
    }
  // Python scalars live wherever the operation runs. NumPy rounds a Python scalar to a
  // float16 loop's type before using it (0.2 is 0.19995); the loops compute float16 in
  // float32, so the scalar is cast here, not there.
  std::vector<array> ins;
  ins.reserve(inputs.size());
  for (size_t j = 0; j < inputs.size(); ++j) {
    const array& a = inputs[j];
    if (a.weak() == WeakKind::none) {
      ins.push_back(a);
      continue;
    }
    array s = a;
    if (auto v = weak_value(s); v && s.device() != device) s = array::scalar(*v, s.weak(), device);
    if (loop.in[j] == Dtype::float16 && s.dtype() != Dtype::float16) s = astype(s, Dtype::float16);
    ins.push_back(std::move(s));
  }

  // Integer power with a negative exponent is an error in NumPy (where any element is computed).
  if (op == OpId::power && kind(loop.in[1]) == Kind::Int && shape_size(shape) > 0) {
    auto v = weak_value(ins[1]);
    const bool negative = v ? v->as_int() < 0
                            : kind(ins[1].dtype()) == Kind::Int && min(ins[1]).item().as_int() < 0;
    if (negative) throw value_error("Integers to negative integer powers are not allowed.");
  }

  if (info.nout == 1) {
    auto node = std::make_shared<Node>();
    node->kind = NodeKind::elementwise;
    node->op = op;
    node->loop = k;
    node->params = p;
    for (const auto& a : ins) eval_if_deep(a);
    node->inputs = std::move(ins);
    return {make_pending(loop.out[0], std::move(shape), device, std::move(node))};
  }
  // Several outputs: evaluated at once (the graph holds single-output nodes).
  std::vector<array> outs;
  const FpMode fpmode = current_fp_mode();
  ElementwiseCall call{op, k, shape, {}, {}, p, fpmode};
  for (const auto& a : ins) {
    a.eval();
    call.in.push_back(broadcast_operand(a, shape));
  }
  for (int j = 0; j < info.nout; ++j) {
    outs.push_back(make_empty(loop.out[j], shape, device));
    call.out.push_back(Operand{outs.back().data(), loop.out[j], outs.back().strides()});
  }
  if (shape_size(shape) > 0) backend_for(device).elementwise(call);
  if (fp_eager(fpmode)) report_fp_events(true);
  return outs;
}

std::vector<array> ufunc(const std::string& name, const std::vector<array>& inputs,
                         std::optional<Dtype> dtype) {
  auto op = op_by_name(name);
  if (!op || name[0] == '_') throw value_error("[ufunc] unknown ufunc '" + name + "'");
  return apply_op(*op, inputs, dtype);
}

#define MTL_UNARY_DEF(name) \
  array name(const array& x) { return apply_op(OpId::name, {x}, std::nullopt)[0]; }
#define MTL_BINARY_DEF(name)                              \
  array name(const array& a, const array& b) {            \
    return apply_op(OpId::name, {a, b}, std::nullopt)[0]; \
  }
MTL_UNARY_UFUNCS(MTL_UNARY_DEF)
MTL_BINARY_UFUNCS(MTL_BINARY_DEF)
#undef MTL_UNARY_DEF
#undef MTL_BINARY_DEF

std::pair<array, array> divmod(const array& a, const array& b) {
  auto r = apply_op(OpId::divmod, {a, b}, std::nullopt);
  return {r[0], r[1]};
}
std::pair<array, array> frexp(const array& x) {
  auto r = apply_op(OpId::frexp, {x}, std::nullopt);
  return {r[0], r[1]};
}
std::pair<array, array> modf(const array& x) {
  auto r = apply_op(OpId::modf, {x}, std::nullopt);
  return {r[0], r[1]};
}

array where(const array& cond, const array& a, const array& b) {
  const array c = cond.dtype() == Dtype::bool_ ? cond.strong() : astype(cond, Dtype::bool_);
  // NumPy's where casts a Python int to the other operand's integer dtype as C does (255
  // into int8 is -1), where a ufunc would raise OverflowError.
  const Dtype rt = result_type({a, b});
  auto wrap = [&](const array& x) {
    auto v = weak_value(x);
    if (!v || x.weak() != WeakKind::int_ || !is_integer(rt) || !is_integer(v->dtype) || int_fits(*v, rt))
      return x;
    return astype(array::scalar(*v), rt);
  };
  return apply_op(OpId::where, {c, wrap(a), wrap(b)}, std::nullopt)[0];
}

array clip(const array& a, const array& lo_in, const array& hi_in) {
  // Python int bounds beyond an integer array's range clamp to it (as NumPy 2's clip).
  auto clamp_bound = [&](const array& b) {
    auto v = b.valid() ? weak_value(b) : std::nullopt;
    if (!v || b.weak() != WeakKind::int_ || !is_integer(a.dtype()) || int_fits(*v, a.dtype()))
      return b;
    const bool below =
        v->dtype == Dtype::int64 ? v->v.i < 0 : (v->dtype == Dtype::float64 && v->v.f < 0);
    const int bits = static_cast<int>(itemsize(a.dtype())) * 8;
    const bool is_signed = kind(a.dtype()) == Kind::Int;
    Scalar lim;
    if (below)
      lim = is_signed ? Scalar(bits == 64 ? INT64_MIN : -(int64_t{1} << (bits - 1)))
                      : Scalar(int64_t{0});
    else if (!is_signed && bits == 64)
      lim = Scalar(~uint64_t{0});
    else
      lim = Scalar(static_cast<int64_t>((uint64_t{1} << (bits - is_signed)) - 1));
    return astype(array::scalar(lim), a.dtype());
  };
  const array lo = clamp_bound(lo_in), hi = clamp_bound(hi_in);
  // One result dtype for the three operands together (NumPy's clip is one ufunc): Python
  // scalars weak, so clip(bool_array, -1, int32_array) is int32.
  std::vector<array> operands{a};
  if (lo.valid()) operands.push_back(lo);
  if (hi.valid()) operands.push_back(hi);
  const Dtype rt = result_type(operands);
  array r = a.dtype() == rt ? a : astype(a, rt);
  if (lo.valid()) r = maximum(r, lo);
  if (hi.valid()) r = minimum(r, hi);
  if (!lo.valid() && !hi.valid()) r = positive(a);
  return r;
}

array astype(const array& a, Dtype dtype, bool copy_) {
  if (!copy_ && a.dtype() == dtype && a.weak() == WeakKind::none) return a;
  auto node = std::make_shared<Node>();
  node->kind = NodeKind::cast;
  eval_if_deep(a);
  node->inputs = {a};
  return make_pending(dtype, a.shape(), a.device(), std::move(node));
}

array copy(const array& a) { return astype(a, a.dtype(), true); }

array ascontiguousarray(const array& a) {
  if (a.is_pending() || a.is_c_contiguous()) return a.ndim() == 0 ? reshape(a, {1}) : a;
  return copy(a);
}

void copyto(const array& dst, const array& src_in, Casting casting) {
  array src = src_in;
  if (!dst.is_writeable()) throw value_error("[copyto] assignment destination is read-only");
  const Dtype sd =
      src.weak() == WeakKind::none ? src.dtype() : weak_result(src.weak(), dst.dtype());
  if (!can_cast(sd, dst.dtype(), casting))
    throw type_error(std::string("Cannot cast array data from dtype('") + dtype_name(sd) +
                     "') to dtype('" + dtype_name(dst.dtype()) + "') according to the rule '" +
                     (casting == Casting::safe        ? "safe"
                      : casting == Casting::same_kind ? "same_kind"
                                                      : "no") +
                     "'");
  const Shape shape = broadcast_shapes({dst.shape(), src.shape()});
  if (shape != dst.shape())
    throw value_error("[copyto] could not broadcast input array from shape " +
                      shape_str(src.shape()) + " into shape " + shape_str(dst.shape()));
  if (dst.device() != src.device() && src.weak() == WeakKind::none)
    throw value_error("[copyto] arrays are on different devices");
  if (auto v = weak_value(src)) {
    if (src.weak() == WeakKind::int_ && !int_fits(*v, dst.dtype()))
      throw overflow_error("Python integer " + int_str(*v) + " out of bounds for " +
                           dtype_name(dst.dtype()));
    if (src.weak() == WeakKind::float_ && is_integer(dst.dtype()) && !std::isfinite(v->v.f)) {
      if (std::isnan(v->v.f)) throw value_error("cannot convert float NaN to integer");
      throw overflow_error("cannot convert float infinity to integer");
    }
    if (src.weak() == WeakKind::complex_ && !is_complex(dst.dtype()) && dst.dtype() != Dtype::bool_)
      throw type_error(std::string("can't convert complex to ") +
                       (is_integer(dst.dtype()) ? "int" : "float"));
  }
  if (auto v = constant_value(src)) check_scalar_cast(*v, dst.dtype());  // full(2, 1e50, dtype=float32)
  if (src.weak() == WeakKind::none && evaluate_into(src, dst)) return;  // no temporary
  src.eval();
  write_barrier(dst);
  if (dst.size() == 0) return;
  if (src.buffer() == dst.buffer()) src = copy(src).eval();  // overlapping views: read first
  Operand out{dst.data(), dst.dtype(), dst.strides()};
  backend_for(dst.device()).copy(dst.shape(), broadcast_operand(src, dst.shape()), out);
}

array real(const array& a) {
  if (!is_complex(a.dtype())) return a;
  a.eval();
  const Dtype rd = real_dtype(a.dtype());
  auto impl = std::make_shared<ArrayImpl>(*a.impl());
  impl->dtype = rd;
  impl->base = owner_of(a.impl());
  return array(std::move(impl));
}

array imag(const array& a) {
  if (!is_complex(a.dtype())) {
    array z = astype(array::scalar(Scalar(int64_t{0})), a.dtype());
    return copy(broadcast_to(z, a.shape()));
  }
  a.eval();
  auto impl = std::make_shared<ArrayImpl>(*a.impl());
  impl->dtype = real_dtype(a.dtype());
  impl->offset += static_cast<int64_t>(itemsize(impl->dtype));
  impl->base = owner_of(a.impl());
  return array(std::move(impl));
}

array angle(const array& a, bool deg) {
  // NumPy: arctan2(z.imag, z.real) for complex z, else arctan2(0, z) with a Python 0.
  const array r = is_complex(a.dtype()) ? arctan2(imag(a), real(a)) : arctan2(array(int64_t{0}), a);
  return deg ? degrees(r) : r;
}

array round(const array& a, int decimals) {
  if (a.dtype() == Dtype::bool_) return rint(a);  // NumPy: float16
  if (!is_inexact(a.dtype())) {
    if (decimals >= 0) return copy(a);
    // Integers to tens, hundreds, ...: the quotient by a float64 power of ten rounded half
    // to even, times it, cast back, as NumPy's (so 10^k beyond the type gives 0, not a wrap).
    const array fa = array::scalar(Scalar(std::pow(10.0, -decimals)));
    const array y = rint(divide(astype(a, Dtype::float64), fa));
    return astype(multiply(y, fa), a.dtype());
  }
  if (decimals == 0) return rint(a);
  const Dtype rd = real_dtype(a.dtype());
  const double f = std::pow(10.0, std::abs(decimals));
  const array fa = astype(array::scalar(Scalar(f)), rd);
  if (decimals > 0) return divide(rint(multiply(a, fa)), fa);
  return multiply(rint(divide(a, fa)), fa);
}

}  // namespace metallic
