// The metallic._core extension: the C++ API, bound one area per file.
#include <nanobind/stl/string.h>

#include <optional>

#include "backend/backend.hpp"
#include "backend/cpu/threads.hpp"
#include "backend/disk_cache.hpp"
#include "core/array_impl.hpp"
#include "core/fp_state.hpp"
#include "convert.hpp"

namespace metallic::py {
void init_array(nb::module_& m);
void init_ops(nb::module_& m);
void init_creation(nb::module_& m);
void init_operators(nb::module_& m);
void init_dlpack(nb::module_& m);
}  // namespace metallic::py

namespace {
// NumPy's error state is a capsule in a context variable (numpy._core._ufunc_config's
// _extobj_contextvar) that every np.errstate / np.seterr replaces; the capsule's struct
// starts with NumPy's errmask, whose low 12 bits are the mode word's (3 bits per
// condition, the same action numbers). Read without running Python code: ops ask while
// holding the graph lock, where Python code could let another thread in and deadlock.
// The package checks the layout at import (_errstate) before installing the reader.
nb::object* fp_source_var = nullptr;
thread_local PyObject* fp_seen = nullptr;  // a strong reference

std::optional<metallic::FpMode> decode_numpy_state(PyObject* state) {
  if (!PyCapsule_CheckExact(state)) return std::nullopt;
  const void* ext = PyCapsule_GetPointer(state, PyCapsule_GetName(state));
  if (!ext) {
    PyErr_Clear();
    return std::nullopt;
  }
  return static_cast<metallic::FpMode>(*static_cast<const int*>(ext)) & 0xFFFu;
}

int release_later(void* obj) {  // a pending call: the interpreter runs it at a safe point
  Py_DECREF(static_cast<PyObject*>(obj));
  return 0;
}

// Whether the warnings filters want RuntimeWarning at the call: the first filter that
// applies to every RuntimeWarning (no message or module pattern) says 'error' (warnings
// become exceptions) or 'always' (every one shown: catch_warnings(record=True) with
// simplefilter('always'), pytest.warns). Read as the NumPy state is, without Python code,
// and again only when warnings.filters is another list or another length.
PyObject* warnings_module = nullptr;
thread_local PyObject* filters_seen = nullptr;  // compared, never dereferenced
thread_local Py_ssize_t filters_length = -1;
thread_local bool warn_now = false;

bool runtime_warnings_wanted_now() {
  if (!warnings_module) return false;
  PyObject* filters = PyDict_GetItemString(PyModule_GetDict(warnings_module), "filters");  // borrowed
  if (!filters || !PyList_Check(filters)) return false;
  if (filters == filters_seen && PyList_GET_SIZE(filters) == filters_length) return warn_now;
  filters_seen = filters;
  filters_length = PyList_GET_SIZE(filters);
  warn_now = false;
  for (Py_ssize_t i = 0; i < filters_length; ++i) {
    PyObject* f = PyList_GET_ITEM(filters, i);
    if (!PyTuple_Check(f) || PyTuple_GET_SIZE(f) < 4) continue;
    PyObject* category = PyTuple_GET_ITEM(f, 2);
    if (PyTuple_GET_ITEM(f, 1) != Py_None || PyTuple_GET_ITEM(f, 3) != Py_None || !PyType_Check(category) ||
        !PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(PyExc_RuntimeWarning),
                          reinterpret_cast<PyTypeObject*>(category)))
      continue;
    PyObject* action = PyTuple_GET_ITEM(f, 0);
    warn_now = PyUnicode_Check(action) && (PyUnicode_CompareWithASCIIString(action, "error") == 0 ||
                                           PyUnicode_CompareWithASCIIString(action, "always") == 0);
    break;
  }
  return warn_now;
}

thread_local bool warned_now_seen = false;

std::optional<metallic::FpMode> numpy_fp_mode() {
  if (!fp_source_var || !PyGILState_Check()) return std::nullopt;
  PyObject* state = nullptr;
  if (PyContextVar_Get(fp_source_var->ptr(), nullptr, &state) < 0 || !state) {
    PyErr_Clear();
    return std::nullopt;
  }
  const bool now = runtime_warnings_wanted_now();
  if (state == fp_seen && now == warned_now_seen) {
    Py_DECREF(state);  // the context variable holds it too: never the last reference
    return std::nullopt;
  }
  std::optional<metallic::FpMode> mode = decode_numpy_state(state);
  if (mode && now)  // warnings wanted at the call: each 'warn' computed and reported then
    for (int c = 0; c < 4; ++c)
      if (((*mode >> (3 * c)) & 7u) == 1u) *mode = (*mode & ~(7u << (3 * c))) | (metallic::kFpWarnNow << (3 * c));
  if (state != fp_seen) {
    if (fp_seen && Py_AddPendingCall(&release_later, fp_seen) != 0) Py_DECREF(fp_seen);
    fp_seen = state;
  } else {
    Py_DECREF(state);
  }
  warned_now_seen = now;
  return mode;
}
}  // namespace

NB_MODULE(_core, m) {
  using namespace metallic;
  // The module keeps NumPy's module and dtype objects for the process's life on purpose;
  // nanobind would report those (and what refers to them) as leaks at exit.
  nb::set_leak_warnings(false);
  nb::exception<py::unsupported_dtype>(m, "UnsupportedDtypeError", PyExc_TypeError);
  // C++ exceptions become NumPy's exception types.
  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const axis_error& e) {
      nb::object cls = nb::module_::import_("numpy").attr("exceptions").attr("AxisError");
      PyErr_SetObject(cls.ptr(), nb::str(e.what()).ptr());
    } catch (const value_error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const type_error& e) {
      PyErr_SetString(PyExc_TypeError, e.what());
    } catch (const index_error& e) {
      PyErr_SetString(PyExc_IndexError, e.what());
    } catch (const overflow_error& e) {
      PyErr_SetString(PyExc_OverflowError, e.what());
    } catch (const memory_error& e) {
      PyErr_SetString(PyExc_MemoryError, e.what());
    } catch (const not_implemented_error& e) {
      PyErr_SetString(PyExc_NotImplementedError, e.what());
    } catch (const floating_point_error& e) {
      PyErr_SetString(PyExc_FloatingPointError, e.what());
    }
  });
  py::init_array(m);
  py::init_ops(m);
  py::init_creation(m);
  py::init_operators(m);
  py::init_dlpack(m);
  m.def("eval_stats", [] {
    std::lock_guard<std::recursive_mutex> lock(graph_mutex());
    const EvalStats s = eval_stats();
    nb::dict d;
    d["nodes"] = s.nodes;
    d["fused_passes"] = s.fused_passes;
    d["fused_steps"] = s.fused_steps;
    d["depth_limit"] = s.depth_limit;
    d["pending_limit"] = s.pending_limit;
    return d;
  });
  // Floating-point error state: the mode word new ops record (metallic._errstate keeps it
  // equal to NumPy's seterr state), and the reporter that turns conditions into warnings,
  // FloatingPointError or the error callback.
  m.def("_set_fp_mode", [](uint32_t mode) { set_fp_mode(mode); });
  m.def("_fp_mode_of_numpy_state", [](nb::handle state) -> int64_t {
    const auto mode = decode_numpy_state(state.ptr());
    return mode ? static_cast<int64_t>(*mode) : -1;
  });
  m.def("_set_fp_mode_source", [](nb::object var) {
    fp_source_var = new nb::object(std::move(var));  // lives as long as the process
    warnings_module = nb::module_::import_("warnings").release().ptr();  // likewise
    set_fp_mode_source(&numpy_fp_mode);
  });
  m.def("_fp_mode", [] { return current_fp_mode(); });
  m.def("_fp_flush", [](bool wait) { report_fp_events(wait); }, nb::arg("wait") = true);
  m.def("_capture_begin", &begin_pending_capture);
  m.def("_capture_end", &end_pending_capture);
  m.def("_set_fp_reporter", [](nb::object fn) {
    auto* keep = new nb::object(std::move(fn));  // lives as long as the process
    set_fp_reporter([keep](const std::vector<FpEvent>& events) {
      nb::gil_scoped_acquire gil;
      nb::list out;
      for (const FpEvent& e : events)
        out.append(nb::make_tuple(fp_site_name(e), e.flags, e.mode));
      (*keep)(out);
    });
  });
  m.def("cuda_is_available", &cuda_is_available);
  m.def("cuda_device_count", &cuda_device_count);
  m.def("set_blas_library", &set_blas_library);
  m.def("blas_library", &blas_library);
  m.def("cpu_threads", &cpu::num_threads);  // the CPU backend's pool (METALLIC_NUM_THREADS)
  m.def("cpu_max_threads", &cpu::max_threads);
  m.def("set_cpu_threads", &cpu::set_num_threads);
  m.def("cuda_unavailable_reason", &cuda_unavailable_reason);
  m.def("kernel_cache", [] {  // the disk cache of compiled CUDA kernels: (folder, limit, why not used)
    const DiskCache cache(default_cache_dir(), default_cache_limit());
    return nb::make_tuple(default_cache_dir(), default_cache_limit(), cache.disabled_reason());
  });
  m.def("to_device", [](const array& a, const std::string& d) { return to_device(a, Device::parse(d)); });
  m.def("synchronize", [](const std::string& d) {
    nb::gil_scoped_release release;
    backend_for(Device::parse(d)).synchronize();
  });
  m.def("memory_info", [](const std::string& d) {
    const auto info = backend_for(Device::parse(d)).memory_info();
    return nb::make_tuple(info.used, info.reserved, info.limit);
  });
  m.def("kernel_stats", [](const std::string& d) {
    const auto s = backend_for(Device::parse(d)).kernel_stats();
    nb::dict r;
    r["launches"] = s.launches;
    r["compiles"] = s.compiles;
    r["disk_hits"] = s.disk_hits;
    r["memory_hits"] = s.memory_hits;
    r["h2d_bytes"] = s.h2d_bytes;
    r["d2h_bytes"] = s.d2h_bytes;
    return r;
  });
  m.def("start_recording", [](const std::string& d) {
    nb::gil_scoped_release release;
    backend_for(Device::parse(d)).start_recording();
  });
  auto records_list = [](std::vector<KernelRecord> records) {
    nb::list out;
    for (auto& r : records) out.append(nb::make_tuple(r.name, r.ms));
    return out;
  };
  m.def("stop_recording", [records_list](const std::string& d) {
    std::vector<KernelRecord> records;
    {
      nb::gil_scoped_release release;
      records = backend_for(Device::parse(d)).stop_recording();
    }
    return records_list(std::move(records));
  });
  m.def("take_records", [records_list](const std::string& d) {
    std::vector<KernelRecord> records;
    {
      nb::gil_scoped_release release;
      records = backend_for(Device::parse(d)).take_records();
    }
    return records_list(std::move(records));
  });
  m.def("native_stream", [](const std::string& d) { return backend_for(Device::parse(d)).native_stream(); });
  m.def("free_cached", [](const std::string& d) { backend_for(Device::parse(d)).free_cached(); });
  m.def("set_memory_limit", [](const std::string& d, size_t bytes) {
    backend_for(Device::parse(d)).set_memory_limit(bytes);
  });
  m.def("default_device", [] { return default_device().str(); });
  m.def("set_default_device", [](const std::string& s) { set_default_device(Device::parse(s)); });
}
