// Sorting and searching through the C++ API, across the CPU radix sort's switches (short
// rows, one long row cut into chunks, many rows), checked against std::stable_sort in
// NumPy's order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
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

// NumPy's order for doubles: NaN last, -0 == +0.
bool before(double x, double y) { return std::isnan(y) ? !std::isnan(x) : x < y; }

std::vector<double> sample(size_t n, unsigned seed) {
  std::mt19937 g(seed);
  std::uniform_int_distribution<int> d(-50, 50);
  std::vector<double> v(n);
  for (auto& x : v) x = d(g) * 0.5;  // many ties
  for (size_t i = 0; i < n; i += 13) v[i] = std::numeric_limits<double>::quiet_NaN();
  if (n > 3) v[1] = -0.0, v[2] = 0.0, v[3] = -std::numeric_limits<double>::infinity();
  return v;
}

TEST(Sort, MatchesAStableSortInNumpysOrder) {
  for (size_t n : {0, 1, 5, 256, 257, 5000, 200000}) {
    const std::vector<double> v = sample(n, static_cast<unsigned>(n));
    const array a = array::from_host(v.data(), {static_cast<int64_t>(n)}, Dtype::float64);
    std::vector<int64_t> order(n);
    std::iota(order.begin(), order.end(), int64_t{0});
    std::stable_sort(order.begin(), order.end(), [&](int64_t i, int64_t j) { return before(v[i], v[j]); });
    EXPECT_EQ(values<int64_t>(mtl::argsort(a)), order) << n;
    const std::vector<double> got = values<double>(mtl::sort(a));
    for (size_t i = 0; i < n; ++i)  // bit for bit: the sign of zero and NaN survive
      EXPECT_EQ(std::signbit(got[i]) == std::signbit(v[order[i]]) && (got[i] == v[order[i]] || std::isnan(got[i])),
                true) << n << " at " << i;
  }
}

TEST(Sort, AlongAnAxisOfManyRows) {
  const std::vector<double> v = sample(3000, 7);
  const array a = mtl::reshape(array::from_host(v.data(), {3000}, Dtype::float64), {300, 10});
  const std::vector<double> rows = values<double>(mtl::sort(a, 1));
  const std::vector<int64_t> cols = values<int64_t>(mtl::argsort(a, 0));
  for (int r = 0; r < 300; ++r)
    EXPECT_TRUE(std::is_sorted(rows.begin() + r * 10, rows.begin() + r * 10 + 10, before));
  for (int c = 0; c < 10; ++c)
    for (int r = 1; r < 300; ++r) {
      const double x = v[cols[(r - 1) * 10 + c] * 10 + c], y = v[cols[r * 10 + c] * 10 + c];
      EXPECT_FALSE(before(y, x));
    }
  EXPECT_THROW(mtl::sort(a, 2), mtl::axis_error);
}

TEST(Partition, PlacesEveryRankAndKeepsTheRest) {
  const size_t n = 100000;  // long enough for the CPU's selection, not its sort
  const std::vector<double> v = sample(n, 11);
  std::vector<double> sorted = v;
  std::stable_sort(sorted.begin(), sorted.end(), before);
  const array a = array::from_host(v.data(), {static_cast<int64_t>(n)}, Dtype::float64);
  const std::vector<int64_t> kth{5, 50000, -1};
  const std::vector<double> got = values<double>(mtl::partition(a, kth));
  const std::vector<int64_t> at = values<int64_t>(mtl::argpartition(a, kth));
  std::vector<int64_t> seen = at;
  std::sort(seen.begin(), seen.end());
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(seen[i], static_cast<int64_t>(i));
  for (int64_t k : {int64_t{5}, int64_t{50000}, static_cast<int64_t>(n - 1)}) {
    const double want = sorted[static_cast<size_t>(k)];
    for (const std::vector<double>& row : {got, [&] {
           std::vector<double> r(n);
           for (size_t i = 0; i < n; ++i) r[i] = v[static_cast<size_t>(at[i])];
           return r;
         }()}) {
      EXPECT_TRUE(row[k] == want || (std::isnan(row[k]) && std::isnan(want))) << k;
      for (int64_t i = 0; i < k; ++i) ASSERT_FALSE(before(row[k], row[i])) << k << " " << i;
      for (size_t i = static_cast<size_t>(k) + 1; i < n; ++i) ASSERT_FALSE(before(row[i], row[k])) << k << " " << i;
    }
  }
  EXPECT_THROW(mtl::partition(a, {static_cast<int64_t>(n)}), mtl::value_error);
}

TEST(SearchSorted, FindsNumpysPlaces) {
  const std::vector<double> s{-1.0, 0.0, 0.0, 2.5, std::numeric_limits<double>::quiet_NaN()};
  const std::vector<double> q{0.0, -2.0, 3.0, std::numeric_limits<double>::quiet_NaN(), 2.5};
  const array a = array::from_host(s.data(), {5}, Dtype::float64);
  const array v = array::from_host(q.data(), {5}, Dtype::float64);
  EXPECT_EQ(values<int64_t>(mtl::searchsorted(a, v)), (std::vector<int64_t>{1, 0, 4, 4, 3}));
  EXPECT_EQ(values<int64_t>(mtl::searchsorted(a, v, true)), (std::vector<int64_t>{3, 0, 4, 5, 4}));
  EXPECT_THROW(mtl::searchsorted(a, mtl::astype(v, Dtype::float32)), mtl::type_error);
}

}  // namespace
