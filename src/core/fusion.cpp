// Fusion: the pending elementwise graph below an array becomes one FusedCall, evaluated
// in one pass by backends that support it. Intermediates that nothing outside the graph
// refers to are never materialised; those still referenced (by Python objects or other
// pending arrays) are written out in the same pass, and so are pending siblings over the
// same steps (Planner::add_siblings).
#include <algorithm>
#include <optional>
#include <unordered_map>

#include "core/array_impl.hpp"

namespace metallic {
namespace {

// Limits that keep a fused call's per-block scratch small ("graph size" evaluation point).
constexpr size_t kMaxSteps = 48;
constexpr size_t kMaxLeaves = 16;

bool fusable_kind(const ArrayImpl& a) {
  return a.node && (a.node->kind == NodeKind::cast ||
                    (a.node->kind == NodeKind::elementwise && op_info(a.node->op).nout == 1));
}

struct Planner {
  const ArrayImpl* root;
  std::vector<ArrayImpl*> steps;                 // post-order
  std::unordered_map<ArrayImpl*, int> step_of;
  std::vector<array> leaves;
  std::unordered_map<ArrayImpl*, int> leaf_of;   // by impl (leaves are whole arrays)

  // Whether the pending array `a` joins the fused graph (same shape and device as the
  // root: generator ops index by position, so their shape must be the iteration shape).
  bool joins(const ArrayImpl& a) const {
    return fusable_kind(a) && a.shape == root->shape && a.device == root->device &&
           steps.size() < kMaxSteps;
  }

  // Depth-first, inputs before users; pending inputs that do not join are evaluated.
  // False (plan abandoned) when that evaluation computed steps already planned: their
  // nodes are gone, so the plan no longer describes the graph. Where a's inputs' graphs
  // do not fit in the leaves left, each input is computed on its own (its own passes) and
  // read as a leaf, so a long chain becomes a few passes rather than an op at a time.
  bool visit(ArrayImpl* a) {
    if (step_of.count(a)) return true;
    const size_t nsteps = steps.size(), nleaves = leaves.size();
    if (!plan_inputs(a)) {
      if (!out_of_leaves) return false;
      undo(nsteps, nleaves);
      out_of_leaves = false;
      for (const array& in : a->node->inputs)
        if (in.impl()->node && !step_of.count(in.impl().get())) evaluate(in.impl());
      if (!steps_pending()) return false;
      for (const array& in : a->node->inputs)
        if (!step_of.count(in.impl().get()) && !add_leaf(in)) return false;
    }
    step_of[a] = static_cast<int>(steps.size());
    steps.push_back(a);
    return true;
  }
  bool plan_inputs(ArrayImpl* a) {
    for (const array& in : a->node->inputs) {
      ArrayImpl* p = in.impl().get();
      if (step_of.count(p)) continue;  // read twice (x * x): one step
      if (p->node && joins(*p)) {
        if (!visit(p)) return false;
        continue;
      }
      if (p->node) {
        evaluate(in.impl());
        if (!steps_pending()) return false;
      }
      if (!add_leaf(in)) return false;
    }
    return true;
  }
  bool add_leaf(const array& in) {
    ArrayImpl* p = in.impl().get();
    if (leaf_of.count(p)) return true;
    if (leaves.size() >= kMaxLeaves) {
      out_of_leaves = true;
      return false;
    }
    leaf_of[p] = static_cast<int>(leaves.size());
    leaves.push_back(in);
    return true;
  }
  bool out_of_leaves = false;  // why the last visit failed
  // Forgets the steps and leaves planned after the first nsteps and nleaves.
  void undo(size_t nsteps, size_t nleaves) {
    for (size_t i = nsteps; i < steps.size(); ++i) step_of.erase(steps[i]);
    steps.resize(nsteps);
    for (size_t i = nleaves; i < leaves.size(); ++i) leaf_of.erase(leaves[i].impl().get());
    leaves.resize(nleaves);
  }

  bool steps_pending() const {
    return std::all_of(steps.begin(), steps.end(), [](const ArrayImpl* s) { return s->node != nullptr; });
  }

  // Pending arrays that read only the graph's steps and leaves and that something outside
  // the graph holds (sin(x) and arctan2(x, y) beside x + y, all over the pending x and y)
  // join as outputs of the same pass, instead of a launch each when they are asked for.
  std::vector<std::shared_ptr<ArrayImpl>> siblings;
  void add_siblings() {
    for (size_t i = 0; i < steps.size(); ++i) {  // siblings' own readers are looked at too
      for (const auto& w : steps[i]->pending_readers) {
        std::shared_ptr<ArrayImpl> r = w.lock();
        if (!r || step_of.count(r.get()) || !joins(*r) || !held_outside_the_graph(r)) continue;
        const auto& ins = r->node->inputs;
        if (!std::all_of(ins.begin(), ins.end(), [&](const array& in) {
              return step_of.count(in.impl().get()) || leaf_of.count(in.impl().get());
            }))
          continue;
        visit(r.get());  // every input is known: r becomes one more step
        siblings.push_back(std::move(r));
      }
    }
  }
  // Whether something other than pending work (which may well fuse it later without
  // storing it) holds r: a Python object, say.
  static bool held_outside_the_graph(const std::shared_ptr<ArrayImpl>& r) {
    long by_pending = 1;  // r itself, here
    for (const auto& w : r->pending_readers)
      if (auto q = w.lock(); q && q->node)
        for (const array& in : q->node->inputs) by_pending += in.impl() == r;
    return r.use_count() > by_pending;
  }
  bool is_sibling(const ArrayImpl* a) const {
    return std::any_of(siblings.begin(), siblings.end(), [&](const auto& s) { return s.get() == a; });
  }
};

struct FusedPlan {
  FusedCall call;
  std::vector<array> leaves;  // the arrays behind call.leaves
  int root_step = 0;
  std::vector<std::pair<ArrayImpl*, std::shared_ptr<Buffer>>> outputs;
};

// Plans the pass computing root. root_output: whether root itself is written to a buffer
// of its own (a fused reduction consumes it block by block instead; out= writes it
// elsewhere). siblings: whether pending siblings join as outputs (Planner::add_siblings).
std::optional<FusedPlan> plan_fused(const std::shared_ptr<ArrayImpl>& root, bool root_output,
                                    bool siblings, size_t min_steps) {
  if (!lazy_enabled() || !fusable_kind(*root) || shape_size(root->shape) == 0 ||
      !backend_for(root->device).can_fuse())
    return std::nullopt;
  // The common case of one op over computed arrays, nothing pending reading it: one step,
  // known without building the plan.
  auto pending = [](const std::shared_ptr<ArrayImpl>& a) { return a && a->node; };
  if (min_steps > 1 &&
      std::none_of(root->node->inputs.begin(), root->node->inputs.end(),
                   [&](const array& in) { return pending(in.impl()); }) &&
      std::none_of(root->pending_readers.begin(), root->pending_readers.end(),
                   [&](const auto& w) { return pending(w.lock()); }))
    return std::nullopt;
  Planner plan{root.get(), {}, {}, {}, {}, {}};
  // Siblings only for the outermost plan: one nested in visit() (a pending input that does
  // not join) must not compute the steps of the plan around it.
  static int depth = 0;  // guarded by graph_mutex()
  const bool outermost = depth == 0;
  struct Nested {
    Nested() { ++depth; }
    ~Nested() { --depth; }  // also when visit() throws
  };
  bool planned = false;
  {
    Nested nested;
    planned = plan.visit(root.get());
  }
  if (!planned) return std::nullopt;
  if (siblings && outermost) plan.add_siblings();
  if (plan.steps.size() < min_steps) return std::nullopt;

  // Uses of each step inside the graph; more owners than that means someone outside
  // (a Python object, another pending array) still refers to it: it is an output too.
  std::unordered_map<ArrayImpl*, long> inside, owners;
  for (ArrayImpl* s : plan.steps)
    for (const array& in : s->node->inputs) {
      ++inside[in.impl().get()];
      owners[in.impl().get()] = in.impl().use_count();
    }

  FusedPlan fp;
  FusedCall& call = fp.call;
  call.shape = root->shape;
  for (const array& leaf : plan.leaves) call.leaves.push_back(broadcast_operand(leaf, root->shape));
  fp.leaves = plan.leaves;
  for (ArrayImpl* s : plan.steps) {
    FusedStep step;
    step.cast = s->node->kind == NodeKind::cast;
    step.op = s->node->op;
    step.loop = s->node->loop;
    step.dtype = s->dtype;
    step.params = s->node->params;
    step.fpmode = s->node->fpmode;
    for (const array& in : s->node->inputs) {
      ArrayImpl* p = in.impl().get();
      auto it = plan.step_of.find(p);
      step.args.push_back(it != plan.step_of.end() ? it->second : -(plan.leaf_of.at(p) + 1));
    }
    call.steps.push_back(std::move(step));
  }
  fp.root_step = plan.step_of.at(root.get());
  Backend& be = backend_for(root->device);
  for (ArrayImpl* s : plan.steps) {
    const bool is_root = s == root.get();
    if (is_root && !root_output) continue;
    if (!is_root && !plan.is_sibling(s) && owners[s] <= inside[s]) continue;  // only the graph uses it: never stored
    auto buf = std::make_shared<Buffer>(be, s->device,
                                        static_cast<size_t>(shape_size(s->shape)) * itemsize(s->dtype));
    call.outputs.emplace_back(plan.step_of[s],
                              Operand{buf->data(), s->dtype, c_strides(s->shape, itemsize(s->dtype))});
    fp.outputs.emplace_back(s, std::move(buf));
  }
  return fp;
}

// The pass ran: outputs take their buffers and drop their nodes (and with them the
// intermediates nothing else holds).
void commit(FusedPlan& fp) {
  ++eval_stats().fused_passes;
  eval_stats().fused_steps += static_cast<long>(fp.call.steps.size());
  for (auto& [a, buf] : fp.outputs) {
    a->strides = c_strides(a->shape, itemsize(a->dtype));
    a->offset = 0;
    a->buffer = std::move(buf);
  }
  for (auto& [a, buf] : fp.outputs) {
    a->node.reset();
    for (auto& w : a->pending_readers)
      if (auto r = w.lock(); r && r->node) a->buffer->add_pending_reader(r);
    a->pending_readers.clear();
  }
}

}  // namespace

bool evaluate_fused(const std::shared_ptr<ArrayImpl>& root) {
  auto fp = plan_fused(root, true, true, 2);  // one op alone takes the plain path
  if (!fp || !backend_for(root->device).fused(fp->call)) return false;
  commit(*fp);
  return true;
}

bool evaluate_fused_into(const array& src, const array& dst) {
  std::lock_guard<std::recursive_mutex> lock(graph_mutex());
  if (!src.is_pending() || src.shape() != dst.shape() || src.dtype() != dst.dtype()) return false;
  char* const out = dst.data();  // dst computed first if it is pending itself
  auto fp = plan_fused(src.impl(), false, true, 2);
  if (!fp || !src.is_pending()) return false;  // planning may have computed src itself
  for (const array& leaf : fp->leaves)
    if (leaf.buffer() == dst.buffer()) return false;  // would read what it writes
  fp->call.outputs.emplace_back(fp->root_step, Operand{out, dst.dtype(), dst.strides()});
  if (!backend_for(dst.device()).fused(fp->call)) return false;
  commit(*fp);
  return true;
}

bool reduce_fused(const array& a, FusedReduce r) {
  std::lock_guard<std::recursive_mutex> lock(graph_mutex());
  if (!a.is_pending()) return false;
  auto fp = plan_fused(a.impl(), false, false, 1);
  if (!fp) return false;
  r.root_step = fp->root_step;
  if (!backend_for(a.device()).fused_reduce(fp->call, r)) return false;
  commit(*fp);
  return true;  // a itself stays pending: computing it again gives the same values
}

}  // namespace metallic
