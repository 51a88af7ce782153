// What an array handle points to; the core's and backends' view of arrays.
#pragma once

#include <optional>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "backend/backend.hpp"
#include "metallic/array.hpp"

namespace metallic {

// Device memory shared by an array and its views; freed with the last of them.
class Buffer {
 public:
  Buffer(Backend& backend, Device device, size_t nbytes);
  // Memory someone else owns (DLPack import): release() runs when the buffer dies. Such
  // memory counts as exported (its owner may write it at any time).
  Buffer(Backend& backend, Device device, void* data, size_t nbytes, std::function<void()> release);
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  char* data() const { return static_cast<char*>(ptr_); }
  size_t nbytes() const { return nbytes_; }
  Device device() const { return device_; }
  Backend& backend() const { return backend_; }

  // Write barrier: pending arrays that read this buffer are registered here and
  // evaluated before anything writes into it.
  void add_pending_reader(const std::shared_ptr<ArrayImpl>& reader);
  void flush_pending_readers();

  // Host memory handed out to other code (NumPy) that may write it at any time: lazy
  // readers are evaluated on creation from then on (see make_pending).
  void mark_exported() { exported_ = true; }
  bool exported() const { return exported_; }

  // Identity for content tokens (Dask): serial() is unique for the process's lifetime
  // (addresses are reused, serials never); writes() counts write barriers passed. Together
  // they name the buffer's contents unless it is exported (written behind our back).
  uint64_t serial() const { return serial_; }
  uint64_t writes() const { return writes_; }
  void count_write() { ++writes_; }

 private:
  Backend& backend_;
  Device device_;
  size_t nbytes_;
  void* ptr_;
  std::mutex mutex_;
  std::vector<std::weak_ptr<ArrayImpl>> readers_;
  size_t prune_at_ = 16;
  std::atomic<bool> exported_{false};
  std::function<void()> release_;  // set for memory someone else owns
  const uint64_t serial_;
  std::atomic<uint64_t> writes_{0};
};

enum class NodeKind : unsigned char { elementwise, cast, constant };

// A pending computation: the recipe for exactly one array (its owner).
struct Node {
  NodeKind kind = NodeKind::elementwise;
  OpId op{};
  int loop = 0;
  std::vector<array> inputs;
  Params params;
  Scalar value;  // constant nodes
  FpMode fpmode = 0;  // the floating-point error state it was recorded under (fp_state.hpp)
  int depth = 1;
  int64_t bytes = 0;  // the array's size, counted in pending_bytes() while the node lives
  ~Node();
};

// Bytes of arrays recorded but not computed yet ("pending memory" evaluation point: past
// pending_limit(), METALLIC_PENDING_LIMIT or 16 GiB, a new pending array is computed at
// once, which bounds what evaluating everything later could need).
std::atomic<int64_t>& pending_bytes();
int64_t pending_limit();

// Captures (per thread, nested): arrays recorded while one is open are computed when it
// ends (compute: false drops them), so an errstate block reports what its work raised
// before it exits, as NumPy's does.
void begin_pending_capture();
void end_pending_capture(bool compute);

struct ArrayImpl {
  Dtype dtype = Dtype::float64;
  Shape shape;
  Strides strides;
  int64_t offset = 0;
  Device device;
  WeakKind weak = WeakKind::none;
  bool writeable = true;
  std::shared_ptr<Buffer> buffer;  // set once materialised
  std::shared_ptr<ArrayImpl> base;  // the array whose memory a view reads; null: owns it
  std::shared_ptr<Node> node;      // set while pending
  // Pending arrays that read this one while it is itself pending; they move to the
  // buffer's reader list (the write barrier) when this array is computed.
  std::vector<std::weak_ptr<ArrayImpl>> pending_readers;
};

// What evaluation did, for tests and profiling: node-by-node evaluations, fused passes and
// the steps they covered.
struct EvalStats {
  long nodes = 0, fused_passes = 0, fused_steps = 0;
  // Evaluations forced by the named limits: graph depth and pending memory.
  long depth_limit = 0, pending_limit = 0;
};
EvalStats& eval_stats();  // guarded by graph_mutex()

// Guards graph bookkeeping shared between threads (reader lists, evaluation).
std::recursive_mutex& graph_mutex();
// False under METALLIC_FUSION=0: every op is evaluated as soon as it is recorded.
bool lazy_enabled();
// Make a pending array computed by node (registers the write barrier on its inputs).
array make_pending(Dtype dtype, Shape shape, Device device, std::shared_ptr<Node> node);
// The array owning a's memory: a itself, or the base of a view.
inline std::shared_ptr<ArrayImpl> owner_of(const std::shared_ptr<ArrayImpl>& a) {
  return a->base ? a->base : a;
}
// v, a view of a temporary nothing else holds, as the owner of its memory (a copy
// reshaped, say: NumPy's result owns its data).
array as_owner(array v);
// dst takes src's dtype, layout and memory in place (NumPy's shape setter and resize):
// every handle to dst sees the change. src must be materialised.
void adopt_layout(const array& dst, const array& src);
// A fresh, uninitialised, C-contiguous materialised array.
array make_empty(Dtype dtype, const Shape& shape, Device device);
// Evaluate every pending array reachable from a (post-order, no recursion).
void evaluate(const std::shared_ptr<ArrayImpl>& a);
// Evaluate a's pending elementwise graph as one fused pass when its backend fuses; false
// (nothing done) otherwise.
bool evaluate_fused(const std::shared_ptr<ArrayImpl>& a);
// Reduce pending a over all its elements with op into out (one element) in the same pass
// that computes a, which stays pending. False (nothing done) when not possible.
bool reduce_fused(const array& a, FusedReduce r);
// Pending src's fused graph computed in one pass with src's values stored straight into
// dst (src's shape and dtype, any strides); src stays pending. False (nothing written)
// when the graph does not fuse or reads dst's buffer.
bool evaluate_fused_into(const array& src, const array& dst);
// Compute pending src straight into dst's memory (out= without a temporary); src stays
// pending. False, with nothing written, when that is not possible (src reads dst's
// buffer, shapes differ, ...).
bool evaluate_into(const array& src, const array& dst);
// Pending a's values written to host memory dst (C order) by the kernel that computes
// them, where a is small and its device's kernels write pinned host memory: no device
// buffer, no copy, one wait. a stays pending. False, with nothing written, otherwise.
bool compute_to_host(const array& a, void* dst);
// take's gather once its indices are known to be in [0, a.shape[axis]) (as positions
// found on the device are): the result has index_shape in place of that axis.
array take_in_range(const array& a, const array& indices, int axis, const Shape& index_shape);
// The operand for a (materialised) array broadcast to shape.
Operand broadcast_operand(const array& a, const Shape& shape);
// The elementwise op applied to inputs (NumPy's loop resolution, broadcasting and devices),
// pending where it has one output; params are the call's scalar parameters.
std::vector<array> apply_op(OpId op, const std::vector<array>& inputs, std::optional<Dtype> dtype,
                            const Params& params = {});
// A pending array whose elements come from a generator op (iota, random).
array generate(OpId op, const Shape& shape, const Params& params, Device device);
// Before writing into a's buffer: evaluate pending arrays that read it.
void write_barrier(const array& a);
// a's host memory for other code to read and write in place (CPU arrays only); from now
// on metallic never defers reads of it.
char* export_host_memory(const array& a);
// The same for memory on any device (CUDA Array Interface, DLPack).
char* export_memory(const array& a);
// a's elements in C order, copied into host memory the device copies to fastest (pinned,
// for a GPU array); null when its backend has none.
std::shared_ptr<void> host_copy(const array& a);
// An array over memory someone else owns (zero-copy import): data is its first element,
// strides in bytes, extent the bytes from data the strides can reach; release() runs when
// the last array over it dies.
array wrap_external(void* data, Dtype dtype, const Shape& shape, const Strides& strides, Device device,
                    std::function<void()> release);

}  // namespace metallic
