// Matrix products: NumPy's matmul shape rules (1-D operands promoted and squeezed back,
// broadcast batch dimensions), run by the backend's BLAS as one strided-batched call.
#include <algorithm>
#include <optional>
#include <string>

#include "core/array_impl.hpp"
#include "metallic/errors.hpp"
#include "metallic/creation.hpp"
#include "metallic/ops.hpp"

namespace metallic {
namespace {

const char* kSignature = "gufunc signature (n?,k),(k,m?)->(n?,m?)";

// One operand as the BLAS reads it: a rows x cols matrix per batch entry, row-major or
// (trans) column-major, batch entries `stride` elements apart (0: one matrix for all).
struct Matrix {
  array a;  // keeps the memory alive
  int64_t ld = 0, stride = 0;
  bool trans = false;
};

// The leading dimension of a rows x cols layout with element strides s0, s1 when it is
// row-major (trans false) or column-major (trans true) with a BLAS-valid ld; false when
// neither (strides along a length-1 axis do not matter).
bool layout(int64_t rows, int64_t cols, int64_t s0, int64_t s1, int64_t& ld, bool& trans) {
  if ((cols == 1 || s1 == 1) && (rows == 1 || s0 >= cols)) {
    ld = rows == 1 ? std::max<int64_t>(cols, 1) : s0;
    trans = false;
    return true;
  }
  if ((rows == 1 || s0 == 1) && (cols == 1 || s1 >= rows)) {
    ld = cols == 1 ? std::max<int64_t>(rows, 1) : s1;
    trans = true;
    return true;
  }
  return false;
}

// x (already of the product's dtype) broadcast to batch + [rows, cols] as the BLAS reads it;
// copies to C order when its layout is not one the BLAS takes.
Matrix prepare(array x, const Shape& batch, int64_t rows, int64_t cols) {
  x.eval();
  const int64_t e = static_cast<int64_t>(x.itemsize());
  Shape full = batch;
  full.push_back(rows);
  full.push_back(cols);
  for (int attempt = 0; attempt < 2; ++attempt) {
    const array b = broadcast_to(x, full);
    const Strides& st = b.strides();
    const size_t nb = batch.size();
    bool ok = st[nb] % e == 0 && st[nb + 1] % e == 0;
    Matrix m{b};
    ok = ok && layout(rows, cols, st[nb] / e, st[nb + 1] / e, m.ld, m.trans);
    // The batch dimensions must walk memory with one non-negative stride (C order over
    // them, or all 0).
    std::optional<int64_t> stride;
    int64_t expect = 0;
    for (size_t d = nb; ok && d-- > 0;) {
      if (batch[d] == 1) continue;
      const int64_t s = st[d] / e;
      if (st[d] % e || s < 0) {
        ok = false;
      } else if (!stride) {
        stride = s;
        expect = s * batch[d];
      } else if (s != expect) {
        ok = false;
      } else {
        expect *= batch[d];
      }
    }
    m.stride = stride.value_or(0);
    if (ok) return m;
    x = copy(b);  // the whole stack in C order: always a layout the BLAS takes
    x.eval();
  }
  throw std::logic_error("[matmul] no BLAS layout for a C-contiguous operand");
}

}  // namespace

std::optional<array> matmul_native(const array& a0, const array& b0) {
  for (const array* x : {&a0, &b0})
    if (x->ndim() == 0)
      throw value_error(std::string("[matmul] Input operand ") + (x == &a0 ? "0" : "1") +
                        " does not have enough dimensions (has 0, " + kSignature + " requires 1)");
  const Dtype dt = result_type({a0, b0});
  if (!is_inexact(dt) || a0.device() != b0.device() || !backend_for(a0.device()).has_gemm(dt))
    return std::nullopt;
  const array a = a0.ndim() == 1 ? reshape(a0, {1, a0.shape()[0]}) : a0;
  const array b = b0.ndim() == 1 ? reshape(b0, {b0.shape()[0], 1}) : b0;
  const int64_t m = a.shape()[a.ndim() - 2], k = a.shape()[a.ndim() - 1];
  const int64_t kb = b.shape()[b.ndim() - 2], n = b.shape()[b.ndim() - 1];
  if (k != kb)
    throw value_error("[matmul] Input operand 1 has a mismatch in its core dimension 0, with " +
                      std::string(kSignature) + " (size " + std::to_string(kb) + " is different from " +
                      std::to_string(k) + ")");
  const Shape batch = broadcast_shapes({Shape(a.shape().begin(), a.shape().end() - 2),
                                        Shape(b.shape().begin(), b.shape().end() - 2)});
  Shape out_shape = batch;
  out_shape.push_back(m);
  out_shape.push_back(n);
  array out;
  const int64_t count = shape_size(batch);
  if (k == 0 || shape_size(out_shape) == 0) {
    out = zeros(out_shape, dt, a0.device());
  } else {
    const Matrix ma = prepare(astype(a, dt, false), batch, m, k);
    const Matrix mb = prepare(astype(b, dt, false), batch, k, n);
    out = make_empty(dt, out_shape, a0.device());
    const GemmCall call{dt, m, n, k, count, ma.a.data(), ma.ld, ma.stride, ma.trans,
                        mb.a.data(), mb.ld, mb.stride, mb.trans, out.data(), n, m * n};
    if (!backend_for(a0.device()).gemm(call)) return std::nullopt;
  }
  if (a0.ndim() == 1 || b0.ndim() == 1) {
    Shape s = batch;
    if (a0.ndim() != 1) s.push_back(m);
    if (b0.ndim() != 1) s.push_back(n);
    out = reshape(out, s);
  }
  return out;
}

array matmul(const array& a, const array& b) {
  if (auto r = matmul_native(a, b)) return *r;
  throw not_implemented_error(std::string("[matmul] no BLAS for ") + dtype_name(result_type({a, b})) + " on " +
                              a.device().str() + " (metallic's Python API computes these in NumPy)");
}

}  // namespace metallic
