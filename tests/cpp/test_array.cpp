// The core array: broadcasting, strides, views, contiguity, host copies, elementwise ops,
// reductions, casts, lazy evaluation and the write barrier. Expected values are NumPy's.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdint>
#include <vector>

#include "metallic/metallic.hpp"

namespace {

using mtl::array;
using mtl::Dtype;
using mtl::Ellipsis;
using mtl::NewAxis;
using mtl::Shape;
using mtl::Slice;
using mtl::Strides;

template <class T>
std::vector<T> to_vector(const array& a) {
  std::vector<T> v(static_cast<size_t>(a.size()));
  a.to_host(v.data());
  return v;
}

template <class T>
array from_vector(const std::vector<T>& v, Shape shape, Dtype dtype) {
  return array::from_host(v.data(), std::move(shape), dtype);
}

// np.arange(24.0).reshape(2, 3, 4)
array arange_234() { return mtl::reshape(mtl::arange(0, 24, 1, Dtype::float64), {2, 3, 4}); }

// ---- broadcasting ---------------------------------------------------------------------

TEST(Broadcast, Shapes) {
  EXPECT_EQ(mtl::broadcast_shapes({{3, 1}, {1, 4}}), (Shape{3, 4}));
  EXPECT_EQ(mtl::broadcast_shapes({{2, 3}, {3}}), (Shape{2, 3}));
  EXPECT_EQ(mtl::broadcast_shapes({{}, {5}}), (Shape{5}));
  EXPECT_EQ(mtl::broadcast_shapes({{8, 1, 6, 1}, {7, 1, 5}}), (Shape{8, 7, 6, 5}));
  EXPECT_EQ(mtl::broadcast_shapes({{0}, {1}}), (Shape{0}));
  EXPECT_EQ(mtl::broadcast_shapes({{1}, {0}}), (Shape{0}));
  EXPECT_EQ(mtl::broadcast_shapes({{}}), (Shape{}));
}

TEST(Broadcast, IncompatibleShapesRaiseValueError) {
  EXPECT_THROW(mtl::broadcast_shapes({{3}, {4}}), mtl::value_error);
  EXPECT_THROW(mtl::broadcast_shapes({{2, 3}, {3, 2}}), mtl::value_error);
  EXPECT_THROW(mtl::broadcast_shapes({{0}, {2}}), mtl::value_error);
  EXPECT_THROW(mtl::add(mtl::zeros({3}), mtl::zeros({4})), mtl::value_error);
}

TEST(Broadcast, AddBroadcastsValues) {
  // np.arange(3.0).reshape(3, 1) + np.arange(4.0) * 10
  const array col = from_vector<double>({0, 1, 2}, {3, 1}, Dtype::float64);
  const array row = from_vector<double>({0, 10, 20, 30}, {4}, Dtype::float64);
  const array c = mtl::add(col, row);
  EXPECT_EQ(c.shape(), (Shape{3, 4}));
  EXPECT_EQ(to_vector<double>(c),
            (std::vector<double>{0, 10, 20, 30, 1, 11, 21, 31, 2, 12, 22, 32}));
}

TEST(Broadcast, BroadcastToIsAReadOnlyView) {
  const array a = from_vector<double>({1, 2, 3}, {3}, Dtype::float64);
  const array b = mtl::broadcast_to(a, {2, 3});
  EXPECT_EQ(b.shape(), (Shape{2, 3}));
  EXPECT_EQ(b.strides(), (Strides{0, 8}));
  EXPECT_TRUE(b.shares_buffer(a));
  EXPECT_FALSE(b.is_writeable());
  EXPECT_EQ(to_vector<double>(b), (std::vector<double>{1, 2, 3, 1, 2, 3}));
  EXPECT_THROW(mtl::broadcast_to(a, {4}), mtl::value_error);
}

// ---- strides and contiguity -------------------------------------------------------------

TEST(Strides, COrderAndFOrder) {
  EXPECT_EQ(mtl::c_strides({2, 3, 4}, 8), (Strides{96, 32, 8}));
  EXPECT_EQ(mtl::f_strides({2, 3, 4}, 8), (Strides{8, 16, 48}));
  EXPECT_EQ(mtl::c_strides({5}, 2), (Strides{2}));
  EXPECT_EQ(mtl::c_strides({}, 4), (Strides{}));
  EXPECT_EQ(mtl::shape_size({2, 3, 4}), 24);
  EXPECT_EQ(mtl::shape_size({}), 1);
  EXPECT_EQ(mtl::shape_size({3, 0}), 0);
}

TEST(Strides, NewArraysAreCContiguous) {
  const array a = mtl::zeros({2, 3, 4}, Dtype::float32);
  EXPECT_EQ(a.strides(), (Strides{48, 16, 4}));
  EXPECT_TRUE(a.is_c_contiguous());
  EXPECT_FALSE(a.is_f_contiguous());
  EXPECT_EQ(a.nbytes(), 96u);
  EXPECT_EQ(a.ndim(), 3);
}

TEST(Strides, ContiguityFlagsFollowNumpy) {
  const array a = arange_234();
  // 1-d and length-1 axes: both orders
  const array v = mtl::zeros({5});
  EXPECT_TRUE(v.is_c_contiguous());
  EXPECT_TRUE(v.is_f_contiguous());
  // a[:, 1:3]: neither
  const array s = mtl::getitem(a, {Slice{}, Slice{1, 3, {}}});
  EXPECT_FALSE(s.is_c_contiguous());
  EXPECT_FALSE(s.is_f_contiguous());
  // a[-1:0:-1] has shape (1, 3, 4): the negative stride is on a length-1 axis
  const array r = mtl::getitem(a, {Slice{-1, 0, -1}});
  EXPECT_EQ(r.shape(), (Shape{1, 3, 4}));
  EXPECT_EQ(r.strides(), (Strides{-96, 32, 8}));
  EXPECT_TRUE(r.is_c_contiguous());
  EXPECT_FALSE(r.is_f_contiguous());
  // empty arrays are both
  const array e = mtl::zeros({2, 0, 3});
  EXPECT_TRUE(e.is_c_contiguous());
  EXPECT_TRUE(e.is_f_contiguous());
}

// ---- views -------------------------------------------------------------------------------

TEST(Views, IntegerIndexDropsAnAxis) {
  const array a = arange_234();
  const array v = mtl::getitem(a, {int64_t{1}});  // a[1]
  EXPECT_EQ(v.shape(), (Shape{3, 4}));
  EXPECT_EQ(v.strides(), (Strides{32, 8}));
  EXPECT_EQ(v.offset(), 96);
  EXPECT_TRUE(v.shares_buffer(a));
  EXPECT_TRUE(v.is_c_contiguous());
  EXPECT_EQ(to_vector<double>(v)[0], 12.0);
}

TEST(Views, NegativeIntegerCountsFromTheEnd) {
  const array a = arange_234();
  const array v = mtl::getitem(a, {int64_t{-1}, int64_t{-2}});  // a[-1, -2]
  EXPECT_EQ(v.shape(), (Shape{4}));
  EXPECT_EQ(v.offset(), 96 + 32);
  EXPECT_EQ(to_vector<double>(v), (std::vector<double>{16, 17, 18, 19}));
}

TEST(Views, SliceKeepsStridesAndMovesOffset) {
  const array a = arange_234();
  const array v = mtl::getitem(a, {Slice{}, Slice{1, 3, {}}});  // a[:, 1:3]
  EXPECT_EQ(v.shape(), (Shape{2, 2, 4}));
  EXPECT_EQ(v.strides(), (Strides{96, 32, 8}));
  EXPECT_EQ(v.offset(), 32);
  EXPECT_TRUE(v.shares_buffer(a));
  EXPECT_EQ(to_vector<double>(v),
            (std::vector<double>{4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23}));
}

TEST(Views, EllipsisWithNegativeStep) {
  const array a = arange_234();
  const array v = mtl::getitem(a, {Ellipsis{}, Slice{{}, {}, -1}});  // a[..., ::-1]
  EXPECT_EQ(v.shape(), (Shape{2, 3, 4}));
  EXPECT_EQ(v.strides(), (Strides{96, 32, -8}));
  EXPECT_EQ(v.offset(), 24);
  EXPECT_TRUE(v.shares_buffer(a));
  const auto x = to_vector<double>(v);
  EXPECT_EQ((std::vector<double>(x.begin(), x.begin() + 4)), (std::vector<double>{3, 2, 1, 0}));
  EXPECT_EQ(x.back(), 20.0);
}

TEST(Views, NewAxisInsertsALengthOneAxis) {
  const array a = arange_234();
  const array v = mtl::getitem(a, {Slice{}, NewAxis{}, int64_t{1}});  // a[:, None, 1]
  EXPECT_EQ(v.shape(), (Shape{2, 1, 4}));
  EXPECT_EQ(v.strides(), (Strides{96, 0, 8}));
  EXPECT_EQ(v.offset(), 32);
  EXPECT_EQ(to_vector<double>(v), (std::vector<double>{4, 5, 6, 7, 16, 17, 18, 19}));
}

TEST(Views, NegativeStepsOnSeveralAxes) {
  const array a = arange_234();
  // a[::-1, ::2, -1]
  const array v = mtl::getitem(a, {Slice{{}, {}, -1}, Slice{{}, {}, 2}, int64_t{-1}});
  EXPECT_EQ(v.shape(), (Shape{2, 2}));
  EXPECT_EQ(v.strides(), (Strides{-96, 64}));
  EXPECT_EQ(v.offset(), 120);
  EXPECT_EQ(to_vector<double>(v), (std::vector<double>{15, 23, 3, 11}));
}

TEST(Views, NegativeStepWithBounds) {
  // np.arange(10.0)[8:2:-3] == [8, 5], strides (-24,)
  const array a = mtl::arange(0, 10, 1, Dtype::float64);
  const array v = mtl::getitem(a, {Slice{8, 2, -3}});
  EXPECT_EQ(v.shape(), (Shape{2}));
  EXPECT_EQ(v.strides(), (Strides{-24}));
  EXPECT_EQ(v.offset(), 64);
  EXPECT_EQ(to_vector<double>(v), (std::vector<double>{8, 5}));
}

TEST(Views, EmptySlices) {
  const array a = mtl::arange(0, 10, 1, Dtype::float64);
  EXPECT_EQ(mtl::getitem(a, {Slice{5, 2, {}}}).shape(), (Shape{0}));        // a[5:2]
  EXPECT_EQ(mtl::getitem(a, {Slice{2, 5, -1}}).shape(), (Shape{0}));        // a[2:5:-1]
  EXPECT_EQ(mtl::getitem(a, {Slice{20, 30, {}}}).shape(), (Shape{0}));      // a[20:30]
  EXPECT_EQ(mtl::getitem(a, {Slice{-100, 100, {}}}).shape(), (Shape{10}));  // a[-100:100]
}

TEST(Views, WritesThroughAViewReachTheBase) {
  const array a = mtl::zeros({2, 3});
  mtl::setitem(a, {int64_t{1}, Slice{{}, {}, 2}}, 7.0);  // a[1, ::2] = 7.0
  EXPECT_EQ(to_vector<double>(a), (std::vector<double>{0, 0, 0, 7, 0, 7}));
}

TEST(Views, OutOfBoundsIndexRaisesIndexError) {
  const array a = arange_234();
  EXPECT_THROW(mtl::getitem(a, {int64_t{2}}), mtl::index_error);
  EXPECT_THROW(mtl::getitem(a, {int64_t{-3}}), mtl::index_error);
  EXPECT_THROW(mtl::getitem(a, {Slice{}, int64_t{3}}), mtl::index_error);
  EXPECT_THROW(mtl::getitem(a, {int64_t{0}, int64_t{0}, int64_t{0}, int64_t{0}}), mtl::index_error);
  EXPECT_THROW(mtl::getitem(a, {Ellipsis{}, Ellipsis{}}), mtl::index_error);
  EXPECT_THROW(mtl::getitem(a, {Slice{{}, {}, 0}}), mtl::value_error);
}

// ---- reshape and transpose -----------------------------------------------------------------

TEST(Reshape, ContiguousInputGivesAView) {
  const array a = mtl::arange(0, 12, 1, Dtype::int32);
  const array r = mtl::reshape(a, {3, -1});
  EXPECT_EQ(r.shape(), (Shape{3, 4}));
  EXPECT_EQ(r.strides(), (Strides{16, 4}));
  EXPECT_TRUE(r.shares_buffer(a));
}

TEST(Reshape, SlicedInputCanStillBeAView) {
  // a[:, ::2] of a (3, 4) array reshaped to (3, 2, 1): NumPy keeps the view.
  const array a = mtl::reshape(mtl::arange(0, 12, 1, Dtype::int32), {3, 4});
  const array s = mtl::getitem(a, {Slice{}, Slice{{}, {}, 2}});
  const array r = mtl::reshape(s, {3, 2, 1});
  EXPECT_TRUE(r.shares_buffer(a));
  EXPECT_EQ(to_vector<int32_t>(r), (std::vector<int32_t>{0, 2, 4, 6, 8, 10}));
}

TEST(Reshape, TransposedInputIsCopied) {
  const array a = mtl::reshape(mtl::arange(0, 6, 1, Dtype::int32), {2, 3});
  const array r = mtl::reshape(mtl::transpose(a), {6});  // a.T.reshape(6)
  EXPECT_FALSE(r.shares_buffer(a));
  EXPECT_TRUE(r.is_c_contiguous());
  EXPECT_EQ(to_vector<int32_t>(r), (std::vector<int32_t>{0, 3, 1, 4, 2, 5}));
}

TEST(Reshape, EmptyArrays) {
  // np.zeros((0, 3)).reshape(3, 0); -1 beside a 0 cannot be inferred (ValueError)
  EXPECT_EQ(mtl::reshape(mtl::zeros({0, 3}), {3, 0}).shape(), (Shape{3, 0}));
  EXPECT_EQ(mtl::reshape(mtl::zeros({2, 0}), {0, 5}).shape(), (Shape{0, 5}));
  EXPECT_THROW(mtl::reshape(mtl::zeros({2, 0}), {0, -1}), mtl::value_error);
}

TEST(Reshape, BadShapesRaiseValueError) {
  const array a = mtl::zeros({6});
  EXPECT_THROW(mtl::reshape(a, {4}), mtl::value_error);
  EXPECT_THROW(mtl::reshape(a, {-1, -1}), mtl::value_error);
  EXPECT_THROW(mtl::reshape(a, {4, -1}), mtl::value_error);
}

TEST(Transpose, ReversesShapeAndStrides) {
  const array a = arange_234();
  const array t = mtl::transpose(a);
  EXPECT_EQ(t.shape(), (Shape{4, 3, 2}));
  EXPECT_EQ(t.strides(), (Strides{8, 32, 96}));
  EXPECT_TRUE(t.shares_buffer(a));
  EXPECT_FALSE(t.is_c_contiguous());
  EXPECT_TRUE(t.is_f_contiguous());
  const array p = mtl::transpose(a, std::vector<int>{1, 0, 2});
  EXPECT_EQ(p.shape(), (Shape{3, 2, 4}));
  EXPECT_EQ(p.strides(), (Strides{32, 96, 8}));
  EXPECT_THROW(mtl::transpose(a, std::vector<int>{0, 0, 1}), mtl::value_error);
  EXPECT_THROW(mtl::transpose(a, std::vector<int>{0, 1, 3}), mtl::axis_error);
}

TEST(Transpose, ValuesFollowTheNewLayout) {
  const array a = mtl::reshape(mtl::arange(0, 6, 1, Dtype::int64), {2, 3});
  EXPECT_EQ(to_vector<int64_t>(mtl::transpose(a)), (std::vector<int64_t>{0, 3, 1, 4, 2, 5}));
}

// ---- host copies ----------------------------------------------------------------------------

TEST(Host, RoundTripKeepsValuesForEachDtype) {
  const std::vector<int32_t> i32{-5, 0, 7, 2147483647};
  EXPECT_EQ(to_vector<int32_t>(from_vector(i32, {2, 2}, Dtype::int32)), i32);
  const std::vector<float> f32{1.5f, -0.25f, 3e38f, -0.0f};
  EXPECT_EQ(to_vector<float>(from_vector(f32, {4}, Dtype::float32)), f32);
  const std::vector<uint8_t> b{1, 0, 1};
  EXPECT_EQ(to_vector<uint8_t>(from_vector(b, {3}, Dtype::bool_)), b);
  const std::vector<std::complex<float>> c64{{1, 2}, {-3, 0.5f}};
  EXPECT_EQ(to_vector<std::complex<float>>(from_vector(c64, {2}, Dtype::complex64)), c64);
  const std::vector<uint64_t> u64{0, 18446744073709551615ull};
  EXPECT_EQ(to_vector<uint64_t>(from_vector(u64, {2}, Dtype::uint64)), u64);
}

TEST(Host, FromHostGathersStridedData) {
  // Host data in Fortran order: element (i, j) at i + 2 * j.
  const std::vector<double> f{0, 3, 1, 4, 2, 5};
  const array a = array::from_host(f.data(), {2, 3}, Dtype::float64, mtl::f_strides({2, 3}, 8));
  EXPECT_TRUE(a.is_c_contiguous());
  EXPECT_EQ(to_vector<double>(a), (std::vector<double>{0, 1, 2, 3, 4, 5}));
}

TEST(Host, ItemReturnsTheElement) {
  const array a = from_vector<int16_t>({-3}, {}, Dtype::int16);
  EXPECT_EQ(a.item().as_int(), -3);
  EXPECT_THROW(mtl::zeros({2}).item(), mtl::value_error);
}

// ---- elementwise -------------------------------------------------------------------------------

TEST(Elementwise, AddMatchesHostArithmetic) {
  const std::vector<double> x{0.5, -1.25, 3.0, 1e300};
  const std::vector<double> y{2.0, 1.25, -7.5, 1e300};
  const array c =
      mtl::add(from_vector(x, {4}, Dtype::float64), from_vector(y, {4}, Dtype::float64));
  EXPECT_EQ(c.dtype(), Dtype::float64);
  const auto got = to_vector<double>(c);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(got[i], x[i] + y[i]) << i;
}

TEST(Elementwise, SinMatchesStdSin) {
  const std::vector<float> x{0.0f, 0.5f, -1.0f, 3.14159265f, 100.0f};
  const array s = mtl::sin(from_vector(x, {5}, Dtype::float32));
  EXPECT_EQ(s.dtype(), Dtype::float32);
  const auto got = to_vector<float>(s);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(got[i], std::sin(x[i]), 1e-6f) << x[i];
}

TEST(Elementwise, Arctan2MatchesStdAtan2) {
  const std::vector<double> y{1.0, -1.0, 0.0, -0.0};
  const std::vector<double> x{-1.0, -1.0, -1.0, -1.0};
  const auto got = to_vector<double>(
      mtl::arctan2(from_vector(y, {4}, Dtype::float64), from_vector(x, {4}, Dtype::float64)));
  for (size_t i = 0; i < x.size(); ++i) EXPECT_DOUBLE_EQ(got[i], std::atan2(y[i], x[i])) << i;
}

TEST(Elementwise, IntegerAddWrapsAndKeepsDtype) {
  // np.array([127, -128], np.int8) + np.int8(1) -> [-128, -127]
  const array a = from_vector<int8_t>({127, -128}, {2}, Dtype::int8);
  const array c = mtl::add(a, 1);
  EXPECT_EQ(c.dtype(), Dtype::int8);
  EXPECT_EQ(to_vector<int8_t>(c), (std::vector<int8_t>{-128, -127}));
}

TEST(Elementwise, WeakScalarKeepsFloat32) {
  const array a = from_vector<float>({1.5f, 2.5f}, {2}, Dtype::float32);
  const array c = mtl::multiply(a, 2.0);
  EXPECT_EQ(c.dtype(), Dtype::float32);
  EXPECT_EQ(to_vector<float>(c), (std::vector<float>{3.0f, 5.0f}));
}

TEST(Elementwise, StridedInputs) {
  // a[::-2] + a[::2]: inputs with negative and non-unit strides
  const array a = mtl::arange(0, 6, 1, Dtype::float64);
  const array r = mtl::getitem(a, {Slice{{}, {}, -2}});              // [5, 3, 1]
  const array c = mtl::add(r, mtl::getitem(a, {Slice{{}, {}, 2}}));  // + [0, 2, 4]
  EXPECT_EQ(to_vector<double>(c), (std::vector<double>{5, 5, 5}));
}

// ---- reductions --------------------------------------------------------------------------------

TEST(Reductions, SumOverAxes) {
  const array a = from_vector<int32_t>({1, 2, 3, 4, 5, 6}, {2, 3}, Dtype::int32);
  const array s0 = mtl::sum(a, std::vector<int>{0});
  EXPECT_EQ(s0.dtype(), Dtype::int64);  // NumPy sums int32 in int64
  EXPECT_EQ(s0.shape(), (Shape{3}));
  EXPECT_EQ(to_vector<int64_t>(s0), (std::vector<int64_t>{5, 7, 9}));
  EXPECT_EQ(to_vector<int64_t>(mtl::sum(a, std::vector<int>{-1})), (std::vector<int64_t>{6, 15}));
  const array k = mtl::sum(a, std::vector<int>{1}, /*keepdims=*/true);
  EXPECT_EQ(k.shape(), (Shape{2, 1}));
  const array all = mtl::sum(a);
  EXPECT_EQ(all.shape(), (Shape{}));
  EXPECT_EQ(all.item().as_int(), 21);
  EXPECT_THROW(mtl::sum(a, std::vector<int>{2}), mtl::axis_error);
}

TEST(Reductions, SumOfFloatsAndOfAView) {
  const array a = arange_234();
  // a[:, ::-1, 1].sum(axis=0) == [9 + 21, 5 + 17, 1 + 13]
  const array v = mtl::getitem(a, {Slice{}, Slice{{}, {}, -1}, int64_t{1}});
  EXPECT_EQ(to_vector<double>(mtl::sum(v, std::vector<int>{0})), (std::vector<double>{30, 22, 14}));
  EXPECT_EQ(mtl::sum(a).item().as_double(), 276.0);
}

// ---- casts ---------------------------------------------------------------------------------

TEST(Astype, FloatToIntTruncates) {
  const array a = from_vector<double>({1.7, -1.7, 2.5, -2.5}, {4}, Dtype::float64);
  const array i = mtl::astype(a, Dtype::int32);
  EXPECT_EQ(i.dtype(), Dtype::int32);
  EXPECT_EQ(to_vector<int32_t>(i), (std::vector<int32_t>{1, -1, 2, -2}));
}

TEST(Astype, ToBoolAndBack) {
  const array a = from_vector<double>({0.0, -0.5, 3.0}, {3}, Dtype::float64);
  const array b = mtl::astype(a, Dtype::bool_);
  EXPECT_EQ(to_vector<uint8_t>(b), (std::vector<uint8_t>{0, 1, 1}));
  EXPECT_EQ(to_vector<float>(mtl::astype(b, Dtype::float32)), (std::vector<float>{0, 1, 1}));
}

TEST(Astype, CopyFalseReturnsTheSameArray) {
  const array a = mtl::zeros({3}, Dtype::float32);
  EXPECT_TRUE(mtl::astype(a, Dtype::float32, /*copy=*/false).shares_buffer(a));
  EXPECT_FALSE(mtl::astype(a, Dtype::float32, /*copy=*/true).shares_buffer(a));
}

TEST(Astype, OfANonContiguousView) {
  const array a = mtl::reshape(mtl::arange(0, 6, 1, Dtype::int64), {2, 3});
  const array t = mtl::astype(mtl::transpose(a), Dtype::float64);
  EXPECT_EQ(t.shape(), (Shape{3, 2}));
  EXPECT_EQ(to_vector<double>(t), (std::vector<double>{0, 3, 1, 4, 2, 5}));
}

// ---- lazy evaluation and the write barrier ------------------------------------------------------

TEST(Lazy, ResultsArePendingUntilEvaluated) {
  const array a = from_vector<double>({1, 2, 3}, {3}, Dtype::float64);
  EXPECT_FALSE(a.is_pending());
  const array c = mtl::sin(mtl::add(a, a));
  EXPECT_TRUE(c.is_pending());
  // Properties never evaluate.
  EXPECT_EQ(c.shape(), (Shape{3}));
  EXPECT_EQ(c.dtype(), Dtype::float64);
  EXPECT_TRUE(c.is_pending());
  c.eval();
  EXPECT_FALSE(c.is_pending());
  EXPECT_DOUBLE_EQ(to_vector<double>(c)[2], std::sin(6.0));
}

TEST(Lazy, ToHostEvaluates) {
  const array x = mtl::random::randn({4});
  EXPECT_TRUE(x.is_pending());
  std::vector<double> out(4);
  x.to_host(out.data());
  EXPECT_FALSE(x.is_pending());
}

TEST(Lazy, LongChainsEvaluate) {
  array x = mtl::zeros({2});
  for (int i = 0; i < 500; ++i) x = mtl::add(x, 1);
  EXPECT_EQ(to_vector<double>(x), (std::vector<double>{500, 500}));
}

TEST(WriteBarrier, PendingReadersSeeTheOldValues) {
  const array a = from_vector<double>({1, 2, 3}, {3}, Dtype::float64);
  const array c = mtl::add(a, 1);
  ASSERT_TRUE(c.is_pending());
  mtl::copyto(a, 5);
  EXPECT_EQ(to_vector<double>(a), (std::vector<double>{5, 5, 5}));
  EXPECT_EQ(to_vector<double>(c), (std::vector<double>{2, 3, 4}));
}

TEST(WriteBarrier, ProtectsReadersOfViewsAndTheirConsumers) {
  const array a = from_vector<double>({1, 2, 3, 4}, {4}, Dtype::float64);
  const array c = mtl::multiply(mtl::getitem(a, {Slice{{}, {}, 2}}), 10);  // a[::2] * 10
  const array d = mtl::add(c, 1);                                          // reads a through c
  mtl::setitem(a, {Slice{}}, 0.0);                                         // a[:] = 0
  EXPECT_EQ(to_vector<double>(d), (std::vector<double>{11, 31}));
  EXPECT_EQ(to_vector<double>(c), (std::vector<double>{10, 30}));
}

TEST(WriteBarrier, ReadOnlyViewsRejectWrites) {
  const array b = mtl::broadcast_to(mtl::zeros({3}), {2, 3});
  EXPECT_THROW(mtl::copyto(b, 1.0), mtl::value_error);
}

TEST(Copyto, BroadcastsAndChecksCasting) {
  const array a = mtl::zeros({2, 3}, Dtype::int32);
  mtl::copyto(a, from_vector<int32_t>({1, 2, 3}, {3}, Dtype::int32));
  EXPECT_EQ(to_vector<int32_t>(a), (std::vector<int32_t>{1, 2, 3, 1, 2, 3}));
  // np.copyto(int32_array, float64_array) raises TypeError under same_kind.
  EXPECT_THROW(mtl::copyto(a, mtl::zeros({3})), mtl::type_error);
  EXPECT_THROW(mtl::copyto(a, mtl::zeros({4}, Dtype::int32)), mtl::value_error);
}

TEST(Copyto, SignedToUnsignedIsNotSameKind) {
  // np.copyto(np.zeros(3, np.uint8), np.ones(3, np.int8)) raises TypeError;
  // uint8 into int16 is fine.
  EXPECT_THROW(mtl::copyto(mtl::zeros({3}, Dtype::uint8), mtl::ones({3}, Dtype::int8)),
               mtl::type_error);
  const array i16 = mtl::zeros({3}, Dtype::int16);
  mtl::copyto(i16, mtl::ones({3}, Dtype::uint8));
  EXPECT_EQ(to_vector<int16_t>(i16), (std::vector<int16_t>{1, 1, 1}));
}

}  // namespace
