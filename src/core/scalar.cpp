#include "metallic/array.hpp"
#include "ops/cast.hpp"
#include "ops/dtype_dispatch.hpp"

namespace metallic {

void Scalar::store(Dtype d, void* dst) const {
  dispatch_dtype(d, [&](auto tag) {
    using To = typename decltype(tag)::type;
    To out;
    switch (dtype) {
      case Dtype::bool_:
        out = convert<To>(v.b);
        break;
      case Dtype::uint64:
        out = convert<To>(v.u);
        break;
      case Dtype::complex64:
      case Dtype::complex128:
        out = convert<To>(complex<double>(v.f, imag));
        break;
      default:
        if (is_integer(dtype))
          out = convert<To>(v.i);
        else
          out = convert<To>(v.f);
    }
    *static_cast<To*>(dst) = out;
  });
}

double Scalar::as_double() const {
  double out;
  store(Dtype::float64, &out);
  return out;
}

std::complex<double> Scalar::as_complex() const {
  complex<double> out;
  store(Dtype::complex128, &out);
  return {out.re, out.im};
}

int64_t Scalar::as_int() const {
  int64_t out;
  store(Dtype::int64, &out);
  return out;
}

}  // namespace metallic
