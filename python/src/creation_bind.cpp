// Creation functions and the random generator.
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "convert.hpp"

namespace metallic::py {
namespace {

Scalar scalar_arg(nb::handle h) { return to_array(h).item(); }

}  // namespace

void init_creation(nb::module_& m) {
  m.def(
      "empty",
      [](nb::handle shape, nb::handle dtype) { return empty(shape_arg(shape), *dtype_arg(dtype)); },
      nb::arg("shape").none(), nb::arg("dtype").none());
  m.def(
      "zeros",
      [](nb::handle shape, nb::handle dtype) { return zeros(shape_arg(shape), *dtype_arg(dtype)); },
      nb::arg("shape").none(), nb::arg("dtype").none());
  m.def(
      "ones",
      [](nb::handle shape, nb::handle dtype) { return ones(shape_arg(shape), *dtype_arg(dtype)); },
      nb::arg("shape").none(), nb::arg("dtype").none());
  m.def(
      "full",
      [](nb::handle shape, nb::handle value, nb::handle dtype) {
        const Dtype d = *dtype_arg(dtype);
        const Scalar v = scalar_arg(value);
        // A Python int beyond 64 bits (held as a float) fits no integer dtype: NumPy's error.
        if (PyLong_Check(value.ptr()) && v.dtype == Dtype::float64 && !is_inexact(d))
          throw overflow_error("Python int too large to convert to C long");
        return full(shape_arg(shape), v, d);
      },
      nb::arg("shape").none(), nb::arg("value").none(), nb::arg("dtype").none());
  m.def(
      "arange",
      [](nb::handle start, nb::handle stop, nb::handle step, nb::handle dtype) {
        return arange(scalar_arg(start), scalar_arg(stop), scalar_arg(step), *dtype_arg(dtype));
      },
      nb::arg("start").none(), nb::arg("stop").none(), nb::arg("step").none(),
      nb::arg("dtype").none());
  m.def(
      "linspace",
      [](double start, double stop, int64_t num, bool endpoint, nb::handle dtype) {
        return linspace(start, stop, num, endpoint, *dtype_arg(dtype));
      },
      nb::arg("start"), nb::arg("stop"), nb::arg("num"), nb::arg("endpoint"),
      nb::arg("dtype").none());
  m.def(
      "eye",
      [](int64_t n, int64_t mcols, int64_t k, nb::handle dtype) {
        return eye(n, mcols, k, *dtype_arg(dtype));
      },
      nb::arg("n"), nb::arg("mcols"), nb::arg("k"), nb::arg("dtype").none());
  m.def(
      "indices_along",
      [](nb::handle shape, int axis) { return indices_along(shape_arg(shape), axis); },
      nb::arg("shape").none(), nb::arg("axis"));
  m.def("random_seed", [](uint64_t s) { random::seed(s); });
  m.def("random_key_for_seed", &random::key_for_seed);
  m.def("random_get_state", [] {
    const auto s = random::get_state();
    return nb::make_tuple(s.key, s.stream);
  });
  m.def("random_set_state", [](uint64_t key, uint64_t stream) { random::set_state({key, stream}); });
  m.def("random_take_stream", [] {
    const auto s = random::take_stream();
    return nb::make_tuple(s.key, s.stream);
  });
  m.def(
      "random_draw",
      [](const std::string& what, uint64_t key, uint64_t stream, nb::handle shape, bool f32) {
        const auto d = what == "normal"    ? random::Draw::normal
                       : what == "uniform" ? random::Draw::uniform
                                           : throw value_error("[random] unknown draw '" + what + "'");
        return random::draw(d, key, stream, shape_arg(shape), default_device(), f32 ? Dtype::float32 : Dtype::float64);
      },
      nb::arg("what"), nb::arg("key"), nb::arg("stream"), nb::arg("shape").none(), nb::arg("float32") = false);
  m.def(
      "random_sample",
      [](const std::string& what, uint64_t key, uint64_t stream, const std::vector<array>& params) {
        static const std::pair<const char*, random::Distribution> kNames[] = {
            {"gamma", random::Distribution::gamma},         {"poisson", random::Distribution::poisson},
            {"binomial", random::Distribution::binomial},   {"hypergeometric", random::Distribution::hypergeometric},
            {"logseries", random::Distribution::logseries}, {"zipf", random::Distribution::zipf},
            {"vonmises", random::Distribution::vonmises}};
        for (const auto& [name, d] : kNames)
          if (what == name) return random::sample(d, key, stream, params);
        throw value_error("[random] unknown distribution '" + what + "'");
      },
      nb::arg("what"), nb::arg("key"), nb::arg("stream"), nb::arg("params"));
}

}  // namespace metallic::py
