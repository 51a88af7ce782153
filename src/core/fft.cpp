// FFTs along the last axis, on the backend's FFT library (cuFFT on the GPU; the CPU has
// none: NumPy's pocketfft runs there, from Python). Normalisation and the other axes are
// the Python layer's.
#include <string>

#include "core/array_impl.hpp"
#include "metallic/errors.hpp"
#include "metallic/ops.hpp"

namespace metallic {

array fft_last(const array& x, FftKind kind, bool inverse, int64_t n) {
  if (x.ndim() == 0 || n < 1) throw value_error("[fft] needs at least one axis and n >= 1");
  const Dtype in = x.dtype();
  const bool wide = in == Dtype::complex128 || in == Dtype::float64;
  const bool complex_in = kind != FftKind::r2c;
  if (complex_in ? (in != Dtype::complex64 && in != Dtype::complex128) : (in != Dtype::float32 && in != Dtype::float64))
    throw type_error(std::string("[fft] unsupported input dtype ") + dtype_name(in));
  const int64_t last = x.shape().back();
  const int64_t want = kind == FftKind::c2r ? n / 2 + 1 : n;
  if (last != want) throw value_error("[fft] the last axis has " + std::to_string(last) + " elements, not " +
                                      std::to_string(want));
  // c2r may overwrite its input: it gets a copy of its own.
  array src = kind == FftKind::c2r ? copy(x) : ascontiguousarray(x);
  src.eval();
  Shape shape = x.shape();
  shape.back() = kind == FftKind::r2c ? n / 2 + 1 : n;
  const Dtype out_dtype = kind == FftKind::c2c ? in
                          : kind == FftKind::r2c ? (wide ? Dtype::complex128 : Dtype::complex64)
                                                 : (wide ? Dtype::float64 : Dtype::float32);
  array out = make_empty(out_dtype, shape, x.device());
  const FftCall call{kind, inverse, wide, n, last == 0 ? 0 : x.size() / last, src.data(), out.data()};
  if (!backend_for(x.device()).fft(call))
    throw not_implemented_error("[fft] no FFT library on " + x.device().str());
  return out;
}

}  // namespace metallic
