// The ndarray class: properties and host access. Python adds the NumPy methods.
#include <nanobind/stl/string.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/vector.h>

#include "buffer_bind.hpp"
#include "convert.hpp"
#include "core/array_impl.hpp"

namespace metallic::py {

namespace {

// A NumPy scalar of a dtype metallic holds, as an argument: every bound function that
// takes an array takes one (a 0-d array on the default device), as NumPy's functions do.
struct NumpyScalarArg {
  Scalar value;
};

}  // namespace
}  // namespace metallic::py

namespace nanobind::detail {
template <>
struct type_caster<metallic::py::NumpyScalarArg> {
  NB_TYPE_CASTER(metallic::py::NumpyScalarArg, const_name("numpy.generic"))
  bool from_python(handle src, uint8_t, cleanup_list*) noexcept {
    try {
      auto s = metallic::py::numpy_scalar_value(src);
      if (!s) return false;
      value.value = *s;
      return true;
    } catch (...) {
      PyErr_Clear();
      return false;
    }
  }
};
}  // namespace nanobind::detail

namespace metallic::py {

void init_array(nb::module_& m) {
  nb::class_<array>(m, "ndarray", nb::dynamic_attr(), nb::is_weak_referenceable(), nb::type_slots(array_buffer_slots))
      .def("__init__",
           [](array* self, NumpyScalarArg s) {
             new (self) array(array::scalar(s.value, WeakKind::none, default_device()));
           })
      .def_prop_ro("shape", [](const array& a) { return nb::tuple(nb::cast(a.shape())); })
      .def_prop_ro("strides", [](const array& a) { return nb::tuple(nb::cast(a.strides())); })
      .def_prop_ro("ndim", &array::ndim)
      .def_prop_ro("size", &array::size)
      .def_prop_ro("itemsize", &array::itemsize)
      .def_prop_ro("nbytes", &array::nbytes)
      .def_prop_ro("dtype", [](const array& a) { return dtype_object(a.dtype()); })
      .def_prop_ro("_c_contiguous", &array::is_c_contiguous)
      .def_prop_ro("_f_contiguous", &array::is_f_contiguous)
      .def_prop_ro("_writeable", &array::is_writeable)
      .def_prop_ro("_device", [](const array& a) { return a.device().str(); })
      .def_prop_ro("_pending", &array::is_pending)
      .def("_set_writeable", &array::set_writeable)
      .def("_eval",
           [](const array& a) {
             nb::gil_scoped_release release;
             a.eval();
           })
      .def("_to_numpy", &to_numpy)
      .def("_copy_to_host", [](const array& a, nb::handle out) {
        // out: a C-contiguous, writable buffer of a.nbytes bytes (a NumPy array).
        Py_buffer view;
        if (PyObject_GetBuffer(out.ptr(), &view, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) != 0)
          throw nb::python_error();
        if (static_cast<size_t>(view.len) != a.nbytes()) {
          PyBuffer_Release(&view);
          throw value_error("[get] out= has the wrong size");
        }
        struct Release {
          Py_buffer* v;
          ~Release() { PyBuffer_Release(v); }
        } release_view{&view};
        nb::gil_scoped_release release;
        a.to_host(view.buf);
      })
      .def_prop_ro("_base",
                   [](const array& a) -> nb::object {
                     const array b = a.base();
                     return b.valid() ? nb::cast(b) : nb::none();
                   })
      .def("_address",
           [](const array& a) {
             // Where element 0 lives (device memory for a GPU array), without exporting it.
             a.eval();
             return reinterpret_cast<uintptr_t>(a.buffer()->data()) + static_cast<uintptr_t>(a.offset());
           })
      .def("_referenced",
           [](const array& a) {
             // Whether other arrays use a's memory or a itself (views; pending work is run first).
             a.eval();
             write_barrier(a);
             return a.buffer().use_count() > 1 || a.impl().use_count() > 1;
           })
      .def("_item", &to_python_scalar)
      .def("_scalar", &numpy_scalar)
      .def("_shares_buffer", &array::shares_buffer)
      .def("_content_id",
           [](const array& a) -> nb::object {
             // (buffer serial, writes, offset): names a's contents while nobody else can
             // write them; None for exported memory, whose owner may.
             a.eval();
             const Buffer& b = *a.impl()->buffer;
             if (b.exported()) return nb::none();
             return nb::make_tuple(b.serial(), b.writes(), a.offset());
           })
      .def("_host_pointer",
           [](const array& a) { return reinterpret_cast<uintptr_t>(export_host_memory(a)); })
      .def("_device_pointer",
           [](const array& a) { return reinterpret_cast<uintptr_t>(export_memory(a)); });
  m.def(
      "asarray",
      [](nb::handle obj, nb::handle device) {
        std::optional<Device> d;
        if (!device.is_none()) d = Device::parse(nb::cast<std::string>(nb::str(device)));
        const array a = to_array(obj, d).strong();
        return d && a.device() != *d ? to_device(a, *d) : a;
      },
      nb::arg("obj").none(), nb::arg("device").none() = nb::none());
  nb::implicitly_convertible<NumpyScalarArg, array>();
  m.def("view_dtype", [](const array& a, nb::handle dtype) { return view_dtype(a, *dtype_arg(dtype)); });
  m.def("resize_in_place", [](const array& a, nb::handle shape) { resize_in_place(a, shape_arg(shape)); });
  m.def("adopt_layout", &adopt_layout, "dst takes src's layout and memory in place (shape setter).");
  m.def("numpy_scalars", [](std::optional<bool> on) {
    if (on) set_numpy_scalars(*on);
    return numpy_scalars();
  }, nb::arg("on").none() = nb::none(), "Whether scalar results are NumPy scalars (sets it when given).");
  m.def("scalar_reads", &scalar_reads);
  m.def("to_array", &to_array, "Like asarray, but Python scalars stay weak (NEP 50).");
}

}  // namespace metallic::py
