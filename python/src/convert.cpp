#include "convert.hpp"

#include <nanobind/ndarray.h>
#include <nanobind/stl/complex.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "core/array_impl.hpp"

namespace metallic::py {
namespace {

nb::module_& numpy() {
  // Leaked on purpose: Python objects must not be destroyed after the interpreter.
  static nb::module_* np = new nb::module_(nb::module_::import_("numpy"));
  return *np;
}

array from_numpy(nb::handle arr, Device device) {
  // Data in the other byte order is converted as it arrives (metallic holds native order).
  if (!nb::cast<bool>(arr.attr("dtype").attr("isnative")))
    return from_numpy(arr.attr("astype")(arr.attr("dtype").attr("newbyteorder")("=")), device);
  const std::string code = nb::cast<std::string>(arr.attr("dtype").attr("char"));
  std::optional<Dtype> d = code.size() == 1 ? dtype_from_char(code[0]) : std::nullopt;
  if (!d)
    throw unsupported_dtype(  // str(dtype), called: nb::str of an attribute would not convert it
        "metallic does not hold dtype " + nb::cast<std::string>(arr.attr("dtype").attr("__str__")()));
  Py_buffer view;
  if (PyObject_GetBuffer(arr.ptr(), &view, PyBUF_RECORDS_RO) != 0) {
    PyErr_Clear();
    nb::object c = numpy().attr("ascontiguousarray")(arr);
    return from_numpy(c, device);
  }
  Shape shape(view.shape, view.shape + view.ndim);
  Strides strides(view.strides, view.strides + view.ndim);
  array out;
  try {
    out = array::from_host(view.buf, shape, *d, strides, device);
  } catch (...) {
    PyBuffer_Release(&view);
    throw;
  }
  PyBuffer_Release(&view);
  return out;
}

}  // namespace

std::optional<Dtype> dtype_arg(nb::handle obj) {
  if (obj.is_none()) return std::nullopt;
  static nb::object* dtype_type = new nb::object(numpy().attr("dtype"));  // leaked: see numpy()
  // A DType class (numpy.dtypes.Float64DType, as NumPy itself passes them): its instance;
  // numpy.dtype() would make it object.
  const bool dtype_class = PyType_Check(obj.ptr()) && PyObject_IsSubclass(obj.ptr(), dtype_type->ptr()) == 1;
  nb::object dt = dtype_class ? obj() : (*dtype_type)(obj);
  const std::string code = nb::cast<std::string>(dt.attr("char"));
  if (code.size() == 1 && nb::cast<bool>(dt.attr("isnative")))  // '>f8' on a little-endian machine: NumPy's
    if (auto d = dtype_from_char(code[0])) return d;
  throw unsupported_dtype("metallic does not hold dtype " + nb::cast<std::string>(nb::str(dt)));
}

nb::object dtype_object(Dtype d) {
  static nb::object* cache = new nb::object[kNumDtypes];  // leaked: see numpy()
  nb::object& o = cache[static_cast<int>(d)];
  if (!o.is_valid()) o = numpy().attr("dtype")(std::string(1, dtype_char(d)));
  return o;
}

array to_array(nb::handle obj, std::optional<Device> device_opt) {
  if (nb::isinstance<array>(obj)) return nb::cast<array>(obj);
  const Device device = device_opt.value_or(default_device());
  PyObject* p = obj.ptr();
  // Python's own scalars are weak (NEP 50); NumPy scalars (np.float64 subclasses float)
  // are strong and go through numpy.asarray below.
  if (PyBool_Check(p)) return array::scalar(Scalar(p == Py_True), WeakKind::bool_, device);
  if (PyLong_Check(p)) {
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(p, &overflow);
    if (!overflow) return array::scalar(Scalar(static_cast<int64_t>(v)), WeakKind::int_, device);
    const unsigned long long u = PyLong_AsUnsignedLongLong(p);
    if (PyErr_Occurred()) {  // beyond 64 bits: kept as a float64 value, fits no integer dtype
      PyErr_Clear();
      const double d = PyLong_AsDouble(p);  // beyond float64 too: Python's OverflowError
      if (d == -1.0 && PyErr_Occurred()) throw nb::python_error();
      return array::scalar(Scalar(d), WeakKind::int_, device);
    }
    return array::scalar(Scalar(static_cast<uint64_t>(u)), WeakKind::int_, device);
  }
  if (PyFloat_CheckExact(p)) return array::scalar(Scalar(PyFloat_AsDouble(p)), WeakKind::float_, device);
  if (PyComplex_CheckExact(p))
    return array::scalar(Scalar(std::complex<double>(PyComplex_RealAsDouble(p), PyComplex_ImagAsDouble(p))),
                         WeakKind::complex_, device);
  if (auto s = numpy_scalar_value(obj)) return array::scalar(*s, WeakKind::none, device);
  nb::object arr = numpy().attr("asarray")(obj);
  return from_numpy(arr, device);
}

void warn_complex_discarded(Dtype from, Dtype to) {
  if (!is_complex(from) || is_complex(to) || to == Dtype::bool_) return;
  // leaked: see numpy()
  static nb::object* warn = new nb::object(nb::module_::import_("metallic._errstate").attr("warn"));
  static nb::object* category = new nb::object(numpy().attr("exceptions").attr("ComplexWarning"));
  (*warn)(*category, "Casting complex values to real discards the imaginary part");
}

bool is_numpy_scalar(nb::handle obj) {
  static PyObject* generic = nb::object(numpy().attr("generic")).release().ptr();  // leaked: see numpy()
  return PyObject_TypeCheck(obj.ptr(), reinterpret_cast<PyTypeObject*>(generic));
}

std::optional<Scalar> numpy_scalar_value(nb::handle obj) {
  if (!is_numpy_scalar(obj)) return std::nullopt;
  const std::string code = nb::cast<std::string>(obj.attr("dtype").attr("char"));
  const std::optional<Dtype> d = code.size() == 1 ? dtype_from_char(code[0]) : std::nullopt;
  if (!d) return std::nullopt;
  Scalar s;
  s.dtype = *d;
  nb::object v = obj.attr("item")();
  switch (kind(*d)) {
    case Kind::Bool: s.v.b = nb::cast<bool>(v); break;
    case Kind::Int: s.v.i = nb::cast<int64_t>(v); break;
    case Kind::UInt: s.v.u = nb::cast<uint64_t>(v); break;
    case Kind::Float: s.v.f = nb::cast<double>(v); break;
    case Kind::Complex: {
      const std::complex<double> c = nb::cast<std::complex<double>>(v);
      s.v.f = c.real();
      s.imag = c.imag();
      break;
    }
  }
  return s;
}

nb::dlpack::dtype dlpack_dtype(Dtype d) {
  using nb::dlpack::dtype_code;
  const auto bits = static_cast<uint8_t>(itemsize(d) * 8);
  switch (kind(d)) {
    case Kind::Bool: return {static_cast<uint8_t>(dtype_code::Bool), 8, 1};
    case Kind::Int: return {static_cast<uint8_t>(dtype_code::Int), bits, 1};
    case Kind::UInt: return {static_cast<uint8_t>(dtype_code::UInt), bits, 1};
    case Kind::Float: return {static_cast<uint8_t>(dtype_code::Float), bits, 1};
    case Kind::Complex: return {static_cast<uint8_t>(dtype_code::Complex), bits, 1};
  }
  return {};
}

std::optional<Dtype> dtype_from_dlpack(nb::dlpack::dtype t) {
  using nb::dlpack::dtype_code;
  if (t.lanes != 1) return std::nullopt;
  for (int i = 0; i < kNumDtypes; ++i) {
    const auto d = static_cast<Dtype>(i);
    if (dlpack_dtype(d) == t) return d;
  }
  return std::nullopt;
}

namespace {

// GPU results of 64 KiB and more land in pinned memory (one DMA at the link's speed, no
// page faults on fresh memory), which the NumPy array then owns; smaller ones and CPU
// arrays in a fresh numpy.empty.
constexpr size_t kPinnedResultBytes = size_t{64} << 10;

}  // namespace

nb::object to_numpy(const array& a) {
  if (a.device().type != DeviceType::cpu && a.nbytes() >= kPinnedResultBytes) {
    std::shared_ptr<void> mem;
    {
      nb::gil_scoped_release release;
      mem = host_copy(a);
    }
    if (mem) {
      void* data = mem.get();
      auto* keep = new std::shared_ptr<void>(std::move(mem));
      nb::capsule owner(keep, [](void* p) noexcept { delete static_cast<std::shared_ptr<void>*>(p); });
      const std::vector<size_t> shape(a.shape().begin(), a.shape().end());
      nb::ndarray<nb::numpy> arr(data, shape.size(), shape.data(), owner, nullptr, dlpack_dtype(a.dtype()));
      return arr.cast();
    }
  }
  nb::object out = numpy().attr("empty")(nb::tuple(nb::cast(a.shape())), dtype_object(a.dtype()));
  if (a.size() == 0) return out;
  Py_buffer view;
  if (PyObject_GetBuffer(out.ptr(), &view, PyBUF_WRITABLE) != 0) throw nb::python_error();
  try {
    nb::gil_scoped_release release;
    a.to_host(view.buf);
  } catch (...) {
    PyBuffer_Release(&view);
    throw;
  }
  PyBuffer_Release(&view);
  return out;
}

nb::object scalar_object(const Scalar& s);

namespace {

std::atomic<bool>& scalar_mode() {
  static std::atomic<bool> on = [] {
    const char* env = std::getenv("METALLIC_SCALARS");
    return !(env && std::string(env) == "array");
  }();
  return on;
}
std::atomic<long> g_scalar_reads{0};

}  // namespace

bool numpy_scalars() { return scalar_mode().load(std::memory_order_relaxed); }
void set_numpy_scalars(bool on) { scalar_mode() = on; }
long scalar_reads() { return g_scalar_reads.load(); }

nb::object numpy_scalar(const array& a) {
  ++g_scalar_reads;
  Scalar s;
  {
    nb::gil_scoped_release release;
    s = a.item();
  }
  return dtype_object(a.dtype()).attr("type")(scalar_object(s));
}

nb::object result_object(const array& r) {
  if (r.ndim() == 0 && numpy_scalars()) return numpy_scalar(r);
  return nb::cast(r);
}

nb::object to_python_scalar(const array& a) { return scalar_object(a.item()); }

nb::object scalar_object(const Scalar& s) {
  switch (kind(s.dtype)) {
    case Kind::Bool:
      return nb::bool_(s.v.b);
    case Kind::Int:
      return nb::int_(s.v.i);
    case Kind::UInt:
      return s.dtype == Dtype::uint64 ? nb::steal(PyLong_FromUnsignedLongLong(s.v.u))
                                      : nb::int_(s.v.i);
    case Kind::Float:
      return nb::float_(s.v.f);
    case Kind::Complex:
      return nb::steal(PyComplex_FromDoubles(s.v.f, s.imag));
  }
  return nb::none();
}

int64_t index_arg(nb::handle obj) {
  nb::object i = nb::steal(PyNumber_Index(obj.ptr()));  // TypeError for floats, as NumPy
  if (!i.is_valid()) throw nb::python_error();
  return nb::cast<int64_t>(i);
}

Axes axes_arg(nb::handle obj) {
  if (obj.is_none()) return std::nullopt;
  std::vector<int> axes;
  if (PyTuple_Check(obj.ptr()) || PyList_Check(obj.ptr())) {
    for (nb::handle h : obj) axes.push_back(static_cast<int>(index_arg(h)));
  } else {
    axes.push_back(static_cast<int>(index_arg(obj)));
  }
  return axes;
}

Shape shape_arg(nb::handle obj) {
  Shape s;
  if (PyTuple_Check(obj.ptr()) || PyList_Check(obj.ptr())) {
    for (nb::handle h : obj) s.push_back(index_arg(h));
  } else {
    s.push_back(index_arg(obj));
  }
  return s;
}

}  // namespace metallic::py
