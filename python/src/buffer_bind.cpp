// The buffer protocol on ndarray (memoryview(x), bytes(x), numpy.frombuffer(x)): a CPU
// array exports its own memory (writable unless the array is read-only); a GPU array
// exports a read-only host copy of its elements.
#include "buffer_bind.hpp"

#include <cstring>
#include <memory>
#include <string>

#include "convert.hpp"
#include "core/array_impl.hpp"

namespace metallic::py {
namespace {

// What a Py_buffer points into, alive until the consumer releases it.
struct Export {
  array keep;                  // the array (or its host copy) the buffer reads
  std::shared_ptr<void> host;  // a GPU array's host copy
  std::string format;
  std::vector<Py_ssize_t> shape, strides;
};

std::string struct_format(Dtype d) {
  switch (d) {
    case Dtype::complex64: return "Zf";
    case Dtype::complex128: return "Zd";
    case Dtype::int64: return "q";
    case Dtype::uint64: return "Q";
    default: return std::string(1, dtype_char(d));
  }
}

int get_buffer(PyObject* self, Py_buffer* view, int flags) {
  try {
    const array& a = nb::cast<const array&>(nb::handle(self));
    // An implicit conversion like __array__'s: counted, refused in the strict mode.
    nb::module_::import_("metallic._fallback").attr("count_conversion")();
    auto ex = std::make_unique<Export>();
    char* data;
    bool readonly = !a.is_writeable();
    if (a.device().type == DeviceType::cpu) {
      ex->keep = a;
      data = a.size() ? export_host_memory(a) : nullptr;
      for (int i = 0; i < a.ndim(); ++i) ex->strides.push_back(a.strides()[i]);
    } else {
      if (flags & PyBUF_WRITABLE) {
        PyErr_SetString(PyExc_BufferError, "[buffer] a GPU array exports a read-only host copy");
        return -1;
      }
      readonly = true;
      {
        nb::gil_scoped_release release;
        ex->host = host_copy(a);
      }
      if (!ex->host) throw memory_error("[buffer] no host memory for the copy");
      data = static_cast<char*>(ex->host.get());
      for (int64_t s : c_strides(a.shape(), a.itemsize())) ex->strides.push_back(s);
    }
    if ((flags & PyBUF_WRITABLE) && readonly) {
      PyErr_SetString(PyExc_BufferError, "[buffer] the array is read-only");
      return -1;
    }
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
    const bool c_order = a.device().type != DeviceType::cpu || a.is_c_contiguous();
    if (!view->strides && !c_order) {
      Py_CLEAR(view->obj);
      PyErr_SetString(PyExc_BufferError, "[buffer] the array is not C-contiguous");
      return -1;
    }
    if ((flags & PyBUF_C_CONTIGUOUS) == PyBUF_C_CONTIGUOUS && !c_order) {
      Py_CLEAR(view->obj);
      PyErr_SetString(PyExc_BufferError, "[buffer] the array is not C-contiguous");
      return -1;
    }
    if ((flags & PyBUF_F_CONTIGUOUS) == PyBUF_F_CONTIGUOUS && !a.is_f_contiguous()) {
      Py_CLEAR(view->obj);
      PyErr_SetString(PyExc_BufferError, "[buffer] the array is not Fortran-contiguous");
      return -1;
    }
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
