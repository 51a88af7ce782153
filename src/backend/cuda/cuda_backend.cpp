#include "backend/cuda/cuda_backend.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "backend/cuda/codegen.hpp"
#include "backend/cuda/cuda_check.hpp"
#include "backend/cuda/kernel_args.hpp"
#include "backend/scratch.hpp"
#include "backend/strided.hpp"
#include "metallic/errors.hpp"

namespace metallic::cuda {
namespace {

void check_dims(size_t ndim, const char* what) {
  if (ndim > static_cast<size_t>(kMaxDims))
    throw not_implemented_error(std::string("[cuda] ") + what + " over more than " +
                                std::to_string(kMaxDims) + " non-mergeable axes");
}

// Elements per vector access of contiguous kernels (a tuning knob; 4 moves 16 bytes of
// float32 per access).
int parse_vector_width() {
  const char* env = std::getenv("METALLIC_CUDA_VECTOR_WIDTH");
  const int w = env && *env ? std::atoi(env) : 4;
  return w == 1 || w == 2 || w == 4 || w == 8 ? w : 4;
}

// Blocks of whole 512-byte units (the pool's own granularity), so that freed ones fit
// later requests of about their size.
size_t block_bytes(size_t nbytes) { return (std::max<size_t>(nbytes, 1) + 511) / 512 * 512; }

size_t parse_limit() {
  const char* env = std::getenv("METALLIC_GPU_MEMORY_LIMIT");
  return env && *env ? static_cast<size_t>(std::strtoull(env, nullptr, 10)) : 0;
}

}  // namespace

CudaBackend::CudaBackend(int device) : device_(device), limit_(parse_limit()), vec_width_(parse_vector_width()) {
  MTL_CU(cuInit(0));
  MTL_CU(cuDeviceGet(&dev_, device));
  MTL_CU(cuDevicePrimaryCtxRetain(&ctx_, dev_));
  MTL_CU(cuCtxSetCurrent(ctx_));
  MTL_CU(cuStreamCreate(&stream_, CU_STREAM_NON_BLOCKING));
  MTL_CU(cuDeviceGetDefaultMemPool(&pool_, dev_));
  // Keep freed memory in the pool (a caching allocator) instead of returning it at
  // every synchronisation.
  uint64_t keep = ~uint64_t{0};
  MTL_CU(cuMemPoolSetAttribute(pool_, CU_MEMPOOL_ATTR_RELEASE_THRESHOLD, &keep));
  MTL_CU(cuDeviceGetAttribute(&sm_count_, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev_));
  int unified = 0, maps = 0;
  MTL_CU(cuDeviceGetAttribute(&unified, CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING, dev_));
  MTL_CU(cuDeviceGetAttribute(&maps, CU_DEVICE_ATTRIBUTE_CAN_MAP_HOST_MEMORY, dev_));
  unified_addressing_ = unified && maps;
  int major = 0, minor = 0;
  MTL_CU(cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev_));
  MTL_CU(cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev_));
  kernels_ = std::make_unique<KernelCache>(major, minor);
}

CudaBackend::~CudaBackend() = default;  // the process's end releases the context

void CudaBackend::make_current() const { MTL_CU(cuCtxSetCurrent(ctx_)); }

void* CudaBackend::allocate(size_t nbytes) {
  const size_t n = block_bytes(nbytes);
  if (limit_ && used_ + n > limit_) {
    free_cached();
    throw memory_error("[cuda] out of memory: allocating " + std::to_string(nbytes) + " bytes with " +
                       std::to_string(used_) + " in use would pass the limit of " + std::to_string(limit_) +
                       " bytes (METALLIC_GPU_MEMORY_LIMIT / set_limit)");
  }
  // A block freed earlier on this stream is free for work queued after its release.
  if (n <= kCachedBlock)
    if (void* p = blocks_.take(n)) {
      used_ += n;
      return p;
    }
  make_current();
  CUdeviceptr p = 0;
  CUresult r = cuMemAllocFromPoolAsync(&p, n, pool_, stream_);
  if (r == CUDA_ERROR_OUT_OF_MEMORY) {  // give cached blocks back, then try once more
    free_cached();
    r = cuMemAllocFromPoolAsync(&p, n, pool_, stream_);
    if (r == CUDA_ERROR_OUT_OF_MEMORY) {
      throw memory_error("[cuda] out of memory allocating " + std::to_string(nbytes) + " bytes (" +
                         std::to_string(used_) + " bytes in use by metallic)");
    }
  }
  MTL_CU(r);
  used_ += n;
  return reinterpret_cast<void*>(p);
}

// Never raises: it runs from arrays' destructors.
void CudaBackend::deallocate(void* p, size_t nbytes) {
  const size_t n = block_bytes(nbytes);
  used_ -= n;
  if (n <= kCachedBlock)
    blocks_.put(p, n, [this](void* q, size_t bytes) { release_block(q, bytes); });
  else
    release_block(p, n);
}

// After a context fault (or once the driver has shut down, at the process's end) the
// memory is gone with the context, and there is nothing to free.
void CudaBackend::release_block(void* p, size_t nbytes) {
  CUresult r = cuCtxSetCurrent(ctx_);
  if (r == CUDA_SUCCESS) r = cuMemFreeAsync(reinterpret_cast<CUdeviceptr>(p), stream_);
  if (r != CUDA_SUCCESS && r != CUDA_ERROR_DEINITIALIZED && !is_context_fault(r)) {
    const char* name = nullptr;
    cuGetErrorName(r, &name);
    std::fprintf(stderr, "metallic: [cuda] freeing %zu bytes of GPU memory failed: %s\n", nbytes, name ? name : "?");
  }
}

Backend::MemoryInfo CudaBackend::memory_info() const {
  uint64_t reserved = 0;
  MTL_CU(cuMemPoolGetAttribute(pool_, CU_MEMPOOL_ATTR_RESERVED_MEM_CURRENT, &reserved));
  return {used_.load(), static_cast<size_t>(reserved), limit_};
}

void CudaBackend::free_cached() {
  make_current();
  blocks_.drain([this](void* q, size_t bytes) { release_block(q, bytes); });
  MTL_CU(cuStreamSynchronize(stream_));
  MTL_CU(cuMemPoolTrimTo(pool_, 0));
  std::lock_guard<std::mutex> lock(pinned_mutex_);
  release_pinned_cache(0);
}

void CudaBackend::synchronize() {
  make_current();
  MTL_CU(cuStreamSynchronize(stream_));
}

void CudaBackend::enqueue(const KernelName& name, const std::function<void()>& work) {
  ++profiler_.launches;
  if (!profiler_.recording) {
    work();
    return;
  }
  PendingRecord r{name(), nullptr, nullptr};
  MTL_CU(cuEventCreate(&r.start, CU_EVENT_DEFAULT));
  MTL_CU(cuEventCreate(&r.end, CU_EVENT_DEFAULT));
  MTL_CU(cuEventRecord(r.start, stream_));
  work();
  MTL_CU(cuEventRecord(r.end, stream_));
  std::lock_guard<std::mutex> lock(records_mutex_);
  pending_records_.push_back(std::move(r));
}

void CudaBackend::launch_blocks(CUfunction fn, void* args, long long blocks, int threads, const KernelName& name,
                                unsigned shared_bytes) {
  void* params[] = {args};
  enqueue(name, [&] {
    MTL_CU(cuLaunchKernel(fn, static_cast<unsigned>(blocks), 1, 1, threads, 1, 1, shared_bytes, stream_, params,
                          nullptr));
  });
}

void CudaBackend::launch(CUfunction fn, void* args, long long n, int threads, const KernelName& name) {
  const long long blocks = std::max<long long>(1, std::min<long long>((n + threads - 1) / threads,
                                                                       static_cast<long long>(sm_count_) * 32));
  launch_blocks(fn, args, blocks, threads, name);
}

void CudaBackend::finish_records() {
  std::lock_guard<std::mutex> lock(records_mutex_);
  if (pending_records_.empty()) return;
  make_current();
  for (auto& r : pending_records_) {
    float ms = 0;
    MTL_CU(cuEventSynchronize(r.end));
    MTL_CU(cuEventElapsedTime(&ms, r.start, r.end));
    profiler_.add(std::move(r.name), ms);
    cuEventDestroy(r.start);
    cuEventDestroy(r.end);
  }
  pending_records_.clear();
}

void CudaBackend::elementwise_impl(OpId op, int loop, const Shape& shape_in, std::vector<Operand> ops,
                                   const Params& params, FpMode fpmode) {
  make_current();
  const int nops = static_cast<int>(ops.size());
  Shape shape = shape_in;
  std::vector<Strides*> strides;
  for (auto& o : ops) strides.push_back(&o.strides);
  coalesce(shape, strides.data(), nops);
  const int64_t n = shape_size(shape);
  if (n == 0) return;
  check_dims(shape.size(), "elementwise");

  ElementwiseKey key{op, loop, {}, {}, static_cast<int>(shape.size())};
  ElementwiseArgs args{};
  for (int k = 0; k < nops; ++k) {
    key.dtypes.push_back(ops[k].dtype);
    const int64_t isz = static_cast<int64_t>(itemsize(ops[k].dtype));
    bool zero = true;
    for (auto s : ops[k].strides) zero = zero && s == 0;
    key.access.push_back(zero ? Access::scalar
                         : (shape.size() == 1 && ops[k].strides[0] == isz) ? Access::contiguous
                                                                            : Access::strided);
    args.ptr[k] = ops[k].data;
    for (size_t d = 0; d < shape.size(); ++d) args.strides[k][d] = ops[k].strides[d];
  }
  // Vector accesses when nothing is strided and every contiguous pointer is aligned.
  const int kVec = vec_width_;
  bool vec = kVec > 1 && n >= kVec;
  for (int k = 0; k < nops; ++k) {
    if (key.access[k] == Access::strided) vec = false;
    if (key.access[k] == Access::contiguous &&
        reinterpret_cast<uintptr_t>(ops[k].data) % (itemsize(ops[k].dtype) * kVec) != 0)
      vec = false;
  }
  key.vec = vec ? kVec : 1;
  for (size_t d = 0; d < shape.size(); ++d) args.shape[d] = shape[d];
  args.n = n;
  args.p = params;
  if (loop >= 0 && op_info(op).positional) fpmode = 0;
  const FpSlots fp = fp_reserve({FpStepInfo{op, loop < 0 ? FpSite::cast : FpSite::op, fpmode}});
  key.fp_want = fp.dev ? fp_want(fpmode) : 0;
  args.fp_dev = fp.dev;
  args.fp_host = fp.host;
  launch(kernels_->get(kernel_key(key), [&] { return elementwise_source(key); }), &args, vec ? (n + kVec - 1) / kVec : n, 256,
         [&] { return loop < 0 ? std::string("cast") : std::string(op_info(op).name); });
}

void CudaBackend::elementwise(const ElementwiseCall& call) {
  std::vector<Operand> ops = call.in;
  ops.insert(ops.end(), call.out.begin(), call.out.end());
  elementwise_impl(call.op, call.loop, call.shape, std::move(ops), call.params, call.fpmode);
}

void CudaBackend::copy(const Shape& shape, const Operand& src, const Operand& dst, FpMode fpmode) {
  if (src.dtype == dst.dtype) {  // contiguous bytes: the copy engine's own memcpy
    Shape s = shape;
    Strides ss = src.strides, ds = dst.strides;
    Strides* st[2] = {&ss, &ds};
    coalesce(s, st, 2);
    const int64_t isz = static_cast<int64_t>(itemsize(src.dtype));
    if (s.size() == 1 && ss[0] == isz && ds[0] == isz) {
      make_current();
      // Either side may be pinned host memory (a small result read straight to the host,
      // compute_to_host): the driver tells which from the addresses.
      enqueue([] { return std::string("copy"); }, [&] {
        MTL_CU(cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst.data), reinterpret_cast<CUdeviceptr>(src.data),
                             static_cast<size_t>(s[0] * isz), stream_));
      });
      return;
    }
  }
  elementwise_impl(OpId::add, -1, shape, {src, dst}, Params{}, fpmode);
}

void CudaBackend::wait_for_stream(intptr_t stream) {
  make_current();
  const CUstream s = stream == 1 ? CU_STREAM_LEGACY
                     : stream == 2 ? CU_STREAM_PER_THREAD
                                   : reinterpret_cast<CUstream>(stream);
  MTL_CU(cuStreamSynchronize(s));
}

int CudaBackend::pointer_device(const void* p) const {
  int ordinal = -1;
  const CUresult r = cuPointerGetAttribute(&ordinal, CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL, reinterpret_cast<CUdeviceptr>(p));
  return r == CUDA_SUCCESS ? ordinal : -1;
}

void CudaBackend::move_rows(const TakeCall& c, bool scatter) {
  const int64_t total = c.P * c.K * c.Q;
  if (total == 0) return;
  make_current();
  TakeArgs a{c.src, reinterpret_cast<const long long*>(c.index), c.out, c.P, c.N, c.Q, c.K};
  const std::string key = (scatter ? "scatter/" : "take/") + std::to_string(c.itemsize);
  launch(kernels_->get(key, [&] { return scatter ? scatter_source(c.itemsize) : take_source(c.itemsize); }), &a,
         total, 256, [scatter] { return std::string(scatter ? "scatter" : "take"); });
}

void CudaBackend::take(const TakeCall& c) { move_rows(c, false); }
void CudaBackend::scatter(const TakeCall& c) { move_rows(c, true); }

void CudaBackend::reduce(const ReduceCall& c) {
  make_current();
  // Kept axes first, reduced ones after, each group merged where contiguous.
  Shape kshape, rshape;
  Strides kin, kout, rin;
  for (size_t i = 0; i < c.shape.size(); ++i) {
    if (c.reduced[i]) {
      rshape.push_back(c.shape[i]);
      rin.push_back(c.in.strides[i]);
    } else {
      kshape.push_back(c.shape[i]);
      kin.push_back(c.in.strides[i]);
      kout.push_back(c.out.strides[i]);
    }
  }
  Strides* ks[2] = {&kin, &kout};
  coalesce(kshape, ks, 2);
  Strides* rs[1] = {&rin};
  coalesce(rshape, rs, 1);
  check_dims(std::max(kshape.size(), rshape.size()), "reduction");
  const int64_t n_out = shape_size(kshape), n_red = shape_size(rshape);
  if (n_red == 0 || n_out == 0) return;

  ReduceArgs a{};
  a.in = c.in.data;
  a.out = c.out.data;
  for (size_t d = 0; d < kshape.size(); ++d) {
    a.kshape[d] = kshape[d];
    a.kin[d] = kin[d];
    a.kout[d] = kout[d];
  }
  for (size_t d = 0; d < rshape.size(); ++d) {
    a.rshape[d] = rshape[d];
    a.rin[d] = rin[d];
  }
  a.n_out = n_out;
  a.n_red = n_red;
  a.has_initial = c.has_initial;
  // Few outputs with long reductions: several blocks per output write partial results,
  // which a second pass over a [n_out, parts] array combines.
  // Whole waves of blocks (8 of 256 threads fit an SM): a block left over for a last,
  // nearly empty wave would double the time.
  const int64_t want_blocks = static_cast<int64_t>(sm_count_) * 8 * 4;
  a.parts = n_out >= want_blocks / 4 ? 1 : std::min<int64_t>(want_blocks / n_out, (n_red + 4095) / 4096);
  a.parts = std::max<int64_t>(a.parts, 1);
  const Dtype acc = compute_dtype(c.acc);
  const auto launch_reduce = [&](const ReduceArgs& args, Dtype in, Dtype out, int kd, int rd) {
    KernelKey k('r');
    k << static_cast<long long>(c.op) << static_cast<long long>(in) << static_cast<long long>(c.acc)
      << static_cast<long long>(out) << kd << rd;
    CUfunction fn = kernels_->get(k.bytes, [&] { return reduce_source(c.op, in, c.acc, out, kd, rd); });
    const long long blocks = std::min<long long>(args.n_out * args.parts, 65535LL * 16);
    launch_blocks(fn, const_cast<ReduceArgs*>(&args), blocks, 256,
                  [&] { return std::string("reduce ") + op_info(c.op).name; });
  };
  if (a.parts == 1) {
    launch_reduce(a, c.in.dtype, c.out.dtype, static_cast<int>(kshape.size()), static_cast<int>(rshape.size()));
    return;
  }
  const size_t acc_size = itemsize(acc);
  void* partial = allocate(static_cast<size_t>(n_out * a.parts) * acc_size);
  a.out = static_cast<char*>(partial);
  launch_reduce(a, c.in.dtype, acc, static_cast<int>(kshape.size()), static_cast<int>(rshape.size()));
  ReduceArgs b{};
  b.in = static_cast<char*>(partial);
  b.out = c.out.data;
  for (size_t d = 0; d < kshape.size(); ++d) {
    b.kshape[d] = kshape[d];
    b.kout[d] = kout[d];
  }
  // Partial results of output o lie at [o * parts, (o + 1) * parts) in C order of kshape.
  int64_t acc_stride = a.parts * static_cast<int64_t>(acc_size);
  for (int d = static_cast<int>(kshape.size()) - 1; d >= 0; --d) {
    b.kin[d] = acc_stride;
    acc_stride *= kshape[d];
  }
  b.rshape[0] = a.parts;
  b.rin[0] = static_cast<int64_t>(acc_size);
  b.n_out = n_out;
  b.n_red = a.parts;
  b.parts = 1;
  b.has_initial = c.has_initial;
  launch_reduce(b, acc, c.out.dtype, static_cast<int>(kshape.size()), 1);
  deallocate(partial, static_cast<size_t>(n_out * a.parts) * acc_size);
}

namespace {

LineArgs line_args(const Shape& shape, int axis, const Operand& in, const Operand& out, int& other_dims) {
  LineArgs a{};
  a.in = in.data;
  a.out = out.data;
  int k = 0;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (static_cast<int>(i) == axis) continue;
    a.oshape[k] = shape[i];
    a.oin[k] = in.strides[i];
    a.oout[k] = out.strides[i];
    ++k;
  }
  other_dims = std::max(k, 1);
  if (k == 0) a.oshape[0] = 1;
  a.n_lines = 1;
  a.parts = 1;
  for (int d = 0; d < other_dims; ++d) a.n_lines *= a.oshape[d];
  a.len = shape[axis];
  a.in_stride = in.strides[axis];
  a.out_stride = out.strides[axis];
  return a;
}

}  // namespace

void CudaBackend::arg_reduce(const ArgReduceCall& c) {
  make_current();
  check_dims(c.shape.size(), "arg-reduction");
  int other = 0;
  LineArgs a = line_args(c.shape, c.axis, c.in, c.out, other);
  if (a.n_lines == 0 || a.len == 0) return;
  auto kernel = [&](ArgMode mode) {
    KernelKey k('a');
    k << static_cast<long long>(c.in.dtype) << c.is_max << other << static_cast<long long>(mode);
    return kernels_->get(k.bytes, [&] { return arg_reduce_source(c.in.dtype, c.is_max, other, mode); });
  };
  auto name = [&] { return std::string(c.is_max ? "argmax" : "argmin"); };
  // One thread per line where many lines lie side by side (their loads coalesce); else
  // blocks along each line, several per line when lines are few.
  const auto isz = static_cast<long long>(itemsize(c.in.dtype));
  if (a.len < 256 || (a.in_stride != isz && a.n_lines >= static_cast<long long>(sm_count_) * 256)) {
    launch(kernel(ArgMode::thread), &a, a.n_lines, 128, name);
    return;
  }
  const long long want_blocks = static_cast<long long>(sm_count_) * 32;
  a.parts = a.n_lines >= want_blocks / 4 ? 1 : std::clamp<long long>(want_blocks / a.n_lines, 1, (a.len + 4095) / 4096);
  const size_t csz = itemsize(compute_dtype(c.in.dtype)), nparts = static_cast<size_t>(a.n_lines * a.parts);
  if (a.parts > 1) {
    a.part_val = static_cast<char*>(allocate(nparts * csz));
    a.part_idx = static_cast<char*>(allocate(nparts * 8));
  }
  launch_blocks(kernel(ArgMode::blocks), &a, std::min<long long>(a.n_lines * a.parts, 65535LL * 16), 256, name);
  if (a.parts > 1) {
    launch_blocks(kernel(ArgMode::combine), &a, std::min<long long>(a.n_lines, 65535LL * 16), 256, name);
    deallocate(a.part_val, nparts * csz);
    deallocate(a.part_idx, nparts * 8);
  }
}

void CudaBackend::scan(const ScanCall& c) {
  make_current();
  check_dims(c.shape.size(), "scan");
  int other = 0;
  LineArgs a = line_args(c.shape, c.axis, c.in, c.out, other);
  if (a.n_lines == 0 || a.len == 0) return;
  auto kernel = [&](ScanMode mode) {
    KernelKey k('s');
    k << static_cast<long long>(c.op) << static_cast<long long>(c.in.dtype) << static_cast<long long>(c.acc)
      << static_cast<long long>(c.out.dtype) << other << static_cast<long long>(mode);
    return kernels_->get(k.bytes, [&] { return scan_source(c.op, c.in.dtype, c.acc, c.out.dtype, other, mode); });
  };
  auto name = [&] { return std::string("scan ") + op_info(c.op).name; };
  // Many lines, or short ones: a thread per line. Few long lines: chunks of at least four
  // warp steps (kScanRows rows of 32), enough of them to give every SM 64 warps.
  constexpr long long kStep = 32 * kScanRows, kWarps = 256 / 32;
  if (a.n_lines >= static_cast<long long>(sm_count_) * 256 || a.len < 8 * kStep || c.acc == Dtype::float16) {
    launch(kernel(ScanMode::line), &a, a.n_lines, 128, name);
    return;
  }
  const long long want_warps = static_cast<long long>(sm_count_) * 64;
  a.parts = std::clamp<long long>(want_warps / a.n_lines, 1, a.len / (4 * kStep));
  const long long blocks = std::min<long long>((a.n_lines * a.parts + kWarps - 1) / kWarps, 65535LL * 16);
  Scratch scratch(*this);
  if (a.parts > 1) {  // chunk offsets; one chunk a line needs none
    a.part_val = scratch.get<char>(static_cast<size_t>(a.n_lines * a.parts) * itemsize(compute_dtype(c.acc)));
    launch_blocks(kernel(ScanMode::totals), &a, blocks, 256, name);
    launch_blocks(kernel(ScanMode::offsets), &a, std::min<long long>(a.n_lines, 65535LL * 16), 256, name);
  }
  launch_blocks(kernel(ScanMode::tiles), &a, blocks, 256, name);
}

void CudaBackend::nonzero(const NonzeroCall& c) {
  if (c.n == 0) {
    c.out(0);
    return;
  }
  make_current();
  auto kernel = [&](NonzeroKernel which) {
    KernelKey k('z');
    k << static_cast<long long>(which);
    return kernels_->get(k.bytes, [&] { return nonzero_source(which); });
  };
  auto name = [] { return std::string("nonzero"); };
  Scratch scratch(*this);
  NonzeroArgs a{};
  a.mask = c.mask;
  a.n = c.n;
  a.tiles = (c.n + kNonzeroTile - 1) / kNonzeroTile;
  a.offsets = scratch.get<long long>(static_cast<size_t>(a.tiles + 1) * sizeof(long long));
  const long long blocks = std::min<long long>(a.tiles, 65535LL * 16);
  launch_blocks(kernel(NonzeroKernel::count), &a, blocks, kNonzeroThreads, name);
  launch_blocks(kernel(NonzeroKernel::offsets), &a, 1, kNonzeroScanThreads, name);
  long long total = 0;
  copy_to_host(&total, a.offsets + a.tiles, sizeof total);
  a.out = reinterpret_cast<long long*>(c.out(total));
  if (total > 0) launch_blocks(kernel(NonzeroKernel::write), &a, blocks, kNonzeroThreads, name);
}

}  // namespace metallic::cuda
