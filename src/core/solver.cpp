// Dense factorisations for numpy.linalg (solve, inv, det, slogdet, cholesky): stacks of
// square C-contiguous matrices handed to the backend's LAPACK or cuSOLVER. A row-major
// matrix read column-major is its transpose, which is what the solvers are given (see
// SolverCall); each matrix's LAPACK info comes back for the caller to judge.
#include <string>

#include "core/array_impl.hpp"
#include "metallic/errors.hpp"
#include "metallic/ops.hpp"

namespace metallic {
namespace {

// (batch, n) of a stack of square matrices, checked.
std::pair<int64_t, int64_t> square_stack(const array& a, const char* op) {
  if (a.ndim() != 3 || a.shape()[1] != a.shape()[2])
    throw value_error(std::string("[") + op + "] expects a (batch, n, n) stack of square matrices");
  if (kind(a.dtype()) != Kind::Float && kind(a.dtype()) != Kind::Complex || a.dtype() == Dtype::float16)
    throw type_error(std::string("[") + op + "] array type " + dtype_name(a.dtype()) + " is unsupported in linalg");
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

}  // namespace metallic
