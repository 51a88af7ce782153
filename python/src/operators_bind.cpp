// Python's arithmetic and comparison operators on ndarray, in C++: the per-call cost of
// `x + y` is what small-array code pays most (recording one op must stay near a
// microsecond).
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "convert.hpp"

namespace metallic::py {
namespace {

// The operand as an array on a's device, or nothing when Python should try the other
// operand's method (NotImplemented): objects that defer_to_other() names, or that cannot
// become an array metallic holds.
std::optional<array> operand(const array& a, nb::handle other) {
  if (nb::isinstance<array>(other)) return nb::cast<array>(other);
  if (defer_to_other(other)) return std::nullopt;
  try {
    return to_array(other, a.device());
  } catch (const nb::python_error& e) {
    if (e.matches(PyExc_OverflowError)) throw;  // an int beyond float64: NumPy's OverflowError
    return std::nullopt;
  } catch (const type_error&) {
    return std::nullopt;
  } catch (const unsupported_dtype&) {  // datetimes, objects, strings: the other operand's (NumPy's) turn
    return std::nullopt;
  }
}

// A binary ufunc as the operators call it: its name (for messages) and its function
// (no lookup by name on the per-call path).
struct Binary {
  const char* name;
  array (*fn)(const array&, const array&);
};

// NumPy's results for x ** scalar: square(x) for a Python int 2 whatever x (bool ** 2 is
// int8 there); for float x, positive, reciprocal, sqrt and square for 1, -1, 0.5 and 2
// (ints or floats: NumPy's loops special-case them, so x ** 0.5 is exactly sqrt(x)); for
// complex x, those of 1, -1 and 2 given as Python ints. nullptr: power itself.
array (*power_shortcut(const Binary& op, const array& a, nb::handle other, bool reflected))(const array&) {
  if (reflected || op.fn != &power) return nullptr;
  PyObject* p = other.ptr();
  const bool is_int = PyLong_CheckExact(p);
  double e;
  if (is_int) {
    int overflow = 0;
    e = static_cast<double>(PyLong_AsLongAndOverflow(p, &overflow));
    if (overflow) return nullptr;
  } else if (PyFloat_CheckExact(p)) {
    e = PyFloat_AsDouble(p);
  } else {
    return nullptr;
  }
  const bool real = is_inexact(a.dtype()) && !is_complex(a.dtype());
  if (e == 2.0 && (is_int || real)) return &square;
  if (!real && !(is_complex(a.dtype()) && is_int)) return nullptr;
  if (e == 1.0) return &positive;
  if (e == -1.0) return &reciprocal;
  if (e == 0.5 && real) return &sqrt;
  return nullptr;
}

nb::object binary(const Binary& op, const array& a, nb::handle other, bool reflected) {
  if (auto shortcut = power_shortcut(op, a, other, reflected)) return result_object(shortcut(a));
  auto b = operand(a, other);
  // A Python object no array holds (None, 'a', object(), a Fraction) equals no element, as
  // NumPy's elementwise comparison finds; NumPy's arrays and scalars get their own turn.
  if (!b && (op.fn == &equal || op.fn == &not_equal) && !is_numpy_scalar(other) &&
      !nb::hasattr(other, "__array__") && !nb::hasattr(other, "__array_ufunc__"))
    return result_object(full(a.shape(), Scalar(op.fn == &not_equal), Dtype::bool_, a.device()));
  if (!b) return nb::borrow(Py_NotImplemented);
  return result_object(reflected ? op.fn(*b, a) : op.fn(a, *b));
}

// a op= other: NumPy computes a op other and stores it into a under same_kind casting;
// the result is the same Python object.
nb::object inplace(const Binary& op, nb::handle self, nb::handle other) {
  const array& a = nb::cast<const array&>(self);
  auto b = operand(a, other);
  if (!b) return nb::borrow(Py_NotImplemented);
  const array r = op.fn(a, *b);
  if (!can_cast(r.dtype(), a.dtype(), Casting::same_kind))
    throw type_error(std::string("Cannot cast ufunc '") + op.name + "' output from dtype('" +
                     dtype_name(r.dtype()) + "') to dtype('" + dtype_name(a.dtype()) +
                     "') with casting rule 'same_kind'");
  copyto(a, r, Casting::unsafe);
  return nb::borrow(self);
}

}  // namespace

bool defer_to_other(nb::handle other) {
  PyObject* p = other.ptr();
  if (PyFloat_CheckExact(p) || PyLong_CheckExact(p) || PyBool_Check(p) || PyComplex_CheckExact(p)) return false;
  if (nb::hasattr(other, "__array_ufunc__")) return other.attr("__array_ufunc__").is_none();
  // NumPy's legacy rule: an object without __array_ufunc__ whose __array_priority__ is
  // above ndarray's (0) handles the operator itself (scipy.sparse matrices do).
  if (!nb::hasattr(other, "__array_priority__")) return false;
  try {
    return nb::cast<double>(other.attr("__array_priority__")) > 0.0;
  } catch (const nb::cast_error&) {
    return false;
  }
}

void init_operators(nb::module_& m) {
  auto cls = nb::type<array>();
  struct Op {
    const char* dunder;
    Binary op;
  };
  static const Op kBinary[] = {
      {"add", {"add", &add}},
      {"sub", {"subtract", &subtract}},
      {"mul", {"multiply", &multiply}},
      {"truediv", {"divide", &divide}},
      {"floordiv", {"floor_divide", &floor_divide}},
      {"mod", {"remainder", &remainder}},
      {"pow", {"power", &power}},
      {"and", {"bitwise_and", &bitwise_and}},
      {"or", {"bitwise_or", &bitwise_or}},
      {"xor", {"bitwise_xor", &bitwise_xor}},
      {"lshift", {"left_shift", &left_shift}},
      {"rshift", {"right_shift", &right_shift}},
  };
  for (const Op& entry : kBinary) {
    const std::string d = entry.dunder;
    const Binary* op = &entry.op;
    cls.attr(("__" + d + "__").c_str()) = nb::cpp_function(
        [op](const array& a, nb::handle b) { return binary(*op, a, b, false); }, nb::is_method(),
        nb::arg("other").none());
    cls.attr(("__r" + d + "__").c_str()) = nb::cpp_function(
        [op](const array& a, nb::handle b) { return binary(*op, a, b, true); }, nb::is_method(),
        nb::arg("other").none());
    cls.attr(("__i" + d + "__").c_str()) = nb::cpp_function(
        [op](nb::handle self, nb::handle b) { return inplace(*op, self, b); }, nb::is_method(),
        nb::arg("other").none());
  }
  static const Op kCompare[] = {{"lt", {"less", &less}},
                                {"le", {"less_equal", &less_equal}},
                                {"gt", {"greater", &greater}},
                                {"ge", {"greater_equal", &greater_equal}},
                                {"eq", {"equal", &equal}},
                                {"ne", {"not_equal", &not_equal}}};
  for (const Op& entry : kCompare) {
    const Binary* op = &entry.op;
    cls.attr((std::string("__") + entry.dunder + "__").c_str()) = nb::cpp_function(
        [op](const array& a, nb::handle b) { return binary(*op, a, b, false); }, nb::is_method(),
        nb::arg("other").none());
  }
  m.def("defer_to_other", [](nb::handle other) { return defer_to_other(other); },
        "Whether an operator of ndarray returns NotImplemented for this other operand.");
}

}  // namespace metallic::py
