// The buffer protocol on ndarray (memoryview(x), bytes(x), numpy.frombuffer(x)): a CPU
// array exports its own memory (writable unless the array is read-only). A GPU array has
// none (BufferError): numpy.asarray then takes __array__, which reads it into memory NumPy
// owns, and a buffer consumer would see writes that never reach the device.
#include "buffer_bind.hpp"

#include <memory>
#include <string>

#include "convert.hpp"
#include "core/array_impl.hpp"

namespace metallic::py {
namespace {

// What a Py_buffer points into, alive until the consumer releases it.
struct Export {
  array keep;  // the array whose memory the buffer reads
  std::string format;
  std::vector<Py_ssize_t> shape, strides;
};

std::string struct_format(Dtype d) {
  switch (d) {
    case Dtype::complex64: return "Zf";
    case Dtype::complex128: return "Zd";
    // NumPy's own codes: 'l' where long is 64 bits (so np.asarray gives int64, not longlong)
    case Dtype::int64: return sizeof(long) == 8 ? "l" : "q";
    case Dtype::uint64: return sizeof(long) == 8 ? "L" : "Q";
    default: return std::string(1, dtype_char(d));
  }
}

int refuse(const char* why) {
  PyErr_SetString(PyExc_BufferError, why);
  return -1;
}

int get_buffer(PyObject* self, Py_buffer* view, int flags) {
  try {
    const array& a = nb::cast<const array&>(nb::handle(self));
    if (a.device().type != DeviceType::cpu)
      return refuse("[buffer] a GPU array has no host memory to export; use numpy.asarray(x) or x.get()");
    const bool readonly = !a.is_writeable(), c_order = a.is_c_contiguous();
    if ((flags & PyBUF_WRITABLE) && readonly) return refuse("[buffer] the array is read-only");
    if (((flags & PyBUF_STRIDES) != PyBUF_STRIDES || (flags & PyBUF_C_CONTIGUOUS) == PyBUF_C_CONTIGUOUS) &&
        !c_order)
      return refuse("[buffer] the array is not C-contiguous");
    if ((flags & PyBUF_F_CONTIGUOUS) == PyBUF_F_CONTIGUOUS && !a.is_f_contiguous())
      return refuse("[buffer] the array is not Fortran-contiguous");
    // An implicit conversion like __array__'s: counted, refused in the strict mode.
    nb::module_::import_("metallic._fallback").attr("count_conversion")();
    auto ex = std::make_unique<Export>();
    ex->keep = a;
    char* data = a.size() ? export_host_memory(a) : nullptr;
    for (int i = 0; i < a.ndim(); ++i) ex->strides.push_back(a.strides()[i]);
    for (int64_t n : a.shape()) ex->shape.push_back(n);
    ex->format = struct_format(a.dtype());
    view->buf = data;
    view->obj = Py_NewRef(self);
    view->len = static_cast<Py_ssize_t>(a.nbytes());
    view->itemsize = static_cast<Py_ssize_t>(a.itemsize());
    view->readonly = readonly;
    view->ndim = a.ndim();
    view->format = (flags & PyBUF_FORMAT) ? ex->format.data() : nullptr;
    view->shape = (flags & PyBUF_ND) ? ex->shape.data() : nullptr;
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? ex->strides.data() : nullptr;
    view->suboffsets = nullptr;
    view->internal = ex.release();
    return 0;
  } catch (nb::python_error& e) {
    e.restore();
    return -1;
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_BufferError, e.what());
    return -1;
  }
}

void release_buffer(PyObject*, Py_buffer* view) { delete static_cast<Export*>(view->internal); }

}  // namespace

PyType_Slot array_buffer_slots[] = {{Py_bf_getbuffer, reinterpret_cast<void*>(&get_buffer)},
                                    {Py_bf_releasebuffer, reinterpret_cast<void*>(&release_buffer)},
                                    {0, nullptr}};

}  // namespace metallic::py
