// Gathers (take, flatnonzero) and matrix products through the C++ API.
#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "metallic/metallic.hpp"

namespace {

using mtl::array;
using mtl::Dtype;

template <class T>
std::vector<T> values(const array& a) {
  std::vector<T> v(static_cast<size_t>(a.size()));
  a.to_host(v.data());
  return v;
}

array arange_234() { return mtl::reshape(mtl::arange(0, 24, 1, Dtype::float64), {2, 3, 4}); }

array ints(const std::vector<int64_t>& v, mtl::Shape shape) {
  return array::from_host(v.data(), std::move(shape), Dtype::int64);
}

TEST(Take, AlongEachAxisWithNegativeIndices) {
  const array a = arange_234();
  EXPECT_EQ(values<double>(mtl::take(a, ints({2, -3}, {2}), 1)),
            (std::vector<double>{8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15}));
  const array t = mtl::take(a, ints({3, 0, -1, 1}, {2, 2}), 2);
  EXPECT_EQ(t.shape(), (mtl::Shape{2, 3, 2, 2}));
  EXPECT_EQ(values<double>(t)[0], 3);
  EXPECT_EQ(values<double>(t)[2], 3);
  EXPECT_EQ(values<double>(mtl::take(a, ints({23, 0}, {2}))), (std::vector<double>{23, 0}));  // flattened
}

TEST(Take, OutOfBoundsRaisesIndexErrorAndWritesNothing) {
  const array a = arange_234();
  EXPECT_THROW(mtl::take(a, ints({3}, {1}), 1), mtl::index_error);
  EXPECT_THROW(mtl::take(a, ints({-4}, {1}), 1), mtl::index_error);
  EXPECT_THROW(mtl::take(a, array(1.5), 0), mtl::type_error);
  EXPECT_EQ(values<double>(a)[5], 5);
}

TEST(ScatterRows, WritesOnlyTheIndexedRows) {
  array a = mtl::zeros({3, 4}, Dtype::float64);
  const array v = mtl::reshape(mtl::arange(0, 8, 1, Dtype::float64), {2, 4});
  ASSERT_TRUE(mtl::scatter_rows(a, ints({2, 0}, {2}), v, 0));
  EXPECT_EQ(values<double>(a), (std::vector<double>{4, 5, 6, 7, 0, 0, 0, 0, 0, 1, 2, 3}));
  ASSERT_TRUE(mtl::scatter_rows(a, ints({3}, {1}), mtl::full({3, 1}, 9.0, Dtype::float64), 1));
  EXPECT_EQ(values<double>(a)[3], 9);
  EXPECT_EQ(values<double>(a)[11], 9);
  EXPECT_FALSE(mtl::scatter_rows(mtl::transpose(a), ints({0}, {1}), mtl::zeros({1, 3}, Dtype::float64), 0));
  EXPECT_THROW(mtl::scatter_rows(a, ints({0}, {1}), mtl::zeros({2, 4}, Dtype::float64), 0), mtl::value_error);
}

TEST(Flatnonzero, PositionsInCOrderOfAnyDtype) {
  const array a = mtl::remainder(arange_234(), array(3.0));  // 0, 1, 2, 0, 1, 2, ...
  const array p = mtl::flatnonzero(a);
  EXPECT_EQ(p.dtype(), Dtype::int64);
  std::vector<int64_t> want;
  for (int64_t i = 0; i < 24; ++i)
    if (i % 3) want.push_back(i);
  EXPECT_EQ(values<int64_t>(p), want);
  EXPECT_EQ(mtl::flatnonzero(mtl::zeros({5}, Dtype::bool_)).size(), 0);
  // Enough elements for several parts of the CPU's threads (2^16 each).
  const array big = mtl::equal(mtl::remainder(mtl::arange(0, 300000, 1, Dtype::int64), array(int64_t{7})),
                               array(int64_t{0}));
  const std::vector<int64_t> got = values<int64_t>(mtl::flatnonzero(big));
  ASSERT_EQ(got.size(), 42858u);
  for (size_t k = 0; k < got.size(); ++k) ASSERT_EQ(got[k], static_cast<int64_t>(7 * k));
}

TEST(Matmul, AgainstLoopsWhenABlasIsThere) {
  if (const char* path = std::getenv("METALLIC_BLAS_LIBRARY"); !path || !*path)
    GTEST_SKIP() << "METALLIC_BLAS_LIBRARY not set";
  const array a = arange_234();                                              // 2 x 3 x 4
  const array b = mtl::reshape(mtl::arange(0, 8, 1, Dtype::float64), {4, 2});  // broadcast over the batch
  const array c = mtl::matmul(a, b);
  ASSERT_EQ(c.shape(), (mtl::Shape{2, 3, 2}));
  const auto av = values<double>(a), bv = values<double>(b), cv = values<double>(c);
  for (int s = 0; s < 2; ++s)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 2; ++j) {
        double want = 0;
        for (int k = 0; k < 4; ++k) want += av[(s * 3 + i) * 4 + k] * bv[k * 2 + j];
        EXPECT_EQ(cv[(s * 3 + i) * 2 + j], want);
      }
  const array at = mtl::transpose(mtl::reshape(mtl::arange(0, 6, 1, Dtype::float32), {2, 3}));  // column-major
  EXPECT_EQ(values<float>(mtl::matmul(at, mtl::ones({2}, Dtype::float32))), (std::vector<float>{3, 5, 7}));
  EXPECT_THROW(mtl::matmul(a, a), mtl::value_error);
}

}  // namespace
