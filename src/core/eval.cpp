// The evaluator: turns pending arrays into buffers, node by node, in dependency order.
#include <cstring>
#include <vector>

#include "core/array_impl.hpp"

namespace metallic {
namespace {

// Computes node's elementwise or cast work over shape into out.
void compute_into(const Node& node, const Shape& shape, Backend& be, const Operand& out) {
  if (shape_size(shape) == 0) return;
  if (node.kind == NodeKind::cast) {
    be.copy(shape, broadcast_operand(node.inputs[0], shape), out, node.fpmode);
    return;
  }
  ElementwiseCall call{node.op, node.loop, shape, {}, {out}, node.params, node.fpmode};
  for (const auto& in : node.inputs) call.in.push_back(broadcast_operand(in, shape));
  be.elementwise(call);
}

void run_node(ArrayImpl& a) {
  Node& node = *a.node;
  if (node.kind != NodeKind::constant) ++eval_stats().nodes;
  Backend& be = backend_for(a.device);
  const size_t isz = itemsize(a.dtype);
  auto buf = std::make_shared<Buffer>(be, a.device, static_cast<size_t>(shape_size(a.shape)) * isz);
  Operand out{buf->data(), a.dtype, c_strides(a.shape, isz)};
  switch (node.kind) {
    case NodeKind::constant: {
      alignas(16) char bytes[16];
      node.value.store(a.dtype, bytes);
      be.copy_from_host(buf->data(), bytes, isz);
      break;
    }
    case NodeKind::cast:
    case NodeKind::elementwise:
      compute_into(node, a.shape, be, out);
      break;
  }
  a.strides = out.strides;
  a.offset = 0;
  a.buffer = std::move(buf);
  a.node.reset();  // releases the inputs
  for (auto& w : a.pending_readers)
    if (auto r = w.lock(); r && r->node) a.buffer->add_pending_reader(r);
  a.pending_readers.clear();
}

}  // namespace

EvalStats& eval_stats() {
  static EvalStats stats;
  return stats;
}

bool evaluate_into(const array& src, const array& dst) {
  std::lock_guard<std::recursive_mutex> lock(graph_mutex());
  if (!src.is_pending() || src.shape() != dst.shape() || src.device() != dst.device()) return false;
  const std::shared_ptr<Node> node = src.node();  // kept: evaluating the inputs may compute src
  if (node->kind == NodeKind::constant) return false;
  // float16 results are computed in float32: stored straight into a wider dst they would
  // skip their own rounding (NumPy's sin(int8, out=float64) rounds to float16 first).
  if (src.dtype() == Dtype::float16 && dst.dtype() != Dtype::float16) return false;
  write_barrier(dst);  // pending readers of dst take their values first
  if (!src.is_pending()) return false;  // the barrier computed src itself
  if (evaluate_fused_into(src, dst)) return true;
  for (const auto& in : node->inputs) {
    in.eval();
    if (in.buffer() == dst.buffer()) return false;  // would read what it writes
  }
  if (!src.is_pending()) return false;  // the inputs' evaluation computed src itself
  compute_into(*node, dst.shape(), backend_for(dst.device()),
               Operand{dst.data(), dst.dtype(), dst.strides()});
  // src stays pending: it may be referenced elsewhere, and must not become a view of dst
  // (later writes to dst would show through). Its inputs are unchanged, so computing it
  // again, if anyone asks, gives the same values.
  return true;
}

// Results up to this size cross the link as the kernel's own stores (a few microseconds at
// most); a copy engine's transfer costs more to start than that.
constexpr size_t kDirectToHostBytes = size_t{64} << 10;

bool compute_to_host(const array& a, void* dst) {
  const size_t n = a.nbytes();
  if (!a.is_pending() || n == 0 || n > kDirectToHostBytes) return false;
  Backend& be = backend_for(a.device());
  if (!be.kernels_write_host()) return false;
  std::shared_ptr<void> host(be.allocate_host(n), [&be, n](void* p) {
    if (p) be.deallocate_host(p, n);
  });
  if (!host) return false;
  const array out = wrap_external(host.get(), a.dtype(), a.shape(), c_strides(a.shape(), a.itemsize()),
                                  a.device(), [] {});
  if (!evaluate_into(a, out)) return false;
  be.synchronize();
  be.count_to_host(n);
  std::memcpy(dst, host.get(), n);
  return true;
}

void evaluate(const std::shared_ptr<ArrayImpl>& root) {
  std::lock_guard<std::recursive_mutex> lock(graph_mutex());
  if (!root->node) return;
  if (evaluate_fused(root)) return;
  // Iterative post-order walk: graphs can be deep.
  struct Frame {
    ArrayImpl* impl;
    size_t next_input;
  };
  std::vector<Frame> stack{{root.get(), 0}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    Node* node = f.impl->node.get();
    if (!node) {
      stack.pop_back();
      continue;
    }
    if (f.next_input < node->inputs.size()) {
      ArrayImpl* in = node->inputs[f.next_input++].impl().get();
      if (in->node) stack.push_back({in, 0});
      continue;
    }
    run_node(*f.impl);
    stack.pop_back();
  }
}

}  // namespace metallic
