// Conversions between Python objects and metallic values, shared by the bindings.
#pragma once

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include <optional>
#include <stdexcept>

#include "metallic/metallic.hpp"

namespace nb = nanobind;

namespace metallic::py {

// A dtype metallic does not hold (structured, string, datetime64, object...): Python's
// metallic._core.UnsupportedDtypeError, a TypeError; the package's functions run NumPy
// when they meet it.
struct unsupported_dtype : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// numpy.dtype-like (or None) -> Dtype; throws unsupported_dtype for dtypes metallic lacks.
std::optional<Dtype> dtype_arg(nb::handle obj);
// The numpy.dtype object for d (cached).
nb::object dtype_object(Dtype d);
// Any array-like -> array on `device` (default: the thread's default device; a metallic
// array stays where it is). Python scalars become weak scalars (NEP 50).
array to_array(nb::handle obj, std::optional<Device> device = std::nullopt);
// Whether obj is a NumPy scalar (numpy.generic), and its value where metallic holds its dtype.
bool is_numpy_scalar(nb::handle obj);
std::optional<Scalar> numpy_scalar_value(nb::handle obj);
// NumPy's ComplexWarning where a cast from `from` to `to` drops imaginary parts (complex to
// a real type other than bool), at the first caller outside metallic; raises where the
// warnings filter makes it an error.
void warn_complex_discarded(Dtype from, Dtype to);
// A numpy.ndarray holding a copy of a's elements.
nb::object to_numpy(const array& a);

// DLPack's description of a dtype, and back (nullopt: not one of metallic's).
nb::dlpack::dtype dlpack_dtype(Dtype d);
std::optional<Dtype> dtype_from_dlpack(nb::dlpack::dtype t);
// a's single element as a Python scalar.
nb::object to_python_scalar(const array& a);
// Scalar results (indexing one element, reductions to one value, ufuncs of 0-d arrays):
// NumPy scalar objects by default, 0-d arrays in the "array" mode (METALLIC_SCALARS=array).
bool numpy_scalars();
void set_numpy_scalars(bool on);
// Device-to-host reads made to return NumPy scalars so far.
long scalar_reads();
// a's element as a NumPy scalar (numpy.float64, ...): one counted read.
nb::object numpy_scalar(const array& a);
// r as Python sees a result: a NumPy scalar where r is 0-d and numpy_scalars(), else r.
nb::object result_object(const array& r);
// Whether ndarray's binary operators leave `other` to handle the operation
// (NotImplemented), as NumPy's: __array_ufunc__ = None, or no __array_ufunc__ and an
// __array_priority__ above ndarray's.
bool defer_to_other(nb::handle other);
// operator.index(obj); TypeError for non-integers.
int64_t index_arg(nb::handle obj);
// A Python int/tuple/list/None -> axes; None -> nullopt.
Axes axes_arg(nb::handle obj);
Shape shape_arg(nb::handle obj);

}  // namespace metallic::py
