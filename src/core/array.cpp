#include "metallic/array.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/array_impl.hpp"
#include "core/fp_state.hpp"
#include "metallic/errors.hpp"
#include "ops/half.hpp"

namespace metallic {

namespace {

// NumPy's contiguity: axes of length 1 may have any stride; empty arrays are both.
bool contiguous(const Shape& shape, const Strides& strides, size_t itemsize, bool c_order) {
  if (shape_size(shape) == 0) return true;
  int64_t expect = static_cast<int64_t>(itemsize);
  const int n = static_cast<int>(shape.size());
  for (int k = 0; k < n; ++k) {
    const int i = c_order ? n - 1 - k : k;
    if (shape[i] == 1) continue;
    if (strides[i] != expect) return false;
    expect *= shape[i];
  }
  return true;
}

}  // namespace

// ---- Buffer -----------------------------------------------------------------------

namespace {
uint64_t next_buffer_serial() {
  static std::atomic<uint64_t> counter{0};
  return ++counter;
}
}  // namespace

Buffer::Buffer(Backend& backend, Device device, size_t nbytes)
    : backend_(backend),
      device_(device),
      nbytes_(nbytes),
      ptr_(backend.allocate(std::max<size_t>(nbytes, 1))),
      serial_(next_buffer_serial()) {}

Buffer::Buffer(Backend& backend, Device device, void* data, size_t nbytes, std::function<void()> release)
    : backend_(backend),
      device_(device),
      nbytes_(nbytes),
      ptr_(data),
      exported_(true),
      release_(std::move(release)),
      serial_(next_buffer_serial()) {}

Buffer::~Buffer() {
  if (release_)
    release_();
  else
    backend_.deallocate(ptr_, std::max<size_t>(nbytes_, 1));
}

void Buffer::add_pending_reader(const std::shared_ptr<ArrayImpl>& reader) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Drop readers that are gone or done once the list has doubled since the last sweep:
  // amortised O(1) per reader, however many are pending at once.
  if (readers_.size() >= prune_at_) {
    std::erase_if(readers_, [](const std::weak_ptr<ArrayImpl>& w) {
      auto p = w.lock();
      return !p || !p->node;
    });
    prune_at_ = std::max<size_t>(16, 2 * readers_.size());
  }
  readers_.push_back(reader);
}

void Buffer::flush_pending_readers() {
  std::vector<std::weak_ptr<ArrayImpl>> readers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    readers.swap(readers_);
  }
  for (auto& w : readers)
    if (auto p = w.lock(); p && p->node) evaluate(p);
}

// ---- array --------------------------------------------------------------------------

array::array(bool x) : array(scalar(Scalar(x), WeakKind::bool_)) {}
array::array(int x) : array(scalar(Scalar(x), WeakKind::int_)) {}
array::array(int64_t x) : array(scalar(Scalar(x), WeakKind::int_)) {}
array::array(double x) : array(scalar(Scalar(x), WeakKind::float_)) {}
array::array(std::complex<double> x) : array(scalar(Scalar(x), WeakKind::complex_)) {}

array array::from_host(const void* data, Shape shape, Dtype dtype, Strides strides, Device device) {
  for (auto d : shape)
    if (d < 0) throw value_error("[array] negative dimensions are not allowed");
  array out = make_empty(dtype, shape, device);
  if (out.nbytes() == 0) return out;
  if (strides.empty() || contiguous(shape, strides, metallic::itemsize(dtype), true)) {
    out.buffer()->backend().copy_from_host(out.data(), data, out.nbytes());
  } else {
    // Gather the strided host data into C order first.
    std::vector<char> tmp(out.nbytes());
    Operand src{const_cast<char*>(static_cast<const char*>(data)), dtype, strides};
    Operand dst{tmp.data(), dtype, c_strides(shape, metallic::itemsize(dtype))};
    backend_for(Device{}).copy(shape, src, dst);
    out.buffer()->backend().copy_from_host(out.data(), tmp.data(), out.nbytes());
  }
  return out;
}

array array::scalar(const Scalar& s, WeakKind weak, Device device) {
  auto node = std::make_shared<Node>();
  node->kind = NodeKind::constant;
  node->value = s;
  Dtype d = s.dtype;
  if (weak != WeakKind::none) d = weak_default(weak);
  if (weak == WeakKind::int_ && !is_integer(s.dtype)) d = Dtype::float64;  // beyond 64 bits
  if (weak == WeakKind::int_ && s.dtype == Dtype::uint64 && s.v.u > uint64_t{INT64_MAX}) d = Dtype::uint64;
  array a = make_pending(d, {}, device, std::move(node));
  a.impl_->weak = weak;
  return a;
}

Dtype array::dtype() const { return impl_->dtype; }
const Shape& array::shape() const { return impl_->shape; }
const Strides& array::strides() const { return impl_->strides; }
int64_t array::size() const { return shape_size(impl_->shape); }
int64_t array::offset() const { return impl_->offset; }
Device array::device() const { return impl_->device; }
WeakKind array::weak() const { return impl_->weak; }
bool array::is_pending() const { return impl_->node != nullptr; }
bool array::is_writeable() const { return impl_->writeable; }
void array::set_writeable(bool w) { impl_->writeable = w; }
bool array::is_c_contiguous() const {
  return contiguous(impl_->shape, impl_->strides, itemsize(), true);
}
bool array::is_f_contiguous() const {
  return contiguous(impl_->shape, impl_->strides, itemsize(), false);
}
bool array::shares_buffer(const array& other) const {
  eval();
  other.eval();
  return impl_->buffer == other.impl_->buffer;
}

const std::shared_ptr<Buffer>& array::buffer() const { return impl_->buffer; }
const std::shared_ptr<Node>& array::node() const { return impl_->node; }
char* array::data() const { return impl_->buffer->data() + impl_->offset; }

const array& array::eval() const {
  if (impl_->node) evaluate(impl_);
  return *this;
}

namespace {

void copy_out(const array& a, void* dst) {
  if (compute_to_host(a, dst)) return;
  a.eval();
  if (a.size() == 0) return;
  Backend& be = a.buffer()->backend();
  const Strides cs = c_strides(a.shape(), a.itemsize());
  if (a.is_c_contiguous()) {
    be.copy_to_host(dst, a.data(), a.nbytes());
  } else if (a.device().type == DeviceType::cpu) {
    be.copy(a.shape(), Operand{a.data(), a.dtype(), a.strides()}, Operand{static_cast<char*>(dst), a.dtype(), cs});
  } else {
    array tmp = make_empty(a.dtype(), a.shape(), a.device());
    be.copy(a.shape(), Operand{a.data(), a.dtype(), a.strides()}, Operand{tmp.data(), a.dtype(), cs});
    be.copy_to_host(dst, tmp.data(), a.nbytes());
  }
}

}  // namespace

void array::to_host(void* dst) const {
  copy_out(*this, dst);
  report_fp_events(false);  // the values are visible now: so is what computing them raised
}

Scalar array::item() const {
  if (size() != 1) throw value_error("can only convert an array of size 1 to a Python scalar");
  alignas(16) char bytes[16];
  to_host(bytes);
  Scalar s;
  s.dtype = dtype();
  switch (dtype()) {
    case Dtype::bool_:
      s.v.b = bytes[0] != 0;
      break;
#define MTL_INT(D, T)                 \
  case Dtype::D: {                    \
    T x;                              \
    std::memcpy(&x, bytes, sizeof x); \
    s.v.i = static_cast<int64_t>(x);  \
    break;                            \
  }
      MTL_INT(int8, int8_t)
      MTL_INT(int16, int16_t) MTL_INT(int32, int32_t) MTL_INT(int64, int64_t)
          MTL_INT(uint8, uint8_t) MTL_INT(uint16, uint16_t) MTL_INT(uint32, uint32_t)
#undef MTL_INT
              case Dtype::uint64 : std::memcpy(&s.v.u, bytes, 8);
      break;
    case Dtype::float16: {
      uint16_t h;
      std::memcpy(&h, bytes, 2);
      s.v.f = half::to_float(h);
      break;
    }
    case Dtype::float32: {
      float f;
      std::memcpy(&f, bytes, 4);
      s.v.f = f;
      break;
    }
    case Dtype::float64:
      std::memcpy(&s.v.f, bytes, 8);
      break;
    case Dtype::complex64: {
      float f[2];
      std::memcpy(f, bytes, 8);
      s.v.f = f[0];
      s.imag = f[1];
      break;
    }
    case Dtype::complex128: {
      double f[2];
      std::memcpy(f, bytes, 16);
      s.v.f = f[0];
      s.imag = f[1];
      break;
    }
  }
  return s;
}

array array::view(Shape shape, Strides strides, int64_t offset) const {
  check_size(shape, itemsize());
  eval();
  auto impl = std::make_shared<ArrayImpl>();
  impl->dtype = dtype();
  impl->shape = std::move(shape);
  impl->strides = std::move(strides);
  impl->offset = offset;
  impl->device = device();
  impl->writeable = impl_->writeable;
  impl->buffer = impl_->buffer;
  impl->base = owner_of(impl_);
  return array(std::move(impl));
}

array array::base() const { return impl_->base ? array(impl_->base) : array(); }

array as_owner(array v) {
  v.impl()->base.reset();
  return v;
}

void adopt_layout(const array& dst, const array& src) {
  std::lock_guard<std::recursive_mutex> lock(graph_mutex());
  dst.eval();
  write_barrier(dst);  // pending work reading dst's old layout runs first
  ArrayImpl& d = *dst.impl();
  const ArrayImpl& s = *src.impl();
  d.dtype = s.dtype;
  d.shape = s.shape;
  d.strides = s.strides;
  d.offset = s.offset;
  d.buffer = s.buffer;
  d.base = s.base.get() == &d ? nullptr : s.base;
}

array array::strong() const {
  if (weak() == WeakKind::none) return *this;
  auto impl = std::make_shared<ArrayImpl>(*impl_);
  impl->weak = WeakKind::none;
  return array(std::move(impl));
}

// ---- graph helpers ------------------------------------------------------------------

array make_empty(Dtype dtype, const Shape& shape, Device device) {
  const size_t isz = itemsize(dtype);
  check_size(shape, isz);
  const int64_t n = shape_size(shape);
  auto impl = std::make_shared<ArrayImpl>();
  impl->dtype = dtype;
  impl->shape = shape;
  impl->strides = c_strides(shape, isz);
  impl->device = device;
  Backend& be = backend_for(device);
  impl->buffer = std::make_shared<Buffer>(be, device, static_cast<size_t>(n) * isz);
  return array(std::move(impl));
}

std::recursive_mutex& graph_mutex() {
  static std::recursive_mutex m;
  return m;
}

bool lazy_enabled() {
  static const bool lazy = [] {
    const char* env = std::getenv("METALLIC_FUSION");
    return !(env && std::string(env) == "0");
  }();
  return lazy;
}

std::atomic<int64_t>& pending_bytes() {
  static std::atomic<int64_t> bytes{0};
  return bytes;
}

int64_t pending_limit() {
  static const int64_t limit = [] {
    const char* env = std::getenv("METALLIC_PENDING_LIMIT");
    return env && *env ? static_cast<int64_t>(std::strtoll(env, nullptr, 10)) : int64_t{16} << 30;
  }();
  return limit;
}

Node::~Node() { pending_bytes() -= bytes; }

namespace {
thread_local std::vector<std::vector<std::weak_ptr<ArrayImpl>>> captures;

void capture(const std::shared_ptr<ArrayImpl>& impl) {
  auto& list = captures.back();
  if (list.size() >= 1024 && list.size() == list.capacity())  // temporaries gone: dropped
    std::erase_if(list, [](const std::weak_ptr<ArrayImpl>& w) { return w.expired(); });
  list.push_back(impl);
}
}  // namespace

void begin_pending_capture() { captures.emplace_back(); }

void end_pending_capture(bool compute) {
  if (captures.empty()) return;
  std::vector<std::weak_ptr<ArrayImpl>> list = std::move(captures.back());
  captures.pop_back();
  if (!compute) return;
  for (const auto& w : list)  // in the order recorded: what a later one reads is computed first
    if (auto impl = w.lock(); impl && impl->node) array(impl).eval();
}

array make_pending(Dtype dtype, Shape shape, Device device, std::shared_ptr<Node> node) {
  check_size(shape, itemsize(dtype));
  std::lock_guard<std::recursive_mutex> lock(graph_mutex());
  auto impl = std::make_shared<ArrayImpl>();
  impl->dtype = dtype;
  impl->strides = c_strides(shape, itemsize(dtype));
  impl->shape = std::move(shape);
  impl->device = device;
  for (const auto& in : node->inputs) {
    if (in.is_pending()) {
      node->depth = std::max(node->depth, in.node()->depth + 1);
      in.impl()->pending_readers.push_back(impl);
    } else {
      in.buffer()->add_pending_reader(impl);
    }
  }
  const bool constant = node->kind == NodeKind::constant;
  node->fpmode = current_fp_mode();
  const bool eager = !constant && fp_eager(node->fpmode);
  bool reads_exported = false;
  for (const auto& in : node->inputs) reads_exported |= !in.is_pending() && in.buffer()->exported();
  node->bytes = shape_size(impl->shape) * static_cast<int64_t>(itemsize(dtype));
  const bool over = (pending_bytes() += node->bytes) > pending_limit();
  impl->node = std::move(node);
  if (over && !constant) ++eval_stats().pending_limit;
  if ((!lazy_enabled() || reads_exported || over || eager) && !constant) evaluate(impl);
  if (!captures.empty() && !constant && impl->node) capture(impl);
  if (eager) report_fp_events(true);  // a raising condition raises from the call causing it
  return array(std::move(impl));
}

Operand broadcast_operand(const array& a, const Shape& shape) {
  Operand op{a.data(), a.dtype(), Strides(shape.size(), 0)};
  const size_t off = shape.size() - a.shape().size();
  for (size_t i = 0; i < a.shape().size(); ++i)
    op.strides[off + i] = a.shape()[i] == 1 ? 0 : a.strides()[i];
  return op;
}

void write_barrier(const array& a) {
  a.eval();
  a.buffer()->flush_pending_readers();
  a.buffer()->count_write();
}

char* export_memory(const array& a) {
  write_barrier(a);  // pending readers take their snapshot before anyone else writes
  a.buffer()->mark_exported();
  a.buffer()->backend().synchronize();  // the consumer may read it on another stream
  report_fp_events(false);
  return a.data();
}

char* export_host_memory(const array& a) {
  if (a.device().type != DeviceType::cpu)
    throw value_error("[export] only CPU arrays live in host memory");
  return export_memory(a);
}

std::shared_ptr<void> host_copy(const array& a) {
  Backend& be = backend_for(a.device());
  const size_t n = a.nbytes();
  void* p = be.allocate_host(n);
  if (!p) return nullptr;
  std::shared_ptr<void> mem(p, [&be, n](void* q) { be.deallocate_host(q, n); });
  a.to_host(p);
  return mem;
}

array wrap_external(void* data, Dtype dtype, const Shape& shape, const Strides& strides, Device device,
                    std::function<void()> release) {
  // The buffer starts at the lowest byte the strides reach (negative strides point back).
  int64_t lo = 0, hi = static_cast<int64_t>(itemsize(dtype));
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 0) {
      lo = hi = 0;
      break;
    }
    (strides[d] < 0 ? lo : hi) += (shape[d] - 1) * strides[d];
  }
  auto impl = std::make_shared<ArrayImpl>();
  impl->dtype = dtype;
  impl->shape = shape;
  impl->strides = strides;
  impl->device = device;
  impl->offset = -lo;
  impl->buffer = std::make_shared<Buffer>(backend_for(device), device, static_cast<char*>(data) + lo,
                                          static_cast<size_t>(hi - lo), std::move(release));
  return array(std::move(impl));
}

}  // namespace metallic
