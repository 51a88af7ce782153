#include "backend/cpu/cpu_backend.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "backend/cpu/blocks.hpp"
#include "backend/cpu/kernels.hpp"
#include "backend/cpu/nd_iter.hpp"
#include "backend/cpu/threads.hpp"
#include "metallic/errors.hpp"

namespace metallic {

namespace cpu {
namespace {

constexpr int64_t kBlockElements = 2048;  // elements per block: operands stay in L1/L2

// Copies of src and dst to a C-order range of the (coalesced) iteration space; returns
// the conditions (among want) the cast raised.
unsigned copy_range(const Shape& shape, const Operand& src, const Operand& dst, int64_t b, int64_t e,
                    unsigned want) {
  const CastFn cast = cast_fn(src.dtype, dst.dtype);
  const CastStatusFn status = want ? cast_status_fn(src.dtype, dst.dtype) : nullptr;
  char* bases[2] = {src.data, dst.data};
  const Strides* strides[2] = {&src.strides, &dst.strides};
  const int64_t ss = src.strides.back(), ds = dst.strides.back();
  unsigned flags = 0;
  for_each_run(shape, 2, bases, strides, b, e, [&](char** p, int64_t len) {
    cast(p[0], ss, p[1], ds, len);
    if (!status) return;
    if (ss == static_cast<int64_t>(itemsize(src.dtype)) && ds == static_cast<int64_t>(itemsize(dst.dtype))) {
      flags |= status(p[0], p[1], len, want);
    } else {
      for (int64_t i = 0; i < len; ++i) flags |= status(p[0] + i * ss, p[1] + i * ds, 1, want);
    }
  });
  return flags;
}

}  // namespace

CpuBackend& cpu_backend() {
  static CpuBackend be;
  return be;
}

void* CpuBackend::allocate(size_t nbytes) { return pool_.allocate(nbytes); }

void CpuBackend::deallocate(void* p, size_t nbytes) { pool_.deallocate(p, nbytes); }

void CpuBackend::copy_from_host(void* dst, const void* src, size_t n) { std::memcpy(dst, src, n); }
void CpuBackend::copy_to_host(void* dst, const void* src, size_t n) { std::memcpy(dst, src, n); }

void CpuBackend::record_fp(OpId op, FpSite site, unsigned flags, FpMode mode) {
  if (!flags) return;
  std::lock_guard<std::mutex> lock(fp_mutex_);
  fp_events_.push_back(FpEvent{op, site, flags, mode});
}

void CpuBackend::take_fp_events(std::vector<FpEvent>& out, bool) {
  std::lock_guard<std::mutex> lock(fp_mutex_);
  out.insert(out.end(), fp_events_.begin(), fp_events_.end());
  fp_events_.clear();
}

void CpuBackend::copy(const Shape& shape_in, const Operand& src_in, const Operand& dst_in, FpMode fpmode) {
  HostKernelScope scope(profiler_, [] { return std::string("copy"); });
  Shape shape = shape_in;
  Operand src = src_in, dst = dst_in;
  Strides* strides[2] = {&src.strides, &dst.strides};
  coalesce(shape, strides, 2);
  const int64_t n = shape_size(shape);
  if (n == 0) return;
  if (shape.size() == 1 && src.dtype == dst.dtype &&
      src.strides[0] == static_cast<int64_t>(itemsize(src.dtype)) &&
      dst.strides[0] == src.strides[0]) {
    std::memcpy(dst.data, src.data, n * itemsize(src.dtype));
    return;
  }
  const unsigned want = fp_want(fpmode);
  std::atomic<unsigned> flags{0};
  parallel_for(n, 1, [&](int64_t b, int64_t e) { flags |= copy_range(shape, src, dst, b, e, want); });
  record_fp(OpId{}, FpSite::cast, flags.load(), fpmode);
}

void CpuBackend::elementwise(const ElementwiseCall& call) {
  HostKernelScope scope(profiler_, [&] { return std::string(op_info(call.op).name); });
  const Loop& loop = op_info(call.op).loops[call.loop];
  const KernelFn kernel = kernel_for(call.op, call.loop);
  const int nin = static_cast<int>(call.in.size()), nout = static_cast<int>(call.out.size());
  const int nops = nin + nout;

  std::array<Operand, kMaxOperands> ops;
  std::array<Dtype, kMaxOperands> cdt;  // the dtype the kernel reads/writes per operand
  std::array<Strides*, kMaxOperands> strides;
  for (int k = 0; k < nops; ++k) {
    ops[k] = k < nin ? call.in[k] : call.out[k - nin];
    cdt[k] = compute_dtype(k < nin ? loop.in[k] : loop.out[k - nin]);
    strides[k] = &ops[k].strides;
  }
  Shape shape = call.shape;
  coalesce(shape, strides.data(), nops);
  const int64_t n = shape_size(shape);
  if (n == 0) return;

  // Operands the kernel can use in place: right dtype and contiguous along the whole range.
  std::array<bool, kMaxOperands> direct;
  for (int k = 0; k < nops; ++k)
    direct[k] = ops[k].dtype == cdt[k] && shape.size() == 1 &&
                ops[k].strides[0] == static_cast<int64_t>(itemsize(cdt[k]));

  // Inputs that are one value broadcast (every stride 0, a Python scalar say): converted
  // once and spread over the block, not converted again element by element.
  std::array<bool, kMaxOperands> single{};
  for (int k = 0; k < nin; ++k)
    single[k] = !direct[k] && std::all_of(ops[k].strides.begin(), ops[k].strides.end(), [](int64_t v) { return v == 0; });

  const unsigned want = fp_want(call.fpmode);
  const StatusFn status = want ? status_for(call.op, call.loop) : nullptr;
  std::atomic<unsigned> flags{0};
  const int64_t nblocks = (n + kBlockElements - 1) / kBlockElements;
  parallel_for(nblocks, kBlockElements, [&](int64_t b0, int64_t b1) {
    alignas(64) static thread_local char scratch[kMaxOperands][kBlockElements * 16];
    unsigned raised = 0;
    std::array<char*, kMaxOperands> args;
    for (int k = 0; k < nin; ++k)
      if (single[k]) {
        const size_t size = itemsize(cdt[k]);
        gather_block(shape, ops[k], 0, 1, scratch[k], cdt[k]);
        const size_t bytes = static_cast<size_t>(std::min(kBlockElements, n)) * size;
        for (size_t done = size; done < bytes; done *= 2)  // doubling copies
          std::memcpy(scratch[k] + done, scratch[k], std::min(done, bytes - done));
      }
    for (int64_t blk = b0; blk < b1; ++blk) {
      const int64_t s = blk * kBlockElements, e = std::min(n, s + kBlockElements);
      for (int k = 0; k < nops; ++k) {
        if (direct[k]) {
          args[k] = ops[k].data + s * ops[k].strides[0];
        } else {
          args[k] = scratch[k];
          if (k < nin && !single[k]) gather_block(shape, ops[k], s, e, scratch[k], cdt[k]);
        }
      }
      kernel(args.data(), e - s, s, call.params);
      if (status) raised |= status(args.data(), e - s, want);
      for (int k = nin; k < nops; ++k)
        if (!direct[k]) scatter_block(shape, scratch[k], cdt[k], ops[k], s, e);
    }
    if (raised) flags |= raised;
  });
  record_fp(call.op, FpSite::op, flags.load(), call.fpmode);
}

namespace {

// Gathers and scatters one (p, k) row of Q elements per step; rows are spread over threads.
void move_rows(const TakeCall& c, bool scatter) {
  const int64_t rows = c.P * c.K;
  const size_t row_bytes = static_cast<size_t>(c.Q) * c.itemsize;
  if (rows == 0 || row_bytes == 0) return;
  // Rows of 1, 2, 4 or 8 bytes (one element: a 1-D take, say) copy with a fixed size;
  // (p, k) steps along with r instead of a division per row.
  auto each_row = [&](int64_t b, int64_t e, auto bytes) {
    const int64_t n = bytes ? static_cast<int64_t>(bytes) : static_cast<int64_t>(row_bytes);
    int64_t p = b / c.K, k = b % c.K;
    for (int64_t r = b; r < e; ++r) {
      const int64_t indexed = (p * c.N + c.index[k]) * n, packed = r * n;
      if (scatter)
        std::memcpy(c.out + indexed, c.src + packed, bytes ? bytes : row_bytes);
      else
        std::memcpy(c.out + packed, c.src + indexed, bytes ? bytes : row_bytes);
      if (++k == c.K) k = 0, ++p;
    }
  };
  parallel_for(rows, std::max<int64_t>(1, c.Q), [&](int64_t b, int64_t e) {
    switch (row_bytes) {
      case 1: return each_row(b, e, std::integral_constant<size_t, 1>{});
      case 2: return each_row(b, e, std::integral_constant<size_t, 2>{});
      case 4: return each_row(b, e, std::integral_constant<size_t, 4>{});
      case 8: return each_row(b, e, std::integral_constant<size_t, 8>{});
      default: return each_row(b, e, std::integral_constant<size_t, 0>{});
    }
  });
}

}  // namespace

void CpuBackend::take(const TakeCall& c) { move_rows(c, false); }
void CpuBackend::scatter(const TakeCall& c) { move_rows(c, true); }

// The mask in parts (a few per thread): each part's count, their running total, then each
// part writes its positions from its offset (without branching on the data: every
// position is stored, and the cursor moves past the nonzero ones).
void CpuBackend::nonzero(const NonzeroCall& c) {
  const int64_t parts = std::clamp<int64_t>(c.n / kParallelMinElements, 1, int64_t{num_threads()} * 4);
  auto part = [&](int64_t p) { return std::pair(c.n * p / parts, c.n * (p + 1) / parts); };
  std::vector<int64_t> offsets(parts + 1, 0);
  auto word_at = [&](int64_t i) {
    uint64_t w;
    std::memcpy(&w, c.mask + i, 8);
    return w;
  };
  parallel_for(parts, c.n / parts, [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) {
      int64_t count = 0;
      auto [i, end] = part(p);
      for (; i + 8 <= end; i += 8) {  // each byte's bits or-ed into its lowest, then the 8 summed
        uint64_t w = word_at(i);
        w |= w >> 4, w |= w >> 2, w |= w >> 1;
        count += static_cast<int64_t>((w & 0x0101010101010101u) * 0x0101010101010101u >> 56);
      }
      for (; i < end; ++i) count += c.mask[i] != 0;
      offsets[p + 1] = count;
    }
  });
  for (int64_t p = 0; p < parts; ++p) offsets[p + 1] += offsets[p];
  if (offsets[parts] == 0) {
    c.out(0);
    return;
  }
  int64_t* out = c.out(offsets[parts]);
  parallel_for(parts, c.n / parts, [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) {
      int64_t at = offsets[p];
      const int64_t last = offsets[p + 1];
      auto [i, end] = part(p);
      auto each = [&](int64_t b, int64_t e) {
        for (int64_t k = b; k < e; ++k) {
          if (at < last) out[at] = k;  // the part's last slot may be its neighbour's first
          at += c.mask[k] != 0;
        }
      };
      for (; i + 8 <= end; i += 8)  // words of 8 zero bytes skipped whole
        if (word_at(i) != 0) each(i, i + 8);
      each(i, end);
    }
  });
}

}  // namespace cpu
}  // namespace metallic
