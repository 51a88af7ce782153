// The dtype system against NumPy: names, chars, sizes, promote_types, can_cast, NEP 50.
// The reference tables in numpy_tables.inc come from scripts/gen_numpy_tables.py.
#include <gtest/gtest.h>

#include <string>

#include "metallic/metallic.hpp"
#include "numpy_tables.inc"

namespace {

using mtl::Dtype;

Dtype dtype_at(int i) { return static_cast<Dtype>(i); }

// NumPy's char for a table cell as a metallic dtype.
Dtype from_char(char c) {
  auto d = mtl::dtype_from_char(c);
  if (!d) ADD_FAILURE() << "unknown dtype char '" << c << "'";
  return d.value_or(Dtype::bool_);
}

char kind_char(mtl::Kind k) {
  switch (k) {
    case mtl::Kind::Bool:
      return 'b';
    case mtl::Kind::UInt:
      return 'u';
    case mtl::Kind::Int:
      return 'i';
    case mtl::Kind::Float:
      return 'f';
    case mtl::Kind::Complex:
      return 'c';
  }
  return '?';
}

std::string pair_name(int a, int b) {
  return std::string(mtl::dtype_name(dtype_at(a))) + ", " + mtl::dtype_name(dtype_at(b));
}

TEST(Dtype, CharsFollowTheEnumOrder) {
  for (int i = 0; i < mtl::kNumDtypes; ++i)
    EXPECT_EQ(mtl::dtype_char(dtype_at(i)), kNumpyDtypeChars[i]) << mtl::dtype_name(dtype_at(i));
}

TEST(Dtype, ItemsizeAndKindMatchNumpy) {
  for (int i = 0; i < mtl::kNumDtypes; ++i) {
    const Dtype d = dtype_at(i);
    EXPECT_EQ(mtl::itemsize(d), static_cast<size_t>(kNumpyItemsize[i])) << mtl::dtype_name(d);
    EXPECT_EQ(kind_char(mtl::kind(d)), kNumpyKind[i]) << mtl::dtype_name(d);
  }
}

TEST(Dtype, CharAndNameRoundTrip) {
  for (int i = 0; i < mtl::kNumDtypes; ++i) {
    const Dtype d = dtype_at(i);
    EXPECT_EQ(mtl::dtype_from_char(mtl::dtype_char(d)), d) << mtl::dtype_name(d);
    EXPECT_EQ(mtl::dtype_from_name(mtl::dtype_name(d)), d) << mtl::dtype_name(d);
    EXPECT_EQ(mtl::dtype_from_name(std::string(1, mtl::dtype_char(d))), d) << mtl::dtype_name(d);
  }
}

TEST(Dtype, LongLongCharsAreTheInt64Types) {
  // np.dtype('q') == np.dtype('l') == int64 on LP64.
  EXPECT_EQ(mtl::dtype_from_char('q'), Dtype::int64);
  EXPECT_EQ(mtl::dtype_from_char('Q'), Dtype::uint64);
}

TEST(Dtype, UnknownNamesAreRejected) {
  EXPECT_FALSE(mtl::dtype_from_char('z').has_value());
  EXPECT_FALSE(mtl::dtype_from_name("float128").has_value());
  EXPECT_FALSE(mtl::dtype_from_name("").has_value());
}

TEST(Dtype, PromoteTypesMatchesNumpyForAllPairs) {
  for (int a = 0; a < mtl::kNumDtypes; ++a)
    for (int b = 0; b < mtl::kNumDtypes; ++b) {
      const char expected = kNumpyPromoteTypes[a][b];
      if (expected == 'x') {
        EXPECT_THROW(mtl::promote_types(dtype_at(a), dtype_at(b)), mtl::type_error)
            << pair_name(a, b);
        continue;
      }
      EXPECT_EQ(mtl::promote_types(dtype_at(a), dtype_at(b)), from_char(expected))
          << "promote_types(" << pair_name(a, b) << ")";
    }
}

TEST(Dtype, CanCastSafeMatchesNumpyForAllPairs) {
  for (int a = 0; a < mtl::kNumDtypes; ++a)
    for (int b = 0; b < mtl::kNumDtypes; ++b)
      EXPECT_EQ(mtl::can_cast(dtype_at(a), dtype_at(b), mtl::Casting::safe),
                kNumpyCanCastSafe[a][b] == '1')
          << "can_cast(" << pair_name(a, b) << ", casting='safe')";
}

TEST(Dtype, CanCastSameKindMatchesNumpyForAllPairs) {
  for (int a = 0; a < mtl::kNumDtypes; ++a)
    for (int b = 0; b < mtl::kNumDtypes; ++b)
      EXPECT_EQ(mtl::can_cast(dtype_at(a), dtype_at(b), mtl::Casting::same_kind),
                kNumpyCanCastSameKind[a][b] == '1')
          << "can_cast(" << pair_name(a, b) << ", casting='same_kind')";
}

TEST(Dtype, CanCastNoAndUnsafe) {
  for (int a = 0; a < mtl::kNumDtypes; ++a)
    for (int b = 0; b < mtl::kNumDtypes; ++b) {
      EXPECT_EQ(mtl::can_cast(dtype_at(a), dtype_at(b), mtl::Casting::no), a == b)
          << pair_name(a, b);
      EXPECT_TRUE(mtl::can_cast(dtype_at(a), dtype_at(b), mtl::Casting::unsafe)) << pair_name(a, b);
    }
}

TEST(Dtype, WeakResultMatchesNumpyForAllDtypes) {
  const mtl::WeakKind kinds[] = {mtl::WeakKind::bool_, mtl::WeakKind::int_, mtl::WeakKind::float_,
                                 mtl::WeakKind::complex_};
  const char* scalar_names[] = {"True", "1", "1.0", "1j"};
  for (int k = 0; k < 4; ++k)
    for (int d = 0; d < mtl::kNumDtypes; ++d)
      EXPECT_EQ(mtl::weak_result(kinds[k], dtype_at(d)), from_char(kNumpyWeakResult[k][d]))
          << "np.zeros(1, " << mtl::dtype_name(dtype_at(d)) << ") + " << scalar_names[k];
}

TEST(Dtype, WeakScalarsKeepTheArrayPrecision) {
  // NEP 50: float32_array + 2.0 stays float32; int8_array + 1 stays int8.
  EXPECT_EQ(mtl::weak_result(mtl::WeakKind::float_, Dtype::float32), Dtype::float32);
  EXPECT_EQ(mtl::weak_result(mtl::WeakKind::int_, Dtype::int8), Dtype::int8);
  EXPECT_EQ(mtl::weak_result(mtl::WeakKind::float_, Dtype::int64), Dtype::float64);
  EXPECT_EQ(mtl::weak_result(mtl::WeakKind::complex_, Dtype::float16), Dtype::complex64);
  EXPECT_EQ(mtl::weak_default(mtl::WeakKind::int_), Dtype::int64);
  EXPECT_EQ(mtl::weak_default(mtl::WeakKind::float_), Dtype::float64);
}

TEST(Dtype, ResultTypeHonoursWeakScalars) {
  const auto x = mtl::zeros({3}, Dtype::float32);
  EXPECT_EQ(mtl::result_type({x, 2.0}), Dtype::float32);
  EXPECT_EQ(mtl::result_type({mtl::zeros({3}, Dtype::int8), 1}), Dtype::int8);
  EXPECT_EQ(mtl::result_type({x, mtl::zeros({3}, Dtype::float64)}), Dtype::float64);
}

TEST(Dtype, RelatedDtypes) {
  EXPECT_EQ(mtl::real_dtype(Dtype::complex64), Dtype::float32);
  EXPECT_EQ(mtl::real_dtype(Dtype::complex128), Dtype::float64);
  EXPECT_EQ(mtl::real_dtype(Dtype::int16), Dtype::int16);
  EXPECT_EQ(mtl::complex_dtype(Dtype::float32), Dtype::complex64);
  EXPECT_EQ(mtl::complex_dtype(Dtype::float64), Dtype::complex128);
  EXPECT_EQ(mtl::float_dtype_for(Dtype::int8), Dtype::float16);
  EXPECT_EQ(mtl::float_dtype_for(Dtype::int16), Dtype::float32);
  EXPECT_EQ(mtl::float_dtype_for(Dtype::int64), Dtype::float64);
}

TEST(Dtype, CastingNames) {
  EXPECT_EQ(mtl::casting_from_name("same_kind"), mtl::Casting::same_kind);
  EXPECT_EQ(mtl::casting_from_name("unsafe"), mtl::Casting::unsafe);
  EXPECT_FALSE(mtl::casting_from_name("sometimes").has_value());
}

}  // namespace
