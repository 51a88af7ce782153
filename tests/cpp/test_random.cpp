// The CPU's SIMD random kernels must give the numbers the shared functors define (the GPU
// runs the functors themselves).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "metallic/random.hpp"
#include "metallic/metallic.hpp"
#include "ops/functors_generate.hpp"
#include "ops/functors_random.hpp"

namespace {

metallic::Params params(uint64_t seed, uint64_t stream) {
  metallic::Params p;
  p.u[0] = metallic::random::key_for_seed(seed);
  p.u[1] = stream;
  return p;
}

TEST(Random, UniformMatchesFunctorBitwise) {
  mtl::random::seed(7);
  const int64_t n = 5001;  // odd, several blocks
  std::vector<double> got(n);
  mtl::random::rand({n}).to_host(got.data());
  const metallic::ops::RandomUniform f(params(7, 0));
  for (int64_t i = 0; i < n; ++i) ASSERT_EQ(got[i], f(i)) << "element " << i;
}

TEST(Random, NormalMatchesFunctorWithinUlps) {
  mtl::random::seed(11);
  (void)mtl::random::rand({3});  // stream 0; the normals below use stream 1
  const int64_t n = 4099;
  std::vector<double> got(n);
  mtl::random::randn({n}).to_host(got.data());
  const metallic::ops::RandomNormal f(params(11, 1));
  for (int64_t i = 0; i < n; ++i)
    ASSERT_NEAR(got[i], f(i), 1e-14 * std::max(1.0, std::fabs(f(i)))) << "element " << i;
}

// block4(j) gives elements 4j .. 4j+3 exactly as operator() does one by one (the GPU's
// generator kernels and the CPU's loops use block4 for the bulk, operator() at the edges).
template <class F, class T>
void expect_blocks_match(const F& f) {
  for (int64_t j : {0, 1, 2, 77, 12345, 1 << 30}) {
    T out[4];
    f.block4(j, out);
    for (int q = 0; q < 4; ++q) ASSERT_EQ(out[q], f(4 * j + q)) << "block " << j << " lane " << q;
  }
}

TEST(Random, BlocksOfFourMatchElementByElement) {
  const auto p = params(5, 3);
  expect_blocks_match<metallic::ops::RandomUniform, double>(metallic::ops::RandomUniform(p));
  expect_blocks_match<metallic::ops::RandomNormal, double>(metallic::ops::RandomNormal(p));
  expect_blocks_match<metallic::ops::RandomUniformF32, float>(metallic::ops::RandomUniformF32(p));
  expect_blocks_match<metallic::ops::RandomNormalF32, float>(metallic::ops::RandomNormalF32(p));
}

TEST(Random, Float32DrawsMatchTheFunctors) {
  const auto p = params(9, 4);
  const int64_t n = 4103;  // not a multiple of four
  for (auto what : {metallic::random::Draw::uniform, metallic::random::Draw::normal}) {
    std::vector<float> got(n);
    metallic::random::draw(what, p.u[0], p.u[1], {n}, metallic::Device{}, metallic::Dtype::float32)
        .to_host(got.data());
    for (int64_t i = 0; i < n; ++i) {
      const float want = what == metallic::random::Draw::uniform ? metallic::ops::RandomUniformF32(p)(i)
                                                                 : metallic::ops::RandomNormalF32(p)(i);
      ASSERT_EQ(got[i], want) << "element " << i;
    }
  }
}

TEST(Random, SameSeedSameNumbersDifferentSeedDifferent) {
  std::vector<double> a(100), b(100), c(100);
  mtl::random::seed(1);
  mtl::random::randn({100}).to_host(a.data());
  mtl::random::seed(1);
  mtl::random::randn({100}).to_host(b.data());
  mtl::random::seed(2);
  mtl::random::randn({100}).to_host(c.data());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

}  // namespace

// A draw with per-element parameters: element (r, c) is f(r * cols + c, its parameters),
// whatever the parameters' layout (a transposed array, a broadcast row).
TEST(Random, DrawsWithParametersFollowPositionNotLayout) {
  const int64_t rows = 37, cols = 5;
  std::vector<double> p(rows * cols);
  for (int64_t i = 0; i < rows * cols; ++i) p[i] = 0.01 + 0.98 * static_cast<double>(i) / (rows * cols);
  const mtl::array pt = mtl::transpose(mtl::array::from_host(p.data(), {cols, rows}, metallic::Dtype::float64));
  std::vector<int64_t> n = {3, 40, 700, 5000, 1};
  const mtl::array nb = mtl::broadcast_to(mtl::array::from_host(n.data(), {cols}, metallic::Dtype::int64), {rows, cols});
  const auto pr = params(5, 9);
  std::vector<int64_t> got(rows * cols);
  metallic::random::sample(metallic::random::Distribution::binomial, pr.u[0], pr.u[1], {nb, pt}).to_host(got.data());
  const metallic::ops::RandomBinomial f(pr);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      ASSERT_EQ(got[r * cols + c], f(r * cols + c, n[c], p[c * rows + r])) << r << ", " << c;
}
