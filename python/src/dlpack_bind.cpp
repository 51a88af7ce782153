// DLPack both ways, zero-copy, on the CPU and the GPU: metallic arrays export their memory
// (kept alive by the capsule), and producers' memory becomes metallic arrays (the producer
// kept alive until the last array over it dies).
#include <nanobind/stl/vector.h>

#include "convert.hpp"
#include "core/array_impl.hpp"

namespace metallic::py {

void init_dlpack(nb::module_& m) {
  // An object with __dlpack__ / __dlpack_device__ over a's memory (nanobind's Array API object).
  // An object with __dlpack__ and __dlpack_device__ over a's memory.
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
  // (empty: C order); stream: the producer's (0: none given).
  m.def("_wrap_cuda_memory", [](uintptr_t ptr, nb::handle dtype, std::vector<int64_t> shape,
                                std::vector<int64_t> strides, bool readonly, int device_index, intptr_t stream,
                                nb::object owner) {
    const auto maybe = dtype_arg(dtype);
    if (!maybe) throw nb::type_error("[asarray] the CUDA Array Interface gives no dtype");
    const Dtype dt = *maybe;
    if (strides.empty()) strides = c_strides(shape, itemsize(dt));
    if (strides.size() != shape.size()) throw value_error("[asarray] strides and shape differ in length");
    const Device device{DeviceType::cuda, device_index};
    Backend* be = &backend_for(device);
    if (stream) be->wait_for_stream(stream);
    auto* keep = new nb::object(std::move(owner));
    array a = wrap_external(reinterpret_cast<void*>(ptr), dt, shape, strides, device, [keep, be] {
      try {
        be->synchronize();  // our queued work may still read the memory
      } catch (...) {
      }
      nb::gil_scoped_acquire gil;
      delete keep;
    });
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
    auto* keep = new nb::ndarray<nb::ro>(t);
    Backend* be = &backend_for(device);
    array a = wrap_external(const_cast<void*>(t.data()), *dtype, shape, strides, device, [keep, be] {
      try {
        be->synchronize();  // our queued work may still read the memory (no-op on the CPU)
      } catch (...) {
      }
      nb::gil_scoped_acquire gil;  // the producer's deleter may touch Python objects
      delete keep;
    });
    if (!writeable) a.set_writeable(false);
    return a;
  });
}

}  // namespace metallic::py
