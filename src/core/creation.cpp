#include "metallic/creation.hpp"

#include <cmath>

#include "core/array_impl.hpp"
#include "metallic/errors.hpp"
#include "metallic/ops.hpp"
#include "ops/half.hpp"

namespace metallic {

array generate(OpId op, const Shape& shape, const Params& params, Device device) {
  for (auto d : shape)
    if (d < 0) throw value_error("negative dimensions are not allowed");
  auto node = std::make_shared<Node>();
  node->kind = NodeKind::elementwise;
  node->op = op;
  node->loop = 0;
  node->params = params;
  return make_pending(op_info(op).loops[0].out[0], shape, device, std::move(node));
}

array empty(const Shape& shape, Dtype dtype, Device device) {
  return make_empty(dtype, shape, device);
}

array full(const Shape& shape, const Scalar& value, Dtype dtype, Device device) {
  // NumPy's full is copyto(empty, value, casting="unsafe"): Python ints are range-checked
  // (300 into uint8 raises), floats and complex values are converted.
  const WeakKind weak = is_integer(value.dtype) ? WeakKind::int_ : WeakKind::none;
  array out = make_empty(dtype, shape, device);
  copyto(out, array::scalar(value, weak, device), Casting::unsafe);
  return out;
}

array zeros(const Shape& shape, Dtype dtype, Device device) {
  return full(shape, Scalar(int64_t{0}), dtype, device);
}
array ones(const Shape& shape, Dtype dtype, Device device) {
  return full(shape, Scalar(int64_t{1}), dtype, device);
}

array indices_along(const Shape& shape, int axis, Device device) {
  Params p;
  p.u[0] = 1;
  for (size_t i = axis + 1; i < shape.size(); ++i)
    p.u[0] *= static_cast<uint64_t>(std::max<int64_t>(shape[i], 1));
  p.u[1] = static_cast<uint64_t>(std::max<int64_t>(shape[axis], 1));
  return generate(OpId::iota, shape, p, device);
}

array arange(const Scalar& start, const Scalar& stop, const Scalar& step, Dtype dtype,
             Device device) {
  const double s0 = start.as_double(), s1 = stop.as_double(), st = step.as_double();
  if (st == 0) throw value_error("Maximum allowed size exceeded");
  if (!std::isfinite(s0) || !std::isfinite(s1)) throw value_error("arange: cannot compute length");
  int64_t n;
  if (is_integer(start.dtype) && is_integer(stop.dtype) && is_integer(step.dtype) &&
      start.dtype != Dtype::uint64 && stop.dtype != Dtype::uint64) {
    const int64_t a = start.v.i, b = stop.v.i, c = step.v.i;
    n = c > 0 ? (b > a ? (b - a + c - 1) / c : 0) : (a > b ? (a - b + (-c) - 1) / (-c) : 0);
  } else {
    const double len = std::ceil((s1 - s0) / st);
    if (!(len < 9.2e18)) {
      if (std::isnan(len)) throw value_error("arange: cannot compute length");
      throw value_error("Maximum allowed size exceeded");
    }
    n = len > 0 ? static_cast<int64_t>(len) : 0;
  }
  const array idx = indices_along({n}, 0, device);
  if (is_integer(dtype) || dtype == Dtype::bool_) {
    array r = add(multiply(idx, array::scalar(Scalar(step.as_int()))),
                  array::scalar(Scalar(start.as_int())));
    return astype(r, dtype);
  }
  if (is_complex(dtype)) {
    array r =
        add(multiply(astype(idx, Dtype::complex128), array::scalar(Scalar(step.as_complex()))),
            array::scalar(Scalar(start.as_complex())));
    return astype(r, dtype);
  }
  // NumPy's: the first two values cast to dtype, their difference the step, value i (from
  // 2 on) first + i * step, all in dtype's arithmetic (float32 for float16): so
  // arange(1, 1.3, 0.1)[2] is 1.2000000000000002, as NumPy's.
  const Dtype ct = dtype == Dtype::float16 ? Dtype::float32 : dtype;
  auto in_dtype = [&](double v) {  // v cast to dtype, as a value of ct
    if (dtype == Dtype::float64) return v;
    half h;
    float f;
    Scalar(v).store(dtype, dtype == Dtype::float16 ? static_cast<void*>(&h) : static_cast<void*>(&f));
    return static_cast<double>(dtype == Dtype::float16 ? static_cast<float>(h) : f);
  };
  auto constant = [&](double v) {
    Scalar c(v);
    c.dtype = ct;
    return array::scalar(c, WeakKind::none, device);
  };
  const double first = in_dtype(s0), second = in_dtype(s0 + st);
  const double delta = ct == Dtype::float32 ? static_cast<double>(static_cast<float>(second) - static_cast<float>(first))
                                            : second - first;
  const array r = add(constant(first), multiply(astype(idx, ct), constant(delta)));
  return astype(where(equal(idx, array(int64_t{1})), constant(second), r), dtype);
}

array linspace(double start, double stop, int64_t num, bool endpoint, Dtype dtype, Device device) {
  if (num < 0)
    throw value_error("Number of samples, " + std::to_string(num) + ", must be non-negative.");
  const int64_t div = endpoint ? num - 1 : num;
  const double delta = stop - start;
  array y = astype(indices_along({num}, 0, device), Dtype::float64);
  if (div > 0) {
    const double step = delta / static_cast<double>(div);
    y = step == 0 ? add(multiply(divide(y, array::scalar(Scalar(static_cast<double>(div)))),
                                 array::scalar(Scalar(delta))),
                        array::scalar(Scalar(start)))
                  : add(multiply(y, array::scalar(Scalar(step))), array::scalar(Scalar(start)));
  } else {
    y = add(multiply(y, array::scalar(Scalar(delta))), array::scalar(Scalar(start)));
  }
  if (endpoint && num > 1) {
    y = copy(y).eval();
    setitem(y, {int64_t{-1}}, array::scalar(Scalar(stop)));
  }
  if (is_integer(dtype)) y = floor(y);
  return astype(y, dtype);
}

array eye(int64_t n, int64_t m, int64_t k, Dtype dtype, Device device) {
  const Shape shape{n, m};
  const array diag = subtract(indices_along(shape, 1, device), indices_along(shape, 0, device));
  return astype(equal(diag, array::scalar(Scalar(k))), dtype);
}

}  // namespace metallic
