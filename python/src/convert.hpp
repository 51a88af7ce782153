// Conversions between Python objects and metallic values, shared by the bindings.
#pragma once

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include <optional>

#include "metallic/metallic.hpp"

namespace nb = nanobind;

namespace metallic::py {

// numpy.dtype-like (or None) -> Dtype; raises TypeError for dtypes metallic lacks.
std::optional<Dtype> dtype_arg(nb::handle obj);
// The numpy.dtype object for d (cached).
nb::object dtype_object(Dtype d);
// Any array-like -> array on `device` (default: the thread's default device; a metallic
// array stays where it is). Python scalars become weak scalars (NEP 50).
array to_array(nb::handle obj, std::optional<Device> device = std::nullopt);
// A numpy.ndarray holding a copy of a's elements.
nb::object to_numpy(const array& a);

// DLPack's description of a dtype, and back (nullopt: not one of metallic's).
nb::dlpack::dtype dlpack_dtype(Dtype d);
std::optional<Dtype> dtype_from_dlpack(nb::dlpack::dtype t);
// a's single element as a Python scalar.
nb::object to_python_scalar(const array& a);
// operator.index(obj); TypeError for non-integers.
int64_t index_arg(nb::handle obj);
// A Python int/tuple/list/None -> axes; None -> nullopt.
Axes axes_arg(nb::handle obj);
Shape shape_arg(nb::handle obj);

}  // namespace metallic::py
