// The interface every backend implements. The core calls only these; a backend never
// sees the lazy graph, only materialised operands laid out over an iteration shape.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "metallic/array.hpp"
#include "metallic/ops.hpp"
#include "ops/op_table.hpp"
#include "ops/params.hpp"
#include "ops/sort_key.hpp"
#include "backend/profiler.hpp"

namespace metallic {

// One operand of a call: its data, dtype and byte strides over the call's shape
// (0 along broadcast axes). Its dtype may differ from the loop's: the backend casts.
struct Operand {
  char* data = nullptr;
  Dtype dtype = Dtype::float64;
  Strides strides;
};

// NumPy's floating-point error state as a call carries it (see core/fp_state.hpp): per
// condition (divide, over, under, invalid; 3 bits each from bit 0) what to do, 0 ignoring
// it; the bits above say which error callback was current.
using FpMode = uint32_t;
inline unsigned fp_want(FpMode m) {  // the conditions (ops::kFpDivide, ...) worth looking for
  unsigned w = 0;
  for (int c = 0; c < 4; ++c)
    if ((m >> (3 * c)) & 7u) w |= 1u << c;
  return w;
}
// Where a condition arose, for its message ("... encountered in add", "in cast", "in
// reduce", "in accumulate").
enum class FpSite : uint8_t { op, cast, reduce, accumulate };
// What one step of a pass raised: the op and where in it, the conditions, the mode it ran
// under. Backends keep these until the core takes them (Backend::take_fp_events).
struct FpEvent {
  OpId op{};
  FpSite site = FpSite::op;
  unsigned flags = 0;
  FpMode mode = 0;
};

struct ElementwiseCall {
  OpId op;
  int loop;  // index into op_info(op).loops
  Shape shape;
  std::vector<Operand> in, out;
  Params params;
  FpMode fpmode = 0;
};

// A chain of elementwise steps over one iteration shape, run as one pass: step k reads
// leaves (materialised operands) and earlier steps; intermediates that are not outputs
// never reach memory. Each step's value is rounded to its own dtype before use, so the
// result equals evaluating step by step.
struct FusedStep {
  bool cast = false;  // a plain cast to dtype (op and loop unused)
  OpId op{};
  int loop = 0;
  Dtype dtype{};          // the step's result dtype (as the array it stands for)
  std::vector<int> args;  // >= 0: step index; < 0: leaf -(arg + 1)
  Params params;
  FpMode fpmode = 0;
};

struct FusedCall {
  Shape shape;
  std::vector<Operand> leaves;                    // broadcast over shape
  std::vector<FusedStep> steps;                   // in dependency order
  std::vector<std::pair<int, Operand>> outputs;   // (step, destination)
};

// A reduction of a fused chain's step root_step with op (accumulating in acc) over the
// axes marked in `reduced`; out has the chain's shape with stride 0 along those axes, as
// ReduceCall's out. When every axis is reduced, out is the result's one element.
struct FusedReduce {
  int root_step = 0;
  OpId op{};
  Dtype acc{};
  std::vector<bool> reduced;
  Operand out;
  FpMode fpmode = 0;  // the reduction's error state (ReduceCall)
  bool whole() const {
    for (bool r : reduced)
      if (!r) return false;
    return true;
  }
};

// out = reduce(op, in) over the axes where out's stride is 0 (out has in's shape).
struct ReduceCall {
  OpId op;    // a binary op: add, multiply, maximum, minimum, logical_and, logical_or
  Dtype acc;  // the dtype the reduction accumulates in (the op's loop type)
  Shape shape;
  Operand in, out;
  std::vector<bool> reduced;  // per axis
  bool has_initial = false;   // out holds the starting value (else the first element)
  FpMode fpmode = 0;          // the error state: overflow and invalid are looked for
};

// Index of the first maximum/minimum along one axis; NaN counts as extreme, as NumPy.
struct ArgReduceCall {
  bool is_max;
  Shape shape;
  Operand in;
  Operand out;  // int64, stride 0 along axis
  int axis;
};

// Inclusive scan along one axis (cumsum/cumprod); out has in's shape, dtype acc.
struct ScanCall {
  OpId op;
  Dtype acc;
  Shape shape;
  Operand in, out;
  int axis;
  FpMode fpmode = 0;
};

// C = A @ B for `batch` matrices: A is m x k, B is k x n, C is m x n, all of dtype. Each
// operand is row-major with leading dimension ld (elements between rows) and batch stride
// (elements; 0 repeats one matrix), or, with trans set, column-major (a transposed view of
// a row-major matrix) with ld elements between columns. C is row-major.
struct GemmCall {
  Dtype dtype;
  int64_t m, n, k, batch;
  const void* a;
  int64_t lda, stride_a;
  bool a_trans;
  const void* b;
  int64_t ldb, stride_b;
  bool b_trans;
  void* c;
  int64_t ldc, stride_c;
};

// A gather along one axis: out[p, k, q] = src[p, index[k], q], with src a C-contiguous
// (P, N, Q) stack and out a C-contiguous (P, K, Q) one of elements of `itemsize` bytes.
// index holds K int64 in [0, N): the caller has checked and wrapped them.
struct TakeCall {
  size_t itemsize;
  int64_t P, N, Q, K;
  const char* src;
  const int64_t* index;
  char* out;
};

// A stable sort of each of `rows` C-contiguous rows of `len` elements in NumPy's order
// (ops/sort_key.hpp): values gets the sorted elements (nullptr: not wanted), index each
// one's position in its row (int64, nullptr: not wanted); both C-contiguous rows x len.
struct SortCall {
  size_t itemsize;  // 1, 2, 4 or 8 bytes
  SortKind kind;
  int64_t rows, len;
  const char* src;
  char* values;
  int64_t* index;
};

// partition / argpartition: each of `rows` C-contiguous rows of `len` elements rearranged
// so that every rank in kth (nkth of them, ascending, distinct, in [0, len)) holds the
// element a sort in NumPy's order would put there, with none after it in the row coming
// before it in that order and none before it coming after. values gets the elements,
// index (else) their positions in the row; C-contiguous rows x len.
struct SelectCall {
  size_t itemsize;
  SortKind kind;
  int64_t rows, len;
  const char* src;
  char* values;
  int64_t* index;
  const int64_t* kth;
  int64_t nkth;
};

// searchsorted: out[j] = how many of the n sorted elements come before queries[j] in
// NumPy's order (right: before it or equal to it). Both C-contiguous, of one dtype.
struct SearchCall {
  size_t itemsize;
  SortKind kind;
  int64_t n, m;
  const char* sorted;
  const char* queries;
  int64_t* out;
  bool right;
};

// Stream compaction (nonzero): the positions, ascending, of the nonzero bytes of a
// C-contiguous mask of n bytes (a bool array). Once their count is known (on the host: the
// call waits for the device) out(count) gives where they go, int64 each; nothing is
// written when the count is 0.
struct NonzeroCall {
  int64_t n;
  const unsigned char* mask;
  std::function<int64_t*(int64_t)> out;
};

// Dense factorisations and solves (LAPACK, cuSOLVER) of `batch` n x n column-major
// matrices a, batch entries n * n elements apart, dtype float32/64 or complex64/128. lu
// factors a in place with its 1-based row swaps in pivots (int64, device memory, n per
// matrix); lu_solve then solves with the factored matrix's transpose (a row-major matrix's
// own system: its memory read column-major is its transpose) for nrhs right-hand sides
// b, column-major n x nrhs per matrix, in place; cholesky factors a in place as U^H U
// (upper triangle). info (host memory, batch entries): LAPACK's info per matrix (> 0:
// singular, or not positive definite).
struct SolverCall {
  Dtype dtype;
  int64_t n, nrhs, batch;
  void* a;
  int64_t* pivots;
  void* b;
  int64_t* info;
};

// Eigenvalues, ascending, of `batch` Hermitian n x n column-major matrices a (their lower
// triangles read where lower, else their upper ones) into w (the real dtype, batch x n);
// with vectors, each a is overwritten with its eigenvectors as columns (LAPACK's
// syevd/heevd). info as LAPACK's per matrix.
struct EighCall {
  Dtype dtype;
  int64_t n, batch;
  bool vectors;
  void* a;
  void* w;
  int64_t* info;
  bool lower = false;
};

// Singular values, descending, of `batch` m x n column-major matrices a, m >= n, into s
// (the real dtype, batch x n); a is destroyed. With vectors, u gets the left singular
// vectors (m x m when full, else m x n) and vt the right ones conjugate-transposed (n x
// n), column-major. info as LAPACK's per matrix (> 0: no convergence).
struct SvdCall {
  Dtype dtype;
  int64_t m, n, batch;
  bool vectors, full;
  void* a;
  void* s;
  void* u;
  void* vt;
  int64_t* info;
};

// Householder QR of `batch` m x n column-major matrices a (geqrf): R in the upper
// triangle, the reflectors below it, their scales in tau (batch x k, k = min(m, n)). With
// form_q instead: each a (m x n, n <= m, its first k columns reflectors as geqrf left them)
// is overwritten with Q's first n columns (orgqr/ungqr). info as LAPACK's per matrix.
struct QrCall {
  Dtype dtype;
  int64_t m, n, k, batch;
  bool form_q;
  void* a;
  void* tau;
  int64_t* info;
};

// Eigenvalues of `batch` general n x n column-major matrices a (destroyed; geev) into w:
// complex (n each) for complex dtypes; for real ones the real parts then the imaginary
// parts (2n reals each). With vectors, vr gets the right eigenvectors (n x n,
// column-major), for real dtypes packed as LAPACK's: a complex pair's two columns hold the
// real and imaginary parts of its first vector. info as LAPACK's per matrix.
struct EigCall {
  Dtype dtype;
  int64_t n, batch;
  bool vectors;
  void* a;
  void* w;
  void* vr;
  int64_t* info;
};

// Unnormalised FFTs along the last axis of `batch` contiguous signals of length n: c2c
// (complex n -> complex n; inverse: the conjugate transform), r2c (real n -> complex n/2
// + 1) or c2r (complex n/2 + 1 -> real n; may overwrite its input). wide: complex128 and
// float64, else complex64 and float32.
struct FftCall {
  FftKind kind;
  bool inverse, wide;
  int64_t n, batch;
  void* in;
  void* out;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual const char* name() const = 0;
  virtual void* allocate(size_t nbytes) = 0;  // raises memory_error
  virtual void deallocate(void* p, size_t nbytes) = 0;
  virtual void copy_from_host(void* dst, const void* src, size_t nbytes) = 0;
  virtual void copy_to_host(void* dst, const void* src, size_t nbytes) = 0;
  // Host memory this device copies to and from fastest (pinned), for arrays handed to
  // NumPy; nullptr where there is none (the caller then uses ordinary memory).
  virtual void* allocate_host(size_t) { return nullptr; }
  virtual void deallocate_host(void*, size_t) {}
  // Whether this device's kernels write memory from allocate_host at its host address
  // (pinned memory mapped into one address space): a small pending result is then
  // computed straight into it, with no copy to bring it over.
  virtual bool kernels_write_host() const { return false; }
  // Counts device->host traffic: a copy's bytes, or those a kernel wrote straight to host
  // memory (compute_to_host).
  void count_to_host(size_t nbytes) { profiler_.d2h_bytes += static_cast<long long>(nbytes); }
  // dst = src (cast to dst's dtype), both strided over shape. On the CPU either may be
  // host memory. fpmode: the error state a cast's conditions are recorded under.
  virtual void copy(const Shape& shape, const Operand& src, const Operand& dst, FpMode fpmode = 0) = 0;
  virtual void elementwise(const ElementwiseCall& call) = 0;
  virtual void reduce(const ReduceCall& call) = 0;
  virtual void arg_reduce(const ArgReduceCall& call) = 0;
  virtual void scan(const ScanCall& call) = 0;
  virtual void take(const TakeCall& call) = 0;
  // The reverse, a scatter with the same fields: out[p, index[k], q] = src[p, k, q], src a
  // C-contiguous (P, K, Q) stack, out a C-contiguous (P, N, Q) one; the indices distinct.
  virtual void scatter(const TakeCall& call) = 0;
  virtual void sort(const SortCall& call) = 0;
  virtual void search(const SearchCall& call) = 0;
  // A selection; false where this backend has none (the caller then sorts: a sorted row
  // is partitioned at every rank).
  virtual bool select(const SelectCall&) { return false; }
  virtual void nonzero(const NonzeroCall& call) = 0;
  virtual void synchronize() = 0;
  // Moves the floating-point conditions recorded so far into out, in the order the steps
  // ran: those of finished work only, or (wait) after waiting for all of it.
  virtual void take_fp_events(std::vector<FpEvent>& out, bool wait) = 0;

  // Runs a fused chain; false when this backend does not fuse (the core then evaluates
  // step by step).
  virtual bool fused(const FusedCall&) { return false; }
  // Runs a fused chain and reduces one of its steps (see FusedReduce); outputs are written
  // as by fused(). False when unsupported.
  virtual bool fused_reduce(const FusedCall&, const FusedReduce&) { return false; }
  virtual bool can_fuse() const { return false; }
  // Whether fused_reduce takes a reduction over these axes (of the chain's shape).
  virtual bool fuses_reduction(const std::vector<bool>& reduced) const { return false; }

  // Matrix products through a BLAS; false when this backend has none for the dtype (the
  // caller then computes them another way).
  virtual bool gemm(const GemmCall&) { return false; }
  virtual bool has_gemm(Dtype) const { return false; }
  // Factorisations and solves (SolverCall); false when this backend has no solver library
  // (the caller then lets NumPy do it).
  virtual bool lu(const SolverCall&) { return false; }
  virtual bool lu_solve(const SolverCall&) { return false; }
  virtual bool cholesky(const SolverCall&) { return false; }
  virtual bool eigh(const EighCall&) { return false; }
  virtual bool svd(const SvdCall&) { return false; }
  virtual bool qr(const QrCall&) { return false; }
  virtual bool eig(const EigCall&) { return false; }
  // FFTs (FftCall); false when this backend has no FFT library (NumPy's runs instead).
  virtual bool fft(const FftCall&) { return false; }

  // Memory accounting (a device pool's; the CPU reports zeros).
  struct MemoryInfo {
    size_t used = 0, reserved = 0, limit = 0;
  };
  virtual MemoryInfo memory_info() const { return {}; }
  virtual void free_cached() {}
  // The device queue this backend runs work on (a CUstream for CUDA; 0: none), for
  // protocols that order other libraries' work against ours (DLPack's stream argument).
  virtual intptr_t native_stream() const { return 0; }
  // Waits for work another library queued on its stream (CUDA Array Interface's "stream":
  // 1 the legacy default stream, 2 the per-thread one, else a CUstream).
  virtual void wait_for_stream(intptr_t) {}
  // The device ordinal that owns a device pointer (-1 when this backend cannot tell).
  virtual int pointer_device(const void*) const { return -1; }
  virtual void set_memory_limit(size_t) {}

  // Kernels launched and bytes moved host<->device so far; for generated kernels also
  // how many were compiled, loaded from the disk cache or reused from memory.
  struct KernelStats {
    long launches = 0, compiles = 0, disk_hits = 0, memory_hits = 0;
    long long h2d_bytes = 0, d2h_bytes = 0;
  };
  virtual KernelStats kernel_stats() const {
    return {profiler_.launches.load(), 0, 0, 0, profiler_.h2d_bytes.load(), profiler_.d2h_bytes.load()};
  }
  // Recording of each kernel's name and time (mtl.profile); stopping returns the records
  // since the start, in launch order (a device backend waits for its kernels first).
  void start_recording() {
    finish_records();
    profiler_.take();
    profiler_.recording = true;
  }
  std::vector<KernelRecord> stop_recording() {
    finish_records();
    profiler_.recording = false;
    return profiler_.take();
  }
  // The records so far, recording going on (nested profiles collect as they go).
  std::vector<KernelRecord> take_records() {
    finish_records();
    return profiler_.take();
  }

 protected:
  // Turns pending device-side timings into records (waiting for them).
  virtual void finish_records() {}
  Profiler profiler_;
};

// The backend serving a device (raises value_error if it is unavailable).
Backend& backend_for(Device d);

}  // namespace metallic
