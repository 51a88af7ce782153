// Operations on arrays: NumPy's ufuncs, reductions, casts and array manipulation.
// Python scalars map to C++ scalars (weak, NEP 50): mtl::add(x, 2.0) keeps x's float32.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "metallic/array.hpp"

namespace metallic {

// ---- products ---------------------------------------------------------------------
// NumPy's matmul (a @ b) through the device's BLAS (cuBLAS on the GPU) for floating and
// complex dtypes; not_implemented_error where the device has none (the CPU for now: the
// Python API computes those in NumPy). matmul_native returns nothing instead of raising.
array matmul(const array& a, const array& b);
std::optional<array> matmul_native(const array& a, const array& b);

// ---- ufuncs -----------------------------------------------------------------------
// Any ufunc by NumPy name ("add", "sin", ...); dtype= as NumPy's (the loop's type).
// Raises type_error when no loop fits, value_error on shapes that do not broadcast.
std::vector<array> ufunc(const std::string& name, const std::vector<array>& inputs,
                         std::optional<Dtype> dtype = std::nullopt);

// The named unary and binary ufuncs, listed once (X-macros): declared here, defined in
// ufunc.cpp.
// clang-format off
#define MTL_UNARY_UFUNCS(X) \
  X(negative) X(positive) X(absolute) X(fabs) X(sign) X(reciprocal) X(square) X(sqrt) \
  X(cbrt) X(exp) X(exp2) X(expm1) X(log) X(log2) X(log10) X(log1p) X(sin) X(cos) X(tan) \
  X(arcsin) X(arccos) X(arctan) X(sinh) X(cosh) X(tanh) X(arcsinh) X(arccosh) X(arctanh) \
  X(degrees) X(radians) X(floor) X(ceil) X(trunc) X(rint) X(isnan) X(isinf) X(isfinite) \
  X(signbit) X(conjugate) X(logical_not) X(invert)
#define MTL_BINARY_UFUNCS(X) \
  X(add) X(subtract) X(multiply) X(divide) X(floor_divide) X(remainder) X(fmod) X(power) \
  X(float_power) X(arctan2) X(hypot) X(copysign) X(nextafter) X(logaddexp) X(logaddexp2) \
  X(heaviside) X(maximum) X(minimum) X(fmax) X(fmin) X(ldexp) X(gcd) X(lcm) X(equal) \
  X(not_equal) X(less) X(less_equal) X(greater) X(greater_equal) X(logical_and) \
  X(logical_or) X(logical_xor) X(bitwise_and) X(bitwise_or) X(bitwise_xor) X(left_shift) \
  X(right_shift)
// clang-format on
#define MTL_UNARY(name) array name(const array& x);
#define MTL_BINARY(name) array name(const array& a, const array& b);
MTL_UNARY_UFUNCS(MTL_UNARY)
MTL_BINARY_UFUNCS(MTL_BINARY)
#undef MTL_UNARY
#undef MTL_BINARY
std::pair<array, array> divmod(const array& a, const array& b);
std::pair<array, array> frexp(const array& x);
std::pair<array, array> modf(const array& x);
array where(const array& cond, const array& a, const array& b);
// clip(a, lo, hi): minimum(maximum(a, lo), hi); an invalid (default) bound is skipped.
array clip(const array& a, const array& lo, const array& hi);
array round(const array& a, int decimals = 0);
array real(const array& a);
array imag(const array& a);
array angle(const array& a, bool deg = false);

// ---- casting and copying ------------------------------------------------------------
array astype(const array& a, Dtype dtype, bool copy = true);
array copy(const array& a);
// dst[...] = src (broadcast, cast under `casting`); a write barrier protects readers of dst.
void copyto(const array& dst, const array& src, Casting casting = Casting::same_kind);
// The dtype NumPy's ufuncs would give for these operands (weak scalars honoured).
Dtype result_type(const std::vector<array>& arrays);

// ---- reductions -------------------------------------------------------------------------
using Axes = std::optional<std::vector<int>>;  // nullopt: all axes
array sum(const array& a, const Axes& axis = {}, bool keepdims = false,
          std::optional<Dtype> dtype = {});
array prod(const array& a, const Axes& axis = {}, bool keepdims = false,
           std::optional<Dtype> dtype = {});
array max(const array& a, const Axes& axis = {}, bool keepdims = false);
array min(const array& a, const Axes& axis = {}, bool keepdims = false);
array any(const array& a, const Axes& axis = {}, bool keepdims = false);
array all(const array& a, const Axes& axis = {}, bool keepdims = false);
array mean(const array& a, const Axes& axis = {}, bool keepdims = false,
           std::optional<Dtype> dtype = {});
array var(const array& a, const Axes& axis = {}, bool keepdims = false, double ddof = 0,
          std::optional<Dtype> dtype = {});
array std(const array& a, const Axes& axis = {}, bool keepdims = false, double ddof = 0,
          std::optional<Dtype> dtype = {});
array ptp(const array& a, const Axes& axis = {}, bool keepdims = false);
// axis nullopt: over the flattened array.
array argmax(const array& a, std::optional<int> axis = {}, bool keepdims = false);
array argmin(const array& a, std::optional<int> axis = {}, bool keepdims = false);
array cumsum(const array& a, std::optional<int> axis = {}, std::optional<Dtype> dtype = {});
array cumprod(const array& a, std::optional<int> axis = {}, std::optional<Dtype> dtype = {});
// A reduction by ufunc name (add, multiply, maximum, minimum, logical_and, logical_or, ...)
// with an optional initial value: the general form behind the functions above.
array reduce(const std::string& ufunc_name, const array& a, const Axes& axis, bool keepdims,
             std::optional<Dtype> dtype, const std::optional<array>& initial = std::nullopt);

// ---- shape and views -------------------------------------------------------------------
// -1 in shape is inferred. Returns a view when the layout allows (as NumPy), else a copy.
array reshape(const array& a, Shape shape, char order = 'C');
array ravel(const array& a, char order = 'C');
array flatten(const array& a, char order = 'C');
array transpose(const array& a, std::optional<std::vector<int>> axes = {});
array swapaxes(const array& a, int axis1, int axis2);
array moveaxis(const array& a, std::vector<int> source, std::vector<int> destination);
array squeeze(const array& a, const Axes& axis = {});
array expand_dims(const array& a, std::vector<int> axis);
array broadcast_to(const array& a, const Shape& shape);
// a's bytes read as dtype d, sharing its memory (NumPy's a.view(d)): where the item size
// changes, the last axis must be contiguous and its byte length a multiple of the new item
// size; raises value_error otherwise.
array view_dtype(const array& a, Dtype d);
// NumPy's a.resize(shape): a's memory replaced in place by an array of that shape holding
// a's elements in C order, zero-filled where it grows. a must own its C-contiguous data
// (value_error otherwise); whether anything else refers to a is the caller's check.
void resize_in_place(const array& a, const Shape& shape);
Shape broadcast_shapes(const std::vector<Shape>& shapes);
array ascontiguousarray(const array& a);
// A copy of a on device d (a itself when it is there already).
array to_device(const array& a, Device d);

// Basic indexing: integers, slices, Ellipsis, newaxis.
struct Slice {
  std::optional<int64_t> start, stop, step;
};
struct Ellipsis {};
struct NewAxis {};
using Index = std::variant<int64_t, Slice, Ellipsis, NewAxis>;
// a[index] as a view (raises index_error when out of bounds).
array getitem(const array& a, const std::vector<Index>& index);
// NumPy's sort and argsort with kind="stable" (NaN last; equal elements keep their order),
// along axis (none: the flattened array). Not for complex dtypes (type_error).
array sort(const array& a, std::optional<int> axis = -1);
array argsort(const array& a, std::optional<int> axis = -1);
// NumPy's partition and argpartition: along axis (none: the flattened array), every rank
// in kth (negative: from the end; out of range: value_error) holds the element the sort
// would put there, none before it coming later in that order and none after it earlier.
// Where the device has no selection, the sort's result (a valid partition).
array partition(const array& a, const std::vector<int64_t>& kth, std::optional<int> axis = -1);
array argpartition(const array& a, const std::vector<int64_t>& kth, std::optional<int> axis = -1);
// NumPy's searchsorted into the sorted 1-d a (NaN last): for each element of v (a's
// dtype), how many elements of a come before it (right: before it or equal to it).
array searchsorted(const array& a, const array& v, bool right = false);

// Dense factorisations of stacks of square matrices, a (batch, n, n) C-contiguous, dtype
// float32/64 or complex64/128 (core/solver.cpp). The factors are laid out as LAPACK's
// column-major factors of the matrices' transposes; info holds LAPACK's info per matrix
// (> 0: singular, or not positive definite). not_implemented_error where the device has
// no solver library.
struct LuFactors {
  array lu, pivots;  // pivots: int64 (batch, n), 1-based row swaps
  std::vector<int64_t> info;
};
LuFactors lu_factor(const array& a);
// Solves each matrix's own system A x = b: b holds the right-hand sides as rows,
// (batch, nrhs, n) C-contiguous, and so does the result.
array lu_solve(const LuFactors& factors, const array& b);
// The factor U with U^H U = transpose(A) in the upper triangle of each column-major
// matrix: read row-major, its lower triangle is L with A = L L^H.
std::pair<array, std::vector<int64_t>> cholesky_factor(const array& a);
// Eigenvalues (ascending, the real dtype: (batch, n)) and, with vectors, eigenvectors (as
// columns: (batch, n, n)) of each Hermitian matrix of a stack (batch, n, n), as NumPy's
// eigh: from the lower triangle, or from the upper one.
struct EighResult {
  array w, v;  // v: an empty array without vectors
  std::vector<int64_t> info;
};
EighResult eigh_factor(const array& a, bool vectors, bool lower = true);
// Singular values (descending, the real dtype: (batch, k), k = min(m, n)) of a stack
// (batch, m, n), and with vectors u (batch, m, m or k) and vh (batch, n or k, n) with
// a = u diag(s) vh, as NumPy's svd (full: square u and vh).
struct SvdResult {
  array u, s, vh;  // u, vh: empty arrays without vectors
  std::vector<int64_t> info;
};
SvdResult svd_factor(const array& a, bool vectors, bool full);
// Householder QR of a stack (batch, m, n), as NumPy's qr(mode='raw'): h (batch, n, m), the
// factored matrix (R in its lower triangle read row-major, reflectors above), and tau
// (batch, k), k = min(m, n).
struct QrFactors {
  array h, tau;
  std::vector<int64_t> info;
};
QrFactors qr_factor(const array& a);
// The first `cols` columns of each Q (batch, m, cols), k <= cols <= m, from qr_factor's.
array qr_q(const QrFactors& factors, int64_t cols);
// Eigenvalues and (with vectors) right eigenvectors of each general matrix of a stack
// (batch, n, n), as LAPACK's geev gives them: for complex dtypes w (batch, n) and v
// (batch, n, n, the vectors as columns); for real ones w (batch, 2, n) holds the real and
// the imaginary parts, and a complex pair's columns of v hold the real and the imaginary
// parts of the pair's first vector (the second is its conjugate).
struct EigResult {
  array w, v;  // v: an empty array without vectors
  std::vector<int64_t> info;
};
EigResult eig_factor(const array& a, bool vectors);

enum class FftKind : int { c2c, r2c, c2r };
// Unnormalised FFTs along the last axis (core/fft.cpp): kind c2c on complex64/128, r2c on
// float32/64 (n/2 + 1 outputs), c2r from n/2 + 1 complex inputs to n reals; n the signal
// length. not_implemented_error where the device has no FFT library.
array fft_last(const array& x, FftKind kind, bool inverse, int64_t n);

// NumPy's take (mode 'raise'): elements of a at integer indices along axis (of the
// flattened array without one); the result has indices' shape in place of that axis.
// Out-of-bounds indices raise index_error before anything runs.
array take(const array& a, const array& indices, std::optional<int> axis = std::nullopt);
// NumPy's flatnonzero: the positions (int64) of a's nonzero elements in C order. Waits
// for the device: the result's size depends on the data.
array flatnonzero(const array& a);
// NumPy's compress: a's slices along axis (of the flattened array without one) where the
// 1-d condition is nonzero; a shorter condition selects from the first slices only, and
// a true entry past the axis's end raises index_error.
array compress(const array& condition, const array& a, std::optional<int> axis = std::nullopt);
// dst[..., indices[k], ...] = values[..., k, ...] along axis: indices distinct and in range
// (the caller resolves duplicates and checks bounds), values of dst's shape with that axis
// the indices' length, cast unsafely. Writes only the indexed rows; false (nothing done)
// when dst is not C-contiguous.
bool scatter_rows(const array& dst, const array& indices, const array& values, int axis);
// a[index] = value: broadcast, cast as NumPy's setitem (unsafely, but Python ints that do not
// fit raise overflow_error).
void setitem(const array& a, const std::vector<Index>& index, const array& value);

// Normalise an axis for ndim (negative counts from the end); raises axis_error.
int normalize_axis(int axis, int ndim, const char* op);

}  // namespace metallic
