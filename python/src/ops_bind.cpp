// Ufuncs, reductions, casts and shape operations.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "convert.hpp"
#include "core/array_impl.hpp"

namespace metallic::py {
namespace {

// An integer index's value; beyond int64 it is out of bounds of any axis (NumPy's
// IndexError), or, as a slice bound (clamp), the nearest int64.
int64_t index_value(nb::handle h, bool clamp = false) {
  nb::object i = nb::steal(PyNumber_Index(h.ptr()));
  if (!i.is_valid()) throw nb::python_error();
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
  if (overflow && clamp) return overflow > 0 ? INT64_MAX : -INT64_MAX;
  if (overflow) throw index_error("index " + nb::cast<std::string>(nb::str(i)) + " is out of bounds");
  return v;
}

const char kValidIndices[] =
    "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are "
    "valid indices";

std::vector<Index> index_items(nb::handle idx) {
  std::vector<Index> out;
  auto one = [&](nb::handle h) {
    PyObject* p = h.ptr();
    if (p == Py_None) {
      out.emplace_back(NewAxis{});
    } else if (p == Py_Ellipsis) {
      out.emplace_back(Ellipsis{});
    } else if (PySlice_Check(p)) {
      auto get = [&](const char* name) -> std::optional<int64_t> {
        nb::object v = h.attr(name);
        if (v.is_none()) return std::nullopt;
        if (!nb::hasattr(v, "__index__"))
          throw type_error("slice indices must be integers or None or have an __index__ method");
        return index_value(v, true);
      };
      out.emplace_back(Slice{get("start"), get("stop"), get("step")});
    } else if (!PyBool_Check(p) && nb::hasattr(h, "__index__") && !nb::hasattr(h, "ndim")) {
      out.emplace_back(index_value(h));
    } else if (nb::hasattr(h, "ndim") && nb::cast<int>(h.attr("ndim")) == 0 && nb::hasattr(h, "dtype") &&
               nb::cast<std::string>(h.attr("dtype").attr("kind")) != "b") {
      const std::string kind = nb::cast<std::string>(h.attr("dtype").attr("kind"));
      if (kind != "i" && kind != "u") throw index_error(kValidIndices);
      out.emplace_back(index_value(h));  // a 0-d integer array (the caller copies the result, as NumPy)
    } else {
      throw nb::builtin_exception(nb::exception_type::key_error,
                                  "advanced index");  // Python falls back
    }
  };
  if (PyTuple_Check(idx.ptr())) {
    for (nb::handle h : idx) one(h);
  } else {
    one(idx);
  }
  return out;
}

// The device of the first metallic array among objs (array-likes are converted there).
std::optional<Device> device_of(nb::handle objs) {
  for (nb::handle h : objs)
    if (nb::isinstance<array>(h) && nb::cast<array>(h).weak() == WeakKind::none)
      return nb::cast<array>(h).device();
  return std::nullopt;
}

std::optional<int> axis1(nb::handle h) {
  if (h.is_none()) return std::nullopt;
  return static_cast<int>(index_arg(h));
}

Casting casting_arg(const std::string& s) {
  auto c = casting_from_name(s);
  if (!c)
    throw value_error("casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe'");
  return *c;
}

}  // namespace

void init_ops(nb::module_& m) {
  m.def(
      "ufunc",
      [](const std::string& name, nb::sequence inputs, nb::handle dtype) {
        // Array-likes (lists, NumPy arrays) go to the device of the metallic arrays given.
        std::vector<array> ins;
        const auto device = device_of(inputs);
        for (nb::handle h : inputs) ins.push_back(to_array(h, device));
        return ufunc(name, ins, dtype_arg(dtype));
      },
      nb::arg("name"), nb::arg("inputs"), nb::arg("dtype").none());
  // The common call, mtl.sin(x) / mtl.add(x, y) with no keywords: one result, no list.
  m.def("ufunc1", [](const std::string& name, nb::handle a) {
    const std::optional<Device> device = nb::isinstance<array>(a) ? std::optional<Device>(nb::cast<array>(a).device())
                                                                  : std::nullopt;
    return result_object(ufunc(name, {to_array(a, device)})[0]);
  }, nb::arg("name"), nb::arg("a").none());
  m.def("ufunc2", [](const std::string& name, nb::handle a, nb::handle b) {
    const auto device = device_of(nb::make_tuple(a, b));
    return result_object(ufunc(name, {to_array(a, device), to_array(b, device)})[0]);
  }, nb::arg("name"), nb::arg("a").none(), nb::arg("b").none());
  // a @ b on the device's BLAS; None where it has none for these operands (the caller
  // then computes it in NumPy). Array-likes go to the device of the metallic one.
  // NumPy's take (mode 'raise'); indices given as a list or NumPy array go to a's device.
  m.def("take", [](const array& a, nb::handle indices, std::optional<int> axis) {
    const array idx = to_array(indices, a.device()).strong();
    nb::gil_scoped_release release;
    return take(a, idx, axis);
  }, nb::arg("a"), nb::arg("indices").none(), nb::arg("axis").none());
  // Stable sort / argsort along axis (None: the flattened array).
  m.def("sort", [](const array& a, std::optional<int> axis) {
    nb::gil_scoped_release release;
    return sort(a, axis);
  }, nb::arg("a"), nb::arg("axis").none());
  m.def("argsort", [](const array& a, std::optional<int> axis) {
    nb::gil_scoped_release release;
    return argsort(a, axis);
  }, nb::arg("a"), nb::arg("axis").none());
  m.def("partition", [](const array& a, const std::vector<int64_t>& kth, std::optional<int> axis) {
    nb::gil_scoped_release release;
    return partition(a, kth, axis);
  }, nb::arg("a"), nb::arg("kth"), nb::arg("axis").none());
  m.def("argpartition", [](const array& a, const std::vector<int64_t>& kth, std::optional<int> axis) {
    nb::gil_scoped_release release;
    return argpartition(a, kth, axis);
  }, nb::arg("a"), nb::arg("kth"), nb::arg("axis").none());
  m.def("searchsorted", [](const array& a, const array& v, bool right) {
    nb::gil_scoped_release release;
    return searchsorted(a, v, right);
  }, nb::arg("a"), nb::arg("v"), nb::arg("right"));
  // Dense factorisations (core/solver.cpp); info lists come back for Python to judge.
  m.def("lu_factor", [](const array& a) {
    nb::gil_scoped_release release;
    LuFactors f = lu_factor(a);
    return std::make_tuple(f.lu, f.pivots, f.info);
  }, nb::arg("a"));
  m.def("lu_solve", [](const array& lu, const array& pivots, const array& b) {
    nb::gil_scoped_release release;
    return lu_solve(LuFactors{lu, pivots, {}}, b);
  }, nb::arg("lu"), nb::arg("pivots"), nb::arg("b"));
  m.def("cholesky_factor", [](const array& a) {
    nb::gil_scoped_release release;
    return cholesky_factor(a);
  }, nb::arg("a"));
  m.def("eigh_factor", [](const array& a, bool vectors, bool lower) {
    nb::gil_scoped_release release;
    EighResult r = eigh_factor(a, vectors, lower);
    return std::make_tuple(r.w, vectors ? std::optional<array>(r.v) : std::nullopt, r.info);
  }, nb::arg("a"), nb::arg("vectors"), nb::arg("lower"));
  m.def("svd_factor", [](const array& a, bool vectors, bool full) {
    nb::gil_scoped_release release;
    SvdResult r = svd_factor(a, vectors, full);
    auto opt = [&](const array& x) { return vectors ? std::optional<array>(x) : std::nullopt; };
    return std::make_tuple(opt(r.u), r.s, opt(r.vh), r.info);
  }, nb::arg("a"), nb::arg("vectors"), nb::arg("full"));
  m.def("qr_factor", [](const array& a) {
    nb::gil_scoped_release release;
    QrFactors f = qr_factor(a);
    return std::make_tuple(f.h, f.tau, f.info);
  }, nb::arg("a"));
  m.def("eig_factor", [](const array& a, bool vectors) {
    nb::gil_scoped_release release;
    EigResult r = eig_factor(a, vectors);
    return std::make_tuple(r.w, vectors ? std::optional<array>(r.v) : std::nullopt, r.info);
  }, nb::arg("a"), nb::arg("vectors"));
  m.def("qr_q", [](const array& h, const array& tau, int64_t cols) {
    nb::gil_scoped_release release;
    return qr_q(QrFactors{h, tau, {}}, cols);
  }, nb::arg("h"), nb::arg("tau"), nb::arg("cols"));
  // FFTs along the last axis: kind 0 c2c, 1 r2c, 2 c2r (core/fft.cpp).
  m.def("fft_last", [](const array& x, int kind, bool inverse, int64_t n) {
    nb::gil_scoped_release release;
    return fft_last(x, static_cast<FftKind>(kind), inverse, n);
  }, nb::arg("x"), nb::arg("kind"), nb::arg("inverse"), nb::arg("n"));
  m.def("flatnonzero", [](const array& a) {
    nb::gil_scoped_release release;
    return flatnonzero(a);
  }, nb::arg("a"));
  m.def("compress", [](const array& condition, const array& a, std::optional<int> axis) {
    nb::gil_scoped_release release;
    return compress(condition, a, axis);
  }, nb::arg("condition"), nb::arg("a"), nb::arg("axis").none());
  m.def("scatter_rows", [](const array& dst, const array& indices, const array& values, int axis) {
    nb::gil_scoped_release release;
    return scatter_rows(dst, indices, values, axis);
  }, nb::arg("dst"), nb::arg("indices"), nb::arg("values"), nb::arg("axis"));
  m.def("matmul_native", [](nb::handle a, nb::handle b) {
    const auto device = device_of(nb::make_tuple(a, b));
    const array x = to_array(a, device).strong(), y = to_array(b, device).strong();
    nb::gil_scoped_release release;
    return matmul_native(x, y);
  }, nb::arg("a").none(), nb::arg("b").none());
  m.def(
      "reduce",
      [](const std::string& name, const array& a, nb::handle axis, bool keepdims, nb::handle dtype,
         nb::handle initial) {
        std::optional<array> init;
        if (!initial.is_none()) init = to_array(initial);
        const Axes ax = axes_arg(axis);
        const auto dt = dtype_arg(dtype);
        if (dt) warn_complex_discarded(a.dtype(), *dt);
        nb::gil_scoped_release release;
        return reduce(name, a, ax, keepdims, dt, init);
      },
      nb::arg("name"), nb::arg("a"), nb::arg("axis").none(), nb::arg("keepdims"),
      nb::arg("dtype").none(), nb::arg("initial").none());
  m.def(
      "mean",
      [](const array& a, nb::handle axis, bool keepdims, nb::handle dtype) {
        return mean(a, axes_arg(axis), keepdims, dtype_arg(dtype));
      },
      nb::arg("a"), nb::arg("axis").none(), nb::arg("keepdims"), nb::arg("dtype").none());
  m.def(
      "var",
      [](const array& a, nb::handle axis, bool keepdims, double ddof, nb::handle dtype) {
        return var(a, axes_arg(axis), keepdims, ddof, dtype_arg(dtype));
      },
      nb::arg("a"), nb::arg("axis").none(), nb::arg("keepdims"), nb::arg("ddof"),
      nb::arg("dtype").none());
  m.def(
      "std",
      [](const array& a, nb::handle axis, bool keepdims, double ddof, nb::handle dtype) {
        return metallic::std(a, axes_arg(axis), keepdims, ddof, dtype_arg(dtype));
      },
      nb::arg("a"), nb::arg("axis").none(), nb::arg("keepdims"), nb::arg("ddof"),
      nb::arg("dtype").none());
  m.def(
      "argmax",
      [](const array& a, nb::handle axis, bool keepdims) {
        return argmax(a, axis1(axis), keepdims);
      },
      nb::arg("a"), nb::arg("axis").none(), nb::arg("keepdims"));
  m.def(
      "argmin",
      [](const array& a, nb::handle axis, bool keepdims) {
        return argmin(a, axis1(axis), keepdims);
      },
      nb::arg("a"), nb::arg("axis").none(), nb::arg("keepdims"));
  m.def(
      "cumsum",
      [](const array& a, nb::handle axis, nb::handle dtype) {
        return cumsum(a, axis1(axis), dtype_arg(dtype));
      },
      nb::arg("a"), nb::arg("axis").none(), nb::arg("dtype").none());
  m.def(
      "cumprod",
      [](const array& a, nb::handle axis, nb::handle dtype) {
        return cumprod(a, axis1(axis), dtype_arg(dtype));
      },
      nb::arg("a"), nb::arg("axis").none(), nb::arg("dtype").none());

  m.def(
      "where",
      [](nb::handle c, nb::handle a, nb::handle b) {
        const auto device = device_of(nb::make_tuple(c, a, b));
        return where(to_array(c, device), to_array(a, device), to_array(b, device));
      },
      nb::arg("c").none(), nb::arg("a").none(), nb::arg("b").none());
  m.def(
      "clip",
      [](nb::handle a_obj, nb::handle lo, nb::handle hi) {
        const array a = to_array(a_obj);
        return clip(a, lo.is_none() ? array() : to_array(lo, a.device()),
                    hi.is_none() ? array() : to_array(hi, a.device()));
      },
      nb::arg("a").none(), nb::arg("lo").none(), nb::arg("hi").none());
  m.def("round", [](const array& a, int decimals) { return metallic::round(a, decimals); });
  m.def("real", &real);
  m.def("imag", &imag);
  m.def("angle", &angle);
  m.def("result_type", [](nb::sequence xs) {
    std::vector<array> v;
    for (nb::handle h : xs) v.push_back(to_array(h));
    return dtype_object(result_type(v));
  });

  m.def(
      "astype",
      [](const array& a, nb::handle dtype, bool copy_) {
        const Dtype d = *dtype_arg(dtype);
        warn_complex_discarded(a.dtype(), d);
        return astype(a, d, copy_);
      },
      nb::arg("a"), nb::arg("dtype").none(), nb::arg("copy_"));
  m.def("copy", [](const array& a) { return copy(a); });
  m.def(
      "copyto",
      [](const array& dst, nb::handle src, const std::string& casting) {
        const array s = to_array(src, dst.device());
        if (s.weak() == WeakKind::none) warn_complex_discarded(s.dtype(), dst.dtype());
        copyto(dst, s, casting_arg(casting));
      },
      nb::arg("dst"), nb::arg("src").none(), nb::arg("casting"));
  m.def(
      "can_cast",
      [](nb::handle from, nb::handle to, const std::string& casting) {
        return can_cast(*dtype_arg(from), *dtype_arg(to), casting_arg(casting));
      },
      nb::arg("from").none(), nb::arg("to").none(), nb::arg("casting"));

  m.def(
      "reshape",
      [](const array& a, nb::handle shape, const std::string& order) {
        return reshape(a, shape_arg(shape), order.empty() ? 'C' : order[0]);
      },
      nb::arg("a"), nb::arg("shape").none(), nb::arg("order"));
  m.def("ravel", [](const array& a, const std::string& order) { return ravel(a, order[0]); });
  m.def("flatten", [](const array& a, const std::string& order) { return flatten(a, order[0]); });
  m.def(
      "transpose", [](const array& a, nb::handle axes) { return transpose(a, axes_arg(axes)); },
      nb::arg("a"), nb::arg("axes").none());
  m.def("swapaxes", &swapaxes);
  m.def(
      "moveaxis",
      [](const array& a, nb::handle s, nb::handle d) {
        return moveaxis(a, *axes_arg(s), *axes_arg(d));
      },
      nb::arg("a"), nb::arg("s").none(), nb::arg("d").none());
  m.def(
      "squeeze", [](const array& a, nb::handle axis) { return squeeze(a, axes_arg(axis)); },
      nb::arg("a"), nb::arg("axis").none());
  m.def(
      "expand_dims",
      [](const array& a, nb::handle axis) { return expand_dims(a, *axes_arg(axis)); }, nb::arg("a"),
      nb::arg("axis").none());
  m.def(
      "broadcast_to",
      [](const array& a, nb::handle shape) { return broadcast_to(a, shape_arg(shape)); },
      nb::arg("a"), nb::arg("shape").none());
  m.def("broadcast_shapes", [](nb::sequence shapes) {
    std::vector<Shape> v;
    for (nb::handle h : shapes) v.push_back(shape_arg(h));
    return nb::tuple(nb::cast(broadcast_shapes(v)));
  });
  // A view of a's buffer; offset in bytes from a's first element. Internal: no bounds check.
  m.def(
      "as_strided",
      [](const array& a, nb::handle shape, nb::handle strides, int64_t offset) {
        return a.view(shape_arg(shape), shape_arg(strides), a.offset() + offset);
      },
      nb::arg("a"), nb::arg("shape").none(), nb::arg("strides").none(), nb::arg("offset"));
  // An instance of cls (a Python subclass of ndarray) holding a's view: how view(cls) and
  // the subclass-preserving results are made.
  m.def("as_subclass", [](nb::handle cls, const array& a) {
    if (!PyType_Check(cls.ptr()) ||
        !PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(cls.ptr()),
                          reinterpret_cast<PyTypeObject*>(nb::type<array>().ptr())))
      throw type_error("[view] type must be a subclass of metallic.ndarray");
    nb::object inst = nb::inst_alloc(cls);
    new (nb::inst_ptr<array>(inst)) array(a);
    nb::inst_mark_ready(inst);
    return inst;
  });
  // The public as_strided: the view may reach only bytes of a's buffer (NumPy does not check
  // and reads whatever memory lies there; metallic refuses with ValueError).
  m.def(
      "as_strided_checked",
      [](const array& a, nb::handle shape, nb::handle strides) {
        const Shape sh = shape_arg(shape), st = shape_arg(strides);
        if (sh.size() != st.size())
          throw value_error("[as_strided] shape and strides must have the same length");
        const array base = a.eval();
        int64_t lo = base.offset(), hi = base.offset();
        bool empty = false;
        for (size_t i = 0; i < sh.size(); ++i) {
          if (sh[i] < 0) throw value_error("[as_strided] negative dimensions are not allowed");
          if (sh[i] == 0) empty = true;
          const int64_t reach = (sh[i] > 0 ? sh[i] - 1 : 0) * st[i];
          (reach < 0 ? lo : hi) += reach;
        }
        const int64_t size = static_cast<int64_t>(base.buffer() ? base.buffer()->nbytes() : 0);
        if (!empty && (lo < 0 || hi + static_cast<int64_t>(base.itemsize()) > size))
          throw value_error("[as_strided] the view would reach outside the array's memory (bytes " +
                            std::to_string(lo) + " to " + std::to_string(hi + base.itemsize()) + " of " +
                            std::to_string(size) + ")");
        return base.view(sh, st, base.offset());
      },
      nb::arg("a"), nb::arg("shape").none(), nb::arg("strides").none());
  m.def(
      "getitem", [](const array& a, nb::handle idx) { return getitem(a, index_items(idx)); },
      nb::arg("a"), nb::arg("idx").none());
  m.def(
      "setitem",
      [](const array& a, nb::handle idx, nb::handle value) {
        const auto index = index_items(idx);
        const array v = to_array(value, a.device());
        if (v.weak() == WeakKind::none) warn_complex_discarded(v.dtype(), a.dtype());
        setitem(a, index, v);
      },
      nb::arg("a"), nb::arg("idx").none(), nb::arg("value").none());
}

}  // namespace metallic::py
