// Reductions, arg-reductions and scans on the CPU.
#include <emmintrin.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <memory>
#include <numeric>
#include <vector>

#include "backend/cpu/cpu_backend.hpp"
#include "backend/cpu/kernels.hpp"
#include "backend/cpu/nd_iter.hpp"
#include "backend/cpu/nonfinite.hpp"
#include "backend/cpu/reduce_fold.hpp"
#include "backend/cpu/threads.hpp"
#include "metallic/errors.hpp"
#include "ops/cast.hpp"
#include "ops/dtype_dispatch.hpp"
#include "ops/fp_status.hpp"

namespace metallic::cpu {
namespace {

constexpr int64_t kChunk = 1024;  // elements converted to the accumulator type at a time

// Axes permuted so kept axes come first; reduced ones follow.
struct ReduceLayout {
  Shape kept_shape, red_shape;
  Strides in_kept, out_kept, in_red;
};

ReduceLayout layout(const ReduceCall& c) {
  ReduceLayout l;
  for (size_t i = 0; i < c.shape.size(); ++i) {
    if (c.reduced[i]) {
      l.red_shape.push_back(c.shape[i]);
      l.in_red.push_back(c.in.strides[i]);
    } else {
      l.kept_shape.push_back(c.shape[i]);
      l.in_kept.push_back(c.in.strides[i]);
      l.out_kept.push_back(c.out.strides[i]);
    }
  }
  Strides* ks[2] = {&l.in_kept, &l.out_kept};
  coalesce(l.kept_shape, ks, 2);
  Strides* rs[1] = {&l.in_red};
  coalesce(l.red_shape, rs, 1);
  return l;
}

// The first input and the output of output o (in kept-axis order).
void locate(const ReduceCall& c, const ReduceLayout& l, int64_t o, char*& ip, char*& op) {
  ip = c.in.data;
  op = c.out.data;
  for (int d = static_cast<int>(l.kept_shape.size()) - 1; d >= 0; --d) {
    const int64_t i = o % l.kept_shape[d];
    o /= l.kept_shape[d];
    ip += i * l.in_kept[d];
    op += i * l.out_kept[d];
  }
}

template <class F, class T>
void reduce_typed(const F& f, const ReduceCall& c) {
  const ReduceLayout l = layout(c);
  const int64_t n_out = shape_size(l.kept_shape), n_red = shape_size(l.red_shape);
  if (n_red == 0) return;
  const Dtype acc = compute_dtype(c.acc);  // float16 accumulates in float32
  const CastFn load = cast_fn(c.in.dtype, acc);
  const CastFn store = cast_fn(acc, c.out.dtype);
  const CastFn load_out = cast_fn(c.out.dtype, acc);
  const bool direct = c.in.dtype == acc;

  // Reduce elements [rb, re) of the reduced space starting at in_ptr; seeds with the first.
  // A contiguous run of the accumulator's type is folded whole (one pairwise sum, as
  // NumPy's); others by chunks converted to it. A float sum of several runs or chunks
  // combines their sums pairwise (PairwiseCascade).
  constexpr bool kCascade = std::is_same_v<std::remove_cvref_t<F>, ops::Add> && !std::is_integral_v<T>;
  auto reduce_range = [&](char* in_ptr, int64_t rb, int64_t re) {
    T acc{};
    bool have = false;
    PairwiseCascade<T> sums;
    T buf[kChunk];
    const Strides* st = &l.in_red;
    const int64_t stride = l.in_red.back();
    const bool whole = direct && stride == sizeof(T);
    for_each_run(l.red_shape, 1, &in_ptr, &st, rb, re, [&](char** p, int64_t len) {
      for (int64_t off = 0; off < len;) {
        const int64_t m = whole ? len : std::min(kChunk, len - off);
        const T* x;
        if (whole) {
          x = reinterpret_cast<const T*>(p[0]);
        } else {
          load(p[0] + off * stride, stride, reinterpret_cast<char*>(buf), sizeof(T), m);
          x = buf;
        }
        off += m;
        if constexpr (kCascade) {
          sums.push(fold(f, sums.count ? x[0] : fold_seed(f, x[0]), x + 1, m - 1));
        } else if (!have) {
          acc = fold(f, x[0], x + 1, m - 1);
          have = true;
        } else {
          acc = fold(f, acc, x, m);
        }
      }
    });
    if constexpr (kCascade) return sums.total();
    return acc;
  };

  auto finish = [&](char* out_ptr, T acc) {
    if (c.has_initial) {
      T init;
      load_out(out_ptr, 0, reinterpret_cast<char*>(&init), 0, 1);
      acc = static_cast<T>(f(init, acc));
    }
    store(reinterpret_cast<const char*>(&acc), 0, out_ptr, 0, 1);
  };

  auto out_ptrs = [&](int64_t o, char*& ip, char*& op) { locate(c, l, o, ip, op); };

  // Reducing outer axes of rows that are contiguous along a kept axis (sum(axis=0) of a C
  // array): accumulate whole rows, so every load is contiguous, as NumPy does.
  const int64_t row = l.kept_shape.back();
  if (direct && l.in_kept.back() == static_cast<int64_t>(sizeof(T)) && row >= 16 &&
      l.in_red.back() != static_cast<int64_t>(sizeof(T))) {
    const int64_t rows = n_out / row;  // independent groups of `row` outputs
    const int64_t chunks_per_row = (row + kChunk - 1) / kChunk;
    parallel_for(rows * chunks_per_row, std::min<int64_t>(row, kChunk) * n_red, [&](int64_t b, int64_t e) {
      T acc[kChunk];
      for (int64_t job = b; job < e; ++job) {
        const int64_t g = job / chunks_per_row, k0 = (job % chunks_per_row) * kChunk;
        const int64_t m = std::min(kChunk, row - k0);
        char *ip, *op;
        out_ptrs(g * row + k0, ip, op);
        const Strides* st = &l.in_red;
        const int64_t stride = l.in_red.back();
        bool first = true;
        for_each_run(l.red_shape, 1, &ip, &st, 0, n_red, [&](char** p, int64_t len) {
          for (int64_t r = 0; r < len; ++r) {
            const T* x = reinterpret_cast<const T*>(p[0] + r * stride);
            if (first) {
              for (int64_t k = 0; k < m; ++k) acc[k] = fold_seed(f, x[k]);
              first = false;
            } else {
              for (int64_t k = 0; k < m; ++k) acc[k] = static_cast<T>(f(acc[k], x[k]));
            }
          }
        });
        const int64_t os = l.out_kept.back();
        for (int64_t k = 0; k < m; ++k) finish(op + k * os, acc[k]);
      }
    });
    return;
  }
  // Few outputs, long reductions: each cut into parts whose number depends on the length
  // alone (never on the thread count, so a float sum is the same on every machine), the
  // parts' results folded in order.
  constexpr int64_t kFewOutputs = 16, kMaxParts = 64;
  const int64_t parts = std::min<int64_t>(kMaxParts, n_red / kParallelMinElements);
  if (n_out >= kFewOutputs || parts < 2) {
    parallel_for(n_out, n_red, [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) {
        char *ip, *op;
        out_ptrs(o, ip, op);
        finish(op, reduce_range(ip, 0, n_red));
      }
    });
    return;
  }
  std::unique_ptr<T[]> partial(new T[parts]);
  for (int64_t o = 0; o < n_out; ++o) {
    char *ip, *op;
    out_ptrs(o, ip, op);
    parallel_for(parts, n_red / parts, [&](int64_t b, int64_t e) {
      for (int64_t k = b; k < e; ++k)
        partial[k] = reduce_range(ip, n_red * k / parts, n_red * (k + 1) / parts);
    });
    finish(op, fold(f, partial[0], partial.get() + 1, parts - 1));
  }
}


// The error-state conditions of an add or multiply reduction already computed
// (fp_fold_status): each output is read back, and only one that is not finite has its
// inputs looked at, so a clean reduction costs one pass over its outputs. probe: only
// whether some output is not finite (nonzero then).
template <class T>
unsigned fold_status(const ReduceCall& c, unsigned want, bool probe = false) {
  const ReduceLayout l = layout(c);
  const int64_t n_out = shape_size(l.kept_shape), n_red = shape_size(l.red_shape);
  const Dtype acc = compute_dtype(c.acc);
  const CastFn load = cast_fn(c.in.dtype, acc), load_out = cast_fn(c.out.dtype, acc);
  std::atomic<unsigned> flags{0};
  parallel_for(n_out, 1, [&](int64_t b, int64_t e) {
    unsigned raised = 0;
    T buf[kChunk];
    for (int64_t o = b; o < e; ++o) {
      char *ip, *op;
      locate(c, l, o, ip, op);
      T r;
      load_out(op, 0, reinterpret_cast<char*>(&r), 0, 1);
      if (ops::fp::finite(r)) continue;
      if (probe) {
        raised = 1;
        break;
      }
      bool in_nan = false, in_inf = false;
      const Strides* st = &l.in_red;
      const int64_t stride = l.in_red.back();
      for_each_run(l.red_shape, 1, &ip, &st, 0, n_red, [&](char** p, int64_t len) {
        for (int64_t off = 0; off < len; off += kChunk) {
          const int64_t m = std::min(kChunk, len - off);
          load(p[0] + off * stride, stride, reinterpret_cast<char*>(buf), sizeof(T), m);
          for (int64_t i = 0; i < m; ++i) {
            in_nan |= ops::fp::nan_any(buf[i]);
            in_inf |= ops::fp::inf_any(buf[i]);
          }
        }
      });
      raised |= ops::fp_fold_status(want, r, in_nan, in_inf);
    }
    if (raised) flags |= raised;
  });
  return flags.load();
}

template <class T>
bool is_nan_val(const T& x) {
  return ops::IsNan{}(x);
}

// The lines along one axis of an (in, out) pair: line o starts at in_start(o)/out_start(o).
struct Lines {
  Shape outer;
  Strides in_outer, out_outer;

  Lines(const Shape& shape, int axis, const Strides& in, const Strides& out) {
    for (size_t i = 0; i < shape.size(); ++i)
      if (static_cast<int>(i) != axis) {
        outer.push_back(shape[i]);
        in_outer.push_back(in[i]);
        out_outer.push_back(out[i]);
      }
  }
  int64_t count() const { return shape_size(outer); }
  void start(int64_t o, char* in_base, char* out_base, char*& ip, char*& op) const {
    ip = in_base;
    op = out_base;
    for (int d = static_cast<int>(outer.size()) - 1; d >= 0; --d) {
      const int64_t i = o % outer[d];
      o /= outer[d];
      ip += i * in_outer[d];
      op += i * out_outer[d];
    }
  }
};

// Where the first largest (smallest) of contiguous floats x[0, n) is, or the first NaN
// (which NumPy reports): blocks that stay in the cache folded to their extreme (SIMD), a
// block searched only where its extreme beats the best so far. A line alone (lines 1) is
// cut into chunks on the threads, their answers taken in order.
template <class S>
int64_t arg_extreme(const S* x, int64_t n, bool is_max, int64_t lines) {
  struct Best {
    S v;
    int64_t at;
  };
  auto first = [x](int64_t i, auto hit) {
    while (!hit(x[i])) ++i;
    return i;
  };
  auto scan = [&](int64_t b, int64_t e) {
    constexpr int64_t kBlock = 4096;
    Best best{x[b], b};
    for (int64_t b0 = b; b0 < e; b0 += kBlock) {
      const int64_t m = std::min(kBlock, e - b0);
      const S v = is_max ? fold(ops::Maximum{}, x[b0], x + b0 + 1, m - 1) : fold(ops::Minimum{}, x[b0], x + b0 + 1, m - 1);
      if (v != v) return Best{v, first(b0, [](S y) { return y != y; })};
      if (b0 == b || (is_max ? v > best.v : v < best.v)) best = {v, first(b0, [v](S y) { return y == v; })};
    }
    return best;
  };
  const int parts = lines == 1 ? static_cast<int>(std::clamp<int64_t>(n / kParallelMinElements, 1, num_threads())) : 1;
  if (parts == 1) return scan(0, n).at;
  std::vector<Best> found(parts);
  parallel_for(parts, n / parts, [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      const auto [b, e] = chunk_bounds(n, p, parts);
      found[p] = scan(b, e);
    }
  });
  Best best = found[0];
  for (const Best& f : found) {
    if (f.v != f.v) return f.at;  // the first chunk holding a NaN holds the first NaN
    if (is_max ? f.v > best.v : f.v < best.v) best = f;
  }
  return best.at;
}

}  // namespace

void CpuBackend::reduce(const ReduceCall& c) {
  HostKernelScope scope(profiler_, [&] { return std::string("reduce ") + op_info(c.op).name; });
  with_reduce_functor(c.op, [&](auto f) {
    dispatch_dtype(compute_dtype(c.acc), [&](auto tag) {
      using T = typename decltype(tag)::type;
      if constexpr (std::is_same_v<T, half>) {
        throw not_implemented_error("[reduce] float16 accumulator");
      } else {
        unsigned want = fold_fp_want<T>(c.op, c.fpmode);
        // An initial value that is not finite itself leaves nothing to tell: not checked.
        if (want && c.has_initial && fold_status<T>(c, 0, true)) want = 0;
        reduce_typed<decltype(f), T>(f, c);
        if (want) record_fp(c.op, FpSite::reduce, fold_status<T>(c, want), c.fpmode);
      }
    });
  });
}

void CpuBackend::arg_reduce(const ArgReduceCall& c) {
  HostKernelScope scope(profiler_, [&] { return std::string(c.is_max ? "argmax" : "argmin"); });
  const Lines lines(c.shape, c.axis, c.in.strides, c.out.strides);
  const int64_t n = c.shape[c.axis], stride = c.in.strides[c.axis];
  const int64_t n_out = lines.count();
  dispatch_dtype(c.in.dtype, [&](auto tag) {
    using S = typename decltype(tag)::type;
    using T = typename storage_to_compute<S>::type;
    parallel_for(n_out, n, [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) {
        char *ip, *op;
        lines.start(o, c.in.data, c.out.data, ip, op);
        if constexpr (std::is_floating_point_v<S>) {
          if (stride == static_cast<int64_t>(sizeof(S))) {
            // Contiguous floats: one pass by SIMD blocks (arg_extreme).
            *reinterpret_cast<int64_t*>(op) = arg_extreme(reinterpret_cast<const S*>(ip), n, c.is_max, n_out);
            continue;
          }
        }
        int64_t best = 0;
        T bv = convert<T>(*reinterpret_cast<const S*>(ip));
        if (!is_nan_val(bv)) {
          for (int64_t i = 1; i < n; ++i) {
            const T v = convert<T>(*reinterpret_cast<const S*>(ip + i * stride));
            if (is_nan_val(v)) {
              best = i;
              break;
            }
            if (c.is_max ? (v > bv) : (v < bv)) {
              bv = v;
              best = i;
            }
          }
        }
        *reinterpret_cast<int64_t*>(op) = best;
      }
    });
  });
}

void CpuBackend::scan(const ScanCall& c) {
  HostKernelScope scope(profiler_, [&] { return std::string("scan ") + op_info(c.op).name; });
  const Lines lines(c.shape, c.axis, c.in.strides, c.out.strides);
  const int64_t n = c.shape[c.axis];
  const int64_t is = c.in.strides[c.axis], os = c.out.strides[c.axis];
  const int64_t n_out = lines.count();
  if (n == 0 || n_out == 0) return;
  const Dtype acc = compute_dtype(c.acc);
  const CastFn load = cast_fn(c.in.dtype, acc), store = cast_fn(acc, c.out.dtype);
  with_reduce_functor(c.op, [&](auto f) {
    dispatch_dtype(compute_dtype(c.acc), [&](auto tag) {
      using T = typename decltype(tag)::type;
      if constexpr (!std::is_same_v<T, half>) {
        // Each line in order, as NumPy's, through a block that stays in the cache: loaded
        // (cast to the accumulator), scanned on from the running total, stored (cast back).
        constexpr int64_t kBlock = 1024;
        const bool half_total = c.acc == Dtype::float16;  // a float16 running total rounds at every step
        auto step = [&](const T& total, const T& x) {
          if constexpr (std::is_same_v<T, float>)
            if (half_total) return static_cast<float>(half(static_cast<float>(f(total, x))));
          return static_cast<T>(f(total, x));
        };
        // The error state: each step of a scan is one op of f, checked as the elementwise
        // op's (overflow, invalid) where a block's results hold a special value.
        const unsigned want = fold_fp_want<T>(c.op, c.fpmode);
        std::atomic<unsigned> flags{0};
        parallel_for(n_out, n, [&](int64_t b, int64_t e) {
          T block[kBlock];
          unsigned raised = 0;
          auto check = [&](const char* in, int64_t b0, int64_t m, const T& total) {
            if constexpr (kInexact<T>) {
              if (!any_nonfinite_values(block, m)) return;
              T x[kBlock];
              load(in, is, reinterpret_cast<char*>(x), sizeof(T), m);
              for (int64_t i = b0 > 0 ? 0 : 1; i < m; ++i)
                raised |= ops::fp_status<std::decay_t<decltype(f)>>(want, block[i], i > 0 ? block[i - 1] : total, x[i]);
            }
          };
          for (int64_t o = b; o < e; ++o) {
            char *ip, *op;
            lines.start(o, c.in.data, c.out.data, ip, op);
            T total{};  // the last block's last value
            for (int64_t b0 = 0; b0 < n; b0 += kBlock) {
              const int64_t m = std::min(kBlock, n - b0);
              load(ip + b0 * is, is, reinterpret_cast<char*>(block), sizeof(T), m);
              if (b0 > 0) block[0] = step(total, block[0]);
              for (int64_t i = 1; i < m; ++i) block[i] = step(block[i - 1], block[i]);
              if (want) check(ip + b0 * is, b0, m, total);
              total = block[m - 1];
              store(reinterpret_cast<const char*>(block), sizeof(T), op + b0 * os, os, m);
            }
          }
          if (raised) flags |= raised;
        });
        record_fp(c.op, FpSite::accumulate, flags.load(), c.fpmode);
      }
    });
  });
}

}  // namespace metallic::cpu
