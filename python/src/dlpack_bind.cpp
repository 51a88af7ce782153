// DLPack both ways, zero-copy, on the CPU and the GPU: metallic arrays export their memory
// (kept alive by the capsule), and producers' memory becomes metallic arrays (the producer
// kept alive until the last array over it dies).
#include <nanobind/stl/vector.h>

#include <memory>

#include "convert.hpp"
#include "core/array_impl.hpp"

namespace metallic::py {
namespace {

// Deletes a Python-side handle. Without the GIL, the deletion is handed to the interpreter
// (Py_AddPendingCall) instead of taking the GIL here: the last array over foreign memory
// can die inside metallic's evaluation, holding the graph lock, while the thread that holds
// the GIL waits for that lock; waiting for the GIL there would deadlock.
template <class Keep>
void release_handle(Keep* k) {
  if (PyGILState_Check()) {
    delete k;
    return;
  }
  static const auto run = [](void* p) -> int {
    delete static_cast<Keep*>(p);
    return 0;
  };
  if (Py_AddPendingCall(run, k) != 0) {  // the interpreter's queue is full: wait for the GIL after all
    nb::gil_scoped_acquire gil;
    delete k;
  }
}

// An array over memory another library owns; keep (the owner's handle) is released when
// the last array over the memory dies: after our queued work on it is done, with the GIL
// (the owner's deleter may run Python code; see release_handle). Nothing leaks if wrapping
// fails.
template <class Keep>
array wrap_foreign(void* data, Dtype dtype, const Shape& shape, const Strides& strides, Device device,
                   std::unique_ptr<Keep> keep) {
  Backend* be = &backend_for(device);
  auto shared = std::shared_ptr<Keep>(keep.release(), [](Keep* k) { release_handle(k); });
  return wrap_external(data, dtype, shape, strides, device, [shared, be]() mutable {
    try {
      be->synchronize();  // our queued work may still read the memory (no-op on the CPU)
    } catch (...) {
    }
    shared.reset();
  });
}

}  // namespace

void init_dlpack(nb::module_& m) {
  // An object with __dlpack__ and __dlpack_device__ over a's memory (nanobind's Array API object).
  m.def("_dlpack_export", [](const array& a) {
    const int64_t isz = static_cast<int64_t>(a.itemsize());
    std::vector<int64_t> strides;
    for (auto s : a.strides()) {
      if (s % isz) throw nb::buffer_error("[__dlpack__] strides that are not whole elements");
      strides.push_back(s / isz);
    }
    const std::vector<size_t> shape(a.shape().begin(), a.shape().end());
    void* data = a.size() ? export_memory(a) : nullptr;  // waits for pending work and the stream
    auto* keep = new array(a);
    nb::capsule owner(keep, [](void* p) noexcept { delete static_cast<array*>(p); });
    const bool gpu = a.device().type == DeviceType::cuda;
    const int dev_type = gpu ? nb::device::cuda::value : nb::device::cpu::value, dev_id = gpu ? a.device().index : 0;
    if (!a.is_writeable())  // a broadcast view, say: consumers must not write through it
      return nb::cast(nb::ndarray<nb::array_api, nb::ro>(data, shape.size(), shape.data(), owner, strides.data(),
                                                         dlpack_dtype(a.dtype()), dev_type, dev_id));
    return nb::cast(nb::ndarray<nb::array_api>(data, shape.size(), shape.data(), owner, strides.data(),
                                               dlpack_dtype(a.dtype()), dev_type, dev_id));
  });
  // Device memory described by a CUDA Array Interface (another library's GPU array): wrapped
  // without a copy; owner stays alive while any array uses the memory. strides in bytes
  // (empty: C order); stream: the producer's (0: none given); nbytes: the bytes owner
  // holds at ptr (-1: unknown), checked against shape.
  m.def("_wrap_cuda_memory", [](uintptr_t ptr, nb::handle dtype, std::vector<int64_t> shape,
                                std::vector<int64_t> strides, bool readonly, int device_index, intptr_t stream,
                                int64_t nbytes, nb::object owner) {
    const auto maybe = dtype_arg(dtype);
    if (!maybe) throw nb::type_error("[asarray] the CUDA Array Interface gives no dtype");
    const Dtype dt = *maybe;
    if (strides.empty()) strides = c_strides(shape, itemsize(dt));
    if (strides.size() != shape.size()) throw value_error("[asarray] strides and shape differ in length");
    if (nbytes >= 0 && shape_size(shape) * static_cast<int64_t>(itemsize(dt)) > nbytes)
      throw value_error("[asarray] the shape needs more bytes than the buffer holds");
    // The memory's own GPU, as the driver knows it (the default device's if it cannot tell).
    const int owner_device = ptr ? backend_for(Device{DeviceType::cuda, 0}).pointer_device(
                                       reinterpret_cast<const void*>(ptr))
                                 : -1;
    const Device device{DeviceType::cuda, owner_device >= 0 ? owner_device : device_index};
    Backend& be = backend_for(device);
    if (stream) be.wait_for_stream(stream);
    array a = wrap_foreign(reinterpret_cast<void*>(ptr), dt, shape, strides, device,
                           std::make_unique<nb::object>(std::move(owner)));
    if (readonly) a.set_writeable(false);
    return a;
  });
  m.def("_from_dlpack", [](nb::handle obj) {
    // The producer's __dlpack__ (or buffer protocol); read-only memory stays read-only.
    nb::ndarray<nb::ro> t;
    bool writeable = true;
    if (nb::ndarray<> w; nb::try_cast(obj, w)) {
      t = nb::ndarray<nb::ro>(w);
    } else if (nb::try_cast(obj, t)) {
      writeable = false;
    } else {
      throw nb::buffer_error("[from_dlpack] the producer's memory cannot be imported (layout, byte order or type)");
    }
    Device device;
    if (t.device_type() == nb::device::cuda::value)
      device = Device{DeviceType::cuda, t.device_id()};
    else if (t.device_type() != nb::device::cpu::value)
      throw nb::buffer_error("[from_dlpack] memory of a device metallic does not run on");
    const auto dtype = dtype_from_dlpack(t.dtype());
    if (!dtype) throw nb::type_error("[from_dlpack] an element type metallic does not support");
    Shape shape;
    Strides strides;
    for (size_t i = 0; i < t.ndim(); ++i) {
      shape.push_back(static_cast<int64_t>(t.shape(i)));
      strides.push_back(t.stride(i) * static_cast<int64_t>(itemsize(*dtype)));
    }
    array a = wrap_foreign(const_cast<void*>(t.data()), *dtype, shape, strides, device,
                           std::make_unique<nb::ndarray<nb::ro>>(t));
    if (!writeable) a.set_writeable(false);
    return a;
  });
}

}  // namespace metallic::py
