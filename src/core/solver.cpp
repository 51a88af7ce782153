// Dense factorisations for numpy.linalg (solve, inv, det, slogdet, cholesky, eigh, svd, qr,
// eig):
// stacks of C-contiguous matrices handed to the backend's LAPACK or cuSOLVER. A row-major
// matrix read column-major is its transpose, which is what the solvers are given (see
// SolverCall); each matrix's LAPACK info comes back for the caller to judge.
#include <algorithm>
#include <string>

#include "core/array_impl.hpp"
#include "metallic/creation.hpp"
#include "metallic/errors.hpp"
#include "metallic/ops.hpp"

namespace metallic {
namespace {

void check_stack(const array& a, const char* op) {
  if (a.ndim() != 3) throw value_error(std::string("[") + op + "] expects a (batch, m, n) stack of matrices");
  if ((kind(a.dtype()) != Kind::Float && kind(a.dtype()) != Kind::Complex) || a.dtype() == Dtype::float16)
    throw type_error(std::string("[") + op + "] array type " + dtype_name(a.dtype()) + " is unsupported in linalg");
}

// (batch, n) of a stack of square matrices, checked.
std::pair<int64_t, int64_t> square_stack(const array& a, const char* op) {
  check_stack(a, op);
  if (a.shape()[1] != a.shape()[2])
    throw value_error(std::string("[") + op + "] expects a (batch, n, n) stack of square matrices");
  return {a.shape()[0], a.shape()[1]};
}

[[noreturn]] void no_solver(const array& a, const char* op) {
  throw not_implemented_error(std::string("[") + op + "] no solver library for " + dtype_name(a.dtype()) + " on " +
                              a.device().str());
}

}  // namespace

LuFactors lu_factor(const array& a) {
  const auto [batch, n] = square_stack(a, "lu_factor");
  array lu = copy(a);  // factored in place
  lu.eval();
  LuFactors r{lu, make_empty(Dtype::int64, {batch, n}, a.device()), std::vector<int64_t>(batch)};
  const SolverCall call{a.dtype(), n, 0, batch, lu.data(), reinterpret_cast<int64_t*>(r.pivots.data()), nullptr,
                        r.info.data()};
  if (!backend_for(a.device()).lu(call)) no_solver(a, "lu_factor");
  return r;
}

array lu_solve(const LuFactors& f, const array& b) {
  const auto [batch, n] = square_stack(f.lu, "lu_solve");
  if (b.ndim() != 3 || b.shape()[0] != batch || b.shape()[2] != n || b.dtype() != f.lu.dtype())
    throw value_error("[lu_solve] expects right-hand sides (batch, nrhs, n) of the factors' dtype");
  array x = copy(b);  // solved in place
  x.eval();
  std::vector<int64_t> info(batch);
  const SolverCall call{b.dtype(), n, b.shape()[1], batch, f.lu.data(), reinterpret_cast<int64_t*>(f.pivots.data()),
                        x.data(), info.data()};
  if (!backend_for(b.device()).lu_solve(call)) no_solver(b, "lu_solve");
  return x;
}

std::pair<array, std::vector<int64_t>> cholesky_factor(const array& a) {
  const auto [batch, n] = square_stack(a, "cholesky");
  array u = copy(a);
  u.eval();
  std::vector<int64_t> info(batch);
  const SolverCall call{a.dtype(), n, 0, batch, u.data(), nullptr, nullptr, info.data()};
  if (!backend_for(a.device()).cholesky(call)) no_solver(a, "cholesky");
  return {u, info};
}

// A copied in column-major order (its transpose's rows), so the backend sees A itself and
// reads the triangle UPLO names, as NumPy's LAPACK call does (the same eigenvectors, signs
// included); they come back as columns, read row-major with a transpose.
EighResult eigh_factor(const array& a_in, bool vectors, bool lower) {
  const auto [batch, n] = square_stack(a_in, "eigh");
  array a = copy(swapaxes(a_in, 1, 2));
  a.eval();
  EighResult r{make_empty(real_dtype(a.dtype()), {batch, n}, a.device()), array(), std::vector<int64_t>(batch)};
  EighCall call{a.dtype(), n, batch, vectors, a.data(), r.w.data(), r.info.data()};
  call.lower = lower;
  if (!backend_for(a.device()).eigh(call)) no_solver(a, "eigh");
  if (vectors) r.v = swapaxes(a, 1, 2);
  return r;
}

// Column-major solvers want rows >= columns. A wide A (m < n) goes as it is: read
// column-major it is B = A^T (n x m), and A = conj(V_B) S U_B^T: B's vt read back
// row-major is A's u, B's u read back row-major is A's vh. A tall or square A goes
// transposed (read column-major: A itself, as NumPy's call sees it), and its factors come
// back transposed.
SvdResult svd_factor(const array& a_in, bool vectors, bool full) {
  check_stack(a_in, "svd");
  const int64_t batch = a_in.shape()[0], m = a_in.shape()[1], n = a_in.shape()[2];
  const bool tall = m >= n;  // square ones too: LAPACK then sees A itself, as NumPy's call does
  const int64_t rows = tall ? m : n, cols = tall ? n : m, ucols = full ? rows : cols;
  array a = copy(tall ? swapaxes(a_in, 1, 2) : a_in);
  a.eval();
  const Device dev = a.device();
  SvdResult r{array(), make_empty(real_dtype(a.dtype()), {batch, cols}, dev), array(), std::vector<int64_t>(batch)};
  array u = vectors ? make_empty(a.dtype(), {batch, ucols, rows}, dev) : array();
  array vt = vectors ? make_empty(a.dtype(), {batch, cols, cols}, dev) : array();
  const SvdCall call{a.dtype(), rows,      cols,     batch, vectors, full, a.data(), r.s.data(),
                     vectors ? u.data() : nullptr, vectors ? vt.data() : nullptr, r.info.data()};
  if (!backend_for(dev).svd(call)) no_solver(a, "svd");
  if (vectors) {
    r.u = tall ? swapaxes(u, 1, 2) : vt;
    r.vh = tall ? swapaxes(vt, 1, 2) : u;
  }
  return r;
}

// A row-major matrix read column-major is its transpose, so A goes transposed: the
// solver then factors A itself, and its column-major result read row-major is NumPy's h.
QrFactors qr_factor(const array& a) {
  check_stack(a, "qr");
  const int64_t batch = a.shape()[0], m = a.shape()[1], n = a.shape()[2], k = std::min(m, n);
  QrFactors f{copy(swapaxes(a, 1, 2)), make_empty(a.dtype(), {batch, k}, a.device()), std::vector<int64_t>(batch)};
  f.h.eval();
  const QrCall call{a.dtype(), m, n, k, batch, false, f.h.data(), f.tau.data(), f.info.data()};
  if (!backend_for(a.device()).qr(call)) no_solver(a, "qr");
  return f;
}

array qr_q(const QrFactors& f, int64_t cols) {
  const int64_t batch = f.h.shape()[0], n = f.h.shape()[1], m = f.h.shape()[2], k = f.tau.shape()[1];
  if (cols < k || cols > m) throw value_error("[qr] Q's columns must be between min(m, n) and m");
  // Column-major m x cols, its first k columns the reflectors: h's first rows, or h and zeros.
  const Index all = Slice{}, first = Slice{std::nullopt, std::min(cols, n), std::nullopt};
  array q = copy(getitem(f.h, {all, first, all}));
  if (cols > n) {
    q = zeros({batch, cols, m}, f.h.dtype(), f.h.device());
    setitem(q, {all, first, all}, f.h);
  }
  q.eval();
  std::vector<int64_t> info(batch);
  const QrCall call{q.dtype(), m, cols, k, batch, true, q.data(), f.tau.data(), info.data()};
  if (!backend_for(q.device()).qr(call)) no_solver(q, "qr");
  return swapaxes(q, 1, 2);
}

// A goes transposed, so that the solver factors A itself; its column-major vectors come
// back transposed.
EigResult eig_factor(const array& a_in, bool vectors) {
  const auto [batch, n] = square_stack(a_in, "eig");
  array a = copy(swapaxes(a_in, 1, 2));
  a.eval();
  const bool real = kind(a.dtype()) == Kind::Float;
  EigResult r{make_empty(a.dtype(), real ? Shape{batch, 2, n} : Shape{batch, n}, a.device()), array(),
              std::vector<int64_t>(batch)};
  array vr = vectors ? make_empty(a.dtype(), {batch, n, n}, a.device()) : array();
  const EigCall call{a.dtype(), n, batch, vectors, a.data(), r.w.data(), vectors ? vr.data() : nullptr, r.info.data()};
  if (!backend_for(a.device()).eig(call)) no_solver(a, "eig");
  if (vectors) r.v = swapaxes(vr, 1, 2);
  return r;
}

}  // namespace metallic
