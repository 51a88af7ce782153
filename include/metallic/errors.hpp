// Exception types, one per NumPy exception class they become in Python.
#pragma once

#include <stdexcept>
#include <string>

namespace metallic {

struct value_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct type_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct index_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct overflow_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct memory_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct not_implemented_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// FloatingPointError: a condition errstate set to 'raise' happened.
struct floating_point_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// numpy.exceptions.AxisError (a ValueError and an IndexError).
struct axis_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace metallic
