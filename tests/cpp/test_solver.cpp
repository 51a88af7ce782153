// Factorisations through the C++ API (core/solver.cpp): eigh, svd, qr and eig against known
// answers and reconstructions, on the default device. Skipped where it has no solver
// library (the CPU without METALLIC_BLAS_LIBRARY or a BLAS found at run time).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "metallic/metallic.hpp"

namespace {

using mtl::array;
using mtl::Dtype;

std::vector<double> values(const array& a) {
  std::vector<double> v(static_cast<size_t>(a.size()));
  mtl::astype(mtl::ascontiguousarray(a), Dtype::float64).to_host(v.data());
  return v;
}

array matrix(const std::vector<double>& v, int64_t rows, int64_t cols) {
  return array::from_host(v.data(), {1, rows, cols}, Dtype::float64);
}

#define SKIP_WITHOUT_SOLVER(expr)                                                 \
  try {                                                                           \
    expr;                                                                         \
  } catch (const mtl::not_implemented_error&) {                                   \
    GTEST_SKIP() << "no solver library on " << mtl::default_device().str();       \
  }

TEST(Solver, EighOfASymmetricMatrix) {
  mtl::EighResult r;
  SKIP_WITHOUT_SOLVER(r = mtl::eigh_factor(matrix({2, 1, 1, 2}, 2, 2), true));
  const auto w = values(r.w), v = values(r.v);
  EXPECT_NEAR(w[0], 1.0, 1e-14);
  EXPECT_NEAR(w[1], 3.0, 1e-14);
  // Columns are eigenvectors: (1, -1) / sqrt 2 for 1, (1, 1) / sqrt 2 for 3, up to sign.
  EXPECT_NEAR(std::fabs(v[0]), std::sqrt(0.5), 1e-14);
  EXPECT_NEAR(v[0] * v[2], -0.5, 1e-14);
  EXPECT_NEAR(v[1] * v[3], 0.5, 1e-14);
}

TEST(Solver, SvdAndQrReconstructTallAndWideMatrices) {
  const std::vector<double> a = {1, 2, 3, 4, 5, 6};
  for (auto [rows, cols] : {std::pair<int64_t, int64_t>{3, 2}, {2, 3}}) {
    mtl::SvdResult s;
    SKIP_WITHOUT_SOLVER(s = mtl::svd_factor(matrix(a, rows, cols), true, false));
    const array us = mtl::multiply(s.u, mtl::expand_dims(s.s, {1}));
    EXPECT_EQ(s.s.shape(), (mtl::Shape{1, 2}));
    const auto back = values(mtl::matmul(us, s.vh));
    for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(back[i], a[i], 1e-13);
    const int64_t k = std::min(rows, cols);
    const mtl::QrFactors f = mtl::qr_factor(matrix(a, rows, cols));
    const array q = mtl::qr_q(f, k);
    const auto r = values(mtl::matmul(mtl::swapaxes(q, 1, 2), matrix(a, rows, cols)));  // Q^T A = R (k x cols)
    const auto h = values(f.h);  // (cols, rows): R's entry (i, j) at h[j * rows + i]
    for (int64_t i = 0; i < k; ++i)
      for (int64_t j = 0; j < cols; ++j) EXPECT_NEAR(r[i * cols + j], j >= i ? h[j * rows + i] : 0.0, 1e-13);
    const auto qr = values(mtl::matmul(q, array::from_host(r.data(), {1, k, cols}, Dtype::float64)));
    for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(qr[i], a[i], 1e-13);
  }
}

TEST(Solver, EigOfARotationGivesAConjugatePair) {
  mtl::EigResult r;
  SKIP_WITHOUT_SOLVER(r = mtl::eig_factor(matrix({0, -1, 1, 0}, 2, 2), false));
  const auto w = values(r.w);  // real parts, then imaginary parts
  ASSERT_EQ(w.size(), 4u);
  EXPECT_NEAR(w[0], 0.0, 1e-15);
  EXPECT_NEAR(w[1], 0.0, 1e-15);
  EXPECT_NEAR(w[2], 1.0, 1e-15);
  EXPECT_NEAR(w[3], -1.0, 1e-15);
}

}  // namespace
